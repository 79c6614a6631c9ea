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

import os
import re
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from itertools import product
from typing import Any, Protocol
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from collections.abc import Callable, Iterable, Iterator

from egovkg.errors import InputError, NotFoundError
from graph.compliance.kept import KeptViews
from graph.compliance.rules import SH, Check, Rule, load_rules
from graph.kg import KnowledgeGraph
from graph.compliance.snapshot import AsOfSteps, Snapshot, build_snapshot, read_units_kept
from graph.units import Unit
from ontology import RDF, RDFS, IRIs
from ontology.names import names_from_rows
from pyoxigraph import BlankNode, DefaultGraph, NamedNode

__all__ = ["SH", "Check", "ComplianceReport", "Finding", "Method", "ProvinceResult", "Rule", "evaluate", "failures", "load_rules", "resolve_unit"]

#: "error": the rule could not be evaluated (a query it runs is refused, fails, or ran past the limits)
RANK = {"error": 4, "violation": 3, "warning": 2, "info": 1, "pass": 0, "not_applicable": -1}
#: what one rule contributes to its layer's score (an info finding is not a departure from the rule)
CREDIT = {"pass": 1.0, "info": 1.0, "warning": 0.5, "violation": 0.0}
LAYERS = ("chn", "app", "int", "dat", "inf", "sec", "gov")
_PLACEHOLDER = re.compile(r"\{[$?](\w+)\}")
EVIDENCE_PER_FINDING = 6
#: rules run at once: one more than the cores, at most three. A rule's time is Oxigraph evaluating its queries,
#: without Python's lock, and Python reading their rows and its findings' evidence, with it: on two cores a third
#: thread fills the gaps (every province at 1 M quads, in process: 1.29–1.32 s with three, 1.36–1.46 s with two,
#: 1.38 s with four). Each running query holds its own working memory under the check's memory cap.
RULE_WORKERS = max(1, min(3, (os.cpu_count() or 1) + 1))
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

class Placing(Protocol):
    """Which checked provinces a node (a term of a query's row) is in."""

    def get(self, node: Any, default: Any = ...) -> Iterable[str]: ...


class Placement:
    """Which checked provinces a node is in (a province is in itself; a node by its ``egov:locatedIn`` values that
    are provinces), looked up in the view's indexes for the nodes the checks' targets return and remembered: the
    placement the previous engine read (every location of the view, 0.7 s at 1 M quads) for a few thousand
    lookups. Safe to use from several threads (a node looked up twice at once is looked up twice, alike)."""

    def __init__(self, snap: Snapshot, provinces: set[str]) -> None:
        self._store, self._default = snap.store, DefaultGraph()
        self._located = NamedNode(snap.iris.ontology_ns + "locatedIn")
        kind, province = NamedNode(RDF + "type"), NamedNode(snap.iris.ontology_ns + "Province")
        self._provinces = frozenset(provinces)
        self._typed = frozenset(p for p in provinces if any(
            True for _ in self._store.quads_for_pattern(NamedNode(p), kind, province, self._default)))
        self._known: dict[Any, frozenset[str]] = {}

    def get(self, node: Any, default: Any = ()) -> frozenset[str]:
        """The checked provinces ``node`` (a term of a query's row) is in; empty when none."""
        known = self._known.get(node)
        if known is None:
            found = {node.value} if node.value in self._provinces else set()
            if isinstance(node, (NamedNode, BlankNode)):
                found.update(q.object.value for q in self._store.quads_for_pattern(node, self._located, None, self._default)
                             if q.object.value in self._typed)
            known = self._known[node] = frozenset(found)
        return known


def _foci(snap: Snapshot, check: Check, where: "Placing", select: Callable[[str], list[dict]] | None = None
          ) -> dict[str, set[str]]:
    """Province IRI → focus nodes of ``check`` in it (its target's rows from ``select``, by default the view's)."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in (select or snap.select)(check.target):
        this = r["this"]
        for p in where.get(this, ()):
            out[p].add(this.value)
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


def _graph_sources(kg: KnowledgeGraph) -> dict[str, list[dict]]:
    """Each graph's sources, with their years and issue dates (what :func:`ontology.names.choose_name` weighs)."""
    sources: dict[str, list[dict]] = defaultdict(list)
    for r in kg.select(_GRAPH_SOURCES).dicts():
        sources[r["g"].value].append({k: r[k] for k in ("src", "year", "issued")})
    return sources


