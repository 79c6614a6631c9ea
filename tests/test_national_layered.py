"""The national level as a layered diagram (graph.views.layered.national) without a browser: in both languages
every national system and each of today's 34 provinces is named whole, no two boxes overlap, every line fits its
box and the diagram fits the first screen; the same state gives the same bytes; a province's link to a national
system counts its systems that link to it; names from data stay text; "as of" a year keeps what was stated by
then; the page, the SVG download, the province's panel and the network view answer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.i18n import translator
from egovkg.errors import ParameterError
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.network.asof import national_as_of, national_choices
from graph.network.coverage import coverage
from graph.network.projection import Projection
from graph.store import OxigraphStore
from graph.views.layered import HEIGHT, fits, national_diagram, overlaps, province_diagram, render_svg, text_width
from graph.views.layered.measure import PAD_X
from graph.views.layered.national import national_links
from loaders import read_sources

from .support.cli import run

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def projection(kg) -> Projection:
    return Projection.build(kg)


@pytest.fixture(scope="module")
def today(kg) -> list[str]:
    return [c.slug for c in coverage(kg)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_national_system_and_province_is_named_on_the_first_screen(projection, today, lang):
    assert len(today) == 34
    d = national_diagram(projection, translator(lang), lang=lang, provinces=today)
    provinces = [b for b in d.boxes if b.kind == "Province"]
    national = [b for b in d.boxes if b.kind != "Province"]
    assert sorted(b.id for b in provinces) == sorted("province/" + s for s in today)
    assert len(national) == sum(1 for k in projection.systems() if projection.node(k).get("national")) >= 30
    assert not any(b.more for b in d.boxes) and all(b.complete for b in d.boxes)
    assert overlaps(d) == [] and fits(d) and d.height <= HEIGHT
    for b in d.boxes:
        assert 1 <= len(b.lines) <= 2 and all(text_width(line) <= b.w - 2 * PAD_X + 0.01 for line in b.lines), b.lines
    for b in national:
        assert " ".join(b.lines) == b.name   # the whole name, on one or two lines
    for b in provinces:
        assert b.lines[0] == b.name and b.x >= d.margin_x   # the province's name whole, in the margin at the right
    assert all(b.x + b.w < d.margin_x for b in national)
    assert {b.layer for b in national} >= {"chn", "app", "int", "dat", "inf", "sec"}
    names = {b.id: b.name for b in provinces}
    assert names["province/da-nang"] == "Đà Nẵng"   # diacritics kept
    assert names["province/ho-chi-minh"] == ("Thành phố Hồ Chí Minh" if lang == "vi" else "Hồ Chí Minh City")


def test_a_province_link_counts_its_systems(projection, today):
    d = national_diagram(projection, translator("en"), lang="en", provinces=today)
    links = {(e.source, e.target): e for e in d.edges if e.count}
    expected = national_links(projection, "da-nang")
    assert expected and all(len(v) >= 1 for v in expected.values())
    for key, systems in expected.items():
        e = links[("province/da-nang", projection.node(key)["id"])]
        assert e.count == len(systems) and e.path.startswith("M")
    # every system counted is Đà Nẵng's (or of Quảng Nam, merged into it) and links to the national one
    for key, systems in expected.items():
        for k in systems:
            assert projection.node(k).get("province_today") == "da-nang"
            assert any(key in (r.source, r.target) for r in projection.edges_of(k))
    box = next(b for b in d.boxes if b.id == "province/da-nang")
    assert box.lines[1] == "59 systems" and box.url == "/explore/provinces/da-nang"
    assert box.panel == "/explore/national/provinces/da-nang/panel?lang=en"


def test_same_state_same_bytes(kg, projection, today):
    t = translator("vi")
    first = render_svg(national_diagram(projection, t, lang="vi", provinces=today))
    assert first == render_svg(national_diagram(projection, t, lang="vi", provinces=today))
    assert first == render_svg(national_diagram(Projection.build(kg), t, lang="vi", provinces=list(reversed(today))))
    ET.fromstring(first)


def test_the_province_diagram_is_unchanged_by_the_national_one(projection, today):
    t = translator("en")
    before = render_svg(province_diagram(projection, "quang-nam", t, lang="en"))
    national_diagram(projection, t, lang="en", provinces=today)
    assert render_svg(province_diagram(projection, "quang-nam", t, lang="en")) == before


def test_as_of_a_year_keeps_what_was_stated_by_then(kg, projection, today):
    years = [c.year for c in national_choices(kg)]
    assert years == sorted(years) and len(years) >= 3
    early, now = national_as_of(kg, str(years[0])), None
    d_early = national_diagram(projection, translator("en"), lang="en", provinces=today, as_of=early)
    d_now = national_diagram(projection, translator("en"), lang="en", provinces=today, as_of=now)
    assert sum(e.count for e in d_early.edges) < sum(e.count for e in d_now.edges)
    assert str(years[0]) in d_early.title and overlaps(d_early) == []
    with pytest.raises(ParameterError):
        national_as_of(kg, "last year")


HOSTILE = """
source:
  id: national-hostile
  title: "Hostile <b>title</b>"
  issued: 2024
  province: quang-nam
  period: 2024
  kind: article
