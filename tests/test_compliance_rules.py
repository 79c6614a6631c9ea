"""Every compliance rule on a tiny graph that passes and one that fails, with the expected message.

Each case builds a fresh in-memory store with the ontology, the administrative units and the rules, plus one
small "report" graph written here in Turtle, and checks one province as of a date.
"""

from __future__ import annotations

from datetime import date

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from graph.compliance.engine import evaluate, load_rules
from graph.kg import KnowledgeGraph
from graph.compliance.snapshot import build_snapshot
from graph.store import OxigraphStore
from loaders import LoadedSource, SourceRecord, reference_sources
from ontology import IRIs

HEADER = """
@prefix egov: <https://w3id.org/egovkg/ontology#> .
@prefix system: <https://w3id.org/egovkg/id/system/> .
@prefix province: <https://w3id.org/egovkg/id/province/> .
@prefix status: <https://w3id.org/egovkg/id/status/> .
@prefix level: <https://w3id.org/egovkg/id/level/> .
@prefix framework: <https://w3id.org/egovkg/id/framework/> .
@prefix p: <https://w3id.org/egovkg/id/system/{prov}/> .
@prefix org: <https://w3id.org/egovkg/id/org/{prov}/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/egovkg/id/source/test> a egov:Report ; dcterms:title "test report" ;
    dcterms:spatial province:{prov} ; egov:periodEnd "{end}"^^xsd:date .
"""
BEFORE = date(2024, 6, 30)  # a date before the 2025 reform: Quảng Nam is checked
AFTER = date(2026, 1, 15)   # after the reform and after Decree 278/2025: Sơn La (not merged) is checked


def system(name: str, kind: str, extra: str = "", status: str | None = "operational", prov: str = "quang-nam") -> str:
    state = f"egov:status status:{status} ;" if status else ""
    return (f'p:{name} a egov:{kind} ; egov:locatedIn province:{prov} ; {state} '
            f'rdfs:label "{name} (vi)"@vi , "{name}"@en {"; " + extra if extra else ""} .\n')


@pytest.fixture(scope="module")
def reference(iris: IRIs) -> list[LoadedSource]:
    return reference_sources(iris)


def run(reference, iris: IRIs, body: str, as_of: date, prov: str):
    graph = iris.graph("source", "test")
    text = HEADER.format(prov=prov, end=as_of.isoformat()) + body
    quads = [Quad(t.subject, t.predicate, t.object, graph) for t in parse(text, format=RdfFormat.TURTLE)]
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load([*reference, LoadedSource(graph, quads, SourceRecord(id="test", title="test"))])
    try:
        return evaluate(kg, prov, as_of)
    finally:
        kg.close()


def outcome(report, rule_id: str) -> tuple[str, list[str]]:
    [province] = report.provinces
    return province.rule_status[rule_id], [f.message_en for f in province.findings if f.rule_id == rule_id]


