"""Compliance results on the five reports' data, as of each report's period. Each expectation is written from
the report's own words (quoted), the way an architect reading the report would judge it, not from the engine.
"""

from __future__ import annotations

from datetime import date

import pytest

from egovkg.errors import InputError, NotFoundError
from graph.compliance.engine import evaluate


def status(report, rule_id: str, province: str | None = None) -> str:
    [p] = [p for p in report.provinces if province is None or p.unit.slug == province]
    return p.rule_status[rule_id]


def findings(report, rule_id: str) -> list:
    return [f for f in report.findings if f.rule_id == rule_id]


@pytest.fixture(scope="module")
def kien_giang_2018(kg):
    return evaluate(kg, "kien-giang", date(2018, 12, 31))


@pytest.fixture(scope="module")
def quang_nam_2020(kg):
    return evaluate(kg, "quang-nam", date(2020, 12, 31))


@pytest.fixture(scope="module")
def quang_nam_2022(kg):
    return evaluate(kg, "quang-nam", date(2022, 12, 31))


@pytest.fixture(scope="module")
def son_la_2023(kg):
    return evaluate(kg, "son-la", date(2023, 2, 28))


# -- Kiên Giang 2018 (Report 390/BC-UBND): "xây dựng nền tảng kết nối, chia sẻ quy mô cấp tỉnh – LGSP: Chưa đạt"
#    … "nên việc triển khai LGSP vẫn chưa hoàn thành trong năm 2018"

def test_kien_giang_2018_has_no_operational_lgsp(kien_giang_2018):
    assert status(kien_giang_2018, "VNEAF-INT-02") == "violation"
    assert status(kien_giang_2018, "VNEAF-INT-03") == "violation"
    [f] = findings(kien_giang_2018, "VNEAF-INT-02")
    assert f.focus[-1].endswith("/system/kien-giang/lgsp") and f.basis == "stated"
    assert any("vẫn chưa hoàn thành trong năm 2018" in (e.get("quote") or "") for e in f.evidence)
    assert "không có LGSP đang vận hành" in f.message_vi and "has no LGSP in service" in f.message_en
    assert kien_giang_2018.has_violations


def test_kien_giang_2018_rules_of_later_years_are_not_applied(kien_giang_2018):
    # the national document axis was launched on 12/3/2019, the national service portal in 12/2019
    for rule in ("VNEAF-DOC-01", "VNEAF-SVC-01", "VNEAF-SVC-03", "VNEAF-DATA-01", "VNEAF-ADM-01"):
        assert status(kien_giang_2018, rule) == "not_applicable"


def test_kien_giang_2018_dms_signs_digitally(kien_giang_2018):
    # "Tỉnh cũng đã thực hiện việc tích hợp chữ ký số trên phần mềm quản lý văn bản và hồ sơ công việc"
    assert status(kien_giang_2018, "VNEAF-DOC-02") == "pass"


# -- Quảng Nam 2020: "Đảm bảo kết nối liên thông 4 cấp từ trung ương đến cấp xã, thông qua Trục tích hợp dữ liệu
#    của tỉnh"; "Đã thực hiện tích hợp chữ ký số chuyên dùng vào phần mềm Qoffice"; "tích hợp DVC trực tuyến với
#    Cổng DVC Quốc gia"; "Hệ thống đã triển khai kết nối với hệ thống thanh toán trực tuyến của Chính phủ";
#    "Triển khai hệ thống giám sát an toàn thông tin (SOC) đối với hệ thống DC của tỉnh"

def test_quang_nam_2020(quang_nam_2020):
    for rule in ("VNEAF-INT-02", "VNEAF-DOC-01", "VNEAF-DOC-02", "VNEAF-DOC-03", "VNEAF-SVC-01", "VNEAF-SVC-04"):
        assert status(quang_nam_2020, rule) == "pass", rule
    # the SOC runs (as a hired service), but no sentence says it reports to the national monitoring system
    assert status(quang_nam_2020, "VNEAF-SEC-04") == "warning"
    assert not quang_nam_2020.has_violations


def test_quang_nam_2020_does_not_count_the_2022_report(quang_nam_2020):
    [p] = quang_nam_2020.provinces
    assert p.sources == ["quang-nam-2020"]
    # the 2022 report's health-record link to the population database is not known in 2020
    assert status(quang_nam_2020, "VNEAF-INT-04") == "pass"


# -- Quảng Nam 2022: "hệ thống quản lý văn bản Qoffice tập trung … kết nối trục liên thông văn bản chính phủ và tích
#    hợp chữ ký số chuyên dùng"; "9 CSDL do Trung ương chia sẻ qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia
#    (NGSP)"; "Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử của tỉnh đã kết nối với Cổng Dịch vụ công
#    Quốc gia"; the reporting system is to be "liên thông với hệ thống thông tin báo cáo quốc gia" (a 2023 target)

def test_quang_nam_2022_qoffice_is_connected_to_the_national_document_axis(quang_nam_2022):
    assert status(quang_nam_2022, "VNEAF-DOC-01") == "pass"
    assert status(quang_nam_2022, "VNEAF-DOC-02") == "pass"
    assert status(quang_nam_2022, "VNEAF-INT-03") == "pass"
    assert status(quang_nam_2022, "VNEAF-SVC-01") == "pass"
    assert not quang_nam_2022.has_violations


