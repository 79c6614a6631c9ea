"""The ontology: it parses, every term carries Vietnamese and English labels and definitions, the
aliases reports use are there, the provinces match the 2025 reform, and HermiT finds it consistent."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, Namespace

from ontology import ADMIN_UNIT_FILES, ONTOLOGY_DIR, TERMINOLOGY_FILES

EGOV = Namespace("https://w3id.org/egovkg/ontology#")
ID = "https://w3id.org/egovkg/id/"


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in TERMINOLOGY_FILES + ADMIN_UNIT_FILES:
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


def own_terms(g, kinds):
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(EGOV))})


def langs(g, s, p):
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def test_every_class_and_property_has_vi_and_en_labels_and_definitions(g):
    terms = own_terms(g, [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty])
    assert len(terms) > 100
    missing = [f"{t} ({p.n3(g.namespace_manager)})" for t in terms for p in (RDFS.label, RDFS.comment)
               if not {"vi", "en"} <= langs(g, t, p)]
    assert missing == []


def test_every_national_individual_and_measure_has_both_labels(g):
    individuals = {s for s in g.subjects(RDF.type, None) if str(s).startswith(ID)}
    assert len(individuals) > 150
    missing = [str(s) for s in individuals if not {"vi", "en"} <= langs(g, s, RDFS.label)]
    assert missing == []


ALIASES = {  # domain.md §5: surface form → the class or national individual it names
    "LGSP": EGOV.LGSP, "Trục tích hợp dữ liệu của tỉnh": EGOV.LGSP, "LDOP": EGOV.LGSP,
    "NGSP": rdflib.URIRef(ID + "system/ndxp"), "NDXP": rdflib.URIRef(ID + "system/ndxp"),
    "Trục LTVBQG": rdflib.URIRef(ID + "system/vdxp"), "VDXP": rdflib.URIRef(ID + "system/vdxp"),
    "Cổng DVCQG": rdflib.URIRef(ID + "system/npsp"), "một cửa số": rdflib.URIRef(ID + "system/npsp"),
    "MCĐT": EGOV.OneStopShopSystem, "iGate": EGOV.OneStopShopSystem,
    "QLVBĐT": EGOV.DocumentManagementSystem, "Qoffice": EGOV.DocumentManagementSystem,
    "iOffice": EGOV.DocumentManagementSystem, "QLVB&ĐH": EGOV.DocumentManagementSystem,
    "IOC": EGOV.IOC, "bộ não số": EGOV.IOC, "SOC": EGOV.SOC, "TTTHDL": EGOV.ProvincialDataCenter,
    "TSLCD": rdflib.URIRef(ID + "system/tslcd"), "VNeID": rdflib.URIRef(ID + "system/vneid"),
    "PayGov": rdflib.URIRef(ID + "system/paygov"), "CSDLQGDC": rdflib.URIRef(ID + "system/population-db"),
    "HTTT GQTTHC": EGOV.ProvincialTTHCSystem, "email công vụ": EGOV.OfficialEmail,
    "hội nghị truyền hình": EGOV.VideoConferenceSystem, "eCabinet": rdflib.URIRef(ID + "system/ecabinet"),
}


@pytest.mark.parametrize(("alias", "target"), sorted(ALIASES.items()))
def test_aliases_reports_use_are_alt_labels(g, alias, target):
    forms = {str(o).casefold() for o in g.objects(target, SKOS.altLabel)} | {str(o).casefold() for o in g.objects(target, RDFS.label)}
    assert alias.casefold() in forms


def test_every_system_kind_has_a_layer(g):
    from loaders import vocabulary_for
    from ontology import IRIs

    vocab = vocabulary_for(IRIs())
    assert vocab.system_kinds >= {"LGSP", "DocumentManagementSystem", "IOC", "SOC", "NationalDatabase", "ProvincialPortal"}
    assert set(vocab.system_kinds) - set(vocab.kind_layers) == {"InformationSystem"}  # the root has no one layer


def _valid_on(g, day: str) -> set[str]:
    out = set()
    for p in g.subjects(RDF.type, EGOV.Province):
        start = g.value(p, EGOV.validFrom)
        end = g.value(p, EGOV.validTo)
        if (start is None or str(start) <= day) and (end is None or str(end) >= day):
            out.add(str(p).rsplit("/", 1)[1])
    return out


def test_63_provinces_before_and_34_after_the_reform(g):
    before, after = _valid_on(g, "2025-06-30"), _valid_on(g, "2025-07-01")
    assert len(before) == 63 and len(after) == 34
    assert {"quang-nam", "kien-giang", "nam-dinh", "son-la"} <= before
    assert "son-la" in after and not {"quang-nam", "kien-giang", "nam-dinh"} & after


@pytest.mark.parametrize(("old", "new"), [("quang-nam", "da-nang"), ("kien-giang", "an-giang"), ("nam-dinh", "ninh-binh"),
                                          ("ha-nam", "ninh-binh"), ("da-nang-pre-2025", "da-nang")])
def test_merger_map(g, old, new):
    assert g.value(rdflib.URIRef(ID + "province/" + old), EGOV.mergedInto) == rdflib.URIRef(ID + "province/" + new)


def test_frameworks_supersede_each_other(g):
    fw = lambda v: rdflib.URIRef(ID + "framework/" + v)  # noqa: E731
    assert (fw("vneaf-3.0"), EGOV.supersedes, fw("vneaf-2.0")) in g
    assert (fw("vneaf-4.0"), EGOV.supersedes, fw("vneaf-3.0")) in g


@pytest.mark.reasoner
def test_hermit_finds_the_ontology_consistent():
    from ontology.reasoning import check_consistency

    report = check_consistency()
    assert report.consistent, report.message
    assert report.unsatisfiable_classes == []
    assert report.classes > 80 and report.individuals > 150
