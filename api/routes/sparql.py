"""The SPARQL query endpoint (GET): SELECT and ASK as SPARQL JSON (or XML, CSV, TSV by ``format`` or
``Accept``); CONSTRUCT and DESCRIBE as Turtle or N-Triples. The default graph is the union of the
named graphs. Row cap from the settings; truncation is reported in ``X-Egovkg-Truncated``.
"""

from __future__ import annotations

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from api.deps import KGDep, SettingsDep
from egovkg.errors import InputError
from graph.results import RESULT_MEDIA_TYPES, GraphResult, write_graph, write_results

router = APIRouter()

GRAPH_MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                     "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str | None:
    """The format to answer with, by q-value order of the Accept header; None when nothing fits."""
    if not accept:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0 and pieces[0]:
            ranked.append((-q, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return default
        for name, mt in table.items():
            if media == mt:
                return name
    return None


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
def sparql_get(
    kg: KGDep,
    settings: SettingsDep,
    query: str = Query(..., description="The SPARQL query."),
    format: str | None = Query(None, description="Override content negotiation: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml."),
    accept: str | None = Header(None),
) -> Response:
    if len(query.encode()) > settings.max_request_bytes:
        raise InputError(f"the query is longer than the limit of {settings.max_request_bytes} bytes")
    result = kg.query(query, row_cap=settings.sparql_row_cap)
    headers = {"X-Egovkg-Truncated": "true"} if getattr(result, "truncated", False) else {}
    table = GRAPH_MEDIA_TYPES if isinstance(result, GraphResult) else RESULT_MEDIA_TYPES
    if format is not None:
        if format not in table:
            raise InputError(f"format '{format}' does not fit this query (one of {', '.join(table)})")
        fmt: str | None = format
    else:
        fmt = negotiate(accept, table, "turtle" if isinstance(result, GraphResult) else "json")
    if fmt is None:
        return Response(f"none of the accepted types ({accept}) can carry this result; available: {', '.join(table.values())}",
                        status_code=406, media_type="text/plain")
    if isinstance(result, GraphResult):
        return Response(write_graph(result, fmt, kg.iris.prefixes()), media_type=table[fmt], headers=headers)
    return Response(write_results(result, fmt), media_type=table[fmt], headers=headers)
