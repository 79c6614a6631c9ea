"""What a layered diagram shows: a province's systems (and those of the units merged into it) with the systems
outside it they link to, or one system's surroundings; as every source states them, or as the sources of one
year or one report did (``graph.network.asof``). Names are in the diagram's language (``graph.network.names``),
the interface's words come from the caller's catalogue (``t``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from egovkg.errors import NotFoundError
from graph.network.model import LINK_RELATIONS, SYSTEM
from graph.network.names import display_name
from graph.network.projection import Projection
from graph.views.layered.diagram import Box, Diagram, Edge
from graph.views.layered.layout import lay_out
from graph.views.layered.measure import HEIGHT, WIDTH
from graph.views.vis import LAYERS

if TYPE_CHECKING:
    from graph.network.asof import AsOf

__all__ = ["province_diagram", "subgraph_diagram", "system_diagram"]

Translate = Callable[..., str]
#: a system that is the subject of one of these is no longer used on its own: drawn grey, like a retired one
SUPERSEDED_BY = frozenset({"replacedBy", "consolidatedInto", "redirectsTo"})
PART_OF = "componentOf"


def _texts(t: Translate) -> dict[str, str]:
    texts = {
        "national": t("layered.margin.national"), "outside": t("layered.margin.outside"),
        "more": t("layered.more"), "more_title": t("layered.more.title"),
        "legend.operational": t("layered.legend.operational"), "legend.planned": t("layered.legend.planned"),
        "legend.pilot": t("layered.legend.pilot"), "legend.retired": t("layered.legend.retired"),
        "legend.unstated": t("layered.legend.unstated"), "legend.link": t("layered.legend.link"),
        "legend.part": t("layered.legend.part"),
        "kind": t("layered.tip.kind"), "layer": t("layered.tip.layer"), "status": t("layered.tip.status"),
        "status.none": t("layered.tip.status.none"), "superseded": t("layered.tip.superseded"),
        "no_systems": t("layered.empty"),
    }
    bands = {"usr": t("layered.band.usr"), "chn": t("layered.band.chn"), "app": t("layered.band.app"),
             "int": t("layered.band.int"), "dat": t("layered.band.dat"), "inf": t("layered.band.inf"),
             "sec": t("layered.band.sec"), "ext": t("layered.band.ext"), "gov": t("layered.band.gov"),
             "none": t("layered.band.none")}
    texts.update({f"band.{k}": v for k, v in bands.items()})
    for status in ("planned", "in-development", "pilot", "operational", "retired"):
        texts[f"status.{status}"] = t("layered.status." + status)
    return texts


def _unit_names(projection: Projection, slug: str | None) -> list[str]:
    """How labels spell the province's name (longest first), to leave it out of a box in its own province."""
    if not slug:
        return []
    names = {projection.provinces.get(slug, "")}
    node = projection.graph.nodes.get(projection.iris.base + "id/province/" + slug, {})
    names.update(n for n in node.get("names", ()) if n)
    return sorted((n for n in names if n), key=len, reverse=True)



def _system_box(projection: Projection, key: str, lang: str, t: Translate, *, outside: bool,
                as_of: "AsOf | None", link_base: str | None) -> Box:
    d = projection.node(key)
    if as_of is None:
        status, when = d.get("status"), d.get("status_as_of")
    else:
        held = as_of.statuses.get(key)
        status, when = (held.status, held.as_of) if held else (None, None)
    kind_label = d.get("kind_label") or ""
    if d.get("kind"):
        kind_label = projection.classes.label(projection.iris.ontology_ns + d["kind"], lang) or kind_label
    url = f"{link_base}/explore/systems/{d['id']}" if link_base is not None else None
    return Box(key=key, id=d["id"], name=display_name(d, lang), kind=d.get("kind"), kind_label=kind_label,
               layer=d.get("layer") if d.get("layer") in LAYERS else None, status=status, status_as_of=when,
               outside=outside, url=url)


