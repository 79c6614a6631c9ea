"""Where everything of a layered diagram goes: bands, boxes in rows, links.

- one band per layer that has systems, in the framework's order (:data:`BAND_ORDER`), its name in a column at the
  left; the province's systems inside it, the systems outside the province in a margin at the right, behind one
  boundary, at the height of their own layer's band;
- each box is sized to its name on at most two lines (``measure``): the whole name, in a wider box when it must;
  else the name without its province's (the band and the page say it); else cut with an ellipsis;
- boxes are packed in rows inside their band, grouped by kind with a wider gap between kinds (a system's parts
  right after it), full rows justified to the band's width; then the groups, and the systems within a group, are
  put in the order of where their links go when that makes the links shorter (:func:`_untangle`);
- the diagram is fitted to a target height by trying narrower boxes first; only when that is not enough does a
  band's last row fold into a "+N" box;
- links to the margin run along the gap under (or over) their box's row and along a corridor beside the
  boundary, each in a lane of its own, crossing no box; links within the margin are brackets on its right; the
  others are curves drawn under the boxes. The links leaving one side of a box are spread along it.

Deterministic: the same boxes and links give the same geometry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from graph.views.layered.diagram import Band, Box, Diagram, legend_rows
from graph.views.layered.measure import (BAND_PAD, BOX_H, FONT, GAP_X, GAP_Y, GROUP_GAP, HEADER_H, LANE, LEGEND_H, LONG,
                                          LONGEST, MARGIN_GAP, MIN_W, NARROWEST, PAD_X, RIGHT, TITLE_W, WIDEST, cut,
                                          short_name, text_width, wrap)

__all__ = ["BAND_ORDER", "KIND_ORDER", "fits", "lay_out", "overlaps"]

#: the framework's layers, top to bottom (domain.md §0.3); systems with no layer go last
BAND_ORDER: tuple[str | None, ...] = ("usr", "chn", "app", "int", "dat", "inf", "sec", "ext", "gov", None)
#: kinds shown first in their band (the shared systems every province has), then the rest by name
KIND_ORDER = (
    "NationalPublicServicePortal", "ProvincialPortal", "ProvincialPublicServicePortal", "PublicServicePortal", "EPortal",
    "ComponentPortal", "CitizenApp", "CitizenFeedbackSystem", "ProvincialTTHCSystem", "TTHCSystem", "OneStopShopSystem",
    "DocumentManagementSystem", "OfficialEmail", "ProvincialReportingSystem", "TaskManagementSystem", "ECabinet", "IOC",
    "NationalIntegrationPlatform", "LGSP", "NationalDocumentAxis", "ProvincialDocumentAxis", "NationalDatabase",
    "ProvincialSharedDB", "SectoralDB", "NationalDataCenter", "ProvincialDataCenter", "DataCentre", "ProvincialWAN",
    "SpecialisedDataNetworkL2", "LocalAreaNetwork", "VideoConferenceSystem", "SOC", "IdentityService")

def _label(box: Box, widest: float, short_names: list[str]) -> None:
    """Choose the box's lines and width: the whole name on at most two lines, in a box up to ``widest`` wide,
    else in a wider one; else the name without its province's (the band and the page say it); else cut. Only the
    whole name counts as complete."""
    rooms = (widest - 2 * PAD_X, widest * LONG - 2 * PAD_X, widest * LONGEST - 2 * PAD_X)
    short = short_name(box.name, short_names) if short_names else box.name
    for text, complete in ((box.name, True), (short, False)):
        for room in rooms:
            lines = wrap(text, room)
            if lines is not None:
                box.lines, box.complete = lines, complete
                box.w = max(MIN_W, max(text_width(x) for x in box.lines) + 2 * PAD_X)
                return
    room = rooms[-1]
    words, first = short.split(), ""
    while words and text_width((first + " " + words[0]).strip()) <= room:
        first = (first + " " + words.pop(0)).strip()
    if not first:   # one word wider than the box
        box.lines = [cut(short, room)]
    else:
        rest = " ".join(words)
        box.lines = [first, rest if text_width(rest) <= room else cut(rest, room)]
    box.complete = False
    box.w = max(MIN_W, max(text_width(x) for x in box.lines) + 2 * PAD_X)


def _kind_rank(kind: str | None) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind or "~")


def _ordered(boxes: list[Box], parents: dict[str, str]) -> list[Box]:
    """Grouped by kind (kinds in KIND_ORDER first), names in order within a kind; a system's parts right after it."""
    by_id = {b.id: b for b in boxes}
    children: dict[str, list[Box]] = defaultdict(list)
    roots = []
    for b in boxes:
        if b.id in parents and parents[b.id] in by_id:
            children[parents[b.id]].append(b)
        else:
            roots.append(b)
    out: list[Box] = []

    def place(b: Box, group: str) -> None:
        b.group = group
        out.append(b)
        for c in sorted(children.get(b.id, []), key=lambda c: (_kind_rank(c.kind), c.name.casefold(), c.id)):
            place(c, group)

    for b in sorted(roots, key=lambda b: (_kind_rank(b.kind), not b.centre, b.name.casefold(), b.id)):
        place(b, b.kind or "")
    return out


