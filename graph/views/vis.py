"""How a network view is drawn: vis-network's nodes, edges and options, held by pyvis's ``Network``.

pyvis's ``Network`` is the model and serialiser (nodes, edges and options as vis-network reads them);
the HTML is ours, for three reasons measured or read in pyvis 0.3.2:
- its Jinja environment has no autoescaping: the heading, and the node ids of its select menu, go
  into the page as markup, and once any tooltip contains "href" every tooltip is shown through
  ``innerHTML``. Here pages autoescape, the data goes into a JSON script element with ``<``, ``>``
  and ``&`` written as ``\\u`` escapes (:meth:`View.json`), and tooltips stay plain text (vis-network
  9 shows string tooltips as text and draws labels on a canvas): nothing from the data is markup;
- ``cdn_resources="local"`` still fetches vis-network from a CDN, and the template loads Bootstrap
  from one whatever the setting. Here vis-network is served by the app (``graph/views/static/vendor``, mounted by the API) or
  inlined into a standalone file, so a view renders with no network;
- ``from_nx`` and ``add_edge`` are quadratic (membership tests on a list). Here nodes go in through
  ``add_node``/``add_edge`` on an id list with set-backed membership (:class:`_IdList`).

Style: colour by architecture layer, shape by the family of the system's kind, national systems
larger, groups dashed and white (no layer colour: a group is not a layer). Every shape carries its label
below it, on one line: the browser (``static/explore/network.js``) draws labels at a fixed size on the
screen and shortens each to what fits among the others, showing it whole on hover, selection or search.
Positions come from ``graph.views.layout``; the browser draws them as they are (no physics: measured,
the physics was what made views slow and left labels piled up). Beyond ``cap`` nodes a view is
aggregated by province and layer (then by province alone) with a note saying so.

Texts a page shows (title, notes, legend) carry their catalogue key (``explore.…`` in
``api/i18n/catalogue/explore.toml``) beside their English text: pages translate the key, the standalone
file and JSON use the English.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from graph.views.layout import radial_layout
from graph.network.model import ADMIN_UNIT, ORGANISATION, SYSTEM, EdgeRef
from ontology.names import display_name
from graph.network.projection import Projection

VIS_NETWORK_VERSION = "9.1.13"
DEFAULT_CAP = 1000          # nodes drawn one by one; beyond it a view is aggregated

LAYERS: dict[str | None, tuple[str, str]] = {   # code -> (name, colour)
    "usr": ("users", "#e377c2"), "chn": ("channels", "#1f77b4"), "app": ("applications", "#2ca02c"),
    "int": ("integration", "#ff7f0e"), "dat": ("data", "#9467bd"), "inf": ("infrastructure", "#8c564b"),
    "sec": ("security and trust", "#d62728"), "gov": ("governance", "#7f7f7f"), "ext": ("external", "#17becf"),
    None: ("no layer", "#b8c2cc"),
}
#: (ancestor class, vis shape, legend name): the first that a system's kind falls under decides its shape
FAMILY_SHAPES: tuple[tuple[str, str, str], ...] = (
    ("IntegrationPlatform", "diamond", "integration platform"),
    ("DocumentExchangeAxis", "diamond", "document axis"),
    ("Portal", "triangle", "portal"),
    ("OperationsCentre", "star", "operations centre"),
    ("SecurityOperationsCentre", "star", "security operations centre"),
    ("Database", "square", "database"),
    ("Infrastructure", "triangleDown", "infrastructure"),
    ("TrustService", "hexagon", "trust or identity service"),
    ("PaymentPlatform", "hexagon", "payment platform"),
)
OTHER_SYSTEM = ("dot", "application or other system")
CATEGORY_SHAPES = {ORGANISATION: ("dot", "organisation", "#dbdb8d"), ADMIN_UNIT: ("dot", "administrative unit", "#aec7e8")}
GROUP_SHAPE = ("dot", "group of nodes (dashed)")
GROUP_FILL = "#ffffff"
SHAPE_SWATCH = "#5b6775"   # legend entries about shape, not colour: dark enough to see on white
BOUNDARY = "#5b6775"       # border of a shared national node a view does not follow further
LABEL_MAX = 80             # characters of a node's full label (the browser shortens it further to fit)


#: the view's interface (toolbar, panel), in English; pages translate each as ``explore.ui.<name>``
UI_STRINGS: dict[str, str] = {
    "network": "Network", "toolbar": "Network tools", "find": "Find in this view", "filters": "Filters",
    "fit": "Fit", "reset": "Reset", "png": "PNG", "svg": "SVG", "details": "Details and legend", "legend": "Legend",
    "hint": "Click a node for its details; expand it to add its neighbours. Hover over a node or a link for its full name.",
    "close": "Close", "expand": "Expand", "expand-all": "Expand all links", "hide": "Hide", "open": "Open its page",
    "kind": "kind", "layer": "layer", "province": "province", "status": "status", "relation": "relation",
    "statuses": "Status over time", "figures": "Figures", "sources": "Sources", "neighbours": "Neighbours by relation",
    "new": "{n} not shown", "none-new": "all shown", "matches": "{n} found", "no-match": "nothing found",
    "nodes-links": "{nodes} nodes, {links} links", "national": "national system", "loading": "Loading…",
    "failed": "Could not load the details.", "more": "{n} more not added (limit reached)",
    **{f"layer-{code}": name for code, (name, _) in LAYERS.items() if code},
    "status-planned": "planned", "status-in-development": "in development", "status-pilot": "pilot",
    "status-operational": "operational", "status-retired": "retired",
    "not-stated": "not stated", "as-of": "as of {date}", "since": "since {date}", "source": "source",
    "reference": "egovkg reference data (ontology)",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Named:
    """A name (ontology.names.display_name) or a number a message holds, in both languages: the page fills in the
    one of its language (api.i18n.translate), files and JSON the English."""

    vi: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def __str__(self) -> str:
        return self.en


def counted(n: int) -> Named:
    """A count as each language writes it (1.463 / 1,463: graph.network.figures.format_number)."""
    from graph.network.figures import format_number

    return Named(format_number(n, "vi"), format_number(n, "en"))


def named(node: Any) -> Named:
    from ontology.names import display_name

    return Named(display_name(node, "vi"), display_name(node, "en"))


@dataclass(frozen=True)
class Message:
    """A text a page shows: its catalogue key and parameters, and the English for files and JSON."""

    text: str
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        return part in self.text


def message(text: str | Message) -> Message:
    return text if isinstance(text, Message) else Message(text)


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    shape: str
    border: str | None = None   # a highlight: the entry is about the border colour
    key: str | None = None      # catalogue key of the label
    dashed: bool = False


@dataclass
class View:
    """A network ready to draw: pyvis's model plus what the page around it shows."""

    title: str
    network: Any                     # pyvis.network.Network
    legend: list[LegendEntry]
    notes: list[Message] = field(default_factory=list)
    nodes_total: int = 0             # nodes in the view before any aggregation
    aggregated: bool = False
    heading: Message | None = None   # the title with its catalogue key

    def __post_init__(self) -> None:
        self.notes = [message(n) for n in self.notes]
        if self.heading is None:
            self.heading = Message(self.title)

    @property
    def nodes(self) -> list[dict]:
        return self.network.nodes

    @property
    def edges(self) -> list[dict]:
        return self.network.edges

    @property
    def ui(self) -> dict[str, str]:
        return UI_STRINGS

    def data(self) -> dict[str, Any]:
        nodes, edges, *_ = self.network.get_network_data()
        return {"nodes": nodes, "edges": edges, "options": self.network.options}

    def page_data(self) -> dict[str, Any]:
        """What a page's script fetches to draw a view beside other content (the /query page's graph)."""
        return {**self.data(), "title": self.title, "notes": [n.text for n in self.notes],
                "legend": [{"label": e.label, "colour": e.colour, "shape": e.shape, "border": e.border, "key": e.key,
                            "dashed": e.dashed} for e in self.legend]}

    def json(self) -> Markup:
        """The data as JSON that is safe inside a ``<script type="application/json">`` element."""
        text = json.dumps(self.data(), ensure_ascii=False, separators=(",", ":"))
        for char, escape in _SCRIPT_ESCAPES:
            text = text.replace(char, escape)
        return Markup(text)


