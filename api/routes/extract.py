"""POST /api/extract: a report's text in, candidate systems, links and figures out.

The body is the report as ``text/plain`` (UTF-8) with the metadata as query parameters, or JSON
``{"text": …, "province": …, "period": …, "title": …}``. The answer is JSON (the candidates, each
with its evidence and confidence) or, with ``format=trig``, the candidates' named graph. Nothing is
written to the store: this is a review aid.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import SettingsDep
from api.limits import json_depth
from api.sparql_request import read_body
from egovkg.errors import InputError

router = APIRouter(tags=["extract"])

#: a report's JSON body is one flat object; nothing legitimate nests this deep
MAX_JSON_DEPTH = 32
META = ("province", "period", "id", "title", "publisher", "issued", "url")


async def _report_body(request: Request) -> tuple[bytes, bool]:
    """The raw body, read here (the route is sync), and whether it is JSON. It is parsed in the route's thread:
    a megabyte scanned byte by byte would hold the event loop for tens of milliseconds."""
    raw = await read_body(request, request.app.state.settings.max_request_bytes)
    return raw, request.headers.get("content-type", "").split(";")[0].strip() == "application/json"


def _report_and_meta(raw: bytes, is_json: bool) -> tuple[bytes, dict]:
    """The report bytes and any metadata sent in a JSON body."""
    if is_json:
        deep = json_depth(raw, MAX_JSON_DEPTH)
        if deep is not None:
            raise InputError(f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels (at byte {deep}); "
                             'send {"text": …} with the metadata fields')
        try:
            payload = json.loads(raw)
        except ValueError:
            raise InputError("the JSON body does not parse") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise InputError('a JSON body needs "text" (the report) and may have ' + ", ".join(META))
        unknown = set(payload) - set(META) - {"text", "format", "engine"}
        if unknown:
            raise InputError(f"unknown field(s) in the JSON body: {', '.join(sorted(unknown))}")
        return payload["text"].encode("utf-8"), {k: payload.get(k) for k in META if payload.get(k) is not None}
    return raw, {}


@router.post("/api/extract", summary="Candidate facts from a report's text")
def extract(
    settings: SettingsDep,
    body: Annotated[tuple[bytes, bool], Depends(_report_body)],
    province: str | None = Query(None, description="Province slug, e.g. quang-nam"),
    period: str | None = Query(None, description="Year (2020) or span (2021-2022) the report covers"),
    id: str | None = Query(None, description="Report id (slug); default from province, year and text"),
    title: str | None = Query(None),
    publisher: str | None = Query(None),
    issued: str | None = Query(None),
    url: str | None = Query(None),
    format: str = Query("json", pattern="^(json|trig)$", description="json (candidates) or trig (named graph)"),
) -> Response:
    # a sync route: FastAPI runs it in a worker thread, so the extraction never blocks the event loop
    from loaders.text import extract_text, read_report
    from ontology import IRIs

    raw, from_json = _report_and_meta(*body)
    given = {"province": province, "period": period, "id": id, "title": title, "publisher": publisher,
             "issued": issued, "url": url}
    given.update(from_json)
    iris = IRIs(settings.base_iri)
    meta, text = read_report(raw, iris, name="report", **given)
    extraction = extract_text(text, meta, iris)
    if format == "trig":
        from pyoxigraph import RdfFormat, serialize

        return Response(serialize(extraction.quads(), format=RdfFormat.TRIG, prefixes=iris.prefixes()),
                        media_type="application/trig")
    return JSONResponse({
        "report": {"id": meta.id, "province": meta.province, "period_start": meta.period_start.isoformat(),
                   "period_end": meta.period_end.isoformat(), "title": meta.title},
        "graph": extraction.graph.value,
        "candidates": extraction.as_json(),
    })
