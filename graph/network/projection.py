"""The networkx projection of the knowledge graph: which systems link to which.

Nodes are the systems (every subclass of ``egov:InformationSystem``: platforms, databases,
infrastructure, portals, …), the organisations and the administrative units. Every object property
of the ontology that holds between two nodes becomes a typed, directed edge of a ``MultiDiGraph``
(one edge per subject, relation and object) that keeps its evidence: each named graph that states
it, and for stated links the ``egov:LinkAssertion`` details (the report it was derived from,
``egov:asOf``, ``egov:validFrom``, the network carrying it and the report's own words).

Built from a handful of SPARQL queries answered by the store (never rdflib's Python evaluator).
Inverse properties are stored once, in the direction the ontology declares first
(``hasComponent`` becomes ``componentOf`` the other way round; ``replaces`` becomes ``replacedBy``),
so one fact stated either way is one edge.

Node keys are IRIs. Ids in URLs and the API are short: the part after ``<base>id/system/`` for
systems (``quang-nam/qoffice``, ``ndxp``), the part after ``<base>id/`` for the rest
(``org/quang-nam/ubnd``, ``province/quang-nam``).

This module only reads the store.
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from egovkg.errors import NotFoundError, ParameterError
from graph.network.model import (ADMIN_UNIT, LINK_RELATIONS, MAX_DEPTH, ORGANISATION, SYSTEM, Classes, EdgeRef, Neighbourhood, Report, Step)
from graph.network.read import read_projection

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph
    from ontology import IRIs

log = logging.getLogger("egovkg.projection")

T = TypeVar("T")

@contextmanager
def without_collector() -> Iterator[None]:
    """Python's cyclic garbage collector off while building or reading a large graph of objects that are not garbage
    (it is process-wide: another thread's collections wait too; on again after, if it was on before)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Projection:
    """The graph of nodes and typed edges, plus what search and views need to name them."""

    def __init__(self, graph: nx.MultiDiGraph, iris: "IRIs", classes: Classes, relations: dict[str, dict],
                 reports: dict[str, Report]) -> None:
        self.graph = graph
        self.iris = iris
        self.classes = classes
        #: relation local name -> {"iri", "label", "label_vi", "symmetric"}
        self.relations = relations
        self.reports = reports

    def __getstate__(self) -> dict[str, Any]:  # what the cache file keeps: the data, and of the derived caches only
        # the two graphs paths and impact walk (graph.network.impact), when derived already
        keep = ("graph", "iris", "classes", "relations", "reports", "_flow_graph", "_dependency_graph")
        return {k: self.__dict__[k] for k in keep if k in self.__dict__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def derived(self, name: str, build: "Callable[[Projection], T]") -> T:
        """What ``build`` computes from this projection (a graph to walk, an index), computed once and kept
        on it as ``name``; ``__getstate__`` says which of these the cache file keeps."""
        if name not in self.__dict__:
            self.__dict__[name] = build(self)
        return self.__dict__[name]

    # -- building --------------------------------------------------------------------------------
    @classmethod
    def build(cls, kg: "KnowledgeGraph") -> "Projection":
        """The projection of what ``kg`` holds. The collector is off meanwhile: it would walk the half-built graph
        (a million objects at 1 M quads, none of them garbage) again and again, 1.4 s of 6.5 at 1 M quads."""
        with without_collector():
            return cls(*read_projection(kg))

    # -- ids ---------------------------------------------------------------------------------------
    def short_id(self, iri: str) -> str:
        systems = self.iris.base + "id/system/"
        if iri.startswith(systems):
            return iri[len(systems):]
        return self.iris.local(iri) or iri

    def key(self, ident: str) -> str:
        """The node key (IRI) of a short id or an IRI; NotFoundError naming it when there is none."""
        ident = ident.strip().strip("/")
        candidates = [ident] if "://" in ident else [self.iris.base + "id/system/" + ident, self.iris.base + "id/" + ident]
        for c in candidates:
            if c in self.graph:
                return c
        raise NotFoundError(f"no system or other node with id '{ident}'").shown_as("errors.no-node", id=ident)

    def system_key(self, ident: str) -> str:
        key = self.key(ident)
        category = self.graph.nodes[key]["category"]
        if category != SYSTEM:
            what = {ORGANISATION: "an organisation", ADMIN_UNIT: "an administrative unit"}.get(category, category)
            raise NotFoundError(f"no system with id '{ident}' ('{ident}' is {what})").shown_as(
                "errors.not-a-system", id=ident)
        return key

    def node(self, key: str) -> dict[str, Any]:
        return self.graph.nodes[key]

    def systems(self) -> Iterator[str]:
        return (n for n, d in self.graph.nodes(data=True) if d["category"] == SYSTEM)

    @cached_property
    def kinds(self) -> frozenset[str]:
        """Local names of every system kind (the classes under egov:InformationSystem)."""
        root = self.iris.term("InformationSystem").value
        return frozenset(c.rsplit("#", 1)[-1] for c in self.classes.descendants(root))

    @cached_property
    def layers(self) -> frozenset[str]:
        return frozenset(self.classes.layers.values()) | {
            layer for _, d in self.graph.nodes(data=True) for layer in d.get("layers", ())}

    @cached_property
    def provinces(self) -> dict[str, str]:
        """Province slug -> its label, for every administrative unit under id/province/."""
        prefix = self.iris.base + "id/province/"
        return {k[len(prefix):]: d["label"] for k, d in self.graph.nodes(data=True) if k.startswith(prefix)}

    def is_kind(self, key: str, kind: str) -> bool:
        """Whether the node is of ``kind`` (a class local name) or of a subclass of it."""
        own = self.graph.nodes[key].get("kind")
        ns = self.iris.ontology_ns
        return bool(own) and ns + kind in self.classes.ancestors(ns + own)

    def check_relations(self, relations: Iterable[str] | None) -> frozenset[str]:
        """The given relation names, checked against the ontology; LINK_RELATIONS when None."""
        if relations is None:
            return LINK_RELATIONS
        chosen = frozenset(relations)
        unknown = sorted(chosen - set(self.relations))
        if unknown:
            raise ParameterError(f"unknown relation(s) {', '.join(unknown)} (object properties of the ontology, e.g. connectsTo)",
                                 parameter="rel")
        return chosen

    # -- edges -------------------------------------------------------------------------------------
    def edge_ref(self, u: str, v: str, rel: str) -> EdgeRef:
        return EdgeRef(u, v, rel, tuple(self.graph.edges[u, v, rel]["evidence"]))

    def edges_of(self, key: str, relations: frozenset[str] | None = None) -> list[EdgeRef]:
        """Every edge into or out of ``key`` (all relations when None)."""
        out = [self.edge_ref(key, v, r) for _, v, r in self.graph.out_edges(key, keys=True)]
        inc = [self.edge_ref(u, key, r) for u, _, r in self.graph.in_edges(key, keys=True)]
        return [e for e in out + inc if relations is None or e.rel in relations]

    def _adjacent(self, key: str, relations: frozenset[str]) -> Iterator[str]:
        for _, v, r in self.graph.out_edges(key, keys=True):
            if r in relations:
                yield v
        for u, _, r in self.graph.in_edges(key, keys=True):
            if r in relations:
                yield u

    def edges_among(self, keys: Iterable[str], relations: frozenset[str] | None = None) -> list[EdgeRef]:
        inside = set(keys)
        return [self.edge_ref(u, v, r) for u, v, r in self.graph.subgraph(inside).edges(keys=True)
                if relations is None or r in relations]

    # -- relationship queries ------------------------------------------------------------------------
    def neighbourhood(self, key: str, depth: int = 1, relations: Iterable[str] | None = None) -> Neighbourhood:
        """Every node within ``depth`` hops of ``key`` (edges followed both ways), and the edges among them."""
        if not 1 <= depth <= MAX_DEPTH:
            raise ParameterError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}", parameter="depth").shown_as(
                "errors.depth", max=MAX_DEPTH, depth=depth)
        rels = self.check_relations(relations)
        hops = {key: 0}
        queue = deque([key])
        while queue:
            n = queue.popleft()
            if hops[n] == depth:
                continue
            for m in self._adjacent(n, rels):
                if m not in hops:
                    hops[m] = hops[n] + 1
                    queue.append(m)
        return Neighbourhood(key, depth, hops, self.edges_among(hops, rels))

    @cached_property
    def _link_graph(self) -> nx.Graph:
        return self.undirected(LINK_RELATIONS)

    def undirected(self, relations: frozenset[str]) -> nx.Graph:
        """A simple undirected graph of the given relations (nodes without such edges left out)."""
        h = nx.Graph()
        h.add_edges_from((u, v) for u, v, r in self.graph.edges(keys=True) if r in relations and u != v)
        return h

    def paths(self, source: str, target: str, *, limit: int = 5, max_length: int = 8,
              relations: Iterable[str] | None = None, directed: bool = False) -> list[list[Step]]:
        """Up to ``limit`` shortest simple paths of at most ``max_length`` hops, shortest first.

        Edges are followed both ways unless ``directed``; each step lists every edge between its two
        nodes and whether it is stated in the direction of travel.
        """
        if not 1 <= limit <= 50:
            raise ParameterError(f"limit must be between 1 and 50, not {limit}", parameter="limit")
        if not 1 <= max_length <= 20:
            raise ParameterError(f"max_length must be between 1 and 20, not {max_length}", parameter="max_length")
        rels = self.check_relations(relations)
        if source == target:
            return []
        if directed:
            h: nx.Graph = nx.DiGraph()
            h.add_edges_from((u, v) for u, v, r in self.graph.edges(keys=True) if r in rels and u != v)
        else:
            h = self._link_graph if rels == LINK_RELATIONS else self.undirected(rels)
        if source not in h or target not in h:
            return []
        found: list[list[Step]] = []
        try:
            for nodes in nx.shortest_simple_paths(h, source, target):
                if len(nodes) - 1 > max_length or len(found) >= limit:
                    break
                found.append([self._step(a, b, rels, directed) for a, b in zip(nodes, nodes[1:])])
        except nx.NetworkXNoPath:
            pass
        return found

    def _step(self, a: str, b: str, rels: frozenset[str], directed: bool) -> Step:
        edges: list[tuple[str, bool]] = []
        for u, v in ((a, b), (b, a)) if not directed else ((a, b),):
            data = self.graph.get_edge_data(u, v) or {}
            edges.extend((r, u == a) for r in sorted(data) if r in rels)
        return Step(a, b, tuple(edges))
