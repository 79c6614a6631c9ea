"""One coherent site, in Chromium with every request off 127.0.0.1 aborted: `/`, `/docs` and a diff render with
no failed request; switching the language changes every visible string of `/` and of the diff page (compared
with the catalogue of UI strings: what stays the same in both is data — names, ids, numbers, quotes — or a
catalogue entry that is the same in both languages); proper names keep their diacritics in both."""

from __future__ import annotations

import re

import pytest

from api.i18n import catalogue

from .support.names import LATEST
from .support.offline import block_outside

PAGES = {"home": "/", "diff": "/diff?province=quang-nam&from=2020&to=2022"}

#: every visible text node (whitespace collapsed), the placeholders and the title
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION"].includes(el.tagName)) continue;
    if (el.closest("code")) continue;  // ids and commands, the same in every language
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(text);
  }
  document.querySelectorAll("[placeholder]").forEach((e) => out.push(e.getAttribute("placeholder")));
  out.push(document.title);
  return out;
}"""

#: what is the same in both languages and is no UI string: format names, the brand, a path
SAME_IN_BOTH = {"egovkg", "XLSX", "CSV", "/health", "·"}
IDS = re.compile(r"/?[a-z0-9]+(?:[-/][a-z0-9]+)+")  # quang-nam/ioc, /api/provinces/quang-nam/diff
CODE = re.compile(r"\d+(?:[.,]\d+)*|[^\w\s]+")


@pytest.fixture(scope="module")
def data_strings(kg) -> list[str]:
    """Texts that come from the data and pages show (labels, quotes, titles, ids), longest first. Not the
    altLabels: they hold the forms without diacritics, which no page shows."""
    rows = kg.select("""SELECT DISTINCT ?t WHERE { VALUES ?p { rdfs:label egov:quote dcterms:title egov:slug }
                        ?s ?p ?t FILTER(isLiteral(?t)) }""").dicts()
    return sorted({r["t"].value for r in rows if len(r["t"].value) >= 3}, key=len, reverse=True)


def not_data(text: str, data: list[str]) -> str:
    """What is left of ``text`` once ids, data and numbers are taken out: words only a UI string would hold."""
    text = IDS.sub(" ", text)
    for d in data:
        if d in text:
            text = text.replace(d, " ")
    return " ".join(w for w in CODE.sub(" ", text).split() if any(c.isalpha() for c in w))


def visible(page, server_url: str, path: str, lang: str) -> list[str]:
    page.goto(f"{server_url}{path}{'&' if '?' in path else '?'}lang={lang}")
    page.wait_for_load_state("networkidle")
    return page.evaluate(VISIBLE_TEXT)


@pytest.mark.parametrize("name", list(PAGES))
def test_switching_language_changes_every_visible_string(page, server_url, data_strings, name):
    failed = block_outside(page)
    texts = {lang: visible(page, server_url, PAGES[name], lang) for lang in ("vi", "en")}
    entries = catalogue().values()
    only = {"vi": {e.vi for e in entries if e.vi != e.en}, "en": {e.en for e in entries if e.vi != e.en}}
    same_in_catalogue = {e.vi for e in entries if e.vi == e.en}
    for lang, other in (("vi", "en"), ("en", "vi")):
        wrong = sorted({t for t in texts[lang] if t in only[other]} - only[lang])
        assert not wrong, f"{name}?lang={lang} shows {other} UI strings: {wrong}"
    unchanged = sorted(t for t in set(texts["vi"]) & set(texts["en"])
                       if t not in SAME_IN_BOTH and t not in same_in_catalogue and not_data(t, data_strings))
    assert not unchanged, f"{name}: the same in vi and en, and not data: {unchanged}"
    # proper names keep their diacritics in both; none is written without them
    for lang in ("vi", "en"):
        joined = "\n".join(texts[lang])
        assert "Quảng Nam" in joined or name == "home"
        assert "Đà Nẵng" in joined if name == "home" else True
        # (outside what the sources themselves write: the app "Smart Quang Nam" is named so)
        ours = "\n".join(not_data(t, data_strings) for t in texts[lang])
        stripped = re.findall(r"\b(?:Quang Nam|Da Nang|Kien Giang|An Giang Province|Ho Chi Minh)\b", ours)
        assert not stripped, (name, lang, stripped)
    assert failed == [] and page.watch.outside_requests == [] and page.watch.page_errors == []


def test_home_docs_and_a_diff_offline(page, server_url):
    """Every request off 127.0.0.1 is aborted: the three pages still load every asset they name."""
    failed = block_outside(page)
    page.goto(server_url + "/")
    assert page.locator(".home-search input[name=q]").is_visible()
    page.wait_for_load_state("networkidle")  # (leaving earlier would cancel the favicon: a failed request)
    page.goto(server_url + "/docs")
    page.locator(".opblock").first.wait_for(timeout=20_000)
    page.wait_for_load_state("networkidle")
    page.goto(server_url + PAGES["diff"])
    page.wait_for_function("window.egovkgNetwork && window.egovkgNetwork.stable", timeout=20_000)
    downloads = page.locator("ul.downloads a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(downloads) == 4 and all(h.startswith("/api/provinces/quang-nam/") for h in downloads)
    assert failed == [] and page.watch.outside_requests == []
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_query_page_names_a_system_as_every_page_does(page, server_url):
    """The query page labels an IRI by the same rule (graph.network.names): Quảng Nam's LGSP, portal and IOC have
    a label per report; the table shows the 2022 report's, in each language."""
    values = " ".join(f"<https://w3id.org/egovkg/id/system/{ident}>" for ident in LATEST)
    page.goto(server_url + "/query")
    page.fill("#query", f"SELECT ?s WHERE {{ VALUES ?s {{ {values} }} }}")
    page.click("#run")
    cells = page.locator("#result-table tbody tr td:first-child a")
    cells.first.wait_for()
    for lang, column in (("vi", 0), ("en", 1)):
        page.select_option("#label-lang", lang)
        shown = {a.get_attribute("title").rsplit("/system/", 1)[1]: a.inner_text() for a in cells.all()}
        assert shown == {ident: names[column] for ident, names in LATEST.items()}, lang
    assert page.watch.page_errors == [] and page.watch.outside_requests == []


def test_errors_speak_the_page_language(kg):
    """A diff error on the page is in the page's language (api.errors.page_message: the error's catalogue key);
    the JSON API keeps the core's message; the error page's title follows the language too."""
    from fastapi.testclient import TestClient

    from api import create_app
    from egovkg.settings import Settings

    with TestClient(create_app(Settings(), kg)) as client:
        params = {"province": "quang-nam", "from": "1999", "to": "2022"}
        vi = client.get("/diff", params={**params, "lang": "vi"})
        en = client.get("/diff", params={**params, "lang": "en"})
        assert vi.status_code == en.status_code == 404
        assert "Không có nguồn nào về &#39;quang-nam&#39; đến năm 1999 (nguồn đầu tiên là của năm 2020)." in vi.text
        assert "No source about &#39;quang-nam&#39; up to 1999 (the first is of 2020)." in en.text
        api = client.get("/api/provinces/quang-nam/diff", params={"from": "1999", "to": "2022"}).json()
        assert api["detail"] == "no source about 'quang-nam' up to 1999 (the first is of 2020)"
        missing = client.get("/explore/systems/no-such-system", params={"lang": "vi"})
        assert missing.status_code == 404 and "<h1>Không tìm thấy</h1>" in missing.text and "Tìm các hệ thống" in missing.text
