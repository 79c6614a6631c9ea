"""Which systems link to which, as JSON: search, a system's details, its neighbours, the paths between
two systems and its impact set. A thin layer over ``graph.projection``, ``graph.search``,
``graph.impact`` and ``graph.details``; every route is a plain ``def`` (FastAPI runs it in a worker
thread, so store calls never block the event loop).

Ids are the URL convention's: ``quang-nam/qoffice`` for a provincial system, ``ndxp`` for a national
one. An unknown id answers 404 naming it; a parameter out of range or naming nothing known, 422.
"""

from __future__ import annotations

import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import KGDep
from graph.details import Details, node_details
from graph.impact import impact
from graph.kg import KnowledgeGraph
from graph.projection import MAX_DEPTH, EdgeRef, Evidence, Projection, ProjectionCache, Step
from graph.search import index_of

router = APIRouter(prefix="/api", tags=["systems"])

_cache_lock = threading.Lock()


def projection_of(request: Request) -> Projection:
    """The app's projection of its store, built on first use and rebuilt when the store changes."""
    state = request.app.state
    with _cache_lock:
        cache = getattr(state, "projection_cache", None)
        if cache is None:
            cache = state.projection_cache = ProjectionCache()
    return cache.get(state.kg)


ProjectionDep = Annotated[Projection, Depends(projection_of)]


# -- response models ---------------------------------------------------------------------------------
class NodeRef(BaseModel):
    id: str = Field(description="Short id: quang-nam/qoffice, ndxp (systems); org/…, province/… (others)")
    iri: str
    label: str
    label_en: str | None = None
    category: str = Field(description="system, organisation or admin-unit")
    kind: str | None = Field(None, description="Most specific egov class, e.g. LGSP")
    kind_label: str | None = None
    layer: str | None = Field(None, description="Architecture layer code: usr chn app int dat inf sec gov ext")
    province: str | None = Field(None, description="Province slug; none for national systems")
    status: str | None = Field(None, description="Latest deployment status a report gives")
    national: bool = False


class SearchHit(NodeRef):
    score: float
    matched: str | None = Field(None, description="The name (folded: no diacritics, lower case) that matched best")


class EvidenceModel(BaseModel):
    source: str | None = Field(None, description="IRI of the report (or file) that states it")
    source_id: str | None = None
    title: str | None = None
    year: int | None = Field(None, description="The report's reference year")
    as_of: str | None = None
    valid_from: str | None = None
    quote: str | None = Field(None, description="The report's own words")
    network: str | None = Field(None, description="IRI of the network carrying the link")
    graph: str = Field(description="The named graph the statement is in")


class EdgeModel(BaseModel):
    source: str
    target: str
    rel: str = Field(description="Local name of the egov object property, e.g. connectsTo")
    rel_label: str
    evidence: list[EvidenceModel]


class LinkModel(EdgeModel):
    direction: Literal["out", "in"]
    other: NodeRef


class StatusModel(BaseModel):
    status: str
    as_of: str | None
    quote: str | None
    source_id: str | None


class SourceModel(BaseModel):
    iri: str
    id: str
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None
    year: int | None = None
    url: str | None = None
    document: str | None = None
    province: str | None = None


class ObservationModel(BaseModel):
    measure: str
    measure_label: str
    unit: str | None
    value: str
    out_of: str | None
    approx: str | None
    service_level: str | None
    year: int | None
    period_start: str | None
    period_end: str | None
    as_of: str | None
    note: str | None
    quote: str | None
    source_id: str | None


class SystemDetail(NodeRef):
    names: list[str] = Field(description="Every label and alias")
    product: str | None = None
    valid_from: str | None = None
    status_as_of: str | None = None
    statuses: list[StatusModel]
    observations: list[ObservationModel] = Field(description="Newest year first, each with its source")
    links: list[LinkModel]
    sources: list[SourceModel]


class NeighbourNode(NodeRef):
    hops: int


class NeighbourhoodModel(BaseModel):
    centre: str
    depth: int
    relations: list[str]
    nodes: list[NeighbourNode]
    edges: list[EdgeModel]