QN, SL = "quang-nam", "son-la"
LGSP = system("lgsp", "LGSP", "egov:connectsTo system:ndxp")
CASES = [
    # rule, as of, province, graph that passes, graph that fails, expected status, part of the expected message
    ("VNEAF-INT-01", BEFORE, QN,
     LGSP + system("app", "SectoralApplication", "egov:exchangesDataVia p:lgsp ; egov:connectsTo system:national-immunization"),
     LGSP + system("app", "SectoralApplication", "egov:connectsTo system:national-immunization"),
     "warning", "app exchanges data with National immunisation information system; no report states that this exchange goes through the LGSP"),
    ("VNEAF-INT-01", BEFORE, QN,
     system("app", "SectoralApplication", "egov:connectsTo p:other") + system("other", "SectoralApplication"),
     system("lgsp", "LGSP", status="in-development") + system("app", "SectoralApplication", "egov:connectsTo system:national-immunization"),
     "violation", "app exchanges data directly with National immunisation information system while the province has no LGSP in service"),
    ("VNEAF-INT-02", BEFORE, QN, LGSP, system("lgsp", "LGSP", status="in-development"),
     "violation", "has no LGSP in service: lgsp is not in operation"),
    ("VNEAF-INT-02", BEFORE, QN, LGSP, LGSP + system("lgsp2", "LGSP"), "warning", "has more than one LGSP in service"),
    ("VNEAF-INT-02", BEFORE, QN, LGSP, system("dms", "DocumentManagementSystem"), "warning", "no report names the province's LGSP"),
    ("VNEAF-INT-03", BEFORE, QN, LGSP, system("lgsp", "LGSP"), "warning", "no report states that the LGSP lgsp is connected to NDXP"),
    ("VNEAF-INT-03", BEFORE, QN, LGSP, system("lgsp", "LGSP", "egov:connectsTo system:ndxp", status="planned"),
     "violation", "is not connected to the national platform: its LGSP lgsp is not in operation"),
    ("VNEAF-INT-03", AFTER, SL, system("lgsp", "LGSP", "egov:connectsTo system:ndop", prov=SL),
     system("lgsp", "LGSP", "egov:connectsTo system:ndxp", prov=SL), "warning", "is connected to NDOP (Decree 278/2025"),
    ("VNEAF-INT-04", BEFORE, QN,
     LGSP + system("ehr", "HealthRecordSystem", "egov:queriesDataFrom system:population-db ; egov:exchangesDataVia p:lgsp"),
     LGSP + system("ehr", "HealthRecordSystem", "egov:queriesDataFrom system:population-db"),
     "warning", "ehr queries National Population Database; no report states the route through LGSP"),
    ("VNEAF-INT-04", BEFORE, QN, system("ehr", "HealthRecordSystem"),
     system("ehr", "HealthRecordSystem", "egov:queriesDataFrom system:population-db"),
     "violation", "ehr queries National Population Database while the province has no LGSP in service"),
    ("VNEAF-NET-01", BEFORE, QN,
     LGSP + "[] a egov:LinkAssertion ; rdf:subject p:lgsp ; rdf:predicate egov:connectsTo ; rdf:object system:ndxp ; egov:network system:tslcd .",
     LGSP + system("internet", "Network") +
     "[] a egov:LinkAssertion ; rdf:subject p:lgsp ; rdf:predicate egov:connectsTo ; rdf:object system:ndxp ; egov:network p:internet .",
     "warning", "runs over internet, not the TSLCD"),
    ("VNEAF-DOC-01", BEFORE, QN,
     system("dms", "DocumentManagementSystem", "egov:sendsDocumentsVia p:axis") + system("axis", "ProvincialDocumentAxis", "egov:connectsTo system:vdxp"),
     system("dms", "DocumentManagementSystem", "egov:sendsDocumentsVia p:axis") + system("axis", "ProvincialDocumentAxis"),
     "warning", "No report states that dms is connected to the national document axis"),
    ("VNEAF-DOC-02", BEFORE, QN, system("dms", "DocumentManagementSystem", "egov:signsWith system:govca"),
     system("dms", "DocumentManagementSystem"), "warning", "No report states that dms integrates specialised digital signatures"),
    ("VNEAF-DOC-03", BEFORE, QN,
     system("dms", "DocumentManagementSystem", "egov:servesLevel level:province , level:district , level:commune"),
     system("dms", "DocumentManagementSystem", "egov:servesLevel level:province , level:commune"),
     "warning", "serving the province, district and commune levels (dms)"),
    ("VNEAF-DOC-03", AFTER, SL,
     system("dms", "DocumentManagementSystem", "egov:servesLevel level:province , level:commune", prov=SL),
     system("dms", "DocumentManagementSystem", "egov:servesLevel level:province", prov=SL),
     "warning", "serving the province and commune levels (dms)"),
    ("VNEAF-SVC-01", BEFORE, QN, system("portal", "ProvincialPublicServicePortal", "egov:integratesWith system:npsp"),
     system("portal", "ProvincialPublicServicePortal"), "warning", "(portal) integrates with the National Public Service Portal"),
    ("VNEAF-SVC-02", BEFORE, QN,
     system("tthc", "ProvincialTTHCSystem", "egov:integratesWith p:dms") + system("dms", "DocumentManagementSystem"),
     system("tthc", "ProvincialTTHCSystem") + system("dms", "DocumentManagementSystem"),
     "warning", "(tthc) is connected to the document management system"),
    ("VNEAF-SVC-03", AFTER, SL,
     system("portal", "ProvincialPublicServicePortal", "egov:redirectsTo system:npsp", prov=SL)
     + '[] egov:statusOf p:portal ; egov:status status:operational ; egov:asOf "2025-09-01"^^xsd:date .',
     system("portal", "ProvincialPublicServicePortal", prov=SL)
     + '[] egov:statusOf p:portal ; egov:status status:operational ; egov:asOf "2025-09-01"^^xsd:date .',
     "warning", "portal is still in service after 1/7/2025"),
    ("VNEAF-SVC-04", BEFORE, QN, system("portal", "ProvincialPublicServicePortal", "egov:paysVia system:paygov"),
     system("portal", "ProvincialPublicServicePortal", "egov:paysVia p:bank") + system("bank", "PaymentIntermediary"),
     "warning", "(portal) takes online payment through PayGov"),
    ("VNEAF-SVC-05", BEFORE, QN, system("tthc", "ProvincialTTHCSystem", "egov:authenticatesVia system:vneid"),
     system("tthc", "ProvincialTTHCSystem", "egov:authenticatesVia p:sso") + system("sso", "IdentityService"),
     "warning", "(tthc) authenticates citizens through VNeID"),
    ("VNEAF-SVC-06", BEFORE, QN,
     system("portal", "ProvincialPublicServicePortal") + '[] a egov:Observation ; egov:observedEntity p:portal ; egov:serviceLevel "full" ; egov:periodEnd "2023-12-31"^^xsd:date .',
     system("portal", "ProvincialPublicServicePortal") + '[] a egov:Observation ; egov:observedEntity p:portal ; egov:serviceLevel "4" ; egov:periodEnd "2023-12-31"^^xsd:date .',
     "info", "1 figures about portal use the old levels 1–4"),
    ("VNEAF-DATA-01", BEFORE, QN, system("tthc", "ProvincialTTHCSystem", "egov:queriesDataFrom system:population-db"),
     system("tthc", "ProvincialTTHCSystem") + system("ehr", "HealthRecordSystem", "egov:queriesDataFrom system:population-db"),
     "warning", "(tthc) reuses the National Population Database"),
    ("VNEAF-DATA-03", AFTER, SL, system("db", "ProvincialSharedDB", "egov:synchronizesWith system:national-synthetic-db", prov=SL),
     system("db", "ProvincialSharedDB", prov=SL), "warning", "No report states that db is synchronised with the National Synthetic Database"),
    ("VNEAF-SEC-01", BEFORE, QN, system("lgsp", "LGSP", "egov:securityLevel 3") + system("dms", "DocumentManagementSystem", "egov:securityLevel 2"),
     system("lgsp", "LGSP", "egov:securityLevel 3") + system("dms", "DocumentManagementSystem"),
     "violation", "dms has no information-system security level"),
    ("VNEAF-SEC-02", BEFORE, QN, system("lgsp", "LGSP", "egov:securityLevel 3"), system("lgsp", "LGSP", "egov:securityLevel 2"),
     "warning", "lgsp is classified at level 2, below level 3"),
    ("VNEAF-SEC-04", BEFORE, QN, system("soc", "SOC", "egov:sharesSecurityDataWith system:ncsc"), system("soc", "SOC", status="in-development"),
     "violation", "has no SOC in service: soc is not in operation"),
    ("VNEAF-SEC-04", BEFORE, QN, system("soc", "SOC", "egov:sharesSecurityDataWith system:ncsc"), system("soc", "SOC"),
     "warning", "No report states that soc shares monitoring data with the national monitoring system"),
    ("VNEAF-INF-01", BEFORE, QN, system("lgsp", "LGSP", "egov:hostedIn p:dc") + system("dc", "ProvincialDataCenter"),
     system("lgsp", "LGSP", "egov:hostedIn org:so") + "org:so a egov:ProvincialDepartment .",
     "warning", "No report states that lgsp is hosted in a data centre or an approved cloud"),
    ("VNEAF-IOC-01", BEFORE, QN,
     system("ioc", "IOC") + system("tthc", "ProvincialTTHCSystem", "egov:feedsDataTo p:ioc") + system("dms", "DocumentManagementSystem", "egov:feedsDataTo p:ioc"),
     system("ioc", "IOC") + system("tthc", "ProvincialTTHCSystem", "egov:feedsDataTo p:ioc"),
     "warning", "No report states that the document management system feeds data to ioc"),
    ("VNEAF-REP-01", BEFORE, QN, system("rep", "ProvincialReportingSystem", "egov:connectsTo system:national-reporting"),
     system("rep", "ProvincialReportingSystem", "egov:connectsTo system:national-reporting")
     + '[] a egov:LinkAssertion ; rdf:subject p:rep ; rdf:predicate egov:connectsTo ; rdf:object system:national-reporting ; egov:validFrom "2025-01-01"^^xsd:date .',
     "warning", "No report states that rep is connected to the National Reporting Information System on the check date"),
    ("VNEAF-GOV-01", BEFORE, QN,
     'p:ea a egov:EnterpriseArchitecture ; egov:locatedIn province:quang-nam ; rdfs:label "ea"@en ; egov:basedOnFramework framework:vneaf-3.0 .',
     'p:ea a egov:EnterpriseArchitecture ; egov:locatedIn province:quang-nam ; rdfs:label "ea"@en ; egov:basedOnFramework framework:vneaf-2.0 .',
     "warning", "ea is based on Vietnam e-Government Architecture Framework, version 2.0, which Vietnam e-Government Architecture Framework, version 3.0"),
    ("VNEAF-ADM-01", AFTER, SL, system("app", "SectoralApplication", "egov:ownedBy org:so", prov=SL) + "org:so egov:level level:province .",
     system("app", "SectoralApplication", "egov:ownedBy org:huyen", prov=SL)
     + 'org:huyen egov:level level:district ; rdfs:label "Phòng Văn hóa huyện"@vi , "district office"@en .',
     "warning", "app is owned by district office, a district-level body"),
    ("VNEAF-ADM-01", AFTER, SL, system("app", "SectoralApplication", "egov:servesLevel level:commune", prov=SL),
     system("app", "SectoralApplication", "egov:servesLevel level:district", prov=SL),
     "info", "the reports say app serves the district level"),
    ("VNEAF-ADM-01", AFTER, SL, system("app", "SectoralApplication", prov=SL),
     system("app", "SectoralApplication", prov=SL) + 'province:son-la egov:validTo "2026-12-31"^^xsd:date .',
     "violation", "ends on 2026-12-31 but points to no successor province"),
]


