"""One name per system and language (graph.network.names): Quảng Nam's LGSP, public-service portal and IOC are
named differently by its 2020, 2021 and 2022 reports; every page and answer shows the same one, the latest
report's, and never a stripped-diacritics form."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.settings import Settings
from graph.network.diff import province_diff
from graph.network.names import CURATED, Name, choose_name, display_name, read_names, source_rank

from .support.names import LATEST

def test_the_rule():
    old, new = source_rank(2020, "2021-01-10", "quang-nam-2020"), source_rank(2022, None, "quang-nam-2022")
    names = [Name("Cổng DVC trực tuyến", "vi", old), Name("Cổng DVC", "vi", new), Name("Portal", "en", old)]
    assert choose_name(names, "vi") == "Cổng DVC"                      # the latest source's
    assert choose_name(names, "en") == "Portal"
    assert choose_name(names[:2], "en") == "Cổng DVC"                   # no English label: the Vietnamese one
    assert choose_name([*names, Name("Cổng Dịch vụ công", "vi", CURATED)], "vi") == "Cổng Dịch vụ công"  # curated wins
    assert choose_name(list(reversed(names)), "vi") == "Cổng DVC"       # order never matters
    assert choose_name([], "vi") is None
    assert display_name({"label": "Đà Nẵng", "label_en": None, "id": "x"}, "en") == "Đà Nẵng"
    assert display_name({"label_vi": "Thành phố Đà Nẵng", "label_en": "Đà Nẵng City"}, "en") == "Đà Nẵng City"


def test_one_name_across_projection_store_api_page_diff_and_search(kg):
    iris = {ident: f"{kg.iris.base}id/system/{ident}" for ident in LATEST}
    assert {i: (n["vi"], n["en"]) for i, n in ((i, read_names(kg, [iri])[iri]) for i, iri in iris.items())} == LATEST

    d = province_diff(kg, "quang-nam", "2020", "2022")
    shown = {r.id: (r.label, r.label_en) for r in [*d.systems_added, *d.systems_removed, *(c.system for c in d.status_changes),
                                                     *(x for link in d.links_added + d.links_removed for x in (link.subject, link.object))]}
    for ident in ("quang-nam/lgsp", "quang-nam/ioc"):
        assert shown[ident] == LATEST[ident]
    d_reports = province_diff(kg, "quang-nam", "quang-nam-2020", "quang-nam-2021-vcci-qoffice")  # sides that predate 2022
    assert all(r.label == LATEST[r.id][0] for r in d_reports.systems_removed + d_reports.systems_added if r.id in LATEST)

    with TestClient(create_app(Settings(), kg)) as client:
        for ident, (vi, en) in LATEST.items():
            detail = client.get(f"/api/systems/{ident}").json()
            assert (detail["label"], detail["label_en"]) == (vi, en), ident
            hits = client.get("/api/systems", params={"q": ident.split("/")[1].replace("-", " ") + " quang nam"}).json()
            assert any(h["id"] == ident and h["label"] == vi for h in hits), (ident, hits[:3])
            for lang, name in (("vi", vi), ("en", en)):
                page = client.get(f"/explore/systems/{ident}", params={"lang": lang}).text
                assert name.replace("'", "&#39;") in page, (ident, lang)
        diff_page = client.get("/diff", params={"province": "quang-nam", "from": "2020", "to": "2022", "lang": "en"}).text
        assert LATEST["quang-nam/ioc"][1].replace("'", "&#39;") in diff_page
        older = [n for ident in LATEST for n in _all_labels(kg, iris[ident]) if n not in LATEST[ident]]
        assert older and not any(re.search(rf">\s*{re.escape(n)}\s*<", diff_page) for n in older)


def _all_labels(kg, iri: str) -> set[str]:
    return {r["l"].value for r in kg.select(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}").dicts()}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_names_keep_their_diacritics(kg, lang):
    names = read_names(kg, [f"{kg.iris.base}id/province/quang-nam", f"{kg.iris.base}id/province/kien-giang"])
    assert all(any(ord(c) > 127 for c in n[lang]) for n in names.values()), names


def test_no_label_strips_a_province_name(kg):
    """English labels of provinces, systems and agencies write the provinces' names with their diacritics (an
    article's own title, written as it was published, is a source's, not a name we give)."""
    from ontology.names import ascii_name

    provinces = [r["l"].value for r in kg.select("""SELECT DISTINCT ?l WHERE { ?p a egov:Province ; rdfs:label ?l
                                                    FILTER(LANG(?l) = "vi") }""").dicts()]
    stripped = {ascii_name(n) for n in provinces if ascii_name(n) != n and not n.startswith("Thành phố")}
    stripped |= {"Ho Chi Minh", "Hanoi", "Haiphong", "Danang"}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(stripped, key=len, reverse=True))) + r")\b(?!-S)")
    assert pattern.search("Binh Phuoc IOC") and not pattern.search("Hue-S super-app")
    labels = kg.select("""SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = "en")
                          FILTER NOT EXISTS { ?s a egov:Report } }""").dicts()
    assert len(labels) > 500
    bad = sorted(f"{r['s'].value}: {r['l'].value}" for r in labels if pattern.search(r["l"].value))
    assert not bad, bad