def _node_info(kg: KnowledgeGraph, snap: Snapshot, iris_: set[str],
               sources: dict[str, list[dict]] | None = None) -> dict[str, dict]:
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
    sources = _graph_sources(kg) if sources is None else sources
    lookup = getattr(kg.store, "quads_for_pattern", None)
    if lookup is None:  # a remote store: one query
        labels = [(r["s"], r["g"].value, r["name"]) for r in kg.select(_LABELS % values).dicts()]
    else:  # by index lookups: for the 5–50 nodes of a rule's findings, faster than parsing and planning a query
        label = NamedNode(RDFS + "label")
        labels = [(q.subject, q.graph_name.value, q.object) for i in sorted(iris_)
                  for q in lookup(NamedNode(i), label, None, None) if isinstance(q.graph_name, NamedNode)]
    rows = [{"s": s, "name": name, **source} for s, graph, name in labels if graph in counted
            for source in sources.get(graph) or [{}]]
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


class Evidence:
    """What the counted reports say about nodes: a node's latest status on the date, the link assertions it is an
    end of, the reports that mention it (:meth:`items`). Read for each rule's findings as the rule ends (in the
    thread that ran the rule, while others run theirs), a node when first asked about, and of the links only what
    a finding shows: :data:`EVIDENCE_PER_FINDING` items, most often about its focus node alone (reading every link
    of every node a report names, 6,000 link assertions at 1 M quads, took 0.55 s). Safe to use from several threads:
    a node read twice at once is read twice, alike.

    A node's items come in a fixed order, whatever else is read: its status, then its links (the assertions whose
    ``rdf:subject`` it is, then those whose ``rdf:object`` it is, each sorted, each giving one item per combination
    of its values, sorted), then its mentions (by graph, then quote)."""

    def __init__(self, kg: KnowledgeGraph, snap: Snapshot) -> None:
        self._kg, self._snap = kg, snap
        self._statuses: dict[str, dict | None] = {}
        self._mentions: dict[str, list[dict]] = {}
        self._ends: dict[str, tuple[list, list]] = {}
        self._assertions: dict[Any, tuple] = {}  # resource → (subjects, objects) of a link assertion, () for another
        self._values: dict[Any, dict[str, list[Any]]] = {}
        rdf, prov, egov = RDF, "http://www.w3.org/ns/prov#", snap.iris.ontology_ns
        self._store, self._default = snap.store, DefaultGraph()
        self._subject, self._object = NamedNode(rdf + "subject"), NamedNode(rdf + "object")
        self._kind, self._assertion = NamedNode(rdf + "type"), NamedNode(egov + "LinkAssertion")
        self._props = {"rel": NamedNode(rdf + "predicate"), "source": NamedNode(prov + "wasDerivedFrom"),
                       "quote": NamedNode(egov + "quote"), "valid_from": NamedNode(egov + "validFrom")}
        self._source_prefix = snap.iris.base + "id/source/"
        self._counted = frozenset(snap.graphs)
        self._status_of_term = NamedNode(egov + "statusOf")
        #: what a status record gives, in the order of :func:`_latest_statuses`' query
        self._status_props = (NamedNode(egov + "status"), NamedNode(egov + "asOf"), self._props["source"], self._props["quote"])

    def read(self, nodes: Iterable[str]) -> None:
        """Read the statuses and mentions of ``nodes`` not read yet. :meth:`items` reads one node at a time, when
        it is first asked about, by index lookups (the two queries of one node took 0.7 ms at 1 M quads, a third
        of it parsing them, 0.3 s for a report's 445 nodes; the two for a rule's 20–100 nodes at once, a ``VALUES``
        join, 10–40 ms); over a store that cannot be looked up so (a remote server), by queries."""
        missing = sorted({n for n in nodes if n not in self._mentions})
        if not missing:
            return
        lookup = getattr(self._kg.store, "quads_for_pattern", None)
        if lookup is None:
            values = " ".join(f"<{n}>" for n in missing)
            statuses = _latest_statuses(self._snap, values)
            mentions: dict[str, list[dict]] = defaultdict(list)
            _mentions(self._kg, self._snap, values, mentions)
        else:
            statuses = {n: status for n in missing if (status := self._status_of(n))}
            mentions = {n: self._mentions_of(n, lookup) for n in missing}
        for n in missing:
            self._statuses[n] = statuses.get(n)
            self._mentions[n] = mentions.get(n, [])

    def _status_of(self, node: str) -> dict | None:
        """:func:`_latest_statuses` of one node, by lookups in the view: its status records in the order the query
        walks them (each record, then its values), the latest on or before the date, the first of a day."""
        store, default = self._store, self._default
        day_limit = self._snap.as_of.isoformat()
        best: dict | None = None
        for record in store.quads_for_pattern(None, self._status_of_term, NamedNode(node), default):
            r = record.subject
            values = [[q.object for q in store.quads_for_pattern(r, p, None, default)] for p in self._status_props]
            for value, day, src, said in product(values[0], values[1], values[2], values[3] or [None]):
                if day.value <= day_limit and (best is None or day.value > best["as_of"]):
                    best = _status_item(node, value, day, said, src, self._source_prefix)
        return best

    def _mentions_of(self, node: str, lookup: Callable[..., Iterable[Any]]) -> list[dict]:
        """:func:`_mentions` of one node, by lookups in the store: its quotes in the counted reports' graphs, by
        graph then quote."""
        graph_prefix = self._snap.iris.base + "graph/source/"
        found = {(q.graph_name.value, q.object.value) for q in lookup(NamedNode(node), self._props["quote"], None, None)
                 if isinstance(q.graph_name, NamedNode) and q.graph_name.value.startswith(graph_prefix)
                 and q.graph_name.value in self._counted}
        return [{"kind": "mention", "about": node, "quote": said, "source": graph.removeprefix(graph_prefix)}
                for graph, said in sorted(found)]

    def get(self, node: str) -> list[dict]:
        """Every item about ``node``."""
        return list(self.items(node))

    def items(self, node: str, among: frozenset[str] | set[str] = frozenset()) -> Iterator[dict]:
        """The items about ``node`` in order, read as they are taken. With ``among`` (more than one node), links
        that do not join two of them are left out, and not read."""
        if node not in self._mentions:
            self.read([node])
        status = self._statuses.get(node)
        if status:
            yield status
        yield from self._links(node, among if len(among) > 1 else None)
        yield from self._mentions.get(node, [])

    def _objects(self, subject: Any, predicate: NamedNode) -> list[Any]:
        return sorted((q.object for q in self._store.quads_for_pattern(subject, predicate, None, self._default)), key=str)

    def _touching(self, node: str) -> tuple[list, list]:
        """The resources whose ``rdf:subject``, and whose ``rdf:object``, is ``node`` (link assertions among them), sorted."""
        found = self._ends.get(node)
        if found is None:
            term = NamedNode(node)
            found = self._ends[node] = tuple(  # type: ignore[assignment]
                sorted({q.subject for q in self._store.quads_for_pattern(None, end, term, self._default)}, key=str)
                for end in (self._subject, self._object))
        return found

    def _ends_of(self, a: Any) -> tuple:
        """(subjects, objects) of the link assertion ``a``; () when ``a`` is not one."""
        known = self._assertions.get(a)
        if known is None:
            is_link = any(True for _ in self._store.quads_for_pattern(a, self._kind, self._assertion, self._default))
            known = self._assertions[a] = (self._objects(a, self._subject), self._objects(a, self._object)) if is_link else ()
        return known

    def _links(self, node: str, among: frozenset[str] | set[str] | None) -> Iterator[dict]:
        as_subject, as_object = self._touching(node)
        others: set[Any] | None = None
        if among is not None:  # an item kept joins the node with another of them, or is a link of the node to itself
            others = set()
            for other in among:
                if other != node:
                    others.update(*self._touching(other))
            both = set(as_subject) & set(as_object)
        for branch, assertions in enumerate((as_subject, as_object)):
            for a in assertions:
                if others is not None and a not in others and a not in both:
                    continue
                ends = self._ends_of(a)
                if not ends:
                    continue
                subjects = [NamedNode(node)] if branch == 0 else ends[0]
                objects = [NamedNode(node)] if branch == 1 else ends[1]
                if among is not None and not (any(t.value in among for t in subjects) and any(t.value in among for t in objects)):
                    continue  # no item of it joins two of them
                values = self._values.get(a)
                if values is None:
                    values = self._values[a] = {k: self._objects(a, p) for k, p in self._props.items()}
                for s, p, o, src, q, f in product(subjects, values["rel"], objects, values["source"],
                                                  values["quote"] or [None], values["valid_from"] or [None]):
                    yield {"kind": "link", "from": s.value, "rel": p.value.rsplit("#", 1)[-1], "to": o.value,
                           "valid_from": f.value if f is not None else None, "quote": q.value if q is not None else None,
                           "source": src.value.removeprefix(self._source_prefix)}


