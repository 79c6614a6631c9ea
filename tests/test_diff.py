"""Year over year (graph.network.diff, `egovkg diff`, /api/provinces/{slug}/diff, /diff): Quảng Nam 2020 → 2022
reports the changes the two seed reports state. Expectations cite the reports' own words (data/quang-nam-2020.yaml,
data/quang-nam-2022.yaml)."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from egovkg.errors import NotFoundError
from graph.network.diff import ProvinceDiff, province_diff

from .support.cli import run

#: systems the 2022 report names and the 2020 one does not
NEW_IN_2022 = {
    "quang-nam/nen-tang-chinh-quyen-so",  # "Năm 2022, Quảng Nam đã triển khai nền tảng chính quyền số …"
    "quang-nam/feedback",                 # "Quảng Nam đã triển khai Tổng đài dịch vụ công 1022"
    "quang-nam/citizen-app",              # "ứng dụng Smart Quang Nam, egov Quảng Nam"
    "quang-nam/egov-quang-nam",           # the same sentence
    "quang-nam/chatbot",                  # "Chatbot trong Cổng dịch vụ hành chính công và Cổng Thông tin điện tử của tỉnh"
    "quang-nam/ho-so-suc-khoe-dien-tu",   # "hồ sơ sức khỏe điện tử đã được phổ cập trên toàn tỉnh …"
}

#: (system id, measure, level) → (old values, new value), as the two reports give them
FIGURES = {
    # 2020: "đến nay đã cấu hình và cung cấp 792 DVC mức 3,4"; 2022: "Cung cấp 1.463 dịch vụ công trực tuyến cấp độ 3, 4"
    ("quang-nam/public-service-portal", "online-services", None): ("792 services", "1,463 services"),
    # 2020: "Đã tích hợp hơn 120 dịch vụ công trực tuyến của tỉnh trên Cổng dịch vụ công quốc gia."
    # 2022: "cung cấp công khai 1.396 dịch vụ công trực tuyến trên Cổng Dịch vụ công Quốc gia"
    ("quang-nam/public-service-portal", "online-services-integrated-npsp", None): ("more than 120 services", "1,396 services"),
    # 2020: "trong đó có 487 chứng thư số tổ chức, 905 chứng thư số cá nhân"
    # 2022: "Trong đó, có 791 chứng thư số cho tổ chức; 3.622 chữ ký số cho cá nhân"
    ("govca", "digital-certificates-organisation", None): ("487 certificates", "791 certificates"),
    ("govca", "digital-certificates-personal", None): ("905 certificates", "3,622 certificates"),
}


@pytest.fixture(scope="module")
def by_year(kg) -> ProvinceDiff:
    return province_diff(kg, "quang-nam", "2020", "2022")


@pytest.fixture(scope="module")
def by_report(kg) -> ProvinceDiff:
    return province_diff(kg, "quang-nam", "quang-nam-2020", "quang-nam-2022")


def test_sides_are_the_sources_up_to_each_year_or_one_source(by_year, by_report):
    assert by_year.old.sources == ["quang-nam-2020"] and by_year.old.year == 2020
    assert {"quang-nam-2020", "quang-nam-2022"} <= set(by_year.new.sources) and by_year.new.year == 2022
    assert (by_report.old.sources, by_report.new.sources) == (["quang-nam-2020"], ["quang-nam-2022"])


def test_new_systems_of_2022(by_year, by_report):
    for d in (by_year, by_report):
        added = {s.id for s in d.systems_added}
        assert NEW_IN_2022 <= added
        assert "quang-nam/qoffice" not in added and "quang-nam/lgsp" not in added  # named in both
    assert by_year.systems_removed == []  # the later side reads every source of the earlier one


def test_systems_are_matched_by_identity_not_by_label(by_year, by_report):
    # 2020 calls the IOC "Trung tâm Giám sát, điều hành đô thị thông minh Quảng Nam (IOC Quảng Nam)",
    # 2022 "Trung tâm điều hành thông tin chỉ đạo của UBND tỉnh": one system, neither added nor removed
    for d in (by_year, by_report):
        assert "quang-nam/ioc" not in {s.id for s in d.systems_added + d.systems_removed}


def test_ioc_went_from_pilot_to_operational(by_year, by_report):
    # 2020: "Trong năm 2020, đã triển khai thử nghiệm Trung tâm điều hành thông minh (IOC) tỉnh";
    # 2022: "trên cơ sở hạ tầng của Trung tâm điều hành thông tin chỉ đạo của UBND tỉnh (IOC), Quảng Nam đã triển khai …"
    for d in (by_year, by_report):
        changes = {c.system.id: c for c in d.status_changes}
        ioc = changes["quang-nam/ioc"]
        assert (ioc.old, ioc.new, ioc.old_source, ioc.new_source) == ("pilot", "operational", "quang-nam-2020", "quang-nam-2022")
        assert "Trung tâm điều hành thông tin chỉ đạo" in (ioc.quote or "")


def test_figures_that_moved(by_year, by_report):
    for d in (by_year, by_report):
        changed = {(c.entity_id, c.measure, c.level): c for c in d.figures_changed}
        for key, (old, new) in FIGURES.items():
            assert key in changed, key
            c = changed[key]
            assert [v.text() for v in c.old] == [old] and [v.text() for v in c.new] == [new], (key, c.text())
            assert {v.source for v in c.old} == {"quang-nam-2020"} and {v.source for v in c.new} == {"quang-nam-2022"}
    # a later source restating one of a figure's parts is no change: 2020 gives 100 % (province and district) and
    # about 85 % (commune) for computer-rate, a 2021 text the 85 % again
    assert ("province:quang-nam", "computer-rate", None) not in {(c.entity_id, c.measure, c.level) for c in by_year.figures_changed}
    # targets are not figures: the 2022 report's 2023 targets are nowhere in the diff
    assert not any(v.note and v.note.startswith("target") for c in by_year.figures_changed + by_year.figures_added for v in c.new)


def test_links_added_and_removed(by_year, by_report):
    # 2022: "9 CSDL do Trung ương chia sẻ qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NGSP)" (LGSP → NDXP);
    # "… hệ thống quản lý văn bản Qoffice … kết nối trục liên thông văn bản chính phủ" (Qoffice → VDXP)
    for d in (by_year, by_report):
        added = {(x.subject.id, x.relation, x.object.id) for x in d.links_added}
        assert {("quang-nam/lgsp", "connectsTo", "ndxp"), ("quang-nam/qoffice", "sendsDocumentsVia", "vdxp"),
                ("quang-nam/one-stop", "integratesWith", "npsp")} <= added
        assert ("quang-nam/public-service-portal", "integratesWith", "npsp") not in added  # stated by both
    removed = {(x.subject.id, x.relation, x.object.id) for x in by_report.links_removed}
    # 2020 states them, 2022 does not: "Đảm bảo kết nối liên thông 4 cấp từ trung ương đến cấp xã, thông qua Trục tích
    # hợp dữ liệu của tỉnh" (document axis → VDXP), "Hệ thống đã triển khai kết nối với hệ thống thanh toán trực tuyến
    # của Chính phủ" (portal → PayGov)
    assert ("quang-nam/document-axis", "connectsTo", "vdxp") in removed
    assert ("quang-nam/public-service-portal", "paysVia", "paygov") in removed
    assert by_year.links_removed == []


def test_unknown_province_year_or_source(kg):
    with pytest.raises(NotFoundError, match="unknown province"):
        province_diff(kg, "atlantis", "2020", "2022")
    with pytest.raises(NotFoundError, match="up to 2010"):
        province_diff(kg, "quang-nam", "2010", "2022")
    with pytest.raises(NotFoundError, match="neither a year nor a source"):
        province_diff(kg, "quang-nam", "son-la-2023", "2022")


def test_cli_text_and_json(loaded_store):
    text = run("diff", "--province", "quang-nam", "--from", "2020", "--to", "2022", store=loaded_store).stdout
    assert text.startswith("Quảng Nam [quang-nam]: 2020")
    assert "[quang-nam/ioc]: pilot → operational" in text
    assert "online-services: 792 dịch vụ → 1.463 dịch vụ" in text
    en = run("diff", "--province", "quang-nam", "--from", "2020", "--to", "2022", "--lang", "en", store=loaded_store).stdout
    assert "online-services: 792 services → 1,463 services" in en and "[quang-nam/ioc]: pilot → operational" in en
    assert "Quảng Nam Provincial People's Committee information, direction and operations centre (IOC) [quang-nam/ioc]" in en
    assert "+ Nền tảng chính quyền số tỉnh Quảng Nam [quang-nam/nen-tang-chinh-quyen-so]" in text
    data = json.loads(run("diff", "--province", "quang-nam", "--from", "quang-nam-2020", "--to", "quang-nam-2022",
                          "--format", "json", store=loaded_store).stdout)
    assert data["counts"]["status_changes"] >= 1 and data["counts"]["systems_removed"] > 0
    assert NEW_IN_2022 <= {s["id"] for s in data["systems_added"]}
    bad = run("diff", "--province", "quang-nam", "--from", "1999", "--to", "2022", store=loaded_store, check=False)
    assert bad.returncode == 2 and "no source about 'quang-nam' up to 1999" in bad.stderr


def test_api_and_page(server_url):
    r = httpx.get(server_url + "/api/provinces/quang-nam/diff", params={"from": "2020", "to": "2022"})
    assert r.status_code == 200
    body = r.json()
    assert any(c["system"]["id"] == "quang-nam/ioc" and c["new"] == "operational" for c in body["status_changes"])
    assert NEW_IN_2022 <= {s["id"] for s in body["systems_added"]}
    assert httpx.get(server_url + "/api/provinces/quang-nam/diff", params={"from": "x", "to": "2022"}).status_code == 404
    assert httpx.get(server_url + "/api/provinces/quang-nam/diff", params={"from": "2020"}).status_code == 422
    good = httpx.get(server_url + "/diff", params={"province": "quang-nam", "from": "2020", "to": "2022"}).text
    links = sorted(set(re.findall(r'href="(/[^"]*)"', good.replace("&amp;", "&"))))
    assert any(link.startswith("/explore/systems/") for link in links)
    bad = [f"{r.status_code} {link}" for link in links if (r := httpx.get(server_url + link, timeout=60)).status_code != 200]
    assert bad == []
    page = httpx.get(server_url + "/diff", params={"province": "quang-nam", "from": "x", "to": "2022"})
    assert page.status_code == 404 and "neither a year nor a source" in page.text and '<form class="diff-form"' in page.text


def test_page_in_chromium_offline(page, server_url):
    page.goto(server_url + "/diff?province=quang-nam&from=2020&to=2022")
    assert page.locator("h2").first.inner_text().startswith("Quảng Nam: 2020")
    rows = page.locator("#status-changes + table tr.changed").all_inner_texts()
    assert any("pilot" in r and "operational" in r for r in rows)
    added = " ".join(page.locator("#systems-added + table").all_inner_texts())
    assert "Tổng đài dịch vụ công 1022" in added
    figures = " ".join(page.locator("#figures-changed + table").all_inner_texts())
    assert "792 services" in figures and "1,463 services" in figures
    # the diagram: the IOC's border says its status changed, the new call centre's that it was added
    page.wait_for_function("window.egovkgNetwork && window.egovkgNetwork.stable", timeout=20_000)
    borders = page.evaluate("""() => Object.fromEntries(window.egovkgNetwork.nodes.get()
        .filter(n => n.color && n.color.border).map(n => [n.id, n.color.border]))""")
    assert borders.get("quang-nam/ioc") == "#c98a00" and borders.get("quang-nam/feedback") == "#2e8540"
    page.select_option("select[name=province]", "quang-nam")
    page.fill("input[name=from]", "quang-nam-2020")
    page.fill("input[name=to]", "quang-nam-2022")
    page.click(".diff-form button")
    page.wait_for_url("**from=quang-nam-2020**")
    assert page.locator("#links-removed + table tr.removed").count() > 0
    page.goto(server_url + "/diff?province=quang-nam&from=2020&to=2022&lang=vi")  # the same in Vietnamese
    rows = page.locator("#status-changes + table tr.changed").all_inner_texts()
    assert any("thí điểm" in r and "đang vận hành" in r for r in rows)
    assert "1.463 dịch vụ" in " ".join(page.locator("#figures-changed + table").all_inner_texts())
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []
