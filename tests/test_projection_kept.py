"""The projection kept with an on-disk store (``graph.network.cache.stored_projection``): reused by the
next process while the store's content is the one it was built from, never after a write (in this process
or another), and rebuilt when its file is damaged. Correctness only: how fast it is, benchmarks/ says."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.kg import KnowledgeGraph
from graph.network import cache as kept
from graph.network.projection import Projection
from graph.store import OxigraphStore
from loaders import read_sources

from .support import hostile
from .support.cli import run


def _open(store: Path, iris) -> KnowledgeGraph:
    return KnowledgeGraph(OxigraphStore(store), iris)


def _ids(p: Projection) -> set[str]:
    return {d["id"] for _, d in p.graph.nodes(data=True)}


@pytest.fixture
def store(tmp_path: Path, iris, bundled) -> Path:
    path = tmp_path / "store"
    kg = _open(path, iris)
    kg.load(bundled)
    kg.close()
    return path


def _count_builds(monkeypatch) -> list[int]:
    """Let the projection be built as usual, and count how often."""
    calls: list[int] = []
    build = Projection.build.__func__
    monkeypatch.setattr(Projection, "build", classmethod(lambda cls, g: calls.append(1) or build(cls, g)))
    return calls


def _no_build(monkeypatch) -> None:
    def refuse(kg):
        raise AssertionError("the projection was built although the kept one was current")

    monkeypatch.setattr(Projection, "build", classmethod(lambda cls, kg: refuse(kg)))


def test_the_next_process_reuses_the_projection(store: Path, iris, monkeypatch) -> None:
    kg = _open(store, iris)
    built = kept.stored_projection(kg)
    kg.close()
    assert (store / kept.CACHE_FILE).is_file()
    kg = _open(store, iris)  # as the next process does: a new store object, generation 0 again
    _no_build(monkeypatch)
    again = kept.stored_projection(kg)
    kg.close()
    assert _ids(again) == _ids(built)
    assert sorted(again.graph.edges(keys=True)) == sorted(built.graph.edges(keys=True))
    assert again.graph.nodes["https://w3id.org/egovkg/id/system/ndxp"] == built.graph.nodes["https://w3id.org/egovkg/id/system/ndxp"]
    assert again.kinds == built.kinds  # derived caches are worked out again, not read stale


def test_a_load_in_another_process_makes_the_kept_projection_stale(store: Path, iris, tmp_path: Path) -> None:
    kg = _open(store, iris)
    assert hostile.SYSTEM_ID not in _ids(kept.stored_projection(kg))
    kg.close()
    extra = tmp_path / "extra.yaml"
    extra.write_text(hostile.FACTS, encoding="utf-8")
    run("load", str(extra), store=store)
    out = run("neighbours", hostile.SYSTEM_ID, store=store)  # the first command after the load sees it
    assert hostile.SYSTEM_ID in out.stdout
    kg = _open(store, iris)
    assert hostile.SYSTEM_ID in _ids(kept.stored_projection(kg))
    kg.close()


def test_a_write_in_this_process_makes_it_stale(store: Path, iris, tmp_path: Path) -> None:
    kg = _open(store, iris)
    kept.stored_projection(kg)
    extra = tmp_path / "extra.yaml"
    extra.write_text(hostile.FACTS, encoding="utf-8")
    kg.load(read_sources([extra], iris))
    assert hostile.SYSTEM_ID in _ids(kept.stored_projection(kg))
    kg.store.drop_graphs([g for g in kg.store.named_graphs() if "hostile" in g.value])
    assert hostile.SYSTEM_ID not in _ids(kept.stored_projection(kg))
    kg.close()


def test_a_failed_write_makes_it_stale_too(store: Path, iris, monkeypatch) -> None:
    kg = _open(store, iris)
    kept.stored_projection(kg)
    stamp = kg.store.content_stamp()
    with pytest.raises(Exception):  # any failure: the update is not valid SPARQL
        kg.store.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> ")
    assert kg.store.content_stamp() != stamp
    kg.close()


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage"])
def test_a_damaged_file_is_ignored_and_rebuilt(store: Path, iris, damage: bytes, monkeypatch) -> None:
    kg = _open(store, iris)
    good = _ids(kept.stored_projection(kg))
    (store / kept.CACHE_FILE).write_bytes(damage)
    assert _ids(kept.stored_projection(kg)) == good
    kg.close()
    kg = _open(store, iris)
    _no_build(monkeypatch)  # the rewritten file is whole again: read without building
    assert _ids(kept.stored_projection(kg)) == good
    kg.close()


def test_a_file_of_other_content_is_not_used(store: Path, iris, monkeypatch) -> None:
    kg = _open(store, iris)
    kept.stored_projection(kg)
    kg.close()
    (store / "egovkg-stamp").write_text("something else\n", encoding="ascii")  # as if written by another load
    kg = _open(store, iris)
    calls = _count_builds(monkeypatch)
    kept.stored_projection(kg)
    assert calls == [1]
    kg.close()


def test_a_store_in_memory_keeps_nothing(kg) -> None:
    assert kg.store.content_stamp() is None
    assert kept.stored_projection(kg).graph.number_of_nodes() > 0


def test_a_server_prepares_it_as_it_starts(store: Path, iris, monkeypatch) -> None:
    cache = kept.ProjectionCache(recheck_seconds=3600)
    kg = _open(store, iris)
    cache.prepare(kg)
    cache.wait(60)
    _no_build(monkeypatch)  # the first request finds it there
    assert cache.get(kg).graph.number_of_nodes() > 0
    kg.close()


def test_a_file_written_by_other_code_is_not_used(store: Path, iris, monkeypatch) -> None:
    kg = _open(store, iris)
    kept.stored_projection(kg)
    monkeypatch.setattr(kept, "_code_version", lambda: "another version of the projection's classes")
    calls = _count_builds(monkeypatch)
    kept.stored_projection(kg)
    assert calls == [1]
    kg.close()


def test_the_kept_projection_carries_the_graphs_paths_and_impact_walk(store, iris, monkeypatch):
    from graph.network import impact

    kg = _open(store, iris)
    try:
        kept.stored_projection(kg)  # built and written
        again = kept.stored_projection(kg)  # read back from the file
        assert "_flow_graph" in again.__dict__ and "_dependency_graph" in again.__dict__
        fresh = Projection.build(kg)
        assert set(impact.flow_graph(again).edges) == set(impact.flow_graph(fresh).edges)
        def dependencies(p: Projection) -> set:
            return {(a, b, d["transitive"], d["stated"]) for a, b, d in impact.dependency_graph(p).edges(data=True)}

        assert dependencies(again) == dependencies(fresh)

        def underived(*_a, **_k):
            raise AssertionError("derived again although the kept file carries it")

        monkeypatch.setattr(impact, "DEPENDENCIES", underived)  # deriving either graph would read this table
        monkeypatch.setattr(impact, "FLOWS", underived)
        read = kept.stored_projection(kg)
        lgsp, ndxp = read.key("quang-nam/lgsp"), read.key("ndxp")
        assert impact.flow_graph(read).has_edge(lgsp, ndxp) and impact.dependency_graph(read).number_of_edges()
    finally:
        kg.close()