def _latest_statuses(snap: Snapshot, values: str) -> dict[str, dict]:
    src_prefix = snap.iris.base + "id/source/"
    best: dict[str, dict] = {}
    for r in snap.select(f"""SELECT ?n ?status ?day ?quote ?src WHERE {{ VALUES ?n {{ {values} }}
        ?r egov:statusOf ?n ; egov:status ?status ; egov:asOf ?day ; prov:wasDerivedFrom ?src . OPTIONAL {{ ?r egov:quote ?quote }} }}"""):
        # two records of one day: the first the engine gives, as before (no ORDER BY: it would change the pick)
        day = r["day"].value
        if day <= snap.as_of.isoformat() and (r["n"].value not in best or day > best[r["n"].value]["as_of"]):
            best[r["n"].value] = _status_item(r["n"].value, r["status"], r["day"], r.get("quote"), r["src"], src_prefix)
    return best


def _status_item(node: str, status: Any, day: Any, quote: Any, source: Any, source_prefix: str) -> dict:
    """The evidence item of ``node``'s status record (terms; ``quote`` may be None)."""
    return {"kind": "status", "about": node, "status": status.value.rsplit("/", 1)[-1], "as_of": day.value,
            "quote": quote.value if quote is not None else None, "source": source.value.removeprefix(source_prefix)}


