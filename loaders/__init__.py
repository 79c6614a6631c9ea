"""Loaders: one module per kind of source, each a function from a source to quads and a record.

The registry (:func:`read_source`) picks the loader by file type. :func:`bundled_sources` lists what
``egovkg load`` loads with no argument: the ontology, the administrative units and every curated
file in ``data/``. Loaders only read; writing is the store's job.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Callable, Iterable
from pathlib import Path

from egovkg.errors import DataFileError
from loaders.facts import read_facts
from loaders.rdf import FORMATS, read_rdf
from loaders.source import LoadedSource, SourceRecord
from loaders.vocabulary import Vocabulary, vocabulary_for
from ontology import IRIs, admin_unit_quads, rule_quads, terminology_quads

__all__ = [
    "LoadedSource", "SourceRecord", "Vocabulary", "bundled_data_dir", "bundled_sources", "read_source",
    "read_sources", "vocabulary_for",
]

FACTS_SUFFIXES = (".yaml", ".yml")


def bundled_data_dir() -> Path:
    """The curated facts ``egovkg load`` loads with no argument: ``data/`` of the source tree when the project
    runs from one (a clone, an editable install), else the copy a ``pip install`` put under
    ``<prefix>/share/egovkg/data`` (``pyproject.toml``: ``[tool.setuptools.data-files]``)."""
    source = Path(__file__).resolve().parent.parent / "data"
    if source.is_dir():
        return source
    for prefix in (sysconfig.get_path("data"), sys.prefix, sysconfig.get_path("data", f"{os.name}_user")):
        installed = Path(prefix) / "share" / "egovkg" / "data"
        if installed.is_dir():
            return installed
    return source


def read_source(path: Path, iris: IRIs) -> LoadedSource:
    if not path.exists():
        raise DataFileError("no such file", path=path)
    if path.is_dir():
        raise DataFileError("is a folder; give the files, e.g. data/*.yaml", path=path)
    if path.suffix.lower() in FACTS_SUFFIXES:
        return read_facts(path, vocabulary_for(iris))
    if path.suffix.lower() in FORMATS:
        return read_rdf(path, iris)
    raise DataFileError(
        f"unknown file type '{path.suffix}' (curated facts: .yaml; RDF: {', '.join(sorted(FORMATS))})", path=path
    )


def read_sources(
    paths: Iterable[Path], iris: IRIs, *, on_read: Callable[[Path], None] | None = None
) -> list[LoadedSource]:
    """Read and validate every path before anything is written; the first error stops it all."""
    sources = []
    for p in paths:
        sources.append(read_source(Path(p), iris))
        if on_read is not None:
            on_read(Path(p))
    seen: dict[str, LoadedSource] = {}
    for source in sources:
        for g in source.graphs:
            if g.value in seen:
                raise DataFileError(
                    f"writes the graph <{g.value}> that {seen[g.value].label} also writes (two files with one source id?)",
                    path=source.path,
                )
            seen[g.value] = source
    return sources


def reference_sources(iris: IRIs) -> list[LoadedSource]:
    """The ontology, the administrative units and the compliance rules, each in its own graph."""
    return [
        LoadedSource(iris.ontology_graph, terminology_quads(iris), SourceRecord(id="ontology", title="egovkg ontology")),
        LoadedSource(iris.admin_units_graph, admin_unit_quads(iris),
                     SourceRecord(id="admin-units", title="Administrative units before and after the 2025 reform")),
        LoadedSource(iris.rules_graph, rule_quads(iris),
                     SourceRecord(id="rules", title="Compliance rules of the national architecture framework")),
    ]


def bundled_sources(iris: IRIs) -> list[LoadedSource]:
    files = sorted(bundled_data_dir().glob("*.yaml"))
    return reference_sources(iris) + read_sources(files, iris)