def _gap(a: Box, b: Box) -> float:
    return GAP_X if a.group == b.group else GROUP_GAP


def _rows(boxes: list[Box], width: float) -> list[list[Box]]:
    rows: list[list[Box]] = []
    used = 0.0
    for b in boxes:
        if rows and used + _gap(rows[-1][-1], b) + b.w <= width:
            used += _gap(rows[-1][-1], b) + b.w
            rows[-1].append(b)
        else:
            rows.append([b])
            used = b.w
    return rows


def _place_rows(rows: list[list[Box]], x0: float, y0: float, width: float) -> None:
    for i, row in enumerate(rows):
        spare = width - _used(row)
        # a full row is stretched to the band's width, so that the band reads as a block; a short last row is not
        grow = spare / len(row) if (i < len(rows) - 1 or spare < 0.3 * width) and spare > 0 else 0.0
        x = x0
        for j, b in enumerate(row):
            if j:
                x += _gap(row[j - 1], b)
            b.w += grow
            b.x, b.y = x, y0 + i * (BOX_H + GAP_Y)
            x += b.w


def _band_title(text: str) -> list[str]:
    room = TITLE_W - 16
    for n in (1, 2, 3):
        lines = wrap(text, room, n, size=FONT, bold=True)
        if lines:
            return lines
    return [cut(text, room)]


@dataclass
class _Plan:
    layer: str | None
    inner: list[list[Box]]
    outer: list[list[Box]]

    @property
    def rows(self) -> int:
        return max(len(self.inner), len(self.outer), 1)


def _height(plans: list[_Plan]) -> float:
    rows = sum(p.rows for p in plans)
    return HEADER_H + rows * BOX_H + (rows - len(plans)) * GAP_Y + len(plans) * 2 * BAND_PAD + LEGEND_H


def _used(row: list[Box]) -> float:
    return sum(b.w for b in row) + sum(_gap(a, b) for a, b in zip(row, row[1:]))


def _collapse(plan: _Plan, inner_w: float, outer_w: float, texts: dict[str, str]) -> None:
    """Fold the last row of the band's longer side into the row before: a "+N" box stands for what does not fit."""
    side, room = (plan.inner, inner_w) if len(plan.inner) >= len(plan.outer) else (plan.outer, outer_w)
    hidden = [x for b in side.pop() for x in (b.hidden if b.more else [b])]   # folded before: it grows
    row = side[-1]
    more = Box(key="", id="", name="", kind=None, kind_label="", layer=plan.layer, status=None, status_as_of=None,
               outside=side is plan.outer)
    while True:
        more.more = len(hidden)
        more.lines = [texts["more"].format(n=more.more)]
        more.w = text_width(more.lines[0]) + 2 * PAD_X
        if not row or _used(row) + GROUP_GAP + more.w <= room:
            break
        last = row.pop()
        hidden[:0] = last.hidden if last.more else [last]
    more.hidden = hidden
    row.append(more)


