"""One engine's side of the benchmark, in a process of its own (so its peak memory is its own):

    python -m benchmarks.engines egovkg PLAN.json RESULT.json
    python -m benchmarks.engines rdflib PLAN.json RESULT.json

``egovkg`` opens the store that ``egovkg load`` wrote (the parent runs the command itself, beside
``oxigraph load``: see ``benchmarks.run.measure_loads``), picks the subjects of the architect queries, and
times the queries, the compliance check, the projection and the views. ``rdflib`` is
the baseline: rdflib's in-memory ``Dataset`` (union default graph) with its own SPARQL engine, what
rdflib-endpoint and kglab users get, running each query in the form it answers fastest
(``Query.for_baseline``); each of its runs has a time budget (a SIGALRM interrupts rdflib's
pure-Python evaluation) and a query over budget is reported as such.

The plan (JSON) names the data files, the store folder, the repetitions and the queries; the result
(JSON) holds every timing in seconds, so the parent can take medians and spreads.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


class Budget(Exception):
    pass


def timed(fn: Callable[[], Any], repeat: int, budget: float | None = None) -> dict:
    """Run ``fn`` once to warm up, then ``repeat`` times; stop at the first run over ``budget``."""
    runs: list[float] = []
    size = None
    for i in range(repeat + 1):
        if budget is not None:
            signal.setitimer(signal.ITIMER_REAL, budget)
        started = time.perf_counter()
        try:
            size = fn()
        except Budget:
            return {"runs": runs, "over_budget": budget, "size": size}
        finally:
            if budget is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if i > 0 or repeat == 0:
            runs.append(time.perf_counter() - started)
    return {"runs": runs, "size": size}


# -- egovkg ----------------------------------------------------------------------------------------
def run_egovkg(plan: dict) -> dict:
    from graph.kg import KnowledgeGraph
    from graph.store import OxigraphStore, SelectResult
    from ontology import IRIs

    from benchmarks.architect import Subjects, choose_subjects, queries, small_query

    out: dict[str, Any] = {"engine": "egovkg"}
    iris = IRIs()
    kg = KnowledgeGraph(OxigraphStore(Path(plan["store"])), iris)
    out["rss_after_load_mb"] = current_rss_mb()

    def select(q: str) -> list[dict]:
        return kg.select(q).values()

    subjects = Subjects(**plan["subjects"]) if plan.get("subjects") else choose_subjects(select)
    out["subjects"] = subjects.__dict__
    repeat = plan["repeat"]

    def run(sparql: str) -> Callable[[], int]:
        def go() -> int:  # distinct rows or triples: the union default graph may repeat a triple per graph
            result = kg.query(sparql)
            return len(set(result.rows)) if isinstance(result, SelectResult) else len(set(result.triples))
        return go

    out["queries"] = {q.name: timed(run(q.sparql), repeat) for q in queries(subjects)}
    out["small"] = timed(run(small_query(subjects)), max(repeat, 30))
    out.update(extras(kg, subjects, repeat))
    kg.close()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def extras(kg, subjects, repeat: int) -> dict:
    """The compliance check, the projection and the views: measured when those modules are there."""
    found: dict[str, Any] = {}
    reps = max(1, min(repeat, 3))
    try:
        from graph.compliance import engine, reference

        # the previous engine (graph.compliance.reference) beside this one, once each (about 25 s a run before)
        holder_report: dict[str, Any] = {}

        def every_province() -> int:
            holder_report["r"] = engine.evaluate(kg)
            return len(holder_report["r"].findings)

        found["compliance-previous"] = timed(lambda: len(reference.evaluate(kg).findings), 0)
        found["compliance"] = timed(every_province, 0)
        slug = holder_report["r"].provinces[0].unit.slug
        found["compliance-province"] = {**timed(lambda: len(engine.evaluate(kg, slug).findings), reps), "province": slug}
        found["compliance-province-previous"] = timed(lambda: len(reference.evaluate(kg, slug).findings), reps)
    except Exception as exc:  # a piece another issue is still building: say why it was skipped
        found["compliance"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    try:
        from graph.network.projection import Projection

        holder: dict[str, Any] = {}

        def build() -> int:
            holder["p"] = Projection.build(kg)
            return holder["p"].graph.number_of_nodes()

        found["projection"] = timed(build, reps)
    except Exception as exc:
        found["projection"] = {"skipped": f"{type(exc).__name__}: {exc}"}
        return found
    try:
        from graph import views

        projection = holder["p"]
        key = projection.key(projection.short_id(subjects.hub))
        found["neighbours-warm"] = timed(lambda: len(projection.neighbourhood(key, 1).hops), max(repeat, 5))
        found["view-province"] = timed(lambda: len(views.province_view(projection, subjects.province).json()), reps)
        found["view-neighbourhood"] = timed(lambda: len(views.neighbourhood_view(projection, key, 2).json()), reps)
        found["view-national"] = timed(lambda: len(views.national_view(projection).json()), reps)
    except Exception as exc:
        found["views"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    return found


# -- rdflib (the baseline) -------------------------------------------------------------------------
def run_rdflib(plan: dict) -> dict:
    import rdflib

    from benchmarks.architect import Subjects, queries, small_query
    from ontology import IRIs

    def alarm(signum, frame):
        raise Budget()

    signal.signal(signal.SIGALRM, alarm)
    out: dict[str, Any] = {"engine": "rdflib"}
    dataset = rdflib.Dataset(default_union=True)
    started = time.perf_counter()
    for f in plan["data"]:
        dataset.parse(f, format="nquads")
    out["load"] = {"runs": [time.perf_counter() - started], "size": sum(len(g) for g in dataset.graphs())}
    out["rss_after_load_mb"] = current_rss_mb()
    prefixes = IRIs().prefixes()
    subjects = Subjects(**plan["subjects"])
    budget = plan["budget"]
    repeat = plan["baseline_repeat"]

    def run(sparql: str) -> Callable[[], int]:
        def go() -> int:
            return len(set(dataset.query(sparql, initNs=prefixes)))
        return go

    out["queries"] = {q.name: timed(run(q.for_baseline), repeat, budget) for q in queries(subjects)}
    out["small"] = timed(run(small_query(subjects)), max(repeat, 10), budget)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main(argv: list[str]) -> None:
    engine, plan_path, result_path = argv
    plan = json.loads(Path(plan_path).read_text())
    result = run_egovkg(plan) if engine == "egovkg" else run_rdflib(plan)
    Path(result_path).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