def _mentions(kg: KnowledgeGraph, snap: Snapshot, values: str, out: dict[str, list[dict]]) -> None:
    """Which report mentions a node is a matter of graphs, which the view has merged: ask the store."""
    graph_prefix, counted = snap.iris.base + "graph/source/", set(snap.graphs)
    for r in kg.select(f"""SELECT DISTINCT ?n ?quote ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?n egov:quote ?quote }} }}
                          ORDER BY ?g ?quote""").dicts():
        if r["g"].value.startswith(graph_prefix) and r["g"].value in counted:
            out[r["n"].value].append({"kind": "mention", "about": r["n"].value, "quote": r["quote"].value,
                                      "source": r["g"].value.removeprefix(graph_prefix)})


_KIND_ORDER = {"status": 0, "link": 1, "mention": 2}


def _pick_evidence(items_by_node: "Evidence | dict[str, list[dict]]", nodes: list[str]) -> list[dict]:
    picked: list[dict] = []
    seen: set = set()
    node_set = set(nodes)
    for n in nodes:  # the focus first: its status, then links among the finding's nodes, then its mentions
        if len(picked) >= EVIDENCE_PER_FINDING:  # what follows would be cut (and is not read)
            break
        items = (items_by_node.items(n, node_set) if isinstance(items_by_node, Evidence)
                 else sorted(items_by_node.get(n, []), key=lambda i: _KIND_ORDER[i["kind"]]))
        for item in items:
            if len(picked) >= EVIDENCE_PER_FINDING:
                break
            if item["kind"] == "link" and not {item["from"], item["to"]} <= node_set and len(node_set) > 1:
                continue
            # a mention that repeats a status or link quote adds nothing
            key = (item.get("quote"), item.get("source")) if item["kind"] == "mention" else (item["kind"], item.get("quote"), item.get("source"), item.get("about"))
            if key not in seen and (item.get("quote"), item.get("source")) not in seen:
                seen.add((item.get("quote"), item.get("source")))
                seen.add(key)
                picked.append(item)
    return picked


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
    from graph.sparql.lexer import network_refusal  # (a check's worker has it already: see egovkg.cli.compliance)

    return network_refusal(sparql, "rule query", refused_by="rules never do")


#: reads every node's evidence at once, after the rules (the previous engine's way): node → items
EvidenceReader = Callable[[KnowledgeGraph, Snapshot, set[str]], dict[str, list[dict]]]


