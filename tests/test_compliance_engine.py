"""The faster compliance engine gives the previous engine's findings (``graph.compliance.reference``), on the curated
data and on a small synthetic graph with many non-compliant links; and the rules' queries, reordered so Oxigraph
starts from the selective patterns, return the rows they returned written province first.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.compliance import engine, reference
from graph.compliance.reference_queries import BEFORE
from graph.compliance.rules import load_rules
from graph.compliance.snapshot import build_snapshot
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import read_sources, reference_sources
from loaders.synth import SynthOptions, write_synthetic
from ontology import IRIs

from .support.compliance import findings


def same_evidence(kg: KnowledgeGraph, report, province: str | None) -> int:
    """Both evidence readers give every node of the findings the same items (in any order; the previous one gave an
    item once for each end of its link among the nodes it was asked about, the engine once for each end that is the
    node)."""
    nodes = {n for f in report.findings for n in f.focus}
    units = [p.unit.iri for p in report.provinces] if province is not None else None
    snap = build_snapshot(kg, report.as_of, provinces=units)
    try:
        evidence = engine.Evidence(kg, snap)
        new = {n: evidence.get(n) for n in nodes}
        old = reference.evidence_by_query(kg, snap, nodes)
    finally:
        snap.close()
    canonical = {n: sorted({json.dumps(i, sort_keys=True) for i in items}) for n, items in new.items() if items}
    assert canonical == {n: sorted({json.dumps(i, sort_keys=True) for i in items}) for n, items in old.items() if items}
    return sum(len(items) for items in canonical.values())


def same_findings(kg: KnowledgeGraph, province: str | None, day: date) -> int:
    new = engine.evaluate(kg, province, day)
    assert findings(new) == findings(reference.evaluate(kg, province, day))
    return same_evidence(kg, new, province)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> KnowledgeGraph:
    """Three provinces, half of the framework links left out or bypassing the LGSP (``--noncompliant 0.5``)."""
    path = Path(tmp_path_factory.mktemp("synth")) / "synthetic.nq"
    with path.open("w", encoding="utf-8") as fh:
        write_synthetic(fh, SynthOptions(provinces=3, scale=0.05, noncompliant=0.5, first_year=2022))
    iris = IRIs()
    graph = KnowledgeGraph(OxigraphStore(), iris)
    graph.load(reference_sources(iris) + read_sources([path], iris))
    yield graph
    graph.close()


@pytest.mark.parametrize(("province", "day"), [
    (None, date(2026, 1, 1)), (None, date(2020, 12, 31)), ("quang-nam", date(2022, 12, 31)),
    ("kien-giang", date(2018, 12, 31)), ("son-la", date(2023, 2, 28)), ("da-nang", date(2025, 12, 31)),
])
def test_curated_data_gives_the_previous_findings(kg, province, day):
    assert same_findings(kg, province, day) > 0


@pytest.mark.parametrize(("province", "day"), [(None, date(2025, 12, 31)), (None, date(2023, 6, 30))])
def test_a_noncompliant_synthetic_graph_gives_the_previous_findings(synthetic, province, day):
    report = engine.evaluate(synthetic, province, day)
    assert report.count("violation") > 0 and len(report.provinces) >= 2  # the comparison has something to compare
    assert same_findings(synthetic, province, day) > 0


def test_one_synthetic_province_gives_the_previous_findings(synthetic):
    slug = engine.evaluate(synthetic, None, date(2025, 12, 31)).provinces[0].unit.slug
    assert same_findings(synthetic, slug, date(2025, 12, 31)) > 0


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2023, 6, 30)])
def test_rewritten_rule_queries_return_the_rows_they_returned(kg, synthetic, day):
    rows = 0
    for graph in (kg, synthetic):
        snap = build_snapshot(graph, day)
        try:
            before = {c.id: c for rule in reference.rules_as_before(snap) for c in rule.checks}
            for rule in load_rules(snap):
                for check in rule.checks:
                    if check.id not in BEFORE:
                        continue
                    assert (check.target, check.constraint) != (before[check.id].target, before[check.id].constraint)
                    for now, then in ((check.target, before[check.id].target), (check.constraint, before[check.id].constraint)):
                        expected = sorted(map(repr, snap.select(then)))
                        assert sorted(map(repr, snap.select(now))) == expected, check.id
                        rows += len(expected)
        finally:
            snap.close()
    assert rows > 0  # the comparison saw rows, not only empty answers


def test_a_rule_whose_query_fails_is_an_error_and_the_rules_beside_it_are_unchanged(iris, bundled):
    """Rules run several at once: one whose query raises is reported as an error of that rule alone, whichever rule ran
    beside it, and the report is the one the rules run one after the other give."""
    graph = KnowledgeGraph(OxigraphStore(), iris)
    graph.load(bundled)
    try:
        day = date(2022, 12, 31)
        before = engine.evaluate(graph, "quang-nam", day)
        rules = iris.rules_graph.value
        graph.store.update(f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
            DELETE {{ GRAPH <{rules}> {{ ?c sh:select ?q }} }}
            INSERT {{ GRAPH <{rules}> {{ ?c sh:select "SELECT $this WHERE {{ $this a egov:Province . FILTER(" }} }}
            WHERE {{ GRAPH <{rules}> {{ <{iris.base}id/check/vneaf-int-01-no-lgsp> sh:sparql ?c . ?c sh:select ?q }} }}""")
        parallel = engine.evaluate(graph, "quang-nam", day)
        serial = engine.evaluate(graph, "quang-nam", day, method=engine.Method(workers=1))
    finally:
        graph.close()
    broken = [f for f in parallel.findings if f.rule_id == "VNEAF-INT-01"]
    assert [f.status for f in broken] == ["error"] and "SyntaxError" in broken[0].reason
    unchanged = lambda report: [(f.rule_id, f.status, f.message_en) for f in report.findings if f.rule_id != "VNEAF-INT-01"]  # noqa: E731
    assert unchanged(parallel) == unchanged(before)
    assert findings(parallel) == findings(serial)


@pytest.mark.parametrize("day", [date(2022, 12, 31), date(2026, 1, 1)])
def test_names_read_by_lookups_are_the_names_a_query_reads(kg, synthetic, day):
    """A finding's nodes are named from their labels in the counted reports: read by index lookups from the embedded
    store, by one query from a remote one; both give every node the same names."""

    class QueriedOnly:  # the store as a remote one is used: no index lookups
        def __init__(self, store):
            self._store = store

        def __getattr__(self, name):
            if name == "quads_for_pattern":
                raise AttributeError(name)
            return getattr(self._store, name)

    for graph in (kg, synthetic):
        snap = build_snapshot(graph, day)
        try:
            nodes = {r["s"].value for r in graph.select("SELECT DISTINCT ?s WHERE { ?s rdfs:label ?l }").dicts()}
            sources = engine._graph_sources(graph)
            looked_up = engine._node_info(graph, snap, nodes, sources)
            queried = engine._node_info(KnowledgeGraph(QueriedOnly(graph.store), graph.iris), snap, nodes, sources)
            assert looked_up == queried and len(looked_up) == len(nodes) > 50
            assert sum(1 for d in looked_up.values() if d["label_vi"] != d["id"]) > 50  # named from labels, not ids
        finally:
            snap.close()
