"""The province scorecard, the national picture and JUnit output: ``egovkg scorecard`` agrees with ``egovkg check``
for the same province and date; what a province lacks comes in dependency order (its LGSP before the links through
it); the pages answer bad input with the parameter named, keep the province when the date moves, and speak one
language at a time (every UI string from the catalogue)."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.i18n import read_catalogue
from egovkg.settings import Settings
from graph.compliance.engine import evaluate
from graph.compliance.report import to_junit
from graph.compliance.requirements import check_needs, dependency_rank
from graph.compliance.rules import Check

from .support.cli import run

UI_PREFIXES = ("compliance.", "national.", "scorecard.")


def test_scorecard_counts_agree_with_check(loaded_store):
    card = json.loads(run("scorecard", "--province", "quang-nam", "--as-of", "2022-12-31", "--format", "json",
                          store=loaded_store).stdout)
    checked = json.loads(run("check", "--province", "quang-nam", "--as-of", "2022-12-31", "--format", "json",
                             store=loaded_store, check=False).stdout)
    rules = checked["provinces"][0]["rules"]
    assert card["rule_status"] == rules
    assert card["counts"] == {s: sum(1 for v in rules.values() if v == s) for s in card["counts"]}
    assert sum(card["counts"].values()) == len(checked["rules"]) == 24
    assert card["framework"]["current"]["slug"] == "vneaf-2.0"


def test_scorecard_text_puts_the_lgsp_before_the_links_through_it(loaded_store):
    card = json.loads(run("scorecard", "--province", "kien-giang", "--as-of", "2018-12-31", "--format", "json",
                          store=loaded_store).stdout)
    order = [(lack["rule_id"], lack["kind"], lack["rank"]) for lack in card["lacks"]]
    assert order[0] == ("VNEAF-INT-02", "component", 0)
    assert ("VNEAF-INT-03", "component", 1) in order
    assert card["lacks"][1]["depends_on"] == ["VNEAF-INT-02"]
    assert card["lacks"][0]["source"]["documents"][0]["identifier"] == "13/2017/TT-BTTTT"
    text = run("scorecard", "--province", "kien-giang", "--as-of", "2018-12-31", "--lang", "en", store=loaded_store).stdout
    assert text.index("VNEAF-INT-02:") < text.index("VNEAF-INT-03:") and "What it still lacks" in text


@pytest.mark.parametrize(("args", "named"), [(["--province", "atlantis"], "atlantis"),
                                             (["--province", "quang-nam", "--as-of", "2026-01-01"], "da-nang"),
                                             (["--province", "quang-nam", "--as-of", "2020-13-01"], "--as-of"),
                                             (["--province", "quang-nam", "--framework", "vneaf-9"], "vneaf-9")])
def test_scorecard_cli_errors_name_the_parameter(loaded_store, args, named):
    proc = run("scorecard", *args, store=loaded_store, check=False)
    assert proc.returncode == 2 and named in proc.stderr, proc.stderr


def test_check_writes_junit_with_a_test_case_per_rule(loaded_store, tmp_path):
    out = tmp_path / "junit.xml"
    proc = run("check", "--province", "kien-giang", "--as-of", "2018-12-31", "--junit", str(out), store=loaded_store, check=False)
    assert proc.returncode == 1
    root = ET.parse(out).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 24 and root.get("failures") == "2"
    failed = {c.get("name").split()[0]: c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {"VNEAF-INT-02", "VNEAF-INT-03"}
    assert failed["VNEAF-INT-02"].get("type") == "violation" and "VNEAF-INT-02 [violation]" in failed["VNEAF-INT-02"].get("message")
    assert "13/2017/TT-BTTTT" in failed["VNEAF-INT-02"].text


def test_junit_escapes_what_the_data_says(kg):
    report = evaluate(kg, "kien-giang", date(2018, 12, 31))
    hostile = '</failure><script>alert(1)</script> & "quoted" \x01\x0b'
    for f in report.provinces[0].findings:
        f.message_en = hostile
    root = ET.fromstring(to_junit(report).encode())
    messages = [e.get("message") for e in root.iter("failure")]
    assert messages and all("<script>alert(1)</script> & \"quoted\"" in m for m in messages)
    assert root.find(".//script") is None


def test_requirements_are_read_from_the_rules_queries():
    def check(constraint: str, target: str = "SELECT ?this WHERE { ?this a <P> }", basis: str = "stated") -> Check:
        return Check("x/c", "warning", basis, None, None, None, target, constraint, {"vi": "", "en": ""})

    missing = check_needs(check("SELECT ?this WHERE { ?this a egov:Province . OPTIONAL { ?l a egov:LGSP ; egov:locatedIn ?this . } "
                                "FILTER(!BOUND(?l)) }"))
    assert missing.absent == {"LGSP"} and missing.needs == ()
    link = check_needs(check("SELECT ?this ?value WHERE { ?value a egov:LGSP , egov:InServiceSystem ; egov:locatedIn ?this . "
                             "OPTIONAL { ?u a egov:LGSP ; egov:locatedIn ?this ; egov:connectsTo ?n . } FILTER(!BOUND(?u)) }"))
    assert link.absent == frozenset() and link.needed == {"LGSP"}
    rank = dependency_rank([("links", frozenset({"LGSP"}), frozenset()), ("lgsp", frozenset(), frozenset({"LGSP"}))])
    assert rank == {"links": 1, "lgsp": 0}


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_scorecard_page_and_api(client):
    page = client.get("/scorecard/quang-nam", params={"as_of": "2022-12-31", "lang": "en"})
    assert page.status_code == 200
    assert "Scorecard of Quảng Nam" in page.text and 'class="framework">VNEAF 2.0' in page.text
    assert page.text.count('class="lack"') >= 1 and 'href="/explore/systems/quang-nam/lgsp"' in page.text
    api = client.get("/api/scorecard/quang-nam", params={"as_of": "2022-12-31"}).json()
    assert api["province"] == "quang-nam" and api["lacks"] and api["layers"]["int"]["present"]
    # the framework picker moves the date into the version's time
    fw = client.get("/api/scorecard/quang-nam", params={"as_of": "2022-12-31", "framework": "vneaf-3.0"}).json()
    assert fw["framework"]["current"]["slug"] == "vneaf-3.0" and fw["as_of"] == "2023-12-29"  # the date was before it: its first day


@pytest.mark.parametrize(("path", "params", "status", "named"), [
    ("/scorecard/atlantis", {}, 404, "atlantis"),
    ("/scorecard/quang-nam", {"as_of": "2022-02-30"}, 400, "2022-02-30"),
    ("/api/scorecard/quang-nam", {"as_of": "soon"}, 400, "soon"),
    ("/api/scorecard/atlantis", {}, 404, "atlantis"),
    ("/scorecard/quang-nam", {"framework": "<b>x</b>"}, 404, "&lt;b&gt;x&lt;/b&gt;"),
])
def test_bad_input_names_the_parameter(client, path, params, status, named):
    r = client.get(path, params=params)
    assert r.status_code == status and named in r.text and "<b>x</b>" not in r.text


def test_a_province_not_valid_on_the_date_is_kept_and_its_successor_offered(client):
    for path in ("/scorecard/quang-nam", "/compliance"):
        params = {"as_of": "2026-01-01", "lang": "en"} | ({"province": "quang-nam"} if path == "/compliance" else {})
        r = client.get(path, params=params)
        assert r.status_code == 400
        assert '<option value="quang-nam" selected>Quảng Nam (not valid on this date)</option>' in r.text
        assert "da-nang?as_of=2026-01-01" in r.text or "province=da-nang&amp;as_of=2026-01-01" in r.text


def test_national_picture_34_today_63_before_the_reform(client):
    today = client.get("/compliance", params={"lang": "en"})
    assert today.status_code == 200 and today.text.count('class="tile ') == 34
    before = client.get("/compliance", params={"lang": "en", "as_of": "2025-06-30"})
    assert before.text.count('class="tile ') == 63
    cell = re.search(r'<td class="cell s-(\w+)" data-rule="VNEAF-INT-02" data-status="\w+"><a href="([^"]+)"', today.text)
    drill = client.get(html.unescape(cell.group(2)).split("#")[0])
    assert drill.status_code == 200 and 'data-rule="VNEAF-INT-02"' in drill.text


def _visible(page: str) -> str:
    page = re.sub(r"(?s)<(style|script|blockquote)\b.*?</\1>", " ", page)
    page = re.sub(r'(?s)<select name="province">.*?</select>', " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def ui_strings_of_the_other_language(page_vi: str, page_en: str, data: str) -> list[str]:
    """Catalogue strings of the compliance pages shown in the wrong language (strings the data itself contains aside)."""
    wrong = []
    vi, en = _visible(page_vi), _visible(page_en)
    for key, entry in read_catalogue().items():
        if not key.startswith(UI_PREFIXES) or entry.vi == entry.en or "{" in entry.vi:
            continue
        if len(entry.en) >= 5 and entry.en not in entry.vi and re.search(r"\b" + re.escape(entry.en) + r"\b", vi) and entry.en not in data:
            wrong.append(f"vi page shows {key}: {entry.en!r}")
        if len(entry.vi) >= 5 and entry.vi not in entry.en and entry.vi in en and entry.vi not in data:
            wrong.append(f"en page shows {key}: {entry.vi!r}")
    return wrong


@pytest.mark.parametrize(("path", "api"), [("/compliance", "/api/compliance"),
                                           ("/scorecard/quang-nam?as_of=2022-12-31", "/api/scorecard/quang-nam?as_of=2022-12-31"),
                                           ("/compliance?province=quang-nam&as_of=2022-12-31", "/api/compliance?province=quang-nam&as_of=2022-12-31")])
def test_compliance_pages_speak_one_language(client, path, api):
    sep = "&" if "?" in path else "?"
    vi, en = client.get(path + sep + "lang=vi").text, client.get(path + sep + "lang=en").text
    data = json.dumps(client.get(api).json(), ensure_ascii=False)  # what the pages show from the data keeps its language
    assert ui_strings_of_the_other_language(vi, en, data) == []
    for word in ("not applicable", "not-stated", "warning", "SPARQL updates in a scratch copy"):
        assert word not in _visible(vi), word


def test_national_page_and_scorecard_offline_in_both_languages(browser, server_url):
    """In Chromium with every request off the server refused: the national page and a scorecard render with no
    failed request, and the header's switch turns every UI string to the other language."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server_url) else route.abort())
    try:
        page.goto(server_url + "/compliance?lang=vi")
        assert page.locator("h1").inner_text() == "Bức tranh toàn quốc"
        assert page.locator("a.tile").count() == 34 and page.locator("table.matrix td.cell").count() > 34 * 20
        vi = page.content()
        page.click("header nav.language a[hreflang=en]")
        page.wait_for_selector("h1:text('The national picture')")
        en = page.content()
        data = page.request.get(server_url + "/api/compliance").text()
        assert ui_strings_of_the_other_language(vi, en, json.dumps(json.loads(data), ensure_ascii=False)) == []
        page.click("a.tile[data-province=da-nang]")
        page.wait_for_selector("ol.lacks, p:text('The counted reports show')")
        assert page.locator("h1").inner_text() == "Scorecard of Đà Nẵng"
        en = page.content()
        page.click("header nav.language a[hreflang=vi]")
        page.wait_for_selector("h1:text('Thẻ điểm của Đà Nẵng')")
        vi = page.content()
        data = page.request.get(server_url + "/api/scorecard/da-nang").text()
        assert ui_strings_of_the_other_language(vi, en, json.dumps(json.loads(data), ensure_ascii=False)) == []
        assert failed == []
    finally:
        context.close()