@dataclass(frozen=True)
class Method:
    """How an evaluation reads the rules, builds the as-of view and reads the evidence: by default this engine's
    ways; :data:`graph.compliance.reference.PREVIOUS` holds the previous engine's, to compare findings and times."""

    rules: Callable[[Snapshot], list[Rule]] = load_rules
    steps: AsOfSteps | None = None  # None: the snapshot's own
    #: None: each rule's findings' evidence read as the rule ends (:class:`Evidence`)
    evidence: EvidenceReader | None = None
    #: which checked provinces the checks' focus nodes are in: looked up per focus node (:class:`Placement`), or every
    #: location read at once (:func:`graph.compliance.reference.placement_of_every_location`, the previous engine's)
    placement: Callable[[Snapshot, set[str]], "Placing"] = Placement
    #: rules evaluated at once (see :func:`_read_rules`); the previous engine ran one after the other
    workers: int = RULE_WORKERS


def evaluate(kg: KnowledgeGraph, province: str | None = None, as_of: date | None = None, *,
             skip: dict[str, str] | None = None, on_rule: Callable[[str], None] | None = None,
             on_rule_done: Callable[[str], None] | None = None,
             method: Method | None = None, views: KeptViews | None = None) -> ComplianceReport:
    """Check ``province`` (a slug; None: every province that the counted reports cover) as of ``as_of``
    (default: today) against the rules in force on that date.

    ``skip`` maps rule ids to why they were not run (the guarded runner's time or memory limit): they
    are reported as errors. ``on_rule`` is called with each rule's id before it runs, ``on_rule_done`` after
    (rules run :data:`RULE_WORKERS` at a time, so several may be running at once). ``method``: see
    :class:`Method` (for comparisons only). ``views``: the as-of views kept with the store
    (:mod:`graph.compliance.kept`): the view is opened from there when it is kept, and kept there when built."""
    method = method or Method()
    as_of = as_of or date.today()
    if method.steps is not None:  # the previous engine's steps build the view and read the store afresh, as it did
        views = None
    started = time.perf_counter()
    units = read_units_kept(kg, views)
    if province is not None:
        unit = resolve_unit(units, province, as_of)
        snap = build_snapshot(kg, as_of, provinces=[unit.iri], steps=method.steps, views=views)
    else:
        snap = build_snapshot(kg, as_of, steps=method.steps, views=views)
    try:
        return _evaluate(kg, snap, province, started, skip or {}, (on_rule, on_rule_done), method)
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


def _evaluate(kg: KnowledgeGraph, snap: Snapshot, province: str | None, started: float, skip: dict[str, str],
              callbacks: tuple[Callable[[str], None] | None, Callable[[str], None] | None], method: Method) -> ComplianceReport:
    iris: IRIs = snap.iris
    timings = dict(snap.timings)
    t0 = time.perf_counter()
    rules = method.rules(snap)
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
    where = method.placement(snap, checked_iris)
    failed: dict[str, str] = {}
    to_run: list[Rule] = []
    for rule in rules:
        if not rule.in_force(snap.as_of):
            for p in checked_iris:
                statuses[(p, rule.rule_id)].append(("not_applicable", None, "not in force on this date"))
            continue
        problem = skip.get(rule.rule_id) or next(
            (why for c in rule.checks for why in (rule_query_problem(c.target), rule_query_problem(c.constraint)) if why), None)
        if problem is None:
            to_run.append(rule)
        else:
            failed[rule.rule_id] = problem
    evidence = Evidence(kg, snap) if method.evidence is None else None
    sources = _Once(lambda _: _graph_sources(kg) if snap.views is None  # what names are chosen by, read once
                    else snap.views.facts("graph-sources", lambda: _graph_sources(kg)))
    reads = _read_rules(kg, snap, to_run, where, checked_iris, evidence, sources, *callbacks, workers=method.workers)
    picks: list[list[dict]] | None = [] if evidence is not None else None
    names: dict[str, dict] = {}
    for rule in rules:  # in the rules' order, whatever order their queries finished in
        if rule.rule_id in reads:
            read = reads[rule.rule_id]
            if not isinstance(read, BaseException):
                rule_statuses, rule_raw, rule_picks, rule_names = read
                for key, outcomes in rule_statuses.items():
                    statuses[key].extend(outcomes)
                raw.extend(rule_raw)
                names.update(rule_names)
                if picks is not None:
                    picks.extend(rule_picks)
                continue
            failed[rule.rule_id] = f"{type(read).__name__}: {str(read)[:300]}"
        if rule.rule_id in failed:
            for p in checked_iris:
                statuses[(p, rule.rule_id)].append(("error", None, failed[rule.rule_id]))
    timings["checks"] = time.perf_counter() - t0
    return _findings(kg, snap, checked, checked_iris, uncovered, covered, rules, statuses, raw, failed, started, timings,
                     method.evidence, picks, names, sources(None))


