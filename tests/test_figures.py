"""Figures for people (graph.network.figures) and targets kept as targets (the loader types them egov:Target)."""

from __future__ import annotations

import pytest

from graph.network.details import node_details
from graph.network.figures import format_figure, format_number

CASES = [
    # (observation, vi, en): as the reports write them
    ({"value": "5800000", "unit": "document", "approx": "more-than"}, "hơn 5,8 triệu văn bản", "more than 5.8 million documents"),
    ({"value": "1463", "unit": "service"}, "1.463 dịch vụ", "1,463 services"),
    ({"value": "100", "unit": "percent"}, "100 %", "100%"),
    ({"value": "78.5", "unit": "percent", "approx": "about"}, "khoảng 78,5 %", "about 78.5%"),
    ({"value": "1", "unit": "person"}, "1 người", "1 person"),
    ({"value": "45", "out_of": "45", "unit": "agency"}, "45/45 cơ quan, đơn vị", "45/45 agencies"),
    ({"value": "1200000000000", "unit": "VND", "approx": "more-than"}, "hơn 1,2 nghìn tỷ đồng", "more than 1.2 trillion VND"),
    ({"value": "10", "unit": "rank", "approx": "at-most"}, "trong tốp 10", "top 10"),
    ({"value": "8", "unit": "rank"}, "hạng 8", "rank 8"),
    ({"value": "792", "unit": "service", "service_level": "4"}, "792 dịch vụ (mức 4)", "792 services (level 4)"),
    ({"value": "100", "unit": "percent", "target": True, "year": 2021}, "mục tiêu 2021: 100 %", "target for 2021: 100%"),
    ({"value": "7", "unit": "widget"}, "7 widget", "7 widget"),  # a unit nobody translated: as written
]


@pytest.mark.parametrize(("obs", "vi", "en"), CASES)
def test_format_figure(obs, vi, en):
    assert (format_figure(obs, "vi"), format_figure(obs, "en")) == (vi, en)


def test_format_number():
    assert [format_number(n, "vi") for n in (0, 999, 1000, 12345.5, 1_000_000)] == ["0", "999", "1.000", "12.345,5", "1 triệu"]
    assert [format_number(n, "en") for n in (0, 999, 1000, 12345.5, 1_000_000)] == ["0", "999", "1,000", "12,345.5", "1 million"]
    with pytest.raises(ValueError, match="not a number"):
        format_number("many")


def test_numbers_a_file_may_hold_are_no_error_and_stay_short():
    """A value no report gives but a loaded file may ("NaN", 1E+40, 1E-100000000) still reads, in a few characters."""
    for value in ("NaN", "Infinity", "1E+40", "-1E+30", "1E-100000000"):
        for lang in ("vi", "en"):
            assert len(format_number(value, lang)) < 20
    assert format_number("1E+40", "en") == "1e+40"


def test_targets_stay_targets(kg):
    """Quảng Nam 2020 plans "đến 100% cấp xã" for 2021 (note "target: …"): a target of 2021 on Qoffice's page,
    not a figure reached in 2021; what was reached in 2020 stays a figure."""
    details = node_details(kg, f"{kg.iris.base}id/system/quang-nam/qoffice")
    targets = [o for o in details.observations if o.target]
    assert any(o.year == 2021 and o.measure == "agencies-rate" and o.value == "100" for o in targets)
    assert all(o.note and o.note.lower().startswith("target") for o in targets)
    reached = [o for _, rows in details.observations_by_year(targets=False) for o in rows]
    assert reached and not any(o.target for o in reached)
    assert len([o for _, rows in details.observations_by_year() for o in rows]) == len(details.observations)
    assert [o for _, rows in details.observations_by_year(targets=True) for o in rows] == targets
    target = next(o for o in targets if o.measure == "agencies-rate")
    assert format_figure(target, "vi") == "mục tiêu 2021: 100 %" and format_figure(target, "en") == "target for 2021: 100%"
    # and the system's page says so, in both languages
    from fastapi.testclient import TestClient

    from api import create_app
    from egovkg.settings import Settings

    with TestClient(create_app(Settings(), kg)) as client:
        for lang, text in (("vi", "mục tiêu 2021: 100 %"), ("en", "target for 2021: 100%")):
            page = client.get("/explore/systems/quang-nam/qoffice", params={"lang": lang}).text
            assert text in page
            assert f"<td>{'số người dùng' if lang == 'vi' else 'users'}</td>" in page  # the measure in the page's language
    # every observation whose note says "target" is typed so, and no other
    typed = {r["o"].value for r in kg.select("SELECT ?o WHERE { ?o a egov:Target }").dicts()}
    noted = {r["o"].value for r in kg.select("""SELECT ?o WHERE { ?o a egov:Observation ; egov:note ?n
                                                FILTER(REGEX(?n, "^\\\\s*target\\\\b", "i")) }""").dicts()}
    assert typed == noted and len(typed) >= 20
