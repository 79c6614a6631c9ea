"""A province's scorecard: the ``/scorecard/{slug}`` page and ``/api/scorecard/{slug}`` (JSON), for a date and a
framework version. The compliance part comes from the app's guarded checker (the same report ``egovkg check`` and
``/compliance`` show); the rest from :mod:`graph.compliance.scorecard`. Routes are plain ``def`` (run in a worker
thread, never on the event loop).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import ComplianceDep, KGDep
from api.pages import render, shows_errors_with
from api.compliance_pages import error_text, parse_day as _day, province_choice
from egovkg.errors import EgovkgError, InputError, NotFoundError
from graph.compliance.runner import GuardedCompliance
from graph.kg import KnowledgeGraph

router = APIRouter(tags=["compliance"])


def _scorecard(kg: KnowledgeGraph, checker: GuardedCompliance, slug: str, day: date, framework: str | None):
    from graph.compliance.scorecard import build_scorecard, framework_day, frameworks, resolve_unit
    from graph.units import read_units

    if framework:
        day = framework_day(frameworks(kg, day), framework, day)
    resolve_unit(read_units(kg), slug, day)
    return build_scorecard(kg, checker.evaluate(slug, day), slug)


def _error_page(request: Request, exc: EgovkgError) -> HTMLResponse:
    from graph.compliance.scorecard import frameworks

    kg = request.app.state.kg
    try:
        day = _day(request.query_params.get("as_of")) or date.today()
    except InputError:
        day = date.today()
    slug = request.path_params.get("slug")
    context = province_choice(request, kg, day, slug)
    text = error_text(request, exc, slug)
    if text != context["error"]:  # another error than the province's date (which comes in the picker's own words)
        context.update(error=text, successor=None, predecessors=[])
    status = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(exc, InputError) else exc.http_status
    chosen_label = context["chosen"].label_vi if context["chosen"] is not None else slug
    return render(request, "scorecard.html", status_code=status, sc=None, chosen_label=chosen_label, framework=None,
                  all_frameworks=frameworks(kg, day).all, states=(), **context)


@router.get("/scorecard", include_in_schema=False)
def scorecard_pick(province: str = "", as_of: str = "", framework: str = "", lang: str = "") -> Response:
    """The picker's form: to the province's own URL, with the date and framework kept."""
    from urllib.parse import quote, urlencode

    if not province:
        return RedirectResponse("/compliance", status_code=303)
    query = urlencode([(k, v) for k, v in (("as_of", as_of), ("framework", framework), ("lang", lang)) if v])
    return RedirectResponse(f"/scorecard/{quote(province, safe='')}" + (f"?{query}" if query else ""), status_code=303)


@router.get("/scorecard/{slug}", response_class=HTMLResponse, include_in_schema=False)
@shows_errors_with(_error_page)
def scorecard_page(request: Request, slug: str, kg: KGDep, checker: ComplianceDep, as_of: str | None = None,
                   framework: str | None = None) -> HTMLResponse:
    from api.i18n import request_language, translator
    from graph.compliance.scorecard import STATES, lack_message
    from graph.network.figures import format_figure

    day = _day(as_of) or date.today()
    context = province_choice(request, kg, day, slug)
    if context["chosen"] is None:
        raise NotFoundError(f"province '{slug}' is unknown (a slug such as quang-nam, da-nang, son-la)")
    if context["error"] and not framework:
        return _error_page(request, InputError(context["error"]))
    sc = _scorecard(kg, checker, slug, day, framework or None)
    context = province_choice(request, kg, sc.as_of, slug)
    lang = request_language(request)
    t = translator(lang)
    report_findings = {r["rule_id"]: r["findings"] for r in sc.rules}
    messages = {rule_id: [_message(t, lang, f) for f in fs if f["status"] != "pass"] for rule_id, fs in report_findings.items()}
    province_iris = {kg.iris.id("province", sc.province).value} | {kg.iris.id("province", p["slug"]).value for p in sc.predecessors}
    return render(request, "scorecard.html", sc=sc, framework=framework, all_frameworks=sc.framework.all, states=STATES,
                  messages=messages, figure=lambda f: format_figure(f, lang), lack_message=lambda lack: lack_message(lack, t),
                  province_figures=[f for f in sc.figures if f.entity in province_iris],
                  system_figures=[f for f in sc.figures if f.entity not in province_iris], chosen_label=sc.label_vi, **context)


def _message(t, lang: str, f: dict) -> str:
    from graph.compliance.report import reason_text

    rule = f["rule_id"]
    if f["status"] == "not_applicable":
        return f"{t('compliance.status.not_applicable')} ({reason_text(t, f['reason'])})"
    if f["status"] == "error":
        return f"{rule}: {t('compliance.rule_error')} ({f['reason'] or ''})"
    return f["message_vi"] if lang == "vi" else f["message_en"]


@router.get("/api/scorecard/{slug}", summary="A province's scorecard as of a date: systems by layer, compliance per rule, "
                                             "figures by year, and what it still lacks")
def scorecard_api(slug: str, kg: KGDep, checker: ComplianceDep,
                  as_of: str | None = Query(None, description="Date (YYYY-MM-DD); default: today."),
                  framework: str | None = Query(None, description="Framework version slug (vneaf-2.0 …): the date moves into "
                                                                  "the time it was in force.")) -> JSONResponse:
    return JSONResponse(_scorecard(kg, checker, slug, _day(as_of) or date.today(), framework).to_dict())
