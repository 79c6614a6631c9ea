"""The layered diagram's parts (boxes, links, bands), and the diagram written as SVG and as a standalone page.

One SVG serves every use: the province page inlines it, its download link and ``egovkg render --layered -o x.svg``
give it as a file, the standalone page of ``egovkg render --layered -o x.html`` wraps it, and a notebook shows it
(``Diagram._repr_svg_``). It carries its own styles and no script: opened as a file it draws the same, and the
boxes' tooltips (``<title>``) hold each system's full name, kind and status. The page's script
(``static/layered/layered.js``) only adds highlighting and the side panel.

Everything from data (names, relation labels) is escaped here, in text and in attribute values alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from graph.views.layered.measure import BOX_H, FONT, HEADER_H, LEGEND_H, LINE, TITLE_W, WIDTH, text_width
from graph.views.vis import LAYERS

__all__ = ["FONT_STACK", "Band", "Box", "Diagram", "Edge", "legend_rows", "render_html", "render_svg"]

PLANNED = frozenset({"planned", "in-development"})
#: the font the widths are measured in first; every later one is narrower, except a bare ``sans-serif`` that is
#: DejaVu Sans itself (the page's script then narrows a line that would overflow)
FONT_STACK = ('"DejaVu Sans Condensed", "Arial Narrow", "Liberation Sans Narrow", Arial, "Liberation Sans", '
              'Helvetica, "Segoe UI", Roboto, sans-serif')
STATIC = Path(__file__).resolve().parent.parent / "static" / "layered"


@dataclass
class Box:
    """One system: where it is drawn and what it says."""

    key: str                      # IRI ("" for a "+N" box)
    id: str                       # short id, e.g. quang-nam/lgsp
    name: str                     # its name in the diagram's language, as the data gives it
    kind: str | None
    kind_label: str
    layer: str | None
    status: str | None
    status_as_of: str | None
    outside: bool                 # in the margin: a national system, or one of another province
    group: str = ""               # what it is packed with (its kind, or the system it is part of)
    superseded: bool = False      # replaced by, consolidated into or redirecting to another system
    centre: bool = False          # the system a "surroundings" diagram is about
    url: str | None = None
    lines: list[str] = field(default_factory=list)
    complete: bool = True         # the lines show the whole name (or the name without its province's)
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = BOX_H
    more: int = 0                 # a "+N" box: how many systems it stands for
    hidden: list["Box"] = field(default_factory=list)   # … and which
    tip: str | None = None        # its tooltip, when not a system's (a province of the national diagram)
    panel: str | None = None      # the side panel a click opens, when not the page's system panel

    @property
    def style(self) -> str:
        if self.more:
            return "more"
        if self.kind == "Province":
            return "province"
        if self.superseded or self.status == "retired":
            return "retired"
        if self.status in PLANNED:
            return "planned"
        if self.status == "pilot":
            return "pilot"
        return "operational" if self.status else "unstated"

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Edge:
    source: str                   # short ids
    target: str
    rels: list[str]               # relation local names, in the direction source → target
    labels: list[str]             # the same, named in the diagram's language
    both: bool = False            # stated both ways (or symmetric): arrow heads at both ends or none
    symmetric: bool = False
    part: bool = False            # "is part of": drawn dotted, no arrow
    path: str = ""                # SVG path data, once laid out
    count: int = 0                # an aggregated link: how many systems of its source link to its target
    tip: str | None = None        # its tooltip, when not the relations' names


@dataclass
class Band:
    layer: str | None
    title: list[str]              # its name, wrapped
    y: float = 0.0
    h: float = 0.0


@dataclass
class Diagram:
    """A laid-out layered diagram (``graph.views.layered.layout`` places it; :func:`render_svg` draws it)."""

    title: str
    lang: str
    inside_caption: str
    outside_caption: str
    boxes: list[Box]
    edges: list[Edge]
    bands: list[Band]
    texts: dict[str, str]                    # the interface strings the drawing uses, in its language
    width: float = WIDTH
    height: float = 0.0
    inner_x: float = TITLE_W                 # where the province's part starts
    margin_x: float | None = None            # where the margin starts (None: no margin)
    notes: list[str] = field(default_factory=list)
    full_url: str | None = None              # the same diagram with nothing collapsed
    legend: list[list[tuple[str, str, float]]] = field(default_factory=list)   # rows of (what, label, x)

    @property
    def systems(self) -> list[Box]:
        return [b for b in self.boxes if not b.more]

    @property
    def named(self) -> int:
        """How many systems the drawing names in full (the ones in "+N" boxes and cut names not counted)."""
        return sum(1 for b in self.systems if b.complete)

    def svg(self) -> str:
        return render_svg(self)

    def _repr_svg_(self) -> str:  # IPython shows the diagram itself
        return self.svg()


# -- SVG -------------------------------------------------------------------------------------------
STYLE = """
.layered{font-family:%(font)s;font-size:%(size)gpx}
.layered .band-bg{stroke:none}
.layered .band-title{font-weight:700;fill:#1d2733}
.layered .caption{font-weight:700;fill:#3c4650}
.layered .margin-bg{fill:#f3f5f8}
.layered .group{fill-opacity:.16;stroke:none}
.layered .boundary{stroke:#7b8794;stroke-width:1.2;stroke-dasharray:6 4;fill:none}
.layered .box rect{fill:#fff;stroke-width:1.3}
.layered .box text{fill:#1d2733}
.layered .box.planned rect{stroke-dasharray:5 3}
.layered .box.pilot rect{stroke-dasharray:1.5 2.5}
.layered .box.unstated rect{stroke-opacity:.55}
.layered .box.retired rect{fill:#eceff2;stroke:#98a2ad}
.layered .box.retired text{fill:#4f5b67}
.layered .box.more rect{fill:#f6f8fa;stroke:#98a2ad}
.layered .box.more text{fill:#1f5f99}
.layered .box.centre rect{stroke-width:3}
.layered a.box{cursor:pointer}
.layered .box:hover rect,.layered .box:focus rect,.layered .box.hl rect{stroke-width:2.6}
.layered .box:focus{outline:none}
.layered .box:focus-visible rect{stroke:#1f5f99;stroke-width:3}
.layered .edge{fill:none;stroke:#7d8a97;stroke-width:1.1;opacity:.7}
.layered .edge.part{stroke-dasharray:2 3}
.layered .overlay .edge{stroke:#1f5f99;stroke-width:2.2;opacity:1}
.layered.dim .box:not(.hl){opacity:.3}
.layered.dim .edges .edge{opacity:.12}
.layered .legend text{fill:#3c4650}
.layered .box.province rect{fill:#fdfdfe;stroke:#52606d}
.layered .edge.agg{stroke:#1f5f99;opacity:.35}
.layered .overlay .badge rect{fill:#1f5f99}
.layered .overlay .badge text{fill:#fff;font-weight:700}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _tip(box: Box, d: Diagram) -> str:
    if box.tip is not None:
        return box.tip
    if box.more:
        return "\n".join([d.texts["more_title"].format(n=box.more), *(b.name for b in box.hidden)])
    lines = [box.name, f"{d.texts['kind']}: {box.kind_label or box.kind or '—'}",
             f"{d.texts['layer']}: {d.texts['band.' + (box.layer or 'none')]}"]
    status = d.texts.get(f"status.{box.status}", box.status) if box.status else d.texts["status.none"]
    lines.append(f"{d.texts['status']}: {status}" + (f" ({box.status_as_of})" if box.status_as_of else ""))
    if box.superseded:
        lines.append(d.texts["superseded"])
    return "\n".join(lines)


def _box(box: Box, d: Diagram) -> str:
    colour = LAYERS.get(box.layer, LAYERS[None])[1]
    classes = ["box", box.style] + (["centre"] if box.centre else [])
    attrs = f'class="{" ".join(classes)}" data-id="{_e(box.id)}"'
    if box.layer:
        attrs += f' data-layer="{_e(box.layer)}"'
    if box.more:
        attrs += f' data-more="{box.more}"'
    if box.panel:
        attrs += f' data-panel="{_e(box.panel)}"'
    n = len(box.lines)
    top = box.y + (box.h - n * LINE) / 2 + LINE * 0.76   # baseline of the first line, the block centred
    anchor = box.x + box.w / 2
    spans = "".join(f'<tspan x="{_n(anchor)}" y="{_n(top + i * LINE)}">{_e(line)}</tspan>' for i, line in enumerate(box.lines))
    body = (f'<title>{_e(_tip(box, d))}</title>'
            f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" rx="4" stroke="{colour}"/>'
            f'<text class="label" text-anchor="middle">{spans}</text>')
    if box.more and d.full_url:
        return f'<a {attrs} href="{_e(d.full_url)}">{body}</a>'
    if box.url and not box.more:
        return f'<a {attrs} href="{_e(box.url)}">{body}</a>'
    return f'<g {attrs} tabindex="0">{body}</g>'


LEGEND_STYLES = ("operational", "planned", "pilot", "retired", "unstated")


def legend_rows(d: Diagram) -> list[list[tuple[str, str, float]]]:
    """The legend's entries, (what, label, x), for the styles and kinds of link the diagram has, in as many rows
    as its width needs."""
    texts, width = d.texts, d.width
    styles = {b.style for b in d.boxes}
    entries = [(style, texts[f"legend.{style}"], 27.0) for style in LEGEND_STYLES if style in styles]
    entries += [(what, texts[f"legend.{what}"], 36.0) for what, there in
                (("link", any(not e.part and not e.count for e in d.edges)), ("part", any(e.part for e in d.edges)),
                 ("agg", any(e.count for e in d.edges))) if there]
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = TITLE_W + 4
    for what, label, lead in entries:
        room = lead + text_width(label)
        if rows[-1] and x + room > width - 4:
            rows.append([])
            x = TITLE_W + 4
        rows[-1].append((what, label, x))
        x += room + 16
    return rows


def _legend(d: Diagram, top: float) -> str:
    items = []
    for i, row in enumerate(d.legend):
        y = top + i * LEGEND_H + 14
        for what, label, x in row:
            if what in LEGEND_STYLES:
                items.append(f'<g class="box {what}"><rect x="{_n(x)}" y="{_n(y - 11)}" width="22" height="13" rx="3" '
                             f'stroke="#5b6775"/></g><text x="{_n(x + 27)}" y="{_n(y)}">{_e(label)}</text>')
            else:
                cls, marker = {"part": ("edge part", ""), "agg": ("edge agg", ' marker-end="url(#lay-arrow)"')}.get(
                    what, ("edge", ' marker-end="url(#lay-arrow)"'))
                items.append(f'<path class="{cls}" d="M{_n(x)},{_n(y - 4)} H{_n(x + 30)}"{marker}/>'
                             f'<text x="{_n(x + 36)}" y="{_n(y)}">{_e(label)}</text>')
    return f'<g class="legend">{"".join(items)}</g>'


def _groups(d: Diagram) -> str:
    """A tint behind each run of two or more boxes of one kind in a row: the kinds show as groups."""
    rows: dict[tuple[float, bool], list[Box]] = {}
    for b in d.boxes:
        rows.setdefault((round(b.y, 1), b.outside), []).append(b)
    out = ['<g class="groups">']
    for row in rows.values():
        row.sort(key=lambda b: b.x)
        run: list[Box] = []
        for b in [*row, None]:
            if b is not None and run and b.group == run[-1].group and not b.more and b.group:
                run.append(b)
                continue
            if len(run) >= 2:
                first, last = run[0], run[-1]
                colour = LAYERS.get(first.layer, LAYERS[None])[1]
                out.append(f'<rect class="group" x="{_n(first.x - 3)}" y="{_n(first.y - 2)}" width="{_n(last.x + last.w - first.x + 6)}" '
                           f'height="{_n(first.h + 4)}" rx="6" fill="{colour}"><title>{_e(first.kind_label)}</title></rect>')
            run = [b] if b is not None and not b.more else []
    out.append("</g>")
    return "".join(out)


def render_svg(d: Diagram) -> str:
    """The diagram as one SVG element (no XML declaration: it is also inlined into pages)."""
    w, h = d.width, max(d.height, HEADER_H + BOX_H + LEGEND_H)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="layered" viewBox="0 0 {_n(w)} {_n(h)}" width="{_n(w)}" '
           f'height="{_n(h)}" role="group" aria-label="{_e(d.title)}" lang="{_e(d.lang)}">',
           f"<title>{_e(d.title)}</title>",
           f"<style>{STYLE % {'font': FONT_STACK, 'size': FONT}}</style>",
           '<defs><marker id="lay-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#7d8a97"/></marker>'
           '<marker id="lay-arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#1f5f99"/></marker></defs>']
    bottom = d.bands[-1].y + d.bands[-1].h if d.bands else HEADER_H
    if d.margin_x is not None:
        out.append(f'<rect class="margin-bg" x="{_n(d.margin_x - 7)}" y="{_n(HEADER_H)}" width="{_n(w - d.margin_x + 7)}" '
                   f'height="{_n(bottom - HEADER_H)}"/>')
    out.append('<g class="bands">')
    for i, band in enumerate(d.bands):
        colour = LAYERS.get(band.layer, LAYERS[None])[1]
        out.append(f'<g class="band" data-layer="{_e(band.layer or "none")}">'
                   f'<rect class="band-bg" x="0" y="{_n(band.y)}" width="{_n(w)}" height="{_n(band.h)}" fill="{colour}" '
                   f'fill-opacity="{0.07 if i % 2 == 0 else 0.11}"/>'
                   f'<rect x="0" y="{_n(band.y)}" width="5" height="{_n(band.h)}" fill="{colour}"/>')
        top = band.y + (band.h - len(band.title) * LINE) / 2 + LINE * 0.76
        spans = "".join(f'<tspan x="12" y="{_n(top + j * LINE)}">{_e(line)}</tspan>' for j, line in enumerate(band.title))
        out.append(f'<text class="band-title">{spans}</text></g>')
    out.append("</g>")
    out.append(f'<text class="caption" x="{_n(d.inner_x + 4)}" y="{_n(HEADER_H - 6)}">{_e(d.inside_caption)}</text>')
    if d.margin_x is not None:
        x = d.margin_x - 5
        out.append(f'<path class="boundary" d="M{_n(x)},{_n(HEADER_H - 2)} V{_n(bottom)}"/>'
                   f'<text class="caption" x="{_n(d.margin_x)}" y="{_n(HEADER_H - 6)}">{_e(d.outside_caption)}</text>')
    out.append(_groups(d))
    names = {b.id: b.name for b in d.boxes if not b.more}
    out.append('<g class="edges">')
    for e in d.edges:
        cls = "edge part" if e.part else "edge agg" if e.count else "edge"
        markers = ""
        if not e.part and not e.symmetric:
            markers = ' marker-end="url(#lay-arrow)"' + (' marker-start="url(#lay-arrow)"' if e.both else "")
        tip = e.tip if e.tip is not None else f"{names[e.source]} — {', '.join(e.labels)} → {names[e.target]}"
        count = f' data-n="{e.count}"' if e.count else ""
        out.append(f'<path class="{cls}" d="{e.path}" data-a="{_e(e.source)}" data-b="{_e(e.target)}"{count}{markers}>'
                   f"<title>{_e(tip)}</title></path>")
    out.append("</g>")
    out.append('<g class="boxes">')
    out.extend(_box(b, d) for b in d.boxes)
    out.append("</g>")
    out.append('<g class="overlay" pointer-events="none"></g>')
    if not d.boxes:
        out.append(f'<text x="{_n(TITLE_W + 4)}" y="{_n(HEADER_H + BOX_H / 2 + 4)}">{_e(d.texts["no_systems"])}</text>')
    else:
        out.append(_legend(d, bottom))
    out.append("</svg>")
    return "".join(out)


@cache
def _asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def render_html(d: Diagram) -> str:
    """A standalone page of the diagram: its styles and the highlighting script inline, nothing fetched."""
    script = re.sub(r"</(script)", r"<\\/\1", _asset("layered.js"), flags=re.IGNORECASE).replace("<!--", "<\\!--")
    return (f'<!doctype html>\n<html lang="{_e(d.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(d.title)}</title>\n'
            f"<style>{_asset('layered.css')}</style>\n</head>\n<body class=\"layered-page\">\n"
            f"<h1>{_e(d.title)}</h1>\n" + "".join(f'<p class="note">{_e(n)}</p>\n' for n in d.notes)
            + f'<div class="layered-wrap">{render_svg(d)}</div>\n<script>{script}</script>\n</body>\n</html>\n')




