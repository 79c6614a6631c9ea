"""The W3C result-format tests (``../shared/w3c/sparql11-json-res`` and ``sparql11-csv-tsv-res``), run
through the endpoint: each test's data is loaded into a store, its query POSTed to ``/sparql`` with
the format's media type in ``Accept``, and the answer compared with the expected file.

Comparison is by meaning where the format allows it, the way the suite intends: the order of the
variables does not matter (Oxigraph lists ``SELECT *`` variables in its own order; the columns are
matched by name), blank-node labels may differ (matched one to one), and TSV numbers compare by
datatype and value (the expected ``1.0e6`` is the double written ``1.0E6`` in the data). CSV carries
no types, so each cell compares as text, line endings aside (the expected files use LF, the CSV
standard CRLF).

Two tests cannot pass through the store, and are listed in ``THROUGH_THE_STORE_EXCEPTIONS``:
Oxigraph keeps numbers by value, not by lexical form, so the test data's ``"1.0E6"^^xsd:double``
reads back as ``"1000000"^^xsd:double`` and ``"-3"^^xsd:negativeInteger`` as ``"-3"^^xsd:integer``
(csv03/tsv03 check exactly those corner cases). The writers themselves are checked on those tests
with the data's own terms (``test_w3c_csv_tsv_writers``), and pass.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from api import create_app
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.sparql.formats import to_csv, to_tsv
from graph.store import OxigraphStore, SelectResult
from ontology import IRIs

from .support.paths import SHARED

W3C = SHARED / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DATA_GRAPH = ox.NamedNode("http://example.org/w3c-results-test-data")
NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float")}


def cases(folder: str) -> list[tuple[str, Path, Path, Path]]:
    root = W3C / folder
    g = rdflib.Graph().parse(root / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    out = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        local = lambda node: root / str(node).rsplit("/", 1)[1]  # noqa: E731
        out.append((str(entry).rsplit("#", 1)[1], local(g.value(action, QT.query)), local(g.value(action, QT.data)),
                    local(g.value(entry, MF.result))))
    return out


JSON_CASES = cases("sparql11-json-res")
CSV_TSV_CASES = cases("sparql11-csv-tsv-res")
THROUGH_THE_STORE_EXCEPTIONS = {
    "csv03": "Oxigraph stores '1.0E6'^^xsd:double by value: it reads back as '1000000'",
    "tsv03": "Oxigraph stores '-3'^^xsd:negativeInteger as an xsd:integer",
}


@pytest.fixture(scope="module")
def load(iris: IRIs):
    """A client over an in-memory store, and a function that replaces the store's data with a file."""
    kg = KnowledgeGraph(OxigraphStore(), iris)
    with TestClient(create_app(Settings(), kg)) as client:
        def use(data: Path) -> TestClient:
            quads = [ox.Quad(t.subject, t.predicate, t.object, DATA_GRAPH)
                     for t in ox.parse(path=str(data), format=ox.RdfFormat.TURTLE, base_iri="http://example.org/")]
            kg.store.clear()
            kg.store.replace_graphs({DATA_GRAPH: quads})
            return client
        yield use
    kg.close()


