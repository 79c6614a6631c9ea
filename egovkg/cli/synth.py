"""``egovkg synth``: write a synthetic national graph (N-Quads) for scale tests and benchmarks."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from egovkg.cli.common import handles_errors


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="N-Quads file to write (.nq); load it with `egovkg load FILE`.")
@click.option("--size", type=click.Choice(["100k", "1m", "5m"]), default=None,
              help="A preset: about 100 k, 1 M or 5 M quads (sets --provinces and --scale).")
@click.option("--provinces", type=int, default=34, show_default=True,
              help="How many of the 34 current provinces (each with the provinces merged into it in 2025).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same options: the same bytes.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Volume per province: online services, communes, sectoral systems, figures.")
@click.option("--first-year", type=int, default=2019, show_default=True, help="First year of reports.")
@click.option("--last-year", type=int, default=2025, show_default=True,
              help="Last year of reports (2025: the merged provinces and their communes).")
@click.option("--noncompliant", type=float, default=0.15, show_default=True,
              help="Share of framework links left out or bypassing the LGSP.")
@click.option("--missing", type=float, default=0.10, show_default=True,
              help="Share of optional components (IOC, SOC, data centre, …) and security levels missing.")
@click.option("--reference/--no-reference", default=True, show_default=True,
              help="Start the file with the ontology, administrative units and rules, so it loads on its own.")
@handles_errors
def synth(output: Path, size: str | None, provinces: int, seed: int, scale: float, first_year: int, last_year: int,
          noncompliant: float, missing: float, reference: bool) -> None:
    """Write a synthetic national graph: every province's systems, agencies, framework links (some
    non-compliant), communes, online services and yearly figures, and the 2025 mergers, in the real
    ontology. Deterministic for a seed. For benchmarks and scale tests only: the reports are marked
    synthetic; load the file into a store of its own, never next to real data.
    """
    from loaders.synth import SIZES, SynthOptions, write_synthetic

    if size is not None:
        provinces, scale = SIZES[size]
    options = SynthOptions(provinces=provinces, seed=seed, scale=scale, first_year=first_year, last_year=last_year,
                           noncompliant=noncompliant, missing=missing)
    started = time.perf_counter()
    tmp = output.with_name(output.name + ".part")
    show = sys.stderr.isatty()
    extra = 0
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        if reference:
            import pyoxigraph as ox

            from loaders import reference_sources
            from ontology import IRIs

            quads = [q for source in reference_sources(IRIs()) for q in source.quads]
            fh.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"))
            extra = len(quads)
        if show:
            with click.progressbar(length=1, label="synthetic reports", file=sys.stderr, show_pos=True) as bar:
                def progress(done: int, total: int) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                summary = write_synthetic(fh, options, progress=progress)
        else:
            summary = write_synthetic(fh, options)
    tmp.replace(output)  # never leave a half-written file under the real name
    click.echo(
        f"wrote {output}: {summary.quads} quads in {summary.reports} reports on {len(summary.provinces)} province(s)"
        f"{f' and {extra} of reference data' if extra else ''} in {time.perf_counter() - started:.1f} s"
    )


COMMANDS = (synth,)
