"""Hostile input, one test per finding of the security review (issue 11), each through the real parts: the app
over an on-disk store (so queries run in the worker pool's processes), `egovkg serve` for what the HTTP parser
does, the installed `egovkg` for the command line, and a TCP listener on loopback that counts every connection
a query manages to open. Every request here goes to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.settings import Settings
from graph.endpoint.executor import Limits
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from graph.endpoint.worker_pool import WorkerPoolExecutor
from ontology import IRIs

from .support.cli import EGOVKG
from .support.crash import kill_load_at_points

TOKEN = "hostile-test-token-0123456789"
SECRET = "internal-secret-7f3a"


class Listener:
    """A loopback HTTP service that counts connections and answers every request with a SPARQL JSON result
    holding SECRET: if a query ever reaches it, the count says so, and so would the answer."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/internal-sparql"
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        body = json.dumps({"head": {"vars": ["secret"]},
                           "results": {"bindings": [{"secret": {"type": "literal", "value": SECRET}}]}}).encode()
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            try:
                conn.settimeout(1)
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory, iris: IRIs, bundled):
    """The app over the bundled data in an on-disk store (queries in worker processes), updates allowed."""
    store_dir = tmp_path_factory.mktemp("hostile") / "store"
    kg = KnowledgeGraph(OxigraphStore(store_dir), iris)
    kg.load(bundled)
    app = create_app(Settings(store=str(store_dir), update_token=TOKEN, sparql_timeout=4), kg)
    with TestClient(app) as client:
        yield client, app, kg
    kg.close()


def escaped_service(listener: Listener) -> str:
    # the review's query: an IRI holding a \u escape, then a '#' the old scan read as a comment
    return (r"PREFIX a: <http://x.example/\u0041#> SELECT ?secret WHERE { SERVICE <" + listener.url
            + "> { ?x ?y ?secret } }")


# -- 1. the escape-hidden SERVICE and LOAD, by every route ---------------------------------------------------
@pytest.mark.parametrize("route", ["get", "post-form", "post-direct", "construct-page", "update-load"])
def test_escape_hidden_service_and_load_are_refused_by_every_route(served, listener, route):
    client, _, _ = served
    query = escaped_service(listener)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if route == "get":
        response = client.get("/sparql", params={"query": query})
    elif route == "post-form":
        response = client.post("/sparql", data={"query": query})
    elif route == "post-direct":
        response = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    elif route == "construct-page":
        construct = (r"PREFIX a: <http://x.example/\u0041#> CONSTRUCT { ?x ?y ?z } WHERE { SERVICE <" + listener.url
                     + "> { ?x ?y ?z } }")
        response = client.get("/explore/construct", params={"query": construct})
    else:
        update = (r"PREFIX a: <http://x.example/\u0041#> LOAD <" + listener.url + "> INTO GRAPH <http://example.org/g>")
        response = client.post("/update", data={"update": update}, headers=auth)
    assert response.status_code == 400, response.text[:300]
    assert SECRET not in response.text
    assert "SERVICE" in response.text or "LOAD" in response.text
    time.sleep(0.2)
    assert listener.connections == 0


def test_an_escape_outside_strings_and_iris_is_refused_with_its_position(served):
    client, _, _ = served
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert response.status_code == 400 and "line 2, column 3" in response.json()["detail"]