def ask(client: TestClient, query: Path, accept: str):
    response = client.post("/sparql", content=query.read_bytes(), headers={
        "Content-Type": "application/sparql-query", "Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    return response


class BlankNodes:
    """Matches blank-node labels of two results one to one, in order of appearance."""

    def __init__(self) -> None:
        self.pairs: dict[str, str] = {}

    def same(self, ours: str, theirs: str) -> bool:
        if ours in self.pairs:
            return self.pairs[ours] == theirs
        if theirs in self.pairs.values():
            return False
        self.pairs[ours] = theirs
        return True


def same_json_term(a: dict, b: dict, bnodes: BlankNodes) -> bool:
    if a["type"] == "bnode" and b["type"] == "bnode":
        return bnodes.same(a["value"], b["value"])
    return a == b


@pytest.mark.parametrize(("name", "query", "data", "expected"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_w3c_json_results(load, name, query, data, expected):
    body = ask(load(data), query, "application/sparql-results+json").json()
    want = json.loads(expected.read_text(encoding="utf-8"))
    if "boolean" in want:
        assert body == want
        return
    assert sorted(body["head"]["vars"]) == sorted(want["head"]["vars"])
    ours, theirs = body["results"]["bindings"], want["results"]["bindings"]
    assert len(ours) == len(theirs)
    bnodes = BlankNodes()
    for row, expected_row in zip(ours, theirs):
        assert row.keys() == expected_row.keys(), (row, expected_row)
        assert all(same_json_term(row[k], expected_row[k], bnodes) for k in row), (row, expected_row)


def same_term(a, b, bnodes: BlankNodes) -> bool:
    if isinstance(a, ox.BlankNode) and isinstance(b, ox.BlankNode):
        return bnodes.same(a.value, b.value)
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal) and a.datatype == b.datatype and a.datatype.value in NUMERIC:
        return float(a.value) == float(b.value)
    return a == b


def tsv_rows(text: bytes, order: list[str] | None = None) -> tuple[list[str], list[list]]:
    solutions = ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV)
    variables = [v.value for v in solutions.variables]
    if order is not None:
        assert sorted(variables) == sorted(order)
        variables = order
    return variables, [[s[v] for v in variables] for s in solutions]


def csv_rows(text: str, order: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    order = order or header
    assert sorted(header) == sorted(order)
    return order, [[row[header.index(v)] for v in order] for row in rows[1:]]


@pytest.mark.parametrize(("name", "query", "data", "expected"), CSV_TSV_CASES, ids=[c[0] for c in CSV_TSV_CASES])
def test_w3c_csv_tsv_results(load, name, query, data, expected):
    if name in THROUGH_THE_STORE_EXCEPTIONS:
        pytest.skip(THROUGH_THE_STORE_EXCEPTIONS[name])
    client = load(data)
    if expected.suffix == ".tsv":
        compare_tsv(ask(client, query, "text/tab-separated-values").content, expected)
    else:
        compare_csv(ask(client, query, "text/csv").text, expected)


def compare_tsv(body: bytes, expected: Path) -> None:
    want_vars, want = tsv_rows(expected.read_bytes())
    _, ours = tsv_rows(body, want_vars)
    assert len(ours) == len(want)
    bnodes = BlankNodes()
    for row, expected_row in zip(ours, want):
        assert all(same_term(a, b, bnodes) for a, b in zip(row, expected_row)), (row, expected_row)


def compare_csv(ours_text: str, expected: Path) -> None:
    assert "\r\n" in ours_text  # the CSV standard's line ending
    want_vars, want = csv_rows(expected.read_text(encoding="utf-8"))
    _, ours = csv_rows(ours_text, want_vars)
    assert len(ours) == len(want)
    bnodes = BlankNodes()
    for row, expected_row in zip(ours, want):
        for a, b in zip(row, expected_row):
            if a.startswith("_:") and b.startswith("_:"):
                assert bnodes.same(a, b), (row, expected_row)
            else:
                assert a == b, (row, expected_row)


#: the tests whose query is a plain SELECT * over the data (csvtsv01.rq): their rows are the data's triples
PLAIN_CASES = [c for c in CSV_TSV_CASES if c[1].name == "csvtsv01.rq"]


@pytest.mark.parametrize(("name", "query", "data", "expected"), PLAIN_CASES, ids=[c[0] for c in PLAIN_CASES])
def test_w3c_csv_tsv_writers(name, query, data, expected):
    """The writers on the data's own terms (no store in between): the lexical forms survive."""
    triples = sorted(ox.parse(path=str(data), format=ox.RdfFormat.TURTLE), key=lambda t: (t.subject.value, t.predicate.value))
    result = SelectResult(["s", "p", "o"], [(t.subject, t.predicate, t.object) for t in triples])
    if expected.suffix == ".tsv":
        compare_tsv(to_tsv(result), expected)
    else:
        compare_csv(to_csv(result).decode(), expected)