def test_quang_nam_2022_reporting_link_is_a_target_for_2023(kg, quang_nam_2022):
    assert status(quang_nam_2022, "VNEAF-REP-01") == "warning"
    [f] = findings(quang_nam_2022, "VNEAF-REP-01")
    assert any(e["kind"] == "link" and e["valid_from"] == "2023-01-01" for e in f.evidence)
    assert status(evaluate(kg, "quang-nam", date(2023, 6, 30)), "VNEAF-REP-01") == "pass"


def test_quang_nam_2022_health_records_reach_the_population_database_without_a_stated_route(quang_nam_2022):
    # "…bổ sung vào hệ thống cơ sở dữ liệu Quốc gia về dân cư của Bộ Công an vào Hệ thống phần mềm Hồ sơ sức khoẻ
    # điện tử cá nhân": the report names no route through the LGSP, so this is a warning, not a violation
    [f] = findings(quang_nam_2022, "VNEAF-INT-04")
    assert f.status == "warning" and f.basis == "not-stated"
    assert {"from": "https://w3id.org/egovkg/id/system/quang-nam/ho-so-suc-khoe-dien-tu", "rel": "queriesDataFrom",
            "to": "https://w3id.org/egovkg/id/system/population-db"} in f.edges


# -- Sơn La 2023: "(1) Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)"; "Hệ thống thông tin giải quyết thủ tục
#    hành chính triển khai đồng bộ từ cấp tỉnh đến huyện, xã, kết nối với cổng dịch vụ công quốc gia";
#    "hệ thống giám sát an ninh mạng (SOC) triển khai giám sát, điều phối, tự động hóa và phản ứng an ninh mạng"

def test_son_la_2023(son_la_2023):
    for rule in ("VNEAF-INT-02", "VNEAF-SVC-01"):
        assert status(son_la_2023, rule) == "pass", rule
    assert status(son_la_2023, "VNEAF-SEC-04") == "warning"  # SOC runs; its national link is not stated
    # nothing in the article says the LGSP connects to NDXP: unknown, so a warning and never a violation
    assert status(son_la_2023, "VNEAF-INT-03") == "warning"
    assert not son_la_2023.has_violations


# -- Nam Định 2014: the article predates VNEAF 1.0 (2015), TT 13/2017 and the national axes

def test_nam_dinh_2014_is_judged_by_the_rules_of_2014(kg):
    report = evaluate(kg, "nam-dinh", date(2014, 12, 31))
    [p] = report.provinces
    assert set(p.rule_status.values()) == {"not_applicable"}
    assert p.sources == ["nam-dinh-2014"] and not report.has_violations


# -- the 2025 reform (NQ 202/2025/QH15) and Decree 278/2025

def test_a_merged_province_is_checked_as_its_successor(kg):
    with pytest.raises(InputError, match="merged into 'da-nang'"):
        evaluate(kg, "quang-nam", date(2026, 1, 1))
    report = evaluate(kg, "da-nang", date(2026, 1, 1))
    [p] = report.provinces
    # Quảng Nam's reports (the seeds, and later texts) count for Đà Nẵng, with Đà Nẵng's own
    assert {"quang-nam-2020", "quang-nam-2022"} <= set(p.sources) and p.sources == sorted(p.sources)
    # Qoffice "liên thông bốn cấp" still lists the district level, which ended on 1/7/2025
    assert status(report, "VNEAF-ADM-01") == "info"
    with pytest.raises(NotFoundError):
        evaluate(kg, "atlantis")


def test_decree_278_moves_the_upstream_platform_from_ndxp_to_ndop(kg):
    before = evaluate(kg, "da-nang", date(2025, 10, 21))
    after = evaluate(kg, "da-nang", date(2025, 10, 22))
    assert status(before, "VNEAF-INT-03") == "pass"
    assert status(after, "VNEAF-INT-03") == "warning"
    assert any("NDOP" in f.message_en for f in findings(after, "VNEAF-INT-03"))


def test_all_provinces_at_once(kg):
    report = evaluate(kg, as_of=date(2026, 11, 1))
    checked = [p.unit.slug for p in report.provinces]
    # the seed reports' provinces (Kiên Giang → An Giang, Quảng Nam → Đà Nẵng, Nam Định → Ninh Bình, Sơn La),
    # and every other province the curated reports cover; the 34 of today in all
    assert {"an-giang", "da-nang", "ninh-binh", "son-la"} <= set(checked) and checked == sorted(checked)
    assert len(checked) + len(report.uncovered) == 34
    assert status(report, "VNEAF-INT-02", "an-giang") == "violation"  # Kiên Giang's LGSP, last reported unfinished
    for p in report.provinces:
        assert p.score is not None and 0 <= p.score <= 100
        assert set(p.scores) >= {"int", "app", "sec"}


def test_hue_is_checked_with_the_reports_of_thua_thien_hue(kg):
    # NQ 175/2024/QH15: Thừa Thiên Huế became the centrally-run city of Huế on 1/1/2025 (admin-units: replacedBy),
    # so its reports count for Huế as a merged province's count for its successor
    report = evaluate(kg, "hue", date(2025, 12, 31))
    [p] = report.provinces
    assert "thua-thien-hue-2017-smart-urban-services" in p.sources
