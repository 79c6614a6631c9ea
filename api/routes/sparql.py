"""The SPARQL 1.1 query endpoint, ``/sparql`` (W3C SPARQL 1.1 Protocol).

- GET with ``query=``, POST form (``query=`` field) and POST ``application/sparql-query``;
  ``default-graph-uri`` and ``named-graph-uri`` pick the dataset among the store's graphs.
- SELECT and ASK answer in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle
  (default), N-Triples, JSON-LD or RDF/XML: by ``Accept`` (q-values honoured) or a ``format``
  parameter, which wins. An ``Accept`` nothing satisfies gets 406.
- GET without a query answers the service description (Turtle by default).

The route is thin: :mod:`api.sparql_request` reads the request, :mod:`api.negotiation` picks the
format, and :class:`graph.endpoint.executor.QueryExecutor` runs the query within the limits (time limit, row
cap, no outbound network) — the limits live there, not here. Truncation by the row cap is reported
in ``X-Egovkg-Truncated: true``.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import ExecutorDep, SettingsDep, endpoint_url
from api.negotiation import GRAPHS, RESULTS, FormatTable, from_parameter, negotiate
from api.sparql_request import DIRECT, FORM, ProtocolRequest, from_post, from_url, refuse_other_operation
from egovkg.errors import NotAcceptableError, ProtocolError
from egovkg.settings import Settings
from graph.endpoint.executor import QueryExecutor
from graph.sparql.formats import GraphResult, write_graph
from graph.endpoint.service_description import ServiceFacts, describe_service

router = APIRouter(tags=["sparql"])

TRUNCATED = "X-Egovkg-Truncated"


def choose_format(protocol: ProtocolRequest, accept: str | None, table: FormatTable) -> str:
    requested = protocol.values("format")
    if requested:
        fmt = from_parameter(requested, table)
        if fmt is None:
            raise ProtocolError(f"format={requested[0]!r} cannot carry this result; use one of: {table.listing()}")
        return fmt
    fmt = negotiate(accept, table)
    if fmt is None:
        raise NotAcceptableError(f"none of the types in 'Accept: {accept}' can carry this result; available: {table.listing()}")
    return fmt


def answer(executor: QueryExecutor, protocol: ProtocolRequest, accept: str | None, base_iri: str) -> Response:
    """Run the request's query and write the response (sync: called from a worker thread)."""
    refuse_other_operation(protocol, "update", "send updates to POST /update")
    if protocol.text is None:
        raise ProtocolError("the request has no 'query'")
    prepared = executor.prepare(
        protocol.text, default_graphs=protocol.values("default-graph-uri"),
        named_graphs=protocol.values("named-graph-uri"), base_iri=base_iri,
    )
    table = GRAPHS if prepared.returns_graph else RESULTS
    fmt = choose_format(protocol, accept, table)  # before running: a 406 costs no query
    result = executor.serialize(prepared, fmt)
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers[TRUNCATED] = "true"
        headers["X-Egovkg-Row-Cap"] = str(executor.limits.row_cap)
    return Response(result.body, media_type=table.content_type(fmt), headers=headers)


def service_description(request: Request, executor: QueryExecutor, settings: Settings, protocol: ProtocolRequest) -> Response:
    facts = ServiceFacts(
        endpoint=endpoint_url(request),
        update_endpoint=settings.server_url + request.app.url_path_for("sparql_update") if settings.update_token else None,
        timeout=settings.sparql_timeout, row_cap=settings.sparql_row_cap, max_request_bytes=settings.max_request_bytes,
    )
    triples = describe_service(facts, executor.kg.store.named_graphs(), executor.kg.iris)
    fmt = choose_format(protocol, request.headers.get("accept"), GRAPHS)
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", **executor.kg.iris.prefixes()}
    body = write_graph(GraphResult(triples), fmt, prefixes)
    return Response(body, media_type=GRAPHS.content_type(fmt), headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET); without a query, the service description",
    responses={400: {"description": "syntax error (with line and column), refused query or bad parameter"},
               406: {"description": "no acceptable result format"}, 503: {"description": "time limit reached"}},
)
def sparql_get(
    request: Request,
    executor: ExecutorDep,
    settings: SettingsDep,
    query: str | None = Query(None, description="The SPARQL query; omit it for the service description."),
    default_graph_uri: list[str] | None = Query(None, alias="default-graph-uri", description="Graphs merged into the default graph."),
    named_graph_uri: list[str] | None = Query(None, alias="named-graph-uri", description="Graphs the query may name with GRAPH."),
    format: list[str] | None = Query(None, description="Overrides Accept: json, xml, csv, tsv; turtle, ntriples, jsonld, rdfxml."),
) -> Response:
    # the declared parameters document the route; the request is read by the protocol module, which
    # also sees repeated parameters
    protocol = from_url(request, "query", settings.max_request_bytes)
    if protocol.text is None and "update" not in protocol.params:
        return service_description(request, executor, settings, protocol)
    return answer(executor, protocol, request.headers.get("accept"), endpoint_url(request))


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query (POST, form or direct)",
    openapi_extra={"requestBody": {"required": True, "content": {
        FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
            "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
        DIRECT["query"]: {"schema": {"type": "string"}},
    }}},
)
async def sparql_post(request: Request, executor: ExecutorDep, settings: SettingsDep) -> Response:
    protocol = await from_post(request, "query", settings.max_request_bytes)
    return await run_in_threadpool(answer, executor, protocol, request.headers.get("accept"), endpoint_url(request))
