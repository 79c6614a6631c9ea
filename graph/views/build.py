"""Network views of the projection: a province's landscape, a system's neighbourhood, a path, an impact
set, the national level with provinces collapsed, any set of nodes, and any SPARQL CONSTRUCT result.

Each function returns a :class:`graph.views.vis.View` (pyvis's model of the network plus legend and notes);
``graph.views.vis.render_html`` makes a standalone page of it, and the explorer pages embed it.
Views never write and never query the store: they draw the projection, or a query result they are handed.

A view of one province stays in that province: a system of another province is left out unless asked
(``across=True``), and a shared national node (GovCA, VDXP, NDXP…) is drawn once, with a grey border, as
the edge of the view; the walk does not go on through it (otherwise GovCA alone pulls in every province
that signs with it). :func:`relation_counts` and :func:`expansion` feed the explorer's "expand".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from egovkg.errors import NotFoundError, ParameterError
from graph.network.model import LINK_RELATIONS, SYSTEM, EdgeRef, Step
from graph.network.projection import Projection
from graph.views.vis import (BOUNDARY, DEFAULT_CAP, LAYERS, LegendEntry, Message, Named, View, VisEdge, VisNode, assemble,
                             assemble_capped, collapse, counted, named, one_line, projection_edges, projection_node, render_html,
                             vis_nodes_and_edges)
from ontology.names import collation_key

if TYPE_CHECKING:
    from graph.network.impact import Impact
    from graph.store import QueryResult

CENTRE, FAILED, CUT_OFF = "#1f5f99", "#a61b1b", "#e6550d"   # highlight borders

__all__ = ["View", "construct_view", "expansion", "impact_view", "national_view", "neighbourhood_view", "path_view",
           "province_view", "relation_counts", "render_html", "subgraph_view"]


# -- the views --------------------------------------------------------------------------------------
def subgraph_view(projection: Projection, keys: Iterable[str], *, title: str | Message, relations: frozenset[str] | None = None,
                  roots: Iterable[str] = (), cap: int | None = DEFAULT_CAP, link_base: str | None = "",
                  highlight: dict[str, str] | None = None, highlight_legend: dict[str, str | Message] | None = None,
                  notes: list[str | Message] | None = None, edges: list[EdgeRef] | None = None) -> View:
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
    for colour, label in (highlight_legend or {}).items():
        if colour in used:
            text = label if isinstance(label, Message) else Message(label)
            view.legend.append(LegendEntry(text.text, "#ffffff", "dot", border=colour, key=text.key))
    return view


def _outside(projection: Projection, key: str, province: str | None) -> bool:
    """Whether ``key`` belongs to a province other than ``province``."""
    other = projection.node(key).get("province")
    return bool(province and other and other != province)


def _shared(projection: Projection, key: str, province: str | None) -> bool:
    """A node a provincial view shows but does not walk through: a national system, or a node of no province."""
    d = projection.node(key)
    return bool(province) and not d.get("province") and d["category"] == SYSTEM


def bounded_neighbourhood(projection: Projection, key: str, depth: int, relations: Iterable[str] | None = None, *,
                          across: bool = False) -> tuple[dict[str, int], list[EdgeRef], set[str], int]:
    """The neighbourhood of ``key`` kept inside its province (see the module docstring): (hops, edges among
    them, the shared nodes met at the boundary, how many other provinces' nodes were left out)."""
    province = None if across else projection.node(key).get("province")
    hood = projection.neighbourhood(key, depth, relations)
    if province is None:
        return dict(hood.hops), hood.edges, set(), 0
    rels = projection.check_relations(relations)
    hops, boundary, left_out = {key: 0}, set(), set()
    queue = [key]
    while queue:
        n = queue.pop(0)
        if hops[n] == depth or (n != key and _shared(projection, n, province)):
            continue
        for e in projection.edges_of(n, rels):
            m = e.target if e.source == n else e.source
            if m in hops:
                continue
            if _outside(projection, m, province):
                left_out.add(m)
                continue
            hops[m] = hops[n] + 1
            if _shared(projection, m, province):
                boundary.add(m)
            queue.append(m)
    # what the boundary nodes link to in other provinces: the view says how much it leaves out
    for b in boundary:
        left_out.update(m for e in projection.edges_of(b, rels) for m in (e.source, e.target) if _outside(projection, m, province))
    return hops, projection.edges_among(hops, rels), boundary, len(left_out - set(hops))


def _boundary_note(projection: Projection, boundary: set[str], left_out: int) -> list[Message]:
    if not boundary or not left_out:
        return []
    each = [named(projection.node(b)) for b in boundary]
    names = Named(*(", ".join(sorted((n.in_language(lang) for n in each), key=collation_key)) for lang in ("vi", "en")))
    return [Message(f"Shared national systems ({names}) are drawn once, as the edge of this view: their links to "
                    f"{left_out} systems of other provinces are left out. Add ?across=1 to the address to follow them.",
                    "explore.note.boundary", {"names": names, "n": left_out})]


def neighbourhood_view(projection: Projection, key: str, depth: int = 1, *, relations: Iterable[str] | None = None,
                       cap: int | None = DEFAULT_CAP, link_base: str | None = "", across: bool = False) -> View:
    hops, edges, boundary, left_out = bounded_neighbourhood(projection, key, depth, relations, across=across)
    label = named(projection.node(key))
    return subgraph_view(projection, sorted(hops, key=lambda k: (hops[k], k)),
                         title=Message(f"{label}: links to depth {depth}", "explore.title.neighbourhood",
                                       {"label": label, "depth": depth}),
                         roots=[key], cap=cap, link_base=link_base,
                         highlight={key: CENTRE} | dict.fromkeys(boundary, BOUNDARY),
                         highlight_legend={CENTRE: Message("thick border: the system", "explore.legend.centre")},
                         edges=edges, notes=_boundary_note(projection, boundary, left_out))


def province_view(projection: Projection, slug: str, *, cap: int | None = DEFAULT_CAP, link_base: str | None = "",
                  across: bool = False) -> View:
    if slug not in projection.provinces:
        raise NotFoundError(f"no province with slug '{slug}' (e.g. quang-nam)").shown_as("errors.unknown-province", province=slug)
    own = [k for k in projection.systems() if projection.node(k).get("province") == slug]
    linked = {e.target if e.source in own else e.source for k in own for e in projection.edges_of(k, LINK_RELATIONS)}
    outside = {k for k in linked if _outside(projection, k, slug)}
    boundary = {k for k in linked if _shared(projection, k, slug)}
    keys = own + sorted(linked - set(own) - (set() if across else outside))
    province = named(projection.node(projection.iris.base + "id/province/" + slug))
    notes: list[Message] = [] if own else [Message(f"No report in the store names a system of {province}.",
                                                   "explore.note.no-systems", {"province": province})]
    if outside and not across:
        notes.append(Message(f"{len(outside)} systems of other provinces linked to these are left out: open a system "
                             "(click it, then expand) to follow its links across provinces.", "explore.note.outside", {"n": len(outside)}))
    return subgraph_view(projection, keys, title=Message(f"{province}: systems and their links",
                                                         "explore.title.province", {"province": province}),
                         relations=LINK_RELATIONS, cap=cap, link_base=link_base, notes=notes,
                         highlight=None if across else dict.fromkeys(boundary, BOUNDARY))


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
    a, b = named(projection.node(source)), named(projection.node(target))
    notes = [] if paths else [Message(f"No path links {a} and {b} through links that carry data or documents.",
                                      "explore.note.no-path", {"a": a, "b": b})]
    return subgraph_view(projection, keys, title=Message(f"Paths from {a} to {b}", "explore.title.path", {"a": a, "b": b}),
                         roots=[source], cap=None, link_base=link_base, highlight={source: CENTRE, target: CENTRE},
                         highlight_legend={CENTRE: Message("thick border: the two ends", "explore.legend.ends")},
                         edges=list(refs.values()), notes=notes)


def impact_view(projection: Projection, result: "Impact", *, cap: int | None = DEFAULT_CAP,
                link_base: str | None = "") -> View:
    from graph.network.impact import DEPENDENCIES

    keys = [result.key] + result.keys
    highlight = {result.key: FAILED} | {a.key: CUT_OFF for a in result.affected if a.loses_national_reach}
    notes = [] if result.affected else [Message("Nothing in the store depends on this system.", "explore.note.no-dependants")]
    label = named(projection.node(result.key))
    return subgraph_view(projection, keys, title=Message(f"What depends on {label}", "explore.title.impact", {"label": label}),
                         relations=frozenset(DEPENDENCIES), roots=[result.key], cap=cap, link_base=link_base,
                         highlight=highlight, notes=notes,
                         highlight_legend={FAILED: Message("red border: the failed system", "explore.legend.failed"),
                                           CUT_OFF: Message("orange border: loses its reach to the national level",
                                                            "explore.legend.cut-off")})


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
    return assemble(Message("The national level, provinces collapsed", "explore.title.national"), grouped_nodes, grouped_edges,
                    notes=[Message("Each dashed circle is one province's systems; open it to see them one by one.",
                                   "explore.note.national")],
                    nodes_total=len(keys), aggregated=True)


def relation_counts(projection: Projection, key: str, *, lang: str = "en") -> list[dict[str, Any]]:
    """A node's neighbours grouped by relation and direction, with counts: what "expand" offers before it adds anything."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in projection.edges_of(key):
        out = e.source == key
        other = e.target if out else e.source
        if other != key:
            groups[(e.rel, "out" if out else "in")].append(projection.node(other)["id"])
    rows = []
    for (rel, direction), ids in groups.items():
        info = projection.relations.get(rel, {})
        label = info.get("label_vi" if lang == "vi" else "label") or info.get("label") or rel
        rows.append({"rel": rel, "label": label, "direction": direction, "count": len(set(ids)),
                     "ids": sorted(set(ids))[:500], "link": rel in LINK_RELATIONS})
    rows.sort(key=lambda r: (not r["link"], -r["count"], r["rel"], r["direction"]))
    return rows


def expansion(projection: Projection, key: str, relations: Iterable[str] | None, have: Iterable[str], *,
              limit: int = 200, link_base: str | None = "") -> dict[str, Any]:
    """The neighbours of ``key`` through ``relations`` (every relation when None) that a view lacks, and the edges
    that join them to it (``have`` holds the ids the view shows): vis-network nodes and edges, unplaced (x, y
    are left to the browser, which rings them round ``key``), at most ``limit`` new nodes."""
    rels = None if relations is None else frozenset(relations)
    if rels is not None:
        unknown = sorted(rels - set(projection.relations))
        if unknown:
            raise ParameterError(f"unknown relation(s) {', '.join(unknown)}", parameter="rel")
    present: set[str] = set()
    for ident in have:
        try:
            present.add(projection.key(ident))
        except NotFoundError:
            continue
    found = sorted({e.target if e.source == key else e.source for e in projection.edges_of(key, rels)} - present - {key},
                   key=lambda k: projection.node(k)["id"])
    new, more = found[:limit], max(0, len(found) - limit)
    inside = present | set(new) | {key}
    allowed = LINK_RELATIONS | (rels or frozenset(projection.relations))
    refs = [e for e in projection.edges_among(inside, allowed) if e.source in new or e.target in new]
    nodes = [projection_node(projection, k, link_base) for k in new]
    vis_nodes, vis_edges = vis_nodes_and_edges(nodes, projection_edges(projection, refs), {})
    for n in vis_nodes:
        n.pop("x", None)
        n.pop("y", None)
    return {"nodes": vis_nodes, "edges": vis_edges, "more": more}


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
            n = VisNode(id=iri, label=one_line(text), title="\n".join([text, short(iri), *literal_lines[iri][:20]]),
                      shape="dot", colour=LAYERS[None][1], data={"category": "resource"})
        ids[iri] = n.id
        nodes.append(n)
    edges = [VisEdge(ids[e.source], ids[e.target], e.rels, e.lines) for e in pairs.values()]
    notes = [Message(f"The query returned more triples than the row cap: the first {len(result.triples):,} are shown.",
                     "explore.note.truncated", {"n": counted(len(result.triples))})] if result.truncated else []
    if not nodes:
        notes.append(Message("The query returned no triples.", "explore.note.no-triples"))
    return assemble_capped(Message("CONSTRUCT result", "explore.title.construct"), nodes, edges, cap, notes=notes,
                           link_base=link_base)


def _term_id(term: Any) -> str:
    kind = type(term).__name__
    if kind == "NamedNode":
        return term.value
    if kind == "BlankNode":
        return "_:" + term.value
    return str(term)  # a quoted triple (RDF-star)


