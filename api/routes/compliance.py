"""Architecture compliance: ``/api/compliance`` (JSON, or a SHACL report in Turtle, or the HTML fragment) and the
``/compliance`` page. Routes are plain ``def``: FastAPI runs them in a worker thread, so the store is never
queried on the event loop.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from api.deps import ComplianceDep, KGDep
from api.compliance_pages import STATUS_SYMBOLS, error_text, parse_day as _day, province_choice
from api.pages import render, shows_errors_with
from egovkg.errors import EgovkgError, InputError, NotFoundError
from graph.kg import KnowledgeGraph

router = APIRouter(tags=["compliance"])

API_FORMATS = {"json": "application/json", "ttl": "text/turtle", "html": "text/html"}
#: national pictures kept at once (one per date asked for; the guarded checker keeps the reports they come from)
NATIONAL_PICTURES_KEPT = 16


@router.get("/api/compliance", summary="Check provinces against the architecture framework's rules, as of a date")
def compliance_api(
    request: Request,
    kg: KGDep,
    checker: ComplianceDep,
    province: str | None = Query(None, description="Province slug (quang-nam, son-la, …); default: every province the reports cover."),
    as_of: str | None = Query(None, description="Date (YYYY-MM-DD) the graph and the rules are taken as of; default: today."),
    format: str = Query("json", description="json, ttl (a SHACL validation report) or html (the report's HTML fragment)."),
) -> Response:
    from graph.compliance.report import to_dict, to_html_fragment, to_turtle

    if format not in API_FORMATS:
        raise InputError(f"format '{format}' is not one of {', '.join(API_FORMATS)}")
    report = checker.evaluate(province or None, _day(as_of))
    if format == "ttl":
        return Response(to_turtle(report, kg.iris), media_type=API_FORMATS["ttl"])
    if format == "html":
        from api.i18n import request_language, translator

        lang = request_language(request)
        return HTMLResponse(str(to_html_fragment(report, lang=lang, t=translator(lang))))
    return JSONResponse(to_dict(report))


def _form(request: Request, kg: KnowledgeGraph, day: date, *, body: Markup | None = None, error: str | None = None,
          status_code: int = 200) -> HTMLResponse:
    context = province_choice(request, kg, day, request.query_params.get("province"))
    if error and error != context["error"]:  # another error than the province's date: its successor is beside the point
        context.update(error=error, successor=None, predecessors=[])
    return render(request, "compliance.html", status_code=status_code, body=body, **context)


def _shown_above_the_form(request: Request, exc: EgovkgError) -> HTMLResponse:
    """A bad province or date is shown on the page, with the form to correct it (400, as any bad input here)."""
    try:
        day = _day(request.query_params.get("as_of")) or date.today()
    except InputError:
        day = date.today()
    status = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(exc, InputError) else exc.http_status
    return _form(request, request.app.state.kg, day, error=error_text(request, exc, request.query_params.get("province")),
                 status_code=status)



@router.get("/compliance", response_class=HTMLResponse, include_in_schema=False)
@shows_errors_with(_shown_above_the_form)
def compliance_page(request: Request, kg: KGDep, checker: ComplianceDep, province: str | None = None,
                    as_of: str | None = None) -> HTMLResponse:
    """Without a province: the national picture (every province, the matrix of provinces × rules). With one: its
    findings, the drill-down of the matrix's cells."""
    from api.i18n import request_language, translator
    from graph.compliance.national import national_picture
    from graph.compliance.report import to_html_fragment

    day = _day(as_of) or date.today()
    lang = request_language(request)
    if not province:
        report = checker.evaluate(None, day)
        # kept per state of the store, for the last few reports only: every date asked for would otherwise stay
        pictures: dict = kg.derived(("national-pictures",), dict)
        key = (report.as_of, report.generated)
        picture = pictures.get(key)
        if picture is None:
            picture = national_picture(kg, report)
            if len(pictures) >= NATIONAL_PICTURES_KEPT:
                pictures.clear()
            pictures[key] = picture
        return render(request, "national.html", picture=picture, as_of=day.isoformat(), symbols=STATUS_SYMBOLS)
    context = province_choice(request, kg, day, province)
    if context["error"]:
        return render(request, "compliance.html", status_code=400, body=None, **context)
    report = checker.evaluate(province, day)
    return render(request, "compliance.html", body=to_html_fragment(report, lang=lang, t=translator(lang)), **context)
