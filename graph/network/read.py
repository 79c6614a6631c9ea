"""The SPARQL that reads the networkx projection (:mod:`graph.network.projection`) out of the store.

Eleven SELECTs, each answered natively by the store; Python only assembles the answers. Node classes
are worked out from the ontology's class tree first, so the node queries can name them in a
``VALUES`` block instead of walking ``rdfs:subClassOf*`` per triple (see design.md, Store).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.units import read_units, successor_on
from graph.network.model import ADMIN_UNIT, ORGANISATION, SYSTEM, Classes, Evidence, Report
from graph.network.names import CURATED, Name, names_by_rule, source_rank

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph
    from ontology import IRIs

Q_CLASSES = """
SELECT ?c ?super WHERE { ?c a owl:Class . FILTER(isIRI(?c))
  OPTIONAL { ?c rdfs:subClassOf ?super . FILTER(isIRI(?super)) } }"""
# (written as a UNION: with VALUES ?p the store scanned every label first, 20x slower at 300 k quads)
Q_CLASS_NAMES = """
SELECT ?c ?p ?name WHERE { ?c a owl:Class .
  { ?c rdfs:label ?name BIND(rdfs:label AS ?p) } UNION { ?c skos:altLabel ?name BIND(skos:altLabel AS ?p) } }"""
Q_CLASS_LAYERS = "SELECT ?c ?layer WHERE { ?c egov:inLayer ?layer }"
Q_PROPERTIES = """
SELECT ?p ?inverse ?en ?vi ?symmetric WHERE {
  ?p a owl:ObjectProperty . FILTER(STRSTARTS(STR(?p), STR(egov:)))
  OPTIONAL { ?p owl:inverseOf ?inverse }
  OPTIONAL { ?p rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?p rdfs:label ?vi FILTER(LANGMATCHES(LANG(?vi), "vi")) }
  BIND(EXISTS { ?p a owl:SymmetricProperty } AS ?symmetric) }"""
Q_NODES = "SELECT ?s ?type WHERE { VALUES ?type { %s } ?s a ?type . FILTER(isIRI(?s)) }"
# Names, facts and edges are read for the nodes only: a sub-select of the distinct nodes, joined in
# the store. On an on-disk store most of a query's time goes into turning stored terms into Python
# values (about 30 µs a row at 1 M quads), so rows about other subjects (online services,
# observations) cost far more than the join that leaves them out (names: 8.3 s → 2.5 s at 1 M quads).
NODES = "{ SELECT DISTINCT ?s WHERE { VALUES ?type { %s } ?s a ?type } }"
# The graphs say which sources gave a label: graph.network.names chooses the one shown by them. One row per
# name with its graphs concatenated, not a row per graph: a system every yearly report names would repeat each
# of its names per report (2.4 times the rows at 1 M quads; 2.4 s instead of 3.8 s).
Q_NODE_NAMES = """
SELECT ?s ?p ?name (GROUP_CONCAT(STR(?g); separator=" ") AS ?graphs) WHERE {
  %s VALUES ?p { rdfs:label skos:altLabel } GRAPH ?g { ?s ?p ?name } } GROUP BY ?s ?p ?name"""
Q_NODE_FACTS = """
SELECT ?s ?p ?o WHERE { %s
  VALUES ?p { egov:layer egov:locatedIn egov:status egov:product dcterms:isReferencedBy egov:validFrom }
  ?s ?p ?o }"""
Q_STATUS = """
SELECT ?s ?status ?asOf WHERE { ?r a egov:StatusRecord ; egov:statusOf ?s ; egov:status ?status .
  OPTIONAL { ?r egov:asOf ?asOf } }"""
Q_EDGES = "SELECT ?s ?p ?o ?g WHERE { %s VALUES ?p { %s } GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o)) }"
Q_ASSERTIONS = """
SELECT ?s ?p ?o ?src ?asOf ?validFrom ?quote ?network WHERE {
  ?a a egov:LinkAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a prov:wasDerivedFrom ?src } OPTIONAL { ?a egov:asOf ?asOf }
  OPTIONAL { ?a egov:validFrom ?validFrom } OPTIONAL { ?a egov:quote ?quote }
  OPTIONAL { ?a egov:network ?network } }"""
Q_SOURCES = """
SELECT ?g ?src ?title ?year ?issued ?province WHERE {
  GRAPH ?g { ?g prov:wasDerivedFrom ?src }
  OPTIONAL { ?src dcterms:title ?title } OPTIONAL { ?src egov:refYear ?year }
  OPTIONAL { ?src dcterms:issued ?issued } OPTIONAL { ?src dcterms:spatial ?province } }"""

LANG_ORDER = {"vi": 0, "en": 1}
#: object properties that point at code lists or records, never from one node to another: not read as edges
NOT_EDGES = frozenset({"layer", "status", "statusOf", "measure", "observedEntity", "network", "level", "servesLevel"})


def _v(term: Any) -> str | None:
    return None if term is None else term.value


def _rows(kg: "KnowledgeGraph", query: str) -> list[dict[str, Any]]:
    return kg.select(query).dicts()


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris))


def read_classes(kg: "KnowledgeGraph") -> Classes:
    classes = Classes()
    for r in _rows(kg, Q_CLASSES):
        classes.parents.setdefault(r["c"].value, set())
        if r["super"] is not None:
            classes.parents[r["c"].value].add(r["super"].value)
    for r in _rows(kg, Q_CLASS_NAMES):
        kind = "label" if r["p"].value.endswith("#label") else "alt"
        classes.names[r["c"].value].append((kind, r["name"].value, getattr(r["name"], "language", None)))
    for r in _rows(kg, Q_CLASS_LAYERS):
        classes.layers[r["c"].value] = r["layer"].value.rstrip("/").rsplit("/", 1)[-1]
    return classes


def read_relations(kg: "KnowledgeGraph") -> tuple[dict[str, dict], dict[str, str]]:
    """Relations by local name, and the inverse properties mapped to the one stored instead."""
    relations: dict[str, dict] = {}
    inverse_of: dict[str, str] = {}
    for r in _rows(kg, Q_PROPERTIES):
        name = r["p"].value.rsplit("#", 1)[-1]
        relations.setdefault(name, {"iri": r["p"].value, "label": _v(r["en"]) or name, "label_vi": _v(r["vi"]) or name,
                                    "symmetric": r["symmetric"] is not None and r["symmetric"].value == "true"})
        if r["inverse"] is not None:
            other = r["inverse"].value.rsplit("#", 1)[-1]
            # the property that declares owl:inverseOf is the one kept; its inverse is folded into it
            if name not in inverse_of:
                inverse_of.setdefault(other, name)
    return relations, inverse_of


def read_projection(kg: "KnowledgeGraph") -> tuple[nx.MultiDiGraph, "IRIs", Classes, dict[str, dict], dict[str, Report]]:
    """The parts a :class:`graph.network.projection.Projection` is made of: graph, IRIs, classes, relations, reports."""
    iris = kg.iris
    classes = read_classes(kg)
    relations, inverse_of = read_relations(kg)
    categories = {
        SYSTEM: classes.descendants(iris.term("InformationSystem").value),
        ORGANISATION: classes.descendants(iris.term("Organization").value),
        ADMIN_UNIT: classes.descendants(iris.term("AdministrativeUnit").value),
    }
    category_of = {c: cat for cat, members in categories.items() for c in members}
    node_classes = _values(list(category_of))

    types: dict[str, set[str]] = defaultdict(set)
    for r in _rows(kg, Q_NODES % node_classes):
        types[r["s"].value].add(r["type"].value)

    reports: dict[str, Report] = {}
    graph_source: dict[str, str] = {}
    for r in _rows(kg, Q_SOURCES):
        src = r["src"].value
        graph_source[r["g"].value] = src
        if src not in reports:
            province = _v(r["province"])
            reports[src] = Report(
                iri=src, id=iris.local(src).split("/", 1)[-1] if iris.local(src) else src, title=_v(r["title"]),
                year=int(r["year"].value) if r["year"] is not None else None, issued=_v(r["issued"]),
                province=province.rsplit("/", 1)[-1] if province else None)

    names: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    labels: dict[str, list[Name]] = defaultdict(list)
    nodes = NODES % node_classes
    for r in _rows(kg, Q_NODE_NAMES % nodes):
        lang = getattr(r["name"], "language", None) or ""
        alt = 0 if r["p"].value.endswith("#label") else 1
        names[r["s"].value].append((alt, lang, r["name"].value))
        if not alt:
            ranks = []
            for gr in r["graphs"].value.split():
                report = reports.get(graph_source.get(gr, ""))
                ranks.append(CURATED if report is None else source_rank(report.year, report.issued, report.id))
            labels[r["s"].value].append(Name(r["name"].value, lang, max(ranks, default=CURATED)))

    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in _rows(kg, Q_NODE_FACTS % nodes):
        facts[r["s"].value][r["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]].append(r["o"].value)

    latest_status: dict[str, tuple[str, str]] = {}
    for r in _rows(kg, Q_STATUS):
        s, as_of = r["s"].value, _v(r["asOf"]) or ""
        if s not in latest_status or as_of > latest_status[s][1]:
            latest_status[s] = (r["status"].value, as_of)

    g = nx.MultiDiGraph()
    province_prefix = iris.base + "id/province/"
    units, today = read_units(kg), date.today()

    def province_today(slug: str | None) -> str | None:
        """The province of today the node's unit is, or became (graph.units: merged into or replaced by)."""
        unit = successor_on(units, province_prefix + slug, today) if slug else None
        return unit.slug if unit is not None else None

    for iri, ts in types.items():
        cats = {category_of[t] for t in ts}
        category = SYSTEM if SYSTEM in cats else ORGANISATION if ORGANISATION in cats else ADMIN_UNIT
        kind_iri = classes.most_specific(t for t in ts if category_of[t] == category)
        ordered = sorted(set(names.get(iri, [])), key=lambda n: (n[0], LANG_ORDER.get(n[1], 2), n[2]))
        shown = names_by_rule(labels.get(iri, []))
        f = facts.get(iri, {})
        layers = sorted({v.rstrip("/").rsplit("/", 1)[-1] for v in f.get("layer", [])})
        if not layers and kind_iri:
            layers = [layer] if (layer := classes.layer(kind_iri)) else []
        province = next((p[len(province_prefix):] for p in sorted(f.get("locatedIn", [])) if p.startswith(province_prefix)), None)
        status = latest_status.get(iri, (sorted(f.get("status", [None]))[-1], None))
        short = iris.local(iri) or iri
        if category == SYSTEM and short.startswith("system/"):
            short = short[len("system/"):]
        g.add_node(
            iri, iri=iri, id=short, category=category,
            kind=kind_iri.rsplit("#", 1)[-1] if kind_iri else None,
            kind_label=classes.label(kind_iri) if kind_iri else category,
            # graph.network.names: one name per language, the same on every page (display_name picks between them)
            label=shown["vi"] or short, label_en=shown["en"] if shown["en"] != shown["vi"] else None,
            names=list(dict.fromkeys([*(t for t in (shown["vi"], shown["en"]) if t), *(t for _, _, t in ordered)])),
            layers=layers, layer=layers[0] if layers else None, province=province,
            province_today=province_today(province),
            national=category == SYSTEM and province is None and "/" not in short,
            status=status[0].rstrip("/").rsplit("/", 1)[-1] if status[0] else None, status_as_of=status[1],
            product=(f.get("product") or [None])[0], valid_from=(f.get("validFrom") or [None])[0],
            sources=sorted(f.get("isReferencedBy", [])),
        )

    assertions: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    source_graph = {src: gr for gr, src in sorted(graph_source.items(), reverse=True)}

    def canonical(s: str, p: str, o: str) -> tuple[str, str, str]:
        name = p.rsplit("#", 1)[-1]
        if name in inverse_of:
            return o, inverse_of[name], s
        return s, name, o

    for r in _rows(kg, Q_ASSERTIONS):
        key = canonical(r["s"].value, r["p"].value, r["o"].value)
        src = _v(r["src"])
        report = reports.get(src) if src else None
        assertions[key].append(Evidence(
            graph=source_graph.get(src, "") if src else "",
            source=src, source_id=report.id if report else None, title=report.title if report else None,
            year=report.year if report else None, as_of=_v(r["asOf"]), valid_from=_v(r["validFrom"]),
            quote=_v(r["quote"]), network=_v(r["network"])))

    stated: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in _rows(kg, Q_EDGES % (nodes, _values([d["iri"] for name, d in relations.items() if name not in NOT_EDGES]))):
        s, o = r["s"].value, r["o"].value
        if s in g and o in g:
            stated[canonical(s, r["p"].value, o)].add(r["g"].value)
    for (s, rel, o), graphs in stated.items():
        evidence = list(assertions.get((s, rel, o), []))
        asserted = {e.source for e in evidence}
        for gr in sorted(graphs):
            src = graph_source.get(gr)
            if src is None or src not in asserted:
                report = reports.get(src) if src else None
                evidence.append(Evidence(graph=gr, source=src, source_id=report.id if report else None,
                                         title=report.title if report else None, year=report.year if report else None))
        evidence.sort(key=lambda e: (e.year or 0, e.source_id or "", e.quote or ""))
        g.add_edge(s, o, key=rel, rel=rel, evidence=evidence)
    return g, iris, classes, relations, reports