#: inside a script element only "</script" ends it early; these keep every label inert (and valid JSON)
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


@dataclass
class VisNode:
    id: str
    label: str
    title: str
    shape: str
    colour: str
    size: int = 16
    url: str | None = None
    border: str | None = None
    dashed: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class VisEdge:
    source: str
    target: str
    rels: list[str]
    lines: list[str]
    rels_vi: list[str] = field(default_factory=list)   # the relations' Vietnamese labels, when known
    #: per relation, its labels and its evidence, for the page to write the tooltip in its language
    refs: list[dict[str, Any]] = field(default_factory=list)


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership on every add; a set makes that O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item: Any) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _new_network() -> Any:
    try:
        from pyvis.network import Network
    except ImportError as exc:  # pragma: no cover - pyvis is a dependency
        raise RuntimeError("network views need pyvis: pip install pyvis") from exc
    net = Network(height="100%", width="100%", directed=True)
    net.node_ids = _IdList()
    return net


def one_line(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_name(d: dict) -> str | None:
    """The shortest alias that the node's own labels contain as a word ("LGSP", "Qoffice", "GovCA"): what a
    crowded view shows when the full name does not fit. None when no alias is shorter than the label."""
    labels = " ".join(x for x in (d.get("label"), d.get("label_en")) if x)
    found = [n for n in d.get("names", ()) if 2 <= len(n) <= 16 and len(n) < len(d.get("label") or "")
             and re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", labels)]
    return min(found, key=lambda n: (len(n), n)) if found else None


def _shape(projection: Projection, d: dict) -> tuple[str, str]:
    if d["category"] != SYSTEM:
        shape, name, _ = CATEGORY_SHAPES[d["category"]]
        return shape, name
    if d.get("kind"):
        ancestors = projection.classes.ancestors(projection.iris.ontology_ns + d["kind"])
        for cls, shape, name in FAMILY_SHAPES:
            if projection.iris.ontology_ns + cls in ancestors:
                return shape, name
    return OTHER_SYSTEM


def _source_line(projection: Projection, sources: Iterable[str]) -> str:
    parts = []
    for s in sources:
        r = projection.reports.get(s)
        parts.append(f"{r.id} ({r.year})" if r and r.year else (r.id if r else s))
    return ", ".join(parts)


def projection_node(projection: Projection, key: str, link_base: str | None) -> VisNode:
    d = projection.node(key)
    shape, family = _shape(projection, d)
    colour = CATEGORY_SHAPES[d["category"]][2] if d["category"] != SYSTEM else LAYERS.get(d.get("layer"), LAYERS[None])[1]
    province = projection.provinces.get(d["province"], d["province"]) if d.get("province") else None
    lines = [d["label"]]
    if d.get("label_en") and d["label_en"] != d["label"]:
        lines.append(d["label_en"])
    kind_label = d.get("kind_label") or family
    lines.append(f"kind: {kind_label}" + (f" ({d['kind']})" if d.get("kind") and d["kind"] != kind_label else ""))
    if d["category"] == SYSTEM:
        lines.append(f"layer: {LAYERS.get(d.get('layer'), LAYERS[None])[0]}")
        lines.append(f"province: {province}" if province else "national system" if d.get("national") else "province: not stated")
        status = d.get("status") or "not stated"
        lines.append(f"status: {status}" + (f" (as of {d['status_as_of']})" if d.get("status_as_of") else ""))
    if d.get("sources"):
        lines.append("source: " + _source_line(projection, d["sources"]))
    url = None
    if link_base is not None:
        if d["category"] == SYSTEM:
            url = f"{link_base}/explore/systems/{d['id']}"
        elif d["id"].startswith("province/"):
            url = f"{link_base}/explore/provinces/{d['id'][len('province/'):]}"
    short = short_name(d)
    return VisNode(id=d["id"], label=one_line(display_name(d, "vi")), title="\n".join(lines), shape=shape, colour=colour,
                 size=24 if d.get("national") else 16, url=url,
                 data={"short": short, "kind": d.get("kind"), "kind_label": kind_label,
                       # the page writes the name and the tooltip in its language (network.js: the English name,
                       # the kind, layer, province and status in the catalogue's words)
                       "full_en": one_line(display_name(d, "en")), "status_as_of": d.get("status_as_of"),
                       "province_label_en": display_name(projection.node(projection.iris.base + "id/province/" + d["province"]), "en")
                       if d.get("province") and projection.iris.base + "id/province/" + d["province"] in projection.graph else None,
                       "source_line": _source_line(projection, d["sources"]) if d.get("sources") else None,
                      "kind_label_vi": projection.classes.label(projection.iris.ontology_ns + d["kind"], "vi") if d.get("kind") else None, "layer": d.get("layer"), "province": d.get("province"),
                       "province_label": province, "status": d.get("status"), "category": d["category"],
                       "national": bool(d.get("national")), "today": _today(projection, d)})


def _today(projection: Projection, d: dict) -> tuple[str, str] | None:
    """(slug, label) of the province of today the node is in (the projection reads it from graph.units)."""
    slug = d.get("province_today")
    return (slug, projection.provinces.get(slug, slug)) if slug else None


def _evidence_lines(projection: Projection, ref: EdgeRef) -> list[str]:
    rel = projection.relations.get(ref.rel, {})
    lines = [f"{rel.get('label', ref.rel)} ({rel.get('label_vi', ref.rel)})"]
    for e in ref.evidence:
        who = f"{e.source_id} ({e.year})" if e.source_id and e.year else e.source_id or "egovkg reference data (ontology)"
        when = f", as of {e.as_of}" if e.as_of else ""
        since = f", since {e.valid_from}" if e.valid_from else ""
        quote = f": “{e.quote[:180]}{'…' if len(e.quote) > 180 else ''}”" if e.quote else ""
        lines.append(f"  {who}{when}{since}{quote}")
    return lines


def projection_edges(projection: Projection, refs: Iterable[EdgeRef]) -> list[VisEdge]:
    merged: dict[tuple[str, str], VisEdge] = {}
    for ref in sorted(refs, key=lambda r: (r.source, r.target, r.rel)):
        u, v = projection.node(ref.source)["id"], projection.node(ref.target)["id"]
        edge = merged.setdefault((u, v), VisEdge(u, v, [], []))
        info = projection.relations.get(ref.rel, {})
        edge.rels.append(info.get("label", ref.rel))
        edge.rels_vi.append(info.get("label_vi") or info.get("label", ref.rel))
        edge.lines.extend(_evidence_lines(projection, ref))
        edge.refs.append({"rel": info.get("label", ref.rel), "rel_vi": info.get("label_vi") or info.get("label", ref.rel),
                          "evidence": [{"source": e.source_id, "year": e.year, "as_of": e.as_of, "since": e.valid_from,
                                        "quote": e.quote[:180] + ("…" if len(e.quote) > 180 else "") if e.quote else None}
                                       for e in ref.evidence]})
    return list(merged.values())


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    # no physics: the server's layout is drawn as is, and the browser fits the labels to it
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 300, "hideEdgesOnDrag": n_edges > 500,
                        "hideEdgesOnZoom": n_edges > 2000, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
                           "color": "#1d2733", "strokeWidth": 3, "strokeColor": "#ffffff", "multi": False},
                  "borderWidth": 1.5, "labelHighlightBold": False},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 11, "align": "horizontal", "color": "#3c4650", "strokeWidth": 3,
                           "face": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"},
                  "color": {"color": "#8a96a3", "highlight": "#1f5f99", "hover": "#1f5f99"},
                  "smooth": False, "width": 1.2, "labelHighlightBold": False},
        "physics": {"enabled": False},
    }


