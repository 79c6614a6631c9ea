"""Architecture compliance: check provinces against the framework's rules, as of a date.

The rules are data (``ontology/rules/*.ttl``, loaded into ``<base>graph/rules``): each ``egov:ComplianceRule``
has one or more checks, SHACL node shapes with a SPARQL target and a SHACL-SPARQL constraint. This module
runs them set-based in Oxigraph over the as-of view of the graph (``graph.compliance.snapshot``): each target and each
constraint is one query for every province at once, with ``$this`` left free, instead of one query per focus
node as a SHACL engine does (see ``benchmarks/compliance.py`` for the figures that chose this). Adding a rule
means adding data and a test, never code here.

Per province and rule the status is ``pass``, ``violation``, ``warning``, ``info`` or ``not_applicable``
(not in force on the date, nothing in scope, or no evidence either way). What a failing check rests on is
its ``egov:basis``: ``stated`` failures carry the check's severity; ``not-stated`` ones (no counted report
states what the rule requires) are at most warnings. Output formats live in ``graph.compliance.report``.

This module only reads the store.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from itertools import product
from typing import Any
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from collections.abc import Callable

from egovkg.errors import InputError, NotFoundError
from graph.sparql.lexer import network_refusal
from graph.compliance.kept import KeptViews
from graph.compliance.rules import SH, Check, Rule, load_rules
from graph.kg import KnowledgeGraph
from graph.compliance.snapshot import AsOfSteps, Snapshot, build_snapshot
from graph.units import Unit, read_units
from ontology import RDF, IRIs
from ontology.names import names_from_rows
from pyoxigraph import DefaultGraph, NamedNode

__all__ = ["SH", "Check", "ComplianceReport", "Finding", "Method", "ProvinceResult", "Rule", "evaluate", "failures", "load_rules", "resolve_unit"]

#: "error": the rule could not be evaluated (a query it runs is refused, fails, or ran past the limits)
RANK = {"error": 4, "violation": 3, "warning": 2, "info": 1, "pass": 0, "not_applicable": -1}
#: what one rule contributes to its layer's score (an info finding is not a departure from the rule)
CREDIT = {"pass": 1.0, "info": 1.0, "warning": 0.5, "violation": 0.0}
LAYERS = ("chn", "app", "int", "dat", "inf", "sec", "gov")
_PLACEHOLDER = re.compile(r"\{[$?](\w+)\}")
EVIDENCE_PER_FINDING = 6
#: why a rule does not apply, as the engine writes it (``Finding.reason``, English) -> its Vietnamese for
#: ``message_vi``; pages translate the reason through the UI catalogue's ``compliance.reason.*`` (the same texts:
#: a test keeps them equal)
REASONS_VI = {
    "not in force on this date": "chưa hoặc không còn hiệu lực vào ngày này",
    "no check of the rule is in force on this date": "không có phép kiểm tra nào của quy tắc có hiệu lực vào ngày này",
    "nothing in scope": "không có đối tượng thuộc phạm vi quy tắc",
    "no evidence: no counted report gives {prop}": "chưa có bằng chứng: không báo cáo nào nêu {prop}",
}
_NO_EVIDENCE = "no evidence: no counted report gives "


def reason_vi(reason: str) -> str:
    """An engine's reason (parts joined by "; ") in Vietnamese; a part it does not know is kept as written."""
    parts = []
    for part in reason.split("; "):
        if part.startswith(_NO_EVIDENCE):
            parts.append(REASONS_VI[_NO_EVIDENCE + "{prop}"].format(prop=part[len(_NO_EVIDENCE):]))
        else:
            parts.append(REASONS_VI.get(part, part))
    return "; ".join(parts)


@dataclass
class Finding:
    province: str
    rule_id: str
    layer: str
    severity: str  # the rule's catalog severity
    status: str
    message_vi: str
    message_en: str
    check: str | None = None
    check_severity: str | None = None
    basis: str | None = None
    reason: str | None = None
    focus: list[str] = field(default_factory=list)
    edges: list[dict[str, str]] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    source: dict = field(default_factory=dict)


@dataclass
class ProvinceResult:
    unit: Unit
    rule_status: dict[str, str]
    findings: list[Finding]
    scores: dict[str, float | None]
    score: float | None
    sources: list[str]


