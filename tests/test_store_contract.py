"""The store contract: what every backend must do. Run against each backend (``STORE_FACTORIES``):
the embedded Oxigraph store in memory and on disk, and the remote SPARQL backend over a real Virtuoso.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from egovkg.errors import QuerySyntaxError
from graph.store import AskResult, GraphResult, OxigraphStore, SelectResult, Store

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")


def quad(s: str, p: str, o: str | Literal, g: NamedNode) -> Quad:
    obj = o if isinstance(o, Literal) else NamedNode(EX + o)
    return Quad(NamedNode(EX + s), NamedNode(EX + p), obj, g)


def virtuoso_store(request: pytest.FixtureRequest) -> Store:
    """The remote backend over a real Virtuoso (one server for the session, emptied before each test)."""
    store = request.getfixturevalue("virtuoso").store()
    store.clear()
    return store


#: each factory builds an empty store from the test's request (``request.getfixturevalue`` reaches fixtures)
STORE_FACTORIES: dict[str, Callable[[pytest.FixtureRequest], Store]] = {
    "oxigraph-memory": lambda request: OxigraphStore(),
    "oxigraph-disk": lambda request: OxigraphStore(request.getfixturevalue("tmp_path") / "store"),
    "virtuoso": virtuoso_store,
}


@pytest.fixture(params=sorted(STORE_FACTORIES))
def store(request):
    s = STORE_FACTORIES[request.param](request)
    yield s
    s.close()


@pytest.fixture
def filled(store):
    store.replace_graphs({
        G1: [quad("a", "p", "b", G1), quad("a", "label", Literal("Trục LGSP", language="vi"), G1)],
        G2: [quad("b", "p", "c", G2), quad("c", "n", Literal("42", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")), G2)],
    })
    return store


def test_default_graph_is_the_union_of_named_graphs(filled):
    result = filled.query(f"SELECT ?x ?z WHERE {{ ?x <{EX}p> ?y . ?y <{EX}p> ?z }}")
    assert isinstance(result, SelectResult)
    assert [(r[0].value, r[1].value) for r in result.rows] == [(EX + "a", EX + "c")]


def test_named_graphs_and_counts(filled):
    assert [g.value for g in filled.named_graphs()] == [G1.value, G2.value]
    assert filled.count(G1) == 2 and filled.count(G2) == 2 and filled.count() == 4


def test_graph_query_keeps_provenance(filled):
    result = filled.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}b> <{EX}p> ?o }} }}")
    assert [r[0].value for r in result.rows] == [G2.value]


def test_replace_graph_replaces_only_that_graph(filled):
    filled.replace_graphs({G1: [quad("x", "p", "y", G1)]})
    assert filled.count(G1) == 1 and filled.count(G2) == 2
    assert {q.subject.value for q in filled.quads(G1)} == {EX + "x"}


def test_replace_is_all_or_nothing(filled):
    before = sorted(str(q) for q in filled.quads())
    with pytest.raises(Exception):
        filled.replace_graphs({G2: [], G1: [quad("new", "p", "q", G1), "not a quad"]})
    assert sorted(str(q) for q in filled.quads()) == before


def test_large_replacements_are_atomic_too(filled, monkeypatch):
    """Above the bulk threshold the embedded store stages with the bulk loader; same contract."""
    if isinstance(filled, OxigraphStore):
        monkeypatch.setattr(filled, "BULK_THRESHOLD", 0)
    filled.replace_graphs({G1: [quad("x", "p", "y", G1)], G2: []})
    assert [g.value for g in filled.named_graphs()] == [G1.value]
    assert {q.subject.value for q in filled.quads(G1)} == {EX + "x"}


def test_ask_construct_and_row_cap(filled):
    assert filled.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}") == AskResult(True)
    graph = filled.query(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(graph, GraphResult) and len(graph.triples) == 2
    capped = filled.query("SELECT * WHERE { ?s ?p ?o }", row_cap=3)
    assert len(capped.rows) == 3 and capped.truncated
    uncapped = filled.query("SELECT * WHERE { ?s ?p ?o }", row_cap=4)
    assert len(uncapped.rows) == 4 and not uncapped.truncated


def test_restricting_the_dataset(filled):
    only_g2 = filled.query("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[G2])
    assert {r[0].value for r in only_g2.rows} == {EX + "b", EX + "c"}


def test_a_query_s_own_from_clause_picks_its_dataset(filled):
    """FROM replaces the union default graph; FROM NAMED alone leaves the default graph empty."""
    one = filled.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}".replace("WHERE", f"FROM <{G1.value}> WHERE"))
    assert [r[0].value for r in one.rows] == [EX + "a"]
    named = filled.query(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}".replace("WHERE", f"FROM NAMED <{G2.value}> WHERE"))
    assert [(r[0].value, r[1].value) for r in named.rows] == [(G2.value, EX + "b")]
    assert filled.query(f"ASK FROM NAMED <{G2.value}> {{ ?s <{EX}p> ?o }}").value is False


def test_prefixes_and_literals(filled):
    result = filled.query("SELECT ?l WHERE { ex:a ex:label ?l }", prefixes={"ex": EX})
    [row] = result.rows
    assert row[0].value == "Trục LGSP" and row[0].language == "vi"


def test_syntax_error_has_a_position(filled):
    with pytest.raises(QuerySyntaxError) as err:
        filled.query("SELECT ?s WHERE {\n  ?s ?p }")
    assert err.value.line == 2 and err.value.column is not None
    assert "line 2" in str(err.value)


def test_update_drop_and_clear(filled):
    filled.update(f"INSERT DATA {{ GRAPH <{EX}g3> {{ <{EX}u> <{EX}p> <{EX}v> }} }}")
    assert filled.count(NamedNode(EX + "g3")) == 1
    filled.drop_graphs([G1])
    assert [g.value for g in filled.named_graphs()] == [G2.value, EX + "g3"]
    filled.clear()
    assert filled.count() == 0 and filled.named_graphs() == []


def test_disk_store_persists(tmp_path):
    first = OxigraphStore(tmp_path / "s")
    first.replace_graphs({G1: [quad("a", "p", "b", G1)]})
    first.close()
    second = OxigraphStore(tmp_path / "s")
    assert second.count(G1) == 1
    second.close()


def test_reopening_a_store_does_not_pile_up_its_engine_s_logs(tmp_path):
    """RocksDB starts a new information log (about 140 KB) each time the store is opened for writing, and would
    keep a thousand of them: every command run against the store used to leave one more."""
    for _ in range(OxigraphStore.INFO_LOGS_KEPT + 5):
        store = OxigraphStore(tmp_path / "s")
        store.replace_graphs({G1: [quad("a", "p", "b", G1)]})
        store.close()
    old = sorted(p.name for p in (tmp_path / "s").glob("LOG.old.*"))
    assert 1 <= len(old) <= OxigraphStore.INFO_LOGS_KEPT
    assert (tmp_path / "s" / "LOG").is_file()
    reopened = OxigraphStore(tmp_path / "s")
    assert reopened.count(G1) == 1
    reopened.close()


# -- the rest of the protocol: every keyword both backends take, the write counter, copies ------------------
def test_base_iri_resolves_relative_iris_in_queries_and_updates(filled):
    result = filled.query("SELECT ?o WHERE { <a> <p> ?o }", base_iri=EX)
    assert [r[0].value for r in result.rows] == [EX + "b"]
    filled.update(f"INSERT DATA {{ GRAPH <{G2.value}> {{ <x> <p> <y> }} }}", base_iri=EX)
    assert quad("x", "p", "y", G2) in set(filled.quads(G2))


def test_a_deadline_in_the_future_changes_nothing(filled):
    import time

    result = filled.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s", deadline=time.monotonic() + 30)
    assert [r[0].value for r in result.rows] == [EX + "a", EX + "b"]


def test_the_write_counter_counts_writes_or_is_none(store):
    before = store.generation
    store.replace_graphs({G1: [quad("a", "p", "b", G1)]})
    store.update(f"INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}c> <{EX}p> <{EX}d> }} }}")
    if before is None:  # a server others write too: readers compare counts instead
        assert store.generation is None and not store.in_process
    else:
        assert store.generation >= before + 2


def test_copy_into_a_scratch_store_takes_the_triples_into_its_default_graph(filled):
    import pyoxigraph as ox

    scratch = ox.Store()
    filled.copy_into(scratch, [G1])
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in scratch}
    assert (EX + "a", EX + "p", EX + "b") in triples and len(triples) == 2
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in scratch)


def test_a_scratch_copy_is_independent_of_the_store(filled, tmp_path):
    copy = filled.scratch_copy(tmp_path)
    if copy is None:  # a remote server keeps its own graphs
        assert filled.path is None and not filled.in_process
        return
    try:
        copy.drop_graphs([G1])
        assert copy.count(G1) == 0 and filled.count(G1) == 2
    finally:
        copy.close()


def test_dump_writes_a_graph(filled):
    import io

    import pyoxigraph as ox

    buffer = io.BytesIO()
    filled.dump(buffer, ox.RdfFormat.N_TRIPLES, graph=G2)
    assert len(list(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_TRIPLES))) == 2


def test_only_an_on_disk_store_writes_snapshots(store, tmp_path):
    from egovkg.errors import StoreError
    from graph.store import open_snapshot

    if store.path is None:
        with pytest.raises(StoreError):
            store.snapshot(tmp_path / "snap")
        return
    store.replace_graphs({G1: [quad("a", "p", "b", G1)]})
    store.snapshot(tmp_path / "snap")
    copy = open_snapshot(tmp_path / "snap")
    try:
        assert copy.count(G1) == 1
    finally:
        copy.close()