def vis_nodes_and_edges(nodes: list[VisNode], edges: list[VisEdge],
                        positions: dict[str, tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """vis-network's node and edge objects (what a view holds, and what an expansion adds to one)."""
    out_nodes = []
    for n in nodes:
        x, y = positions.get(n.id, (0.0, 0.0))
        item: dict[str, Any] = {"id": n.id, "label": n.label, "full": n.label, "shape": n.shape, "title": n.title,
                                "size": n.size, "x": x, "y": y, **n.data}
        if n.url:
            item["url"] = n.url
        if n.border or n.dashed:
            item["color"] = {"background": n.colour, "border": n.border or "#3c4650",
                             "highlight": {"background": n.colour, "border": "#1f5f99"},
                             "hover": {"background": n.colour, "border": "#1f5f99"}}
            item["borderWidth"] = 3 if n.border else 1.5
            if n.dashed:
                item["shapeProperties"] = {"borderDashes": [6, 4]}
        else:
            item["color"] = n.colour
        out_nodes.append(item)
    pairs = {(e.source, e.target) for e in edges}
    out_edges = []
    for e in edges:
        rels = list(dict.fromkeys(e.rels))
        label = ", ".join(rels)
        # the label is drawn by the browser only where it fits (or on hover): "text" holds it
        item = {"id": f"{e.source}\u2192{e.target}", "from": e.source, "to": e.target, "arrows": "to",
                "title": "\n".join(e.lines) or label, "rels": rels, "text": one_line(label, 60)}
        if e.refs:
            item["refs"] = e.refs
        if e.rels_vi and len(e.rels_vi) == len(e.rels):
            item["text_vi"] = one_line(", ".join(dict.fromkeys(e.rels_vi)), 60)
        if (e.target, e.source) in pairs and e.source != e.target:
            item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
        out_edges.append(item)
    return out_nodes, out_edges


def assemble(title: str | Message, nodes: list[VisNode], edges: list[VisEdge], *, roots: Iterable[str] = (),
             notes: list[str | Message] | None = None, nodes_total: int | None = None, aggregated: bool = False) -> View:
    heading = message(title)
    positions = radial_layout([n.id for n in nodes], [(e.source, e.target) for e in edges], roots=roots)
    net = _new_network()
    vis_nodes, vis_edges = vis_nodes_and_edges(nodes, edges, positions)
    for item in vis_nodes:
        net.add_node(item.pop("id"), label=item.pop("label"), **item)
    for item in vis_edges:
        net.add_edge(item.pop("from"), item.pop("to"), **item)
    net.options = _options(len(nodes), len(edges))
    return View(heading.text, net, _legend(nodes), [message(n) for n in notes or []],
                nodes_total if nodes_total is not None else len(nodes), aggregated, heading)


def _legend(nodes: list[VisNode]) -> list[LegendEntry]:
    entries: dict[str, LegendEntry] = {}
    for code, (name, colour) in LAYERS.items():
        if any(n.colour == colour and n.data.get("category") == SYSTEM and not n.dashed for n in nodes):
            entries["layer:" + str(code)] = LegendEntry(f"layer: {name}", colour, "dot", key=f"explore.legend.layer.{code or 'none'}")
    shapes = {shape: name for _, shape, name in FAMILY_SHAPES} | {OTHER_SYSTEM[0]: OTHER_SYSTEM[1]}
    for n in nodes:
        if n.dashed:
            entries.setdefault("group", LegendEntry(GROUP_SHAPE[1], GROUP_FILL, GROUP_SHAPE[0], key="explore.legend.group", dashed=True))
        elif n.data.get("category") in CATEGORY_SHAPES:
            shape, name, colour = CATEGORY_SHAPES[n.data["category"]]
            entries.setdefault("cat:" + name, LegendEntry(name, colour, shape, key=f"explore.legend.{_slug(name)}"))
        elif n.shape in shapes and n.data.get("category") == SYSTEM:
            names = sorted({name for _, s, name in FAMILY_SHAPES if s == n.shape} or {shapes[n.shape]})
            entries.setdefault("shape:" + n.shape, LegendEntry(" / ".join(names), SHAPE_SWATCH, n.shape,
                                                               key=f"explore.legend.shape.{n.shape}"))
    if any(n.size > 16 for n in nodes if not n.dashed):
        entries["national"] = LegendEntry("larger: national system", SHAPE_SWATCH, "dot", key="explore.legend.national")
    if any(n.border == BOUNDARY for n in nodes):
        entries["boundary"] = LegendEntry("grey border: a shared national system, not followed further", "#ffffff", "dot",
                                          border=BOUNDARY, key="explore.legend.boundary")
    return list(entries.values())


# -- aggregation ----------------------------------------------------------------------------------
def collapse(nodes: list[VisNode], edges: list[VisEdge], group_of: Callable[[VisNode], tuple[str, str, str | None] | None]
              ) -> tuple[list[VisNode], list[VisEdge]]:
    """Replace nodes by groups: ``group_of`` gives (group id, label, url) or None to keep a node."""
    mapping: dict[str, str] = {}
    groups: dict[str, list[VisNode]] = defaultdict(list)
    meta: dict[str, tuple[str, str | None]] = {}
    kept: list[VisNode] = []
    for n in nodes:
        g = group_of(n)
        if g is None:
            kept.append(n)
            mapping[n.id] = n.id
        else:
            mapping[n.id] = g[0]
            groups[g[0]].append(n)
            meta[g[0]] = (g[1], g[2])
    for gid, members in groups.items():
        label, url = meta[gid]
        kinds = defaultdict(int)
        for m in members:
            kinds[m.data.get("kind") or m.data.get("category") or "other"] += 1
        summary = ", ".join(f"{k} {c}" for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0]))[:8])
        kept.append(VisNode(id=gid, label=one_line(f"{label} ({len(members)})"), title=f"{label}: {len(members)} nodes\n{summary}",
                          shape=GROUP_SHAPE[0], colour=GROUP_FILL,
                          size=int(14 + 6 * math.sqrt(len(members))), url=url, dashed=True,
                          data={"category": "group", "members": len(members)}))
    merged: dict[tuple[str, str], VisEdge] = {}
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in edges:
        u, v = mapping[e.source], mapping[e.target]
        if u == v and (u in groups):
            continue
        merged.setdefault((u, v), VisEdge(u, v, [], []))
        for r in e.rels:
            counts[(u, v)][r] += 1
        if u not in groups and v not in groups:
            merged[(u, v)].lines.extend(e.lines)
    for key, edge in merged.items():
        c = counts[key]
        grouped = key[0] in groups or key[1] in groups
        edge.rels = [f"{r} ×{n}" if grouped and n > 1 else r for r, n in sorted(c.items())]
        if grouped:
            edge.lines = [f"{r}: {n} link(s)" for r, n in sorted(c.items())]
    return kept, list(merged.values())


