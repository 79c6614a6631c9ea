"""A province's pages: its architecture at a glance (``/explore/provinces/{slug}``) and its network
(``/explore/provinces/{slug}/network``, the vis-network view of ``graph.views.province_view``).

Routes are plain ``def`` (run off the event loop); the work is done by ``graph``. An unknown province
renders as the error page with 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import KGDep, ProjectionDep
from api.pages import render
from graph import views

router = APIRouter(prefix="/explore/provinces", include_in_schema=False)


def _network(request: Request, kg: KGDep, p: ProjectionDep, slug: str) -> HTMLResponse:
    from graph.network.coverage import sources_for

    view = views.province_view(p, slug)
    return render(request, "explore/network.html", view=view, province=(slug, p.provinces[slug]),
                  sources=sources_for(kg, slug))


@router.get("/{slug}/network", response_class=HTMLResponse)
def province_network_page(request: Request, kg: KGDep, p: ProjectionDep, slug: str) -> HTMLResponse:
    return _network(request, kg, p, slug)


@router.get("/{slug}", response_class=HTMLResponse)
def province_page(request: Request, kg: KGDep, p: ProjectionDep, slug: str) -> HTMLResponse:
    return _network(request, kg, p, slug)
