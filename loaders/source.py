"""What every loader returns: the quads of one source, its named graph and its record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from typing import Any

from pyoxigraph import NamedNode, Quad


@dataclass(frozen=True)
class SourceRecord:
    """The report (or file) a set of facts came from."""

    id: str
    title: str
    province: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issued: str | None = None
    publisher: str | None = None
    kind: str | None = None
    url: str | None = None
    document: str | None = None
    seed: str | None = None
    text: str | None = None             # path under shared/reports
    language: str | None = None
    origin: str | None = None           # original | machine-translation | vendor


@dataclass
class LoadedSource:
    """One source ready to be written: each graph in ``graphs`` replaces the stored graph of that name.

    A large RDF file is not read here: ``stream`` (a :class:`loaders.rdf.RdfFile`) is, and ``quads`` is empty;
    the graphs it writes beyond ``graph`` are known once the store has read it."""

    graph: NamedNode
    quads: list[Quad]
    record: SourceRecord | None = None
    path: Path | None = None
    #: every graph the source writes (a TriG or N-Quads file may carry several); defaults to ``graph``
    extra_graphs: list[NamedNode] = field(default_factory=list)
    #: the quads still in their file, read by the store as it writes them (a loaders.rdf.RdfFile)
    stream: Any = None

    @property
    def graphs(self) -> list[NamedNode]:
        return [self.graph, *self.extra_graphs]

    @property
    def label(self) -> str:
        return str(self.path) if self.path else self.graph.value
