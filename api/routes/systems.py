"""Which systems link to which, as JSON: search, a system's details, its neighbours, the paths between
two systems and its impact set. A thin layer over ``graph.network.projection``, ``graph.network.search``,
``graph.network.impact`` and ``graph.network.details``; every route is a plain ``def`` (FastAPI runs it in a worker
thread, so store calls never block the event loop).

Ids are the URL convention's: ``quang-nam/qoffice`` for a provincial system, ``ndxp`` for a national
one. An unknown id answers 404 naming it; a parameter out of range or naming nothing known, 422.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import KGDep, ProjectionDep
from api.schemas import (AffectedModel, ImpactModel, NeighbourhoodModel, NeighbourNode, PathsModel, SearchHit, StatedEdge,
                         SystemDetail, edge_model, node_ref, steps_model, system_detail)
from graph.network.impact import flow_paths, impact
from graph.network.model import MAX_DEPTH
from graph.network.search import index_of

router = APIRouter(prefix="/api", tags=["systems"])


# -- routes --------------------------------------------------------------------------------------------
@router.get("/systems", response_model=list[SearchHit], summary="Search systems by name",
            description="Names in Vietnamese or English, with or without diacritics, aliases and abbreviations "
                        "('qoffice', 'Trục tích hợp', 'cong dich vu cong quoc gia'); an empty q lists every system "
                        "that passes the filters. kind includes subclasses (kind=IntegrationPlatform finds LGSPs).")
def search_systems(
    p: ProjectionDep,
    q: str = Query("", max_length=500, description="Words to search for"),
    province: str | None = Query(None, description="Province slug, e.g. quang-nam"),
    kind: str | None = Query(None, description="System kind (egov class local name), e.g. LGSP"),
    layer: str | None = Query(None, description="Layer code: usr chn app int dat inf sec gov ext"),
    limit: int = Query(20, ge=1, le=1000),
) -> list[SearchHit]:
    hits = index_of(p).search(q, province=province, kind=kind, layer=layer, limit=limit)
    return [SearchHit(**node_ref(p, h.key).model_dump(), score=round(h.score, 4), matched=h.matched) for h in hits]


@router.get("/systems/{system_id:path}/neighbours", response_model=NeighbourhoodModel,
            summary="A system's neighbours to depth k")
def neighbours(
    p: ProjectionDep,
    system_id: str,
    depth: int = Query(1, ge=1, le=MAX_DEPTH, description="Hops from the system"),
    rel: list[str] | None = Query(None, description="Relations to follow (default: the links between systems)"),
) -> NeighbourhoodModel:
    key = p.system_key(system_id)
    hood = p.neighbourhood(key, depth, rel)
    nodes = [NeighbourNode(**node_ref(p, k).model_dump(), hops=h)
             for k, h in sorted(hood.hops.items(), key=lambda kh: (kh[1], p.node(kh[0])["id"]))]
    return NeighbourhoodModel(centre=p.node(key)["id"], depth=depth, relations=sorted(p.check_relations(rel)),
                              nodes=nodes, edges=[edge_model(p, e) for e in hood.edges])


@router.get("/systems/{system_id:path}/impact", response_model=ImpactModel,
            summary="What depends on a system, and what loses its national reach without it")
def system_impact(p: ProjectionDep, system_id: str) -> ImpactModel:
    key = p.system_key(system_id)
    result = impact(p, key)
    return ImpactModel(system=node_ref(p, key), affected=[
        AffectedModel(**node_ref(p, a.key).model_dump(), depth=a.depth,
                      via=StatedEdge(source=p.node(a.via[0])["id"], rel=a.via[1], target=p.node(a.via[2])["id"]),
                      transitive=a.transitive, loses_national_reach=a.loses_national_reach)
        for a in result.affected])


@router.get("/systems/{system_id:path}", response_model=SystemDetail, summary="A system: details, links, figures, sources")
def get_system(kg: KGDep, p: ProjectionDep, system_id: str) -> SystemDetail:
    return system_detail(kg, p, p.system_key(system_id))[0]


@router.get("/paths", response_model=PathsModel, response_model_by_alias=True, summary="Paths between two systems")
def paths(
    p: ProjectionDep,
    source: str = Query(..., alias="from", description="Id of the first system"),
    target: str = Query(..., alias="to", description="Id of the second system"),
    limit: int = Query(5, ge=1, le=50, description="Most paths to return"),
    max_length: int = Query(8, ge=1, le=20, description="Longest path, in hops"),
    directed: bool = Query(False, description="With rel: follow links only in the direction they are stated"),
    rel: list[str] | None = Query(None, description="Relations to follow, both ways unless directed. Default: the links "
                                  "along which data or documents move, the way they move (never succession or location)"),
) -> PathsModel:
    a, b = p.system_key(source), p.system_key(target)
    if rel is None and not directed:
        flows = [f for f in flow_paths(p, a, b, limit=limit) if f.hops <= max_length]
        return PathsModel(source=p.node(a)["id"], target=p.node(b)["id"], follows="flows",
                          shortest_hops=flows[0].hops if flows else None, paths=[steps_model(f.steps, p) for f in flows])
    found = p.paths(a, b, limit=limit, max_length=max_length, relations=rel, directed=directed)
    return PathsModel(source=p.node(a)["id"], target=p.node(b)["id"], follows="relations",
                      shortest_hops=len(found[0]) if found else None, paths=[steps_model(path, p) for path in found])

