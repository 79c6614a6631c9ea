"""``egovkg check``: architecture compliance as of a date, for CI pipelines and people (``--junit`` writes JUnit XML
too, each rule a test case); ``egovkg scorecard``: one province's scorecard.

Exit codes of ``check``: 0 no violation (warnings and info do not fail), 1 at least one violation, 2 an error.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from egovkg.cli.common import handles_errors, settings_from, store_option
from egovkg.errors import InputError

FORMATS = ("text", "json", "html", "ttl", "junit")
LANGUAGES = ("vi", "en")


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of '{value}' is not a date (YYYY-MM-DD)") from None


@click.command("check")
@store_option
@click.option("--province", default=None, metavar="SLUG",
              help="Province slug (quang-nam, son-la, nam-dinh, kien-giang…); default: every province the reports cover.")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Check the graph as it was on this date (YYYY-MM-DD) against the rules in force then; default: today.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json; html (a standalone page); ttl (a SHACL validation report); junit (JUnit XML).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: standard output).")
@click.option("--junit", "junit", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Also write JUnit XML to FILE, for CI systems: one test case per province and rule, a failure per violation.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="vi", show_default=True,
              help="Language of the html page's interface (the data's labels keep their diacritics in both).")
@handles_errors
def check(store: str | None, province: str | None, as_of: str | None, fmt: str, output: Path | None, junit: Path | None,
          lang: str) -> None:
    """Check provinces against the national architecture framework's rules.

    Exit code 0 when there is no violation, 1 when there is at least one, 2 on error.
    """
    from graph.compliance.workers import WORKER_MODULES
    from graph.sandbox import preforked_context

    day = parse_day(as_of)
    settings = settings_from(store=store)
    with preforked_context(WORKER_MODULES) as workers:  # first: see PreforkedContext
        from api.i18n import translator
        from graph.compliance.report import render, to_junit
        from graph.compliance.runner import GuardedCompliance
        from egovkg.connect import opened_kg

        with opened_kg(settings) as kg:
            report = GuardedCompliance(kg, settings.limits(), context=workers).evaluate(province, day)
            text = render(report, fmt, kg.iris, lang=lang, t=translator(lang))
    if junit is not None:
        junit.write_text(to_junit(report), encoding="utf-8")
        click.echo(f"wrote {junit}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    sys.exit(1 if report.has_violations else 0)


@click.command("scorecard")
@store_option
@click.option("--province", required=True, metavar="SLUG", help="Province slug (quang-nam, da-nang, son-la…).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="The scorecard as of this date (YYYY-MM-DD), against the rules and framework in force then; default: today.")
@click.option("--framework", default=None, metavar="SLUG",
              help="Framework version (vneaf-2.0, vneaf-3.0, vneaf-4.0…): the date moves into the time it was in force.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="vi", show_default=True, help="Language of the text.")
@handles_errors
def scorecard(store: str | None, province: str, as_of: str | None, framework: str | None, fmt: str, lang: str) -> None:
    """One province's scorecard: systems by layer, compliance per rule, key figures by year, and what it still
    lacks (each gap with its rule and legal basis, what others depend on first)."""
    import json

    from graph.compliance.workers import WORKER_MODULES
    from graph.sandbox import preforked_context

    day = parse_day(as_of) or date.today()
    settings = settings_from(store=store)
    with preforked_context(WORKER_MODULES) as workers:  # first: see PreforkedContext
        from api.i18n import translator
        from graph.compliance.runner import GuardedCompliance
        from graph.compliance.scorecard import build_scorecard, framework_day, frameworks, resolve_unit, to_text
        from graph.units import read_units
        from egovkg.connect import opened_kg

        with opened_kg(settings) as kg:
            if framework:
                day = framework_day(frameworks(kg, day), framework, day)
            resolve_unit(read_units(kg), province, day)
            report = GuardedCompliance(kg, settings.limits(), context=workers).evaluate(province, day)
            card = build_scorecard(kg, report, province)
    if fmt == "json":
        click.echo(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(to_text(card, translator(lang)), nl=False)


COMMANDS = [check, scorecard]
