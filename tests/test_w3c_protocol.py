"""The W3C SPARQL 1.1 Protocol test suite (``../shared/w3c/sparql11-protocol/manifest.ttl``, 34 tests),
replayed request by request against the real app over a real on-disk store (queries run in the
executor's worker processes, updates in the store itself).

How the manifest is read, and the liberties the suite asks runners to take:
- Each test's ``ut:graphData`` files (``dataN.nt``) are loaded under the graph name the manifest
  gives them (``http://kasei.us/2009/09/sparql/data/dataN.rdf``) into an emptied store before
  the test. ``data0.rdf``, named by several requests, has no data file in the suite: it is created
  as an empty graph, which is what a server that holds it answers from. (The endpoint never fetches
  a graph it does not hold: it refuses one, 400.)
- Paths start with ``/sparql/``: queries go to ``/sparql``, updates (an ``update=`` parameter or
  an ``application/sparql-update`` body; else the request of an ``update_*`` / ``bad_update_*``
  test) to ``/update``, with ``Authorization: Bearer <token>``, since updates here need the token.
- Bodies are encoded with the ``cnt:characterEncoding`` the manifest gives (UTF-16 for the
  non-UTF-8 tests).

Every test passes; ``KNOWN_EXCEPTIONS`` would list any that did not, with the reason.
"""

from __future__ import annotations

import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection

from api import create_app
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from ontology import IRIs

from .support.paths import SHARED

SUITE = SHARED / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TOKEN = "w3c-protocol-suite-token"
GRAPH_IRI = re.compile(r"http://kasei\.us/2009/09/sparql/data/data\d+\.rdf")

#: test name → why it does not pass (none at present)
KNOWN_EXCEPTIONS: dict[str, str] = {}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "3xx", "4xx", …
    boolean: bool | None
    result_format: str | None  # "boolean", "tabular", "RDF"


@dataclass
class ProtocolTest:
    name: str
    graphs: dict[str, Path] = field(default_factory=dict)  # graph name → data file
    requests: list[Request] = field(default_factory=list)


def read_manifest(path: Path = SUITE / "manifest.ttl") -> list[ProtocolTest]:
    g = rdflib.Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[1])
        for data in g.objects(entry, UT.graphData):
            test.graphs[str(g.value(data, RDFS.label))] = SUITE / Path(urllib.parse.urlparse(str(g.value(data, UT.graph))).path).name
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            header_list = g.value(req, HT.headers)
            if header_list is not None:
                for h in Collection(g, header_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                # utf-16 with a byte-order mark, as a client sending UTF-16 would
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            test.requests.append(Request(
                method=str(g.value(req, HT.methodName)),
                path=str(g.value(req, HT.absolutePath)),
                headers=headers,
                body=body,
                statuses={str(s)[len(HTS):].lower() for s in g.objects(resp, MF.expectedStatus)},
                boolean=boolean.toPython() if boolean is not None else None,
                result_format=str(fmt) if fmt is not None else None,
            ))
        tests.append(test)
    return tests


TESTS = read_manifest()


def test_the_manifest_has_34_tests():
    assert len(TESTS) == 34 and len({t.name for t in TESTS}) == 34


@pytest.fixture(scope="module")
def suite_app(tmp_path_factory, iris: IRIs):
    store = OxigraphStore(tmp_path_factory.mktemp("w3c-protocol") / "store")
    kg = KnowledgeGraph(store, iris)
    app = create_app(Settings(store=str(store.path), update_token=TOKEN), kg)
    with TestClient(app) as client:
        yield client, store
    kg.close()


def prepare_store(store: OxigraphStore, test: ProtocolTest) -> None:
    store.clear()
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    for name, path in test.graphs.items():
        graph = ox.NamedNode(name)
        graphs[graph] = [ox.Quad(t.subject, t.predicate, t.object, graph)
                         for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
    if graphs:
        store.replace_graphs(graphs)
    named = {urllib.parse.unquote(m) for r in test.requests for m in GRAPH_IRI.findall(urllib.parse.unquote(r.path))}
    for name in sorted(named - set(test.graphs)):
        store.update(f"CREATE SILENT GRAPH <{name}>")  # data0.rdf: named, with no data file


def is_update(test: ProtocolTest, request: Request) -> bool:
    """Whether a request of the suite is an update: by what it sends, else by its test's name (the
    update tests check their effect with a query, which goes to /sparql)."""
    content_type = request.headers.get("content-type", "")
    body = request.body or b""
    if content_type.startswith("application/sparql-update") or body.startswith(b"update=") or "update=" in request.path:
        return True
    if content_type.startswith("application/sparql-query") or body.startswith(b"query=") or "query=" in request.path:
        return False
    return test.name.startswith(("update_", "bad_update_"))


def endpoint_path(test: ProtocolTest, request: Request) -> str:
    target = "/update" if is_update(test, request) else "/sparql"
    assert request.path.startswith("/sparql/")
    return target + request.path[len("/sparql/"):]


RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}


def boolean_of(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    assert content_type == "application/sparql-results+xml", content_type
    node = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return node is not None and node.text == "true"


def check_response(test: ProtocolTest, request: Request, response) -> None:
    status_class = f"{response.status_code // 100}xx"
    assert status_class in request.statuses, (
        f"{test.name}: {request.method} {request.path} answered {response.status_code} "
        f"(expected {sorted(request.statuses)}): {response.text[:300]}")
    assert "Traceback" not in response.text
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    if request.result_format == "boolean":
        assert content_type in ("application/sparql-results+json", "application/sparql-results+xml"), content_type
    elif request.result_format == "tabular":
        assert content_type in RESULT_TYPES, content_type
        if content_type == "application/sparql-results+json":
            assert json.loads(response.content)["head"]["vars"] == ["value"]
    elif request.result_format == "RDF":
        assert content_type in RDF_TYPES, content_type
        list(ox.parse(io.BytesIO(response.content), format=RDF_TYPES[content_type]))  # it parses
    if request.boolean is not None:
        assert boolean_of(content_type, response.content) is request.boolean


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(suite_app, test: ProtocolTest):
    if test.name in KNOWN_EXCEPTIONS:
        pytest.skip(KNOWN_EXCEPTIONS[test.name])
    client, store = suite_app
    prepare_store(store, test)
    for request in test.requests:
        headers = {k: v for k, v in request.headers.items()}
        path = endpoint_path(test, request)
        if path.startswith("/update"):
            headers["Authorization"] = f"Bearer {TOKEN}"
        response = client.request(request.method, path, content=request.body, headers=headers)
        check_response(test, request, response)
