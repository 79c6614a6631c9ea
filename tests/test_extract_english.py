"""The text loader's rules for English reports (and the head-noun, number and link rules both
languages share), one test per rule, on short passages written for these tests in the style of the
shared report texts, not copied from them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .support.extracting import extractor, figures
from .support.extracting import systems as kinds


@pytest.fixture(scope="module")
def extract(iris):
    return extractor(iris)


# -- systems by head noun and modifiers ------------------------------------------------------------

def test_a_head_noun_and_its_modifiers_name_a_kind(extract):
    ex = extract("The district has put the task tracking systems and the e-mail system for officials into use. "
                 "It also runs a database on land parcels.")
    found = kinds(ex)
    assert found.get("task tracking systems") == "TaskManagementSystem", found
    assert found.get("e-mail system") == "OfficialEmail", found
    assert "SectoralDB" in found.values(), found


def test_a_function_after_for_types_the_head(extract):
    found = kinds(extract("Officials now use a system for document management and a portal for online public services."))
    assert "DocumentManagementSystem" in found.values(), found


def test_two_kinds_joined_by_and_before_one_head_are_two_systems(extract):
    found = kinds(extract("The commune launched its one-door and video conference systems last year."))
    assert {"OneStopShopSystem", "VideoConferenceSystem"} <= set(found.values()), found


def test_generic_phrases_name_no_system(extract):
    ex = extract("Digital platforms and information systems help the network of agencies. "
                 "The app is popular and the national database grows.")
    assert not ex.systems, kinds(ex)


def test_a_brand_name_before_app_is_a_citizen_app(extract):
    found = kinds(extract("Residents send feedback through the Sao Mai app every day."))
    assert found.get("Sao Mai app") == "CitizenApp", found


def test_no_fragment_after_an_english_generic_head(extract):
    ex = extract("Many software and online services and applications to better serve residents were added.")
    assert not any(s.kind == "ApplicationSystem" for s in ex.systems), kinds(ex)


def test_plural_labels_and_a_national_modifier(extract):
    found = kinds(extract("Two data integration centres will move their systems to the National Data Centre."))
    assert "ProvincialDataCenter" in found.values() and "NationalDataCenter" in found.values(), found


def test_examples_of_a_broad_head_are_systems_of_their_own(extract):
    found = kinds(extract("The province maintains shared application systems, such as: the official email system; "
                          "the document management system; and the level II specialised data network."))
    assert {"OfficialEmail", "DocumentManagementSystem", "SpecialisedDataNetworkL2"} <= set(found.values()), found


# -- figures -----------------------------------------------------------------------------------------

def test_number_words_with_a_unit(extract):
    got = figures(extract("The city has built seven shared data systems and nine core modules."))
    assert got["seven"][0] == 7 and got["nine"][0] == 9, got


def test_a_number_word_in_a_compound_is_no_count(extract):
    assert "two" not in figures(extract("The two-tier people's councils meet monthly."))


def test_ordinals_are_ranks_only_beside_a_rank_word(extract):
    got = figures(extract("The province ranked 12th nationwide and came in second place; for the first time "
                          "its second phase started."))
    assert got["12"][:2] == (12, "ranking") and got["second"][:2] == (2, "ranking"), got
    assert "first" not in got


def test_decimals_and_scale_words_in_an_english_report(extract):
    got = figures(extract("The portal handled 4,215,300 dossiers and 2.45 billion transactions; "
                          "the index score was 0.5123 points."))
    assert got["4,215,300"][0] == 4215300
    assert got["2.45"][0] == Decimal(2450000000)
    assert got["0.5123"][:2] == (Decimal("0.5123"), "index-score"), got


def test_percent_in_words_is_a_rate_not_a_count(extract):
    got = figures(extract("The system reaches 100 percent of agencies in the province."))
    assert got["100 percent"][1].endswith("rate"), got


def test_x_out_of_y_gives_a_ratio(extract):
    got = figures(extract("The land database now covers 41 out of the 55 communes."))
    assert got["41"][0] == 41 and got["41"][2] == 55, got
    assert "55" not in got


def test_a_breakdown_in_brackets_counts_what_its_total_counts(extract):
    got = figures(extract("The agency holds 240 digital certificates (61 organisations, 179 individuals)."))
    assert got["240"][1] == got["61"][1] == got["179"][1] == "digital-certificates", got


def test_scale_words_in_vietnamese(extract):
    got = figures(extract("Tổng số tiền thanh toán trực tuyến đạt hơn 3,4 nghìn tỷ đồng, với 120 nghìn giao dịch."))
    assert got["3,4"][0] == Decimal(3400000000000) and got["120"][0] == 120000, got


def test_a_level_list_does_not_swallow_a_count_after_it(extract):
    got = figures(extract("The portal offers 1,210 public services at level 2, 340 services at level 3."))
    assert got["340"][0] == 340, got


# -- links -------------------------------------------------------------------------------------------

def test_connecting_a_to_the_b(extract):
    ex = extract("The department finished connecting the provincial one-stop shop system to the document "
                 "management system in May.")
    rels = {(l.subject.kind, l.relation, l.object.kind) for l in ex.links}
    assert any({s, o} == {"OneStopShopSystem", "DocumentManagementSystem"} for s, _, o in rels), rels


def test_no_link_across_sentences(extract):
    ex = extract("The one-stop shop system was upgraded. The province is connected to the national network. "
                 "The document management system is new.")
    assert not any({l.subject.kind, l.object.kind} == {"OneStopShopSystem", "DocumentManagementSystem"}
                   for l in ex.links)


def test_a_list_of_functions_whose_words_say_a_kind(extract):
    found = kinds(extract("The council uses several platforms, including document management, task tracking, "
                          "the official email system and other applications."))
    assert {"DocumentManagementSystem", "TaskManagementSystem", "OfficialEmail"} <= set(found.values()), found
    assert not any(k.startswith("other") for k in found), found


def test_a_vietnamese_list_item_is_typed_by_its_words(extract):
    found = kinds(extract("Các hệ thống dùng chung gồm: Cổng thông tin điện tử tỉnh; quản lý văn bản; "
                          "một cửa điện tử liên thông."))
    assert "DocumentManagementSystem" in found.values(), found


def test_nhu_vay_opens_no_list(extract):
    found = kinds(extract("Như vậy, việc các sở, ngành hoàn thành LGSP đã giúp kết nối với nền tảng quốc gia."))
    assert not any(k in ("vậy", "việc các sở") for k in found), found


def test_a_count_of_people_takes_the_label_before_it(extract):
    got = figures(extract("Số cán bộ chuyên trách CNTT của tỉnh là 315 người, trong đó 42 người có trình độ thạc sĩ."))
    assert got["315"][:2] == (315, "it-staff") and got["42"][:2] == (42, "it-staff"), got


def rels(ex) -> set[tuple[str, str, str]]:
    return {(link.subject.kind, link.relation, link.object.kind) for link in ex.links}


def test_the_paragraphs_system_hosts_what_it_supports(extract):
    ex = extract("Trung tâm dữ liệu tỉnh được đưa vào hoạt động từ năm 2019. Trung tâm hỗ trợ vận hành các hệ thống "
                 "như hệ thống thư điện tử công vụ và Cổng thông tin điện tử tỉnh.")
    assert ("OfficialEmail", "hostedIn", "ProvincialDataCenter") in rels(ex), rels(ex)


def test_a_quoted_name_belongs_to_the_nearest_system_noun(extract):
    found = kinds(extract("Ứng dụng Smart Phú Yên đã tích hợp hệ thống “Theo dõi công việc” cho cán bộ."))
    assert not any(k.startswith("Ứng dụng") and "“" in k for k in found), found


def test_data_from_a_into_b_feeds_b(extract):
    ex = extract("Tỉnh kết nối dữ liệu từ hệ thống thông tin báo cáo vào Trung tâm điều hành thông minh (IOC).")
    assert any(r == "feedsDataTo" for _, r, _ in rels(ex)), rels(ex)


def test_a_system_for_handling_administrative_procedures(extract):
    found = kinds(extract("The city upgraded the information system for handling administrative procedures."))
    assert "ProvincialTTHCSystem" in found.values(), found


def test_x_out_of_y_with_thousands(extract):
    got = figures(extract("So far, 2,315 out of 2,760 dossiers (83.9%) were submitted online."))
    assert got["2,315"][0] == 2315 and got["2,315"][2] == 2760, got


def test_a_class_of_systems_as_subject_takes_no_link_from_the_sentence_before(extract):
    ex = extract("The provincial public service portal is integrated with the National Public Service Portal. "
                 "All shared software is hosted at the provincial data centre.")
    assert not any(r == "hostedIn" for _, r, _ in rels(ex)), rels(ex)


def test_a_national_modifier_names_the_national_counterpart(extract):
    ex = extract("The provincial Cyber Security Monitoring Centre connects to the National Cyber Security "
                 "Monitoring Centre, and the provincial LGSP, which was upgraded last year, is connected to the "
                 "National Data Sharing and Integration Platform.")
    found = kinds(ex)
    assert {"SOC", "NationalSecurityOperationsCentre", "LGSP", "NationalIntegrationPlatform"} <= set(found.values()), found
    assert ("LGSP", "connectsTo", "NationalIntegrationPlatform") in rels(ex), rels(ex)


def test_modifiers_joined_by_and_before_one_head(extract):
    found = kinds(extract("All agencies use the document management and operating system and the provincial "
                          "Public Administration Service Portal."))
    assert {"DocumentManagementSystem", "ProvincialPublicServicePortal"} <= set(found.values()), found


def test_networks_are_told_apart_and_codes_may_be_plural(extract):
    found = kinds(extract("Each commune is linked by the specialised data network, a WAN and LANs."))
    assert {"SpecialisedDataNetwork", "ProvincialWAN", "LocalAreaNetwork"} <= set(found.values()), found


def test_a_brand_name_with_city_in_it(extract):
    found = kinds(extract("Residents report problems through the Lam Vien Smart City app."))
    assert found.get("Lam Vien Smart City app") == "CitizenApp", found


def test_dates_and_counts_referred_back_are_no_figures(extract):
    got = figures(extract("On March 14, leaders of the two localities met; after merging 3 provinces, "
                          "the city serves 41 communes."))
    assert "14" not in got and "two" not in got and "3" not in got and got["41"][0] == 41, got


def test_all_with_a_large_count_is_a_figure(extract):
    got = figures(extract("All 126 communes and wards now use the system; the province is among the top five."))
    assert got["126"][0] == 126 and got["five"][:2] == (5, "ranking"), got


def test_a_list_of_ranks_after_one_rank_word(extract):
    got = figures(extract("The province ranked 9th in digital government, 31st in digital economy and 20th in "
                          "digital society; it ranks 12/63 in one pillar, 18/63 in another."))
    assert {k: v[1] for k, v in got.items()} == {"9": "ranking", "31": "ranking", "20": "ranking",
                                                "12/63": "ranking", "18/63": "ranking"}, got


def test_a_code_in_brackets_names_the_phrase_and_keeps_the_list(extract):
    ex = extract("The centre connected the Local Government Service Platform (LGSP) with the National Government "
                 "Service Platform (NGSP) and the Vietnam Data Exchange Platform (VDXP).")
    assert {("LGSP", "connectsTo", "NationalIntegrationPlatform"),
            ("LGSP", "connectsTo", "NationalDocumentAxis")} <= rels(ex), rels(ex)


def test_a_connection_noun_states_a_link(extract):
    ex = extract("The province completed the connection of the one-stop electronic system with the National "
                 "Public Service Portal.")
    assert any(s == "OneStopShopSystem" and o == "NationalPublicServicePortal" for s, _, o in rels(ex)), rels(ex)


def test_document_management_wins_over_a_generic_management_application(extract):
    found = kinds(extract("Agencies use the document and official letter management system and the electronic "
                          "management and operations system, and schools use the school management software."))
    assert list(found.values()).count("DocumentManagementSystem") >= 1, found
    assert found.get("school management software") == "SectoralApplication", found
    assert "electronic management and operations system" not in found or \
        found["electronic management and operations system"] == "DocumentManagementSystem", found


def test_specialised_digital_signatures_are_the_signing_service(extract):
    found = kinds(extract("The province issued 2,300 specialized digital signatures to officials."))
    assert "DigitalSignatureCA" in found.values(), found


def test_items_separated_by_semicolons_keep_their_commas(extract):
    found = kinds(extract("Dự án gồm các hạng mục: Nền tảng giám sát, cảnh báo giao thông; Nền tảng tổng hợp, "
                          "phân tích số liệu; Nền tảng ứng dụng công dân số."))
    assert "Nền tảng giám sát, cảnh báo giao thông" in found and "Nền tảng tổng hợp, phân tích số liệu" in found, found
    assert found.get("Nền tảng ứng dụng công dân số") == "CitizenApp", found


def test_a_link_verb_is_no_modifier_and_heads_do_not_chain(extract):
    ex = extract("The platform was built to link existing district databases. Offices have LAN systems and "
                 "application systems.")
    assert not any(m.text.lower().startswith("link") for s in ex.systems for m in s.mentions), kinds(ex)
    assert not any("LAN systems and" in m.text for s in ex.systems for m in s.mentions), kinds(ex)


def test_data_from_a_system_states_no_link_to_the_last_one(extract):
    ex = extract("The provincial public service portal was upgraded last year. Data from the one-stop shop "
                 "system is synchronized with the national population database.")
    assert not any(s == "ProvincialPublicServicePortal" for s, _, _ in rels(ex)), rels(ex)


def test_unit_nouns_beside_the_measures_labels(extract):
    got = figures(extract("The centre monitors 1,200 devices and blocked 410 cyber attacks; it links 14 ministries "
                          "through 52 APIs over 980 km of fibre."))
    assert {k: v[1] for k, v in got.items()} == {
        "1,200": "computers", "410": "security-incidents", "14": "agencies", "52": "shared-services",
        "980": "network-lines"}, got


def test_a_provincial_count_is_not_the_national_portals(extract):
    ex = extract("The province has published 1,200 online services on the National Public Service Portal.")
    (figure,) = ex.figures
    assert figure.of is None, figure.of


def test_a_list_item_is_not_cut_where_a_label_joins_two_words(extract):
    found = kinds(extract("Các hệ thống dùng chung gồm: giải quyết thủ tục hành chính, quản lý văn bản và điều hành, "
                          "thư điện tử công vụ."))
    assert found.get("quản lý văn bản và điều hành") == "DocumentManagementSystem", found
    assert found.get("giải quyết thủ tục hành chính") == "ProvincialTTHCSystem", found