def test_the_command_line_refuses_service_unless_asked(loaded_store, listener):
    query = r"PREFIX a: <http://x.example/\u0041#> SELECT * WHERE { SERVICE <" + listener.url + "> { ?s ?p ?o } }"
    done = subprocess.run([EGOVKG, "query", "--store", str(loaded_store), query], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--allow-service" in done.stderr
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <" + listener.url + "> { ?s ?p ?o } }"
    done = subprocess.run([EGOVKG, "render", "--store", str(loaded_store), "--construct", construct, "-o", "/dev/null"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "SERVICE" in done.stderr
    assert listener.connections == 0


# -- 2. defence in depth: with the scan switched off on purpose, the engine still has no network -------------
def test_query_workers_have_no_network_even_when_the_scan_is_off(served, listener):
    client, app, _ = served
    executor = app.state.executor
    assert isinstance(executor, WorkerPoolExecutor)
    executor._scan_network = False  # test-only switch: the query reaches the engine as written
    try:
        response = client.get("/sparql", params={"query": f"SELECT ?secret WHERE {{ SERVICE <{listener.url}> {{ ?x ?y ?secret }} }}"})
    finally:
        executor._scan_network = True
    assert response.status_code >= 400 and SECRET not in response.text
    assert "never does" not in response.text  # not the scan's refusal: the engine itself could not connect
    time.sleep(0.2)
    assert listener.connections == 0


def test_updates_have_no_network_even_when_the_scan_is_off(served, listener):
    client, app, _ = served
    executor = app.state.executor
    executor._scan_network = False
    try:
        response = client.post("/update", data={"update": f"LOAD <{listener.url}> INTO GRAPH <http://example.org/loaded>"},
                               headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        executor._scan_network = True
    assert response.status_code >= 400 and "never does" not in response.text
    time.sleep(0.2)
    assert listener.connections == 0


def test_the_sandbox_blocks_sockets_in_its_thread_only(listener):
    from graph.sandbox import SandboxedThread

    thread = SandboxedThread("test-sandbox")
    assert thread.sandboxed

    def connect() -> None:
        with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
            pass

    with pytest.raises(PermissionError):
        thread.call(connect)
    assert listener.connections == 0
    connect()  # this thread keeps its network
    time.sleep(0.3)
    assert listener.connections == 1
    thread.close()


# -- 3. compliance rules are data: guarded, within limits -------------------------------------------------------
def plant(kg: KnowledgeGraph, select: str) -> None:
    """Replace the query of one check of the rules graph, as a token holder with write access would have."""
    rules = kg.iris.rules_graph.value
    kg.store.update(f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
        DELETE {{ GRAPH <{rules}> {{ ?c sh:select ?q }} }} INSERT {{ GRAPH <{rules}> {{ ?c sh:select {json.dumps(select)} }} }}
        WHERE {{ GRAPH <{rules}> {{ <{kg.iris.base}id/check/vneaf-int-01-no-lgsp> sh:sparql ?c . ?c sh:select ?q }} }}""")


@pytest.fixture
def planted_app(tmp_path, iris, bundled):
    store_dir = tmp_path / "store"
    kg = KnowledgeGraph(OxigraphStore(store_dir), iris)
    kg.load(bundled)
    yield kg, (lambda: TestClient(create_app(Settings(store=str(store_dir), sparql_timeout=2), kg)))
    kg.close()


def int01(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == "VNEAF-INT-01"]


def test_a_planted_rule_with_service_is_a_failed_rule_not_a_request(planted_app, listener):
    kg, make_client = planted_app
    plant(kg, f"SELECT $this ?value WHERE {{ $this a egov:Province . SERVICE <{listener.url}> {{ ?value ?p ?o }} }}")
    with make_client() as client:
        response = client.get("/api/compliance", params={"province": "quang-nam", "as_of": "2022-12-31"})
        page = client.get("/compliance", params={"province": "quang-nam", "as_of": "2022-12-31"})
    assert response.status_code == 200 and page.status_code == 200
    findings = int01(response.json())
    assert findings and all(f["status"] == "error" for f in findings)
    assert "SERVICE" in findings[0]["reason"]
    time.sleep(0.2)
    assert listener.connections == 0


def test_a_planted_cross_product_rule_is_stopped_and_the_server_answers_meanwhile(planted_app):
    kg, make_client = planted_app
    plant(kg, "SELECT $this ?value WHERE { $this a egov:Province . ?a ?b ?c . ?d ?e ?f . ?g ?h ?value } ORDER BY ?value ?c ?f")
    with make_client() as client:
        health: list[float] = []

        def probe() -> None:
            for _ in range(10):
                start = time.monotonic()
                assert client.get("/health").status_code == 200
                health.append(time.monotonic() - start)
                time.sleep(0.3)

        prober = threading.Thread(target=probe)
        started = time.monotonic()
        prober.start()
        response = client.get("/api/compliance", params={"province": "quang-nam", "as_of": "2022-12-31"})
        took = time.monotonic() - started
        prober.join()
    assert response.status_code == 200
    findings = int01(response.json())
    # stopped at the time limit, or at the memory cap if it reaches that first (sorting a cross product)
    assert findings and findings[0]["status"] == "error"
    assert "time limit" in findings[0]["reason"] or "memory" in findings[0]["reason"]
    # the other rules ran beside it (several at once) and are not blamed for it
    others = [f["rule_id"] for f in response.json()["findings"] if f["status"] == "error" and f["rule_id"] != "VNEAF-INT-01"]
    assert others == []
    assert took < 60
    assert max(health) < 1.0, health


def test_updates_cannot_change_the_reference_graphs(served):
    client, _, kg = served
    auth = {"Authorization": f"Bearer {TOKEN}"}
    rules = kg.iris.rules_graph.value
    before = kg.store.count(kg.iris.rules_graph)
    named = client.post("/update", headers=auth, data={"update": f"INSERT DATA {{ GRAPH <{rules}> {{ <http://x/a> <http://x/b> 1 }} }}"})
    assert named.status_code == 400 and "reference graph" in named.json()["detail"]
    clear_all = client.post("/update", headers=auth, data={"update": "CLEAR ALL"})
    assert clear_all.status_code == 400 and "nothing was written" in clear_all.json()["detail"]
    assert kg.store.count(kg.iris.rules_graph) == before
    assert kg.store.count() > before  # CLEAR ALL did not run
    unnamed_elsewhere = client.post("/update", headers=auth, data={
        "update": "DELETE { GRAPH ?g { <http://nowhere.example/x> ?p ?o } } WHERE { GRAPH ?g { <http://nowhere.example/x> ?p ?o } }"})
    assert unnamed_elsewhere.status_code == 204  # GRAPH ?g that leaves the reference graphs alone still runs


# -- 4. bounded resources -----------------------------------------------------------------------------------------
BOMB = "\n".join([
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    *(f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefg", "bcdefgh")),
])


def test_a_yaml_alias_bomb_in_a_report_header_is_refused_at_once(served):
    client, _, _ = served
    started = time.monotonic()
    response = client.post("/api/extract", content=f"---\n{BOMB}\n---\nHệ thống LGSP.".encode(),
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 400 and "aliases" in response.json()["detail"]
    assert time.monotonic() - started < 5 and len(response.content) < 2000


def test_a_yaml_alias_bomb_in_a_curated_file_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "\n", encoding="utf-8")
    done = subprocess.run([EGOVKG, "load", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"{path}:" in done.stderr and "aliases" in done.stderr


def test_deeply_nested_json_is_a_400_not_a_500(served):
    client, _, _ = served
    response = client.post("/api/extract", content=b"[" * 100_000 + b"]" * 100_000,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "nests deeper" in response.json()["detail"]


@pytest.fixture(scope="module")
def live(tmp_path_factory, iris, bundled):
    """`egovkg serve` itself (uvicorn's HTTP parser included) over an on-disk store."""
    from .support.live import serve_cli as serve

    store = tmp_path_factory.mktemp("live-hostile") / "store"
    kg = KnowledgeGraph(OxigraphStore(store), iris)
    kg.load(bundled)
    kg.close()
    with serve(store, time_limit=5) as (url, pid):
        yield url, pid


def raw_request(url: str, head: bytes, body: bytes = b"", *, read_for: float = 10.0) -> bytes:
    """Send bytes as they are (no client-side checks); the answer up to the end of its first body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_for) as conn:
        conn.sendall(head + body)
        answer = b""
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                answer += data
                head_end = answer.find(b"\r\n\r\n")
                if head_end >= 0:
                    length = next((int(line.split(b":")[1]) for line in answer[:head_end].split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), None)
                    if length is not None and len(answer) >= head_end + 4 + length:
                        break
        except (TimeoutError, ConnectionResetError):
            pass
    return answer


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_a_huge_content_length_is_refused_before_the_body_is_read(live):
    url, pid = live
    before = rss_kib(pid)
    started = time.monotonic()
    answer = raw_request(url, b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                              b"Content-Length: 1000000000\r\n\r\n", b"x" * 1000, read_for=5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5
    assert rss_kib(pid) - before < 50_000


def test_a_chunked_body_is_cut_at_the_limit(live):
    url, _ = live

    def chunks():
        for _ in range(40):
            yield b"y" * 65536

    response = httpx.post(url + "/api/extract", content=chunks(), headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 413


@pytest.mark.parametrize("size", [200_000, 900_000, 1_000_000, 3_000_000])
def test_a_long_get_is_answered_or_gets_414_never_a_reset(live, size):
    url, _ = live
    query = "ASK%20%7B%7D%20%23" + "x" * size  # a comment makes it long
    answer = raw_request(url, f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    if size < 1_000_000 - 100:  # within EGOVKG_MAX_REQUEST_BYTES: a query like any other
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert b'"boolean":true' in answer.replace(b" ", b"")
    else:
        assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
        assert b"POST" in answer


def test_a_query_past_the_memory_cap_is_stopped_with_a_503(tmp_path, iris, bundled):
    kg = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    kg.load(bundled)
    pool = WorkerPoolExecutor(kg, Limits(timeout=60, row_cap=10, memory_bytes=300 * 2**20), workers=1)
    try:
        from egovkg.errors import QueryMemoryError

        started = time.monotonic()
        with pytest.raises(QueryMemoryError, match="MiB of memory"):
            pool.query("SELECT ?a ?b ?c WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?a ?b ?c ?d ?e ?f")
        assert time.monotonic() - started < 60
        assert pool.query("ASK { ?s ?p ?o }").value  # a fresh worker answers the next query
    finally:
        pool.close()
        kg.close()


def test_long_queries_beyond_the_long_lane_are_stopped_early(tmp_path, iris, bundled):
    from egovkg.errors import QueryTimeoutError

    kg = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    kg.load(bundled)
    pool = WorkerPoolExecutor(kg, Limits(timeout=6, row_cap=10, long_after=0.3), workers=1, extra_workers=1)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    errors: list[str] = []
    try:
        pool.start()
        first = threading.Thread(target=lambda: pytest.raises(QueryTimeoutError, pool.query, slow))
        first.start()
        time.sleep(0.6)  # the first is long now and holds the one place in the long lane
        started = time.monotonic()
        try:
            pool.query(slow)
        except QueryTimeoutError as exc:
            errors.append(str(exc))
        took = time.monotonic() - started
        assert errors and "long-running" in errors[0]
        assert took < 3  # stopped at the long mark, not at the time limit
        assert pool.query("ASK { ?s ?p ?o }").value  # short queries still run
        first.join()
    finally:
        pool.close()
        kg.close()


# -- 5. links only to the web ------------------------------------------------------------------------------------
def test_javascript_urls_are_never_links(tmp_path, iris, bundled):
    from loaders import read_sources

    base = iris.base
    trig = tmp_path / "evil.trig"
    trig.write_text(f"""
@prefix egov: <{base}ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{base}graph/file/evil> {{
  <{base}id/source/evil> a egov:Report , prov:Entity ; dcterms:title "evil" ; rdfs:label "evil" ;
      dcterms:source <javascript:alert(document.domain)> .
  <{base}id/system/quang-nam/qoffice> dcterms:isReferencedBy <{base}id/source/evil> .
  <{base}id/document/nd-73-2019-nd-cp> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(2)> .
}}""", encoding="utf-8")
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load([*bundled, *read_sources([trig], iris)])
    try:
        with TestClient(create_app(Settings(store=str(tmp_path / "unused")), kg)) as client:
            system = client.get("/explore/systems/quang-nam/qoffice")
            compliance = client.get("/compliance", params={"province": "kien-giang", "as_of": "2018-12-31"})
        assert system.status_code == 200 and compliance.status_code == 200
        for page in (system.text, compliance.text):
            assert 'href="javascript:' not in page.lower()
        assert "javascript:alert(document.domain)" in system.text  # shown, as text
        from datetime import date

        from graph.compliance.engine import evaluate
        from graph.compliance.report import render, to_dict

        report = evaluate(kg, "kien-giang", date(2018, 12, 31))
        # the report does carry the planted URL as a legal source's link: the page had it to render
        assert "javascript:alert(2)" in {d["url"] for f in to_dict(report)["findings"] for d in f["source"].get("documents", [])}
        html = render(report, "html", kg.iris)  # egovkg check --format html
        assert 'href="javascript:' not in html.lower()
    finally:
        kg.close()


# -- 6. crash-consistent loads --------------------------------------------------------------------------------------
def test_a_load_killed_at_any_point_leaves_the_old_or_the_new_store(tmp_path):
    synth = tmp_path / "national.nq"
    subprocess.run([EGOVKG, "synth", "--provinces", "3", "--scale", "0.3", "--seed", "3", "-o", str(synth)],
                   check=True, capture_output=True, timeout=120)
    base = tmp_path / "before"
    subprocess.run([EGOVKG, "load", "--store", str(base)], check=True, capture_output=True, timeout=120)
    kill_load_at_points(tmp_path, base, synth, points=12, first=0.15, timeout=120)


# -- 7. smaller findings ------------------------------------------------------------------------------------------------
def test_an_impossible_date_names_the_file_line_and_field(tmp_path):
    path = tmp_path / "bad-date.yaml"
    path.write_text("source:\n  id: bad-date\n  title: x\n  issued: 2023-02-30\n  province: quang-nam\n"
                    "  period: 2023\n  kind: article\n", encoding="utf-8")
    done = subprocess.run([EGOVKG, "load", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"{path}:4: field 'issued'" in done.stderr and "Traceback" not in done.stderr


def test_from_an_absent_graph_through_an_escaped_iri_is_refused(served):
    client, _, _ = served
    response = client.get("/sparql", params={"query": r"SELECT * FROM <http://absent.example/\u0041> WHERE { ?s ?p ?o }"})
    assert response.status_code == 400 and "http://absent.example/A" in response.json()["detail"]


def test_cors_wildcard_never_lets_a_page_send_the_update_token(tmp_path, kg):
    app = create_app(Settings(store=str(tmp_path / "unused"), update_token=TOKEN, cors_origins="*"), kg)
    with TestClient(app) as client:
        preflight = client.options("/update", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "authorization"})
    allowed = preflight.headers.get("access-control-allow-headers", "").lower()
    assert "authorization" not in allowed
    assert preflight.headers.get("access-control-allow-credentials") != "true"


def test_the_host_header_is_not_echoed(served):
    client, _, _ = served
    response = client.get("/sparql", headers={"Host": "evil.example", "Accept": "text/turtle"})
    assert response.status_code == 200 and "evil.example" not in response.text
    assert "http://127.0.0.1:8000/sparql" in response.text


def test_workers_are_sandboxed_in_the_running_server(live):
    url, pid = live
    assert httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    statuses = []
    for child in children:  # the fork server, whose children are the workers
        grandchildren = subprocess.run(["ps", "-o", "pid=", "--ppid", child], capture_output=True, text=True).stdout.split()
        for worker in grandchildren:
            try:
                with open(f"/proc/{worker}/status") as status:
                    statuses.append(next(line.split()[1] for line in status if line.startswith("Seccomp:")))
            except OSError:
                pass
    assert statuses and all(s == "2" for s in statuses), statuses  # 2: a seccomp filter is installed
    assert os.path.exists(f"/proc/{pid}")
