"""The curated facts: every file loads, every quote is the report's own words, and spot checks of each
report, written from the reports' text (the sentence each expectation comes from is cited).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from loaders import bundled_data_dir
from loaders.yamlfile import read_yaml

from .support.paths import REPORTS, SEEDS

DATA_FILES = sorted(bundled_data_dir().glob("*.yaml"))
EXPECTED_SEEDS = {p.name for p in SEEDS.glob("*.txt")}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def report_text(source) -> str:
    """The plain text a curated file quotes: a seed report, or a text of shared/reports without its header."""
    if source.get("seed"):
        return (SEEDS / source["seed"]).read_text(encoding="utf-8")
    raw = (REPORTS / source["text"]).read_text(encoding="utf-8")
    return re.sub(r"\A(?:# [^\n]*\n)+\n", "", raw)


def test_one_file_per_seed_report():
    seeds = {read_yaml(p)["source"]["seed"] for p in DATA_FILES if read_yaml(p)["source"].get("seed")}
    assert seeds == EXPECTED_SEEDS


def test_one_file_per_report_text():
    texts = [read_yaml(p)["source"]["text"] for p in DATA_FILES if read_yaml(p)["source"].get("text")]
    assert len(texts) == len(set(texts)), "two curated files quote the same report text"
    assert all((REPORTS / t).is_file() for t in texts)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_quote_is_in_the_report(path: Path):
    doc = read_yaml(path)
    seed = normalise(report_text(doc["source"]))
    missing = []
    for section in ("organizations", "systems", "links", "observations"):
        for item, line in zip(doc.get(section) or [], (doc.get(section) or []).item_lines if doc.get(section) else []):
            quote = item.get("quote")
            if quote and normalise(str(quote)).strip() not in seed:
                missing.append(f"{path.name}:{line}: {quote!r}")
    assert not missing, "quotes not found verbatim in the report:\n" + "\n".join(missing)


def test_each_report_has_its_own_graph_with_provenance(kg):
    rows = kg.select(
        """SELECT ?g ?title ?province ?issued WHERE {
             GRAPH ?g { ?g prov:wasDerivedFrom ?src . ?src a egov:Report ; dcterms:title ?title ;
                        dcterms:spatial ?province ; dcterms:issued ?issued } }"""
    ).values()
    by_graph = {r["g"].rsplit("/", 1)[1]: r for r in rows}
    assert set(by_graph) == {read_yaml(p)["source"]["id"] for p in DATA_FILES}
    assert by_graph["quang-nam-2020"]["province"].endswith("/province/quang-nam")
    assert by_graph["kien-giang-2018"]["issued"] == "2018-12-28"


def ask(kg, query: str) -> bool:
    return kg.query(query).value


# -- Quảng Nam 2020 (000): "…hệ thống quản lý văn bản và điều hành tác nghiệp Qoffice … với số lượng user là 27.500"
def test_quang_nam_2020_qoffice_users(kg):
    rows = kg.select(
        """SELECT ?value ?year WHERE {
             GRAPH <https://w3id.org/egovkg/graph/source/quang-nam-2020> {
               ?o egov:observedEntity <https://w3id.org/egovkg/id/system/quang-nam/qoffice> ; egov:measure measure:users ;
                  egov:value ?value ; egov:refYear ?year } }"""
    ).values()
    assert {"value": "27500", "year": "2020"} in rows


def test_quang_nam_2020_qoffice_is_a_dms_linked_to_the_lgsp(kg):
    assert ask(kg, "ASK { <https://w3id.org/egovkg/id/system/quang-nam/qoffice> a egov:DocumentManagementSystem ; egov:locatedIn province:quang-nam }")
    # the LGSP "kết nối các ứng dụng dùng chung của tỉnh"; Qoffice is linked with it in either direction
    assert ask(kg, """ASK { { <https://w3id.org/egovkg/id/system/quang-nam/qoffice> ?p <https://w3id.org/egovkg/id/system/quang-nam/lgsp> } UNION
                           { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> ?p <https://w3id.org/egovkg/id/system/quang-nam/qoffice> } }""")


# -- Quảng Nam 2022 (002): "(LGSP) đã kết nối … 9 CSDL do Trung ương chia sẻ qua Nền tảng … quốc gia (NGSP)"
def test_quang_nam_2022_lgsp_to_ngsp_with_nine_central_databases(kg):
    assert ask(kg, """ASK { GRAPH <https://w3id.org/egovkg/graph/source/quang-nam-2022> {
                              <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo system:ndxp } }""")
    rows = kg.select(
        """SELECT ?value WHERE { GRAPH <https://w3id.org/egovkg/graph/source/quang-nam-2022> {
             ?o egov:observedEntity <https://w3id.org/egovkg/id/system/quang-nam/lgsp> ; egov:measure measure:connected-databases ;
                egov:value ?value ; egov:refYear 2022 } }"""
    ).values()
    assert {"value": "9"} in rows
    # NGSP is the earlier name of NDXP, so the alias finds the node
    assert ask(kg, 'ASK { system:ndxp skos:altLabel ?l FILTER(STR(?l) = "NGSP") }')


def test_quang_nam_both_years_describe_one_qoffice(kg):
    """2020: "…Qoffice … với số lượng user là 27.500"; 2022: "…hệ thống quản lý văn bản Qoffice tập trung …
    kết nối trục liên thông văn bản chính phủ và tích hợp chữ ký số chuyên dùng": one node, two reports."""
    rows = kg.select(
        """SELECT ?report WHERE { <https://w3id.org/egovkg/id/system/quang-nam/qoffice> dcterms:isReferencedBy ?report }"""
    ).values()
    # the seed reports of both years (later texts on Quảng Nam name the same node too)
    assert {r["report"].rsplit("/", 1)[1] for r in rows} >= {"quang-nam-2020", "quang-nam-2022"}
    assert ask(kg, """ASK { GRAPH <https://w3id.org/egovkg/graph/source/quang-nam-2022> {
                              <https://w3id.org/egovkg/id/system/quang-nam/qoffice> egov:sendsDocumentsVia system:vdxp ;
                                                                                   egov:signsWith system:govca } }""")


# -- Sơn La (001): "Nền tảng Trung tâm giám sát điều hành thông minh IOC (tích hợp các nền tảng: …
#    Nền tảng trung tâm giám sát điều hành an toàn thông tin mạng SOC)"
def test_son_la_ioc_integrates_the_soc_platform(kg):
    assert ask(kg, "ASK { ?ioc a egov:IOC ; egov:locatedIn province:son-la . ?soc a egov:SOC ; egov:locatedIn province:son-la }")
    assert ask(kg, """ASK { ?ioc a egov:IOC ; egov:locatedIn province:son-la . ?soc a egov:SOC .
                           { ?soc egov:componentOf ?ioc } UNION { ?ioc egov:integratesWith ?soc } UNION
                           { ?soc egov:integratesWith ?ioc } UNION { ?ioc egov:hasComponent ?soc } }""")


# -- Kiên Giang (004): "gồm 01 cổng chính và 37 cổng thành phần, trong đó có 22 … và 15 …"
def test_kien_giang_37_component_portals(kg):
    rows = kg.select(
        """SELECT ?value WHERE { GRAPH <https://w3id.org/egovkg/graph/source/kien-giang-2018> {
             ?o egov:measure measure:component-portals ; egov:value ?value } }"""
    ).values()
    assert {"value": "37"} in rows


# -- Kiên Giang (004): "việc triển khai LGSP vẫn chưa hoàn thành trong năm 2018"
def test_kien_giang_lgsp_not_completed_in_2018(kg):
    rows = kg.select(
        """SELECT ?status ?asOf WHERE { ?r egov:statusOf <https://w3id.org/egovkg/id/system/kien-giang/lgsp> ; egov:status ?status ; egov:asOf ?asOf }"""
    ).values()
    assert rows and all(not r["status"].endswith("/operational") for r in rows)
    assert any(r["asOf"].startswith("2018") for r in rows)


# -- Kiên Giang (004) contradicts itself: 330/290 level-3/4 services in one section, 326/296 in another
def test_kien_giang_contradictory_figures_are_both_kept(kg):
    rows = kg.select(
        """SELECT ?level ?value WHERE { GRAPH <https://w3id.org/egovkg/graph/source/kien-giang-2018> {
             ?o egov:measure measure:online-services ; egov:serviceLevel ?level ; egov:value ?value } }"""
    ).values()
    pairs = {(r["level"], r["value"]) for r in rows}
    assert {("3", "330"), ("4", "290"), ("3", "326"), ("4", "296")} <= pairs


# -- Nam Định (003), 2014
def test_nam_dinh_2014_has_systems_and_figures(kg):
    rows = kg.select(
        """SELECT (COUNT(DISTINCT ?s) AS ?systems) (COUNT(DISTINCT ?o) AS ?obs) WHERE {
             GRAPH <https://w3id.org/egovkg/graph/source/nam-dinh-2014> {
               ?s egov:locatedIn province:nam-dinh ; egov:layer ?l . ?o a egov:Observation } }"""
    ).values()[0]
    assert int(rows["systems"]) >= 3 and int(rows["obs"]) >= 3


def test_every_link_and_observation_names_its_source_and_evidence(kg):
    assert not ask(kg, """ASK { { ?x a egov:LinkAssertion } UNION { ?x a egov:Observation } UNION { ?x a egov:StatusRecord }
                               FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?src . ?src a egov:Report ; dcterms:issued ?d .
                                                   ?x egov:quote ?q } }""")


def test_every_system_has_a_kind_a_layer_and_both_labels(kg):
    rows = kg.select(
        """SELECT ?s WHERE { ?s egov:locatedIn ?p ; dcterms:isReferencedBy ?src .
                             FILTER NOT EXISTS { ?s egov:layer ?l }
                             FILTER NOT EXISTS { ?s a ?k . ?k rdfs:subClassOf* egov:Organization } }"""
    ).values()
    assert rows == []
    missing = kg.select(
        """SELECT ?s WHERE { ?s egov:layer ?l . FILTER NOT EXISTS { ?s rdfs:label ?vi FILTER(LANG(?vi) = "vi") }
                                              } """
    ).values() + kg.select(
        """SELECT ?s WHERE { ?s egov:layer ?l . FILTER NOT EXISTS { ?s rdfs:label ?en FILTER(LANG(?en) = "en") } }"""
    ).values()
    assert missing == []
