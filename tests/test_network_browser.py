"""The network views in a real headless Chromium against a real server: the first click on a node opens
its panel at 1440×900 and 1280×720 without scrolling the page; expand, hide and filters change the view
and the address keeps them (a reload gives the same view); labels never overlap where the view opens,
measured from what vis-network drew; no serious or critical accessibility violation (axe-core, from the
npm registry into build/axe, injected from that local file); nothing leaves 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .support.network import NODE_POSITION, STABLE, assert_clean, node_ids

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

#: every label vis-network drew, as a box on the screen (from its own measure of the text it drew, moved by the
#: font's vadjust, which draws a label above its node)
LABEL_BOXES = """() => {
  const v = window.egovkgNetwork, net = v.network, boxes = [];
  for (const id of v.nodes.getIds()) {
    const n = net.body.nodes[id];
    if (!n || n.options.hidden || !n.labelModule.elementOptions.label) continue;
    const s = n.labelModule.size, up = n.labelModule.fontOptions.vadjust || 0;  // a label drawn above its node
    if (!s.width) continue;
    const a = net.canvasToDOM({x: s.left, y: s.top + up}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height + up});
    boxes.push({id, text: n.labelModule.elementOptions.label, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
  }
  return boxes;
}"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, p in enumerate(boxes):
        for q in boxes[i + 1:]:
            if p["x0"] < q["x1"] - 1 and q["x0"] < p["x1"] - 1 and p["y0"] < q["y1"] - 1 and q["y0"] < p["y1"] - 1:
                found.append((p["text"], q["text"]))
    return found


def open_view(page, url: str, size: tuple[int, int] = (1440, 900)) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    page.wait_for_function(STABLE, timeout=20_000)


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
def test_the_first_click_on_a_node_opens_its_panel(page, server_url, size):
    open_view(page, server_url + "/explore/systems/quang-nam/qoffice/network?depth=2", size)
    bottom = page.evaluate("document.getElementById('network').getBoundingClientRect().bottom")
    assert bottom <= size[1]  # the canvas ends above the fold: pressing on it cannot scroll the page
    for node in ("govca", "quang-nam/lgsp"):
        at = page.evaluate(NODE_POSITION, node)
        page.mouse.click(at["x"], at["y"])
        panel = page.locator("#network-panel")
        panel.wait_for(state="visible", timeout=5_000)
        label = page.evaluate("id => window.egovkgNetwork.nodes.get(id).full", node)
        assert panel.locator("h2").inner_text() == label
        assert page.evaluate("window.scrollY") == 0
        assert f"sel={node.replace('/', '%2F')}" in page.url
    # the panel of a system: its details from the store, and its neighbours counted by relation
    page.wait_for_function("document.querySelectorAll('#network-panel .network-rels li').length > 0", timeout=5_000)
    assert "exchanges data via" in page.locator("#network-panel .network-rels").inner_text()
    assert_clean(page)


def test_expand_hide_filter_and_the_address_keeps_them(page, server_url):
    url = server_url + "/explore/systems/quang-nam/qoffice/network?depth=1"
    open_view(page, url)
    before = node_ids(page)
    assert not {"kien-giang/dms", "cao-bang/tthc-system"} & before  # other provinces' systems stay out
    at = page.evaluate(NODE_POSITION, "govca")
    page.mouse.click(at["x"], at["y"])
    expand = page.locator('#network-panel button.network-expand[data-rel="signsWith"]')
    expand.wait_for(state="visible", timeout=5_000)
    assert "5 not shown" in expand.inner_text()  # the count before expanding: 6 sign with GovCA, Qoffice is shown
    expand.click()
    page.wait_for_function("window.egovkgNetwork.nodes.get('kien-giang/dms') !== null", timeout=5_000)
    after = node_ids(page)
    assert {"kien-giang/dms", "cao-bang/tthc-system"} <= after and len(after) == len(before) + 5
    assert "exp=govca~signsWith" in page.url

    at = page.evaluate(NODE_POSITION, "quang-nam/task-management")
    page.mouse.click(at["x"], at["y"])
    page.locator("#network-hide").click()
    assert "quang-nam/task-management" not in node_ids(page)
    assert "hide=quang-nam%2Ftask-management" in page.url

    page.locator("#network-filters summary").click()
    page.locator('input[data-facet="layer"][value="app"]').uncheck()
    hidden = set(page.evaluate("window.egovkgNetwork.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert "quang-nam/qoffice" in hidden and "govca" not in hidden
    assert "off=layer%3Aapp" in page.url

    # export: what is shown, as SVG (labels as text, nothing from the data as markup) and as PNG
    svg = page.evaluate("window.egovkgNetwork.svg()")
    assert svg.startswith("<svg") and "Government specialised digital-signature certification service (GovCA)" in svg
    assert "<script" not in svg
    assert "Phần mềm giám sát nhiệm vụ, công việc" not in svg and "Hệ thống quản lý văn bản Qoffice" not in svg  # hidden, filtered
    assert page.evaluate("window.egovkgNetwork.png()").startswith("data:image/png;base64,")
    with page.expect_download() as download:
        page.click("#network-svg")
    assert download.value.suggested_filename.endswith(".svg")

    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_function(STABLE, timeout=20_000)
    page.wait_for_function("window.egovkgNetwork.nodes.get('kien-giang/dms') !== null", timeout=5_000)
    page.wait_for_function("window.egovkgNetwork.nodes.get('quang-nam/task-management') === null", timeout=5_000)
    assert page.evaluate("window.egovkgNetwork.nodes.get('quang-nam/qoffice').hidden") is True
    assert_clean(page)


def test_search_in_the_view_finds_and_shows_a_node(page, server_url):
    open_view(page, server_url + "/explore/systems/quang-nam/qoffice/network?depth=2&lang=vi")  # Vietnamese names
    page.fill("#network-find", "chu ky so")  # without diacritics: "chữ ký số"
    page.keyboard.press("Enter")
    panel = page.locator("#network-panel")
    panel.wait_for(state="visible", timeout=5_000)
    assert "chữ ký số" in panel.locator("h2").inner_text()
    assert_clean(page)


@pytest.mark.parametrize("path", [
    "/explore/systems/quang-nam/qoffice/network?depth=2",
    "/explore/systems/quang-nam/qoffice/network?depth=3&across=1",
    "/explore/national/network",
    "/explore/provinces/quang-nam/network?across=1",
])
@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
def test_labels_never_overlap_where_the_view_opens(page, server_url, path, size):
    open_view(page, server_url + path, size)
    page.wait_for_timeout(300)
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 5
    assert overlaps(boxes) == []
    heights = [b["y1"] - b["y0"] for b in boxes]
    assert min(heights) >= 12  # drawn at a readable size on the screen, whatever the zoom
    # zooming in separates them: at least as many labels, none overlapping
    page.evaluate("() => { const n = window.egovkgNetwork.network; n.moveTo({scale: n.getScale() * 2}); }")
    page.wait_for_timeout(400)
    zoomed = page.evaluate(LABEL_BOXES)
    assert overlaps(zoomed) == []


def test_hover_shows_a_shortened_label_whole(page, server_url):
    open_view(page, server_url + "/explore/national/network", (1280, 720))
    short = page.evaluate("Object.entries(window.egovkgNetwork.shown).filter(([id, l]) => l.endsWith('…')).map(([id]) => id)")
    assert short
    at = page.evaluate(NODE_POSITION, short[0])
    page.mouse.move(at["x"], at["y"])
    full = page.evaluate("id => window.egovkgNetwork.nodes.get(id).full", short[0])
    page.wait_for_function("([id, full]) => window.egovkgNetwork.nodes.get(id).label === full", arg=[short[0], full], timeout=5_000)


def test_paths_ask_which_one_when_a_name_is_ambiguous(page, server_url):
    page.goto(server_url + "/explore/path?from=lgsp&to=ndxp")
    text = page.locator(".ambiguous").inner_text()
    assert "LGSPs match “lgsp”" in text
    page.locator(".ambiguous a", has_text="Quảng Nam").first.click()
    page.wait_for_function(STABLE, timeout=20_000)
    assert "shortest, 1 hop" in page.locator("ol.paths").inner_text()
    assert_clean(page)


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch axe-core for the accessibility test (apt-get install npm)")
        subprocess.run([npm, "install", "--prefix", str(AXE.parents[2]), "axe-core@4.14.1", "--no-audit", "--no-fund", "--silent"],
                       check=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [
    "/explore", "/explore/systems/quang-nam/qoffice", "/explore/systems/quang-nam/qoffice/network?depth=2",
    "/explore/national", "/explore/national/network", "/explore/path?from=qoffice+quang+nam&to=ndxp", "/explore/systems/quang-nam/lgsp/impact",
    "/explore/path?from=lgsp&to=ndxp", "/query",
])
def test_no_serious_accessibility_violation(page, server_url, axe_script, path):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server_url + path)
    if page.locator("[data-network]").count():
        page.wait_for_function(STABLE, timeout=20_000)
    page.add_script_tag(content=axe_script)
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert_clean(page)


def test_query_results_are_drawn_as_the_same_network_beside_the_table(page, server_url):
    construct = ("CONSTRUCT { ?s egov:connectsTo ?o } WHERE { ?s egov:connectsTo ?o }")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server_url + "/query?lang=vi&query=" + construct.replace(" ", "+").replace("{", "%7B").replace("}", "%7D").replace("?", "%3F"))
    page.wait_for_function(STABLE, timeout=20_000)
    assert page.locator("#results pre.graph").is_visible() and page.locator("#result-graph").is_visible()
    assert {"quang-nam/lgsp", "ndxp"} <= node_ids(page)
    page.evaluate("document.getElementById('result-graph').scrollIntoView({block: 'start'})")  # below the editor
    at = page.evaluate(NODE_POSITION, "ndxp")
    page.mouse.click(at["x"], at["y"])
    page.locator("#network-panel").wait_for(state="visible", timeout=5_000)
    assert "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia" in page.locator("#network-panel h2").inner_text()

    select = "SELECT ?lgsp WHERE { ?lgsp a egov:LGSP } LIMIT 5"
    page.fill("#query", select)
    page.click("#run")
    page.wait_for_function("document.querySelector('#result-table') && window.egovkgNetwork.nodes.length === 5", timeout=20_000)
    assert page.locator("#result-table tbody tr").count() == 5
    page.fill("#query", "SELECT ?n WHERE { VALUES ?n { 1 2 } }")  # no IRI: the table alone
    page.click("#run")
    page.wait_for_function("document.getElementById('result-graph').hidden", timeout=20_000)
    assert_clean(page)


def test_two_hundred_resources_drawn_with_no_overlapping_label(page, server_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server_url + "/query?query=" + "SELECT DISTINCT ?s WHERE { ?s egov:locatedIn ?p } LIMIT 200".replace(" ", "+")
              .replace("{", "%7B").replace("}", "%7D").replace("?", "%3F"))
    page.wait_for_function(STABLE + " && window.egovkgNetwork.nodes.length === 200", timeout=30_000)
    page.evaluate("document.getElementById('result-graph').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 5 and overlaps(boxes) == []
    assert_clean(page)


def test_a_hostile_address_is_ignored_not_run(page, server_url):
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    hostile = ("#sel=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&exp=govca~signsWith%3Cscript%3E,"
               "..%2F..%2Fapi~x,govca~signsWith&hide=%E0%A4%A,vdxp&off=layer%3A%3Cb%3E,layer:app,kind:" + "x" * 5000)
    page.goto(server_url + "/explore/systems/quang-nam/qoffice/network?depth=1" + hostile)
    page.wait_for_function(STABLE, timeout=20_000)
    page.wait_for_function("window.egovkgNetwork.nodes.get('kien-giang/dms') !== null", timeout=5_000)
    page.wait_for_timeout(300)
    # the well-formed parts are applied, the rest is dropped
    assert "vdxp" not in node_ids(page)
    assert page.evaluate("window.egovkgNetwork.nodes.get('quang-nam/qoffice').hidden") is True
    assert page.locator("#network-panel").is_hidden()
    assert seen == [] and "%3C" not in page.url and "<" not in page.url
    assert "exp=govca~signsWith" in page.url and "off=layer%3Aapp" in page.url
    assert_clean(page)
