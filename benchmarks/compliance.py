"""Benchmark of the compliance check: the curated data and a synthetic national graph (``egovkg synth``),
SPARQL set-based in Oxigraph (what ``egovkg check`` runs) against pySHACL on an in-memory rdflib graph, and
against the previous engine (``graph.compliance.reference``) in the same run, and with the as-of view kept with an
on-disk copy of the store (``graph.compliance.kept``).

Run by hand, not in the test suite:

    .venv/bin/python benchmarks/compliance.py                  # curated + the 1 M-quad synthetic graph
    .venv/bin/python benchmarks/compliance.py --size 100k --pyshacl-limit 120

It prints one line per measurement. pySHACL runs in a child process with a time limit (it evaluates every
constraint once per focus node in rdflib's Python SPARQL engine); a run that does not finish is reported as
"> limit". Both engines must report the same (check, focus) failures where both finish.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.compliance import reference
from graph.compliance.engine import evaluate, failures, load_rules
from graph.compliance.kept import kept_views
from graph.kg import KnowledgeGraph
from graph.compliance.snapshot import build_snapshot
from graph.store import OxigraphStore
from loaders import bundled_sources, read_sources, reference_sources
from ontology import IRIs

AS_OF = date(2024, 12, 31)


def timed(fn, repeat: int = 3):
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def _pyshacl_child(kind: str, size: str | None, as_of: date, queue) -> None:
    from graph.compliance.shacl import shacl_failures

    kg = curated() if kind == "curated" else synthetic(size)[0]
    snap = build_snapshot(kg, as_of)
    queue.put("ready")  # the time limit starts now: building the graph is not pySHACL's work
    found, timings = shacl_failures(snap)
    queue.put((found, timings))


def pyshacl(kind: str, size: str | None, as_of: date, limit: float):
    queue = mp.Queue()
    child = mp.Process(target=_pyshacl_child, args=(kind, size, as_of, queue))
    child.start()
    assert queue.get() == "ready"
    started = time.perf_counter()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, time.perf_counter() - started
    return queue.get(), time.perf_counter() - started


def curated() -> KnowledgeGraph:
    iris = IRIs()
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load(bundled_sources(iris))
    return kg


def synthetic(size: str) -> tuple[KnowledgeGraph, dict]:
    from loaders.synth import SIZES, SynthOptions, write_synthetic

    iris = IRIs()
    provinces, scale = SIZES[size]
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nq"
        started = time.perf_counter()
        with path.open("w", encoding="utf-8") as fh:
            write_synthetic(fh, SynthOptions(provinces=provinces, scale=scale))
        figures["generate"] = time.perf_counter() - started
        started = time.perf_counter()
        kg = KnowledgeGraph(OxigraphStore(), iris)
        kg.load(reference_sources(iris) + read_sources([path], iris))
        figures["load"] = time.perf_counter() - started
    figures["quads"] = kg.store.count()
    return kg, figures


def not_exists_versus_optional(kg: KnowledgeGraph) -> tuple[float, float, int, int]:
    """One check written both ways, on the same as-of view: provinces naming no LGSP."""
    snap = build_snapshot(kg, AS_OF)
    optional = """SELECT ?this WHERE { ?this a egov:Province .
        OPTIONAL { ?l a egov:LGSP ; egov:locatedIn ?this } FILTER(!BOUND(?l)) }"""
    not_exists = """SELECT ?this WHERE { ?this a egov:Province .
        FILTER NOT EXISTS { ?l a egov:LGSP ; egov:locatedIn ?this } }"""
    t_opt, a = timed(lambda: len(snap.select(optional)))
    t_nex, b = timed(lambda: len(snap.select(not_exists)))
    snap.close()
    return t_opt, t_nex, a, b


def kept_view(kg: KnowledgeGraph) -> None:
    """The same check over an on-disk copy of the store, whose as-of view is kept (``graph.compliance.kept``): the
    first evaluation builds and keeps it, the next ones open it."""
    with tempfile.TemporaryDirectory() as tmp:
        disk = KnowledgeGraph(OxigraphStore(Path(tmp) / "store"), kg.iris)
        by_graph = defaultdict(list)
        for quad in kg.store.quads():
            by_graph[quad.graph_name].append(quad)
        disk.store.replace_graphs(by_graph)
        del by_graph
        views = kept_views(disk.store, kg.iris.base)
        t_first, first = timed(lambda: evaluate(disk, as_of=AS_OF, views=views), repeat=1)
        t_again, again = timed(lambda: evaluate(disk, as_of=AS_OF, views=views), repeat=3)
        print(f"evaluate(all provinces, as of {AS_OF}) over an on-disk store, the view kept: first {t_first:.2f} s "
              f"(builds and keeps: {', '.join(f'{k} {v:.2f} s' for k, v in first.timings.items())}); again {t_again:.2f} s "
              f"(median of 3: {', '.join(f'{k} {v:.2f} s' for k, v in again.timings.items())}); "
              f"{len(again.findings):,} findings")
        disk.close()


def report(label: str, kg: KnowledgeGraph, *, pyshacl_kind: str, size: str | None, limit: float) -> None:
    quads = kg.store.count()
    print(f"\n== {label}: {quads:,} quads")
    t_snap, snap = timed(lambda: build_snapshot(kg, AS_OF), repeat=1)
    print(f"as-of view (copy + as-of rewriting + inference) as of {AS_OF}: {t_snap:.2f} s "
          f"({', '.join(f'{k} {v:.2f} s' for k, v in snap.timings.items())}; inferred {sum(snap.inferred.values()):,} triples)")
    rules = load_rules(snap)
    t_sparql, ours = timed(lambda: failures(snap, rules))
    print(f"SPARQL in Oxigraph, {sum(len(r.checks) for r in rules)} checks of {len(rules)} rules, every focus: "
          f"{t_sparql:.2f} s, {len(ours):,} failing (check, focus) pairs")
    snap.close()
    t_all, result = timed(lambda: evaluate(kg, as_of=AS_OF), repeat=1)
    print(f"evaluate(all provinces, as of {AS_OF}) end to end: {t_all:.2f} s for {len(result.provinces)} provinces, "
          f"{len(result.findings):,} findings ({result.count('violation')} violations); "
          f"steps: {', '.join(f'{k} {v:.2f} s' for k, v in result.timings.items())}")
    t_prev, previous = timed(lambda: reference.evaluate(kg, as_of=AS_OF), repeat=1)
    print(f"  the previous engine (graph.compliance.reference), same run: {t_prev:.2f} s ({t_prev / t_all:.1f}x), "
          f"{len(previous.findings):,} findings; steps: {', '.join(f'{k} {v:.2f} s' for k, v in previous.timings.items())}")
    today = date.today()
    t_today, result = timed(lambda: evaluate(kg, as_of=today), repeat=1)
    print(f"evaluate(all provinces, as of {today}) end to end: {t_today:.2f} s for {len(result.provinces)} provinces")
    if result.provinces:
        slug = result.provinces[0].unit.slug
        t_one, _ = timed(lambda: evaluate(kg, slug, today), repeat=3)
        t_one_prev, _ = timed(lambda: reference.evaluate(kg, slug, today), repeat=3)
        print(f"evaluate({slug!r}, as of {today}) end to end: {t_one:.2f} s (median of 3); the previous engine "
              f"{t_one_prev:.2f} s ({t_one_prev / t_one:.1f}x)")
    kept_view(kg)
    t_opt, t_nex, a, b = not_exists_versus_optional(kg)
    print(f"absence pattern, one check: OPTIONAL+!BOUND {t_opt * 1000:.1f} ms vs FILTER NOT EXISTS {t_nex * 1000:.1f} ms "
          f"({a} = {b} rows)")
    if limit <= 0:
        return
    outcome, elapsed = pyshacl(pyshacl_kind, size, AS_OF, limit)
    if outcome is None:
        print(f"pySHACL (rdflib in-memory graph, advanced=True): did not finish within {limit:.0f} s")
    else:
        found, timings = outcome
        agree = "same failures" if found == ours else f"DIFFERENT failures ({len(found ^ ours)} differ)"
        print(f"pySHACL (rdflib in-memory graph, advanced=True): {timings['pyshacl']:.1f} s validate "
              f"+ {timings['to rdflib']:.1f} s copy to rdflib; {len(found):,} failing pairs, {agree}; "
              f"SPARQL in Oxigraph was {timings['pyshacl'] / max(t_sparql, 1e-9):,.0f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1m", help="synthetic graph preset of `egovkg synth` (100k, 1m, 5m); 'none' to skip")
    parser.add_argument("--pyshacl-limit", type=float, default=600, help="seconds pySHACL may run per graph (0: skip it)")
    args = parser.parse_args()
    report("curated data (the five reports)", curated(), pyshacl_kind="curated", size=None, limit=args.pyshacl_limit)
    if args.size != "none":
        kg, figures = synthetic(args.size)
        print(f"\n(synthetic {args.size}: generated in {figures['generate']:.1f} s, loaded in {figures['load']:.1f} s)")
        report(f"synthetic national graph ({args.size})", kg, pyshacl_kind="synthetic", size=args.size,
               limit=args.pyshacl_limit)


if __name__ == "__main__":
    main()