def lay_out(diagram: Diagram, *, short_names: dict[str, list[str]], parents: dict[str, str],
            max_height: float | None) -> None:
    """Place the diagram's bands, boxes and links (in place)."""
    width = diagram.width
    systems = diagram.boxes
    inner = [b for b in systems if not b.outside]
    outer = [b for b in systems if b.outside]
    layers = [layer for layer in BAND_ORDER if any(b.layer == layer for b in systems)]
    chosen: list[_Plan] = []
    inner_w = outer_w = 0.0
    for widest in WIDEST:
        for b in systems:
            _label(b, widest, short_names.get(b.id, []))
        # the margin is as wide as its widest box, or two of them when that makes the diagram lower
        outer_w = 0.0
        if outer:
            one = max(b.w for b in outer)
            best: tuple[float, float, list[_Plan]] | None = None
            for columns in (1, 2, 3):
                ow = min(columns * one + (columns - 1) * GAP_X, width * 0.34)
                iw = width - RIGHT - ow - MARGIN_GAP - TITLE_W - 4
                plans = _plans(layers, inner, outer, iw, ow, parents)
                h = _height(plans)
                if best is None or h < best[0] - 1:
                    best = (h, ow, plans)
            assert best is not None
            _, outer_w, chosen = best
        else:
            chosen = _plans(layers, inner, outer, width - TITLE_W - 8, 0.0, parents)
        if max_height is None or _height(chosen) <= max_height:
            break
    inner_w = width - RIGHT - outer_w - MARGIN_GAP - TITLE_W - 4 if outer else width - TITLE_W - 8
    diagram.inner_x = TITLE_W
    diagram.margin_x = width - RIGHT - outer_w if outer else None
    chosen = _untangle(diagram, chosen, inner_w, outer_w, parents)
    if max_height is not None:
        while _height(chosen) > max_height:
            tallest = max(chosen, key=lambda p: (p.rows, -BAND_ORDER.index(p.layer)))
            if tallest.rows < 2:
                break
            _collapse(tallest, inner_w, outer_w, diagram.texts)
    if all(len(p.inner) <= 1 for p in chosen):
        # every band one row: the diagram is as wide as its widest row, the margin beside it, not across the screen
        widest_row = max((_used(p.inner[0]) for p in chosen if p.inner), default=0.0)
        spare = math.floor(inner_w - max(widest_row, NARROWEST))   # whole pixels: the SVG is drawn at scale 1
        if spare > 0:
            inner_w -= spare
            diagram.width -= spare
            if diagram.margin_x is not None:
                diagram.margin_x -= spare
    boxes = _place(diagram, chosen, inner_w, outer_w)
    hidden = sum(b.more for b in boxes)
    diagram.notes = [diagram.texts["more_title"].format(n=hidden)] if hidden else []
    diagram.boxes = boxes
    drawn = {b.id for b in boxes if not b.more}
    diagram.edges = [e for e in diagram.edges if e.source in drawn and e.target in drawn]
    diagram.legend = legend_rows(diagram)
    diagram.height = math.ceil(diagram.height + LEGEND_H * (len(diagram.legend) - 1))
    route(diagram)


def _natural(b: Box) -> float:
    return max(0.0 if b.more else MIN_W, max(text_width(x) for x in b.lines) + 2 * PAD_X)


def _place(diagram: Diagram, plans: list[_Plan], inner_w: float, outer_w: float) -> list[Box]:
    """Bands top to bottom, each band's rows in it (the diagram's bands and height are set)."""
    y = HEADER_H
    diagram.bands = []
    boxes: list[Box] = []
    for plan in plans:
        height = plan.rows * BOX_H + (plan.rows - 1) * GAP_Y + 2 * BAND_PAD
        diagram.bands.append(Band(plan.layer, _band_title(diagram.texts["band." + (plan.layer or "none")]), y, height))
        for row in plan.inner + plan.outer:
            for b in row:
                b.w = _natural(b)
        _place_rows(plan.inner, TITLE_W + 4, y + BAND_PAD, inner_w)
        if diagram.margin_x is not None:
            _place_rows(plan.outer, diagram.margin_x, y + BAND_PAD, outer_w)
        boxes.extend(b for row in plan.inner + plan.outer for b in row)
        y += height
    diagram.height = y + LEGEND_H
    return boxes


def _length(diagram: Diagram, boxes: list[Box]) -> float:
    at = {b.id: (b.cx, b.cy) for b in boxes}
    return sum(math.dist(at[e.source], at[e.target]) for e in diagram.edges if e.source in at and e.target in at)


