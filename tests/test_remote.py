"""The remote SPARQL backend over a real Virtuoso: the curated data, the KnowledgeGraph, the API and the
CLI work unchanged on it. (The store contract itself runs in ``test_store_contract.py``.)"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from egovkg.errors import QueryTimeoutError, StoreError
from egovkg.settings import Settings
from egovkg.connect import open_store
from graph.kg import KnowledgeGraph
from graph.store.remote import RemoteStore
from graph.store import SelectResult

from .support.cli import EGOVKG

EX = "http://example.org/"


@pytest.fixture(scope="module")
def remote_kg(virtuoso, iris, bundled):
    """The bundled data loaded into Virtuoso through the KnowledgeGraph, as `egovkg load` does."""
    graph = KnowledgeGraph(virtuoso.store(), iris)
    graph.store.clear()
    graph.load(bundled)
    yield graph
    graph.store.clear()
    graph.close()


def without_blank_nodes(quads) -> set[str]:
    return {str(q) for q in quads if not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)}


def test_curated_data_loads_unchanged(remote_kg, kg):
    assert [g.value for g in remote_kg.store.named_graphs()] == [g.value for g in kg.store.named_graphs()]
    for g in kg.store.named_graphs():
        here, there = list(kg.store.quads(g)), list(remote_kg.store.quads(g))
        assert len(there) == len(here), g.value
        # every term round-trips exactly: Vietnamese labels, dates, decimals, booleans, gYear
        assert without_blank_nodes(there) == without_blank_nodes(here), g.value
    assert remote_kg.store.count() == kg.store.count()


def test_stats_are_the_same(remote_kg, kg):
    assert remote_kg.stats() == kg.stats()


QUERIES = [
    # the README's examples
    """SELECT ?year ?value ?report WHERE {
         ?o egov:observedEntity <https://w3id.org/egovkg/id/system/quang-nam/qoffice> ; egov:measure measure:users ;
            egov:value ?value ; egov:refYear ?year ; prov:wasDerivedFrom ?report } ORDER BY ?year ?value""",
    """SELECT ?lgsp ?target ?report WHERE {
         ?a a egov:LinkAssertion ; rdf:subject ?lgsp ; rdf:predicate egov:connectsTo ; rdf:object ?target ;
            prov:wasDerivedFrom ?report . ?lgsp a egov:LGSP } ORDER BY ?lgsp ?target ?report""",
    # provenance through GRAPH, labels in Vietnamese, a property path over the ontology
    """SELECT ?g ?label WHERE { GRAPH ?g { ?s a egov:LGSP ; rdfs:label ?label FILTER(LANG(?label) = "vi") } }
       ORDER BY ?g ?label""",
    """SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?kind . ?kind rdfs:subClassOf* egov:Portal }
       GROUP BY ?kind ORDER BY ?kind""",
    "ASK { ?p a egov:Province ; egov:mergedInto ?q }",
]


def distinct(rows: list[dict]) -> list[dict]:
    """Rows with repeats removed, in order. Virtuoso's default graph (every graph on the server)
    gives a triple once per graph that states it; the embedded store's gives it once."""
    return [dict(r) for r in dict.fromkeys(tuple(row.items()) for row in rows)]


@pytest.mark.parametrize("query", QUERIES)
def test_queries_answer_the_same(remote_kg, kg, query):
    here, there = kg.query(query), remote_kg.query(query)
    if isinstance(here, SelectResult):
        assert there.variables == here.variables
        assert distinct(there.values()) == here.values()
        assert there.values(), "the query should find something in the bundled data"
    else:
        assert there == here


def test_api_sparql_works_unchanged(remote_kg, kg, virtuoso):
    from api import create_app

    remote_settings = Settings(store=virtuoso.store_setting)
    with TestClient(create_app(remote_settings, remote_kg)) as remote, \
            TestClient(create_app(Settings(), kg)) as local:
        for query in QUERIES[:3]:
            answers = [c.get("/sparql", params={"query": query}) for c in (remote, local)]
            assert [a.status_code for a in answers] == [200, 200]
            remote_rows, local_rows = (a.json()["results"]["bindings"] for a in answers)
            assert list(dict.fromkeys(json.dumps(b, sort_keys=True) for b in remote_rows)) == \
                [json.dumps(b, sort_keys=True) for b in local_rows]
        turtle = remote.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a egov:LGSP }"},
                            headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and "LGSP" in turtle.text
        bad = remote.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
        assert bad.status_code == 400 and bad.json()["line"] == 2
        health = remote.get("/health").json()
        assert health["quads"] == kg.store.count() and health["named_graphs"] == len(kg.store.named_graphs())


def test_settings_select_the_remote_store(virtuoso):
    store = open_store(Settings(store=virtuoso.store_setting, store_gsp=virtuoso.gsp_url,
                                store_user=virtuoso.user, store_password=virtuoso.password))
    try:
        assert isinstance(store, RemoteStore) and store.query_url == virtuoso.query_url
        assert store.query("ASK {}").value is True
    finally:
        store.close()


