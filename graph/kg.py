"""The knowledge graph: a store plus the IRIs it is built with, and the operations every front door
shares (load, query, stats, export). The CLI, the API and the notebooks all go through this class.
It is handed an open store: opening one from the settings is the front doors' job (:mod:`egovkg.connect`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox
from pyoxigraph import NamedNode

from egovkg.errors import InputError
from graph.store import GraphResult, QueryResult, SelectResult, Store
from ontology import IRIs

if TYPE_CHECKING:  # the loaders (YAML, the extractor's vocabulary) are read only by a command that loads
    from loaders import LoadedSource

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
T = TypeVar("T")
#: formats without named graphs export the union of all graphs (provenance lives in the graph name)
TRIPLE_FORMATS = {"turtle"}


@dataclass(frozen=True)
class LoadedGraph:
    label: str
    graph: str
    quads: int


@dataclass(frozen=True)
class LoadReport:
    graphs: list[LoadedGraph]
    reset: bool

    @property
    def total(self) -> int:
        return sum(g.quads for g in self.graphs)


@dataclass(frozen=True)
class Stats:
    quads: int
    graphs: list[tuple[str, int]]
    sources: int
    systems: int
    links: int
    observations: int
    provinces_with_systems: int
    systems_by_kind: list[tuple[str, int]]


class KnowledgeGraph:
    def __init__(self, store: Store, iris: IRIs) -> None:
        self.store = store
        self.iris = iris
        self._derived: dict[Hashable, tuple[int, Any]] = {}

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept while the store's write counter stays where it was: what pages read from the
        whole graph (stats, coverage) is computed once per state of the store, not once per request. A store
        without a counter (a remote server, which others may write) computes it every time."""
        generation = self.store.generation
        if generation is None:
            return compute()
        kept = self._derived.get(key)
        if kept is not None and kept[0] == generation:
            return kept[1]
        value = compute()
        if self.store.generation == generation:  # not written meanwhile
            self._derived[key] = (generation, value)
        return value

    def close(self) -> None:
        self.store.close()

    # -- writing -------------------------------------------------------------------------------
    def load(self, sources: Sequence[LoadedSource], *, reset: bool = False) -> LoadReport:
        """Write validated sources; each replaces its graphs. All of it, or (on error) none of it.

        A source that is still in its file (``stream``, a large RDF file) is read as the store writes it; with
        ``reset`` it is read once before, so that a bad file is found while the store is still as it was."""
        graphs: dict[NamedNode, list] = {}
        streams = [source.stream for source in sources if source.stream is not None]
        for source in sources:
            if source.stream is not None:
                continue
            for g in source.graphs:
                graphs[g] = []
            for q in source.quads:
                graphs[q.graph_name].append(q)
        if reset:
            for stream in streams:
                if not sum(1 for _ in stream.quads()):  # read to its end: a bad line anywhere stops the load here
                    raise stream.empty()
            self.store.clear()
        counts = iter(self.store.replace_graphs(graphs, streams))
        report: list[LoadedGraph] = []
        for source in sources:
            if source.stream is None:
                report.extend(LoadedGraph(source.label, g.value, len(graphs[g])) for g in source.graphs)
                continue
            written, first = next(counts), source.stream.graph.value
            report.extend(LoadedGraph(source.label, g, written[g]) for g in sorted(written, key=lambda g: (g != first, g)))
        return LoadReport(report, reset)

    # -- reading -------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        row_cap: int | None = None,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
    ) -> QueryResult:
        return self.store.query(
            sparql, prefixes=self.iris.prefixes(), row_cap=row_cap,
            default_graphs=default_graphs, named_graphs=named_graphs,
        )

    def select(self, sparql: str) -> SelectResult:
        result = self.query(sparql)
        if not isinstance(result, SelectResult):
            raise InputError("expected a SELECT query")
        return result

    def stats(self) -> Stats:
        return self.derived("stats", self._stats)

    def _stats(self) -> Stats:
        graphs = [(g.value, self.store.count(g)) for g in self.store.named_graphs()]

        def one(q: str) -> int:
            return int(self.select(q).rows[0][0].value)

        by_kind = self.select(
            "SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s egov:layer ?l ; a ?k . "
            "FILTER(STRSTARTS(STR(?k), STR(egov:))) BIND(STRAFTER(STR(?k), '#') AS ?kind) } "
            "GROUP BY ?kind ORDER BY DESC(?n) ?kind"
        )
        return Stats(
            quads=sum(n for _, n in graphs),
            graphs=graphs,
            sources=one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a egov:Report }"),
            systems=one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?k . ?k rdfs:subClassOf* egov:InformationSystem }"),
            links=one("SELECT (COUNT(*) AS ?n) WHERE { ?a a egov:LinkAssertion }"),
            observations=one("SELECT (COUNT(*) AS ?n) WHERE { ?o a egov:Observation }"),
            provinces_with_systems=one(
                "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s egov:locatedIn ?p ; egov:layer ?l . ?p a egov:Province }"
            ),
            systems_by_kind=[(r[0].value, int(r[1].value)) for r in by_kind.rows],
        )

    def export(self, output: IO[bytes], fmt: str) -> None:
        """Write every quad (or, for Turtle, the union of all graphs as triples) to ``output``."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown export format '{fmt}' (one of {', '.join(EXPORT_FORMATS)})")
        rdf_format = EXPORT_FORMATS[fmt]
        prefixes = self.iris.prefixes() if fmt in ("turtle", "trig") else None
        if fmt in TRIPLE_FORMATS:
            union = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert isinstance(union, GraphResult)
            ox.serialize(union.triples, output, rdf_format, prefixes=prefixes)
        else:
            ox.serialize(self.store.quads(), output, rdf_format, prefixes=prefixes)
