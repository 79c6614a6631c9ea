"""The national level at a glance: the national systems by layer, today's provinces in a margin of boxes at the
right ("Đà Nẵng · 59 systems", each opening its links to the national systems and its page), and one link per
province and national system, counting how many of the province's systems link to it (issue 14: the national
view's labels were 5 px, stacked three deep).

The national systems are laid out by ``layout.lay_out`` as a province's are; the provinces take the margin in as
few columns as keep the diagram within the first screen, in the order of their names. A province's links run
from the left side of its box to the right side of the national system, under the boxes; the page's script draws
those of the box under the pointer on top, with their counts. Names are in the diagram's language
(``graph.network.names``); the interface's words come from the caller's catalogue (``t``).

With ``as_of`` (``graph.network.asof.national_as_of``: a year, across every province) only what the provinces'
sources of that year or earlier state: the provinces' systems they name and the links they state. The national
systems, their statuses and the links among them are drawn as they are today: the provinces' reports rarely
speak of them.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.network.model import LINK_RELATIONS
from graph.network.names import display_name
from graph.network.projection import Projection
from graph.views.layered.diagram import Box, Diagram, Edge, legend_rows
from graph.views.layered.layout import lay_out
from graph.views.layered.measure import (BAND_PAD, BOX_H, GAP_X, GAP_Y, HEADER_H, HEIGHT, LEGEND_H, MARGIN_GAP, MIN_W,
                                          PAD_X, RIGHT, WIDTH, text_width)
from graph.views.layered.scene import Translate, _edges, _system_box, _texts, province_members

if TYPE_CHECKING:
    from graph.network.asof import AsOf

__all__ = ["national_diagram", "national_links", "today_provinces"]


def today_provinces(projection: Projection) -> list[str]:
    """Today's provinces as the projection knows them: those its systems are in, as the units are now."""
    return sorted({slug for k in projection.systems() if (slug := projection.node(k).get("province_today"))})


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
                   if not unicodedata.combining(c)).casefold()


def national_links(projection: Projection, slug: str, as_of: "AsOf | None" = None) -> dict[str, list[str]]:
    """National system → the province's systems that link to it (either way), for province ``slug`` of today."""
    national = {k for k in projection.systems() if projection.node(k).get("national")}
    found: dict[str, set[str]] = defaultdict(set)
    for k in _own(projection, slug, as_of):
        for ref in projection.edges_of(k, LINK_RELATIONS):
            other = ref.target if ref.source == k else ref.source
            if other in national and _stated(ref, as_of):
                found[other].add(k)
    return {n: sorted(ks) for n, ks in sorted(found.items())}


def _own(projection: Projection, slug: str, as_of: "AsOf | None") -> list[str]:
    own = province_members(projection, slug)
    if as_of is not None:
        own = [k for k in own if as_of.source_iris & set(projection.node(k).get("sources", ()))]
    return own


def _stated(ref: object, as_of: "AsOf | None") -> bool:
    if as_of is None:
        return True
    sourced = [e for e in getattr(ref, "evidence", ()) if e.source_id]
    return any(e.source_id in as_of.sources for e in sourced) if sourced else True


def national_diagram(projection: Projection, t: Translate, *, lang: str = "vi", provinces: Iterable[str] | None = None,
                     as_of: "AsOf | None" = None, width: float = WIDTH, max_height: float | None = HEIGHT,
                     link_base: str | None = "") -> Diagram:
    """The national systems by layer, and ``provinces`` (today's, by default) in the margin with their links."""
    slugs = sorted(set(provinces) if provinces is not None else today_provinces(projection))
    national = sorted(k for k in projection.systems() if projection.node(k).get("national"))
    # the national systems as they are: "as of" chooses among the provinces' sources, which rarely speak of them
    boxes = {k: _system_box(projection, k, lang, t, outside=False, as_of=None, link_base=link_base) for k in national}
    edges = _edges(projection, set(national), boxes, lang, lambda ref: True)

    names: dict[str, str] = {}
    for slug in slugs:
        node = projection.graph.nodes.get(projection.iris.base + "id/province/" + slug)
        names[slug] = display_name(node, lang) if node else projection.provinces.get(slug, slug)
    slugs.sort(key=lambda s: (_plain(names[s]), s))
    province_boxes: list[Box] = []
    aggregated: list[Edge] = []
    for slug in slugs:
        own = _own(projection, slug, as_of)
        links = national_links(projection, slug, as_of)
        count = t("national.layered.systems", n=len(own))
        tip = "\n".join([names[slug], count, t("national.layered.tip.links", n=len(links))])
        box = Box(key=projection.iris.base + "id/province/" + slug, id="province/" + slug, name=names[slug],
                  kind="Province", kind_label="", layer=None, status=None, status_as_of=None, outside=True,
                  url=f"{link_base}/explore/provinces/{slug}" if link_base is not None else None,
                  tip=tip, lines=[names[slug], count])
        if link_base is not None:
            box.panel = (f"{link_base}/explore/national/provinces/{slug}/panel?lang={lang}"
                         + (f"&as_of={as_of.spec}" if as_of is not None else ""))
        province_boxes.append(box)
        for key, systems in links.items():
            target = boxes[key]
            aggregated.append(Edge(box.id, target.id, ["aggregate"], [], count=len(systems),
                                   tip=t("national.layered.tip.edge", province=names[slug], system=target.name,
                                         n=len(systems))))

    texts = _texts(t) | {"legend.agg": t("national.layered.legend.agg")}
    if as_of is None:
        title = t("national.layered.title")
    else:
        title = t("national.layered.title.asof", when=as_of.spec)
    diagram = Diagram(title=title, lang=lang, inside_caption=t("layered.caption", name=t("layered.margin.national"), n=len(national)),
                      outside_caption=t("national.layered.provinces", n=len(slugs)), boxes=list(boxes.values()),
                      edges=edges, bands=[], texts=texts, width=width)
    _lay_out(diagram, province_boxes, aggregated, width, max_height)
    return diagram


