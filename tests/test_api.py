"""The API in-process (FastAPI's TestClient over the real app and a real store), and once over a real
server started by the CLI on a loopback port."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from fastapi.testclient import TestClient

from api import create_app
from .support.live import serve_cli as serve
from egovkg.settings import Settings

from .support.cli import run


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_health(client, kg):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["quads"] == kg.store.count() and body["named_graphs"] >= 7


def test_select_as_sparql_json(client):
    q = "SELECT ?label WHERE { <https://w3id.org/egovkg/id/system/quang-nam/qoffice> rdfs:label ?label FILTER(LANG(?label) = 'en') }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    bindings = r.json()["results"]["bindings"]
    assert len(bindings) >= 1 and bindings[0]["label"]["xml:lang"] == "en"


def test_ask(client):
    r = client.get("/sparql", params={"query": "ASK { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo system:ndxp }"})
    assert r.json() == {"head": {}, "boolean": True}


def test_other_formats_by_accept(client):
    q = "SELECT ?p WHERE { ?p a egov:Province } LIMIT 3"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.text.splitlines()[0] == "p"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml;q=0.5, text/tab-separated-values"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_syntax_error_is_400_with_position_and_no_traceback(client):
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE {\n ?s ?p }"})
    assert r.status_code == 400
    body = r.json()
    assert body["line"] == 2 and "column" in body
    assert "Traceback" not in r.text and "pyoxigraph" not in r.text


def test_missing_query_is_the_service_description(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert "sd:Service" in response.text


def test_real_server_over_loopback(tmp_path):
    store = tmp_path / "store"
    run("load", store=store)
    with serve(store, time_limit=10) as (base, _):
        with urllib.request.urlopen(base + "/health", timeout=2) as r:
            health = json.load(r)
        assert health["status"] == "ok" and health["quads"] > 1000
        q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a egov:Province }")
        with urllib.request.urlopen(f"{base}/sparql?query={q}", timeout=10) as r:
            assert r.headers["Content-Type"].startswith("application/sparql-results+json")
            n = int(json.load(r)["results"]["bindings"][0]["n"]["value"])
        assert n == 87  # 63 before the 2025 reform, the 23 new merged units, and Huế (a city since 1/2025)