#: what one in-force check of a rule read: its focus nodes per province, the provinces with evidence of its
#: property (None: the check names none), and its constraint's rows per focus node
CheckRead = tuple[Check, dict[str, set[str]], "set[str] | None", dict[str, list[dict]]]
#: what one rule gave: its outcomes per (province, rule), its failing focus nodes (rule, check, province, focus,
#: rows, foci), with an :class:`Evidence` the evidence each of them shows, and the names of the nodes they name
RuleRead = tuple[dict, list, list, dict]


def _read_rules(kg: KnowledgeGraph, snap: Snapshot, rules: list[Rule], where: "Placing",
                checked_iris: set[str], evidence: "Evidence | None", sources: Callable[[Any], dict[str, list[dict]]],
                on_rule: Callable[[str], None] | None, on_done: Callable[[str], None] | None, *,
                workers: int) -> dict[str, "RuleRead | BaseException"]:
    """Run the queries of ``rules`` over the view, ``workers`` rules at a time (Oxigraph evaluates a query without
    holding Python's lock: two rules at once on two cores take 0.8 s where one after the other took 1.3 s, at 1 M
    quads), and read the evidence and names of each rule's findings as it ends, while the other worker runs its
    rule. Rule id
    → what it gave, or the exception one of its queries raised (a broken rule is a finding, not a failed report).
    ``on_rule`` and ``on_done`` are called with a rule's id when it starts and ends."""
    targets = _Once(snap.select)  # five checks share one target (0.05 s at 1 M quads), twenty another
    with_evidence = _Once(lambda prop: _with_evidence(snap, prop))

    def read(rule: Rule) -> "RuleRead | BaseException":
        if on_rule is not None:
            on_rule(rule.rule_id)
        try:
            reads = []
            for check in (c for c in rule.checks if c.in_force(snap.as_of)):
                foci = _foci(snap, check, where, targets)
                found = with_evidence(check.evidence_property) if check.evidence_property else None
                rows_by_focus: dict[str, list[dict]] = defaultdict(list)
                if any(foci.values()):
                    for row in snap.select(check.constraint):
                        rows_by_focus[row["this"].value].append(row)
                    for rows in rows_by_focus.values():  # the values a message lists, in an order no query plan changes
                        rows.sort(key=lambda row: sorted((k, str(v)) for k, v in row.items()))
                reads.append((check, foci, found, rows_by_focus))
            statuses: dict = defaultdict(list)
            raw: list = []
            _record(snap, rule, reads, checked_iris, statuses, raw)
            picks = []
            if evidence is not None:
                picks = [_pick_evidence(evidence, _shape(focus, rows, checked_iris)[0]) for _, _, _, focus, rows, _ in raw]
            return statuses, raw, picks, _node_info(kg, snap, _named(raw), sources(None))
        except Exception as exc:  # noqa: BLE001 - reported as the rule's error
            return exc
        finally:
            if on_done is not None:
                on_done(rule.rule_id)

    if workers <= 1 or len(rules) <= 1:
        return {rule.rule_id: read(rule) for rule in rules}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="egovkg-rule") as pool:
        return dict(zip((rule.rule_id for rule in rules), pool.map(read, rules)))


