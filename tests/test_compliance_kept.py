"""As-of views kept with an on-disk store (``graph.compliance.kept``): a kept view gives the findings a fresh one
gives (and the previous engine's), serves every date no dated value separates from its own, is never opened
half-written or for other content, and is not used once the store changes."""

from __future__ import annotations

import json
import os
import time
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.compliance import engine, kept, reference
from graph.compliance.kept import FOLDER, KeptViews, date_position, kept_views, spread
from graph.compliance.runner import GuardedCompliance
from graph.compliance.snapshot import _dated, build_snapshot
from graph.kg import KnowledgeGraph
from graph.sandbox import Limits
from graph.store import OxigraphStore
from graph.units import read_units
from loaders import bundled_sources
from ontology import IRIs

from .support.cli import run
from .support.compliance import findings


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> KnowledgeGraph:
    """The curated data in an on-disk store of this module's own."""
    iris = IRIs()
    graph = KnowledgeGraph(OxigraphStore(tmp_path_factory.mktemp("kept") / "store"), iris)
    graph.load(bundled_sources(iris))
    yield graph
    graph.close()


def views_of(kg: KnowledgeGraph) -> KeptViews:
    views = kept_views(kg.store, kg.iris.base)
    assert views is not None
    return views


def quads(store) -> set[str]:
    """The quads of a view, blank nodes named canonically (each parse of the store's graphs names them afresh)."""
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


@pytest.mark.parametrize(("province", "day"), [
    (None, date(2026, 1, 1)), (None, date(2020, 12, 31)), ("quang-nam", date(2022, 12, 31)),
    ("kien-giang", date(2018, 12, 31)), ("da-nang", date(2025, 12, 31)),
])
def test_a_kept_view_gives_the_findings_of_a_fresh_one(curated, province, day):
    views = views_of(curated)
    built = engine.evaluate(curated, province, day, views=views)
    again = engine.evaluate(curated, province, day, views=views)
    assert "kept view" in again.timings and "copy" not in again.timings  # opened, not built
    fresh = engine.evaluate(curated, province, day)
    assert findings(built) == findings(again) == findings(fresh) == findings(reference.evaluate(curated, province, day))


