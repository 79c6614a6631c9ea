"""The explorer pages: search → a system's page (details, status over time, figures by year, links,
sources) → its network, its impact set and the paths to another system; any CONSTRUCT query as a network (a
province's pages are ``api.routes.provinces``, the national level's ``api.routes.national``). Pages link to each other and to the
SPARQL query page (/query).

Every page extends ``base.html`` through ``api.pages.render`` (autoescaping on) and draws networks
with the vis-network copy the app serves from /static. Routes are plain ``def`` (run off the event
loop); the work is done by ``graph``. A project error (unknown id, bad parameter) renders as an
error page with its status and message.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from api.deps import ExecutorDep, KGDep, ProjectionDep
from api.i18n import request_language, translator
from api.pages import render
from api.schemas import links_of, node_ref, system_detail
from ontology.names import collation_key, display_name
from egovkg.errors import NotFoundError
from graph import views
from graph.network.impact import flow_paths, impact
from graph.network.model import MAX_DEPTH, SYSTEM
from graph.network.projection import Projection
from graph.network.search import candidates, index_of
from graph.views.vis import LAYERS, short_name

router = APIRouter(prefix="/explore", include_in_schema=False)


def _blank(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def query_link(sparql: str) -> str:
    return "/query?" + urlencode({"query": sparql})


def _short(p: Projection, key: str) -> str:
    """How a path's step names a node in its small print: its short alias when it has one ("LGSP", "NDXP")."""
    d = p.node(key)
    return short_name(d) or d["label"]


def term_names(p: Projection, lang: str) -> dict[str, Any]:
    """How the explorer's pages name the ontology's terms and the provinces in ``lang``: ``kind_name(kind)`` (a
    class's label), ``rel_name(rel)`` (a relation's) and ``province_names`` (slug → display name)."""
    ns = p.iris.ontology_ns

    def rel_name(rel: str) -> str:
        r = p.relations.get(rel, {})
        return r.get("label_vi" if lang == "vi" else "label", rel)

    prefix = p.iris.base + "id/province/"
    return {"kind_name": lambda kind: p.classes.label(ns + kind, lang) if kind else "", "rel_name": rel_name,
            "province_names": {slug: display_name(p.node(prefix + slug), lang) for slug in p.provinces}}


def _system_url(p: Projection, key: str) -> str:
    return "/explore/systems/" + quote(p.node(key)["id"])


@router.get("", response_class=HTMLResponse)
def search_page(request: Request, kg: KGDep, p: ProjectionDep, q: str = Query("", max_length=500),
                province: str | None = None, kind: str | None = None, layer: str | None = None) -> HTMLResponse:
    from graph.network.coverage import coverage

    province, kind, layer = _blank(province), _blank(kind), _blank(layer)
    names = term_names(p, request_language(request))
    searched = bool(q.strip() or province or kind or layer)
    hits = index_of(p).search(q, province=province, kind=kind, layer=layer, limit=100) if searched else []
    counts = Counter(p.node(k).get("province") for k in p.systems())
    provinces = sorted(((slug, names["province_names"][slug], n) for slug, n in counts.items() if slug),
                       key=lambda t: collation_key(t[1]))
    kinds = sorted({p.node(k)["kind"] for k in p.systems() if p.node(k).get("kind")},
                   key=lambda k: collation_key(names["kind_name"](k)))
    return render(request, "explore/search.html", q=q, province=province, kind=kind, layer=layer, searched=searched,
                  hits=[node_ref(p, h.key) for h in hits], provinces=provinces, national=counts.get(None, 0),
                  kinds=kinds, layers=[(code, name) for code, (name, _) in LAYERS.items() if code in p.layers],
                  coverage=coverage(kg), with_page=set(p.provinces), **names)


@router.get("/systems/{system_id:path}/network", response_class=HTMLResponse)
def network_page(request: Request, p: ProjectionDep, system_id: str,
                 depth: int = Query(1, ge=1, le=MAX_DEPTH), across: bool = False) -> HTMLResponse:
    key = p.system_key(system_id)
    view = views.neighbourhood_view(p, key, depth, across=across)
    return render(request, "explore/network.html", view=view, system=node_ref(p, key), depth=depth,
                  max_depth=MAX_DEPTH, system_url=_system_url(p, key), across=across)


@router.get("/systems/{system_id:path}/impact", response_class=HTMLResponse)
def impact_page(request: Request, p: ProjectionDep, system_id: str) -> HTMLResponse:
    key = p.system_key(system_id)
    result = impact(p, key)
    rel = {lang: term_names(p, lang)["rel_name"] for lang in ("vi", "en")}
    rows = [(node_ref(p, a.key), a, node_ref(p, a.via[0]), {lang: rel[lang](a.via[1]) for lang in rel},
             node_ref(p, a.via[2])) for a in result.affected]
    return render(request, "explore/impact.html", view=views.impact_view(p, result), system=node_ref(p, key),
                  rows=rows, system_url=_system_url(p, key))


@router.get("/systems/{system_id:path}", response_class=HTMLResponse)
def system_page(request: Request, kg: KGDep, p: ProjectionDep, system_id: str) -> HTMLResponse:
    key = p.system_key(system_id)
    names = term_names(p, request_language(request))
    detail, details = system_detail(kg, p, key)
    sparql = (f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{key}> ?p ?o }} }} ORDER BY ?g ?p")
    return render(request, "explore/system.html", s=detail, details=details, links=links_of(p, key),
                  years=details.observations_by_year(), query_url=query_link(sparql),
                  province_label=names["province_names"].get(detail.province or ""), **names)