@dataclass
class ComplianceReport:
    as_of: date
    generated: str
    provinces: list[ProvinceResult]
    uncovered: list[Unit]
    rules: list[Rule]
    sources: list[dict]
    inference: dict
    nodes: dict[str, dict]  # IRI → {id, kind, label_vi, label_en}
    timings: dict[str, float]
    engine: str = "sparql-oxigraph"

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.provinces for f in p.findings]

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)

    @property
    def has_violations(self) -> bool:
        """A violation, or a rule that could not be evaluated (a gate must not pass on a rule it never ran)."""
        return self.count("violation") > 0 or self.count("error") > 0


# -- running the checks ---------------------------------------------------------------------------------

def _placement(snap: Snapshot, provinces: set[str]) -> dict[str, set[str]]:
    """Node → the checked provinces it is in (a province is in itself); one query for every check."""
    where: dict[str, set[str]] = defaultdict(set)
    for p in provinces:
        where[p].add(p)
    for r in snap.select("SELECT ?s ?p WHERE { ?s egov:locatedIn ?p . ?p a egov:Province }"):
        if r["p"].value in provinces:
            where[r["s"].value].add(r["p"].value)
    return where


def _foci(snap: Snapshot, check: Check, where: dict[str, set[str]]) -> dict[str, set[str]]:
    """Province IRI → focus nodes of ``check`` in it."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in snap.select(check.target):
        for p in where.get(r["this"].value, ()):
            out[p].add(r["this"].value)
    return out


def _with_evidence(snap: Snapshot, prop: str) -> set[str]:
    rows = snap.select(f"""
        SELECT DISTINCT ?province WHERE {{ ?x <{prop}> ?v .
          {{ ?x egov:locatedIn ?province }} UNION {{ ?x rdf:subject ?s . ?s egov:locatedIn ?province }} }}""")
    return {r["province"].value for r in rows}


def _message(template: str, row: dict, labels: dict[str, dict[str, str]], lang: str) -> str:
    def fill(match: re.Match) -> str:
        term = row.get(match.group(1))
        if term is None:
            return "?"
        values = term if isinstance(term, list) else [term]
        return ", ".join((labels.get(v.value, {}).get(f"label_{lang}") or v.value) for v in values)

    return _PLACEHOLDER.sub(fill, template)


#: what :data:`ontology.names.NAMES_QUERY` reads, with the graph each label is in (to keep the counted ones)
_LABELS = "SELECT ?g ?s ?name WHERE { VALUES ?s { %s } GRAPH ?g { ?s rdfs:label ?name } }"
_GRAPH_SOURCES = """SELECT ?g ?src ?year ?issued WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?src }
    OPTIONAL { ?src egov:refYear ?year } OPTIONAL { ?src dcterms:issued ?issued } }"""


def _node_info(kg: KnowledgeGraph, snap: Snapshot, iris_: set[str]) -> dict[str, dict]:
    """Each node's id, kind and names. Names follow the one rule for names (:func:`ontology.names.choose_name`: a
    curated label first, else the latest source's), read from the store's counted graphs, the ones the view merges:
    the view has lost which report gave a label, and the first label it returns depends on how it is stored."""
    if not iris_:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris_))
    info: dict[str, dict] = {i: {"label_vi": None, "label_en": None} for i in iris_}
    counted = set(snap.graphs)
    # what NAMES_QUERY reads, in two queries, keeping the counted graphs (NAMES_QUERY restricted to them with
    # named_graphs=… walked each of the ~400 graphs, 13 s at 1 M quads; joined with each graph's source per label,
    # 1 s; the sources of the graphs once, then the labels: 0.1 s)
    sources: dict[str, list[dict]] = defaultdict(list)
    for r in kg.select(_GRAPH_SOURCES).dicts():
        sources[r["g"].value].append({k: r[k] for k in ("src", "year", "issued")})
    rows = [{"s": r["s"], "name": r["name"], **source}
            for r in kg.select(_LABELS % values).dicts() if r["g"].value in counted
            for source in sources.get(r["g"].value) or [{}]]
    for iri, names in names_from_rows(rows).items():
        if iri in info:
            info[iri].update(label_vi=names["vi"], label_en=names["en"])
    ids = snap.iris.base + "id/"
    for i, d in info.items():
        local = i[len(ids):] if i.startswith(ids) else i
        kind, _, rest = local.partition("/")
        d.update(iri=i, kind=kind if rest else "", id=rest or local)
        d["label_vi"] = d["label_vi"] or d["label_en"] or d["id"]
        d["label_en"] = d["label_en"] or d["label_vi"]
    return info


def _evidence(kg: KnowledgeGraph, snap: Snapshot, nodes: set[str]) -> dict[str, list[dict]]:
    """Per node: what the counted reports say about it (latest status, its mentions, links it is part of), in a
    fixed order (nodes, assertions and sources sorted), so a report lists the same evidence on every run."""
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    out: dict[str, list[dict]] = defaultdict(list)
    for n, item in sorted(_latest_statuses(snap, values).items()):
        out[n].append(item)
    for item in _link_assertions(snap, nodes):
        for end in (item["from"], item["to"]):
            if end in nodes:
                out[end].append(item)
    _mentions(kg, snap, values, out)
    return out


def _latest_statuses(snap: Snapshot, values: str) -> dict[str, dict]:
    src_prefix = snap.iris.base + "id/source/"
    best: dict[str, dict] = {}
    for r in snap.select(f"""SELECT ?n ?status ?day ?quote ?src WHERE {{ VALUES ?n {{ {values} }}
        ?r egov:statusOf ?n ; egov:status ?status ; egov:asOf ?day ; prov:wasDerivedFrom ?src . OPTIONAL {{ ?r egov:quote ?quote }} }}"""):
        # two records of one day: the first the engine gives, as before (no ORDER BY: it would change the pick)
        day = r["day"].value
        if day <= snap.as_of.isoformat() and (r["n"].value not in best or day > best[r["n"].value]["as_of"]):
            best[r["n"].value] = {"kind": "status", "about": r["n"].value, "status": r["status"].value.rsplit("/", 1)[-1],
                                  "as_of": day, "quote": r["quote"].value if "quote" in r else None,
                                  "source": r["src"].value.removeprefix(src_prefix)}
    return best


def _link_assertions(snap: Snapshot, nodes: set[str]) -> list[dict]:
    """The link assertions whose subject or object is one of ``nodes``: one item per (assertion, end among
    ``nodes``) and value combination, as the join ``{ ?a rdf:subject ?n } UNION { ?a rdf:object ?n }`` gives them.
    Read by index lookups in the view: one SPARQL join of a ``VALUES`` of 2,000 nodes with the 23 k assertions
    took 4.4 s at 1 M quads, the lookups take a fraction of a second."""
    store, default = snap.store, DefaultGraph()
    rdf, prov, egov = RDF, "http://www.w3.org/ns/prov#", snap.iris.ontology_ns
    subject, predicate, object_ = NamedNode(rdf + "subject"), NamedNode(rdf + "predicate"), NamedNode(rdf + "object")
    kind, assertion = NamedNode(rdf + "type"), NamedNode(egov + "LinkAssertion")
    derived, quote, valid_from = NamedNode(prov + "wasDerivedFrom"), NamedNode(egov + "quote"), NamedNode(egov + "validFrom")
    src_prefix = snap.iris.base + "id/source/"

    def values(a: Any, p: NamedNode) -> list[Any]:
        return sorted((q.object for q in store.quads_for_pattern(a, p, None, default)), key=str)

    items = []
    for end in (subject, object_):  # the two branches of the union: the node is the subject, or the object
        for n in sorted(nodes):
            for a in sorted({q.subject for q in store.quads_for_pattern(None, end, NamedNode(n), default)}, key=str):
                if not any(True for _ in store.quads_for_pattern(a, kind, assertion, default)):
                    continue
                subjects = [NamedNode(n)] if end == subject else values(a, subject)
                objects = [NamedNode(n)] if end == object_ else values(a, object_)
                for s, p, o, src, q, f in product(subjects, values(a, predicate), objects, values(a, derived),
                                                  values(a, quote) or [None], values(a, valid_from) or [None]):
                    items.append({"kind": "link", "from": s.value, "rel": p.value.rsplit("#", 1)[-1], "to": o.value,
                                  "valid_from": f.value if f is not None else None,
                                  "quote": q.value if q is not None else None, "source": src.value.removeprefix(src_prefix)})
    return items


def _mentions(kg: KnowledgeGraph, snap: Snapshot, values: str, out: dict[str, list[dict]]) -> None:
    """Which report mentions a node is a matter of graphs, which the view has merged: ask the store."""
    graph_prefix, counted = snap.iris.base + "graph/source/", set(snap.graphs)
    for r in kg.select(f"""SELECT DISTINCT ?n ?quote ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?n egov:quote ?quote }} }}
                          ORDER BY ?g ?quote""").dicts():
        if r["g"].value.startswith(graph_prefix) and r["g"].value in counted:
            out[r["n"].value].append({"kind": "mention", "about": r["n"].value, "quote": r["quote"].value,
                                      "source": r["g"].value.removeprefix(graph_prefix)})


def _pick_evidence(items_by_node: dict[str, list[dict]], nodes: list[str]) -> list[dict]:
    picked, seen = [], set()
    node_set = set(nodes)
    for n in nodes:  # the focus first: its status, then links among the finding's nodes, then its mentions
        for item in sorted(items_by_node.get(n, []), key=lambda i: {"status": 0, "link": 1, "mention": 2}[i["kind"]]):
            if item["kind"] == "link" and not {item["from"], item["to"]} <= node_set and len(node_set) > 1:
                continue
            # a mention that repeats a status or link quote adds nothing
            key = (item.get("quote"), item.get("source")) if item["kind"] == "mention" else (item["kind"], item.get("quote"), item.get("source"), item.get("about"))
            if key not in seen and (item.get("quote"), item.get("source")) not in seen:
                seen.add((item.get("quote"), item.get("source")))
                seen.add(key)
                picked.append(item)
    return picked[:EVIDENCE_PER_FINDING]


def failures(snap: Snapshot, rules: list[Rule] | None = None) -> set[tuple[str, str]]:
    """(check, focus node) for every failing focus of every check, whatever the dates and provinces: what a SHACL
    engine reports for the same shapes over the same data (benchmarks/compliance.py and the tests compare them)."""
    out = set()
    for rule in rules if rules is not None else load_rules(snap):
        for check in rule.checks:
            targets = {r["this"].value for r in snap.select(check.target)}
            out |= {(check.iri, r["this"].value) for r in snap.select(check.constraint) if r["this"].value in targets}
    return out


def rule_query_problem(sparql: str) -> str | None:
    """Why a rule's query must not run (it would reach the network, or cannot be scanned), or None.
    Rules are data that a token holder can change: they meet the endpoint's refusals."""
    return network_refusal(sparql, "rule query", refused_by="rules never do")


