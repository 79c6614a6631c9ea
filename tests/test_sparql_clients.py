"""Real clients against the real server (uvicorn on a loopback port, on-disk store, worker processes):
SPARQLWrapper in JSON, XML, CSV and CONSTRUCT-as-Turtle, and rdflib's SPARQLStore, each checked
against the same query run on the store directly. Then the safety promises, over HTTP: a slow query is
stopped at the time limit while a fast one is answered, and no query or update opens a connection
to the outside (a local listener must see no traffic)."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
import urllib.parse

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from api import create_app
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore

from .support.live import serve

PREFIXES = "PREFIX egov: <https://w3id.org/egovkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LGSPS = PREFIXES + "SELECT ?s ?label WHERE { ?s a egov:LGSP ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?s ?label"
TOKEN = "client-tests-update-token"


def direct(kg, query: str) -> list[tuple[str, ...]]:
    return [tuple(v.value if v is not None else "" for v in row) for row in kg.query(query).rows]


def wrapper(server_url: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server_url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_json(server_url, kg):
    body = wrapper(server_url, LGSPS, JSON).query().convert()
    rows = [(b["s"]["value"], b["label"]["value"]) for b in body["results"]["bindings"]]
    assert rows == direct(kg, LGSPS) and len(rows) >= 3


def test_sparqlwrapper_xml(server_url, kg):
    document = wrapper(server_url, LGSPS, XML).query().convert()
    rows = []
    for result in document.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.nodeValue for b in result.getElementsByTagName("binding")}
        rows.append((values["s"], values["label"]))
    assert rows == direct(kg, LGSPS)


def test_sparqlwrapper_csv(server_url, kg):
    text = wrapper(server_url, LGSPS, CSV).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["s", "label"] and [tuple(r) for r in rows[1:]] == direct(kg, LGSPS)


def test_sparqlwrapper_construct_as_turtle(server_url, kg):
    query = PREFIXES + "CONSTRUCT { ?s a egov:LGSP ; rdfs:label ?label } WHERE { ?s a egov:LGSP ; rdfs:label ?label }"
    turtle = wrapper(server_url, query, TURTLE).query().convert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    expected = {(t.subject.value, t.predicate.value, t.object.value) for t in kg.query(query).triples}
    assert {(str(s), str(p), str(o)) for s, p, o in graph} == expected and len(expected) >= 6


def test_sparqlwrapper_post(server_url, kg):
    sparql = wrapper(server_url, LGSPS, JSON)
    sparql.setMethod("POST")
    rows = [(b["s"]["value"], b["label"]["value"]) for b in sparql.query().convert()["results"]["bindings"]]
    assert rows == direct(kg, LGSPS)


def test_rdflib_sparqlstore(server_url, kg):
    store = SPARQLStore(server_url + "/sparql")
    graph = rdflib.Graph(store=store)
    rows = [(str(r.s), str(r.label)) for r in graph.query(LGSPS)]
    assert rows == direct(kg, LGSPS)
    ask = graph.query(PREFIXES + "ASK { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo "
                                 "<https://w3id.org/egovkg/id/system/ndxp> }")
    assert ask.askAnswer is True
    lgsp = rdflib.URIRef("https://w3id.org/egovkg/id/system/quang-nam/lgsp")
    types = {str(o) for o in graph.objects(lgsp, rdflib.RDF.type)}
    assert "https://w3id.org/egovkg/ontology#LGSP" in types
    store.close()


# -- the limits, over HTTP -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def limited(tmp_path_factory, iris, bundled):
    """A server with a 1.5 s time limit and updates on, over its own copy of the bundled data."""
    store = OxigraphStore(tmp_path_factory.mktemp("limited") / "store")
    kg = KnowledgeGraph(store, iris)
    kg.load(bundled)
    app = create_app(Settings(store=str(store.path), sparql_timeout=1.5, update_token=TOKEN), kg)
    with serve(app) as url:
        yield url, app
    kg.close()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_slow_query_is_stopped_while_a_fast_one_is_answered(limited):
    url, app = limited
    workers_before = set(app.state.executor.worker_pids())
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["response"] = httpx.get(url + "/sparql", params={"query": SLOW}, timeout=30)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.4)
    started = time.monotonic()
    fast = httpx.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?p a egov:Province }"}, timeout=10)
    fast_seconds = time.monotonic() - started
    assert fast.status_code == 200 and fast.json()["results"]["bindings"][0]["n"]["value"] == "87"
    assert fast_seconds < 1.0
    assert httpx.get(url + "/health", timeout=10).status_code == 200
    thread.join(timeout=30)
    response = outcome["response"]
    assert response.status_code == 503, response.text
    assert "time limit of 1.5 s" in response.json()["detail"] and "Traceback" not in response.text
    assert 1.4 < outcome["seconds"] < 5
    assert len(workers_before - set(app.state.executor.worker_pids())) == 1  # its worker was killed


class Listener:
    """A TCP listener on loopback that records any connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


def test_no_query_or_update_reaches_out(limited):
    url, _ = limited
    listener = Listener()
    try:
        target = listener.url + "/sparql"
        queries = [
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?x ?y ?z . service silent <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{listener.url}/g> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{listener.url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            f"DESCRIBE <{listener.url}/thing>",  # describing an IRI never dereferences it
        ]
        statuses = [httpx.get(url + "/sparql", params={"query": q}, timeout=10).status_code for q in queries]
        statuses.append(httpx.get(url + "/sparql", params={"query": "ASK {}", "default-graph-uri": listener.url + "/g"}, timeout=10).status_code)
        statuses.append(httpx.get(url + "/sparql", params={"query": "ASK {}", "named-graph-uri": listener.url + "/g"}, timeout=10).status_code)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for update in (f"LOAD <{listener.url}/data.ttl>", f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <urn:x>",
                       f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"):
            statuses.append(httpx.post(url + "/update", data={"update": update}, headers=auth, timeout=10).status_code)
        assert statuses == [400, 400, 400, 400, 200, 400, 400, 400, 400, 400]
        time.sleep(0.3)
        assert listener.connections() == 0
        # the listener works: a real connection would have been seen
        with socket.create_connection(("127.0.0.1", int(urllib.parse.urlsplit(listener.url).port))):
            pass
        time.sleep(0.1)
        assert listener.connections() == 1
    finally:
        listener.sock.close()
