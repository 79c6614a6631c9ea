"""The home page: a search box (to the explorer's search), what the graph holds (provinces covered, sources,
years, systems, links, figures; ``graph.network.coverage``) and where to start."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import KGDep, ProjectionDep
from api.pages import render
from graph.network.coverage import coverage


router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, kg: KGDep, p: ProjectionDep) -> HTMLResponse:
    provinces = coverage(kg)  # in Vietnamese alphabetical order (ontology.names.collation_key): Đà Nẵng after the D names
    stats = kg.stats()
    years = sorted({y for c in provinces for y in c.years})
    covered = [c for c in provinces if c.systems]
    return render(request, "home.html", provinces=provinces, covered=covered, stats=stats, years=years,
                  with_page=set(p.provinces), quads=stats.quads, graphs=len(stats.graphs))