@pytest.mark.parametrize(("rule_id", "as_of", "prov", "passing", "failing", "status", "message"), CASES,
                         ids=[f"{c[0]}-{c[5]}-{i}" for i, c in enumerate(CASES)])
def test_rule_passes_and_fails(reference, iris, rule_id, as_of, prov, passing, failing, status, message):
    good = outcome(run(reference, iris, passing, as_of, prov), rule_id)
    assert good[0] == "pass", good
    bad = outcome(run(reference, iris, failing, as_of, prov), rule_id)
    assert bad[0] == status, bad
    assert any(message in m for m in bad[1]), bad


def test_every_rule_has_a_passing_and_a_failing_case(reference, iris):
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load(reference)
    snap = build_snapshot(kg, BEFORE)
    rules = load_rules(snap)
    snap.close()
    kg.close()
    assert len(rules) >= 18
    assert {r.rule_id for r in rules} == {c[0] for c in CASES}
    required = {"VNEAF-INT-01", "VNEAF-INT-02", "VNEAF-INT-03", "VNEAF-INT-04", "VNEAF-DOC-01", "VNEAF-DOC-02",
                "VNEAF-SVC-01", "VNEAF-DATA-01", "VNEAF-SEC-01", "VNEAF-SEC-04", "VNEAF-ADM-01"}  # violation rules sourced [V]
    assert required <= {r.rule_id for r in rules if r.severity == "violation"}


