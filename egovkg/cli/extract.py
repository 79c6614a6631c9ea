"""``egovkg extract`` (candidate facts from a report's text) and ``egovkg extract-eval`` (their
precision and recall on the annotated seed reports and shared report texts, and the first-sight
table). Thin: the work is in ``loaders.text``. The shared folder's location is decided here (beside
the repository, or ``--shared``), never in the library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from egovkg.cli.common import handles_errors, settings_from, store_option
from egovkg.errors import InputError

FORMATS = ("table", "json", "trig")
#: where --promote writes a draft by default (relative to the working directory; ignored by git)
DRAFTS_DIR = "drafts"


def _table(extraction) -> str:
    rows = []
    for item in extraction.as_json():
        kind = item["kind"]
        type_name = item["type"].rsplit("#", 1)[-1]
        if kind == "figure":
            type_name = item["measure"].rsplit("/", 1)[-1]
        rows.append((kind, f"{item['confidence']:.2f}", type_name, item["label"],
                     f"{item['evidence']['start']}-{item['evidence']['end']}"))
    widths = [max(len(r[i]) for r in rows + [("kind", "conf", "type", "label", "evidence")]) for i in range(4)]
    widths = [w if i != 3 else min(w, 70) for i, w in enumerate(widths)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(("kind", "conf", "type", "label"), widths)) + "  evidence"]
    for r in rows:
        label = r[3] if len(r[3]) <= 70 else r[3][:67] + "…"
        lines.append("  ".join((r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), label.ljust(widths[3]), r[4])))
    counts = {k: sum(1 for r in rows if r[0] == k) for k in ("system", "link", "figure")}
    lines.append(f"\n{counts['system']} systems, {counts['link']} links, {counts['figure']} figures from "
                 f"{extraction.meta.id} -> graph <{extraction.graph.value}>")
    return "\n".join(lines)


@click.command("extract")
@store_option
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--province", default=None, metavar="SLUG", help="Province the report is about (or 'province:' in its header).")
@click.option("--period", default=None, metavar="YEAR", help="Year (2020) or span (2021-2022) it covers (or 'period:' in its header).")
@click.option("--id", "report_id", default=None, metavar="SLUG", help="Report id: names the graph <base>graph/extracted/<id>.")
@click.option("--title", default=None)
@click.option("--publisher", default=None)
@click.option("--issued", default=None, metavar="DATE")
@click.option("--url", default=None)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for review; json: a list of candidates; trig: the named graph.")
@click.option("--engine", type=click.Choice(("rules", "underthesea")), default="rules", show_default=True,
              help="Sentence splitter (underthesea only if installed).")
@click.option("--promote", is_flag=True, help="Also write a curated-facts draft for review (see --output).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where --promote writes its draft (default: drafts/<id>.yaml in the working directory; "
                   "never overwritten, never into the data/ folder that `egovkg load` reads).")
@click.option("--min-confidence", type=float, default=0.5, show_default=True, help="Candidates --promote keeps.")
@click.option("--save", is_flag=True, help="Also write the candidates' graph into the store (replacing an earlier one).")
@handles_errors
def extract(store: str | None, report: Path, province: str | None, period: str | None, report_id: str | None,
            title: str | None, publisher: str | None, issued: str | None, url: str | None, fmt: str, engine: str,
            promote: bool, output: Path | None, min_confidence: float, save: bool) -> None:
    """Candidate systems, links and figures from REPORT (plain text), each with its evidence.

    Nothing is added to curated data: --promote writes a draft for a person to review and load.
    """
    from loaders.text import extract_file, extracted_source
    from ontology import IRIs

    settings = settings_from(store=store)
    iris = IRIs(settings.base_iri)
    extraction = extract_file(report, iris, engine=engine, province=province, period=period, id=report_id,
                              title=title, publisher=publisher, issued=issued, url=url)
    if fmt == "json":
        click.echo(json.dumps(extraction.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "trig":
        from pyoxigraph import RdfFormat, serialize

        sys.stdout.buffer.write(serialize(extraction.quads(), format=RdfFormat.TRIG, prefixes=iris.prefixes()))
        sys.stdout.buffer.flush()
    else:
        click.echo(_table(extraction))
    if promote:
        from loaders import bundled_data_dir
        from loaders.text.promote import promote as draft

        # never data/: `egovkg load` with no arguments loads every file there, so an unreviewed draft
        # would become curated data
        target = output or Path(DRAFTS_DIR) / f"{extraction.meta.id}.yaml"
        if target.resolve().parent == bundled_data_dir().resolve():
            raise InputError(f"{target}: a draft is not written into {bundled_data_dir()} (`egovkg load` loads "
                             "every file there); write it elsewhere, review it, then move it there")
        if target.exists():
            raise InputError(f"{target}: already exists; choose another --output (a draft never overwrites a file)")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(draft(extraction, min_confidence=min_confidence), encoding="utf-8")
        click.echo(f"wrote draft {target}: review it, then `egovkg load --check {target}`", err=True)
    if save:
        from egovkg.connect import opened_kg

        with opened_kg(settings) as kg:
            kg.load([extracted_source(extraction)])
        click.echo(f"saved <{extraction.graph.value}> to {settings.store}", err=True)


def _repository() -> Path:
    return Path(__file__).resolve().parents[2]


def _shared(given: Path | None) -> Path:
    """The shared folder: --shared, or ``shared/`` beside the repository."""
    shared = given or _repository().parent / "shared"
    if not (shared / "seeds").is_dir() and not (shared / "reports").is_dir():
        raise InputError(f"{shared}: no seeds/ or reports/ folder here; give the shared folder with --shared DIR")
    return shared


FIRST_SIGHT = Path("docs") / "first-sight.tsv"
_TABLE_START, _TABLE_END = "<!-- first-sight table -->", "<!-- end of first-sight table -->"


@click.command("extract-eval")
@click.option("--set", "which", type=click.Choice(("seeds", "reports")), default="seeds", show_default=True,
              help="seeds: the five annotated seed reports (tests/gold); reports: the shared report texts "
                   "(tests/gold/reports; the held-out texts only when named with --reports).")
@click.option("--reports", multiple=True, metavar="ID", help="Gold report ids (repeat; default: every one of the set).")
@click.option("--shared", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The shared folder with seeds/ and reports/ (default: shared/ beside the repository).")
@click.option("--engine", type=click.Choice(("rules", "underthesea")), default="rules", show_default=True)
@click.option("--errors", is_flag=True, help="Also list every missed and extra item (never for held-out texts).")
@click.option("--first-sight", is_flag=True, help="Print the first-sight table (docs/first-sight.tsv) with averages.")
@click.option("--record-baseline", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="CHECKOUT",
              help="(Re)score every development report text with the extractor in CHECKOUT (a git worktree of "
                   "an earlier commit) and write those rows of the first-sight table.")
@click.option("--record-held-out", is_flag=True,
              help="Score the held-out report texts with this extractor, once, and append their rows.")
@handles_errors
def extract_eval(which: str, reports: tuple[str, ...], shared: Path | None, engine: str, errors: bool,
                 first_sight: bool, record_baseline: Path | None, record_held_out: bool) -> None:
    """Precision and recall of `egovkg extract` on annotated texts: the seed reports (tests/gold) or the
    shared report texts (tests/gold/reports), and the first-sight table (docs/first-sight.md)."""
    from loaders.text.corpus import gold_files
    from loaders.text.evaluate import evaluate, format_errors, format_table
    from ontology import IRIs

    table = _repository() / FIRST_SIGHT
    if first_sight or record_baseline or record_held_out:
        from loaders.text import firstsight

        rows = firstsight.read_rows(table)
        if record_baseline or record_held_out:
            files = gold_files(_gold() / "reports")
            if record_baseline:
                todo = [g for g in files if not g.held_out]
                new = firstsight.score_rows(todo, _shared(shared), iris=IRIs(), code_at=record_baseline,
                                            version=f"{firstsight.commit_of(record_baseline)} (baseline)")
            else:
                import datetime as dt

                done = {r.report for r in rows}
                todo = [g for g in files if g.held_out and g.report not in done]
                # scored now, after every development row: they are the table's last rows, in the order
                # their gold files were finished
                now = dt.datetime.now(dt.timezone.utc)
                order = {g.report: (now + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
                         for i, g in enumerate(todo)}
                new = firstsight.score_rows(todo, _shared(shared), iris=IRIs(), finished=order,
                                            version="current working tree after the improvements of this session "
                                                    f"(uncommitted, on {firstsight.commit_of(_repository())})")
            rows = firstsight.merge(rows, new)
            firstsight.write_rows(table, rows)
            _render_doc(table.with_suffix(".md"), rows)
            click.echo(f"{len(new)} rows written to {table}", err=True)
        click.echo(firstsight.format_markdown(rows))
        click.echo()
        click.echo(firstsight.format_averages(rows))
        return
    if which == "seeds":
        scores = evaluate(reports or None, shared=_shared(shared), gold_directory=_gold(), engine=engine)
    else:
        files = gold_files(_gold() / "reports")
        chosen = [g for g in files if g.report in reports] if reports else [g for g in files if not g.held_out]
        if reports and len(chosen) < len(set(reports)):
            missing = sorted(set(reports) - {g.report for g in chosen})
            raise InputError(f"no gold file for {', '.join(missing)} in {_gold() / 'reports'}")
        if errors and any(g.held_out for g in chosen):
            raise InputError("--errors is not shown for held-out texts: their errors stay unseen")
        scores = evaluate(tuple(g.report for g in chosen), shared=_shared(shared), engine=engine,
                          gold_directory=_gold() / "reports")
    click.echo(format_table(scores))
    if errors:
        click.echo(format_errors(scores))


def _gold() -> Path:
    """The annotated texts: ``tests/gold`` of the repository this command runs from (a development command)."""
    folder = _repository() / "tests" / "gold"
    if not folder.is_dir():
        raise InputError(f"no gold annotations at {folder}: egovkg extract-eval runs from a clone of the repository")
    return folder


def _render_doc(doc: Path, rows) -> None:
    """Replace the table between the markers of docs/first-sight.md (the rest of the page is prose)."""
    from loaders.text import firstsight

    if not doc.is_file():
        return
    page = doc.read_text(encoding="utf-8")
    if _TABLE_START not in page or _TABLE_END not in page:
        return
    before, rest = page.split(_TABLE_START, 1)
    after = rest.split(_TABLE_END, 1)[1]
    body = f"{firstsight.format_markdown(rows)}\n\n{firstsight.format_averages(rows)}"
    doc.write_text(f"{before}{_TABLE_START}\n{body}\n{_TABLE_END}{after}", encoding="utf-8")


COMMANDS = (extract, extract_eval)
