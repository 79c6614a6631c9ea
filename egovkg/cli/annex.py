"""``egovkg annex``: a province's architecture annex tables (the system inventory, the connection matrix) as CSV
or XLSX files, as ``/api/provinces/{slug}/inventory.csv`` … serve them. A thin layer over
``graph.network.annex``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from egovkg.cli.common import handles_errors, settings_from, store_option


@click.command("annex")
@store_option
@click.option("--province", required=True, help="Province slug (quang-nam, da-nang, …).")
@click.option("--table", type=click.Choice(["inventory", "connections"]), required=True,
              help="inventory: the system inventory (danh mục hệ thống thông tin); connections: the connection matrix.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx", show_default=True,
              help="csv: UTF-8 with a BOM, one table (the matrix for connections); xlsx: every sheet, sources as links.")
@click.option("--as-of", "as_of", default=None, metavar="YEAR|DATE|SOURCE",
              help="What the province's sources up to this year say (a date counts as its year), or one source; default: the latest year.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of headers and code labels.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (default: standard output).")
@handles_errors
def annex(store: str | None, province: str, table: str, fmt: str, as_of: str | None, lang: str, output: Path | None) -> None:
    """Write a province's system inventory or connection matrix as an architecture-annex table (CSV or XLSX)."""
    from egovkg.connect import opened_kg
    from graph.network.annex import tables, to_csv, to_xlsx

    with opened_kg(settings_from(store=store)) as kg:
        sheets = tables(kg, province.strip(), table, as_of, lang)
    body = to_csv(sheets[0]) if fmt == "csv" else to_xlsx(sheets)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(body)
    tmp.replace(output)  # never leave a half-written file under the real name
    click.echo(f"wrote {output} ({len(sheets[0].rows)} rows in {sheets[0].sheet!r}, {len(body)} bytes)", err=True)


COMMANDS = (annex,)