def test_attribute_rules_without_evidence_are_not_applicable(reference, iris):
    report = run(reference, iris, system("lgsp", "LGSP", "egov:connectsTo system:ndxp"), BEFORE, QN)
    [province] = report.provinces
    [finding] = [f for f in province.findings if f.rule_id == "VNEAF-SEC-01"]
    assert finding.status == "not_applicable" and "no evidence" in finding.reason


def test_a_rule_not_in_force_is_not_applied(reference, iris):
    """VNEAF-SVC-03 applies from 1/7/2025: the same stale portal is not judged in 2020."""
    body = (system("portal", "ProvincialPublicServicePortal")
            + '[] egov:statusOf p:portal ; egov:status status:operational ; egov:asOf "2020-06-01"^^xsd:date .')
    assert outcome(run(reference, iris, body, date(2020, 12, 31), QN), "VNEAF-SVC-03")[0] == "not_applicable"
    assert outcome(run(reference, iris, body, date(2020, 12, 31), QN), "VNEAF-DATA-03")[0] == "not_applicable"


def test_a_link_planned_for_later_counts_from_its_start(reference, iris):
    body = (system("rep", "ProvincialReportingSystem", "egov:connectsTo system:national-reporting")
            + '[] a egov:LinkAssertion ; rdf:subject p:rep ; rdf:predicate egov:connectsTo ; '
              'rdf:object system:national-reporting ; egov:validFrom "2024-01-01"^^xsd:date .')
    assert outcome(run(reference, iris, body, date(2023, 12, 31), QN), "VNEAF-REP-01")[0] == "warning"
    assert outcome(run(reference, iris, body, date(2024, 1, 1), QN), "VNEAF-REP-01")[0] == "pass"


