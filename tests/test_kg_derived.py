"""What pages derive from the whole graph (stats, coverage) is computed once per state of the store."""

from __future__ import annotations

from graph.kg import KnowledgeGraph
from graph.network.coverage import coverage
from graph.store.oxigraph import OxigraphStore
from loaders import read_sources


def test_stats_and_coverage_are_kept_until_the_store_is_written(tmp_path, iris, bundled):
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load(bundled)
    first = kg.stats()
    assert kg.stats() is first and coverage(kg) is coverage(kg)
    before = {c.slug: len(c.sources) for c in coverage(kg)}
    extra = tmp_path / "extra.yaml"
    extra.write_text("source:\n  id: extra-report\n  title: x\n  issued: 2024\n  province: son-la\n  period: 2024\n"
                     "  kind: article\nsystems:\n  - id: extra-system\n    kind: IOC\n    label: {vi: IOC, en: IOC}\n"
                     "    quote: x\n", encoding="utf-8")
    kg.load(read_sources([extra], iris))
    after = kg.stats()
    assert after is not first and after.sources == first.sources + 1
    assert {c.slug: len(c.sources) for c in coverage(kg)}["son-la"] == before["son-la"] + 1
