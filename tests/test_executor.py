"""The query executor: the limits and refusals every query meets, on both executors (a worker pool
over an on-disk store, and in-process over an in-memory one), and what only the pool can do: stop a
query at the time limit by killing its worker, while the other workers keep answering; keep a lane
for short queries (an extra worker per long query, shrinking back after); count the limit from when
a worker takes the query up."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from egovkg.errors import InputError, QueryRefusedError, QuerySyntaxError, QueryTimeoutError
from graph.endpoint.executor import InProcessExecutor, Limits
from graph.endpoint.worker_pool import WorkerPoolExecutor, executor_for
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
    except (FileNotFoundError, ProcessLookupError):  # gone, or being reaped while read
        return True
    return state in ("Z", "X")


@pytest.fixture(scope="module", params=["pool", "in-process"])
def executor(request, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("executor") / "store") if request.param == "pool" else OxigraphStore()
    fill(store)
    ex = executor_for(KnowledgeGraph(store, IRIs()), Limits(timeout=5, row_cap=50), workers=2)
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


# -- only the pool: a lane for short queries -------------------------------------------------------
ASK = f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}"
#: a count over a 6-million-row cross product of the filler: about 0.6 s alone, well within the limit below
LONG = f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?c WHERE {{ ?a <{EX}q> ?c }} LIMIT 2000 }} ?d <{EX}q> ?f }}"


def forked_workers() -> set[int]:
    """The live processes forked by this process's fork server: the query workers of every pool here."""
    me = os.getpid()
    children = {int(c) for task in os.listdir(f"/proc/{me}/task")
                for c in Path(f"/proc/{me}/task/{task}/children").read_text().split()}
    workers: set[int] = set()
    for child in children:
        try:
            if b"forkserver" not in Path(f"/proc/{child}/cmdline").read_bytes():
                continue
            for task in os.listdir(f"/proc/{child}/task"):
                workers.update(int(c) for c in Path(f"/proc/{child}/task/{task}/children").read_text().split())
        except FileNotFoundError:
            continue
    return {pid for pid in workers if not dead(pid)}


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class PidLog:
    """Samples a pool's worker_pids() every 10 ms: every worker it held, and the most it held at once."""

    def __init__(self, pool: WorkerPoolExecutor) -> None:
        self.pool, self.seen, self.largest = pool, set(pool.worker_pids()), len(pool.worker_pids())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            pids = self.pool.worker_pids()
            self.seen.update(pids)
            self.largest = max(self.largest, len(pids))

    def __enter__(self) -> PidLog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def make_pool(tmp_path):
    made: list[tuple[WorkerPoolExecutor, OxigraphStore]] = []

    def make(limits: Limits, **sizes: int) -> WorkerPoolExecutor:
        store = OxigraphStore(tmp_path / f"store{len(made)}")
        fill(store)
        pool = WorkerPoolExecutor(KnowledgeGraph(store, IRIs()), limits, **sizes)
        made.append((pool, store))
        pool.start()
        return pool

    yield make
    for pool, store in made:
        pool.close()
        store.close()


def in_thread(pool: WorkerPoolExecutor, sparql: str, outcome: dict) -> threading.Thread:
    """Run a query in a thread; ``outcome`` gets its result or error and how long it took."""
    def run() -> None:
        started = time.monotonic()
        try:
            outcome["result"] = pool.query(sparql)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_slow_queries_leave_short_ones_a_lane_and_the_pool_shrinks_back(make_pool):
    before = forked_workers()
    pool = make_pool(Limits(timeout=3.0, row_cap=1000, long_after=0.3), workers=2)
    base = set(pool.worker_pids())
    slow = [{}, {}]
    with PidLog(pool) as log:
        threads = [in_thread(pool, SLOW, outcome) for outcome in slow]  # both base workers are taken
        time.sleep(0.1)

        def niceness(pid: int) -> int:
            return os.getpriority(os.PRIO_PROCESS, pid) - os.getpriority(os.PRIO_PROCESS, 0)

        assert wait_for(lambda: all(niceness(pid) == 10 for pid in base), 2.5)  # long: they yield the CPU
        short: list[float] = []
        while any(t.is_alive() for t in threads):  # short queries all along, before and after they turn long
            started = time.monotonic()
            rows = pool.query(f"SELECT ?x ?z WHERE {{ ?x <{EX}p> ?y . ?y <{EX}p> ?z }}").values()
            short.append(time.monotonic() - started)
            assert rows == [{"x": EX + "a", "z": EX + "c"}]
            time.sleep(0.05)
        for t in threads:
            t.join()
    assert len(short) > 10 and max(short) < 1.0, short  # a third of the limit, while both slow ones ran
    for outcome in slow:  # and each slow one still hit the limit, counted from when it started running
        assert "time limit of 3 s" in str(outcome.get("error")) and 2.9 < outcome["seconds"] < 8, outcome
    assert log.largest == 4  # one extra worker per long query
    extras = log.seen - base
    assert len(extras) == 2
    assert wait_for(lambda: all(dead(pid) for pid in base), 5), "a stopped query's worker still runs"
    # the extras stand in for the two killed workers: none is replaced, the pool is back at its base size
    time.sleep(0.3)
    assert set(pool.worker_pids()) == extras
    assert forked_workers() - before == extras
    assert pool.query(ASK).value
    pool.close()
    assert pool.worker_pids() == []
    assert wait_for(lambda: not forked_workers() - before, 5), "close() left worker processes behind"


