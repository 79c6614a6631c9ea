"""What depends on a system, directly or transitively, and what loses its reach to the national level
if it goes down.

Dependency follows the meaning of each relation. For a stated edge ``S rel O``:

============================  ===================  ===========  =================================
relation                      who depends on whom  transitive?  why
============================  ===================  ===========  =================================
exchangesDataVia              S on O               yes          S shares data only through the platform
connectsTo                    S on O               yes          LGSP → NDXP: the LGSP's national reach is O
sendsDocumentsVia             S on O               yes          documents leave S only through the axis
queriesDataFrom               S on O               yes          S reads its data from O
hostedIn                      S on O               yes          S runs in the data centre
usesNetwork                   S on O               yes          S's traffic rides on the network
componentOf                   S on O               yes          a part does not run without its whole
redirectsTo                   S on O               yes          S sends its users on to O
connectedToNetwork            S on O               yes          the agency reaches others over it
feedsDataTo                   O on S               yes          O is fed by S: the receiver depends
integratesWith,               lower level on       yes          a provincial portal on the NPSP
synchronizesWith (symmetric)  higher level
  … between equals            each on the other    no           mutual, but a failure does not spread
signsWith, authenticatesVia,  S on O               no           S loses signing, log-in, payment,
paysVia, monitoredBy,                                           monitoring or protection, but keeps
securedBy,                                                      running, so its own dependants are
sharesSecurityDataWith,                                         not affected
operatedBy
anything else                 no dependency                     ownedBy, locatedIn, replacedBy, …
============================  ===================  ===========  =================================

"Transitive" means a failure spreads on: if the LGSP fails, whatever exchanges data via the LGSP is
affected, and so is whatever depends on that in turn. A direct-only dependant is affected, and the
failure stops there. A system *reaches the national level* when it has a chain of transitive
dependencies ending at a national system; the impact report flags the systems that had such a chain
and have none left without the failed system.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graph.network.model import SYSTEM, Step
from graph.network.projection import Projection

Direction = Literal["forward", "reverse", "by-level"]


@dataclass(frozen=True)
class Dependency:
    direction: Direction  # forward: S depends on O; reverse: O depends on S; by-level: see the table
    transitive: bool


_FORWARD = Dependency("forward", True)
_DIRECT = Dependency("forward", False)

#: relation local name -> how it makes one node depend on another (the table above)
DEPENDENCIES: dict[str, Dependency] = {
    "exchangesDataVia": _FORWARD, "connectsTo": _FORWARD, "sendsDocumentsVia": _FORWARD,
    "queriesDataFrom": _FORWARD, "hostedIn": _FORWARD, "usesNetwork": _FORWARD, "componentOf": _FORWARD,
    "redirectsTo": _FORWARD, "connectedToNetwork": _FORWARD,
    "feedsDataTo": Dependency("reverse", True),
    "integratesWith": Dependency("by-level", True), "synchronizesWith": Dependency("by-level", True),
    "signsWith": _DIRECT, "authenticatesVia": _DIRECT, "paysVia": _DIRECT, "monitoredBy": _DIRECT,
    "securedBy": _DIRECT, "sharesSecurityDataWith": _DIRECT, "operatedBy": _DIRECT,
}


@dataclass(frozen=True)
class Affected:
    key: str
    depth: int                  # dependency hops from the failed node
    via: tuple[str, str, str]   # the stated edge (source, relation, target) that makes it depend
    transitive: bool            # affected through a chain that passes the failure on
    loses_national_reach: bool


@dataclass(frozen=True)
class Impact:
    key: str
    affected: list[Affected]

    @property
    def keys(self) -> list[str]:
        return [a.key for a in self.affected]


def _level(projection: Projection, key: str) -> int:
    d = projection.node(key)
    if d["category"] != SYSTEM:
        return 1
    return 2 if d.get("national") else 1


def dependency_graph(projection: Projection) -> nx.DiGraph:
    """X → Y when X depends on Y; each edge keeps the stated edge behind it and whether it is transitive."""
    return projection.derived("_dependency_graph", _build_dependency_graph)


def _build_dependency_graph(projection: Projection) -> nx.DiGraph:
    d = nx.DiGraph()
    for s, o, rel in projection.graph.edges(keys=True):
        dep = DEPENDENCIES.get(rel)
        if dep is None or s == o:
            continue
        pairs: list[tuple[str, str, bool]]
        if dep.direction == "forward":
            pairs = [(s, o, dep.transitive)]
        elif dep.direction == "reverse":
            pairs = [(o, s, dep.transitive)]
        else:
            ls, lo = _level(projection, s), _level(projection, o)
            if ls == lo:
                pairs = [(s, o, False), (o, s, False)]
            else:
                pairs = [(s, o, True)] if ls < lo else [(o, s, True)]
        for a, b, transitive in pairs:
            # keep the strongest reason when two relations make the same dependency
            if not d.has_edge(a, b) or (transitive and not d.edges[a, b]["transitive"]):
                d.add_edge(a, b, transitive=transitive, stated=(s, rel, o))
    return d


def national_reach(projection: Projection, dependencies: nx.DiGraph, *, without: str | None = None) -> set[str]:
    """Nodes with a chain of transitive dependencies to a national system (national ones included)."""
    national = [n for n in dependencies if projection.node(n).get("national") and n != without]
    reached = set(national)
    queue = deque(national)
    while queue:
        n = queue.popleft()
        for m in dependencies.predecessors(n):
            if m != without and m not in reached and dependencies.edges[m, n]["transitive"]:
                reached.add(m)
                queue.append(m)
    return reached


def impact(projection: Projection, key: str) -> Impact:
    """Everything that depends on ``key``, nearest first (breadth-first over dependants)."""
    deps = dependency_graph(projection)
    if key not in deps:
        return Impact(key, [])
    found: dict[str, Affected] = {}
    spreads: set[str] = {key}
    queue = deque([(key, 0)])
    while queue:
        n, depth = queue.popleft()
        for m in deps.predecessors(n):
            if m == key:
                continue
            edge = deps.edges[m, n]
            carries = edge["transitive"]
            if m not in found or (carries and not found[m].transitive):
                found[m] = Affected(m, depth + 1 if m not in found else found[m].depth, edge["stated"], carries, False)
            if carries and m not in spreads:
                spreads.add(m)
                queue.append((m, depth + 1))
    before = national_reach(projection, deps)
    after = national_reach(projection, deps, without=key)
    affected = [
        Affected(a.key, a.depth, a.via, a.transitive, a.key in before and a.key not in after)
        for a in found.values()
    ]
    affected.sort(key=lambda a: (a.depth, not a.loses_national_reach, projection.node(a.key)["id"]))
    return Impact(key, affected)


@dataclass(frozen=True)
class FailurePoint:
    key: str
    cut_off: int       # systems that lose their national reach when it fails
    dependants: int    # systems affected at all (directly or transitively)


def single_points_of_failure(projection: Projection, *, limit: int = 20) -> list[FailurePoint]:
    """Systems whose failure cuts others off from the national level, worst first.

    One impact computation per system that has dependants: fine for a province or the bundled
    data; on a national-scale graph, restrict the candidates (e.g. to the integration layer) first.
    """
    deps = dependency_graph(projection)
    points = []
    for key in deps:
        if projection.node(key)["category"] != SYSTEM or deps.in_degree(key) == 0:
            continue
        result = impact(projection, key)
        systems = [a for a in result.affected if projection.node(a.key)["category"] == SYSTEM]
        cut = sum(a.loses_national_reach for a in systems)
        if cut:
            points.append(FailurePoint(key, cut, len(systems)))
    points.sort(key=lambda p: (-p.cut_off, -p.dependants, projection.node(p.key)["id"]))
    return points[:limit]


# -- paths that mean something -------------------------------------------------------------------------
#: relation -> which way data or documents move along a stated edge ``S rel O``: "both" (an exchange, a
#: connection, an axis that carries documents either way), "forward" (S to O) or "reverse" (O to S).
#: These are the dependencies of the table above that carry data or documents; where a system runs
#: (hostedIn, usesNetwork), what it is part of (componentOf), where it sends users (redirectsTo), services
#: it only calls (signsWith, authenticatesVia, paysVia, monitoredBy, securedBy), succession (replacedBy,
#: predecessorOf, consolidatedInto) and location (locatedIn) move no data between the systems, so a path
#: never walks along them.
FLOWS: dict[str, Literal["both", "forward", "reverse"]] = {
    "exchangesDataVia": "both", "connectsTo": "both", "sendsDocumentsVia": "both", "integratesWith": "both",
    "synchronizesWith": "both", "sharesSecurityDataWith": "both",
    "feedsDataTo": "forward", "queriesDataFrom": "reverse",
}


def flow_graph(projection: Projection) -> nx.DiGraph:
    """A → B when data or documents move from A to B over a stated edge; cached on the projection."""
    return projection.derived("_flow_graph", _build_flow_graph)


def _build_flow_graph(projection: Projection) -> nx.DiGraph:
    g = nx.DiGraph()
    for s, o, rel in projection.graph.edges(keys=True):
        way = FLOWS.get(rel)
        if way is None or s == o:
            continue
        if way in ("both", "forward"):
            g.add_edge(s, o)
        if way in ("both", "reverse"):
            g.add_edge(o, s)
    return g


@dataclass(frozen=True)
class FlowPath:
    steps: list[Step]  # each lists the stated edges between its two nodes, and whether each runs the way the data moves
    hops: int
    shortest: bool  # as short as the shortest; otherwise a longer alternative


def flow_paths(projection: Projection, source: str, target: str, *, limit: int = 3, longer_by: int = 2) -> list[FlowPath]:
    """Paths along which data or documents can move from ``source`` to ``target``, shortest first: at most
    ``limit``, and none more than ``longer_by`` hops longer than the shortest."""
    g = flow_graph(projection)
    if source == target or source not in g or target not in g:
        return []
    found: list[FlowPath] = []
    try:
        for nodes in nx.shortest_simple_paths(g, source, target):
            hops = len(nodes) - 1
            if len(found) >= limit or (found and hops > found[0].hops + longer_by):
                break
            steps = []
            for a, b in zip(nodes, nodes[1:]):
                edges = [(r, True) for r in sorted(projection.graph.get_edge_data(a, b) or {}) if FLOWS.get(r) in ("both", "forward")]
                edges += [(r, False) for r in sorted(projection.graph.get_edge_data(b, a) or {}) if FLOWS.get(r) in ("both", "reverse")]
                steps.append(Step(a, b, tuple(edges)))
            found.append(FlowPath(steps, hops, not found or hops == found[0].hops))
    except nx.NetworkXNoPath:
        pass
    return found
