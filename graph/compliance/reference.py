"""The previous compliance engine, kept as the reference the faster one is compared with
(``tests/test_compliance_engine.py``, ``benchmarks/compliance.py``); not on any request path.

:func:`evaluate` is :func:`graph.compliance.engine.evaluate` as it ran before issue 16:

- the checks that were rewritten for speed run their previous SPARQL (:mod:`graph.compliance.reference_queries`);
- the as-of view is built with the previous ways of two steps: the links not yet valid are looked for in every graph
  of the store (not only the counted ones), and every location in a province is read to find those in merged units;
- every location in the view is read to place the checks' focus nodes in provinces, and the rules run one after
  the other;
- the evidence is read as it was: the link assertions about the findings' nodes in one SPARQL query (a ``UNION`` of
  subject and object joined with a ``VALUES`` of every node: 4.4 s at 1 M quads). Its rows come in the engine's
  order and the nodes in the order of a Python set, so the six items a finding shows may change from run to run;
  the findings, and every candidate item, are the same as the engine's.

One thing it shares with the new engine instead: the rows a check returns for one focus node are sorted before the
message lists their values (before, the query plan set that order, and a rewritten query lists the same values in
another order).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad

from graph.compliance.engine import ComplianceReport, Method, evaluate as _evaluate
from graph.compliance.reference_queries import BEFORE
from graph.compliance.rules import Rule, load_rules
from graph.compliance.snapshot import AsOfSteps, Snapshot, _lit
from graph.kg import KnowledgeGraph

__all__ = ["PREVIOUS", "evaluate", "evidence_by_query", "placement_of_every_location", "rules_as_before"]


def evaluate(kg: KnowledgeGraph, province: str | None = None, as_of: date | None = None) -> ComplianceReport:
    """The report the previous engine gave (see the module docstring)."""
    return _evaluate(kg, province, as_of, method=PREVIOUS)


class _Placed(dict):
    """Node IRI → the checked provinces it is in, asked with a query's term."""

    def get(self, node: Any, default: Any = ()) -> Any:  # type: ignore[override]
        return super().get(node.value, default)


def placement_of_every_location(snap: Snapshot, provinces: set[str]) -> _Placed:
    """Which checked provinces each node is in (a province is in itself): every location of the view read by one
    query, as the previous engine did (the engine looks up the focus nodes only, :class:`engine.Placement`)."""
    where = _Placed()
    for p in provinces:
        where.setdefault(p, set()).add(p)
    for r in snap.select("SELECT ?s ?p WHERE { ?s egov:locatedIn ?p . ?p a egov:Province }"):
        if r["p"].value in provinces:
            where.setdefault(r["s"].value, set()).add(r["p"].value)
    return where


def rules_as_before(snap: Snapshot) -> list[Rule]:
    """The rules of the snapshot, each rewritten check with the SPARQL it had before."""
    rules = []
    for rule in load_rules(snap):
        checks = []
        for check in rule.checks:
            queries = BEFORE.get(check.id)
            if queries is not None:
                target = queries[0].replace("$this", "?this") if len(queries) == 2 else check.target
                check = replace(check, target=target, constraint=queries[-1].replace("$this", "?this"))
            checks.append(check)
        rules.append(replace(rule, checks=tuple(checks)))
    return rules


