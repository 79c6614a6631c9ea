"""``egovkg systems``, ``neighbours``, ``path``, ``impact`` and ``render``: which systems link to which,
from the command line. A thin layer over ``graph.network.projection``, ``graph.network.search``, ``graph.network.impact`` and
``graph.views.build``.

A SYSTEM argument is an id (``quang-nam/qoffice``, ``ndxp``) or words to search for ("qoffice quang
nam"): the best match is taken, and said on standard error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from egovkg.cli.common import handles_errors, settings_from, store_option
from egovkg.errors import InputError, ParameterError

if TYPE_CHECKING:
    from graph.network.model import EdgeRef
    from graph.network.projection import Projection

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _projection(kg: Any) -> "Projection":
    import gc

    from graph.network.cache import stored_projection

    projection = stored_projection(kg)
    # a command lives for one answer: what it read is never garbage, so the collector need not walk its million
    # objects again, in a collection the command triggers or in the one at exit (0.3 s at 1 M quads)
    gc.freeze()
    return projection


def _resolve(p: "Projection", text: str) -> str:
    from graph.network.search import resolve

    return _said(p, text, resolve(p, text))


def _said(p: "Projection", text: str, key: str) -> str:
    """``key``, after telling stderr which system ``text`` was taken to mean when it is not its id."""
    if p.node(key)["id"] != text.strip().strip("/"):
        click.echo(f"'{text}' → {p.node(key)['id']} ({p.node(key)['label']})", err=True)
    return key


def _node(p: "Projection", key: str) -> dict[str, Any]:
    d = p.node(key)
    return {k: d.get(k) for k in ("id", "label", "label_en", "category", "kind", "layer", "province", "status", "national")}


def _edge(p: "Projection", ref: "EdgeRef") -> dict[str, Any]:
    return {"source": p.node(ref.source)["id"], "rel": ref.rel, "target": p.node(ref.target)["id"],
            "evidence": [{k: v for k, v in vars(e).items() if v is not None} for e in ref.evidence]}


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _table(rows: list[list[str]], header: list[str]) -> None:
    """``rows`` under ``header`` in aligned columns, written at once: a line at a time, each flushed, took 0.35 s for
    the 5,800 systems a national database's failure reaches at 1 M quads."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    click.echo("\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header, *rows]))


@click.command("systems")
@store_option
@click.argument("query", required=False, default="")
@click.option("--province", default=None, metavar="SLUG", help="Only this province's systems (quang-nam, son-la, …).")
@click.option("--kind", default=None, metavar="CLASS", help="Only this kind or its subclasses (LGSP, IntegrationPlatform, …).")
@click.option("--layer", default=None, metavar="CODE", help="Only this architecture layer (usr chn app int dat inf sec gov ext).")
@click.option("--limit", type=int, default=20, show_default=True, help="Most systems to list.")
@json_option
@handles_errors
def systems(store: str | None, query: str, province: str | None, kind: str | None, layer: str | None,
            limit: int, as_json: bool) -> None:
    """Search systems by name (Vietnamese or English, diacritics optional); no QUERY lists them all."""
    from egovkg.connect import opened_kg
    from graph.network.search import index_of

    with opened_kg(settings_from(store=store)) as kg:
        p = _projection(kg)
        hits = index_of(p).search(query, province=province, kind=kind, layer=layer, limit=limit)
        if as_json:
            _echo_json([_node(p, h.key) | {"score": round(h.score, 4)} for h in hits])
            return
        if not hits:
            click.echo("no system matches", err=True)
            return
        _table([[p.node(h.key)["id"], p.node(h.key).get("kind") or "", (p.node(h.key).get("layer") or "").upper(),
                 p.node(h.key)["label"]] for h in hits], ["id", "kind", "layer", "label"])