def _untangle(diagram: Diagram, plans: list[_Plan], inner_w: float, outer_w: float,
              parents: dict[str, str]) -> list[_Plan]:
    """Shorter links: within each band, the groups of a kind (and the systems within a group) are put in the
    order of where their links go (the mean x of the systems they link to, as placed before), kept only when
    the links get shorter in all and the diagram no taller. Three rounds at most; deterministic."""
    links: dict[str, set[str]] = defaultdict(set)
    for e in diagram.edges:
        links[e.source].add(e.target)
        links[e.target].add(e.source)
    if not links:
        return plans
    boxes = _place(diagram, plans, inner_w, outer_w)
    best = (_length(diagram, boxes), _height(plans))
    for _ in range(3):
        at = {b.id: b.cx for b in boxes}

        def pull(members: list[Box]) -> float:
            own = {m.id for m in members}
            # sorted, and rounded: the same order whatever the order of a set (hash seeds differ between runs)
            xs = sorted(at[o] for m in members for o in links.get(m.id, ()) if o not in own and o in at)
            return round(sum(xs) / len(xs) if xs else sum(sorted(at[m.id] for m in members)) / len(members), 3)

        tried: list[_Plan] = []
        for plan in plans:
            sides = []
            for side, room in ((plan.inner, inner_w), (plan.outer, outer_w)):
                flat = [b for row in side for b in row]
                clusters: list[list[Box]] = []   # a system with its parts
                for b in flat:
                    if clusters and parents.get(b.id) in {c.id for c in clusters[-1]}:
                        clusters[-1].append(b)
                    else:
                        clusters.append([b])
                groups: list[list[list[Box]]] = []
                for c in clusters:
                    if groups and groups[-1][0][0].group == c[0].group:
                        groups[-1].append(c)
                    else:
                        groups.append([c])
                for g in groups:
                    g.sort(key=pull)
                groups.sort(key=lambda g: pull([b for c in g for b in c]))
                order = [b for g in groups for c in g for b in c]
                for b in order:
                    b.w = _natural(b)
                sides.append(_rows(order, room) if order else [])
            tried.append(_Plan(plan.layer, sides[0], sides[1]))
        trial = _place(diagram, tried, inner_w, outer_w)
        score = (_length(diagram, trial), _height(tried))
        if score[0] < best[0] - 1 and score[1] <= best[1]:
            plans, boxes, best = tried, trial, score
        else:
            break
    _place(diagram, plans, inner_w, outer_w)
    return plans


def _plans(layers: list[str | None], inner: list[Box], outer: list[Box], inner_w: float, outer_w: float,
           parents: dict[str, str]) -> list[_Plan]:
    plans = []
    for layer in layers:
        ins = _ordered([b for b in inner if b.layer == layer], parents)
        outs = _ordered([b for b in outer if b.layer == layer], parents)
        for b in ins + outs:
            b.w = max(MIN_W, max(text_width(x) for x in b.lines) + 2 * PAD_X)
        plans.append(_Plan(layer, _rows(ins, inner_w) if ins else [], _rows(outs, outer_w) if outs else []))
    return plans



# -- links ------------------------------------------------------------------------------------------
def _last_in_row(box: Box, boxes: list[Box]) -> bool:
    return not any(abs(o.y - box.y) < 1 and o.x > box.x and o.outside == box.outside for o in boxes)


def _sides(a: Box, b: Box, boxes: list[Box]) -> tuple[str, str, str]:
    """How a link between ``a`` and ``b`` runs (``curve``, ``corridor``: through the gap between rows and the
    corridor along the margin's boundary, ``bracket``: both in the margin) and which sides it leaves and enters."""
    if a.outside and b.outside:
        return "bracket", "right", "right"
    if a.outside != b.outside:
        inner, outer = (b, a) if a.outside else (a, b)
        if abs(inner.cy - outer.cy) < 1 and _last_in_row(inner, boxes):
            side = "right"
        else:
            side = "bottom" if outer.cy >= inner.cy else "top"
        return ("corridor", side, "left") if inner is a else ("corridor", "left", side)
    if abs(a.cy - b.cy) < 1:
        return "curve", "bottom", "bottom"
    return ("curve", "bottom", "top") if a.cy < b.cy else ("curve", "top", "bottom")


def _anchor(box: Box, side: str, f: float) -> tuple[float, float]:
    if side in ("top", "bottom"):
        return box.x + box.w * f, box.y if side == "top" else box.y + box.h
    return box.x if side == "left" else box.x + box.w, box.y + box.h * f


