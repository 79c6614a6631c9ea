"""Network views of the projection: a province's landscape, a system's neighbourhood, a path, an impact
set, the national level with provinces collapsed, any set of nodes, and any SPARQL CONSTRUCT result.

Each function returns a :class:`graph.views.vis.View` (pyvis's model of the network plus legend and notes);
``graph.views.vis.render_html`` makes a standalone page of it, and the explorer pages embed it.
Views never write and never query the store: they draw the projection, or a query result they are handed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from egovkg.errors import NotFoundError, ParameterError
from graph.network.model import LINK_RELATIONS, EdgeRef, Step
from graph.network.projection import Projection
from graph.views.vis import (DEFAULT_CAP, LAYERS, LegendEntry, View, VisEdge, VisNode, assemble, assemble_capped, collapse,
                       projection_edges, projection_node, render_html, wrap_label)

if TYPE_CHECKING:
    from graph.network.impact import Impact
    from graph.store import QueryResult

CENTRE, FAILED, CUT_OFF = "#1f5f99", "#a61b1b", "#e6550d"   # highlight borders

__all__ = ["View", "construct_view", "impact_view", "national_view", "neighbourhood_view", "path_view",
           "province_view", "render_html", "subgraph_view"]


# -- the views --------------------------------------------------------------------------------------
def subgraph_view(projection: Projection, keys: Iterable[str], *, title: str, relations: frozenset[str] | None = None,
                  roots: Iterable[str] = (), cap: int | None = DEFAULT_CAP, link_base: str | None = "",
                  highlight: dict[str, str] | None = None, highlight_legend: dict[str, str] | None = None,
                  notes: list[str] | None = None, edges: list[EdgeRef] | None = None) -> View:
    """Any set of projection nodes and the edges among them (``relations``: all when None).

    ``highlight`` gives some nodes a border colour; ``highlight_legend`` says what each colour means."""
    keys = list(dict.fromkeys(keys))
    nodes = [projection_node(projection, k, link_base) for k in keys]
    for n, k in zip(nodes, keys):
        if highlight and k in highlight:
            n.border = highlight[k]
    refs = edges if edges is not None else projection.edges_among(keys, relations)
    root_ids = [projection.node(r)["id"] for r in roots]
    view = assemble_capped(title, nodes, projection_edges(projection, refs), cap, roots=root_ids, notes=notes,
                           link_base=link_base)
    used = set((highlight or {}).values())
    view.legend.extend(LegendEntry(label, "#ffffff", "dot", border=colour)
                       for colour, label in (highlight_legend or {}).items() if colour in used)
    return view


def neighbourhood_view(projection: Projection, key: str, depth: int = 1, *, relations: Iterable[str] | None = None,
                       cap: int | None = DEFAULT_CAP, link_base: str | None = "") -> View:
    hood = projection.neighbourhood(key, depth, relations)
    d = projection.node(key)
    return subgraph_view(projection, sorted(hood.hops, key=lambda k: (hood.hops[k], k)),
                         title=f"{d['label']}: links to depth {depth}", roots=[key], cap=cap, link_base=link_base,
                         highlight={key: CENTRE}, highlight_legend={CENTRE: "thick border: the system"}, edges=hood.edges)


def province_view(projection: Projection, slug: str, *, cap: int | None = DEFAULT_CAP, link_base: str | None = "") -> View:
    if slug not in projection.provinces:
        raise NotFoundError(f"no province with slug '{slug}' (e.g. quang-nam)")
    own = [k for k in projection.systems() if projection.node(k).get("province") == slug]
    linked = {e.target if e.source in own else e.source for k in own for e in projection.edges_of(k, LINK_RELATIONS)}
    keys = own + sorted(linked - set(own))
    notes = [] if own else [f"No report in the store names a system of {projection.provinces[slug]}."]
    return subgraph_view(projection, keys, title=f"{projection.provinces[slug]}: systems and their links",
                         relations=LINK_RELATIONS, cap=cap, link_base=link_base, notes=notes)


def path_view(projection: Projection, source: str, target: str, paths: list[list[Step]], *,
              link_base: str | None = "") -> View:
    keys: list[str] = [source]
    refs: dict[tuple[str, str, str], EdgeRef] = {}
    for path in paths:
        for step in path:
            keys.append(step.target)
            for rel, forward in step.edges:
                u, v = (step.source, step.target) if forward else (step.target, step.source)
                refs[(u, v, rel)] = projection.edge_ref(u, v, rel)
    keys.append(target)
    a, b = projection.node(source)["label"], projection.node(target)["label"]
    notes = [] if paths else [f"No path links {a} and {b} through the stated links."]
    return subgraph_view(projection, keys, title=f"Paths from {a} to {b}", roots=[source], cap=None,
                         link_base=link_base, highlight={source: CENTRE, target: CENTRE},
                         highlight_legend={CENTRE: "thick border: the two ends"}, edges=list(refs.values()), notes=notes)


def impact_view(projection: Projection, result: "Impact", *, cap: int | None = DEFAULT_CAP,
                link_base: str | None = "") -> View:
    from graph.network.impact import DEPENDENCIES

    keys = [result.key] + result.keys
    highlight = {result.key: FAILED} | {a.key: CUT_OFF for a in result.affected if a.loses_national_reach}
    notes = [] if result.affected else ["Nothing in the store depends on this system."]
    return subgraph_view(projection, keys, title=f"What depends on {projection.node(result.key)['label']}",
                         relations=frozenset(DEPENDENCIES), roots=[result.key], cap=cap, link_base=link_base,
                         highlight=highlight, notes=notes,
                         highlight_legend={FAILED: "red border: the failed system",
                                           CUT_OFF: "orange border: loses its reach to the national level"})


def national_view(projection: Projection, *, link_base: str | None = "") -> View:
    """National systems one by one; each province's systems collapsed into one node per province."""
    national = [k for k in projection.systems() if projection.node(k).get("national")]
    provincial = [k for k in projection.systems() if projection.node(k).get("province")]
    keys = national + provincial
    nodes = [projection_node(projection, k, link_base) for k in keys]
    edges = projection_edges(projection, projection.edges_among(keys, LINK_RELATIONS))

    def by_province(n: VisNode) -> tuple[str, str, str | None] | None:
        slug = n.data.get("province")
        if not slug:
            return None
        url = f"{link_base}/explore/provinces/{slug}" if link_base is not None else None
        return f"province/{slug}", projection.provinces.get(slug, slug), url

    grouped_nodes, grouped_edges = collapse(nodes, edges, by_province)
    return assemble("The national level, provinces collapsed", grouped_nodes, grouped_edges,
                     notes=["Each dashed circle is one province's systems; open it to see them one by one."],
                     nodes_total=len(keys), aggregated=True)


