"""The API's response models, and the conversions from the core's values to them (shared by the JSON routes
and the explorer pages). Routers import these from here, never from one another.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.kg import KnowledgeGraph
from graph.network.details import Details, node_details
from graph.network.diff import FigureChange, LinkRef, ProvinceDiff, Side, StatusChange, SystemRef
from graph.network.model import EdgeRef, Evidence, Step
from graph.network.projection import Projection


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
    follows: str = Field("flows", description="'flows': links along which data or documents move, the way they move "
                         "(graph.network.impact.FLOWS; never succession or location); 'relations': the relations asked for")
    shortest_hops: int | None = Field(None, description="Hops of the shortest path; a longer path is a longer alternative")


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


# -- conversions ----------------------------------------------------------------------------------------
class ProvinceDiffModel(BaseModel):
    """What changed in a province between two sides (a year: what its sources up to then say; or one source)."""

    province: str
    label: str
    label_en: str | None = None
    old: Side
    new: Side
    counts: dict[str, int]
    systems_added: list[SystemRef]
    systems_removed: list[SystemRef]
    status_changes: list[StatusChange]
    figures_changed: list[FigureChange]
    figures_added: list[FigureChange]
    links_added: list[LinkRef]
    links_removed: list[LinkRef]


def diff_model(d: ProvinceDiff) -> ProvinceDiffModel:
    return ProvinceDiffModel(province=d.province, label=d.label, label_en=d.label_en, old=d.old, new=d.new, counts=d.counts,
                             systems_added=d.systems_added, systems_removed=d.systems_removed,
                             status_changes=d.status_changes, figures_changed=d.figures_changed,
                             figures_added=d.figures_added, links_added=d.links_added, links_removed=d.links_removed)


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
