"""The text loader's rules for how reports state systems, links and figures, one test per rule, on
short passages written for these tests in the reports' style (not copied from the seed reports): if a
rule regressed, the measured precision and recall would say only that something changed; these say
which rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .support.extracting import extractor, links, systems


@pytest.fixture(scope="module")
def extract(iris):
    return extractor(iris)


# -- lists -----------------------------------------------------------------------------------------

def test_items_of_a_subsystem_list_are_systems_and_parts(extract):
    ex = extract("Trung tâm điều hành thông minh (IOC) của tỉnh có 5 phân hệ, gồm: giám sát môi trường; "
                 "quản lý trật tự đô thị; giám sát an toàn giao thông.")
    found = systems(ex)
    for item in ("giám sát môi trường", "quản lý trật tự đô thị", "giám sát an toàn giao thông"):
        assert item in found and found[item] == "ApplicationSystem", found
        assert any(s == item and r == "componentOf" for s, r, _ in links(ex)), links(ex)
    assert not any(r == "monitoredBy" for _, r, _ in links(ex)), "'giám sát' inside an item's name states no link"


def test_bracketed_items_after_a_plural_head(extract):
    ex = extract("Các cơ quan đã triển khai các ứng dụng chuyên ngành phục vụ nghiệp vụ (chấm công, "
                 "thi đua khen thưởng, quản lý tài sản,...).")
    assert {"chấm công", "thi đua khen thưởng", "quản lý tài sản"} <= set(systems(ex))


def test_items_beside_known_systems_in_a_list(extract):
    ex = extract("Các tiện ích nổi bật gồm: Cổng thông tin điện tử du lịch, bản đồ số du lịch, "
                 "hệ thống thư điện tử công vụ.")
    found = systems(ex)
    assert "bản đồ số du lịch" in found
    assert "Cổng thông tin điện tử du lịch" in found, "a portal with a name of its own is not the province's portal"


def test_a_heading_colon_opens_no_list(extract):
    ex = extract("- Rà soát an toàn thông tin các hệ thống thông tin của tỉnh: Đạt. Công tác theo dõi, "
                 "đánh giá định kỳ, duy trì được thực hiện thường xuyên.")
    assert not ex.systems, systems(ex)


def test_examples_after_nhu_are_the_thing_they_exemplify(extract):
    ex = extract("Tỉnh đã trang bị các hệ thống phòng chống tấn công mạng như IPS, Firewall cho các sở.")
    assert len(ex.systems) == 1 and ex.systems[0].kind == "Infrastructure"
    assert {m.text for m in ex.systems[0].mentions} >= {"IPS", "Firewall"}


# -- what the words around a mention say -------------------------------------------------------------

def test_a_denied_system_is_no_candidate_and_a_negated_link_no_link(extract):
    ex = extract("Tỉnh chưa có cơ sở dữ liệu dùng chung. Các phần mềm chuyên ngành chưa kết nối với nền tảng LGSP.")
    assert not any(s.kind == "ProvincialSharedDB" for s in ex.systems)
    assert not ex.links


def test_a_technology_in_brackets_is_no_system(extract):
    ex = extract("Các đơn vị đã chuyển sang công nghệ mới (điện toán đám mây) từ năm 2019.")
    assert not ex.systems


def test_diacritics_must_agree_in_a_report_written_with_them(extract):
    assert not extract("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 500 hồ sơ.").systems
    folded = extract("Cong tinh da duoc nang cap giao dien moi.")
    assert [s.kind for s in folded.systems] == ["ProvincialPortal"], "typed without marks, words match folded"


def test_a_web_address_names_a_system(extract):
    ex = extract("Dữ liệu từ hệ thống tiemchung.vncdc.gov.vn đã được cập nhật vào hệ thống hồ sơ sức khỏe điện tử.")
    assert ("national-immunization", "feedsDataTo", "hệ thống hồ sơ sức khỏe điện tử") in links(ex)


def test_a_quoted_name_after_a_system_noun(extract):
    ex = extract("Tỉnh đã ra mắt ứng dụng di động “Sơn La số” phục vụ người dân.")
    assert any("Sơn La số" in m for m in systems(ex)), systems(ex)


# -- which mentions are one system -----------------------------------------------------------------

def test_one_class_owned_by_two_agencies_is_two_systems(extract):
    ex = extract("Trung tâm dữ liệu thuộc Sở Tài chính lưu trữ phần mềm quản lý ngân sách. "
                 "Trung tâm dữ liệu thuộc Sở Y tế lưu trữ phần mềm quản lý bệnh viện.")
    centres = [s for s in ex.systems if s.kind == "DataCentre"]
    assert len(centres) == 2
    hosts = {link.object.id for link in ex.links if link.relation == "hostedIn"}
    assert hosts == {c.id for c in centres}


def test_two_systems_of_one_class_the_report_links(extract):
    ex = extract("Hệ thống giao ban trực tuyến cấp huyện đã liên thông với hệ thống hội nghị truyền hình "
                 "trực tuyến của tỉnh.")
    assert len([s for s in ex.systems if s.kind == "VideoConferenceSystem"]) == 2
    assert any(r == "connectsTo" for _, r, _ in links(ex))


def test_a_bare_class_name_refers_to_the_system_named_before(extract):
    ex = extract("Cổng thông tin điện tử của tỉnh được nâng cấp năm 2022; thông tin được cập nhật "
                 "thường xuyên trên Cổng thông tin theo quy định.")
    assert [s.kind for s in ex.systems] == ["ProvincialPortal"]
    assert len(ex.systems[0].mentions) == 2


# -- link cues -------------------------------------------------------------------------------------

def test_a_fronted_host(extract):
    ex = extract("Trên cơ sở hạ tầng của Trung tâm tích hợp dữ liệu tỉnh, Sở đã triển khai hệ thống thư điện tử "
                 "công vụ, Cổng dịch vụ công của tỉnh.")
    hosted = {s for s, r, _ in links(ex) if r == "hostedIn"}
    assert len(hosted) == 2, links(ex)


def test_part_of_right_between_two_systems(extract):
    ex = extract("Tỉnh đã đưa Trợ lý ảo trong Cổng dịch vụ công của tỉnh vào vận hành.")
    assert ("Trợ lý ảo", "componentOf", "Cổng dịch vụ công của tỉnh") in links(ex)


def test_gom_states_parts(extract):
    ex = extract("Cổng thông tin điện tử tỉnh gồm 1 cổng chính và 20 cổng thành phần.")
    assert any(r == "componentOf" and s == "cổng thành phần" for s, r, _ in links(ex)), links(ex)


def test_lookup_channels_of_the_system_talked_about(extract):
    ex = extract("Hệ thống thông tin một cửa điện tử đã triển khai tại 20 sở. Kết quả giải quyết được công khai "
                 "và có thể tra cứu qua Cổng dịch vụ công của tỉnh, kiosk thông tin.")
    assert {r for _, r, _ in links(ex)} == {"integratesWith"} and len(ex.links) == 2, links(ex)


def test_a_bare_phan_mem_carries_the_topic_into_the_next_paragraph(extract):
    carried = extract("Hệ thống thông tin một cửa điện tử đã triển khai ở 20 sở.\n\n"
                      "Hồ sơ được xử lý trên phần mềm; kết quả có thể tra cứu qua kiosk thông tin.")
    assert len(carried.links) == 1 and carried.links[0].relation == "integratesWith"
    not_carried = extract("Hệ thống thông tin một cửa điện tử đã triển khai ở 20 sở.\n\n"
                          "Hồ sơ được xử lý đúng quy trình; kết quả có thể tra cứu qua kiosk thông tin.")
    assert not not_carried.links, "a new paragraph that does not refer back has its own topic"


def test_data_from_a_national_database_is_a_query(extract):
    ex = extract("Thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư được cập nhật vào hệ thống thông tin "
                 "giải quyết thủ tục hành chính.")
    assert any(r == "queriesDataFrom" and o == "population-db" for _, r, o in links(ex)), links(ex)


# -- figures ---------------------------------------------------------------------------------------

def test_figure_number_formats_of_the_report(extract):
    ex = extract("Số: 390/BC-UBND. Tổng kinh phí là 124,178 tỷ đồng cho 1.250 người dùng; "
                 "trên 90% tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng.")
    values = {f.value for f in ex.figures}
    assert Decimal(124178000000) in values, "a report writing 1.250 writes decimals with a comma"
    assert Decimal(90) in values, "'tỷ lệ' after a percentage is a rate, not 'billion'"
    assert Decimal(39) not in values and Decimal(390) not in values, "a document number is no figure"
