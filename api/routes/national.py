"""The national level at a glance, and the views around it:

- ``/explore/national``: the layered diagram of the national systems with today's provinces in its margin
  (``graph.views.layered.national_diagram``), as stated by the sources of a year (``?as_of=2021``);
- ``/explore/national/layers.svg``: the same diagram as an SVG file (the page's download link);
- ``/explore/national/network``: the network view of ``graph.views.national_view`` (the force layout);
- ``/explore/national/provinces/{slug}/panel``: the side panel a click on a province opens (an HTML fragment:
  the national systems its systems link to, how many and which, and links to its pages).

Routes are plain ``def`` (run off the event loop); the work is done by ``graph``. An unknown province renders as
the error page with 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from api.deps import KGDep, ProjectionDep
from api.i18n import request_language, translator
from api.pages import SVG_HEADERS, render
from egovkg.errors import NotFoundError
from graph import views
from graph.kg import KnowledgeGraph
from graph.network.asof import AsOf, national_as_of, national_choices
from graph.network.coverage import coverage
from graph.network.names import display_name
from graph.network.projection import Projection
from graph.views.layered import Diagram, national_diagram, province_members, render_svg
from graph.views.layered.national import national_links

router = APIRouter(prefix="/explore/national", include_in_schema=False)


def today(kg: KnowledgeGraph) -> list[str]:
    """Today's provinces (34 after the 2025 reform), whether or not a source names one of their systems."""
    return [c.slug for c in coverage(kg)]


def _diagram(request: Request, kg: KnowledgeGraph, p: Projection, as_of: str | None) -> tuple[Diagram, AsOf | None, str]:
    lang = request_language(request)
    state = national_as_of(kg, as_of) if as_of and as_of.strip() else None
    diagram = national_diagram(p, translator(lang), lang=lang, provinces=[s for s in today(kg) if s in p.provinces],
                               as_of=state)
    return diagram, state, lang


@router.get("", response_class=HTMLResponse)
def national_page(request: Request, kg: KGDep, p: ProjectionDep, as_of: str | None = Query(None, max_length=200)) -> HTMLResponse:
    diagram, state, lang = _diagram(request, kg, p, as_of)
    download = "/explore/national/layers.svg" + ("?" + urlencode({"as_of": state.spec}) if state else "")
    return render(request, "explore/national.html", lang=lang, diagram=diagram, svg=Markup(render_svg(diagram)),
                  choices=national_choices(kg), state=state, download=download)


@router.get("/layers.svg")
def national_svg(request: Request, kg: KGDep, p: ProjectionDep, as_of: str | None = Query(None, max_length=200)) -> Response:
    diagram, state, _ = _diagram(request, kg, p, as_of)
    name = "national-layers" + (f"-{state.spec}" if state else "") + ".svg"
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(diagram), media_type="image/svg+xml",
                    headers={**SVG_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/network", response_class=HTMLResponse)
def national_network_page(request: Request, p: ProjectionDep) -> HTMLResponse:
    return render(request, "explore/network.html", view=views.national_view(p))


@router.get("/provinces/{slug}/panel", response_class=HTMLResponse)
def province_panel(request: Request, kg: KGDep, p: ProjectionDep, slug: str,
                   as_of: str | None = Query(None, max_length=200)) -> HTMLResponse:
    if slug not in p.provinces:
        raise NotFoundError(f"no province with slug '{slug}' (e.g. quang-nam)")
    lang = request_language(request)
    state = national_as_of(kg, as_of) if as_of and as_of.strip() else None
    node = p.graph.nodes[p.iris.base + "id/province/" + slug]
    links = [(p.node(n), [p.node(k) for k in ks]) for n, ks in national_links(p, slug, state).items()]
    links.sort(key=lambda item: (-len(item[1]), display_name(item[0], lang).casefold()))
    return render(request, "explore/_national_panel.html", lang=lang, slug=slug, name=display_name(node, lang),
                  systems=len(province_members(p, slug)), links=links)