EvidenceReader = Callable[[KnowledgeGraph, Snapshot, set[str]], dict[str, list[dict]]]


@dataclass(frozen=True)
class Method:
    """How an evaluation reads the rules, builds the as-of view and reads the evidence: by default this engine's
    ways; :data:`graph.compliance.reference.PREVIOUS` holds the previous engine's, to compare findings and times."""

    rules: Callable[[Snapshot], list[Rule]] = load_rules
    steps: AsOfSteps | None = None  # None: the snapshot's own
    evidence: EvidenceReader | None = None  # None: :func:`_evidence`


def evaluate(kg: KnowledgeGraph, province: str | None = None, as_of: date | None = None, *,
             skip: dict[str, str] | None = None, on_rule: Callable[[str], None] | None = None,
             method: Method | None = None, views: KeptViews | None = None) -> ComplianceReport:
    """Check ``province`` (a slug; None: every province that the counted reports cover) as of ``as_of``
    (default: today) against the rules in force on that date.

    ``skip`` maps rule ids to why they were not run (the guarded runner's time or memory limit): they
    are reported as errors. ``on_rule`` is called with each rule's id before it runs. ``method``: see
    :class:`Method` (for comparisons only). ``views``: the as-of views kept with the store
    (:mod:`graph.compliance.kept`): the view is opened from there when it is kept, and kept there when built."""
    method = method or Method()
    as_of = as_of or date.today()
    started = time.perf_counter()
    units = read_units(kg)
    if province is not None:
        unit = resolve_unit(units, province, as_of)
        snap = build_snapshot(kg, as_of, provinces=[unit.iri], steps=method.steps, views=views)
    else:
        snap = build_snapshot(kg, as_of, steps=method.steps, views=views)
    try:
        return _evaluate(kg, snap, province, started, skip or {}, on_rule, method.evidence or _evidence,
                         method.rules)
    finally:
        snap.close()


