"""Benchmark of the relationship queries and network views (run by hand; prints figures).

    .venv/bin/python benchmarks/views.py                   # the 1 M-quad synthetic graph (egovkg synth --size 1m)
    .venv/bin/python benchmarks/views.py --browser         # and time-to-stable in headless Chromium
    .venv/bin/python benchmarks/views.py --synthetic 5m    # another preset (100k, 1m, 5m)
    .venv/bin/python benchmarks/views.py --copies 50       # the curated data replicated instead
    .venv/bin/python benchmarks/views.py --copies 3 --drawing   # only: views of 50, 200, 1,000 nodes in Chromium

Figures: building the projection (on an on-disk store), searching, neighbours, paths, impact, and
views of 100, 1,000 and 5,000 nodes (the first N nodes met walking out from NDXP): the time to build
them (with the server layout), to render the standalone HTML, and its size.

``--drawing`` times what a user waits for: views of 50, 200 and 1,000 nodes opened in headless Chromium
(1440×900), from the page's navigation start to the moment the view is interactive (network.js's ready
event: drawn, labels fitted), each beside a reference drawn in the same run from the same data the way
views were drawn before (vis-network physics stabilising from the server's positions, labels wrapped on
three lines at a fixed canvas size, every edge labelled), timed to its "stabilized" event. It also counts
pairs of overlapping labels in each, measured from the boxes vis-network drew.

The graph is the synthetic national graph of ``egovkg synth`` by default. ``--copies N`` uses the
bundled curated data replicated instead: each report copied N times as if it were about another
province (its systems, organisations, links, observations and status records get new IRIs; the
national systems stay shared, so every copy links to the same NDXP, VDXP, NPSP…).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyoxigraph import Literal, NamedNode, Quad

from graph.kg import KnowledgeGraph
from graph.network.projection import Projection
from graph.store import OxigraphStore
from loaders import LoadedSource, bundled_sources, read_sources, reference_sources
from ontology import RDF, RDFS, IRIs


def replicate(sources: list[LoadedSource], iris: IRIs, copies: int) -> list[LoadedSource]:
    base = iris.base
    reports = [s for s in sources if s.graph.value.startswith(base + "graph/source/") and s.record and s.record.province]
    out = list(sources)
    for i in range(1, copies + 1):
        for s in reports:
            prov, sid = s.record.province, s.record.id
            new_prov, new_sid = f"{prov}-c{i}", f"{sid}-c{i}"
            swaps = [(f"{base}id/system/{prov}/", f"{base}id/system/{new_prov}/"),
                     (f"{base}id/org/{prov}/", f"{base}id/org/{new_prov}/"),
                     (f"{base}graph/source/{sid}", f"{base}graph/source/{new_sid}"),
                     (f"{base}id/source/{sid}", f"{base}id/source/{new_sid}")]
            province, new_province = f"{base}id/province/{prov}", f"{base}id/province/{new_prov}"

            def move(term):
                if not isinstance(term, NamedNode):
                    return term
                v = term.value
                if v == province:
                    return NamedNode(new_province)
                for old, new in swaps:
                    if v.startswith(old):
                        return NamedNode(new + v[len(old):])
                if f"/{sid}/" in v and v.startswith(base + "id/"):
                    return NamedNode(v.replace(f"/{sid}/", f"/{new_sid}/", 1))
                return term

            graph = NamedNode(f"{base}graph/source/{new_sid}")
            quads = [Quad(move(q.subject), q.predicate, move(q.object), graph) for q in s.quads]
            quads += [Quad(NamedNode(new_province), NamedNode(RDF + "type"), iris.term("Province"), graph),
                      Quad(NamedNode(new_province), NamedNode(RDFS + "label"), Literal(f"{prov} copy {i}", language="vi"), graph)]
            out.append(LoadedSource(graph, quads))
    return out


def synthetic(iris: IRIs, size: str, folder: Path) -> list[LoadedSource]:
    from loaders.synth import SIZES, SynthOptions, write_synthetic

    provinces, scale = SIZES[size]
    path = folder / f"synthetic-{size}.nq"
    with path.open("w", encoding="utf-8") as fh:
        write_synthetic(fh, SynthOptions(provinces=provinces, scale=scale), iris)
    return reference_sources(iris) + read_sources([path], iris)


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def first_nodes(p: Projection, start: str, n: int) -> list[str]:
    seen, queue = {start: None}, deque([start])
    g = p.graph
    while queue and len(seen) < n:
        k = queue.popleft()
        for m in list(g.successors(k)) + list(g.predecessors(k)):
            if m not in seen:
                seen[m] = None
                queue.append(m)
                if len(seen) >= n:
                    break
    return list(seen)


def browser_times(files: dict[str, Path]) -> dict[str, tuple[float, float]]:
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for name, path in files.items():
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.egovkgNetwork && window.egovkgNetwork.stable", timeout=300_000)
            wall = time.perf_counter() - started
            results[name] = (page.evaluate("window.egovkgNetwork.stableAfterMs") / 1000, wall)
            page.close()
        browser.close()
    return results


# -- the drawing in a browser ----------------------------------------------------------------------------
#: the options views were drawn with before (physics stabilising, then stopped)
REFERENCE_OPTIONS = {
    "autoResize": True, "layout": {"improvedLayout": False, "randomSeed": 7},
    "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True, "bindToWindow": False}},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1.5},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "font": {"size": 11, "align": "middle", "strokeWidth": 3},
              "smooth": False, "width": 1.2},
    "physics": {"enabled": True, "solver": "barnesHut",
                "barnesHut": {"gravitationalConstant": -4000, "centralGravity": 0.05, "springLength": 160,
                              "springConstant": 0.03, "damping": 0.5, "avoidOverlap": 0.2},
                "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25, "fit": True},
                "minVelocity": 1.0, "timestep": 0.5},
}
REFERENCE_SCRIPT = """
var data = JSON.parse(document.getElementById("network-data").textContent);
var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
var container = document.getElementById("network");
var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
var view = window.egovkgNetwork = {network: network, nodes: nodes, edges: edges, stable: false, readyAtMs: null};
function done() {
  if (view.stable) { return; }
  network.setOptions({physics: false});
  view.readyAtMs = Math.round(performance.now());
  view.stable = true;
}
network.once("stabilizationIterationsDone", done);
network.once("stabilized", done);
"""
#: pairs of overlapping labels, from the boxes vis-network measured for the text it drew
OVERLAPS = """() => {
  const v = window.egovkgNetwork, net = v.network, boxes = [];
  for (const id of v.nodes.getIds()) {
    const n = net.body.nodes[id];
    if (!n || n.options.hidden || !n.labelModule.elementOptions.label) continue;
    const s = n.labelModule.size;
    if (!s.width) continue;
    const up = n.labelModule.fontOptions.vadjust || 0;
    const a = net.canvasToDOM({x: s.left, y: s.top + up}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height + up});
    boxes.push([a.x, a.y, b.x, b.y]);
  }
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const p = boxes[i], q = boxes[j];
    if (p[0] < q[2] - 1 && q[0] < p[2] - 1 && p[1] < q[3] - 1 && q[1] < p[3] - 1) pairs++;
  }
  const sizes = boxes.map(b => (b[3] - b[1]));
  return {labels: boxes.length, pairs: pairs, smallest: sizes.length ? Math.min(...sizes) : 0};
}"""


def _wrapped(text: str, width: int = 24, lines: int = 3) -> str:
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


def reference_html(view) -> str:
    """The same view drawn the way views were drawn before (see the module docstring)."""
    import json

    from graph.views.vis import STATIC_DIR

    data = view.data()
    nodes = [{**n, "label": _wrapped(n["full"])} for n in data["nodes"]]
    edges = [{**e, "label": e["text"]} for e in data["edges"]]
    payload = json.dumps({"nodes": nodes, "edges": edges, "options": REFERENCE_OPTIONS}, ensure_ascii=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    vis_js = (STATIC_DIR / "vendor/vis-network/vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    return ("<!doctype html><html><head><meta charset='utf-8'><style>body{margin:0;font:15px system-ui,sans-serif}"
            "#network{width:100vw;height:calc(100vh - 4rem)}</style></head><body><h1>reference</h1><div id='network'></div>"
            f"<script type='application/json' id='network-data'>{payload}</script><script>{vis_js}</script>"
            f"<script>{REFERENCE_SCRIPT}</script></body></html>")


def drawing_times(p: Projection, workdir: Path, sizes: tuple[int, ...] = (50, 200, 1000), repeat: int = 3) -> None:
    """Page load to interactive in headless Chromium, for views of ``sizes`` nodes, beside the reference."""
    import shutil

    from playwright.sync_api import sync_playwright

    from graph import views

    ndxp = p.key("ndxp")
    files: list[tuple[int, Path, Path]] = []
    for n in sizes:
        keys = first_nodes(p, ndxp, n)
        view = views.subgraph_view(p, keys, title=f"{n} nodes", cap=None)
        new, old = workdir / f"drawing-{n}.html", workdir / f"drawing-{n}-reference.html"
        new.write_text(views.render_html(view), encoding="utf-8")
        old.write_text(reference_html(view), encoding="utf-8")
        files.append((len(keys), new, old))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    print("\nheadless Chromium, 1440×900: page load (navigation start) to interactive, median of "
          f"{repeat}; overlapping label pairs where the view opens")
    print(f"{'nodes':>6} {'links':>6}  {'now ms':>8} {'overlaps':>8} {'label px':>8}   {'reference ms':>12} {'overlaps':>8} {'label px':>8}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for n, new, old in files:
            row = []
            for path in (new, old):
                times, labels = [], None
                for _ in range(repeat):
                    page = browser.new_page(viewport={"width": 1440, "height": 900})
                    page.goto(path.as_uri())
                    page.wait_for_function("window.egovkgNetwork && window.egovkgNetwork.stable", timeout=600_000)
                    times.append(page.evaluate("window.egovkgNetwork.readyAtMs"))
                    page.wait_for_timeout(300)
                    labels = page.evaluate(OVERLAPS)
                    links = page.evaluate("window.egovkgNetwork.edges.length")
                    page.close()
                row.append((statistics.median(times), labels))
            (t_new, l_new), (t_old, l_old) = row
            print(f"{n:>6} {links:>6}  {t_new:>8.0f} {l_new['pairs']:>8} {l_new['smallest']:>8.1f}   {t_old:>12.0f} "
                  f"{l_old['pairs']:>8} {l_old['smallest']:>8.1f}")
        browser.close()


def main() -> None:
    from graph import views
    from graph.network.impact import impact
    from graph.network.search import index_of

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", default="1m", metavar="SIZE", help="preset of `egovkg synth`: 100k, 1m (default), 5m")
    parser.add_argument("--copies", type=int, default=None, help="use the curated data replicated N times instead")
    parser.add_argument("--browser", action="store_true", help="also time the views in headless Chromium")
    parser.add_argument("--drawing", action="store_true",
                        help="only time views of 50, 200 and 1,000 nodes in Chromium, beside the previous drawing")
    args = parser.parse_args()

    iris = IRIs()
    workdir = Path(tempfile.mkdtemp(prefix="egovkg-bench-"))
    started = time.perf_counter()
    if args.copies:
        sources, what = replicate(bundled_sources(iris), iris, args.copies), f"the curated data + {args.copies} copies of each report"
    else:
        sources, what = synthetic(iris, args.synthetic, workdir), f"the synthetic graph ({args.synthetic})"
    prepared = time.perf_counter() - started
    kg = KnowledgeGraph(OxigraphStore(workdir / "store"), iris)
    started = time.perf_counter()
    kg.load(sources)
    quads = kg.store.count()
    print(f"graph: {what}: {quads:,} quads (made in {prepared:.1f} s, loaded in {time.perf_counter() - started:.1f} s, on disk)")

    t, p = timed(lambda: Projection.build(kg))
    if args.drawing:
        print(f"projection: {p.graph.number_of_nodes():,} nodes, {p.graph.number_of_edges():,} edges")
        drawing_times(p, workdir)
        kg.close()
        return
    print(f"projection: {p.graph.number_of_nodes():,} nodes, {p.graph.number_of_edges():,} edges, built in {t * 1000:.0f} ms (median of 3)")
    t, _ = timed(lambda: kg.store.count())
    print(f"store quad count (the cache's change check for stores without a write counter): {t * 1000:.0f} ms")
    t, ix = timed(lambda: index_of(p).__class__(p), repeat=1)
    print(f"search index: built in {t * 1000:.0f} ms")
    for words in ("qoffice quang nam", "Trục tích hợp", "cong dich vu cong quoc gia"):
        t, hits = timed(lambda: ix.search(words, limit=20))
        print(f"search {words!r}: {t * 1000:.1f} ms ({len(hits)} hits)")
    ndxp = p.key("ndxp")
    t, hood = timed(lambda: p.neighbourhood(ndxp, 2))
    print(f"neighbours of ndxp to depth 2: {len(hood.hops):,} nodes in {t * 1000:.0f} ms")
    lgsps = sorted(h.key for h in ix.search("", kind="LGSP", limit=1000))
    t, paths = timed(lambda: p.paths(lgsps[0], lgsps[-1]))
    print(f"paths between two provinces' LGSPs ({p.node(lgsps[0])['id']}, {p.node(lgsps[-1])['id']}): "
          f"{len(paths)} in {t * 1000:.0f} ms")
    t, hit = timed(lambda: impact(p, ndxp))
    print(f"impact of ndxp: {len(hit.affected):,} affected in {t * 1000:.0f} ms")

    print("\nviews (first N nodes walking out from NDXP; build = view + server layout, render = standalone HTML):")
    print(f"{'nodes':>6} {'cap':>6} {'drawn':>6} {'links':>6} {'build ms':>9} {'render ms':>10} {'html KB':>8} {'data KB':>8}")
    files: dict[str, Path] = {}
    for n in (100, 1000, 5000):
        keys = first_nodes(p, ndxp, n)
        for cap in (None, views.DEFAULT_CAP):
            if cap is not None and len(keys) <= cap:
                continue
            t_build, view = timed(lambda: views.subgraph_view(p, keys, title=f"{n} nodes", cap=cap))
            t_render, html = timed(lambda: views.render_html(view))
            data_kb = len(str(view.json()).encode()) / 1024
            print(f"{len(keys):>6} {cap or '-':>6} {len(view.nodes):>6} {len(view.edges):>6} {t_build * 1000:>9.0f} "
                  f"{t_render * 1000:>10.0f} {len(html.encode()) / 1024:>8.0f} {data_kb:>8.0f}")
            path = workdir / f"view-{n}-{cap or 'all'}.html"
            path.write_text(html, encoding="utf-8")
            files[f"{len(keys)} nodes, cap {cap or '-'}"] = path
    if args.browser:
        print("\nheadless Chromium (2 cores): time until the view is stable and physics stopped")
        for name, (stable, wall) in browser_times(files).items():
            print(f"  {name:22} stable after {stable:.2f} s (page load to stable {wall:.2f} s)")
    kg.close()


if __name__ == "__main__":
    main()
