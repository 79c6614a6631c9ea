"""``egovkg diff``: what changed in a province between two years or two of its sources. A thin layer over
``graph.network.diff``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from egovkg.cli.common import handles_errors, settings_from, store_option

if TYPE_CHECKING:
    from graph.network.diff import FigureChange, ProvinceDiff, SystemRef


def diff_text(d: "ProvinceDiff", lang: str = "vi") -> str:
    """The diff as plain text, one change a line, in sections; names (graph.network.names) and figures
    (graph.network.figures) in ``lang``."""
    from graph.network.names import display_name

    def _system(s: "SystemRef") -> str:
        return f"{display_name(s, lang)} [{s.id}]"

    def _entity(c: "FigureChange") -> str:
        return display_name({"label": c.entity_label, "label_en": c.entity_label_en}, lang)

    def side(s: object) -> str:
        spec, year, sources = s.spec, s.year, s.sources  # type: ignore[attr-defined]
        return f"{spec} ({', '.join(sources)})" if str(spec) == str(year) else f"{spec} ({year})"

    lines = [f"{display_name(d, lang)} [{d.province}]: {side(d.old)} → {side(d.new)}", ""]

    def section(title: str, items: list[str]) -> None:
        lines.append(f"{title} ({len(items)})")
        lines.extend(f"  {i}" for i in items)
        if not items:
            lines.append("  (none)")
        lines.append("")

    section("systems added", [f"+ {_system(s)}" + (f", {s.status}" if s.status else "") + f"  ({s.source})"
                              for s in d.systems_added])
    section("systems removed", [f"- {_system(s)}  (last named by {s.source})" for s in d.systems_removed])
    section("status changes", [f"~ {_system(c.system)}: {c.old} → {c.new}  ({c.old_source} → {c.new_source})"
                               for c in d.status_changes])
    section("figures changed", [f"~ {_entity(c)} [{c.entity_id}] {c.measure}" + (f" level {c.level}" if c.level else "")
                                + f": {c.text(lang)}  ({', '.join(sorted({v.source for v in c.old}))} → "
                                + f"{', '.join(sorted({v.source for v in c.new}))})" for c in d.figures_changed])
    section("figures new", [f"+ {_entity(c)} [{c.entity_id}] {c.measure}" + (f" level {c.level}" if c.level else "")
                            + f": {', '.join(v.text(lang) for v in c.new)}" for c in d.figures_added])
    section("links added", [f"+ {_system(link.subject)} {link.relation} {_system(link.object)}  ({link.source})"
                            for link in d.links_added])
    section("links removed", [f"- {_system(link.subject)} {link.relation} {_system(link.object)}  ({link.source})"
                              for link in d.links_removed])
    return "\n".join(lines).rstrip() + "\n"


@click.command("diff")
@store_option
@click.option("--province", required=True, help="Province slug (quang-nam, da-nang, …).")
@click.option("--from", "old", required=True, metavar="YEAR|SOURCE",
              help="A year (what its sources up to then say) or the id of one source (quang-nam-2020).")
@click.option("--to", "new", required=True, metavar="YEAR|SOURCE", help="The same, for the later side.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of names and figures in the text (proper names keep their diacritics in both).")
@handles_errors
def diff(store: str | None, province: str, old: str, new: str, fmt: str, lang: str) -> None:
    """What changed in a province from --from to --to: systems added and removed, status changes, figures
    changed (old → new, same system, measure and level) and links added and removed. Systems are matched by
    identity (IRI), not by their label."""
    from egovkg.connect import opened_kg
    from graph.network.diff import province_diff

    with opened_kg(settings_from(store=store)) as kg:
        result = province_diff(kg, province.strip(), old, new)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict() | {"counts": result.counts}, ensure_ascii=False, indent=2))
    else:
        click.echo(diff_text(result, lang), nl=False)


COMMANDS = (diff,)
