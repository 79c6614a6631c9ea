"""What the SPARQL endpoint costs on top of the store: the example queries (``graph/endpoint/queries/*.rq``)
timed three ways over the same on-disk store, median of ``--repeat`` runs each:

- **direct**: ``KnowledgeGraph.query`` in this process (no limits, no serialisation);
- **executor**: the endpoint's core, :class:`graph.endpoint.worker_pool.WorkerPoolExecutor` — scan and checks,
  a worker process, the result written as SPARQL JSON and sent back over a pipe, no HTTP;
- **http**: ``GET /sparql`` on a real ``egovkg serve`` (another process) over one keep-alive
  connection (``http.client``: a lean client, so the figure is the server's; httpx adds about 1.5 ms
  per request on the 2-core machine).

It also times the protocol floor: a request refused with 406 after its query is read and scanned
(HTTP, routing, parsing and checks, but no query run).

The data is the curated reports plus a synthetic national graph (``loaders.synth``; ``--size``),
or, with ``--replicate N``, the curated data copied N times under renamed IRIs.

    .venv/bin/python -m benchmarks.endpoint                 # curated + synthetic 100k
    .venv/bin/python -m benchmarks.endpoint --size none     # curated data only
    .venv/bin/python -m benchmarks.endpoint --size 1m --repeat 15
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import tempfile
import time
from pathlib import Path

import http.client
import urllib.parse
from pyoxigraph import NamedNode, Quad

from benchmarks.served import serve
from graph.endpoint.examples import example_queries
from graph.endpoint.executor import Limits
from graph.endpoint.worker_pool import WorkerPoolExecutor
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import LoadedSource, bundled_sources, read_sources
from ontology import IRIs

SMALL = ("tiny", "ASK { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo system:ndxp }")
ROW_CAP = 10_000
ACCEPT = "application/sparql-results+json"


def replicated(sources: list[LoadedSource], copies: int, iris: IRIs) -> list[LoadedSource]:
    """The report graphs again ``copies`` times, their systems, observations and graphs renamed (the
    shared vocabulary — provinces, measures, statuses, layers — kept, so queries find the copies)."""
    renamed = (iris.base + "id/system/", iris.base + "id/observation/", iris.base + "id/link/",
               iris.base + "id/status-record/", iris.base + "id/source/", iris.base + "graph/source/")
    out = []
    for k in range(1, copies + 1):
        def rename(term, k=k):
            return NamedNode(f"{term.value}-r{k}") if isinstance(term, NamedNode) and term.value.startswith(renamed) else term

        for source in sources:
            if not source.graph.value.startswith(iris.base + "graph/source/"):
                continue
            quads = [Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name)) for q in source.quads]
            out.append(dataclasses.replace(source, graph=rename(source.graph), quads=quads,
                                           extra_graphs=[rename(g) for g in source.extra_graphs]))
    return out


def build_store(path: Path, size: str, copies: int, iris: IRIs) -> int:
    sources = bundled_sources(iris)
    if size != "none":
        from loaders.synth import SIZES, SynthOptions, write_synthetic

        provinces, scale = SIZES[size]
        nq = path.parent / "synthetic.nq"
        with nq.open("w", encoding="utf-8") as out:
            write_synthetic(out, SynthOptions(provinces=provinces, scale=scale), iris)
        sources += read_sources([nq], iris)
    if copies:
        sources += replicated(bundled_sources(iris), copies, iris)
    kg = KnowledgeGraph(OxigraphStore(path), iris)
    kg.load(sources)
    quads = kg.store.count()
    kg.close()
    return quads


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["none", "100k", "1m", "5m"], default="100k", help="synthetic graph added to the curated data")
    parser.add_argument("--replicate", type=int, default=0, help="also add the curated reports this many times, renamed")
    parser.add_argument("--repeat", type=int, default=30, help="runs per query (median reported)")
    args = parser.parse_args()

    iris = IRIs()
    queries = [(e.slug, e.text) for e in example_queries()] + [SMALL]
    with tempfile.TemporaryDirectory(prefix="egovkg-endpoint-bench-") as tmp:
        store_path = Path(tmp) / "store"
        started = time.perf_counter()
        quads = build_store(store_path, args.size, args.replicate, iris)
        print(f"store: {quads} quads (curated + synthetic {args.size}, {args.replicate} copies), "
              f"built in {time.perf_counter() - started:.1f} s; median of {args.repeat} runs, times in ms")

        kg = KnowledgeGraph(OxigraphStore(store_path), iris)
        executor = WorkerPoolExecutor(kg, Limits(timeout=60, row_cap=ROW_CAP), workers=2)
        executor.start()
        direct, core, rows = {}, {}, {}
        for name, text in queries:
            rows[name] = len(getattr(kg.query(text, row_cap=ROW_CAP), "rows", [None]))
            direct[name] = median_ms(lambda text=text: kg.query(text, row_cap=ROW_CAP), args.repeat)
            prepared = executor.prepare(text)
            core[name] = median_ms(lambda prepared=prepared: executor.serialize(prepared, "json"), args.repeat)
        executor.close()
        kg.close()

        http_ms: dict[str, float] = {}
        with serve(store_path, time_limit=60, row_cap=ROW_CAP) as (url, _pid):
            parts = urllib.parse.urlsplit(url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

            def get(text: str, accept: str = ACCEPT, expect: int = 200) -> None:
                connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}), headers={"Accept": accept})
                response = connection.getresponse()
                body = response.read()
                if response.status != expect:
                    raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")

            for name, text in queries:
                http_ms[name] = median_ms(lambda text=text: get(text), args.repeat)
            floor = median_ms(lambda: get(SMALL[1], "image/png", 406), args.repeat)
            connection.close()

    out = io.StringIO()
    out.write(f"{'query':<28} {'rows':>6} {'direct':>8} {'executor':>9} {'http':>8} {'http-direct':>12} {'http/direct':>12}\n")
    for name, _ in queries:
        out.write(f"{name:<28} {rows[name]:>6} {direct[name]:>8.2f} {core[name]:>9.2f} {http_ms[name]:>8.2f} "
                  f"{http_ms[name] - direct[name]:>12.2f} {http_ms[name] / direct[name]:>11.1f}x\n")
    overheads = [http_ms[n] - direct[n] for n, _ in queries]
    out.write(f"\nmedian endpoint overhead (http - direct) over the {len(queries)} queries: {statistics.median(overheads):.2f} ms; "
              f"on the tiny query: {http_ms[SMALL[0]] - direct[SMALL[0]]:.2f} ms; "
              f"protocol floor (406, no query run): {floor:.2f} ms\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
