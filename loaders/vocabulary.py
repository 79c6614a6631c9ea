"""What a source file may name: the kinds, relations, measures, code lists and national individuals
that the ontology defines. Built once from the ontology files, so validation never hard-codes terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from ontology import IRIs, admin_unit_quads, terminology_quads


@dataclass(frozen=True)
class Vocabulary:
    iris: IRIs
    system_kinds: frozenset[str]        # local names of classes under egov:InformationSystem
    organization_kinds: frozenset[str]  # local names of classes under egov:Organization
    relations: frozenset[str]           # local names of object properties
    measures: frozenset[str]            # measure slugs
    statuses: frozenset[str]            # status slugs
    levels: frozenset[str]              # administrative level slugs
    national_systems: frozenset[str]    # slugs of id/system/<slug>
    national_agencies: frozenset[str]   # slugs of id/org/<slug>
    provinces: frozenset[str]           # province slugs
    kind_layers: dict[str, str]         # class local name → layer IRI (own or inherited egov:inLayer)

    def suggest(self, name: str, options: frozenset[str]) -> str:
        import difflib

        close = difflib.get_close_matches(name, sorted(options), n=3)
        return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


@cache
def vocabulary_for(iris: IRIs) -> Vocabulary:
    store = ox.Store()
    store.extend(terminology_quads(iris))
    store.extend(admin_unit_quads(iris))
    ns = iris.ontology_ns
    ids = iris.base + "id/"
    q = lambda body: store.query(body, use_default_graph_as_union=True, prefixes=iris.prefixes())  # noqa: E731

    def locals_of(body: str, prefix: str) -> frozenset[str]:
        return frozenset(
            row[0].value[len(prefix):] for row in q(body) if row[0].value.startswith(prefix) and "/" not in row[0].value[len(prefix):]
        )

    parents: dict[str, list[str]] = {}
    for row in q("SELECT ?c ?s WHERE { ?c rdfs:subClassOf ?s FILTER(isIRI(?s)) }"):
        parents.setdefault(row[0].value, []).append(row[1].value)
    own_layer = {row[0].value: row[1].value for row in q("SELECT ?c ?l WHERE { ?c egov:inLayer ?l }")}
    kind_layers: dict[str, str] = {}
    for cls in set(parents) | set(own_layer):
        # nearest egov:inLayer up the superclass chain (breadth first)
        frontier, seen = [cls], set()
        while frontier and cls not in kind_layers:
            nxt = []
            for c in frontier:
                if c in own_layer:
                    kind_layers[cls] = own_layer[c]
                    break
                seen.add(c)
                nxt.extend(p for p in parents.get(c, []) if p not in seen)
            frontier = nxt
    kind_layers = {c[len(ns):]: layer for c, layer in kind_layers.items() if c.startswith(ns)}

    return Vocabulary(
        iris=iris,
        system_kinds=locals_of("SELECT ?c WHERE { ?c rdfs:subClassOf* egov:InformationSystem }", ns),
        organization_kinds=locals_of("SELECT ?c WHERE { ?c rdfs:subClassOf* egov:Organization }", ns),
        relations=locals_of("SELECT ?p WHERE { ?p a owl:ObjectProperty }", ns),
        measures=locals_of("SELECT ?m WHERE { ?m a egov:Measure }", ids + "measure/"),
        statuses=locals_of("SELECT ?s WHERE { ?s a egov:DeploymentStatus }", ids + "status/"),
        levels=locals_of("SELECT ?s WHERE { ?s a egov:AdministrativeLevel }", ids + "level/"),
        national_systems=locals_of("SELECT ?s WHERE { ?s a ?c . ?c rdfs:subClassOf* egov:InformationSystem }", ids + "system/"),
        national_agencies=locals_of("SELECT ?s WHERE { ?s a ?c . ?c rdfs:subClassOf* egov:Organization }", ids + "org/"),
        provinces=locals_of("SELECT ?s WHERE { ?s a egov:Province }", ids + "province/"),
        kind_layers=kind_layers,
    )