@router.get("/path", response_class=HTMLResponse)
def path_page(request: Request, p: ProjectionDep, source: str = Query("", alias="from", max_length=500),
              target: str = Query("", alias="to", max_length=500)) -> HTMLResponse:
    context: dict[str, Any] = {"source_text": source, "target_text": target, "view": None, "ambiguous": []}
    if source.strip() and target.strip():
        ends = []
        for field, text in (("from", source), ("to", target)):
            keys = candidates(p, text)
            if len(keys) > 1:
                kinds = {p.node(k).get("kind") for k in keys}
                context["ambiguous"].append({"field": field, "text": text, "options": [node_ref(p, k) for k in keys],
                                             "kind": kinds.pop() if len(kinds) == 1 else None,
                                             "other": target if field == "from" else source})
            ends.append(keys[0])
        if not context["ambiguous"]:
            a, b = ends
            found = flow_paths(p, a, b)
            context.update(a=node_ref(p, a), b=node_ref(p, b),
                           view=views.path_view(p, a, b, [f.steps for f in found]),
                           paths=[(f, [(node_ref(p, s.source), s.edges, node_ref(p, s.target), _short(p, s.source), _short(p, s.target))
                                       for s in f.steps]) for f in found],
                           rel_label=lambda r: p.relations.get(r, {}).get("label_vi" if request_language(request) == "vi" else "label", r))
    return render(request, "explore/path.html", **context)


DEFAULT_CONSTRUCT = """CONSTRUCT { ?s ?rel ?o } WHERE {
  ?s a egov:LGSP ; ?rel ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?rel), STR(egov:)))
}"""


@router.get("/construct", response_class=HTMLResponse)
def construct_page(request: Request, kg: KGDep, executor: ExecutorDep, p: ProjectionDep,
                   query: str = Query("", max_length=100_000)) -> HTMLResponse:
    # the query runs like one sent to /sparql: refusals, time limit and row cap included
    view = views.construct_view(p, executor.query(query), prefixes=kg.iris.prefixes()) if query.strip() else None
    return render(request, "explore/construct.html", view=view, query=query or DEFAULT_CONSTRUCT,
                  query_url=query_link(query or DEFAULT_CONSTRUCT))


# -- data for the network views' script ------------------------------------------------------------------
class ExpandRequest(BaseModel):
    id: str = Field(max_length=500)
    rels: list[str] | None = Field(None, max_length=100)
    have: list[str] = Field(default_factory=list, max_length=5000)


class ConstructRequest(BaseModel):
    query: str = Field(max_length=100_000)


class ResourcesRequest(BaseModel):
    iris: list[str] = Field(max_length=5000)


@router.get("/data/node/{node_id:path}")
def node_data(request: Request, kg: KGDep, p: ProjectionDep, node_id: str) -> JSONResponse:
    """A node's panel: its details (a system's statuses, figures and sources) and its neighbours counted by relation."""
    key = p.key(node_id)
    d = p.node(key)
    body: dict[str, Any] = {"id": d["id"], "node": node_ref(p, key).model_dump(),
                            "relations": views.relation_counts(p, key, lang=request_language(request)), "detail": None}
    if d["category"] == SYSTEM:
        detail, _ = system_detail(kg, p, key)
        body["detail"] = detail.model_dump(include={"statuses", "observations", "sources", "names", "status_as_of", "product"})
        body["page"] = _system_url(p, key)
    elif d["id"].startswith("province/"):
        body["page"] = "/explore/provinces/" + quote(d["id"][len("province/"):])
    return JSONResponse(body)


@router.post("/data/expand")
def expand_data(p: ProjectionDep, body: ExpandRequest) -> JSONResponse:
    return JSONResponse(views.expansion(p, p.key(body.id), body.rels, body.have))


def _translated(request: Request, view: views.View) -> dict[str, Any]:
    """The view's data with its legend and notes in the request's language."""
    t = translator(request_language(request))
    data = view.page_data()
    for entry in data["legend"]:
        if entry["key"]:
            entry["label"] = t(entry["key"])
    data["notes"] = [t(n.key, **n.params) if n.key else n.text for n in view.notes]
    return data


@router.post("/data/construct")
def construct_data(request: Request, kg: KGDep, executor: ExecutorDep, p: ProjectionDep, body: ConstructRequest) -> JSONResponse:
    view = views.construct_view(p, executor.query(body.query), prefixes=kg.iris.prefixes())
    return JSONResponse(_translated(request, view))


@router.post("/data/resources")
def resources_data(request: Request, p: ProjectionDep, body: ResourcesRequest) -> JSONResponse:
    """The resources a SELECT returned that the projection knows, and the links among them."""
    keys = [iri for iri in dict.fromkeys(body.iris) if iri in p.graph]
    if not keys:
        raise NotFoundError("none of these IRIs is a system, organisation or administrative unit of the graph")
    view = views.subgraph_view(p, keys, title="Query results", relations=None)
    return JSONResponse(_translated(request, view))
