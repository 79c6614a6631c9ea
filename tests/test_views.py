"""Network views built from the real projection: what they hold, how they are styled, capped and
aggregated, and that nothing from the data can become markup or reach for the network."""

from __future__ import annotations

import json
import re

import pytest

from egovkg.errors import NotFoundError, ParameterError
from graph import views
from graph.network.impact import impact
from graph.views.layout import radial_layout
from graph.network.projection import Projection
from graph.views.vis import BOUNDARY, DEFAULT_CAP, LAYERS

from .support import hostile


@pytest.fixture(scope="module")
def p(kg) -> Projection:
    return Projection.build(kg)


def node_ids(view) -> set[str]:
    return {n["id"] for n in view.nodes}


def test_neighbourhood_view_draws_the_links_with_types_arrows_and_tooltips(p):
    view = views.neighbourhood_view(p, p.key("quang-nam/qoffice"), 1)
    assert {"quang-nam/qoffice", "quang-nam/lgsp", "vdxp", "govca"} <= node_ids(view)
    qoffice = next(n for n in view.nodes if n["id"] == "quang-nam/qoffice")
    assert qoffice["url"] == "/explore/systems/quang-nam/qoffice"
    assert qoffice["color"]["background"] == LAYERS["app"][1]  # coloured by its layer
    for words in ("kind: document management", "province: Quảng Nam", "status: operational", "quang-nam-2022 (2022)"):
        assert words in qoffice["title"]
    edge = next(e for e in view.edges if e["from"] == "quang-nam/qoffice" and e["to"] == "vdxp")
    assert edge["text"] == "sends documents via" and edge["arrows"] == "to"  # the browser draws it where it fits
    assert "quang-nam-2022 (2022), as of 2022-12-31" in edge["title"]
    shapes = {n["id"]: n["shape"] for n in view.nodes}
    assert shapes["quang-nam/lgsp"] == "diamond" and shapes["quang-nam/qoffice"] == "dot"
    assert {"layer: applications", "layer: integration"} <= {e.label for e in view.legend}
    assert all("x" in n and "y" in n for n in view.nodes)  # laid out on the server


def test_the_server_lays_out_and_the_browser_draws_without_physics(p):
    keys = list(p.graph.nodes)
    big = views.subgraph_view(p, keys, title="all", cap=None)
    assert len(big.nodes) == len(keys)
    assert big.data()["options"]["physics"]["enabled"] is False
    assert all(n["label"] == n["full"] and "\n" not in n["label"] for n in big.nodes)  # one line, shortened by the browser
    positions = {(n["x"], n["y"]) for n in big.nodes}
    assert len(positions) == len(big.nodes)  # no two nodes at one place


def test_a_provincial_view_stays_in_its_province(p):
    """GovCA signs for systems of six provinces: Qoffice's neighbourhood shows GovCA once, as a boundary,
    and none of the other provinces' systems unless asked."""
    for depth in (2, 3):
        view = views.neighbourhood_view(p, p.key("quang-nam/qoffice"), depth)
        provinces = {n["province"] for n in view.nodes}
        assert provinces <= {"quang-nam", None}
        govca = next(n for n in view.nodes if n["id"] == "govca")
        assert govca["color"]["border"] == BOUNDARY
        assert "left out" in str(view.notes[0]) and view.notes[0].key == "explore.note.boundary"
    across = views.neighbourhood_view(p, p.key("quang-nam/qoffice"), 2, across=True)
    assert {"kien-giang/dms", "cao-bang/tthc-system"} <= node_ids(across)
    province = views.province_view(p, "quang-nam")
    assert {n["province"] for n in province.nodes} <= {"quang-nam", None}
    national = views.neighbourhood_view(p, p.key("govca"), 1)  # a national system's view is not bounded
    assert "kien-giang/dms" in node_ids(national)


def test_expansion_counts_then_adds_what_the_view_lacks(p):
    from graph.views.build import expansion, relation_counts

    govca = p.key("govca")
    counts = {(r["rel"], r["direction"]): r for r in relation_counts(p, govca)}
    assert counts[("signsWith", "in")]["count"] == 6 and "quang-nam/qoffice" in counts[("signsWith", "in")]["ids"]
    added = expansion(p, govca, ["signsWith"], ["govca", "quang-nam/qoffice"])
    ids = {n["id"] for n in added["nodes"]}
    assert len(ids) == 5 and "quang-nam/qoffice" not in ids and "kien-giang/dms" in ids
    assert all(e["from"] in ids | {"govca"} or e["to"] in ids for e in added["edges"])
    with pytest.raises(ParameterError):
        expansion(p, govca, ["noSuchRelation"], [])