@click.command("neighbours")
@store_option
@click.argument("system")
@click.option("--depth", type=click.IntRange(1, 6), default=1, show_default=True, help="Hops from the system.")
@click.option("--rel", "relations", multiple=True, metavar="RELATION",
              help="Follow only these relations (repeatable; default: the links between systems).")
@json_option
@handles_errors
def neighbours(store: str | None, system: str, depth: int, relations: tuple[str, ...], as_json: bool) -> None:
    """The systems within DEPTH links of SYSTEM, and the links among them."""
    from egovkg.connect import opened_kg

    with opened_kg(settings_from(store=store)) as kg:
        p = _projection(kg)
        key = _resolve(p, system)
        hood = p.neighbourhood(key, depth, relations or None)
        if as_json:
            _echo_json({"centre": p.node(key)["id"], "depth": depth,
                        "nodes": [_node(p, k) | {"hops": h} for k, h in hood.hops.items()],
                        "edges": [_edge(p, e) for e in hood.edges]})
            return
        rows = sorted(hood.hops.items(), key=lambda kh: (kh[1], p.node(kh[0])["id"]))
        _table([[str(h), p.node(k)["id"], p.node(k).get("kind") or "", p.node(k)["label"]] for k, h in rows],
               ["hops", "id", "kind", "label"])
        click.echo(f"\n{len(hood.edges)} links:")
        for e in sorted(hood.edges, key=lambda e: (p.node(e.source)["id"], e.rel, p.node(e.target)["id"])):
            sources = ", ".join(sorted({ev.source_id or "ontology" for ev in e.evidence}))
            click.echo(f"  {p.node(e.source)['id']} —{e.rel}→ {p.node(e.target)['id']}  [{sources}]")


@click.command("path")
@store_option
@click.argument("source")
@click.argument("target")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True, help="Most paths to show.")
@click.option("--max-length", type=click.IntRange(1, 20), default=8, show_default=True, help="Longest path, in links.")
@click.option("--links", "any_link", is_flag=True,
              help="Walk every link between systems (both ways unless --directed), not only those data moves along.")
@click.option("--directed", is_flag=True, help="With --links: follow links only in the direction they are stated.")
@json_option
@handles_errors
def path(store: str | None, source: str, target: str, limit: int, max_length: int, any_link: bool, directed: bool,
         as_json: bool) -> None:
    """The shortest paths along which data or documents can move from SOURCE to TARGET, with every link's type;
    longer alternatives are marked. Succession and location are never walked (see graph/network/impact.py FLOWS).
    A name that several systems match ("lgsp") is an error listing them."""
    from egovkg.connect import opened_kg
    from graph.network.impact import flow_paths

    if directed and not any_link:
        raise click.UsageError("--directed goes with --links (paths along data flows already follow the flow's direction)")
    with opened_kg(settings_from(store=store)) as kg:
        p = _projection(kg)
        a, b = _one_system(p, source), _one_system(p, target)
        if any_link:
            found = [(steps, True) for steps in p.paths(a, b, limit=limit, max_length=max_length, directed=directed)]
            shortest = len(found[0][0]) if found else 0
            found = [(steps, len(steps) == shortest) for steps, _ in found]
        else:
            found = [(f.steps, f.shortest) for f in flow_paths(p, a, b, limit=limit) if f.hops <= max_length]
        if as_json:
            _echo_json({"from": p.node(a)["id"], "to": p.node(b)["id"], "follows": "relations" if any_link else "flows", "paths": [
                {"hops": len(steps), "shortest": shortest_one, "steps": [
                    {"source": p.node(s.source)["id"], "target": p.node(s.target)["id"],
                     "edges": [{"rel": r, "forward": f} for r, f in s.edges]} for s in steps]} for steps, shortest_one in found]})
            return
        if not found:
            along = "links" if any_link else "links along which data or documents move"
            click.echo(f"no path of at most {max_length} {along} from {p.node(a)['id']} to {p.node(b)['id']}")
            return
        for i, (steps, shortest_one) in enumerate(found, 1):
            text = p.node(a)["id"]
            for s in steps:
                forward = [r for r, f in s.edges if f]
                backward = [r for r, f in s.edges if not f]
                text += f" —{'|'.join(forward)}→ " if forward else f" ←{'|'.join(backward)}— "
                text += p.node(s.target)["id"]
            note = "" if shortest_one else f"   (longer alternative, {len(steps)} links)"
            click.echo(f"{i}. {text}{note}")