class StepEdge(BaseModel):
    rel: str
    forward: bool = Field(description="Stated in the direction of travel")


class StepModel(BaseModel):
    source: str
    target: str
    edges: list[StepEdge]


class PathsModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    paths: list[list[StepModel]] = Field(description="Shortest first; empty when nothing links them")


class StatedEdge(BaseModel):
    source: str
    rel: str
    target: str


class AffectedModel(NodeRef):
    depth: int = Field(description="Dependency hops from the failed system")
    via: StatedEdge = Field(description="The stated link that makes it depend")
    transitive: bool = Field(description="Affected through a chain that passes the failure on")
    loses_national_reach: bool


class ImpactModel(BaseModel):
    system: NodeRef
    affected: list[AffectedModel]


# -- conversions (shared with the explorer pages) ------------------------------------------------------
def node_ref(p: Projection, key: str) -> NodeRef:
    d = p.node(key)
    return NodeRef(id=d["id"], iri=key, label=d["label"], label_en=d.get("label_en"), category=d["category"],
                   kind=d.get("kind"), kind_label=d.get("kind_label"), layer=d.get("layer"),
                   province=d.get("province"), status=d.get("status"), national=bool(d.get("national")))


def evidence_model(e: Evidence) -> EvidenceModel:
    return EvidenceModel(source=e.source, source_id=e.source_id, title=e.title, year=e.year, as_of=e.as_of,
                         valid_from=e.valid_from, quote=e.quote, network=e.network, graph=e.graph)


def edge_model(p: Projection, ref: EdgeRef) -> EdgeModel:
    return EdgeModel(source=p.node(ref.source)["id"], target=p.node(ref.target)["id"], rel=ref.rel,
                     rel_label=p.relations.get(ref.rel, {}).get("label", ref.rel),
                     evidence=[evidence_model(e) for e in ref.evidence])


def links_of(p: Projection, key: str) -> list[LinkModel]:
    links = []
    for ref in p.edges_of(key):
        out = ref.source == key
        edge = edge_model(p, ref)
        links.append(LinkModel(**edge.model_dump(), direction="out" if out else "in",
                               other=node_ref(p, ref.target if out else ref.source)))
    links.sort(key=lambda link: (link.direction, link.rel, link.other.id))
    return links


def system_detail(kg: KnowledgeGraph, p: Projection, key: str) -> tuple[SystemDetail, Details]:
    d = p.node(key)
    details = node_details(kg, key)
    model = SystemDetail(
        **node_ref(p, key).model_dump(), names=d["names"], product=d.get("product"), valid_from=d.get("valid_from"),
        status_as_of=d.get("status_as_of"),
        statuses=[StatusModel(status=s.status, as_of=s.as_of, quote=s.quote, source_id=s.source.id if s.source else None)
                  for s in details.statuses],
        observations=[ObservationModel(
            measure=o.measure, measure_label=o.measure_label, unit=o.unit, value=o.value, out_of=o.out_of,
            approx=o.approx, service_level=o.service_level, year=o.year, period_start=o.period_start,
            period_end=o.period_end, as_of=o.as_of, note=o.note, quote=o.quote,
            source_id=o.source.id if o.source else None) for o in details.observations],
        links=links_of(p, key),
        sources=[SourceModel(**vars(s)) for s in details.sources],
    )
    return model, details


def steps_model(path: list[Step], p: Projection) -> list[StepModel]:
    return [StepModel(source=p.node(s.source)["id"], target=p.node(s.target)["id"],
                      edges=[StepEdge(rel=r, forward=f) for r, f in s.edges]) for s in path]


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
    directed: bool = Query(False, description="Follow links only in the direction they are stated"),
    rel: list[str] | None = Query(None, description="Relations to follow (default: the links between systems)"),
) -> PathsModel:
    a, b = p.system_key(source), p.system_key(target)
    found = p.paths(a, b, limit=limit, max_length=max_length, relations=rel, directed=directed)
    return PathsModel(source=p.node(a)["id"], target=p.node(b)["id"], paths=[steps_model(path, p) for path in found])

