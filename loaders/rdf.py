"""RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) to quads.

Triples go into one named graph per file (``<base>graph/file/<name>``); a quad format keeps its own
named graphs, and its default-graph triples go to the file's graph. A PROV record of the file is
added to the file's graph. Syntax errors name the file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from egovkg.errors import DataFileError
from loaders.source import LoadedSource, SourceRecord
from ontology import DCTERMS, IRIs, PROV, RDF, RDFS, rebase, stable_blank_nodes

FORMATS: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}

def file_slug(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")
    return stem or "file"


def read_rdf(path: Path, iris: IRIs) -> LoadedSource:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataFileError(f"unknown file type '{path.suffix}' (expected one of {', '.join(sorted(FORMATS))}, or .yaml)", path=path)
    graph = iris.graph("file", file_slug(path))
    try:
        with path.open("rb") as fh:
            parsed = list(parse(fh, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise DataFileError(f"not valid {fmt.name.replace('_', '-')}: {exc.msg}", path=path, line=exc.lineno) from None
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", path=path) from None
    except ValueError as exc:
        raise DataFileError(f"cannot parse: {exc}", path=path) from None
    quads: list[Quad] = []
    extra: set[str] = set()
    for item in parsed:
        if isinstance(item, Triple):
            quads.append(Quad(item.subject, item.predicate, item.object, graph))
        elif isinstance(item.graph_name, DefaultGraph):
            quads.append(Quad(item.subject, item.predicate, item.object, graph))
        else:
            quads.append(item)
            extra.add(item.graph_name.value)
    quads = list(stable_blank_nodes(rebase(quads, iris.base), str(path.resolve())))
    if not quads:
        raise DataFileError("the file holds no triples", path=path)
    source = iris.id("source", "file", file_slug(path))
    for p, o in (
        (RDF + "type", NamedNode(PROV + "Entity")),
        (RDFS + "label", Literal(path.name)),
        (DCTERMS + "title", Literal(path.name)),
        (DCTERMS + "format", Literal(fmt.media_type)),
    ):
        quads.append(Quad(source, NamedNode(p), o, graph))
    quads.append(Quad(graph, NamedNode(PROV + "wasDerivedFrom"), source, graph))
    return LoadedSource(
        graph=graph,
        quads=quads,
        record=SourceRecord(id=f"file/{file_slug(path)}", title=path.name),
        path=path,
        extra_graphs=[NamedNode(g) for g in sorted(extra) if g != graph.value],
    )
