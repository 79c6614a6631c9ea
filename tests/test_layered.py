"""The layered diagram (graph.views.layered) without a browser: for every province in the bundled data, in both
languages, no two boxes overlap, every line fits its box, the diagram fits the first screen and names at least
70 % of the systems in full; the output is deterministic; names from data stay text; "as of" shows what was
stated then; and the pages, the SVG download and the side panel answer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.i18n import translator
from egovkg.errors import NotFoundError
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.network.asof import as_of, choices
from graph.network.projection import Projection
from graph.store import OxigraphStore
from graph.views.layered import HEIGHT, fits, overlaps, province_diagram, render_svg, system_diagram, text_width
from graph.views.layered.measure import PAD_X
from graph.views.layered import province_members
from loaders import read_sources

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def projection(kg) -> Projection:
    return Projection.build(kg)


def provinces_with_systems(p: Projection) -> list[str]:
    return [slug for slug in sorted(p.provinces) if province_members(p, slug)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_province_fits_the_first_screen_with_no_overlap(projection, lang):
    t = translator(lang)
    named = total = 0
    slugs = provinces_with_systems(projection)
    assert len(slugs) > 50
    for slug in slugs:
        d = province_diagram(projection, slug, t, lang=lang)
        assert overlaps(d) == [], slug
        assert fits(d) and d.height <= HEIGHT, slug
        for b in d.boxes:
            assert 1 <= len(b.lines) <= 2, (slug, b.name)
            assert all(text_width(line) <= b.w - 2 * PAD_X + 0.01 for line in b.lines), (slug, b.lines, b.w)
        systems = len(d.systems) + sum(b.more for b in d.boxes)
        assert d.named >= 0.7 * systems, (slug, d.named, systems)
        named, total = named + d.named, total + systems
    assert named == total  # today every name in the bundled data is shown whole: a change that loses one shows here


def test_the_biggest_province_names_every_system(projection):
    d = province_diagram(projection, "da-nang", translator("vi"), lang="vi")   # with Quảng Nam, merged into it
    own = [b for b in d.systems if not b.outside]
    assert len(own) >= 55 and all(b.complete for b in d.systems) and not any(b.more for b in d.boxes)
    assert {b.layer for b in d.systems} >= {"chn", "app", "int", "dat", "inf", "sec"}
    assert all(b.x >= d.margin_x for b in d.systems if b.outside)   # national systems in the margin, right
    assert all(b.x + b.w < d.margin_x for b in own)


def test_same_state_same_bytes(kg, projection):
    t = translator("en")
    first = render_svg(province_diagram(projection, "quang-nam", t, lang="en"))
    assert first == render_svg(province_diagram(projection, "quang-nam", t, lang="en"))
    assert first == render_svg(province_diagram(Projection.build(kg), "quang-nam", t, lang="en"))
    ET.fromstring(first)   # well-formed


def test_a_band_folds_into_plus_n_only_when_it_must(projection):
    t = translator("en")
    d = province_diagram(projection, "quang-nam", t, lang="en", max_height=400)
    more = [b for b in d.boxes if b.more]
    assert more and d.height <= 400 and overlaps(d) == []
    assert len(d.systems) + sum(b.more for b in more) == len(province_diagram(projection, "quang-nam", t, lang="en").systems)
    assert d.notes and str(sum(b.more for b in more)) in d.notes[0]
    assert province_diagram(projection, "quang-nam", t, lang="en", max_height=None).height > 400


def test_as_of_shows_what_was_stated_then(kg, projection):
    t = translator("en")
    then, later = as_of(kg, "quang-nam", "2020"), as_of(kg, "quang-nam", "2022")
    d2020 = province_diagram(projection, "quang-nam", t, lang="en", as_of=then)
    d2022 = province_diagram(projection, "quang-nam", t, lang="en", as_of=later)
    ioc2020 = next(b for b in d2020.systems if b.id == "quang-nam/ioc")
    ioc2022 = next(b for b in d2022.systems if b.id == "quang-nam/ioc")
    assert (ioc2020.status, ioc2022.status) == ("pilot", "operational")   # the 2020 report: a pilot; 2022: operational
    assert ioc2020.style == "pilot"
    assert len(d2020.systems) < len(d2022.systems) <= len(province_diagram(projection, "quang-nam", t, lang="en").systems)
    one = as_of(kg, "quang-nam", "quang-nam-2021-vcci-qoffice")
    assert one.sources == {"quang-nam-2021-vcci-qoffice"} and one.year == 2021
    assert {b.id for b in province_diagram(projection, "quang-nam", t, lang="en", as_of=one).systems if not b.outside} < {
        b.id for b in d2022.systems}
    assert [c.spec for c in choices(kg, "quang-nam") if c.report is None] == ["2020", "2021", "2022", "2025"]
    with pytest.raises(NotFoundError, match="first is of 2020"):
        as_of(kg, "quang-nam", "2019")
    with pytest.raises(NotFoundError, match="neither a year nor a source"):
        as_of(kg, "quang-nam", "nothing-of-the-kind")


def test_surroundings_of_a_system(projection):
    key = projection.system_key("quang-nam/lgsp")
    d = system_diagram(projection, key, translator("vi"), lang="vi")
    centre = [b for b in d.systems if b.centre]
    assert [b.id for b in centre] == ["quang-nam/lgsp"]
    assert {"ndxp"} <= {b.id for b in d.systems if b.outside}
    assert overlaps(d) == [] and fits(d)


HOSTILE = """
source:
  id: layered-hostile
  title: "Hostile <b>title</b> & co"
  issued: 2024
  province: quang-nam
  period: 2024
  kind: article
