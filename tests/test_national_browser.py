"""The national page's layered diagram in a real headless browser (Debian's Chromium) against a real server, at
1440 × 900, in both languages: the first screen names at least 90 % of the national systems and every one of
today's 34 provinces, each label whole and drawn at 12 px or more (read from the DOM: each label's box, its
computed font size times the SVG's scale), no two labels overlapping and each inside its box; hovering a province
highlights its links with their counts; a click on a province opens the panel of its links to national systems,
whose link leads to its page; a click on a national system opens the system's panel; the force layout stays one
click away. Nothing is fetched from elsewhere and no script fails."""

from __future__ import annotations

import pytest

from .support.live import watch

VIEWPORT = {"width": 1440, "height": 900}

#: for each box: its label's text and the box's name, size on screen, the label's and the box's rectangles
LABELS = """() => {
  const svg = document.querySelector("svg.layered");
  const scale = svg.getScreenCTM().a;
  const rect = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  return [...svg.querySelectorAll(".boxes .box")].map(box => {
    const label = box.querySelector("text.label");
    const lines = [...label.querySelectorAll("tspan")].map(s => s.textContent);
    return {id: box.dataset.id, province: box.classList.contains("province"), lines,
            name: (box.querySelector("title").textContent || "").split("\\n")[0],
            size: parseFloat(getComputedStyle(label).fontSize) * scale,
            label: rect(label.getBoundingClientRect()), box: rect(box.querySelector("rect").getBoundingClientRect())};
  });
}"""


def on_screen(r: dict) -> bool:
    return r["left"] >= 0 and r["top"] >= 0 and r["right"] <= VIEWPORT["width"] and r["bottom"] <= VIEWPORT["height"]


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    found = []
    rects = sorted(labels, key=lambda x: x["label"]["top"])
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if b["label"]["top"] >= a["label"]["bottom"] - 0.5:
                break
            if (min(a["label"]["right"], b["label"]["right"]) - max(a["label"]["left"], b["label"]["left"]) > 0.5
                    and min(a["label"]["bottom"], b["label"]["bottom"]) - max(a["label"]["top"], b["label"]["top"]) > 0.5):
                found.append((a["id"], b["id"]))
    return found


def inside(label: dict, box: dict) -> bool:
    return (label["left"] >= box["left"] - 0.5 and label["right"] <= box["right"] + 0.5
            and label["top"] >= box["top"] - 0.5 and label["bottom"] <= box["bottom"] + 0.5)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_first_screen_names_the_national_systems_and_every_province(browser, server_url, lang):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(f"{server_url}/explore/national?lang={lang}")
        labels = page.evaluate(LABELS)
    finally:
        context.close()
    systems = [x for x in labels if not x["province"]]
    provinces = [x for x in labels if x["province"]]
    readable = [x for x in labels if x["size"] >= 12 - 0.01 and on_screen(x["label"]) and inside(x["label"], x["box"])]
    named = [x for x in readable if not x["province"] and " ".join(x["lines"]) == x["name"]]
    named_provinces = {x["id"] for x in readable if x["province"] and x["lines"][0] == x["name"]}
    assert len(systems) >= 30 and len(named) >= 0.9 * len(systems)
    assert len(named) == len(systems)   # today: every one
    assert len(provinces) == 34 and named_provinces == {x["id"] for x in provinces}
    assert not any("…" in line for x in labels for line in x["lines"])
    assert overlapping(labels) == []
    names = {x["id"]: x["name"] for x in provinces}
    assert names["province/da-nang"] == "Đà Nẵng" and names["province/quang-tri"] == "Quảng Trị"
    assert seen.console_errors == [] and seen.page_errors == [] and seen.outside_requests == []


def test_hover_counts_and_clicks_open_panels_and_pages(browser, server_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(server_url + "/explore/national?lang=en")
        province = page.locator('svg.layered .box[data-id="province/da-nang"]')
        province.hover()
        assert page.evaluate("document.querySelector('svg.layered').classList.contains('dim')")
        counts = page.evaluate("[...document.querySelectorAll('svg.layered .edges .edge[data-a=\"province/da-nang\"]')]"
                               ".map(e => e.dataset.n).sort()")
        assert len(counts) >= 3
        badges = page.evaluate("[...document.querySelectorAll('svg.layered .overlay .badge text')].map(t => t.textContent).sort()")
        assert badges == counts   # each link's number, shown by the national system it reaches
        assert page.locator('svg.layered .box.hl[data-id="ndxp"]').count() == 1

        province.click()
        panel = page.locator("#layered-panel")
        panel.wait_for(state="visible", timeout=5_000)
        page.wait_for_function("document.querySelector('#layered-panel .panel-title') !== null", timeout=5_000)
        assert panel.locator(".panel-title").inner_text() == "Đà Nẵng"
        assert panel.locator("ul.national-links > li").count() == len(counts)
        assert page.url.endswith("/explore/national?lang=en")   # the page stays
        page.keyboard.press("Escape")
        assert panel.is_hidden()

        system = page.locator('svg.layered .box[data-id="ndxp"]')
        name = system.locator("title").text_content().split("\n")[0]
        system.click()
        page.wait_for_function("document.querySelector('#layered-panel .panel-title') !== null && "
                               "document.querySelector('#layered-panel .panel-title').textContent.includes('NDXP')", timeout=5_000)
        assert panel.locator(".panel-title").inner_text() == name
        page.keyboard.press("Escape")

        province.focus()   # the keyboard too: Enter opens the province's panel, whose link opens its page
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#layered-panel .panel-title') !== null && "
                               "document.querySelector('#layered-panel .panel-title').textContent === 'Đà Nẵng'", timeout=5_000)
        panel.get_by_role("link", name="Open the province's architecture").click()
        page.wait_for_url("**/explore/provinces/da-nang")
        assert page.locator("svg.layered .box[data-id='quang-nam/lgsp']").count() == 1

        page.goto(server_url + "/explore/national?lang=vi")
        page.click("#network-link")
        page.wait_for_url("**/explore/national/network")
        assert page.locator("[data-network]").count() == 1
    finally:
        context.close()
    assert seen.console_errors == [] and seen.page_errors == [] and seen.outside_requests == []


def test_as_of_shows_at_once(browser, server_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(server_url + "/explore/national?lang=en")
        before = page.locator("svg.layered .edges .edge.agg").count()
        page.select_option("form.asof select", "2020")
        page.wait_for_url("**as_of=2020*")
        assert "2020" in page.locator("h1").inner_text()
        assert page.locator("svg.layered .edges .edge.agg").count() < before
        assert page.locator("svg.layered .box.province").count() == 34
    finally:
        context.close()
    assert seen.console_errors == [] and seen.page_errors == [] and seen.outside_requests == []