def test_a_kept_view_serves_the_dates_no_dated_value_separates(curated):
    """Views are filed by where the date falls among the dated values: every date filed with another gets a view
    equal, quad for quad, to the one built for its own date; and dates across a dated value are filed apart."""
    views = views_of(curated)
    dates = spread(_dated(curated, read_units(curated)))
    assert len(dates) > 10
    inside = [d for d in dates if d + timedelta(days=1) in dates and d - timedelta(days=1) in dates]
    days = sorted({date(2026, 12, 6), date(2027, 3, 1), date(2031, 1, 1), date(2019, 7, 1), date(2019, 8, 1)}
                  | set(inside[::max(1, len(inside) // 6)]))
    shared = 0
    for day in days:
        fresh = build_snapshot(curated, day)
        through = build_snapshot(curated, day, views=views)
        try:
            assert quads(through.store) == quads(fresh.store), day
            assert through.inferred == fresh.inferred and through.graphs == fresh.graphs
            shared += "kept view" in through.timings
        finally:
            fresh.close()
            through.close()
    assert shared > 0  # some dates were served by a view kept for another date
    position = date_position(dates, date(2026, 12, 6))
    assert date_position(dates, date(2027, 3, 1)) == position or any(date(2026, 12, 6) < d <= date(2027, 3, 1) for d in dates)
    for d in inside[:5]:
        assert len({date_position(dates, d - timedelta(days=1)), date_position(dates, d), date_position(dates, d + timedelta(days=1))}) == 3


def test_a_half_written_or_foreign_view_is_never_opened(curated, tmp_path):
    views = views_of(curated)
    day = date(2024, 6, 30)
    snap = build_snapshot(curated, day, views=views)
    snap.close()
    key = views.key(date_position(spread(_dated(curated, read_units(curated))), day),
                    snap.graphs + [curated.iris.rules_graph.value])
    folder = Path(curated.store.path) / FOLDER / key
    assert (folder / kept.DESCRIPTION).is_file()
    description = json.loads((folder / kept.DESCRIPTION).read_text())
    (folder / kept.DESCRIPTION).write_text(json.dumps({**description, "stamp": "another"}))
    assert views.open(key) is None  # describes other content
    (folder / kept.DESCRIPTION).write_text(json.dumps({**description, "inferred": ["not", "counts"]}))
    assert views.open(key) is None  # describes the key, but not as this code writes it
    (folder / kept.DESCRIPTION).write_text('{"format": "egovkg-compl')  # cut short
    assert views.open(key) is None
    (folder / kept.DESCRIPTION).unlink()  # a folder without its description: as a killed writer leaves a temporary
    assert views.open(key) is None
    again = build_snapshot(curated, day, views=views)
    try:
        assert "copy" in again.timings  # built again, not opened
    finally:
        again.close()


def test_a_changed_store_is_checked_afresh(tmp_path, iris):
    kg = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    try:
        kg.load(bundled_sources(iris))
        day = date(2026, 1, 1)
        before = views_of(kg)
        first = engine.evaluate(kg, None, day, views=before)
        assert "kept view" in engine.evaluate(kg, None, day, views=before).timings
        dropped = next(g for g in kg.store.named_graphs() if "graph/source/da-nang" in g.value)
        kg.store.update(f"DROP GRAPH {dropped}")
        after = views_of(kg)
        assert after.stamp != before.stamp  # the write renewed the content stamp
        changed = engine.evaluate(kg, None, day, views=after)
        assert "copy" in changed.timings  # nothing kept for this content: built
        assert findings(changed) == findings(engine.evaluate(kg, None, day))
        assert findings(changed) != findings(first)
        assert not any(dropped.value.endswith(s["id"]) for s in changed.sources)
        remaining = [p.name for p in (Path(kg.store.path) / FOLDER).iterdir() if p.is_dir()]
        assert len(remaining) == 1  # the view of the old content went when the new one was kept
        kg.load(bundled_sources(iris))  # a load: the dropped report is back, under a stamp of its own
        reloaded = views_of(kg)
        assert reloaded.stamp not in (before.stamp, after.stamp)
        again = engine.evaluate(kg, None, day, views=reloaded)
        assert "copy" in again.timings and findings(again) == findings(first)
    finally:
        kg.close()


def test_what_a_check_reads_of_the_store_is_kept_for_its_content(tmp_path, iris, monkeypatch):
    """The reports, units, dated values and names' sources are read from the store once per content, then from the
    files kept beside the views; a damaged file is read around and replaced, a write to the store reads afresh."""
    from graph.compliance import snapshot
    from graph import units as units_module

    kg = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    try:
        kg.load(bundled_sources(iris))
        day = date(2026, 1, 1)
        first = engine.evaluate(kg, None, day, views=views_of(kg))
        reads: list[str] = []

        def counted(name, fn):
            def wrapper(*args, **kwargs):
                reads.append(name)
                return fn(*args, **kwargs)
            return wrapper

        monkeypatch.setattr(snapshot, "_read_reports", counted("reports", snapshot._read_reports))
        monkeypatch.setattr(snapshot, "_dated", counted("dated", snapshot._dated))
        monkeypatch.setattr(snapshot, "read_units", counted("units", units_module.read_units))
        monkeypatch.setattr(engine, "_graph_sources", counted("graph-sources", engine._graph_sources))
        again = engine.evaluate(kg, None, day, views=views_of(kg))
        assert reads == [] and "kept view" in again.timings
        assert findings(again) == findings(first) == findings(engine.evaluate(kg, None, day))
        folder = Path(kg.store.path) / FOLDER
        assert {p.name for p in folder.glob("facts-*")} == {f"facts-{n}.pickle" for n in ("reports", "dated", "units", "graph-sources")}

        reads.clear()  # (the check without views above read the store, as it always does)
        (folder / "facts-reports.pickle").write_bytes(b"\x80\x05 not a pickle")
        (folder / "facts-units.pickle").write_bytes(b"")
        damaged = engine.evaluate(kg, "quang-nam", date(2022, 12, 31), views=views_of(kg))
        assert sorted(reads) == ["reports", "units"]
        assert findings(damaged) == findings(engine.evaluate(kg, "quang-nam", date(2022, 12, 31)))
        reads.clear()
        engine.evaluate(kg, "quang-nam", date(2022, 12, 31), views=views_of(kg))
        assert reads == []  # replaced whole
        assert not list(folder.glob(".tmp-facts*"))

        kg.store.update(f"DROP GRAPH {next(g for g in kg.store.named_graphs() if 'graph/source/da-nang' in g.value)}")
        changed = engine.evaluate(kg, None, day, views=views_of(kg))
        assert sorted(reads) == ["dated", "graph-sources", "reports", "units"]
        assert findings(changed) == findings(engine.evaluate(kg, None, day)) != findings(first)
    finally:
        kg.close()


def test_the_guarded_check_keeps_the_view_and_opens_it(disk_kg, iris):
    disk_kg.load(bundled_sources(iris))
    guarded = GuardedCompliance(disk_kg, Limits(30.0, 10_000))
    try:
        day = date(2025, 12, 31)
        first = guarded.evaluate(None, day)
        assert "copy" in first.timings and "keep" in first.timings
        second = guarded.evaluate("da-nang", date(2025, 12, 30))  # another province: its own view
        third = GuardedCompliance(disk_kg, Limits(30.0, 10_000)).evaluate(None, day)  # a new runner, as a new process
        assert "kept view" in third.timings
        assert findings(third) == findings(first) == findings(engine.evaluate(disk_kg, None, day))
        assert findings(second) == findings(engine.evaluate(disk_kg, "da-nang", date(2025, 12, 30)))
        disk_kg.store.update(f"DROP GRAPH {next(g for g in disk_kg.store.named_graphs() if 'quang-nam' in g.value)}")
        fourth = guarded.evaluate(None, day)
        assert "copy" in fourth.timings and findings(fourth) == findings(engine.evaluate(disk_kg, None, day))
    finally:
        guarded.close()


def test_egovkg_load_keeps_todays_view_and_check_opens_it(tmp_path):
    store = tmp_path / "store"
    loaded = run("load", store=store)
    assert "kept today's as-of view" in loaded.stderr
    assert len([p for p in (store / FOLDER).iterdir() if p.is_dir() and not p.name.startswith(".")]) == 1
    report = json.loads(run("check", "--format", "json", store=store, check=False).stdout)
    assert "kept view" in report["timings"] and "copy" not in report["timings"]


def test_a_view_kept_as_a_store_folder_gives_the_findings_of_a_fresh_one(tmp_path, iris, monkeypatch):
    """Views above ``IN_MEMORY_QUADS`` (a national graph's) are Oxigraph folders opened read-only: the curated
    data's view kept that way gives the same findings too."""
    monkeypatch.setattr(kept, "IN_MEMORY_QUADS", 0)
    kg = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    try:
        kg.load(bundled_sources(iris))
        views = views_of(kg)
        for province, day in ((None, date(2026, 1, 1)), ("kien-giang", date(2018, 12, 31))):
            built = engine.evaluate(kg, province, day, views=views)
            again = engine.evaluate(kg, province, day, views=views)
            assert "kept view" in again.timings
            assert findings(built) == findings(again) == findings(engine.evaluate(kg, province, day))
        forms = {json.loads((p / kept.DESCRIPTION).read_text())["form"] for p in (Path(kg.store.path) / FOLDER).iterdir()
                 if p.is_dir()}
        assert forms == {"oxigraph"}
    finally:
        kg.close()


def test_views_beyond_twice_the_stores_size_go_the_oldest_used_first(tmp_path):
    """A large view (today's, built in a copy of the store's folder) takes several times a small one's room: the
    views kept stay within :data:`kept.MAX_SIZE_RATIO` times the store's own size, the oldest used going first,
    the view just kept and any used in the last minutes staying."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "000001.sst").write_bytes(b"x" * 1000)  # the store: 1,000 bytes
    views = KeptViews(store, "stamp", "https://example.org/")
    root = store / FOLDER
    root.mkdir()
    old = time.time() - 2 * kept.IN_USE_SECONDS

    def view(name: str, size: int, used: float) -> Path:
        path = root / name
        path.mkdir()
        (path / "data").write_bytes(b"v" * size)
        (path / kept.DESCRIPTION).write_text(json.dumps({"stamp": "stamp", "code": kept._code_version()}), encoding="utf-8")
        os.utime(path / kept.DESCRIPTION, (used, used))
        return path

    oldest, older, recent = view("a", 900, old - 20), view("b", 900, old - 10), view("c", 900, time.time())
    just_kept = view("d", 900, old)
    views._tidy(keep="d")
    # budget 2,000 bytes less the view just kept: the two oldest go, the one in use stays although over budget
    assert just_kept.exists() and recent.exists()
    assert not oldest.exists() and not older.exists()