class _Once:
    """``fn`` of a key, computed once for every thread that asks (one computes, the others wait for it; if it
    fails, each computes for itself, and fails alike)."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self._fn = fn
        self._done: dict[Any, Any] = {}
        self._running: dict[Any, threading.Event] = {}
        self._lock = threading.Lock()

    def __call__(self, key: Any) -> Any:
        with self._lock:
            if key in self._done:
                return self._done[key]
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            running.wait()
            return self._done[key] if key in self._done else self._fn(key)
        try:
            value = self._done[key] = self._fn(key)
            return value
        finally:
            running.set()


def _named(raw: list) -> set[str]:
    """The nodes the findings ``raw`` name: each focus, and the IRIs its rows give (but their relations)."""
    out: set[str] = set()
    for _, _, _, focus, rows, _ in raw:
        out.add(focus)
        for row in rows:
            out.update(v.value for k, v in row.items() if k != "rel" and type(v).__name__ == "NamedNode")
    return out


def _shape(focus: str, rows: list[dict], checked_iris: set[str]) -> tuple[list[str], dict[tuple[str, str, str], None]]:
    """A failing focus node's finding: its nodes (the focus first, then the values its rows name, but not the
    checked provinces) and its edges (from, relation, to), each in the rows' order."""
    values: dict[str, None] = {}  # ordered sets: a check may return many rows for one focus
    edge_keys: dict[tuple[str, str, str], None] = {}
    for row in rows:
        for k, v in row.items():
            if k not in ("this", "rel", "from", "to") and type(v).__name__ == "NamedNode":
                values[v.value] = None
        if "rel" in row:
            edge_keys[(row.get("from", row["this"]).value, row["rel"].value.rsplit("#", 1)[-1],
                       row.get("to", row.get("value", row["this"])).value)] = None
    return [focus] + [v for v in values if v != focus and v not in checked_iris], edge_keys


def _record(snap: Snapshot, rule: Rule, reads: "list[CheckRead]", checked_iris: set[str], statuses: dict,
            raw: list) -> None:
    """Each checked province's outcome of ``rule`` from what its checks read."""
    if not reads:
        for p in checked_iris:
            statuses[(p, rule.rule_id)].append(("not_applicable", None, "no check of the rule is in force on this date"))
    for check, foci, with_evidence, rows_by_focus in reads:
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
              started: float, timings: dict[str, float], read_evidence: EvidenceReader | None,
              picks: list[list[dict]] | None, names: dict[str, dict], sources: dict[str, list[dict]]) -> ComplianceReport:
    """The report: ``picks`` are the evidence each of ``raw`` shows, read as the rules ended; without them every
    node's is read here with ``read_evidence`` (the previous engine's way). ``names``: the nodes' names read as the
    rules ended (the checked provinces' are read here)."""
    t0 = time.perf_counter()
    node_iris = set(checked_iris) | _named(raw)
    nodes = {**names, **_node_info(kg, snap, node_iris - set(names), sources)}
    shaped = [_shape(focus, rows, checked_iris) for _, _, _, focus, rows, _ in raw]
    if picks is None:
        assert read_evidence is not None
        evidence = read_evidence(kg, snap, {n for n in node_iris if n not in checked_iris} | {f for _, _, _, f, _, _ in raw})
        picks = [_pick_evidence(evidence, focus_nodes) for focus_nodes, _ in shaped]
    findings_by_province: dict[str, list[Finding]] = defaultdict(list)
    for (rule, check, p, focus, rows, _), (focus_nodes, edge_keys), picked in zip(raw, shaped, picks):
        edges = [{"from": f, "rel": r, "to": t} for f, r, t in edge_keys]
        merged = {k: [r[k] for r in rows if k in r] for k in {k for r in rows for k in r}}
        merged = {k: list({v.value: v for v in vs}.values()) for k, vs in merged.items()}
        status = check.severity if not (check.basis == "not-stated" and RANK[check.severity] > RANK["warning"]) else "warning"
        findings_by_province[p].append(Finding(
            province=snap.units[p].slug, rule_id=rule.rule_id, layer=rule.layer, severity=rule.severity, status=status,
            message_vi=_message(check.message["vi"], merged, nodes, "vi"), message_en=_message(check.message["en"], merged, nodes, "en"),
            check=check.id, check_severity=check.severity, basis=check.basis, focus=focus_nodes, edges=edges,
            evidence=picked, source=rule.source_dict()))
    linked = {e[k] for fs in findings_by_province.values() for f in fs for e in f.evidence if e["kind"] == "link"
              for k in ("from", "to")}
    nodes.update(_node_info(kg, snap, linked - set(nodes), sources))
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
