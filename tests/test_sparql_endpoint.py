"""The SPARQL endpoint in-process (the real app over the bundled data): the three ways to send a
query, content negotiation, the service description, refusals, size limits, updates and CORS.
(The W3C suites are in test_w3c_*.py; real clients against a real server in test_sparql_clients.py.)"""

from __future__ import annotations

import io
import json
import urllib.parse

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore

SELECT = "SELECT ?p WHERE { ?p a egov:Province } ORDER BY ?p LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?p a egov:Province } WHERE { ?p a egov:Province } LIMIT 3"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
TOKEN = "a-long-enough-update-token"


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(sparql_row_cap=100, max_request_bytes=5000), kg)) as c:
        yield c


def media(response) -> str:
    return response.headers["content-type"].split(";")[0]


# -- the three ways --------------------------------------------------------------------------------
def test_get_post_form_and_post_direct_agree(client):
    by_get = client.get("/sparql", params={"query": SELECT})
    by_form = client.post("/sparql", data={"query": SELECT})
    by_direct = client.post("/sparql", content=SELECT.encode(), headers=DIRECT)
    assert by_get.status_code == by_form.status_code == by_direct.status_code == 200
    assert by_get.json() == by_form.json() == by_direct.json()
    assert len(by_get.json()["results"]["bindings"]) == 3


def test_utf8_text_survives_every_way(client):
    query = "SELECT ?s WHERE { ?s rdfs:label \"Hệ thống quản lý văn bản Qoffice\"@vi }"
    for response in (client.get("/sparql", params={"query": query}), client.post("/sparql", data={"query": query}),
                     client.post("/sparql", content=query.encode("utf-8"), headers={"Content-Type": "application/sparql-query; charset=UTF-8"})):
        assert response.status_code == 200, response.text
        assert [b["s"]["value"] for b in response.json()["results"]["bindings"]] == \
            ["https://w3id.org/egovkg/id/system/quang-nam/qoffice"]


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("post", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ("post", {"content": b"ASK {}"}, 400),  # no Content-Type at all
    ("post", {"content": "ASK {}".encode("utf-16"), "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
    ("post", {"content": b"\xff\xfeA\x00", "headers": DIRECT}, 400),  # not UTF-8
    ("get", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("post", {"data": {"update": "CLEAR ALL"}}, 400),  # updates go to /update
    ("post", {"data": {"default-graph-uri": "x"}}, 400),  # no query
    ("put", {"params": {"query": "ASK {}"}}, 405),
])
def test_protocol_violations_are_4xx_with_a_reason(client, method, kwargs, status):
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status, response.text
    if status != 405:
        assert response.json()["detail"]


# -- formats and negotiation -----------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+json,text/turtle;q=0.9", "application/sparql-results+json"),
    ("text/*", "text/csv"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
    ("*/*;q=0.1, text/csv;q=0", "application/sparql-results+json"),
])
def test_select_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": SELECT}, headers=headers)
    assert response.status_code == 200 and media(response) == expected
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/turtle"),
    ("application/sparql-results+json,text/turtle;q=0.9", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.2, application/rdf+xml;q=0.8", "application/rdf+xml"),
])
def test_construct_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", content=CONSTRUCT.encode(), headers={**DIRECT, **headers})
    assert response.status_code == 200 and media(response) == expected
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}[expected]
    assert len(list(ox.parse(io.BytesIO(response.content), format=fmt))) == 3


def test_unsatisfiable_accept_is_406(client):
    assert client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"}).status_code == 406
    assert client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"}).status_code == 406


@pytest.mark.parametrize(("values", "expected"), [
    (["csv"], "text/csv"),
    (["tsv", "text/tab-separated-values"], "text/tab-separated-values"),  # as SPARQLWrapper sends it
    (["application/sparql-results+xml"], "application/sparql-results+xml"),
])
def test_format_parameter_overrides_accept(client, values, expected):
    params = [("query", SELECT)] + [("format", v) for v in values]
    response = client.get("/sparql", params=params, headers={"Accept": "application/sparql-results+json"})
    assert media(response) == expected
    assert client.get("/sparql", params={"query": CONSTRUCT, "format": "rdf+xml"}).headers["content-type"].startswith("application/rdf+xml")
    assert client.get("/sparql", params={"query": SELECT, "format": "turtle"}).status_code == 400