def route(diagram: Diagram) -> None:
    """Each link's path. Links between the province and the margin run along the gap under (or over) their
    box's row and up or down the corridor beside the margin's boundary, each in a lane of its own, so they cross
    no box; links within the margin are brackets on its right; the others are curves under the boxes. The links
    leaving one side of a box are spread along it, in the order of where they go."""
    drawn = [b for b in diagram.boxes if not b.more]
    boxes = {b.id: b for b in drawn}
    ends: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)   # (box, side) → (order, edge, end)
    how = []
    for i, e in enumerate(diagram.edges):
        a, b = boxes[e.source], boxes[e.target]
        kind, sa, sb = _sides(a, b, drawn)
        how.append((kind, sa, sb))
        ends[(a.id, sa)].append((b.cy if sa in ("left", "right") else b.cx if kind == "curve" else -b.cy, i, 0))
        ends[(b.id, sb)].append((a.cy if sb in ("left", "right") else a.cx if kind == "curve" else -a.cy, i, 1))
    points: dict[tuple[int, int], tuple[float, float]] = {}
    for (box_id, side), items in ends.items():
        items.sort()
        n = len(items)
        for j, (_, i, end) in enumerate(items):
            points[(i, end)] = _anchor(boxes[box_id], side, 0.5 if n == 1 else 0.2 + 0.6 * j / (n - 1))
    corridor = [i for i, (kind, _, _) in enumerate(how) if kind == "corridor"]
    corridor.sort(key=lambda i: (points[(i, 0)][1] + points[(i, 1)][1], i))
    lanes = max(1, int((MARGIN_GAP - 10) // LANE))
    brackets = [i for i, (kind, _, _) in enumerate(how) if kind == "bracket"]
    for i, e in enumerate(diagram.edges):
        (sx, sy), (tx, ty) = points[(i, 0)], points[(i, 1)]
        kind, sa, sb = how[i]
        a, b = boxes[e.source], boxes[e.target]
        if kind == "curve":
            e.path = _curve(sx, sy, sa, tx, ty, sb)
        elif kind == "bracket":
            x = diagram.width - 3 - LANE * (brackets.index(i) % 3)
            e.path = _ortho([(sx, sy), (x, sy), (x, ty), (tx, ty)])
        else:
            assert diagram.margin_x is not None
            lane = diagram.margin_x - 9 - LANE * (corridor.index(i) % lanes)
            inner, (ix, iy), side = (a, (sx, sy), sa) if not a.outside else (b, (tx, ty), sb)
            oy = ty if not a.outside else sy
            if side == "right":
                route_points = [(ix, iy), (lane, iy), (lane, oy)]
            else:
                gy = inner.y + inner.h + GAP_Y / 2 if side == "bottom" else inner.y - GAP_Y / 2
                route_points = [(ix, iy), (ix, gy), (lane, gy), (lane, oy)]
            route_points.append((diagram.margin_x, oy))
            e.path = _ortho(route_points if not a.outside else route_points[::-1])


def _ortho(points: list[tuple[float, float]], radius: float = 4.0) -> str:
    """A path through ``points`` with its corners rounded."""
    out = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for (px, py), (cx, cy), (nx, ny) in zip(points, points[1:], points[2:]):
        r = min(radius, math.dist((px, py), (cx, cy)) / 2, math.dist((cx, cy), (nx, ny)) / 2)
        before = _toward((cx, cy), (px, py), r)
        after = _toward((cx, cy), (nx, ny), r)
        out.append(f"L{before[0]:.1f},{before[1]:.1f} Q{cx:.1f},{cy:.1f} {after[0]:.1f},{after[1]:.1f}")
    out.append(f"L{points[-1][0]:.1f},{points[-1][1]:.1f}")
    return " ".join(out)


def _toward(p: tuple[float, float], q: tuple[float, float], r: float) -> tuple[float, float]:
    d = math.dist(p, q)
    return p if d == 0 else (p[0] + (q[0] - p[0]) * r / d, p[1] + (q[1] - p[1]) * r / d)


def _curve(sx: float, sy: float, sa: str, tx: float, ty: float, sb: str) -> str:
    out = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}
    dx, dy = abs(tx - sx), abs(ty - sy)
    reach = max(14.0, min(90.0, (dy if sa in ("top", "bottom") and sa != sb else dx) * 0.45))
    if sa == sb == "bottom":
        reach = min(26.0, 8 + dx / 25)
    ax, ay = out[sa]
    bx, by = out[sb]
    c1 = (sx + ax * reach, sy + ay * reach)
    c2 = (tx + bx * reach, ty + by * reach)
    return f"M{sx:.1f},{sy:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {tx:.1f},{ty:.1f}"


def overlaps(diagram: Diagram) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (a test calls it; the layout never makes any)."""
    found = []
    boxes = sorted(diagram.boxes, key=lambda b: (b.y, b.x))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b.y >= a.y + a.h:
                break
            if a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h:
                found.append((a.id or "+N", b.id or "+N"))
    return found


def fits(diagram: Diagram) -> bool:
    return all(0 <= b.x and b.x + b.w <= diagram.width + 0.01 and 0 <= b.y and b.y + b.h <= diagram.height
               for b in diagram.boxes) and not math.isnan(diagram.height)