def _edges(projection: Projection, keys: set[str], boxes: dict[str, Box], lang: str,
           stated: Callable[[object], bool]) -> list[Edge]:
    pairs: dict[tuple[str, str], Edge] = {}
    for ref in sorted(projection.edges_among(keys, LINK_RELATIONS), key=lambda r: (r.source, r.target, r.rel)):
        if ref.source == ref.target or not stated(ref):
            continue
        if ref.rel in SUPERSEDED_BY:
            boxes[ref.source].superseded = True
        a, b = boxes[ref.source].id, boxes[ref.target].id
        rel = projection.relations.get(ref.rel, {})
        label = rel.get("label_vi" if lang == "vi" else "label", ref.rel)
        symmetric = bool(rel.get("symmetric"))
        if (b, a) in pairs:
            e = pairs[(b, a)]
            e.both = True
            e.rels.append(ref.rel)
            e.labels.append(f"← {label}")
            continue
        e = pairs.setdefault((a, b), Edge(a, b, [], [], symmetric=symmetric))
        e.rels.append(ref.rel)
        e.labels.append(label)
        e.symmetric = e.symmetric and symmetric
    for e in pairs.values():
        e.part = all(r == PART_OF for r in e.rels)
        e.labels = list(dict.fromkeys(e.labels))
    return sorted(pairs.values(), key=lambda e: (e.source, e.target))


def province_members(projection: Projection, slug: str) -> list[str]:
    """The province's systems: those located in it, and for a province of today those of the units merged into it."""
    return sorted(k for k in projection.systems()
                  if projection.node(k).get("province") == slug or projection.node(k).get("province_today") == slug)


def province_diagram(projection: Projection, slug: str, t: Translate, *, lang: str = "vi", as_of: "AsOf | None" = None,
                     width: float = WIDTH, max_height: float | None = HEIGHT, link_base: str | None = "") -> Diagram:
    """Province ``slug``'s systems by layer, and the national systems they link to (in the margin).

    With ``as_of`` only what its sources state: the systems they name, the links they state, the statuses then."""
    if slug not in projection.provinces:
        raise NotFoundError(f"no province with slug '{slug}' (e.g. quang-nam)")
    own = province_members(projection, slug)
    if as_of is not None:
        own = [k for k in own if as_of.source_iris & set(projection.node(k).get("sources", ()))]

    def stated(ref: object) -> bool:
        if as_of is None:
            return True
        evidence = getattr(ref, "evidence", ())
        sourced = [e for e in evidence if e.source_id]
        return any(e.source_id in as_of.sources for e in sourced) if sourced else True

    own_set = set(own)
    linked = sorted({e.target if e.source in own_set else e.source for k in own for e in projection.edges_of(k, LINK_RELATIONS)
                     if stated(e) and projection.node(e.target if e.source in own_set else e.source)["category"] == SYSTEM}
                    - own_set)
    boxes = {k: _system_box(projection, k, lang, t, outside=False, as_of=as_of, link_base=link_base) for k in own}
    boxes.update({k: _system_box(projection, k, lang, t, outside=True, as_of=None, link_base=link_base) for k in linked})
    # a box of the province itself may be shown without the province's name, when that is what it takes
    # (not one of a unit merged into it: "Cổng Thông tin điện tử" would no longer say whose)
    unit_names = _unit_names(projection, slug)
    edges = _edges(projection, set(boxes), boxes, lang, stated)
    label = projection.provinces[slug]
    outside = t("layered.margin.national") if all(projection.node(k).get("national") for k in linked) else t("layered.margin.outside")
    if as_of is None:
        title = t("layered.title", province=label)
    elif as_of.report is None:
        title = t("layered.title.asof", province=label, when=as_of.spec)
    else:   # one report: its title, cut short enough for the page's head row, and its year
        name = as_of.report.title or as_of.spec
        name = name if len(name) <= 48 else name[:47].rstrip(" ,;:-") + "…"
        title = t("layered.title.report", province=label, report=name, year=as_of.year)
    diagram = Diagram(title=title, lang=lang, inside_caption=t("layered.caption", name=label, n=len(own)),
                      outside_caption=t("layered.caption", name=outside, n=len(linked)), boxes=list(boxes.values()),
                      edges=edges, bands=[], texts=_texts(t), width=width)
    lay_out(diagram, short_names={boxes[k].id: unit_names for k in own if projection.node(k).get("province") == slug},
            parents=_parents(projection, boxes), max_height=max_height)
    if max_height is not None and any(b.more for b in diagram.boxes) and link_base is not None:
        diagram.full_url = "?full=1" if as_of is None else f"?as_of={as_of.spec}&full=1"
    return diagram