def _one_system(p: "Projection", text: str) -> str:
    """The one system ``text`` names; several that match alike ("lgsp") are an error that lists them."""
    from graph.network.search import candidates

    keys = candidates(p, text)
    if len(keys) > 1:
        shown = ", ".join(p.node(k)["id"] for k in keys[:12]) + (", …" if len(keys) > 12 else "")
        raise ParameterError(f"'{text}' matches {len(keys)} systems: {shown}; name one by its id", parameter="system")
    return _said(p, text, keys[0])  # candidates' first is what resolve picks


@click.command("impact")
@store_option
@click.argument("system")
@json_option
@handles_errors
def impact_command(store: str | None, system: str, as_json: bool) -> None:
    """What depends on SYSTEM, directly or transitively, and what loses its reach to the national level
    if it goes down (the dependency rules are in graph/network/impact.py)."""
    from graph.network.impact import impact
    from egovkg.connect import opened_kg

    with opened_kg(settings_from(store=store)) as kg:
        p = _projection(kg)
        key = _resolve(p, system)
        result = impact(p, key)
        if as_json:
            _echo_json({"system": _node(p, key), "affected": [
                _node(p, a.key) | {"depth": a.depth, "via": [p.node(a.via[0])["id"], a.via[1], p.node(a.via[2])["id"]],
                                   "transitive": a.transitive, "loses_national_reach": a.loses_national_reach}
                for a in result.affected]})
            return
        if not result.affected:
            click.echo(f"nothing in the store depends on {p.node(key)['id']}")
            return
        _table([[str(a.depth), p.node(a.key)["id"], "yes" if a.loses_national_reach else "",
                 f"{p.node(a.via[0])['id']} {a.via[1]} {p.node(a.via[2])['id']}"] for a in result.affected],
               ["hops", "affected", "loses national reach", "because"])


@click.command("render")
@store_option
@click.argument("system", required=False)
@click.option("--depth", type=click.IntRange(1, 6), default=1, show_default=True, help="Neighbourhood depth.")
@click.option("--impact", "show_impact", is_flag=True, help="Draw what depends on SYSTEM instead of its neighbourhood.")
@click.option("--province", default=None, metavar="SLUG", help="Draw a province's landscape (no SYSTEM).")
@click.option("--national", is_flag=True, help="Draw the national level, provinces collapsed (no SYSTEM); with --layered, "
              "the national systems by layer and today's provinces beside them.")
@click.option("--construct", default=None, metavar="QUERY", help="Draw a CONSTRUCT query's result (text or a .rq file).")
@click.option("--cap", type=click.IntRange(10, 100_000), default=1000, show_default=True,
              help="Most nodes drawn one by one; a bigger view is aggregated.")
@click.option("--link-base", default=None, metavar="URL",
              help="Make nodes open their page on a running server, e.g. http://127.0.0.1:8000.")
@click.option("--layered", is_flag=True,
              help="Draw the layered diagram (systems by architecture layer, national ones in a margin) of --province "
                   "or of SYSTEM's surroundings, or with --national the national systems with today's provinces in a "
                   "margin, instead of the network; an --output ending in .svg gets the SVG itself.")
