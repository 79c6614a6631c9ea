"""A province's architecture at a glance, and the views around it:

- ``/explore/provinces/{slug}``: the layered diagram (``graph.views.layered``), as of a year or report
  (``?as_of=2021``), then the province's sources;
- ``/explore/provinces/{slug}/layers.svg``: the same diagram as an SVG file (the page's download link);
- ``/explore/provinces/{slug}/network``: the network view of ``graph.views.province_view``;
- ``/explore/systems/{id}/layers``: one system's surroundings as a layered diagram;
- ``/explore/systems/{id}/panel``: the side panel the diagram's page opens on a click (an HTML fragment:
  kind, layer, status over time, figures, sources with their words, links to the system's pages).

These routes come before the explorer's (``api.routes.explore``), whose ``/explore/systems/{id}`` takes any
path. Routes are plain ``def`` (run off the event loop); the work is done by ``graph``. An unknown province or
system renders as the error page with 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from api.deps import KGDep, ProjectionDep
from api.i18n import request_language, translator
from api.pages import SVG_HEADERS, render
from api.schemas import system_detail
from egovkg.errors import NotFoundError
from graph import views
from graph.network.asof import AsOf, as_of as state_as_of, choices
from graph.network.coverage import sources_for
from graph.network.figures import format_figure
from graph.network.model import MAX_DEPTH
from graph.network.names import display_name
from graph.network.projection import Projection
from graph.views.layered import HEIGHT, Diagram, province_diagram, render_svg, system_diagram

router = APIRouter(prefix="/explore", include_in_schema=False)


def _province(p: Projection, slug: str) -> str:
    if slug not in p.provinces:
        raise NotFoundError(f"no province with slug '{slug}' (e.g. quang-nam)").shown_as("errors.unknown-province", province=slug)
    return p.provinces[slug]


def _diagram(request: Request, kg: KGDep, p: Projection, slug: str, as_of: str | None, full: bool) -> tuple[Diagram, AsOf | None, str]:
    _province(p, slug)
    lang = request_language(request)
    state = state_as_of(kg, slug, as_of) if as_of and as_of.strip() else None
    diagram = province_diagram(p, slug, translator(lang), lang=lang, as_of=state, max_height=None if full else HEIGHT)
    return diagram, state, lang


@router.get("/provinces/{slug}", response_class=HTMLResponse)
def province_page(request: Request, kg: KGDep, p: ProjectionDep, slug: str,
                  as_of: str | None = Query(None, max_length=200), full: bool = False) -> HTMLResponse:
    diagram, state, lang = _diagram(request, kg, p, slug, as_of, full)
    members = {b.key for b in diagram.systems if not b.outside}
    merged = sorted({p.node(k)["province"] for k in members if p.node(k).get("province") not in (None, slug)})
    download = f"/explore/provinces/{slug}/layers.svg" + ("?" + urlencode({"as_of": state.spec}) if state else "")
    return render(request, "explore/province.html", lang=lang, diagram=diagram, svg=Markup(render_svg(diagram)),
                  province=(slug, p.provinces[slug]), sources=sources_for(kg, slug), choices=choices(kg, slug),
                  state=state, full=full, download=download, units=p.provinces,
                  merged=[(u, p.provinces.get(u, u) if p.provinces.get(u) != p.provinces[slug] else f"{p.provinces[slug]} ({u})")
                          for u in merged])


@router.get("/provinces/{slug}/layers.svg")
def province_svg(request: Request, kg: KGDep, p: ProjectionDep, slug: str,
                 as_of: str | None = Query(None, max_length=200)) -> Response:
    diagram, state, _ = _diagram(request, kg, p, slug, as_of, full=True)
    name = f"{slug}-layers" + (f"-{state.spec}" if state else "") + ".svg"
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(diagram), media_type="image/svg+xml",
                    headers={**SVG_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/provinces/{slug}/network", response_class=HTMLResponse)
def province_network_page(request: Request, kg: KGDep, p: ProjectionDep, slug: str, across: bool = False) -> HTMLResponse:
    view = views.province_view(p, slug, across=across)
    return render(request, "explore/network.html", view=view, province=(slug, p.provinces[slug]),
                  sources=sources_for(kg, slug), across=across)


@router.get("/systems/{system_id:path}/layers", response_class=HTMLResponse)
def system_layers_page(request: Request, p: ProjectionDep, system_id: str,
                       depth: int = Query(1, ge=1, le=MAX_DEPTH)) -> HTMLResponse:
    key = p.system_key(system_id)
    lang = request_language(request)
    diagram = system_diagram(p, key, translator(lang), lang=lang, depth=depth)
    node = p.node(key)
    return render(request, "explore/layers.html", lang=lang, diagram=diagram, svg=Markup(render_svg(diagram)), depth=depth,
                  max_depth=MAX_DEPTH, system=node, name=display_name(node, lang),
                  province=(node["province"], p.provinces.get(node["province"], node["province"])) if node.get("province") else None)


@router.get("/systems/{system_id:path}/panel", response_class=HTMLResponse)
def system_panel(request: Request, kg: KGDep, p: ProjectionDep, system_id: str) -> HTMLResponse:
    key = p.system_key(system_id)
    lang = request_language(request)
    detail, details = system_detail(kg, p, key)
    node = p.node(key)
    kind = p.classes.label(p.iris.ontology_ns + node["kind"], lang) if node.get("kind") else None
    return render(request, "explore/_layered_panel.html", lang=lang, s=detail, details=details, name=display_name(node, lang),
                  other_name=display_name(node, "en" if lang == "vi" else "vi"), kind=kind,
                  province_label=p.provinces.get(node.get("province") or "", None), years=details.observations_by_year(),
                  figure=lambda o: format_figure(o, lang))
