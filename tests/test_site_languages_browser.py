"""Every page of the site, in Chromium with every request off 127.0.0.1 aborted, once in Vietnamese and once in
English: no interface string of the other language shows (issue 15).

What a page shows is collected as a person meets it: every visible text node once the page's scripts have run
(legends, badges and messages drawn by JavaScript included), the title, the attributes a screen reader or a
form shows (``aria-label``, ``title``, ``placeholder``, a button's ``value``, an option's text), and what a network
view draws on its canvas or shows on hover and in its panel (each node's name and tooltip, each link's label and
tooltip). Three checks per
page and language, each naming the string it refuses:

- **the other language's catalogue**: a string that is exactly a text of the other language in ``api/i18n/catalogue``
  (and no text of this one);
- **the same in both renderings**: a string the vi and the en page both show must be data (labels, quotes, titles,
  ids the graph holds; numbers; IRIs), a catalogue entry the same in both languages, or one of the few words in
  :data:`SAME_IN_BOTH`: a hard-coded "Compare" or "not applicable" is neither;
- **words of the other language inside a string**: once data, ids and numbers are taken out, an English page holds
  no Vietnamese letter (ă, ơ, đ, ạ …), and a Vietnamese page no run of two words that only the English catalogue
  uses (a vi sentence with "not applicable" inside).

Figures follow the page's language too: a Vietnamese page writes no ``1,463`` and an English page no ``1.463``, and
neither writes ``10000`` (outside data: quotes and ids write numbers as their source does).
/docs is Swagger UI, whose own strings are English whatever the language: only the page's title is ours.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

import pytest

from api.i18n import catalogue

from .support.offline import block_outside

SYSTEM = "quang-nam/lgsp"
PROVINCES = ("quang-nam", "da-nang", "dak-lak", "cao-bang")  # (Cao Bằng: a source in machine translation)

#: name → (path, status the page answers with)
PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "explore": ("/explore", 200),
    "search": ("/explore?q=lgsp", 200),
    "system": (f"/explore/systems/{SYSTEM}", 200),
    "system-network": (f"/explore/systems/{SYSTEM}/network", 200),
    "system-impact": (f"/explore/systems/{SYSTEM}/impact", 200),
    "system-layers": (f"/explore/systems/{SYSTEM}/layers", 200),
    "path": ("/explore/path?from=qoffice+quang+nam&to=ndxp", 200),
    **{f"province-{s}": (f"/explore/provinces/{s}", 200) for s in PROVINCES},
    **{f"province-network-{s}": (f"/explore/provinces/{s}/network", 200) for s in PROVINCES},
    "system-panel": (f"/explore/systems/{SYSTEM}/panel", 200),  # what the layers view opens beside a box
    "province-2022": ("/explore/provinces/quang-nam?as_of=2022", 200),
    "construct": ("/explore/construct?query=" + quote("CONSTRUCT { ?s egov:connectsTo ?o } WHERE { ?s egov:connectsTo ?o }"), 200),
    "national": ("/explore/national", 200),
    "compliance": ("/compliance", 200),
    "compliance-province": ("/compliance?province=quang-nam&as_of=2022-12-31", 200),
    "scorecard": ("/scorecard/quang-nam?as_of=2022-12-31", 200),
    "diff": ("/diff", 200),
    "diff-compared": ("/diff?province=quang-nam&from=2020&to=2022", 200),
    "query": ("/query", 200),
    "error-404": ("/explore/systems/no-such-system", 404),
    "error-400": ("/scorecard/quang-nam?as_of=2022-13-45", 400),
    "docs": ("/docs", 200),
}

#: visible text nodes (whitespace collapsed) and the attributes people meet; <code> holds ids and commands
VISIBLE_TEXT = """(docs) => {
  const out = [];
  const shown = (el) => el && el.checkVisibility({visibilityProperty: true});
  if (!docs) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      const text = node.textContent.replace(/\\s+/g, " ").trim();
      if (!text || !el || ["script", "style", "noscript", "template", "option", "textarea"].includes(el.localName)) continue;
      if (el.closest("code, pre, kbd, samp, textarea, svg text")) continue;
      if (el.closest("svg") ? !el.closest("svg").checkVisibility() : !shown(el)) continue;
      out.push(text);
    }
    // a label drawn in an SVG wraps over several <tspan>s: one string, as it is read
    document.querySelectorAll("svg text").forEach((e) => {
      if (e.closest("svg").checkVisibility()) out.push(Array.from(e.childNodes, (c) => c.textContent).join(" "));
    });
    document.querySelectorAll("[aria-label], [placeholder], [title]:not(html, head *, svg *)").forEach((e) => {
      for (const a of ["aria-label", "placeholder", "title"]) if (e.hasAttribute(a)) out.push(e.getAttribute(a));
    });
    document.querySelectorAll("input[type=submit], input[type=button], input[type=reset]").forEach((e) => out.push(e.value));
    document.querySelectorAll("option").forEach((e) => out.push(e.textContent));
  }
  // what a network view draws on its canvas and shows on hover and in its panel: names, tooltips, edge labels
  (window.egovkgNetworks || []).forEach((v) => {
    v.nodes.get().forEach((n) => { if (!n.hidden) out.push(n.full || "", ...String(n.title || "").split("\\n")); });
    v.edges.get().forEach((e) => out.push(e.label || "", ...String(e.title || "").split("\\n")));
  });
  out.push(document.title);
  return out.map((t) => t.replace(/\\s+/g, " ").trim()).filter((t) => t);
}"""

#: the same in both languages and no UI string: the brand, format names, separators, the switch's own labels
SAME_IN_BOTH = {"egovkg", "XLSX", "CSV", "JSON", "SPARQL", "TriG", "Turtle", "/health", "·", "vi", "en", "API", "LGSP", "IOC",
                "SVG", "PNG", "RDF", "IRI", "OK"}
URL = re.compile(r"\bhttps?://\S+")
CUT_QUOTE = re.compile(r"“([^”]{12,}?)\s*…”")  # a quote cut short in a tooltip
IDS = re.compile(r"/?\b(?=[\w./:-]*[A-Za-z])[A-Za-z0-9]+(?:[-/_:.][A-Za-z0-9]+)+")  # ids: quang-nam/lgsp, VNEAF-DOC-01
CODE = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\w\s]+")
VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
WORD = re.compile(r"[^\W\d_]+")
#: a number written for English readers (1,463) and for Vietnamese ones (1.463): thousands only, not years
EN_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
UNGROUPED = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")  # 10000: a count written for no one
VI_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.])")


@cache
def vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """The words the catalogue's English texts use and the Vietnamese ones do not, and the reverse."""
    entries = catalogue().values()
    def words(texts):
        return {w.lower() for t in texts for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", t))}
    vi, en = words(e.vi for e in entries), words(e.en for e in entries)
    return frozenset(en - vi), frozenset(vi - en)


#: every literal of the graph, and whether it is a curated one (the ontology's, the units', the rules': no source
#: gave it) that the same subject also has in another language; a system's names are data in both languages, as
#: pages show a system's name in the other language beside it (which one comes first: tests/test_display_names.py)
LITERALS = """SELECT DISTINCT ?t (LANG(?t) AS ?lang) ?translated WHERE {
  GRAPH ?g { ?s ?p ?t FILTER(isLiteral(?t)) }
  BIND(!CONTAINS(STR(?g), "/graph/source/") && !CONTAINS(STR(?s), "/id/system/") && EXISTS { GRAPH ?g { ?s ?p ?twin
       FILTER(isLiteral(?twin) && LANG(?twin) != "" && LANG(?twin) != LANG(?t)) } } AS ?translated)
}"""
CODE_VALUE = re.compile(r"[a-z]+(?:[-_][a-z]+)*")  # "operational", "in-development": codes a page translates


@pytest.fixture(scope="module")
def data_strings(kg) -> dict[str, list[str]]:
    """Per page language, the texts that come from the data, longest first: every literal but a bare number (a
    page formats it), a code value (a status, a kind) and but a curated one in the other language whose subject has it in this one too (a
    relation's English label is no data on a Vietnamese page: its Vietnamese label is). A source's label in one
    language is data on both pages: the name a page shows may be the other language's when the source gave no
    other (ontology.names.choose_name)."""
    out: dict[str, set[str]] = {"vi": set(), "en": set()}
    for r in kg.select(LITERALS).dicts():
        text, tag = r["t"].value, r["lang"].value
        translated = r["translated"] is not None and r["translated"].value == "true"  # (unbound for a blank node)
        if len(text) < 2 or (not tag and CODE_VALUE.fullmatch(text)) or not any(c.isalpha() for c in text):
            continue
        for lang in out:
            if not (tag and tag != lang and translated):
                out[lang].add(text)
    return {lang: sorted(ts, key=len, reverse=True) for lang, ts in out.items()}


def not_data(text: str, data: list[str]) -> str:
    """What is left of ``text`` once data, ids and numbers are taken out: words only a UI string would hold. A text
    cut short ("Quảng Nam: Kết quả…") is data when what is left of it begins a data text."""
    cut = text.removesuffix("…").removesuffix("...").rstrip()
    if cut != text and len(cut) >= 12 and any(d.startswith(cut) for d in data):
        return ""
    text = URL.sub(" ", text)
    text = CUT_QUOTE.sub(lambda m: " " if any(d.startswith(m[1]) for d in data) else m[0], text)
    for d in data:
        if d in text:
            text = text.replace(d, " ")
    text = IDS.sub(" ", text)
    words = [w for w in CODE.sub(" ", text).split() if any(c.isalpha() for c in w) and w not in SAME_IN_BOTH]
    return "" if len("".join(words)) <= 1 else " ".join(words)  # a glyph ("i", "×") is no text


def rest_numbers(text: str, data: list[str]) -> str:
    """``text`` without its data (a quote writes its numbers as its source does)."""
    for d in data:
        if d in text:
            text = text.replace(d, " ")
    return text


def shown(page, server_url: str, path: str, lang: str, status: int) -> list[str]:
    response = page.goto(f"{server_url}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert response is not None and response.status == status, (path, lang, response and response.status)
    page.wait_for_load_state("networkidle")
    if page.evaluate("() => !!window.egovkgNetwork"):
        page.wait_for_function("window.egovkgNetwork.stable", timeout=30_000)
    return page.evaluate(VISIBLE_TEXT, path.startswith("/docs"))


def leaks(texts: dict[str, list[str]], data: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per language, the strings of the page that are not in it (see the module's docstring)."""
    entries = catalogue().values()
    only = {"vi": {e.vi for e in entries if e.vi != e.en}, "en": {e.en for e in entries if e.vi != e.en}}
    same_in_catalogue = {e.vi for e in entries if e.vi == e.en}
    english_words, vietnamese_words = vocabularies()
    found: dict[str, set[str]] = {"vi": set(), "en": set()}
    for lang, other in (("vi", "en"), ("en", "vi")):
        for t in texts[lang]:
            if t in only[lang] or t in same_in_catalogue or t in SAME_IN_BOTH:
                continue
            if t in only[other]:
                found[lang].add(t)
                continue
            rest = not_data(t, data[lang])
            if lang == "en" and (VI_LETTERS.search(rest) or any(w.lower() in vietnamese_words for w in rest.split()
                                                                 if len(w) > 3)):
                found[lang].add(t)
            elif lang == "vi":
                words = [w.lower() for w in rest.split()]
                if any(a in english_words and b in english_words for a, b in zip(words, words[1:])):
                    found[lang].add(t)
            numbers = IDS.sub(" ", URL.sub(" ", rest_numbers(t, data[lang])))
            if ((lang == "vi" and EN_THOUSANDS.search(numbers)) or (lang == "en" and VI_THOUSANDS.search(numbers))
                    or UNGROUPED.search(numbers)):
                found[lang].add(t)
    for t in set(texts["vi"]) & set(texts["en"]):
        if t not in SAME_IN_BOTH and t not in same_in_catalogue and not_data(t, data["vi"]) and not_data(t, data["en"]):
            found["vi"].add(t)
            found["en"].add(t)
    return {lang: sorted(ts) for lang, ts in found.items()}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_speaks_one_language(page, server_url, data_strings, name):
    path, status = PAGES[name]
    failed = block_outside(page)
    texts = {lang: shown(page, server_url, path, lang, status) for lang in ("vi", "en")}
    if name == "docs":
        assert texts["vi"] == texts["en"] and texts["en"] == [texts["en"][0]]  # the title only: Swagger's own page
        return
    wrong = leaks(texts, data_strings)
    assert wrong == {"vi": [], "en": []}, f"{path}: {wrong}"
    assert [f for f in failed if not f.startswith(f"{status} ")] == [] and page.watch.page_errors == []


def test_the_check_refuses_planted_interface_strings_and_lets_data_be():
    """What the crawl refuses, on texts as a page would show them: a hard-coded "Compare" on both pages, "not applicable"
    inside a Vietnamese sentence, a Vietnamese status on the English page, an English thousands separator on the
    Vietnamese page; and what it lets be: names with their diacritics, ids, IRIs, quotes, numbers, dates."""
    data = {lang: ["Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng Nam (LGSP)", "Quảng Nam", "Đà Nẵng",
                   "Trong năm 2020, hệ thống DVC trực tuyến của tỉnh đã tiếp nhận xử lý 14.862 hồ sơ trực tuyến"]
            for lang in ("vi", "en")}
    shared = ["Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng Nam (LGSP)", "quang-nam/lgsp", "VNEAF-DOC-01", "2022-12-31",
              "https://w3id.org/egovkg/id/system/quang-nam/lgsp", "Quảng Nam · Đà Nẵng", "1463", "egovkg",
              "Trong năm 2020, hệ thống DVC trực tuyến của tỉnh đã tiếp nhận xử lý 14.862 hồ sơ trực tuyến",
              "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng…"]
    assert leaks({"vi": [*shared, "So sánh", "1.463 hệ thống"], "en": [*shared, "Compare", "1,463 systems"]}, data) == \
        {"vi": [], "en": []}
    planted = leaks({"vi": [*shared, "Compare", "Tình trạng: not applicable", "1,463 hệ thống", "tối đa 10000 dòng"],
                     "en": [*shared, "Compare", "Status: không áp dụng", "1.463 systems"]}, data)
    assert planted == {"vi": ["1,463 hệ thống", "Compare", "Tình trạng: not applicable", "tối đa 10000 dòng"],
                       "en": ["1.463 systems", "Compare", "Status: không áp dụng"]}
