"""The explorer in a real headless browser (Debian's Chromium) against a real server: search, system
page, network view, clicking a node; no console errors and no request leaving 127.0.0.1. And the
escaping test: a system labelled ``<img src=x onerror=alert(1)>`` shown by the served pages and by a
standalone file opened with the network off neither runs script nor breaks the page.

The network views themselves (first click, expand, hide, filters, shared state, labels that never
overlap, accessibility) are in ``test_network_browser.py``."""

from __future__ import annotations

import pytest

from api import create_app
from egovkg.settings import Settings
from graph import views
from graph.network.projection import Projection

from .support import hostile
from .support.paths import SEEDS
from .support.live import serve
from .support.network import NODE_POSITION, STABLE, assert_clean, node_ids


def test_search_system_page_network_and_click_through(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server_url + "/explore")
    page.fill("form.search input[name=q]", "Qoffice")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/explore?q=Qoffice*")
    page.click("ol.hits li >> nth=0 >> a")
    page.wait_for_url("**/explore/systems/quang-nam/qoffice")
    assert "Qoffice" in page.locator("h1").inner_text()
    assert page.locator("table.links").count() == 1

    page.click("#network-link")
    page.wait_for_url("**/explore/systems/quang-nam/qoffice/network?depth=1")
    page.wait_for_function(STABLE, timeout=20_000)
    # the 2022 report: Qoffice "kết nối trục liên thông văn bản chính phủ và tích hợp chữ ký số chuyên dùng";
    # the 2020 report: its exchanges go "thông qua Trục tích hợp dữ liệu của tỉnh"
    assert "kết nối trục liên thông văn bản chính phủ và tích hợp chữ ký số chuyên dùng" in (
        SEEDS / "002_0f388545152859fb.txt").read_text(encoding="utf-8")
    assert {"quang-nam/qoffice", "vdxp", "govca", "quang-nam/lgsp"} <= node_ids(page)
    assert page.evaluate("window.egovkgNetwork.network.physics.options.enabled") is False  # settled, then stopped

    at = page.evaluate(NODE_POSITION, "quang-nam/lgsp")
    page.mouse.click(at["x"], at["y"])
    panel = page.locator("#network-panel")
    panel.wait_for(state="visible", timeout=5_000)
    assert "Quảng Nam data integration and sharing platform" in panel.locator("h2").inner_text()  # its English name
    panel.get_by_role("link", name="Open its page").click()
    page.wait_for_url("**/explore/systems/quang-nam/lgsp")
    assert "LGSP" in page.locator("h1").inner_text()
    assert_clean(page)


@pytest.mark.parametrize("path", [
    "/explore/provinces/quang-nam/network", "/explore/national/network", "/explore/systems/quang-nam/lgsp/impact",
    "/explore/path?from=qoffice+quang+nam&to=ndxp",
    "/explore/construct?query=CONSTRUCT+%7B+%3Fs+egov%3AconnectsTo+%3Fo+%7D+WHERE+%7B+%3Fs+egov%3AconnectsTo+%3Fo+%7D",
])
def test_network_pages_draw_offline_without_errors(page, server_url, path):
    page.goto(server_url + path)
    page.wait_for_function(STABLE, timeout=20_000)
    assert len(node_ids(page)) >= 2
    assert page.locator(".network-legend li").count() >= 1
    assert_clean(page)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, iris, bundled):
    graph = hostile.hostile_kg(tmp_path_factory.mktemp("hostile-served"), iris, bundled)
    with serve(create_app(Settings(), graph)) as url:
        yield url, graph
    graph.close()


def dialogs_of(page) -> list[str]:
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def test_hostile_labels_on_the_served_pages_stay_text(page, hostile_server):
    url, _ = hostile_server
    dialogs = dialogs_of(page)
    page.goto(url + "/explore?q=onerror&lang=vi")  # (the Vietnamese name first: the cookie keeps the language)
    assert page.locator("ol.hits a").first.inner_text() == hostile.LABEL
    page.goto(url + "/explore/systems/" + hostile.SYSTEM_ID)
    assert page.locator("h1").inner_text() == hostile.LABEL
    assert hostile.ALIAS in page.locator("table.details").inner_text()
    assert hostile.LINK_QUOTE in page.locator("table.links").inner_text()
    assert page.locator("main img, main svg").count() == 0

    page.goto(url + "/explore/systems/" + hostile.SYSTEM_ID + "/network")
    page.wait_for_function(STABLE, timeout=20_000)
    label = page.evaluate("id => window.egovkgNetwork.nodes.get(id).full", hostile.SYSTEM_ID)
    assert label == hostile.LABEL
    at = page.evaluate(NODE_POSITION, hostile.SYSTEM_ID)
    page.mouse.move(at["x"], at["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith(hostile.LABEL)
    assert tooltip.locator(":not(br)").count() == 0  # plain text: line breaks, no other element
    page.mouse.click(at["x"], at["y"])  # the panel shows the label and quotes as text
    panel = page.locator("#network-panel")
    panel.wait_for(state="visible", timeout=5_000)
    assert panel.locator("h2").inner_text() == hostile.LABEL
    page.wait_for_function("document.querySelectorAll('#network-panel .network-rels li').length > 0", timeout=5_000)
    assert panel.locator("img, script, iframe").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert_clean(page)


def test_hostile_labels_in_a_standalone_file_opened_offline(page, hostile_server, tmp_path):
    _, graph = hostile_server
    p = Projection.build(graph)
    out = tmp_path / "hostile.html"
    out.write_text(views.render_html(views.neighbourhood_view(p, p.key(hostile.SYSTEM_ID), 1)), encoding="utf-8")
    dialogs = dialogs_of(page)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.context.set_offline(True)
    page.goto(out.as_uri())
    page.wait_for_function(STABLE, timeout=20_000)
    # the file is in English, its texts and its nodes' names alike (lang="en"), every name as text
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == hostile.LABEL_EN + ": links to depth 1"
    assert {hostile.SYSTEM_ID, "vdxp", "govca"} <= node_ids(page)
    label = page.evaluate("id => window.egovkgNetwork.nodes.get(id).full", hostile.SYSTEM_ID)
    assert label == hostile.LABEL_EN
    page.wait_for_timeout(300)
    assert dialogs == []
    assert requested == [out.as_uri()]  # the file itself, nothing else
    assert page.watch.console_errors == [] and page.watch.page_errors == []