def test_ask_in_every_result_format(client):
    query = "ASK { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo system:ndxp }"
    bodies = {fmt: client.get("/sparql", params={"query": query, "format": fmt}) for fmt in ("json", "xml", "csv", "tsv")}
    assert bodies["json"].json() == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in bodies["xml"].text
    assert bodies["csv"].text.splitlines()[1] == "true" and bodies["tsv"].text.splitlines()[1] == "true"


def test_truncation_is_reported(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 100
    assert response.headers["x-egovkg-truncated"] == "true" and response.headers["x-egovkg-row-cap"] == "100"
    assert "x-egovkg-truncated" not in client.get("/sparql", params={"query": SELECT}).headers


# -- service description ---------------------------------------------------------------------------
def test_service_description(client, kg):
    response = client.get("/sparql")
    assert response.status_code == 200 and media(response) == "text/turtle"
    sd = ox.Store()
    sd.load(response.content, format=ox.RdfFormat.TURTLE)
    ask = lambda q: sd.query("PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "  # noqa: E731
                             "PREFIX egov: <https://w3id.org/egovkg/ontology#> " + q)
    assert ask("ASK { ?s a sd:Service ; sd:endpoint <http://127.0.0.1:8000/sparql> ; sd:feature sd:UnionDefaultGraph }")
    formats = {r[0].value.rsplit("/", 1)[1] for r in ask("SELECT ?f WHERE { ?s sd:resultFormat ?f }")}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "JSON-LD", "RDF_XML"}
    assert ask("ASK { ?s egov:queryTimeLimit 10.0 ; egov:resultRowLimit 100 ; egov:requestSizeLimit 5000 }")
    assert not ask("ASK { ?s sd:supportedLanguage sd:SPARQL11Update }")  # no update token here
    names = {r[0].value for r in ask("SELECT ?g WHERE { ?s sd:defaultDataset/sd:namedGraph/sd:name ?g }")}
    assert names == {g.value for g in kg.store.named_graphs()}
    assert media(client.get("/sparql", headers={"Accept": "application/rdf+xml"})) == "application/rdf+xml"


# -- refusals and limits ---------------------------------------------------------------------------
def test_refusals_are_400_with_a_clear_message(client):
    service = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert service.status_code == 400 and "SERVICE" in service.json()["detail"]
    unknown = client.get("/sparql", params={"query": "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }"})
    assert unknown.status_code == 400 and "<http://example.org/elsewhere>" in unknown.json()["detail"]
    by_protocol = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "http://example.org/elsewhere"})
    assert by_protocol.status_code == 400 and "default-graph-uri" in by_protocol.json()["detail"]


def test_graphs_of_the_store_may_be_named(client):
    graph = "https://w3id.org/egovkg/graph/source/son-la-2023"
    query = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a egov:Report }"
    from_clause = client.get("/sparql", params={"query": query.replace("WHERE", f"FROM <{graph}> WHERE")})
    by_protocol = client.get("/sparql", params={"query": query, "default-graph-uri": graph})
    assert from_clause.json()["results"]["bindings"][0]["n"]["value"] == "1"
    assert by_protocol.json()["results"]["bindings"][0]["n"]["value"] == "1"


def test_syntax_error_is_400_with_position_and_no_traceback(client):
    response = client.post("/sparql", content=b"SELECT ?s WHERE {\n  ?s ?p }", headers=DIRECT)
    body = response.json()
    assert response.status_code == 400 and body["line"] == 2 and body["column"] >= 1
    assert "line 2" in body["detail"] and "Traceback" not in response.text


def test_request_size_limit(client):
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 6000
    assert client.post("/sparql", content=big.encode(), headers=DIRECT).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413
    response = client.get("/sparql", params={"query": big})  # a URL over the limit: 414, saying to POST
    assert response.status_code == 414 and "POST" in response.json()["detail"]