def construct_view(projection: Projection, result: "QueryResult", *, prefixes: dict[str, str],
                   cap: int | None = DEFAULT_CAP, link_base: str | None = "") -> View:
    """The triples of a CONSTRUCT (or DESCRIBE) result as a network: resources are nodes, triples between
    resources are edges, literals and types go into the tooltips. The caller runs the query (the API
    through its executor, within the endpoint's limits), so this view never queries."""
    from pyoxigraph import Literal

    from graph.store import GraphResult

    if not isinstance(result, GraphResult):
        raise ParameterError("only CONSTRUCT and DESCRIBE queries give a network; this query gives a table",
                             parameter="query")
    ordered_prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def short(iri: str) -> str:
        for p, ns in ordered_prefixes:
            if iri.startswith(ns) and iri != ns:
                return f"{p}:{iri[len(ns):]}"
        return iri

    literal_lines: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    order: dict[str, None] = {}
    pairs: dict[tuple[str, str], VisEdge] = {}
    rdf_type = prefixes["rdf"] + "type"
    label_props = {prefixes["rdfs"] + "label", prefixes["skos"] + "prefLabel"}
    for t in result.triples:
        s, p, o = _term_id(t.subject), t.predicate.value, t.object
        order.setdefault(s)
        if isinstance(o, Literal):
            if p in label_props and (s not in labels or o.language == "vi"):
                labels[s] = o.value
            literal_lines[s].append(f"{short(p)}: {o.value[:200]}")
        elif p == rdf_type:
            literal_lines[s].append(f"a {short(o.value)}")
        else:
            target = _term_id(o)
            order.setdefault(target)
            edge = pairs.setdefault((s, target), VisEdge(s, target, [], []))
            edge.rels.append(short(p).split(":", 1)[-1])
            edge.lines.append(short(p))
    nodes: list[VisNode] = []
    ids: dict[str, str] = {}
    for iri in order:
        if iri in projection.graph:
            n = projection_node(projection, iri, link_base)
            if literal_lines[iri]:
                n.title += "\n" + "\n".join(literal_lines[iri][:20])
        else:
            text = labels.get(iri) or short(iri)
            n = VisNode(id=iri, label=wrap_label(text), title="\n".join([text, short(iri), *literal_lines[iri][:20]]),
                      shape="dot", colour=LAYERS[None][1], data={"category": "resource"})
        ids[iri] = n.id
        nodes.append(n)
    edges = [VisEdge(ids[e.source], ids[e.target], e.rels, e.lines) for e in pairs.values()]
    notes = [f"The query returned more triples than the row cap: the first {len(result.triples):,} are shown."
             ] if result.truncated else []
    if not nodes:
        notes.append("The query returned no triples.")
    return assemble_capped("CONSTRUCT result", nodes, edges, cap, notes=notes, link_base=link_base)


def _term_id(term: Any) -> str:
    kind = type(term).__name__
    if kind == "NamedNode":
        return term.value
    if kind == "BlankNode":
        return "_:" + term.value
    return str(term)  # a quoted triple (RDF-star)