def assemble_capped(title: str | Message, nodes: list[VisNode], edges: list[VisEdge], cap: int | None, *,
                    roots: Iterable[str] = (), notes: list[str | Message] | None = None, link_base: str | None = "") -> View:
    notes = list(notes or [])
    if cap is None or len(nodes) <= cap:
        return assemble(title, nodes, edges, roots=roots, notes=notes)
    total = len(nodes)
    keep = set(roots)

    def by_province_layer(n: VisNode) -> tuple[str, str, str | None] | None:
        if n.id in keep:
            return None
        province, category = n.data.get("province"), n.data.get("category")
        place = n.data.get("province_label") or province or ("national" if category in (SYSTEM, ORGANISATION) else "")
        what = {SYSTEM: LAYERS.get(n.data.get("layer"), LAYERS[None])[0], ORGANISATION: "organisations",
                ADMIN_UNIT: "administrative units"}.get(category, "other resources")
        url = f"{link_base}/explore/provinces/{province}" if province and link_base is not None else None
        gid = f"group:{province or place}:{n.data.get('layer') if category == SYSTEM else category}"
        return gid, f"{place} · {what}" if place else what, url

    grouped_nodes, grouped_edges = collapse(nodes, edges, by_province_layer)
    how, how_key = "province and layer", "province-layer"
    if len(grouped_nodes) > cap:
        def by_province(n: VisNode) -> tuple[str, str, str | None] | None:
            g = by_province_layer(n)
            return None if g is None else (g[0].rsplit(":", 1)[0], g[1].split(" · ")[0], g[2])

        grouped_nodes, grouped_edges = collapse(nodes, edges, by_province)
        how, how_key = "province", "province"
    if len(grouped_nodes) > cap:
        def by_province_today(n: VisNode) -> tuple[str, str, str | None] | None:
            g = by_province_layer(n)
            today = n.data.get("today")
            if g is None or not today:
                return None if g is None else (g[0].rsplit(":", 1)[0], g[1].split(" · ")[0], g[2])
            url = f"{link_base}/explore/provinces/{today[0]}" if link_base is not None else None
            return f"group:{today[0]}", today[1], url

        grouped_nodes, grouped_edges = collapse(nodes, edges, by_province_today)
        how, how_key = "province of today (the 2025 units, each with the units merged into it)", "province-today"
    notes.insert(0, Message(f"This view has {total:,} nodes, more than the {cap:,} drawn one by one: they are grouped by {how} "
                            "(dashed circles, sized by how many they hold). Lower the depth or open a province to see single systems.",
                            f"explore.note.capped.{how_key}", {"total": counted(total), "cap": counted(cap)}))
    return assemble(title, grouped_nodes, grouped_edges, roots=roots, notes=notes, nodes_total=total, aggregated=True)


# -- HTML -------------------------------------------------------------------------------------------
#: the scripts, styles and templates of a network view: this wing's own, which the API also serves and mounts
STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@cache
def _asset(relative: str) -> str:
    return (STATIC_DIR / relative).read_text(encoding="utf-8")


def _inline_script(text: str) -> str:
    # inside <script>, "</script" ends the element and "<!--" changes how the rest is parsed; neither
    # occurs in the shipped scripts today, and this keeps it so (the escapes mean the same in JS strings)
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def render_html(view: View) -> str:
    """A standalone HTML page of the view: every script inline, nothing fetched, opens with no network."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    scripts = [Markup(_inline_script(_asset("vendor/vis-network/vis-network.min.js"))),
               Markup(_inline_script(_asset("explore/network.js")))]
    return env.get_template("network.html").render(view=view, scripts=scripts, css=Markup(_asset("explore/network.css")),
                                                   vis_version=VIS_NETWORK_VERSION)
