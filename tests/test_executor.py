"""The query executor: the limits and refusals every query meets, on both executors (a worker pool
over an on-disk store, and in-process over an in-memory one), and what only the pool can do: stop a
query at the time limit by killing its worker, while the other workers keep answering."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from egovkg.errors import InputError, QueryRefusedError, QuerySyntaxError, QueryTimeoutError
from graph.executor import InProcessExecutor, Limits, QueryExecutor, WorkerPoolExecutor
from graph.kg import KnowledgeGraph
from graph.store import AskResult, GraphResult, OxigraphStore, SelectResult
from ontology import IRIs

EX = "http://example.org/"
G1, G2, FILLER = NamedNode(EX + "g1"), NamedNode(EX + "g2"), NamedNode(EX + "filler")
#: a cross product that runs for hours over the filler graph, and computes before its first row
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def fill(store: OxigraphStore) -> None:
    node = lambda x: NamedNode(EX + x)  # noqa: E731
    store.replace_graphs({
        G1: [Quad(node("a"), node("p"), node("b"), G1), Quad(node("a"), node("label"), Literal("một"), G1)],
        G2: [Quad(node("b"), node("p"), node("c"), G2)],
        FILLER: [Quad(node(f"s{i}"), node("q"), Literal(str(i)), FILLER) for i in range(3000)],
    })


def dead(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


@pytest.fixture(scope="module", params=["pool", "in-process"])
def executor(request, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("executor") / "store") if request.param == "pool" else OxigraphStore()
    fill(store)
    ex = QueryExecutor.for_graph(KnowledgeGraph(store, IRIs()), Limits(timeout=5, row_cap=50), workers=2)
    assert isinstance(ex, WorkerPoolExecutor if request.param == "pool" else InProcessExecutor)
    ex.start()
    yield ex
    ex.close()
    store.close()


def test_select_ask_construct(executor):
    rows = executor.query(f"SELECT ?x ?z WHERE {{ ?x <{EX}p> ?y . ?y <{EX}p> ?z }}")
    assert isinstance(rows, SelectResult) and rows.values() == [{"x": EX + "a", "z": EX + "c"}]
    assert executor.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}") == AskResult(True)
    graph = executor.query(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(graph, GraphResult) and len(graph.triples) == 2


def test_row_cap_truncates_and_says_so(executor):
    result = executor.query(f"SELECT ?s WHERE {{ ?s <{EX}q> ?o }}")
    assert len(result.rows) == 50 and result.truncated
    graph = executor.query(f"CONSTRUCT WHERE {{ ?s <{EX}q> ?o }}")
    assert len(graph.triples) == 50 and graph.truncated
    assert not executor.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}").truncated
    serialized = executor.serialize(executor.prepare(f"SELECT ?s WHERE {{ ?s <{EX}q> ?o }}"), "csv")
    assert serialized.truncated and serialized.body.count(b"\r\n") == 51


def test_syntax_error_has_its_position(executor):
    with pytest.raises(QuerySyntaxError) as caught:
        executor.query("SELECT ?s WHERE {\n  ?s ?p }")
    assert caught.value.line == 2 and caught.value.column is not None


def test_outbound_network_is_refused_before_the_engine_sees_it(executor):
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        executor.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryRefusedError, match="LOAD"):
        executor.update("LOAD <http://127.0.0.1:9/data.ttl>")


def test_dataset_graphs_must_be_in_the_store(executor):
    with pytest.raises(QueryRefusedError, match="not a graph of this store"):
        executor.query("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }")
    with pytest.raises(QueryRefusedError, match="named-graph-uri"):
        executor.query("ASK {}", named_graphs=["http://127.0.0.1:9/g"])
    with pytest.raises(InputError, match="default-graph-uri"):
        executor.query("ASK {}", default_graphs=["not an iri"])


def test_from_picks_the_default_graph_and_the_protocol_overrides_it(executor):
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s <" + EX + "p> ?o }}"
    n = lambda q, **kw: int(executor.query(q, **kw).rows[0][0].value)  # noqa: E731
    assert n(count.format("")) == 2  # the union of the named graphs
    assert n(count.format(f"FROM <{G1.value}>")) == 1  # not the union: the query's own FROM
    assert n(count.format(f"FROM <{G1.value}>"), default_graphs=[G1.value, G2.value]) == 2  # the protocol wins
    assert n(count.format(""), named_graphs=[G1.value]) == 0  # only named graphs given: the default graph is empty
    assert n(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}", named_graphs=[G1.value]) == 1


def test_relative_iris_resolve_against_the_base(executor):
    graph = executor.query("CONSTRUCT { <s> <p> 1 } WHERE {}", base_iri="http://host/sparql")
    assert graph.triples[0].subject == NamedNode("http://host/s")


def test_updates_are_seen_by_the_next_query_and_are_all_or_nothing(executor):
    graph = EX + "updated"
    executor.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}x> <{EX}p> 1 }} }}")
    assert executor.query(f"ASK {{ GRAPH <{graph}> {{ <{EX}x> <{EX}p> 1 }} }}").value
    with pytest.raises(InputError, match="no-such-graph"):  # the second operation fails: the first must not stay
        executor.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}y> <{EX}p> 2 }} }} ; DROP GRAPH <{EX}no-such-graph>")
    assert not executor.query(f"ASK {{ GRAPH <{graph}> {{ <{EX}y> ?p ?o }} }}").value
    executor.update(f"DROP GRAPH <{graph}>")
    assert not executor.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").value


def test_protocol_using_graphs_and_their_conflicts(executor):
    target = EX + "using-target"
    executor.update(f"INSERT {{ GRAPH <{target}> {{ ?s a <{EX}Found> }} }} WHERE {{ ?s <{EX}p> ?o }}",
                    using_graphs=[G1.value])
    found = executor.query(f"SELECT ?s WHERE {{ GRAPH <{target}> {{ ?s a <{EX}Found> }} }}")
    assert [r["s"] for r in found.values()] == [EX + "a"]  # from g1 only, not g2
    executor.update(f"DROP GRAPH <{target}>")
    with pytest.raises(InputError, match="cannot be combined"):
        executor.update(f"WITH <{G1.value}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", using_graphs=[G1.value])
    with pytest.raises(InputError, match="DELETE WHERE"):
        executor.update("DELETE WHERE { ?s ?p ?o }", using_graphs=[G1.value])
    with pytest.raises(InputError, match="using-graph-uri"):
        executor.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", using_graphs=["x> } ; DROP ALL ; INSERT DATA { <y"])
    assert executor.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}").value


# -- only the pool: a hard time limit --------------------------------------------------------------
@pytest.fixture
def pool(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    fill(store)
    ex = WorkerPoolExecutor(KnowledgeGraph(store, IRIs()), Limits(timeout=1.0, row_cap=1000), workers=2)
    ex.start()
    yield ex
    ex.close()
    store.close()


def test_a_query_past_the_limit_is_stopped_and_others_are_answered_meanwhile(pool):
    before = set(pool.worker_pids())
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        try:
            pool.query(SLOW)
        except QueryTimeoutError as exc:
            outcome["error"], outcome["after"] = exc, time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    fast_started = time.monotonic()
    assert pool.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}").value  # while the slow one runs
    assert time.monotonic() - fast_started < 0.5
    thread.join(timeout=10)
    assert "error" in outcome and 0.9 < outcome["after"] < 3, outcome
    assert "time limit of 1 s" in str(outcome["error"])
    killed = before - set(pool.worker_pids())
    assert len(killed) == 1
    deadline = time.monotonic() + 5
    while not all(dead(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(dead(pid) for pid in killed), "the stopped query's worker still runs"
    deadline = time.monotonic() + 10
    while len(pool.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool.worker_pids()) == 2  # replaced
    assert pool.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}").value


def test_snapshots_follow_writes_and_are_cleaned_up(pool, tmp_path):
    snapshots = tmp_path / ".store-snapshots"
    for i in range(3):
        pool.update(f"INSERT DATA {{ GRAPH <{EX}n> {{ <{EX}s> <{EX}v> {i} }} }}")
        assert pool.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}n> {{ ?s ?p ?o }} }}").rows[0][0].value == str(i + 1)
    assert len(list(snapshots.iterdir())) == 1  # older snapshots are gone once no query uses them
    pool.close()
    assert not snapshots.exists()
    assert pool.query(f"ASK {{ GRAPH <{EX}n> {{ ?s ?p 2 }} }}").value  # a query after close starts it again


def test_in_process_limit_stops_a_query_that_streams_rows():
    store = OxigraphStore()
    fill(store)
    ex = InProcessExecutor(KnowledgeGraph(store, IRIs()), Limits(timeout=0.5, row_cap=None))
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        ex.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")  # 9 million rows, streamed
    assert time.monotonic() - started < 3