def _lay_out(diagram: Diagram, provinces: list[Box], aggregated: list[Edge], width: float,
             max_height: float | None) -> None:
    """The national systems in bands at the left, the provinces in columns at the right, then the links."""
    if not provinces:
        lay_out(diagram, short_names={}, parents={}, max_height=max_height)
        return
    box_w = max(MIN_W, max(text_width(line) for b in provinces for line in b.lines) + 2 * PAD_X)
    systems, edges = list(diagram.boxes), list(diagram.edges)
    best: tuple[float, int] | None = None
    for columns in (2, 3, 4, 5, 6):   # the lowest diagram; of two as low, the one with fewer columns
        margin_w = columns * box_w + (columns - 1) * GAP_X
        trial = _trial(diagram, systems, edges, width - RIGHT - margin_w - MARGIN_GAP, max_height)
        rows = math.ceil(len(provinces) / columns)
        grid_h = rows * BOX_H + (rows - 1) * GAP_Y + 2 * BAND_PAD
        bands_h = trial.height - HEADER_H - LEGEND_H * len(trial.legend)
        height = HEADER_H + max(grid_h, bands_h) + LEGEND_H * len(trial.legend)
        if best is None or height < best[0] - 1:
            best = (height, columns)
    assert best is not None
    columns = best[1]
    margin_w = columns * box_w + (columns - 1) * GAP_X
    inner = _trial(diagram, systems, edges, width - RIGHT - margin_w - MARGIN_GAP, max_height)
    diagram.__dict__.update(inner.__dict__)
    diagram.width = width
    diagram.margin_x = width - RIGHT - margin_w
    rows = math.ceil(len(provinces) / columns)
    for i, b in enumerate(provinces):   # down each column, names in order
        col, row = divmod(i, rows)
        b.w, b.h = box_w, BOX_H
        b.x = diagram.margin_x + col * (box_w + GAP_X)
        b.y = HEADER_H + BAND_PAD + row * (BOX_H + GAP_Y)
    grid_bottom = HEADER_H + rows * BOX_H + (rows - 1) * GAP_Y + 2 * BAND_PAD
    bottom = diagram.bands[-1].y + diagram.bands[-1].h if diagram.bands else HEADER_H
    if grid_bottom > bottom and diagram.bands:
        diagram.bands[-1].h += grid_bottom - bottom
    diagram.boxes = diagram.boxes + provinces
    at = {b.id: b for b in diagram.boxes if not b.more}
    drawn = [e for e in aggregated if e.target in at]
    for e in drawn:
        e.path = _link(at[e.source], at[e.target], diagram.margin_x)
    diagram.edges = diagram.edges + drawn
    diagram.legend = legend_rows(diagram)
    diagram.height = math.ceil(max(bottom, grid_bottom) + LEGEND_H * len(diagram.legend))


def _trial(diagram: Diagram, systems: list[Box], edges: list[Edge], inner_width: float,
           max_height: float | None) -> Diagram:
    """The national systems alone laid out ``inner_width`` wide (a copy: the caller keeps the best)."""
    copy = Diagram(title=diagram.title, lang=diagram.lang, inside_caption=diagram.inside_caption,
                   outside_caption=diagram.outside_caption, boxes=list(systems), edges=[Edge(**vars(e)) for e in edges],
                   bands=[], texts=diagram.texts, width=inner_width)
    lay_out(copy, short_names={}, parents={}, max_height=max_height)
    return copy


def _link(province: Box, system: Box, margin_x: float) -> str:
    """From the province's left side, across the corridor, to the national system's right side (under the boxes)."""
    sx, sy = province.x, province.cy
    tx, ty = system.x + system.w, system.cy
    gate = margin_x - MARGIN_GAP / 2
    reach = max(20.0, min(120.0, (sx - tx) * 0.4))
    return (f"M{sx:.1f},{sy:.1f} L{gate:.1f},{sy:.1f} "
            f"C{gate - reach:.1f},{sy:.1f} {tx + reach:.1f},{ty:.1f} {tx:.1f},{ty:.1f}")