def system_diagram(projection: Projection, key: str, t: Translate, *, lang: str = "vi", depth: int = 1,
                   width: float = WIDTH, max_height: float | None = HEIGHT, link_base: str | None = "") -> Diagram:
    """The systems within ``depth`` links of ``key``, by layer; those outside its province in the margin."""
    centre = projection.node(key)
    hood = projection.neighbourhood(key, depth)
    keys = sorted(k for k in hood.hops if projection.node(k)["category"] == SYSTEM)
    home = centre.get("province")

    def inside(k: str) -> bool:
        d = projection.node(k)
        return d.get("province") == home if home else bool(d.get("national"))

    boxes = {k: _system_box(projection, k, lang, t, outside=not inside(k), as_of=None, link_base=link_base) for k in keys}
    boxes[key].centre = True
    edges = _edges(projection, set(keys), boxes, lang, lambda ref: True)
    caption = projection.provinces.get(home, home) if home else t("layered.margin.national")
    others = [k for k in keys if not inside(k)]
    if all(projection.node(k).get("national") for k in others):
        outside = t("layered.margin.national")
    elif all(projection.node(k).get("province") for k in others):
        outside = t("layered.margin.provinces")
    else:
        outside = t("layered.margin.outside")
    diagram = Diagram(title=t("layered.title.system", system=display_name(centre, lang)), lang=lang, inside_caption=caption,
                      outside_caption=outside, boxes=list(boxes.values()), edges=edges, bands=[], texts=_texts(t), width=width)
    names = _unit_names(projection, home)
    lay_out(diagram, short_names={boxes[k].id: names for k in keys if inside(k) and home},
            parents=_parents(projection, boxes), max_height=max_height)
    return diagram


def subgraph_diagram(projection: Projection, keys: Iterable[str], t: Translate, *, title: str, lang: str = "vi",
                     width: float = WIDTH, max_height: float | None = None, link_base: str | None = "") -> Diagram:
    """Any set of systems by layer, national ones in the margin (the benchmark's, and any list of systems)."""
    chosen = sorted({k for k in keys if projection.node(k)["category"] == SYSTEM})
    boxes = {k: _system_box(projection, k, lang, t, outside=bool(projection.node(k).get("national")), as_of=None,
                            link_base=link_base) for k in chosen}
    edges = _edges(projection, set(chosen), boxes, lang, lambda ref: True)
    national = t("layered.margin.national")
    diagram = Diagram(title=title, lang=lang, inside_caption=t("layered.caption", name=title, n=sum(not b.outside for b in boxes.values())),
                      outside_caption=t("layered.caption", name=national, n=sum(b.outside for b in boxes.values())),
                      boxes=list(boxes.values()), edges=edges, bands=[], texts=_texts(t), width=width)
    lay_out(diagram, short_names={}, parents=_parents(projection, boxes), max_height=max_height)
    return diagram


def _parents(projection: Projection, boxes: dict[str, Box]) -> dict[str, str]:
    """id of a part → id of the system it is part of (both drawn, in the same band and on the same side)."""
    out: dict[str, str] = {}
    for k, box in boxes.items():
        for ref in projection.edges_of(k, frozenset({PART_OF})):
            if ref.source == k and ref.target in boxes:
                parent = boxes[ref.target]
                if parent.layer == box.layer and parent.outside == box.outside and parent.id not in out:
                    out.setdefault(box.id, parent.id)
    return out