@click.option("--as-of", "as_of", default=None, metavar="YEAR|SOURCE",
              help="With --layered --province: what the sources of that year (or that one report) stated; with "
                   "--layered --national: what the provinces' sources of that year or earlier stated.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="With --layered: the language of names and words.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The HTML (or, with --layered, SVG) file to write.")
@handles_errors
def render(store: str | None, system: str | None, depth: int, show_impact: bool, province: str | None, national: bool,
           construct: str | None, cap: int, link_base: str | None, layered: bool, as_of: str | None, lang: str,
           output: Path) -> None:
    """Write a network view as one standalone HTML file (scripts inline: it opens with no network).

    SYSTEM (an id or a search string such as "qoffice quang nam") draws its neighbourhood to --depth,
    or with --impact what depends on it; --province, --national and --construct draw those instead.
    With --layered, the layered diagram the province page shows (the whole of it: nothing folded into "+N").
    """
    from graph import views
    from graph.network.impact import impact
    from egovkg.connect import opened_kg

    chosen = [bool(system), bool(province), national, bool(construct)]
    if sum(chosen) != 1:
        raise InputError("draw one thing: a SYSTEM, or --province SLUG, or --national, or --construct QUERY")
    base = link_base.rstrip("/") if link_base else None
    settings = settings_from(store=store)
    if layered:
        _render_layered(settings, system, province, national, depth, as_of, lang, base, output)
        return
    with opened_kg(settings) as kg:
        p = _projection(kg)
        if system:
            key = _resolve(p, system)
            view = (views.impact_view(p, impact(p, key), cap=cap, link_base=base) if show_impact
                    else views.neighbourhood_view(p, key, depth, cap=cap, link_base=base))
        elif province:
            view = views.province_view(p, province, cap=cap, link_base=base)
        elif national:
            view = views.national_view(p, link_base=base)
        else:
            assert construct is not None
            text = construct
            if construct.endswith((".rq", ".sparql")):
                if not Path(construct).is_file():
                    raise InputError(f"{construct}: no such query file")
                text = Path(construct).read_text(encoding="utf-8")
            from graph.endpoint.executor import guard_local

            guard_local(text)
            view = views.construct_view(p, kg.query(text, row_cap=settings.sparql_row_cap), prefixes=kg.iris.prefixes(),
                                        cap=cap, link_base=base)
        html = views.render_html(view)
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(output)
    for note in view.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output} ({len(view.nodes)} nodes, {len(view.edges)} links, {output.stat().st_size:,} bytes)", err=True)


def _render_layered(settings: Any, system: str | None, province: str | None, national: bool, depth: int, as_of: str | None,
                    lang: str, base: str | None, output: Path) -> None:
    from api.i18n import translator
    from egovkg.connect import opened_kg
    from graph.network.asof import as_of as state_as_of, national_as_of
    from graph.network.coverage import coverage
    from graph.views.layered import national_diagram, province_diagram, render_html, render_svg, system_diagram

    if not (system or province or national):
        raise InputError("--layered draws a --province SLUG, --national or a SYSTEM's surroundings")
    if as_of and not (province or national):
        raise InputError("--as-of goes with --province or --national")
    with opened_kg(settings) as kg:
        p = _projection(kg)
        t = translator(lang)
        if national:
            state = national_as_of(kg, as_of) if as_of else None
            diagram = national_diagram(p, t, lang=lang, provinces=[c.slug for c in coverage(kg) if c.slug in p.provinces],
                                       as_of=state, max_height=None, link_base=base)
        elif province:
            state = state_as_of(kg, province, as_of) if as_of else None
            diagram = province_diagram(p, province, t, lang=lang, as_of=state, max_height=None, link_base=base)
        else:
            assert system is not None
            diagram = system_diagram(p, _resolve(p, system), t, lang=lang, depth=depth, max_height=None, link_base=base)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(diagram) + "\n" if output.suffix.lower() == ".svg"
            else render_html(diagram))
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    systems = sum(1 for b in diagram.systems if b.kind != "Province")
    click.echo(f"wrote {output} ({systems} systems, {len(diagram.edges)} links, {output.stat().st_size:,} bytes)",
               err=True)


COMMANDS = (systems, neighbours, path, impact_command, render)
