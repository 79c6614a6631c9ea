"""Benchmark of the layered diagram (graph.views.layered; run by hand, prints figures).

    .venv/bin/python benchmarks/layered.py              # the bundled data replicated 3 times
    .venv/bin/python benchmarks/layered.py --copies 10

For 50, 200 and 1,000 systems (the first met walking out from NDXP, national ones in the margin) and for the
bundled provinces' own pages: the time to lay the diagram out (boxes, rows, untangling, links), to write its
SVG, the SVG's size, the diagram's height and how many boxes overlap (none, by construction). The median of
five runs each. Kept apart from benchmarks/views.py (the network views'), whose copies of the data it reuses.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.i18n import translator
from benchmarks.views import first_nodes, replicate
from graph.kg import KnowledgeGraph
from graph.network.projection import Projection
from graph.store import OxigraphStore
from graph.views.layered import overlaps, province_diagram, render_svg, subgraph_diagram
from graph.views.layered import province_members
from loaders import bundled_sources
from ontology import IRIs


def median_ms(fn, repeat: int = 5):
    runs, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), value


def layered_times(p: Projection, sizes: tuple[int, ...] = (50, 200, 1000)) -> list[tuple[str, float, float, int, float, int]]:
    """(what, layout ms, SVG ms, SVG bytes, height px, overlapping boxes) for each size, then the biggest province."""
    t = translator("en")
    rows = []
    systems = [k for k in first_nodes(p, p.key("ndxp"), 20_000) if p.node(k)["category"] == "system"]
    for n in sizes:
        keys = systems[:n]
        if len(keys) < n:
            continue
        ms, d = median_ms(lambda: subgraph_diagram(p, keys, t, title=f"{n} systems", lang="en"))
        svg_ms, svg = median_ms(lambda: render_svg(d))
        rows.append((f"{n} systems", ms, svg_ms, len(svg.encode()), d.height, len(overlaps(d))))
    biggest = max((s for s in p.provinces if province_members(p, s)), key=lambda s: len(province_members(p, s)))
    ms, d = median_ms(lambda: province_diagram(p, biggest, t, lang="en"))
    svg_ms, svg = median_ms(lambda: render_svg(d))
    rows.append((f"province page {biggest} ({len(d.systems)} systems)", ms, svg_ms, len(svg.encode()), d.height, len(overlaps(d))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the bundled reports (default 3)")
    args = parser.parse_args()
    iris = IRIs()
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load(replicate(bundled_sources(iris), iris, args.copies))
    p = Projection.build(kg)
    print(f"{sum(1 for _ in p.systems()):,} systems in the projection")
    print("| diagram | layout | SVG | SVG size | height | overlapping boxes |")
    print("|---|---:|---:|---:|---:|---:|")
    for what, ms, svg_ms, size, height, bad in layered_times(p):
        print(f"| {what} | {ms:.1f} ms | {svg_ms:.1f} ms | {size / 1024:.0f} KB | {height:.0f} px | {bad} |")
    kg.close()


if __name__ == "__main__":
    main()