def test_wrong_credentials_name_the_settings(virtuoso):
    store = RemoteStore(virtuoso.query_url, user=virtuoso.user, password="not-the-password")
    try:
        with pytest.raises(StoreError, match="EGOVKG_STORE_USER"):
            store.named_graphs()
    finally:
        store.close()


def server_graphs(virtuoso) -> set[str]:
    """Every graph on the server, asked over the plain protocol (the store hides staging graphs)."""
    answer = httpx.post(virtuoso.query_url, data={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
                        headers={"Accept": "application/sparql-results+json"},
                        auth=httpx.DigestAuth(virtuoso.user, virtuoso.password), timeout=30)
    return {b["g"]["value"] for b in answer.json()["results"]["bindings"]}


def test_a_batch_the_server_refuses_changes_nothing(virtuoso):
    """Virtuoso 7 has no RDF-star: the second graph fails while staging, after the first was staged."""
    g1, g2 = NamedNode(EX + "r1"), NamedNode(EX + "r2")
    store = virtuoso.store()
    try:
        store.replace_graphs({g1: [Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), Literal("kept"), g1)]})
        before = server_graphs(virtuoso)
        quoted = Triple(NamedNode(EX + "a"), NamedNode(EX + "p"), NamedNode(EX + "b"))
        with pytest.raises(StoreError, match="nothing was changed"):
            store.replace_graphs({
                g1: [Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), Literal("new"), g1)],
                g2: [Quad(NamedNode(EX + "a"), NamedNode(EX + "says"), quoted, g2)],
            })
        assert [q.object.value for q in store.quads(g1)] == ["kept"]
        assert server_graphs(virtuoso) == before  # no staging graph left behind, no r2
    finally:
        store.drop_graphs([g1, g2])
        store.close()


def test_loads_without_a_graph_store_endpoint(virtuoso, bundled):
    """Servers without GSP: the same load through SPARQL Update batches, blank nodes kept together."""
    copy = NamedNode(EX + "ontology-copy")
    quads = [Quad(q.subject, q.predicate, q.object, copy) for q in bundled[0].quads]
    store = RemoteStore(virtuoso.query_url, user=virtuoso.user, password=virtuoso.password)
    store.UPDATE_BATCH = 300  # many batches, so blank-node groups must not be split
    try:
        store.replace_graphs({copy: quads})
        assert store.count(copy) == len(quads)
        # OWL lists stay whole: every list node that has a first also has a rest
        broken = store.query(
            "SELECT ?l WHERE { GRAPH ?g { ?l rdf:first ?x . FILTER NOT EXISTS { ?l rdf:rest ?r } } }",
            prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}, default_graphs=[], named_graphs=[copy],
        )
        lists = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?l rdf:first ?x } }",
                            prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
                            default_graphs=[], named_graphs=[copy])
        assert broken.rows == [] and int(lists.rows[0][0].value) > 0
    finally:
        store.drop_graphs([copy])
        store.close()


def test_a_server_that_does_not_answer_times_out():
    """A real socket that accepts and never answers: the client gives up at the time limit."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
        thread.start()
        store = RemoteStore(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", timeout=0.5)
        try:
            with pytest.raises(QueryTimeoutError, match="did not answer within 0.5 s"):
                store.query("SELECT * WHERE { ?s ?p ?o }", default_graphs=[], named_graphs=[])
        finally:
            store.close()
            for conn in accepted:
                conn.close()


def test_an_unreachable_server_is_a_store_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: connections are refused
        store = RemoteStore(f"http://127.0.0.1:{port}/sparql")
        with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
            store.named_graphs()
        store.close()


def test_cli_load_and_query_through_the_environment(virtuoso, tmp_path):
    env = {**os.environ, "EGOVKG_STORE": virtuoso.store_setting, "EGOVKG_STORE_GSP": virtuoso.gsp_url,
           "EGOVKG_STORE_USER": virtuoso.user, "EGOVKG_STORE_PASSWORD": virtuoso.password}
    env.pop("EGOVKG_STORE_UPDATE", None)
    data = tmp_path / "extra.ttl"
    data.write_text(f"<{EX}lgsp> a <https://w3id.org/egovkg/ontology#LGSP> .\n")
    egovkg = EGOVKG
    loaded = subprocess.run([egovkg, "load", str(data)], env=env, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    answer = subprocess.run([egovkg, "query", f"ASK {{ <{EX}lgsp> a egov:LGSP }}", "--format", "json"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0 and '"boolean": true' in answer.stdout
    store = virtuoso.store()
    store.drop_graphs([g for g in store.named_graphs() if g.value.endswith("/extra-ttl")])
    store.close()


def test_compliance_check_works_unchanged(remote_kg, kg):
    from graph.compliance.engine import evaluate

    def outcome(report) -> list[tuple[str, str, str]]:
        return sorted((f.province, f.rule_id, f.status) for f in report.findings)

    here = outcome(evaluate(kg))
    assert here, "the bundled data should give the check something to report"
    assert outcome(evaluate(remote_kg)) == here