def test_a_superseded_framework_is_judged_by_what_was_issued_then(reference, iris):
    body = 'p:ea a egov:EnterpriseArchitecture ; egov:locatedIn province:quang-nam ; egov:basedOnFramework framework:vneaf-2.0 .'
    assert outcome(run(reference, iris, body, date(2021, 6, 30), QN), "VNEAF-GOV-01")[0] == "pass"
    assert outcome(run(reference, iris, body, date(2024, 6, 30), QN), "VNEAF-GOV-01")[0] == "warning"


def test_class_membership_comes_from_the_ontology(reference, iris):
    """A system typed only with a subclass counts as its superclasses (here: a provincial TTHC system is an
    administrative-procedure system and an information system), and inverse/symmetric links are applied."""
    graph = iris.graph("source", "test")
    text = HEADER.format(prov=QN, end="2024-06-30") + system("tthc", "ProvincialTTHCSystem", "egov:componentOf p:suite") \
        + system("suite", "ApplicationSystem", "egov:integratesWith system:npsp")
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load([*reference, LoadedSource(graph, [Quad(t.subject, t.predicate, t.object, graph)
                                              for t in parse(text, format=RdfFormat.TURTLE)], SourceRecord(id="test", title="t"))])
    snap = build_snapshot(kg, BEFORE)
    tthc, inferred = "https://w3id.org/egovkg/id/system/quang-nam/tthc", snap.inferred_graph
    assert Quad(NamedNode(tthc), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                NamedNode(iris.ontology_ns + "InformationSystem"), inferred) in snap.store
    assert Quad(NamedNode("https://w3id.org/egovkg/id/system/quang-nam/suite"), NamedNode(iris.ontology_ns + "hasComponent"),
                NamedNode(tthc), inferred) in snap.store
    assert Quad(NamedNode("https://w3id.org/egovkg/id/system/npsp"), NamedNode(iris.ontology_ns + "integratesWith"),
                NamedNode("https://w3id.org/egovkg/id/system/quang-nam/suite"), inferred) in snap.store
    assert snap.inferred["rdf:type via rdfs:subClassOf"] > 0
    snap.close()
    kg.close()


def test_pyshacl_reports_the_same_failures(kg):
    """The rules are plain SHACL-SPARQL: the reference engine, run per focus node over an rdflib graph, finds
    exactly the failures the set-based Oxigraph run finds (on a sample of checks: pySHACL is slow)."""
    import dataclasses

    from graph.compliance.engine import failures
    from graph.compliance.shacl import shacl_failures

    snap = build_snapshot(kg, date(2018, 12, 31), provinces=[kg.iris.id("province", "kien-giang").value])
    sample = {kg.iris.base + "id/check/" + c for c in ("vneaf-int-02-not-in-service", "vneaf-doc-02-signature",
                                                        "vneaf-svc-06-levels", "vneaf-inf-01-hosting")}
    rules = [dataclasses.replace(r, checks=tuple(c for c in r.checks if c.iri in sample)) for r in load_rules(snap)]
    ours = failures(snap, rules)
    theirs, _ = shacl_failures(snap, sample)
    snap.close()
    assert ours == theirs
    assert (kg.iris.base + "id/check/vneaf-int-02-not-in-service", kg.iris.base + "id/province/kien-giang") in ours
