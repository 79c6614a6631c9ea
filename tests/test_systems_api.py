"""The relationship API in-process (FastAPI's TestClient over the real app and a real store with the
bundled data), and the explorer pages as HTML."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.settings import Settings

from .support.paths import SEEDS


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_search_route_ranks_and_filters(client):
    hits = client.get("/api/systems", params={"q": "qoffice quang nam"}).json()
    assert hits[0]["id"] == "quang-nam/qoffice" and hits[0]["province"] == "quang-nam"
    assert client.get("/api/systems", params={"q": "cong dich vu cong quoc gia"}).json()[0]["id"] == "npsp"
    lgsps = client.get("/api/systems", params={"kind": "LGSP", "limit": 100}).json()
    assert {h["kind"] for h in lgsps} == {"LGSP"} and len(lgsps) >= 3
    in_son_la = client.get("/api/systems", params={"province": "son-la", "layer": "int"}).json()
    assert in_son_la and all(h["province"] == "son-la" and h["layer"] == "int" for h in in_son_la)


def test_system_route_gives_details_links_figures_and_sources(client):
    body = client.get("/api/systems/quang-nam/qoffice").json()
    assert body["kind"] == "DocumentManagementSystem" and body["status"] == "operational"
    # "với số lượng user là 27.500" (Quảng Nam 2020)
    assert "số lượng user là 27.500" in (SEEDS / "000_067f3770d833e94b.txt").read_text(encoding="utf-8")
    users = [o for o in body["observations"] if o["measure"] == "users"]
    assert any(o["value"] == "27500" and o["year"] == 2020 and o["source_id"] == "quang-nam-2020" for o in users)
    out = {(link["rel"], link["other"]["id"]) for link in body["links"] if link["direction"] == "out"}
    assert {("sendsDocumentsVia", "vdxp"), ("signsWith", "govca"), ("exchangesDataVia", "quang-nam/lgsp")} <= out
    link = next(link for link in body["links"] if link["rel"] == "sendsDocumentsVia")
    assert link["evidence"][0]["source_id"] == "quang-nam-2022" and link["evidence"][0]["quote"]
    assert {"quang-nam-2020", "quang-nam-2022"} <= {s["id"] for s in body["sources"]}
    assert [s["as_of"] for s in body["statuses"]] == sorted(s["as_of"] for s in body["statuses"])


def test_neighbours_paths_and_impact_routes(client):
    hood = client.get("/api/systems/quang-nam/qoffice/neighbours", params={"depth": 2}).json()
    hops = {n["id"]: n["hops"] for n in hood["nodes"]}
    assert hops["quang-nam/qoffice"] == 0 and hops["vdxp"] == 1 and hops["ndxp"] == 2
    assert all(e["evidence"] for e in hood["edges"])
    only = client.get("/api/systems/quang-nam/qoffice/neighbours", params={"rel": "signsWith"}).json()
    assert {n["id"] for n in only["nodes"]} >= {"govca"} and {e["rel"] for e in only["edges"]} == {"signsWith"}

    paths = client.get("/api/paths", params={"from": "quang-nam/qoffice", "to": "ndxp"}).json()
    assert paths["from"] == "quang-nam/qoffice" and paths["to"] == "ndxp"
    assert [s["target"] for s in paths["paths"][0]] == ["quang-nam/lgsp", "ndxp"]
    assert paths["paths"][0][1]["edges"] == [{"rel": "connectsTo", "forward": True}]
    assert paths["follows"] == "flows" and paths["shortest_hops"] == 2
    # succession is no way for data: Hải Phòng's former portal reaches the national one only by replacedBy
    replaced = {"from": "hai-phong-pre-2025/dvc-portal", "to": "npsp"}
    assert client.get("/api/paths", params=replaced).json()["paths"] == []
    asked = client.get("/api/paths", params={**replaced, "rel": "replacedBy"}).json()
    assert asked["follows"] == "relations" and asked["paths"][0][0]["edges"] == [{"rel": "replacedBy", "forward": True}]

    body = client.get("/api/systems/quang-nam/lgsp/impact").json()
    affected = {a["id"]: a for a in body["affected"]}
    assert affected["quang-nam/csdl-chuyen-nganh"]["loses_national_reach"] is True
    assert affected["quang-nam/csdl-chuyen-nganh"]["via"] == {
        "source": "quang-nam/csdl-chuyen-nganh", "rel": "exchangesDataVia", "target": "quang-nam/lgsp"}


@pytest.mark.parametrize("url", [
    "/api/systems/quang-nam/nope", "/api/systems/quang-nam/nope/neighbours", "/api/systems/quang-nam/nope/impact",
])
def test_unknown_ids_answer_404_naming_the_id(client, url):
    r = client.get(url)
    assert r.status_code == 404 and "quang-nam/nope" in r.json()["detail"]


def test_paths_with_an_unknown_end_answer_404_naming_it(client):
    r = client.get("/api/paths", params={"from": "quang-nam/qoffice", "to": "son-la/nope"})
    assert r.status_code == 404 and "son-la/nope" in r.json()["detail"]


@pytest.mark.parametrize(("url", "params"), [
    ("/api/systems/quang-nam/qoffice/neighbours", {"depth": 0}),
    ("/api/systems/quang-nam/qoffice/neighbours", {"depth": "two"}),
    ("/api/systems/quang-nam/qoffice/neighbours", {"rel": "likes"}),
    ("/api/systems", {"kind": "Spaceship"}),
    ("/api/systems", {"layer": "zzz"}),
    ("/api/systems", {"province": "atlantis"}),
    ("/api/systems", {"limit": 0}),
    ("/api/paths", {"from": "quang-nam/qoffice"}),
    ("/api/paths", {"from": "quang-nam/qoffice", "to": "ndxp", "limit": 500}),
])
def test_bad_parameters_answer_422(client, url, params):
    assert client.get(url, params=params).status_code == 422


def test_the_routes_are_documented_with_response_models(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/systems", "/api/systems/{system_id}", "/api/systems/{system_id}/neighbours",
                 "/api/systems/{system_id}/impact", "/api/paths"):
        op = spec["paths"][path]["get"]
        assert op["summary"]
        assert "$ref" in str(op["responses"]["200"]["content"]["application/json"]["schema"])
    assert "SystemDetail" in spec["components"]["schemas"] and "ImpactModel" in spec["components"]["schemas"]


@pytest.mark.parametrize("url", [
    "/explore", "/explore?q=qoffice", "/explore/systems/quang-nam/qoffice", "/explore/systems/ndxp",
    "/explore/systems/quang-nam/qoffice/network?depth=2", "/explore/systems/quang-nam/lgsp/impact",
    "/explore/path?from=qoffice+quang+nam&to=ndxp", "/explore/provinces/quang-nam", "/explore/national",
    "/explore/construct?query=CONSTRUCT+%7B+%3Fs+egov%3AconnectsTo+%3Fo+%7D+WHERE+%7B+%3Fs+egov%3AconnectsTo+%3Fo+%7D",
])
def test_explorer_pages_render(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<a href="/explore" aria-current="page">Explore</a>' in r.text
    assert "cdn" not in r.text.lower() and "https://unpkg" not in r.text


def test_explorer_pages_link_to_each_other_and_to_the_query_page(client):
    page = client.get("/explore/systems/quang-nam/qoffice").text
    for href in ('href="/explore/systems/quang-nam/qoffice/network?depth=1"', 'href="/explore/systems/quang-nam/qoffice/impact"',
                 'href="/explore/systems/quang-nam/lgsp"', 'href="/query?query=', 'href="/explore/provinces/quang-nam"'):
        assert href in page
    assert 'href="/explore/systems/quang-nam/qoffice"' in client.get("/explore?q=qoffice").text
    assert 'href="/query"' in client.get("/explore").text


def test_explorer_errors_are_pages_with_their_status(client):
    r = client.get("/explore/systems/quang-nam/nope")
    assert r.status_code == 404 and "quang-nam/nope" in r.text and r.headers["content-type"].startswith("text/html")
    assert client.get("/explore/provinces/atlantis").status_code == 404
    assert client.get("/explore/construct", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).status_code == 422
    assert client.get("/explore/systems/quang-nam/qoffice/network", params={"depth": 99}).status_code == 422