def test_legal_sources_link_only_to_official_publications(kg):
    """A rule's legal basis links to an official publication or to none: a page read on a legal database, a newspaper
    or a vendor's site is kept as where the fact was read (dcterms:source), not shown as the law."""
    from urllib.parse import urlsplit

    def official(url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return host.endswith(".gov.vn") or host in {"vanban.chinhphu.vn", "congbao.chinhphu.vn", "chinhphu.vn"}

    report = evaluate(kg, "quang-nam", date(2022, 12, 31))
    links = [(r.rule_id, d.url) for r in report.rules for d in r.sources if d.url]
    links += [(r.rule_id, u) for r in report.rules for u in r.see_also]
    assert links and [x for x in links if not official(x[1])] == []
    assert all(d.identifier for r in report.rules for d in r.sources)


def test_every_legal_document_links_only_to_an_official_publication():
    """Every legal document of the national data (not only those the rules cite) links to an official host or to
    none; where a fact about it was read elsewhere is its dcterms:source."""
    from urllib.parse import urlsplit

    import rdflib

    from ontology import ONTOLOGY_DIR

    g = rdflib.Graph().parse(ONTOLOGY_DIR / "national.ttl")
    identifier = rdflib.URIRef("http://purl.org/dc/terms/identifier")
    documents = set(g.subjects(identifier, None))
    links = {(str(g.value(d, identifier)), str(u)) for d in documents for u in g.objects(d, rdflib.RDFS.seeAlso)}
    unofficial = [(doc, url) for doc, url in links
                  if not ((urlsplit(url).hostname or "").endswith((".gov.vn", "chinhphu.vn")) or urlsplit(url).hostname == "vbpl.vn")]
    assert len(documents) > 40 and links and unofficial == []


def test_a_province_formed_later_offers_the_units_it_was_formed_from(client):
    """The issue's case: Đà Nẵng (the city of 1/7/2025) picked, then a 2022 date: the choice stays, the page says
    why and offers the units of that date it was formed from."""
    for path, params in (("/compliance", {"province": "da-nang"}), ("/scorecard/da-nang", {})):
        r = client.get(path, params={**params, "as_of": "2022-12-31", "lang": "en"})
        assert r.status_code == 400
        assert '<option value="da-nang" selected>Đà Nẵng (not valid on this date)</option>' in r.text
        assert "On that date its territory was:" in r.text
        assert "quang-nam" in r.text.split("On that date its territory was:")[1].split("</p>")[0]


@pytest.mark.parametrize(("path", "params", "status", "words"), [
    ("/scorecard/quang-nam", {"as_of": "hôm qua"}, 400, "“hôm qua” không phải là một ngày"),
    ("/compliance", {"province": "quang-nam", "as_of": "2022-13-01"}, 400, "“2022-13-01” không phải là một ngày"),
    ("/compliance", {"province": "atlantis"}, 404, "không có tỉnh nào mang mã “atlantis”"),
    ("/scorecard/atlantis", {}, 404, "không có tỉnh nào mang mã “atlantis”"),
])
def test_bad_input_is_said_in_the_page_language(client, path, params, status, words):
    r = client.get(path, params={**params, "lang": "vi"})
    assert r.status_code == status and words in r.text


def test_what_the_data_says_is_escaped_on_the_scorecard_and_national_pages(tmp_path, iris, bundled):
    """A system labelled with markup, a figure note and a legal document link planted in a file: shown as text,
    never run, never a javascript: link."""
    from graph.kg import KnowledgeGraph
    from graph.store import OxigraphStore
    from loaders import read_sources

    base = iris.base
    trig = tmp_path / "evil.trig"
    trig.write_text(f"""
@prefix egov: <{base}ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix layer: <{base}id/layer/> .
<{base}graph/file/evil> {{
  <{base}id/system/quang-nam/evil> a egov:IOC ; egov:layer layer:app ; egov:locatedIn <{base}id/province/quang-nam> ;
      rdfs:label "<script>alert(1)</script>"@vi , "<img src=x onerror=alert(2)>"@en .
  <{base}id/document/qd-06-qd-ttg-2022> rdfs:seeAlso <javascript:alert(3)> .
}}""", encoding="utf-8")
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load([*bundled, *read_sources([trig], iris)])
    try:
        with TestClient(create_app(Settings(store=str(tmp_path / "unused")), kg)) as c:
            pages = [c.get("/scorecard/quang-nam", params={"as_of": "2022-12-31", "lang": lang}).text for lang in ("vi", "en")]
            pages.append(c.get("/compliance", params={"as_of": "2022-12-31"}).text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
        for page in pages:
            assert "<script>alert(1)" not in page and "<img src=x" not in page
            assert 'href="javascript:' not in page.lower()
    finally:
        kg.close()


def test_a_province_asked_for_stays_in_its_own_part_of_the_links(client):
    """The picker's redirect and the page's links carry what was typed as one path segment or one parameter: it
    cannot step out of ``/scorecard/`` or add parameters of its own."""
    r = client.get("/scorecard", params={"province": "../api/stats?x=1", "as_of": "2022-12-31"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/scorecard/..%2Fapi%2Fstats%3Fx%3D1?as_of=2022-12-31"
    page = client.get("/compliance", params={"province": "x&format=ttl"}).text
    assert "province=x%26format%3Dttl&amp;as_of=" in page and "province=x&amp;format=ttl" not in page