def evidence_by_query(kg: KnowledgeGraph, snap: Snapshot, nodes: set[str]) -> dict[str, list[dict]]:
    """Per node: what the counted reports say about it (latest status, its mentions, links it is part of)."""
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in nodes)
    src_prefix = snap.iris.base + "id/source/"
    out: dict[str, list[dict]] = defaultdict(list)
    statuses = snap.select(f"""SELECT ?n ?status ?day ?quote ?src WHERE {{ VALUES ?n {{ {values} }}
        ?r egov:statusOf ?n ; egov:status ?status ; egov:asOf ?day ; prov:wasDerivedFrom ?src . OPTIONAL {{ ?r egov:quote ?quote }} }}""")
    best: dict[str, dict] = {}
    for r in statuses:
        day = r["day"].value
        if day <= snap.as_of.isoformat() and (r["n"].value not in best or day > best[r["n"].value]["as_of"]):
            best[r["n"].value] = {"kind": "status", "about": r["n"].value, "status": r["status"].value.rsplit("/", 1)[-1],
                                  "as_of": day, "quote": r["quote"].value if "quote" in r else None,
                                  "source": r["src"].value.removeprefix(src_prefix)}
    for n, item in best.items():
        out[n].append(item)
    for r in snap.select(f"""SELECT ?a ?s ?p ?o ?quote ?src ?from WHERE {{
        {{ VALUES ?s {{ {values} }} ?a rdf:subject ?s }} UNION {{ VALUES ?o {{ {values} }} ?a rdf:object ?o }}
        ?a a egov:LinkAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src .
        OPTIONAL {{ ?a egov:quote ?quote }} OPTIONAL {{ ?a egov:validFrom ?from }} }}"""):
        item = {"kind": "link", "from": r["s"].value, "rel": r["p"].value.rsplit("#", 1)[-1], "to": r["o"].value,
                "valid_from": r["from"].value if "from" in r else None, "quote": r["quote"].value if "quote" in r else None,
                "source": r["src"].value.removeprefix(src_prefix)}
        for end in (r["s"].value, r["o"].value):
            if end in nodes:
                out[end].append(item)
    # which report mentions a node is a matter of graphs, which the view has merged: ask the store
    graph_prefix, counted = snap.iris.base + "graph/source/", set(snap.graphs)
    for r in kg.select(f"""SELECT DISTINCT ?n ?quote ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?n egov:quote ?quote }} }}
                          ORDER BY ?g""").dicts():
        if r["g"].value.startswith(graph_prefix) and r["g"].value in counted:
            out[r["n"].value].append({"kind": "mention", "about": r["n"].value, "quote": r["quote"].value,
                                      "source": r["g"].value.removeprefix(graph_prefix)})
    return out


def drop_links_reading_every_graph(kg: KnowledgeGraph, snap: Snapshot, graphs: list[NamedNode]) -> None:
    """Drop a stated link when every counted report that states it gives it a start after the date (or an end
    before it). Decided per report graph in the store, since the view has merged them."""
    day, counted = _lit(snap.as_of), {g.value for g in graphs}
    rows = kg.select(f"""
        SELECT DISTINCT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{
          ?a a egov:LinkAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          {{ ?a egov:validFrom ?start FILTER(?start > {day}) }} UNION {{ ?a egov:validTo ?end FILTER(?end < {day}) }} }} }}""").dicts()
    stale = {(r["s"], r["p"], r["o"]) for r in rows if r["g"].value in counted}
    if not stale:
        return
    values = " ".join(f"({t[0]} {t[1]} {t[2]})" for t in stale)
    stated_by = defaultdict(set)
    for r in kg.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}").dicts():
        if r["g"].value in counted:
            stated_by[(r["s"], r["p"], r["o"])].add(r["g"].value)
    stale_in = defaultdict(set)
    for r in rows:
        stale_in[(r["s"], r["p"], r["o"])].add(r["g"].value)
    for triple in stale:
        if stated_by[triple] <= stale_in[triple]:  # no counted report states it as valid on the date
            snap.store.remove(Quad(*triple, DefaultGraph()))


def successor_locations_of_every_location(snap: Snapshot) -> None:
    located = NamedNode(snap.iris.ontology_ns + "locatedIn")
    quads = []
    for r in snap.select("SELECT DISTINCT ?s ?p WHERE { ?s egov:locatedIn ?p . ?p a egov:Province }"):
        unit = r["p"].value
        if unit in snap.units and not snap.units[unit].valid_on(snap.as_of):
            successor = snap.successor(unit)
            if successor is not None:
                quads.append(Quad(r["s"], located, NamedNode(successor), snap.as_of_graph))
    snap.store.extend(quads)
    snap.store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)


#: the previous engine's ways (see the module docstring)
PREVIOUS = Method(rules=rules_as_before, steps=AsOfSteps(drop_links_reading_every_graph, successor_locations_of_every_location),
                  evidence=evidence_by_query, placement=placement_of_every_location, workers=1)
