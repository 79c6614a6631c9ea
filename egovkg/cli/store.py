"""The store's commands: load, query, export, stats, serve."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from egovkg.cli.common import QUERY_FORMATS, handles_errors, progress_enabled, settings_from, store_option
from egovkg.errors import InputError

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph


@click.command()
@store_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--reset", is_flag=True, help="Empty the store first, then load (rebuild from scratch).")
@click.option("--check", is_flag=True, help="Validate the files only; write nothing.")
@handles_errors
def load(store: str | None, paths: tuple[Path, ...], reset: bool, check: bool) -> None:
    """Load sources into the store; with no PATHS, the bundled ontology and curated data.

    PATHS are curated-facts files (.yaml) and RDF files (.ttl .nt .nq .trig .jsonld .rdf); each goes
    into its own named graph, replacing what an earlier load of the same source wrote. Every file is
    validated before anything is written (a large RDF file as it is written): one bad file stops the
    whole load and changes nothing. The load ends by keeping the network projection with the store, so
    that the next neighbours, path or impact question does not build it, and today's as-of view, so that the
    next `egovkg check` does not build it.
    """
    from loaders import bundled_sources, read_sources
    from ontology import IRIs

    from egovkg.connect import opened_kg

    settings = settings_from(store=store)
    iris = IRIs(settings.base_iri)
    started = time.perf_counter()
    if paths:
        if progress_enabled() and len(paths) > 1:
            with click.progressbar(length=len(paths), label="reading", file=sys.stderr) as bar:
                sources = read_sources(paths, iris, on_read=lambda _path: bar.update(1))
        else:
            if progress_enabled():  # one big file (a synthetic national graph): say what takes the time
                size = sum(p.stat().st_size for p in paths if p.is_file())
                click.echo(f"reading {', '.join(map(str, paths))} ({size / 1e6:.0f} MB) …", err=True)
            sources = read_sources(paths, iris)
    else:
        sources = bundled_sources(iris)
    if check:
        for s in sources:
            n = len(s.quads) if s.stream is None else sum(1 for _ in s.stream.quads())
            if not n:
                raise s.stream.empty()
            click.echo(f"ok  {s.label}  ({n + (len(s.stream.record) if s.stream is not None else 0)} quads)")
        return
    with opened_kg(settings) as kg:
        if progress_enabled():
            streamed = [s for s in sources if s.stream is not None]
            click.echo(f"writing {sum(len(s.quads) for s in sources)} quads"
                       f"{f' and {len(streamed)} file(s) as they are read' if streamed else ''} to {settings.store} …", err=True)
        report = kg.load(sources, reset=reset)
        elapsed = time.perf_counter() - started
        width = max(len(g.label) for g in report.graphs)
        for g in report.graphs:
            click.echo(f"{g.label.ljust(width)}  {g.quads:>7} quads  <{g.graph}>")
        _keep_derived(kg, lambda: click.echo(
            f"loaded {len(report.graphs)} graph(s), {report.total} quads in {elapsed:.2f} s"
            f"{' after reset' if reset else ''}; the store now holds {kg.store.count()} quads"
        ))


#: a store's files past which the projection and the compliance view are kept one after the other (about 2 M quads;
#: 1 M quads take 450 MB)
AT_ONCE_BYTES = 1_000_000_000


def _keep_derived(kg: "KnowledgeGraph", meanwhile: Callable[[], None]) -> None:
    """Keep the network projection and today's as-of view with the store, at once, and run ``meanwhile`` as they start.

    The view is built mostly by the store's engine (copying its folder, SPARQL updates, compacting), which leaves
    Python's lock to the projection: at 1 M quads on two cores the two took 8.4–8.9 s at once, 14–15 s one after the
    other (a child process for the projection instead of a thread: no faster). Past :data:`AT_ONCE_BYTES` of store they run one
    after the other, the view first: at 5 M quads at once they peaked at 2.2 GiB, past what the load may take
    (2 GiB); the projection first, then the view, 1.94 GiB (the view's writes on top of the heap the projection had
    left); the view first, 1.83 GiB."""
    from concurrent.futures import ThreadPoolExecutor

    from graph.compliance.kept import FOLDER, folder_size
    from graph.compliance.snapshot import keep_view
    from graph.network.cache import keep_projection

    def timed(keep: Callable[["KnowledgeGraph"], bool]) -> float | None:
        started = time.perf_counter()
        return time.perf_counter() - started if keep(kg) else None

    def said(what: str, seconds: float | None) -> None:
        if seconds is not None:
            click.echo(f"kept {what} with the store in {seconds:.2f} s", err=True)

    path = getattr(kg.store, "path", None)
    at_once = path is None or folder_size(Path(path), skip=(FOLDER,)) <= AT_ONCE_BYTES
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="egovkg-keep-projection") as pool:
        projection = pool.submit(timed, keep_projection) if at_once else None  # the longer of the two at 1 M quads
        meanwhile()
        said("today's as-of view for compliance checks", timed(keep_view))
        said("the network projection", projection.result() if projection is not None else timed(keep_projection))


def _is_file(text: str) -> bool:
    """True when ``text`` names an existing file (a query text may be too long to be a path at all)."""
    if "\n" in text or "{" in text:
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


@click.command()
@store_option
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True,
              help="table for people; json/xml/csv/tsv are the W3C SPARQL result formats.")
@click.option("--limit", type=int, default=None, help="Stop after this many rows (default: the row cap setting).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None,
              help="Stop the query after this many seconds (default: EGOVKG_SPARQL_TIMEOUT, as on the server; 0: no limit).")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE (federated queries) reach the network; refused by default, as on the server. "
                   "Such a query runs in this process, without the time limit.")
@handles_errors
def query(store: str | None, query: str, fmt: str, limit: int | None, timeout: float | None, allow_service: bool) -> None:
    """Run a SPARQL query: QUERY is the text, or a path to a .rq file.

    The common prefixes (egov:, system:, province:, measure:, rdfs:, skos:, prov:, …) are predeclared.
    CONSTRUCT and DESCRIBE print Turtle. The query keeps the server's limits: it is stopped at the time
    limit (in a worker process, as on the server) and cut at the row cap.
    """
    from graph.endpoint.executor import guard_local
    from graph.endpoint.worker_pool import executor_for
    from graph.sparql.formats import GraphResult, to_table, write_graph, write_results

    text = query
    if query.endswith((".rq", ".sparql")) or _is_file(query):
        path = Path(query)
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
    guard_local(text, allow_network=allow_service)
    from egovkg.connect import opened_kg

    settings = settings_from(store=store)
    row_cap = limit or settings.sparql_row_cap
    seconds = settings.sparql_timeout if timeout is None else timeout
    with opened_kg(settings) as kg:
        if allow_service or not seconds:
            result = kg.query(text, row_cap=row_cap)
        else:
            executor = executor_for(kg, settings.limits(timeout=seconds, row_cap=row_cap), workers=1)
            try:
                result = executor.query(text)
            finally:
                executor.close()
        if fmt == "table":
            click.echo(to_table(result, kg.iris.prefixes()))
        elif isinstance(result, GraphResult):
            click.echo(write_graph(result, "turtle", kg.iris.prefixes()).decode(), nl=False)
        else:
            click.echo(write_results(result, fmt).decode(), nl=fmt in ("json", "xml"))
        if getattr(result, "truncated", False):
            click.echo(f"warning: truncated at {row_cap} rows", err=True)


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld"]), default="nquads",
              show_default=True, help="turtle has no named graphs: it writes the union of all graphs.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: standard output).")
@handles_errors
def export(store: str | None, fmt: str, output: Path | None) -> None:
    """Write the whole dataset (every named graph)."""

    from egovkg.connect import opened_kg

    settings = settings_from(store=store)
    with opened_kg(settings) as kg:
        if output is None:
            kg.export(sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("wb") as fh:
                kg.export(fh, fmt)
            tmp.replace(output)  # never leave a half-written file under the real name
            click.echo(f"wrote {output} ({output.stat().st_size} bytes)", err=True)


@click.command()
@store_option
@handles_errors
def stats(store: str | None) -> None:
    """Summarise what the store holds: graphs, sources, systems, links, observations."""

    from egovkg.connect import opened_kg

    settings = settings_from(store=store)
    with opened_kg(settings) as kg:
        s = kg.stats()
        click.echo(f"store         {settings.store}")
        click.echo(f"quads         {s.quads}")
        click.echo(f"named graphs  {len(s.graphs)}")
        click.echo(f"reports       {s.sources}")
        click.echo(f"systems       {s.systems} (in {s.provinces_with_systems} provinces, with national ones)")
        click.echo(f"stated links  {s.links}")
        click.echo(f"observations  {s.observations}")
        from graph.network.coverage import coverage

        provinces = coverage(kg)
        covered = [c for c in provinces if c.systems]
        click.echo(f"provinces     {len(covered)} of {len(provinces)} have systems from a cited source")
        click.echo("\nprovinces (as of today; sources of merged units count for their successor):")
        click.echo(f"  {'province':<22} {'sources':>7}  {'systems':>7}  years")
        for c in provinces:
            years = ", ".join(map(str, c.years)) or "-"
            merged = f"  (incl. {', '.join(c.predecessors)})" if c.predecessors else ""
            click.echo(f"  {c.label_vi:<22} {len(c.sources):>7}  {c.systems:>7}  {years}{merged}")
        click.echo("\nquads per graph:")
        for g, n in s.graphs:
            click.echo(f"  {n:>7}  {g}")
        click.echo("\nsystems by kind:")
        for kind, n in s.systems_by_kind:
            click.echo(f"  {n:>4}  {kind}")


@click.command()
@store_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@handles_errors
def serve(store: str | None, host: str | None, port: int | None) -> None:
    """Serve the API (health page and SPARQL endpoint) over the store."""
    from api import create_app
    from api.server import run

    from egovkg.connect import opened_kg

    from egovkg import __version__

    settings = settings_from(store=store, host=host, port=port)
    with opened_kg(settings) as kg:
        app = create_app(settings, kg)
        click.echo(f"egovkg {__version__}: serving {settings.store} on http://{settings.host}:{settings.port}/", err=True)
        run(app, host=settings.host, port=settings.port, max_request_bytes=settings.max_request_bytes)


COMMANDS = [load, query, export, stats, serve]
