"""The province pages' layered diagram in a real headless browser (Debian's Chromium) against a real server, at
1440 × 900: for every province in the bundled data, in both languages, the first screen names at least 70 % of
its systems in labels drawn at 12 px or more (read from the DOM: each label's box, its computed font size times
the SVG's scale), no two labels overlap; the first click on a system opens its panel; hovering highlights its
links; nothing is fetched from elsewhere and no script fails. And the standalone file of ``egovkg render
--layered`` draws the same diagram offline."""

from __future__ import annotations

import pytest

from graph.network.projection import Projection
from graph.views.layered import province_members

from .support.cli import run
from .support.live import watch

VIEWPORT = {"width": 1440, "height": 900}

#: for each system box: is its label on the first screen, at what size, does it name the system in full
LABELS = """() => {
  const svg = document.querySelector("svg.layered");
  const scale = svg.getScreenCTM().a;
  const out = [];
  for (const box of svg.querySelectorAll(".boxes .box")) {
    const label = box.querySelector("text.label");
    const r = label.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(label).fontSize) * scale;
    const shown = [...label.querySelectorAll("tspan")].map(s => s.textContent).join(" ");
    const name = (box.querySelector("title").textContent || "").split("\\n")[0];
    out.push({id: box.dataset.id, more: parseInt(box.dataset.more || "0", 10), shown, name, size,
              rect: {left: r.left, top: r.top, right: r.right, bottom: r.bottom}});
  }
  return out;
}"""


def first_screen(labels: list[dict]) -> tuple[int, int, list[tuple[str, str]]]:
    """(systems named in full on the first screen at 12 px or more, systems in all, overlapping label pairs)."""
    systems = [x for x in labels if not x["more"]]
    total = len(systems) + sum(x["more"] for x in labels)
    named = sum(1 for x in systems if x["shown"] == x["name"] and x["size"] >= 12 - 0.01
                and x["rect"]["left"] >= 0 and x["rect"]["top"] >= 0
                and x["rect"]["right"] <= VIEWPORT["width"] and x["rect"]["bottom"] <= VIEWPORT["height"])
    overlapping = []
    rects = sorted(labels, key=lambda x: x["rect"]["top"])
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if b["rect"]["top"] >= a["rect"]["bottom"] - 0.5:
                break
            if (min(a["rect"]["right"], b["rect"]["right"]) - max(a["rect"]["left"], b["rect"]["left"]) > 0.5
                    and min(a["rect"]["bottom"], b["rect"]["bottom"]) - max(a["rect"]["top"], b["rect"]["top"]) > 0.5):
                overlapping.append((a["id"] or "+N", b["id"] or "+N"))
    return named, total, overlapping


@pytest.fixture(scope="module")
def provinces(kg) -> list[str]:
    p = Projection.build(kg)
    return [slug for slug in sorted(p.provinces) if province_members(p, slug)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_province_page_names_its_systems_on_the_first_screen(browser, server_url, provinces, lang):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    failures, coverage = [], {}
    try:
        for slug in provinces:
            page.goto(f"{server_url}/explore/provinces/{slug}?lang={lang}")
            named, total, overlapping = first_screen(page.evaluate(LABELS))
            coverage[slug] = (named, total)
            if total and named < 0.7 * total:
                failures.append(f"{slug}: {named} of {total} named on the first screen")
            if overlapping:
                failures.append(f"{slug}: labels overlap: {overlapping[:3]}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    assert sum(n for n, _ in coverage.values()) == sum(t for _, t in coverage.values())   # today: every one
    assert coverage["da-nang"][1] >= 65   # the biggest: Đà Nẵng with Quảng Nam's systems, and the national ones
    assert seen.console_errors == [] and seen.page_errors == [] and seen.outside_requests == []


def test_first_click_opens_the_panel_and_hover_highlights_the_links(browser, server_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(server_url + "/explore/provinces/quang-nam?lang=en")
        lgsp = page.locator('svg.layered .box[data-id="quang-nam/lgsp"]')
        lgsp.hover()
        assert page.evaluate("document.querySelector('svg.layered').classList.contains('dim')")
        assert page.locator("svg.layered .overlay .edge").count() >= 3   # its links, drawn on top
        assert page.locator('svg.layered .box.hl[data-id="ndxp"]').count() == 1

        first = page.locator("svg.layered .boxes .box[data-id]").first
        name = first.locator("title").text_content().split("\n")[0]
        first.click()
        panel = page.locator("#layered-panel")
        panel.wait_for(state="visible", timeout=5_000)
        page.wait_for_function("document.querySelector('#layered-panel .panel-title') !== null", timeout=5_000)
        assert panel.locator(".panel-title").inner_text() == name
        assert page.url.endswith("/explore/provinces/quang-nam?lang=en")   # the page stays
        assert panel.locator(".panel-links a").count() == 3
        page.keyboard.press("Escape")
        assert panel.is_hidden()
        lgsp.focus()   # the keyboard too: a box is a link; Enter opens the panel
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#layered-panel .panel-title') !== null && "
                               "document.querySelector('#layered-panel .panel-title').textContent.includes('LGSP')", timeout=5_000)
        assert page.evaluate("document.activeElement.classList.contains('panel-title')")   # focus moves into the panel
        page.keyboard.press("Escape")
        assert panel.is_hidden() and page.evaluate("document.activeElement.dataset.id") == "quang-nam/lgsp"

        page.goto(server_url + "/explore/provinces/quang-nam?lang=vi&as_of=2020")
        ioc = page.locator('svg.layered .box[data-id="quang-nam/ioc"]')
        assert "pilot" in (ioc.get_attribute("class") or "")   # a pilot in the 2020 report
        page.select_option("form.asof select", "2022")   # the choice shows at once
        page.wait_for_url("**as_of=2022*")
        assert "operational" in (page.locator('svg.layered .box[data-id="quang-nam/ioc"]').get_attribute("class") or "")
    finally:
        context.close()
    assert seen.console_errors == [] and seen.page_errors == [] and seen.outside_requests == []


def test_standalone_layered_file_draws_offline(browser, loaded_store, tmp_path):
    out = tmp_path / "quang-nam.html"
    run("render", "--province", "quang-nam", "--layered", "--lang", "en", "-o", str(out), store=loaded_store)
    svg = tmp_path / "quang-nam.svg"
    run("render", "--province", "quang-nam", "--layered", "-o", str(svg), store=loaded_store)
    assert svg.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(out.as_uri())
        named, total, overlapping = first_screen(page.evaluate(LABELS))
        assert total >= 55 and named == total and overlapping == []
        page.locator('svg.layered .box[data-id="quang-nam/lgsp"]').hover()
        assert page.locator("svg.layered .overlay .edge").count() >= 3
    finally:
        context.close()
    assert seen.console_errors == [] and seen.page_errors == []
    assert all(u.startswith("file://") for u in seen.outside_requests)