systems:
  - id: national-hostile
    kind: DocumentManagementSystem
    label: {vi: "Hệ thống <script>alert(1)</script> & \\"co\\"", en: "System <img src=x onerror=alert(2)> & 'co'"}
    status: operational
    quote: "<script>alert(3)</script>"
links:
  - from: national-hostile
    rel: sendsDocumentsVia
    to: vdxp
    quote: "a <b>link</b>"
"""


def test_names_from_data_stay_text(tmp_path: Path, iris, bundled):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    graph = KnowledgeGraph(OxigraphStore(), iris)
    try:
        graph.load([*bundled, *read_sources([path], iris)])
        p = Projection.build(graph)
        # a national system's and a province's names as hostile as a report's
        p.node(p.system_key("ndxp"))["label_en"] = "NDXP <svg onload=alert(4)> & \"x\""
        p.graph.nodes[p.iris.base + "id/province/da-nang"]["label_en"] = "Đà Nẵng <img src=y onerror=alert(5)>"
        svg = render_svg(national_diagram(p, translator("en"), lang="en", provinces=[c.slug for c in coverage(graph)]))
        assert "<svg onload" not in svg and "<img" not in svg and "<script" not in svg
        root = ET.fromstring(svg)
        ndxp = root.find(f".//{SVG}a[@data-id='ndxp']")
        assert " ".join(s.text for s in ndxp.iter(f"{SVG}tspan")) == "NDXP <svg onload=alert(4)> & \"x\""
        dn = root.find(f".//{SVG}a[@data-id='province/da-nang']")
        assert next(dn.iter(f"{SVG}tspan")).text == "Đà Nẵng <img src=y onerror=alert(5)>"
        edge = root.find(f".//{SVG}path[@data-a='province/da-nang'][@data-b='ndxp']")
        assert "<svg onload=alert(4)>" in edge.find(f"{SVG}title").text
        with TestClient(create_app(Settings(), graph)) as client:
            panel = client.get("/explore/national/provinces/da-nang/panel", params={"lang": "vi"}).text
            assert "<script>alert" not in panel and "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    finally:
        graph.close()


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_pages_answer(client):
    for lang in ("vi", "en"):
        r = client.get("/explore/national", params={"lang": lang})
        assert r.status_code == 200 and '<svg xmlns="http://www.w3.org/2000/svg" class="layered"' in r.text
        assert 'href="/explore/national/network"' in r.text and 'data-panel="/explore/national/provinces/da-nang/panel' in r.text
    assert "2021" in client.get("/explore/national", params={"as_of": "2021", "lang": "en"}).text
    assert client.get("/explore/national", params={"as_of": "1900"}).status_code == 404
    svg = client.get("/explore/national/layers.svg", params={"as_of": "2022"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in svg.headers["content-security-policy"]
    assert 'filename="national-layers-2022.svg"' in svg.headers["content-disposition"]
    panel = client.get("/explore/national/provinces/da-nang/panel", params={"lang": "en"})
    assert panel.status_code == 200 and '<h2 class="panel-title" tabindex="-1">Đà Nẵng</h2>' in panel.text
    assert 'href="/explore/provinces/da-nang"' in panel.text and 'href="/explore/systems/ndxp"' in panel.text
    assert client.get("/explore/national/provinces/atlantis/panel").status_code == 404
    network = client.get("/explore/national/network")
    assert network.status_code == 200 and "data-network" in network.text


def test_the_cli_draws_it(loaded_store, tmp_path):
    out = tmp_path / "national.svg"
    result = run("render", "--national", "--layered", "--lang", "en", "-o", str(out), store=loaded_store)
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ') and 'data-id="province/da-nang"' in text
    assert "(32 systems," in result.stderr   # the national ones; the provinces are not counted as systems