def resolve_unit(units: dict[str, Unit], slug: str, as_of: date) -> Unit:
    """The unit ``slug`` names, valid on ``as_of``; a unit not valid then is an error that says what it became."""
    by_slug = {u.slug: u for u in units.values()}
    if slug not in by_slug:
        raise NotFoundError(f"unknown province '{slug}' (a slug such as quang-nam, son-la, nam-dinh, kien-giang)")
    unit = by_slug[slug]
    if not unit.valid_on(as_of):
        hint = ""
        if unit.merged_into and unit.valid_to and as_of > unit.valid_to:
            successor = units.get(unit.merged_into)
            hint = (f": merged into '{successor.slug}' after {unit.valid_to.isoformat()}; check --province {successor.slug}"
                    if successor else "")
        elif unit.valid_from and as_of < unit.valid_from:
            hint = f": it exists from {unit.valid_from.isoformat()}"
        raise InputError(f"province '{slug}' is not valid on {as_of.isoformat()}{hint}")
    return unit


def _evaluate(kg: KnowledgeGraph, snap: Snapshot, province: str | None, started: float,
              skip: dict[str, str], on_rule: Callable[[str], None] | None, evidence: EvidenceReader,
              read_rules: Callable[[Snapshot], list[Rule]]) -> ComplianceReport:
    iris: IRIs = snap.iris
    timings = dict(snap.timings)
    t0 = time.perf_counter()
    rules = read_rules(snap)
    valid = {u.iri: u for u in snap.units.values() if u.valid_on(snap.as_of)}
    covered: dict[str, list[str]] = defaultdict(list)
    for s in snap.counted_sources:
        if s.province:
            successor = snap.successor(iris.id("province", s.province).value)
            if successor:
                covered[successor].append(s.id)
    if province is not None:
        checked = [u for u in valid.values() if u.slug == province]
    else:
        checked = [valid[p] for p in covered]
    checked_iris = {u.iri for u in checked}
    uncovered = [] if province is not None else [u for u in valid.values() if u.iri not in covered]

    raw: list[tuple[Rule, Check, str, str, list[dict], set[str]]] = []  # rule, check, province, focus, rows, foci
    statuses: dict[tuple[str, str], list[tuple[str, Check | None, str | None]]] = defaultdict(list)
    evidence_cache: dict[str, set[str]] = {}
    where = _placement(snap, checked_iris)
    failed: dict[str, str] = {}
    for rule in rules:
        if not rule.in_force(snap.as_of):
            for p in checked_iris:
                statuses[(p, rule.rule_id)].append(("not_applicable", None, "not in force on this date"))
            continue
        if on_rule is not None:
            on_rule(rule.rule_id)
        problem = skip.get(rule.rule_id) or next(
            (why for c in rule.checks for why in (rule_query_problem(c.target), rule_query_problem(c.constraint)) if why), None)
        if problem is None:
            try:
                _check_rule(snap, rule, checked_iris, where, evidence_cache, statuses, raw)
                continue
            except Exception as exc:  # noqa: BLE001 - one broken rule is a finding, not a failed report
                problem = f"{type(exc).__name__}: {str(exc)[:300]}"
                for p in checked_iris:  # what it wrote before failing does not count
                    statuses.pop((p, rule.rule_id), None)
                raw = [r for r in raw if r[0].rule_id != rule.rule_id]
        failed[rule.rule_id] = problem
        for p in checked_iris:
            statuses[(p, rule.rule_id)].append(("error", None, problem))
    timings["checks"] = time.perf_counter() - t0
    return _findings(kg, snap, checked, checked_iris, uncovered, covered, rules, statuses, raw, failed, started, timings,
                     evidence)