# -- updates ---------------------------------------------------------------------------------------
@pytest.fixture
def writable(iris):
    kg = KnowledgeGraph(OxigraphStore(), iris)
    with TestClient(create_app(Settings(update_token=TOKEN), kg)) as c:
        yield c
    kg.close()


INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
CHECK = "ASK { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"


def test_updates_are_off_without_a_token(client):
    response = client.post("/update", data={"update": INSERT})
    assert response.status_code == 403 and "EGOVKG_UPDATE_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-of-some-length", f"Basic {TOKEN}", TOKEN])
def test_updates_need_the_bearer_token(writable, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    assert writable.post("/update", data={"update": INSERT}, headers=headers).status_code == 403
    assert writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is False


def test_update_by_form_and_direct(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/update", data={"update": INSERT}, headers=auth).status_code == 204
    assert writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is True
    response = writable.post("/update", content=b"DROP GRAPH <http://example.org/g>",
                             headers={**auth, "Content-Type": "application/sparql-update"})
    assert response.status_code == 204
    assert writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is False
    sd = writable.get("/sparql").text
    assert "SPARQL11Update" in sd


def test_update_is_all_or_nothing_and_refuses_load(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    failing = writable.post("/update", data={"update": INSERT + " ; DROP GRAPH <http://example.org/missing>"}, headers=auth)
    assert failing.status_code == 400 and "missing" in failing.json()["detail"]
    assert writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is False
    load = writable.post("/update", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"}, headers=auth)
    assert load.status_code == 400 and "LOAD" in load.json()["detail"]
    assert writable.get("/update").status_code == 405
    huge = INSERT.encode() + b" #" + b"x" * 1_000_000  # past the default EGOVKG_MAX_REQUEST_BYTES
    too_big = writable.post("/update", content=huge, headers={**auth, "Content-Type": "application/sparql-update"})
    assert too_big.status_code == 413 and writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is False


# -- CORS ------------------------------------------------------------------------------------------
def test_cors_is_off_unless_configured(client, kg):
    origin = {"Origin": "https://architects.example.gov.vn"}
    assert "access-control-allow-origin" not in client.get("/sparql", params={"query": SELECT}, headers=origin).headers
    with TestClient(create_app(Settings(cors_origins=("https://architects.example.gov.vn",)), kg)) as allowed:
        response = allowed.get("/sparql", params={"query": SELECT}, headers=origin)
        assert response.headers["access-control-allow-origin"] == origin["Origin"]
        preflight = allowed.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "content-type"})
        assert preflight.status_code == 200
        other = allowed.get("/sparql", params={"query": SELECT}, headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/sparql"]) and "post" in paths["/update"]
    assert "/query" not in paths  # a page, not an API


def test_query_page_example_link_round_trip(client):
    # the explorer links here with ?query=…; the page embeds it as data, escaped
    query = "SELECT * WHERE { ?s ?p \"</script><b>x</b>\" }"
    page = client.get("/query?" + urllib.parse.urlencode({"query": query}))
    assert page.status_code == 200
    assert "</script><b>" not in page.text
    data = page.text.split('<script type="application/json" id="page-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["query"] == query


def test_an_update_of_the_default_graph_is_refused_with_its_position(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/update", data={"update": INSERT}, headers=auth).status_code == 204
    update = "PREFIX ex: <http://example.org/>\nDELETE DATA { GRAPH ex:g { ex:a ex:p 1 } } ;\nINSERT DATA { ex:a ex:p 2 }"
    refused = writable.post("/update", data={"update": update}, headers=auth)
    assert refused.status_code == 400
    assert "line 3, column 15" in refused.json()["detail"] and "GRAPH" in refused.json()["detail"]
    assert writable.get("/sparql", params={"query": CHECK}).json()["boolean"] is True  # nothing changed
    everywhere = "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert writable.post("/update", data={"update": everywhere}, headers=auth).status_code == 204
    assert writable.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is False
