"""The projection's vocabulary: node categories, the relation catalogue, and the values an edge, a
path step or a neighbourhood is made of. Plain data; :mod:`graph.network.read` fills it from the store and
:class:`graph.network.projection.Projection` holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

SYSTEM, ORGANISATION, ADMIN_UNIT = "system", "organisation", "admin-unit"

#: the relationship catalogue between systems: what neighbourhoods and paths follow by default
LINK_RELATIONS: frozenset[str] = frozenset({
    "exchangesDataVia", "connectsTo", "sendsDocumentsVia", "integratesWith", "queriesDataFrom",
    "synchronizesWith", "paysVia", "authenticatesVia", "signsWith", "hostedIn", "usesNetwork",
    "monitoredBy", "sharesSecurityDataWith", "feedsDataTo", "componentOf", "replacedBy",
    "predecessorOf", "consolidatedInto", "redirectsTo", "securedBy",
})
#: who owns, runs or builds a system, and which networks an agency is on
ORGANISATION_RELATIONS: frozenset[str] = frozenset({"ownedBy", "operatedBy", "developedBy", "connectedToNetwork"})
#: where things are: followed only when asked (every system of a province shares its province)
PLACE_RELATIONS: frozenset[str] = frozenset({"locatedIn", "partOf", "mergedInto"})

MAX_DEPTH = 6


@dataclass(frozen=True)
class Evidence:
    """Why an edge is there: one source that states it, with the details its assertion carries."""

    graph: str
    source: str | None = None        # IRI of the report (or file) the graph was derived from
    source_id: str | None = None     # short id of the report, e.g. quang-nam-2022
    title: str | None = None
    year: int | None = None          # the report's reference year
    as_of: str | None = None
    valid_from: str | None = None
    quote: str | None = None
    network: str | None = None       # IRI of the network carrying the link


@dataclass(frozen=True)
class Report:
    iri: str
    id: str
    title: str | None
    year: int | None
    issued: str | None
    province: str | None


@dataclass(frozen=True)
class EdgeRef:
    """One typed edge of the projection, with its evidence."""

    source: str
    target: str
    rel: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Neighbourhood:
    centre: str
    depth: int
    hops: dict[str, int]             # node key -> hops from the centre
    edges: list[EdgeRef]


@dataclass(frozen=True)
class Step:
    """One hop of a path: from ``source`` to ``target`` through every edge between them."""

    source: str
    target: str
    edges: tuple[tuple[str, bool], ...]  # (relation, stated in the direction of travel?)


@dataclass
class Classes:
    """The ontology's class tree, names and layers, as read from the store."""

    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    layers: dict[str, str] = field(default_factory=dict)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    _most_specific: dict[frozenset[str], str | None] = field(default_factory=dict)

    def ancestors(self, cls: str) -> frozenset[str]:
        """The class and every superclass of it."""
        if cls not in self._ancestors:
            seen: set[str] = set()
            stack = [cls]
            while stack:
                c = stack.pop()
                if c not in seen:
                    seen.add(c)
                    stack.extend(self.parents.get(c, ()))
            self._ancestors[cls] = frozenset(seen)
        return self._ancestors[cls]

    def descendants(self, root: str) -> set[str]:
        every = set(self.parents) | {p for ps in self.parents.values() for p in ps}
        return {c for c in every if root in self.ancestors(c)}

    def most_specific(self, classes: Iterable[str]) -> str | None:
        cs = frozenset(classes)
        if cs not in self._most_specific:
            leaves = [c for c in cs if not any(c != o and c in self.ancestors(o) for o in cs)]
            self._most_specific[cs] = min(leaves, key=lambda c: (-len(self.ancestors(c)), c)) if leaves else None
        return self._most_specific[cs]

    def label(self, cls: str, lang: str = "en") -> str:
        for kind, text, text_lang in self.names.get(cls, ()):
            if kind == "label" and text_lang == lang:
                return text
        return cls.rsplit("#", 1)[-1]

    def layer(self, cls: str) -> str | None:
        """The layer of the nearest class (the class itself, then its superclasses) that declares one."""
        for c in sorted(self.ancestors(cls), key=lambda c: -len(self.ancestors(c))):
            if c in self.layers:
                return self.layers[c]
        return None
