"""Year over year: what changed in a province between two years or two of its sources, as JSON
(``/api/provinces/{slug}/diff``) and as a page (``/diff``). A thin layer over ``graph.network.diff``; routes are
plain ``def`` (run off the event loop)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import KGDep, ProjectionDep
from api.errors import page_message
from api.i18n import request_language, translate
from api.pages import render, shows_errors_with
from api.schemas import ProvinceDiffModel, diff_model
from egovkg.errors import EgovkgError, InputError
from graph import views
from graph.kg import KnowledgeGraph
from graph.network.coverage import coverage
from graph.network.diff import ProvinceDiff, province_diff
from graph.network.names import display_name, read_names
from graph.network.projection import Projection
from graph.units import read_units

router = APIRouter(tags=["provinces"])

SIDE = "A year (what the province's sources up to that year say) or the id of one of its sources (quang-nam-2020)"


@router.get("/api/provinces/{slug}/diff", response_model=ProvinceDiffModel,
            summary="What changed in a province between two years or two of its sources",
            description="Systems added and removed, status changes, figures changed (old → new, same system, "
                        "measure and level) and links added and removed. Systems are matched by identity (IRI), not "
                        "by label. An unknown province or source answers 404.")
def diff_api(kg: KGDep, slug: str, old: str = Query(..., alias="from", max_length=200, description=SIDE),
             new: str = Query(..., alias="to", max_length=200, description=SIDE)) -> ProvinceDiffModel:
    return diff_model(province_diff(kg, slug, old, new))


def _choices(kg: KnowledgeGraph, lang: str) -> list[dict[str, object]]:
    """Provinces with sources, each with its years and source ids (for the form)."""
    out: list[dict[str, object]] = []
    units = {u.slug: u for u in read_units(kg).values()}
    for c in coverage(kg):
        if not c.sources:
            continue
        today = display_name(c, lang)
        out.append({"slug": c.slug, "label": today, "years": c.years, "sources": [s.id for s in c.sources]})
        for unit in c.predecessors:
            own = [s for s in c.sources if s.unit == unit]
            name = display_name(units[unit], lang) if unit in units else unit
            out.append({"slug": unit, "label": translate("diff.form.merged", lang, unit=name, today=today),
                        "years": sorted({s.year for s in own if s.year}), "sources": [s.id for s in own]})
    return out


def _terms(kg: KnowledgeGraph, d: ProvinceDiff | None, lang: str) -> Callable[[str, str | None], str]:
    """``term(group, code)``: a kind, a status or a relation the diff names, by its ontology label in ``lang``."""
    iris: dict[tuple[str, str], str] = {}
    if d is not None:
        ns, status = kg.iris.ontology_ns, kg.iris.base + "id/status/"
        refs = [*d.systems_added, *d.systems_removed, *(c.system for c in d.status_changes)]
        iris |= {("kind", s.kind): ns + s.kind for s in refs if s.kind}
        iris |= {("status", x): status + x for s in refs if s.status for x in [s.status]}
        iris |= {("status", x): status + x for c in d.status_changes for x in (c.old, c.new)}
        iris |= {("rel", link.relation): ns + link.relation for link in d.links_added + d.links_removed}
    names = read_names(kg, iris.values()) if iris else {}

    def term(group: str, code: str | None) -> str:
        if not code:
            return ""
        return (names.get(iris.get((group, code), "")) or {}).get(lang) or code

    return term


#: border colours of the diagram: what happened to each system
ADDED, REMOVED, CHANGED = "#2e8540", "#b8322a", "#c98a00"


def diagram(p: Projection, d: ProvinceDiff, lang: str = "en") -> views.View | None:
    """The systems the diff speaks of and the links among them, each border coloured by what changed."""
    colour: dict[str, str] = {}
    for refs, hue in ((d.systems_added, ADDED), (d.systems_removed, REMOVED), ([c.system for c in d.status_changes], CHANGED)):
        for s in refs:
            colour.setdefault(s.id, hue)
    ids = list(colour) + [s.id for link in d.links_added + d.links_removed for s in (link.subject, link.object)]
    keys: list[str] = []
    highlight: dict[str, str] = {}
    for ident in dict.fromkeys(ids):
        try:
            key = p.system_key(ident)
        except EgovkgError:  # named by a source the projection does not hold as a system
            continue
        keys.append(key)
        if ident in colour:
            highlight[key] = colour[ident]
    if not keys:
        return None
    title = translate("diff.diagram.title", lang, province=display_name(d, lang), old=d.old.spec, new=d.new.spec)
    return views.subgraph_view(p, keys, title=title, highlight=highlight,
                               highlight_legend={ADDED: translate("diff.legend.added", lang),
                                                 REMOVED: translate("diff.legend.removed", lang),
                                                 CHANGED: translate("diff.legend.changed", lang)})


def _page(request: Request, kg: KnowledgeGraph, province: str, old: str, new: str, result: ProvinceDiff | None = None,
          error: str | None = None, status_code: int = 200, view: views.View | None = None) -> HTMLResponse:
    lang = request_language(request)
    return render(request, "diff.html", status_code=status_code, province=province, old=old, new=new, result=result,
                  error=error, choices=_choices(kg, lang), view=view, term=_terms(kg, result, lang), lang=lang)


def _shown_above_the_form(request: Request, exc: EgovkgError) -> HTMLResponse:
    q = request.query_params
    status = 400 if isinstance(exc, InputError) and exc.http_status != 404 else exc.http_status
    return _page(request, request.app.state.kg, q.get("province", ""), q.get("from", ""), q.get("to", ""),
                 error=page_message(exc, request_language(request)), status_code=status)


@router.get("/diff", response_class=HTMLResponse, include_in_schema=False)
@shows_errors_with(_shown_above_the_form)
def diff_page(request: Request, kg: KGDep, p: ProjectionDep, province: str = Query("", max_length=200),
              old: str = Query("", alias="from", max_length=200), new: str = Query("", alias="to", max_length=200)) -> HTMLResponse:
    province, old, new = province.strip(), old.strip(), new.strip()
    if not (province and old and new):
        return _page(request, kg, province or "quang-nam", old or "2020", new or "2022")
    result = province_diff(kg, province, old, new)
    return _page(request, kg, province, old, new, result, view=diagram(p, result, request_language(request)))