def test_an_answered_long_query_gives_its_extra_worker_back(make_pool):
    before = forked_workers()
    pool = make_pool(Limits(timeout=60.0, row_cap=1000, long_after=0.1), workers=2)
    with PidLog(pool) as log:
        assert pool.query(LONG).rows[0][0].value == "6000000"  # niced once long: slower on a busy machine
        assert wait_for(lambda: len(pool.worker_pids()) == 2, 5)
    assert log.largest == 3
    retired = log.seen - set(pool.worker_pids())
    assert len(retired) == 1  # stopped, not kept idle
    assert wait_for(lambda: all(dead(pid) for pid in retired), 5)
    assert forked_workers() - before == set(pool.worker_pids())


def test_extra_workers_are_bounded_and_killed_ones_are_replaced_only_up_to_the_base_size(make_pool):
    before = forked_workers()
    pool = make_pool(Limits(timeout=1.5, row_cap=1000, long_after=0.2, queue_wait=30), workers=1, extra_workers=1)
    first, second = {}, {}
    with PidLog(pool) as log:
        threads = [in_thread(pool, SLOW, first)]
        time.sleep(0.05)
        threads.append(in_thread(pool, SLOW, second))  # runs on the extra worker the first one gets
        for t in threads:
            t.join(timeout=20)
        assert wait_for(lambda: all(dead(pid) for pid in log.seen - set(pool.worker_pids())), 5)
        time.sleep(0.3)
    assert isinstance(first.get("error"), QueryTimeoutError) and isinstance(second.get("error"), QueryTimeoutError)
    assert log.largest == 2  # 1 + at most 1 extra, though two queries were long at once
    assert len(pool.worker_pids()) == 1
    assert forked_workers() - before == set(pool.worker_pids())
    assert pool.query(ASK).value


def test_waiting_for_a_worker_is_not_charged_to_the_query(make_pool):
    # no extra worker: the third query waits for two slow ones to be stopped at the limit in turn
    pool = make_pool(Limits(timeout=1.5, row_cap=1000, long_after=60, queue_wait=30), workers=1, extra_workers=0)
    first, second, third = {}, {}, {}
    threads = [in_thread(pool, SLOW, first)]
    for outcome, sparql in ((second, SLOW), (third, ASK)):
        time.sleep(0.2)
        threads.append(in_thread(pool, sparql, outcome))
    for t in threads:
        t.join(timeout=20)
    assert isinstance(first.get("error"), QueryTimeoutError) and isinstance(second.get("error"), QueryTimeoutError)
    assert third.get("result") == AskResult(True), third
    assert third["seconds"] > 2.0  # it waited longer than the limit (about 2.7 s), and was answered


def test_a_query_that_finds_no_free_worker_is_told_the_server_is_busy(make_pool):
    pool = make_pool(Limits(timeout=2.0, row_cap=1000, long_after=60, queue_wait=0.3), workers=1, extra_workers=0)
    slow: dict = {}
    thread = in_thread(pool, SLOW, slow)
    time.sleep(0.2)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="server is busy: no query worker became free within 0.3 s") as caught:
        pool.query(ASK)
    assert 0.25 < time.monotonic() - started < 1.5
    assert "did not run" in str(caught.value)
    thread.join(timeout=20)
    assert "time limit of 2 s" in str(slow.get("error"))


def test_a_free_worker_goes_to_the_query_that_cost_least_last_time(tmp_path):
    """Under a saturating load, short questions are not queued behind every heavier one (the load test of
    benchmarks/run.py shows it end to end); waiting ages a query's priority, so heavy ones still run."""
    store = OxigraphStore(tmp_path / "store")
    pool = WorkerPoolExecutor(KnowledgeGraph(store, IRIs()), Limits(timeout=5.0, row_cap=10), workers=1)
    try:
        pool._learn("heavy", 1.0)
        pool._learn("light", 0.001)
        order: list[str] = []

        def wait_for(text: str) -> None:
            pool._take_worker(text)
            order.append(text)

        threads = [threading.Thread(target=wait_for, args=(t,)) for t in ("heavy", "unknown", "light")]
        for t in threads:
            t.start()
            time.sleep(0.05)  # they queue in this order
        for _ in threads:
            pool._release(object())  # type: ignore[arg-type]
            time.sleep(0.1)
        for t in threads:
            t.join(timeout=5)
        assert order == ["light", "unknown", "heavy"]
        pool._learn("light", 0.001)
        assert pool._estimate("light") < pool._estimate("never seen") < pool._estimate("heavy")
    finally:
        store.close()


def test_the_cost_table_holds_digests_not_query_texts(tmp_path):
    """A client sending many long distinct queries must not fill the server's memory with their texts."""
    store = OxigraphStore(tmp_path / "store")
    pool = WorkerPoolExecutor(KnowledgeGraph(store, IRIs()), Limits(timeout=5.0, row_cap=10), workers=1)
    try:
        long_text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 500_000
        pool._learn(long_text, 2.0)
        assert pool._estimate(long_text) == 2.0
        assert all(len(key) <= 32 for key in pool._costs)
    finally:
        store.close()
