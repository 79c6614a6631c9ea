"""``egovkg check``: architecture compliance as of a date, for CI pipelines and people.

Exit codes: 0 no violation (warnings and info do not fail), 1 at least one violation, 2 an error.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from egovkg.cli.common import handles_errors, settings_from, store_option
from egovkg.errors import InputError

FORMATS = ("text", "json", "html", "ttl")


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
              help="text for people; json; html (a standalone page); ttl (a SHACL validation report).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: standard output).")
@handles_errors
def check(store: str | None, province: str | None, as_of: str | None, fmt: str, output: Path | None) -> None:
    """Check provinces against the national architecture framework's rules.

    Exit code 0 when there is no violation, 1 when there is at least one, 2 on error.
    """
    from graph.compliance.report import render
    from graph.compliance.runner import GuardedCompliance
    from graph.endpoint.executor import Limits
    from egovkg.connect import opened_kg

    day = parse_day(as_of)
    settings = settings_from(store=store)
    with opened_kg(settings) as kg:
        limits = Limits(settings.sparql_timeout, settings.sparql_row_cap,
                        memory_bytes=settings.sparql_memory_mb * 2**20 or None)
        report = GuardedCompliance(kg, limits).evaluate(province, day)
        text = render(report, fmt, kg.iris)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    sys.exit(1 if report.has_violations else 0)


COMMANDS = [check]
