"""Relationship queries on the real projection of the bundled data: nodes, typed edges with evidence,
search, neighbours, paths and impact. What the reports say is checked against the seed reports' own
text first, so an expectation comes from the report, not from the engine's output."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF

from egovkg.errors import NotFoundError, ParameterError
from graph.network.impact import DEPENDENCIES, dependency_graph, impact, single_points_of_failure
from graph.network.model import LINK_RELATIONS, ORGANISATION_RELATIONS, PLACE_RELATIONS
from graph.network.projection import Projection
from graph.network.search import index_of, resolve
from ontology.names import fold
from ontology import ONTOLOGY_DIR

from .support.paths import SEEDS

QN_2020 = "000_067f3770d833e94b.txt"
QN_2022 = "002_0f388545152859fb.txt"


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def p(kg) -> Projection:
    return Projection.build(kg)


def ids(p: Projection, keys) -> set[str]:
    return {p.node(k)["id"] for k in keys}


def test_every_relation_and_class_named_in_code_is_in_the_ontology():
    g = rdflib.Graph().parse(ONTOLOGY_DIR / "egov.ttl", format="turtle")
    ns = "https://w3id.org/egovkg/ontology#"
    properties = {str(s)[len(ns):] for s in g.subjects(RDF.type, OWL.ObjectProperty) if str(s).startswith(ns)}
    classes = {str(s)[len(ns):] for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(ns)}
    named = set(DEPENDENCIES) | LINK_RELATIONS | ORGANISATION_RELATIONS | PLACE_RELATIONS
    assert named - properties == set()
    from graph.views.vis import FAMILY_SHAPES

    assert {cls for cls, _, _ in FAMILY_SHAPES} - classes == set()


def test_nodes_are_systems_organisations_and_administrative_units(p):
    qoffice = p.node(p.key("quang-nam/qoffice"))
    assert (qoffice["category"], qoffice["kind"], qoffice["layer"], qoffice["province"]) == (
        "system", "DocumentManagementSystem", "app", "quang-nam")
    assert qoffice["status"] == "operational" and not qoffice["national"]
    assert "Qoffice" in qoffice["names"]
    ndxp = p.node(p.key("ndxp"))
    assert ndxp["national"] and ndxp["kind"] == "NationalIntegrationPlatform" and ndxp["province"] is None
    assert p.node(p.key("province/quang-nam"))["category"] == "admin-unit"
    assert p.node(p.key("org/quang-nam/ubnd"))["category"] == "organisation"
    with pytest.raises(NotFoundError, match="'quang-nam/nope'"):
        p.key("quang-nam/nope")


def test_edges_are_typed_and_keep_the_report_words_year_and_source(p):
    text = seed(QN_2022)
    assert "kết nối trục liên thông văn bản chính phủ và tích hợp chữ ký số chuyên dùng" in text
    ref = p.edge_ref(p.key("quang-nam/qoffice"), p.key("vdxp"), "sendsDocumentsVia")
    [e] = [e for e in ref.evidence if e.source_id == "quang-nam-2022"]
    assert e.year == 2022 and e.as_of == "2022-12-31" and e.title
    assert e.quote and e.quote in text
    # one fact stated by two reports keeps both
    signs = p.edge_ref(p.key("quang-nam/qoffice"), p.key("govca"), "signsWith")
    assert {"quang-nam-2020", "quang-nam-2022"} <= {e.source_id for e in signs.evidence}


def test_inverse_properties_are_stored_once(p):
    # national.ttl states both "npsp hasComponent tthc-coordination" and its inverse
    rels = {r for _, _, r in p.graph.edges(keys=True)}
    assert "hasComponent" not in rels and "replaces" not in rels
    assert p.graph.has_edge(p.key("tthc-coordination"), p.key("npsp"), "componentOf")


@pytest.mark.parametrize(("query", "expected"), [
    ("qoffice", "quang-nam/qoffice"),
    ("QOFFICE", "quang-nam/qoffice"),
    ("qoffice quang nam", "quang-nam/qoffice"),
    ("Qoffice Quảng Nam", "quang-nam/qoffice"),
    ("cong dich vu cong quoc gia", "npsp"),
    ("Cổng Dịch vụ công quốc gia", "npsp"),
    ("ngsp", "ndxp"),
])
def test_search_finds_by_name_alias_and_abbreviation_with_or_without_diacritics(p, query, expected):
    hits = index_of(p).search(query, limit=5)
    assert hits and p.node(hits[0].key)["id"] == expected


def test_truc_tich_hop_finds_the_provincial_platforms_through_the_class_alias(p):
    # "Trục tích hợp dữ liệu của tỉnh" is an altLabel of egov:LGSP, not of any one system
    hits = index_of(p).search("Trục tích hợp", limit=20)
    lgsps = {k for k in p.systems() if p.node(k)["kind"] == "LGSP"}
    assert len(lgsps) >= 3
    top = [h.key for h in hits[: len(lgsps)]]
    assert set(top) == lgsps
    assert [h.key for h in index_of(p).search("truc tich hop", limit=20)] == [h.key for h in hits]


def test_search_filters_by_province_kind_and_layer(p):
    ix = index_of(p)
    assert {p.node(h.key)["province"] for h in ix.search("", province="son-la", limit=1000)} == {"son-la"}
    platforms = ids(p, (h.key for h in ix.search("", kind="IntegrationPlatform", limit=1000)))
    assert {"ndxp", "quang-nam/lgsp", "son-la/lgsp", "kien-giang/lgsp"} <= platforms
    assert all(p.node(h.key)["layer"] == "int" or "int" in p.node(h.key)["layers"] for h in ix.search("", layer="int", limit=1000))
    for bad in ({"kind": "Nope"}, {"layer": "zzz"}, {"province": "atlantis"}):
        with pytest.raises(ParameterError):
            ix.search("x", **bad)


def test_fold_removes_diacritics_and_punctuation():
    assert fold("Trục tích hợp (LGSP), Đà Nẵng") == "truc tich hop lgsp da nang"


def test_resolve_takes_an_id_or_the_best_match(p):
    assert resolve(p, "ndxp") == p.key("ndxp")
    assert resolve(p, "qoffice quang nam") == p.key("quang-nam/qoffice")
    with pytest.raises(NotFoundError, match="zzqqxx"):
        resolve(p, "zzqqxx")


def test_neighbours_of_qoffice_are_what_the_reports_state(p):
    assert "thông qua Trục tích hợp dữ liệu của tỉnh" in seed(QN_2020)  # Qoffice's exchanges go through the LGSP
    hood = p.neighbourhood(p.key("quang-nam/qoffice"), 1)
    assert {"quang-nam/lgsp", "vdxp", "govca"} <= ids(p, hood.hops)
    assert all(h <= 1 for h in hood.hops.values())
    assert all(e.rel in LINK_RELATIONS for e in hood.edges)
    # depth 2 reaches the national platform through the LGSP
    assert "ndxp" in ids(p, p.neighbourhood(p.key("quang-nam/qoffice"), 2).hops)
    with pytest.raises(ParameterError):
        p.neighbourhood(p.key("quang-nam/qoffice"), 0)
    with pytest.raises(ParameterError, match="fooBar"):
        p.neighbourhood(p.key("quang-nam/qoffice"), 1, ["fooBar"])


def test_paths_from_qoffice_to_ndxp_go_through_the_lgsp(p):
    assert "9 CSDL do Trung ương chia sẻ qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NGSP)" in seed(QN_2022)
    paths = p.paths(p.key("quang-nam/qoffice"), p.key("ndxp"))
    first = paths[0]
    assert [(p.node(s.source)["id"], s.edges, p.node(s.target)["id"]) for s in first] == [
        ("quang-nam/qoffice", (("exchangesDataVia", True),), "quang-nam/lgsp"),
        ("quang-nam/lgsp", (("connectsTo", True),), "ndxp"),
    ]
    assert all(len(a) <= len(b) for a, b in zip(paths, paths[1:]))
    assert p.paths(p.key("ndxp"), p.key("quang-nam/qoffice"), directed=True) == []
    assert p.paths(p.key("quang-nam/qoffice"), p.key("ndxp"), max_length=1) == []


def test_impact_of_a_provincial_lgsp(p):
    text = seed(QN_2022)
    assert "LGSP) đã kết nối với với 7 dịch vụ dùng chung cấp tỉnh, 1 dịch vụ dùng chung cấp huyện, 3 CSDL chuyên ngành" in text
    result = impact(p, p.key("quang-nam/lgsp"))
    by_id = {p.node(a.key)["id"]: a for a in result.affected}
    # the sectoral databases reach the national level only through the LGSP
    db = by_id["quang-nam/csdl-chuyen-nganh"]
    assert db.depth == 1 and db.via[1] == "exchangesDataVia" and db.loses_national_reach
    # Qoffice depends on the LGSP, but still sends documents to the national axis (VDXP) itself
    assert by_id["quang-nam/qoffice"].transitive and not by_id["quang-nam/qoffice"].loses_national_reach
    # and what depends on Qoffice is affected in turn
    assert by_id["quang-nam/qoffice-mobile"].depth == 2
    assert "ndxp" not in by_id  # the LGSP depends on NDXP, not the other way round


def test_impact_follows_the_direction_and_reach_of_each_relation(p):
    ndxp = {p.node(a.key)["id"] for a in impact(p, p.key("ndxp")).affected}
    assert {"quang-nam/lgsp", "kien-giang/lgsp", "quang-nam/csdl-chuyen-nganh"} <= ndxp
    # losing the signature service affects who signs with it, and stops there
    govca = impact(p, p.key("govca")).affected
    assert "quang-nam/qoffice" in {p.node(a.key)["id"] for a in govca}
    assert all(not a.transitive and a.depth == 1 for a in govca)
    deps = dependency_graph(p)
    # feedsDataTo: the receiver depends on the feeder
    assert deps.has_edge(p.key("government-portal"), p.key("vdxp"))
    # integratesWith across levels: the provincial portal depends on the national one, not the reverse
    assert deps.has_edge(p.key("quang-nam/public-service-portal"), p.key("npsp"))
    assert not deps.has_edge(p.key("npsp"), p.key("quang-nam/public-service-portal"))


def test_single_points_of_failure_rank_the_national_platforms_first(p):
    points = single_points_of_failure(p, limit=5)
    assert points[0].cut_off >= points[-1].cut_off
    assert {"ndxp", "npsp"} & {p.node(f.key)["id"] for f in points[:3]}


def test_the_cache_answers_at_once_and_picks_up_a_change_in_the_background(tmp_path, iris, bundled):
    import time

    from graph.kg import KnowledgeGraph
    from graph.network.cache import ProjectionCache
    from graph.store import OxigraphStore
    from loaders import read_sources

    from .support import hostile

    graph = KnowledgeGraph(OxigraphStore(), iris)
    graph.load(bundled)
    cache = ProjectionCache(recheck_seconds=0)
    first = cache.get(graph)
    assert cache.get(graph) is first  # a check may run in the background; this call did not wait for it
    path = tmp_path / "extra.yaml"
    path.write_text(hostile.FACTS, encoding="utf-8")
    graph.load(read_sources([path], iris))
    deadline = time.monotonic() + 20
    while hostile.SYSTEM_ID not in {d["id"] for _, d in cache.get(graph).graph.nodes(data=True)}:
        assert time.monotonic() < deadline, "the projection was not rebuilt after the store changed"
        time.sleep(0.05)
    cache.recheck_seconds = 3600
    cache.wait(20)
    graph.close()