systems:
  - id: layered-hostile
    kind: DocumentManagementSystem
    label: {vi: "Hệ thống <script>alert(1)</script> & \\"co\\"", en: "System <img src=x onerror=alert(2)> & 'co'"}
    status: planned
    quote: "<script>alert(3)</script> & more"
links:
  - from: layered-hostile
    rel: sendsDocumentsVia
    to: vdxp
    quote: "a <b>link</b> & more"
"""


def test_names_from_data_stay_text(tmp_path: Path, iris, bundled):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    graph = KnowledgeGraph(OxigraphStore(), iris)
    try:
        graph.load([*bundled, *read_sources([path], iris)])
        p = Projection.build(graph)
        for lang, name in (("vi", 'Hệ thống <script>alert(1)</script> & "co"'), ("en", "System <img src=x onerror=alert(2)> & 'co'")):
            svg = render_svg(province_diagram(p, "quang-nam", translator(lang), lang=lang))
            assert "<script" not in svg and "<img" not in svg
            root = ET.fromstring(svg)
            box = root.find(f".//{SVG}a[@data-id='quang-nam/layered-hostile']")
            assert box is not None and "planned" in box.get("class", "")
            assert box.find(f"{SVG}title").text.startswith(name)
            assert " ".join(s.text for s in box.iter(f"{SVG}tspan")) == name
        with TestClient(create_app(Settings(), graph)) as client:
            page = client.get("/explore/provinces/quang-nam", params={"lang": "en"}).text
            assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
            panel = client.get("/explore/systems/quang-nam/layered-hostile/panel").text
            assert "<script>alert" not in panel and "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    finally:
        graph.close()


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_province_page_download_and_panel(client):
    page = client.get("/explore/provinces/quang-nam", params={"lang": "vi"})
    assert page.status_code == 200 and '<svg xmlns="http://www.w3.org/2000/svg" class="layered"' in page.text
    assert 'href="/explore/provinces/quang-nam/network"' in page.text and 'href="/explore/provinces/quang-nam/layers.svg"' in page.text
    assert "Kiến trúc Quảng Nam" in page.text and "cdn" not in page.text.lower()
    then = client.get("/explore/provinces/quang-nam", params={"as_of": "2020", "lang": "en"})
    assert then.status_code == 200 and "as stated by 2020" in then.text
    assert 'href="/explore/provinces/quang-nam/layers.svg?as_of=2020"' in then.text
    assert client.get("/explore/provinces/quang-nam", params={"as_of": "1999"}).status_code == 404
    assert client.get("/explore/provinces/atlantis").status_code == 404

    svg = client.get("/explore/provinces/quang-nam/layers.svg", params={"as_of": "2022"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "attachment" in svg.headers["content-disposition"] and "default-src 'none'" in svg.headers["content-security-policy"]
    root = ET.fromstring(svg.content)
    assert root.tag == f"{SVG}svg" and len(root.findall(f".//{SVG}g[@class='band']")) >= 5

    network = client.get("/explore/provinces/quang-nam/network")
    assert network.status_code == 200 and "vis-network" in network.text

    panel = client.get("/explore/systems/quang-nam/ioc/panel", params={"lang": "en"})
    assert panel.status_code == 200 and 'class="panel-title"' in panel.text
    assert "pilot" in panel.text and "operational" in panel.text   # status over time: 2020, then 2022
    assert 'href="/explore/systems/quang-nam/ioc"' in panel.text and 'href="/explore/systems/quang-nam/ioc/network"' in panel.text
    assert client.get("/explore/systems/quang-nam/nope/panel").status_code == 404

    layers = client.get("/explore/systems/quang-nam/lgsp/layers")
    assert layers.status_code == 200 and 'class="box operational centre"' in layers.text
    assert client.get("/explore/systems/quang-nam/lgsp/layers", params={"depth": 9}).status_code == 422