def test_views_over_the_cap_are_aggregated_with_a_message(p):
    keys = list(p.graph.nodes)
    view = views.subgraph_view(p, keys, title="everything", cap=40)
    assert view.aggregated and view.nodes_total == len(keys) and len(view.nodes) <= 40
    assert "more than the 40 drawn one by one" in view.notes[0]
    # grouped by province and layer, else by province, else (as now, with every province's reports) by the
    # province of today: Quảng Nam's systems are in Đà Nẵng's group
    group = next(n for n in view.nodes if n["id"].startswith(("group:quang-nam", "group:da-nang")))
    assert group["shapeProperties"]["borderDashes"] and ("Quảng Nam" in group["label"] or "Đà Nẵng" in group["label"])
    assert DEFAULT_CAP >= 500


def test_province_path_impact_national_and_construct_views(p, kg):
    province = views.province_view(p, "quang-nam")
    assert all(n["province"] in ("quang-nam", None) for n in province.nodes)
    assert "ndxp" in node_ids(province)  # the national platform its LGSP connects to
    with pytest.raises(NotFoundError, match="atlantis"):
        views.province_view(p, "atlantis")

    a, b = p.key("quang-nam/qoffice"), p.key("ndxp")
    path = views.path_view(p, a, b, p.paths(a, b, limit=1))
    assert node_ids(path) == {"quang-nam/qoffice", "quang-nam/lgsp", "ndxp"}

    hit = views.impact_view(p, impact(p, p.key("quang-nam/lgsp")))
    cut = next(n for n in hit.nodes if n["id"] == "quang-nam/csdl-chuyen-nganh")
    assert cut["color"]["border"] == views.CUT_OFF
    assert any(e.border == views.CUT_OFF for e in hit.legend)

    national = views.national_view(p)
    qn = next(n for n in national.nodes if n["id"] == "province/quang-nam")
    assert qn["url"] == "/explore/provinces/quang-nam" and "shapeProperties" in qn
    assert not any(n.get("province") for n in national.nodes if not n["id"].startswith("province/"))
    assert any(e["from"] == "province/quang-nam" and e["to"] == "ndxp" for e in national.edges)

    prefixes = kg.iris.prefixes()
    result = kg.query("CONSTRUCT { ?s egov:connectsTo ?o ; rdfs:label ?l } WHERE { ?s a egov:LGSP ; egov:connectsTo ?o ; rdfs:label ?l }")
    drawn = views.construct_view(p, result, prefixes=prefixes)
    assert {"quang-nam/lgsp", "ndxp"} <= node_ids(drawn)
    assert any(e["text"] == "connectsTo" for e in drawn.edges)
    assert "rdfs:label: " in next(n for n in drawn.nodes if n["id"] == "quang-nam/lgsp")["title"]
    with pytest.raises(ParameterError):
        views.construct_view(p, kg.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), prefixes=prefixes)


def test_layout_places_every_node_and_keeps_the_root_at_the_centre_of_its_part():
    pos = radial_layout(["a", "b", "c", "d", "lonely"], [("a", "b"), ("a", "c"), ("c", "d")], roots=["a"])
    assert set(pos) == {"a", "b", "c", "d", "lonely"}
    ax, ay = pos["a"]
    assert abs(pos["b"][0] - ax) + abs(pos["b"][1] - ay) > 100
    assert len(set(pos.values())) == 5


@pytest.fixture(scope="module")
def hostile_projection(tmp_path_factory, iris, bundled):
    graph = hostile.hostile_kg(tmp_path_factory.mktemp("hostile"), iris, bundled)
    yield graph, Projection.build(graph)
    graph.close()


def test_hostile_labels_stay_data_in_the_view_json_and_the_standalone_page(hostile_projection):
    graph, p = hostile_projection
    view = views.neighbourhood_view(p, p.key(hostile.SYSTEM_ID), 1)
    text = str(view.json())
    assert not re.search(r"[<>&]", text)  # every <, > and & is a \u escape
    data = json.loads(text)
    node = next(n for n in data["nodes"] if n["id"] == hostile.SYSTEM_ID)
    assert node["label"].replace("\n", " ") == hostile.LABEL
    assert node["title"].startswith(hostile.LABEL + "\n" + hostile.LABEL_EN)
    html = views.render_html(view)
    assert hostile.LABEL not in html and hostile.LABEL_EN not in html and hostile.ALIAS not in html
    # the title (the file's English: the system's English name) is escaped by the template
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    # the scripts are inline and nothing names a resource to fetch
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/json" id="network-data">',
                                                  '<script type="application/json" id="network-strings">', "<script>", "<script>"]
    assert "<script src" not in html and "<link" not in html
    assert re.search(r"https?://", re.sub(r"<script>.*?</script>", "", html, flags=re.S)) is None