def _check_rule(snap: Snapshot, rule: Rule, checked_iris: set[str], where: dict[str, set[str]],
                evidence_cache: dict[str, set[str]], statuses: dict, raw: list) -> None:
    in_force = [c for c in rule.checks if c.in_force(snap.as_of)]
    if not in_force:
        for p in checked_iris:
            statuses[(p, rule.rule_id)].append(("not_applicable", None, "no check of the rule is in force on this date"))
    for check in in_force:
        foci = _foci(snap, check, where)
        with_evidence = None
        if check.evidence_property:
            if check.evidence_property not in evidence_cache:
                evidence_cache[check.evidence_property] = _with_evidence(snap, check.evidence_property)
            with_evidence = evidence_cache[check.evidence_property]
        rows_by_focus: dict[str, list[dict]] = defaultdict(list)
        if any(foci.values()):
            for row in snap.select(check.constraint):
                rows_by_focus[row["this"].value].append(row)
            for rows in rows_by_focus.values():  # the values a message lists, in an order no query plan changes
                rows.sort(key=lambda row: sorted((k, str(v)) for k, v in row.items()))
        for p in checked_iris:
            if with_evidence is not None and p not in with_evidence:
                prop = check.evidence_property.rsplit("#", 1)[-1]
                statuses[(p, rule.rule_id)].append(("not_applicable", check, f"no evidence: no counted report gives {prop}"))
                continue
            if not foci.get(p):
                statuses[(p, rule.rule_id)].append(("not_applicable", check, "nothing in scope"))
                continue
            failing = [f for f in sorted(foci[p]) if f in rows_by_focus]
            if failing:
                statuses[(p, rule.rule_id)].append((check.severity, check, None))
                for f in failing:
                    raw.append((rule, check, p, f, rows_by_focus[f], foci[p]))
            else:
                statuses[(p, rule.rule_id)].append(("pass", check, None))


def _findings(kg: KnowledgeGraph, snap: Snapshot, checked: list[Unit], checked_iris: set[str], uncovered: list[Unit],
              covered: dict[str, list[str]], rules: list[Rule], statuses: dict, raw: list, failed: dict[str, str],
              started: float, timings: dict[str, float], read_evidence: EvidenceReader) -> ComplianceReport:
    t0 = time.perf_counter()
    node_iris = set(checked_iris)
    for _, _, _, focus, rows, _ in raw:
        node_iris.add(focus)
        for row in rows:
            node_iris.update(v.value for k, v in row.items() if k != "rel" and type(v).__name__ == "NamedNode")
    nodes = _node_info(kg, snap, node_iris)
    evidence = read_evidence(kg, snap, {n for n in node_iris if n not in checked_iris} | {f for _, _, _, f, _, _ in raw})
    findings_by_province: dict[str, list[Finding]] = defaultdict(list)
    for rule, check, p, focus, rows, _ in raw:
        values: dict[str, None] = {}  # ordered sets: a check may return many rows for one focus
        edge_keys: dict[tuple[str, str, str], None] = {}
        for row in rows:
            for k, v in row.items():
                if k not in ("this", "rel", "from", "to") and type(v).__name__ == "NamedNode":
                    values[v.value] = None
            if "rel" in row:
                edge_keys[(row.get("from", row["this"]).value, row["rel"].value.rsplit("#", 1)[-1],
                           row.get("to", row.get("value", row["this"])).value)] = None
        edges = [{"from": f, "rel": r, "to": t} for f, r, t in edge_keys]
        merged = {k: [r[k] for r in rows if k in r] for k in {k for r in rows for k in r}}
        merged = {k: list({v.value: v for v in vs}.values()) for k, vs in merged.items()}
        focus_nodes = [focus] + [v for v in values if v != focus and v not in checked_iris]
        status = check.severity if not (check.basis == "not-stated" and RANK[check.severity] > RANK["warning"]) else "warning"
        findings_by_province[p].append(Finding(
            province=snap.units[p].slug, rule_id=rule.rule_id, layer=rule.layer, severity=rule.severity, status=status,
            message_vi=_message(check.message["vi"], merged, nodes, "vi"), message_en=_message(check.message["en"], merged, nodes, "en"),
            check=check.id, check_severity=check.severity, basis=check.basis, focus=focus_nodes, edges=edges,
            evidence=_pick_evidence(evidence, focus_nodes), source=rule.source_dict()))
    linked = {e[k] for fs in findings_by_province.values() for f in fs for e in f.evidence if e["kind"] == "link"
              for k in ("from", "to")}
    nodes.update(_node_info(kg, snap, linked - set(nodes)))
    results = []
    for unit in sorted(checked, key=lambda u: u.slug):
        rule_status: dict[str, str] = {}
        findings = findings_by_province.get(unit.iri, [])
        for rule in rules:
            outcomes = statuses.get((unit.iri, rule.rule_id), [])
            worst = max((o[0] for o in outcomes), key=lambda s: RANK[s], default="not_applicable")
            if any(f.rule_id == rule.rule_id for f in findings):
                worst = max((f.status for f in findings if f.rule_id == rule.rule_id), key=lambda s: RANK[s])
            rule_status[rule.rule_id] = worst
            if worst == "pass":
                findings.append(Finding(unit.slug, rule.rule_id, rule.layer, rule.severity, "pass", rule.label["vi"],
                                        rule.label["en"], source=rule.source_dict()))
            elif worst == "error":
                reason = failed.get(rule.rule_id, "")
                findings.append(Finding(unit.slug, rule.rule_id, rule.layer, rule.severity, "error",
                                        f"{rule.label['vi']}: không đánh giá được quy tắc ({reason})",
                                        f"{rule.label['en']}: the rule failed to evaluate ({reason})", reason=reason,
                                        source=rule.source_dict()))
            elif worst == "not_applicable":
                reasons = sorted({o[2] for o in outcomes if o[2]})
                reason = "; ".join(reasons) or "not in force on this date"
                findings.append(Finding(unit.slug, rule.rule_id, rule.layer, rule.severity, "not_applicable",
                                        f"{rule.label['vi']}: không áp dụng ({reason_vi(reason)})",
                                        f"{rule.label['en']}: not applicable ({reason})", reason=reason, source=rule.source_dict()))
        findings.sort(key=lambda f: (f.rule_id, -RANK[f.status]))
        scores = _scores(rules, rule_status)
        results.append(ProvinceResult(unit, rule_status, findings, scores, scores.pop("overall"), sorted(covered.get(unit.iri, []))))
    timings["evidence"] = time.perf_counter() - t0
    used = {s for p in results for s in p.sources}
    timings["total"] = time.perf_counter() - started
    return ComplianceReport(
        as_of=snap.as_of, generated=datetime.now(timezone.utc).isoformat(timespec="seconds"), provinces=results,
        uncovered=sorted(uncovered, key=lambda u: u.slug), rules=rules,
        sources=[{"id": s.id, "title": s.title, "province": s.province, "date": s.day.isoformat() if s.day else None,
                  "counted": s.counted, "used": s.id in used} for s in snap.sources],
        inference={"graph": snap.inferred_graph.value, "triples": dict(snap.inferred),
                   "method": "SPARQL updates in a scratch copy of the counted graphs: rdf:type closed over rdfs:subClassOf; "
                             "owl:inverseOf, owl:SymmetricProperty and rdfs:subPropertyOf applied to object properties; "
                             "statuses as of the date and egov:InServiceSystem in " + snap.as_of_graph.value},
        nodes=nodes, timings=timings)


def _scores(rules: list[Rule], rule_status: dict[str, str]) -> dict[str, float | None]:
    by_layer: dict[str, list[float]] = defaultdict(list)
    for rule in rules:
        status = rule_status.get(rule.rule_id, "not_applicable")
        if status in CREDIT:
            by_layer[rule.layer].append(CREDIT[status])
    scores: dict[str, float | None] = {}
    for layer in sorted(set(LAYERS) | set(by_layer)):
        credits = by_layer.get(layer)
        scores[layer] = round(100 * sum(credits) / len(credits), 1) if credits else None
    every = [c for credits in by_layer.values() for c in credits]
    scores["overall"] = round(100 * sum(every) / len(every), 1) if every else None
    return scores
