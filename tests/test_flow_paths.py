"""Paths that mean something: they follow the links along which data or documents move (the impact rules'
table, graph.network.impact.FLOWS), in the direction the data moves, never succession or location; a
longer alternative is said to be one; and a name several systems answer to alike is asked about."""

from __future__ import annotations

import pytest

from graph.network.impact import DEPENDENCIES, FLOWS, flow_graph, flow_paths
from graph.network.projection import Projection
from graph.network.search import candidates, index_of


@pytest.fixture(scope="module")
def p(kg) -> Projection:
    return Projection.build(kg)


def test_paths_walk_only_links_that_carry_data(p):
    # the flows are among the impact rules' dependencies: a path never walks a link the rules ignore
    assert set(FLOWS) <= set(DEPENDENCIES)
    assert not {"replacedBy", "predecessorOf", "consolidatedInto", "locatedIn", "partOf", "mergedInto", "hostedIn"} & set(FLOWS)
    g = flow_graph(p)
    for u, v in g.edges:
        stated = set(p.graph.get_edge_data(u, v) or {}) | set(p.graph.get_edge_data(v, u) or {})
        assert stated & set(FLOWS)
    # the succession edges of the data exist, and no flow edge comes from them alone
    succession = [(u, v) for u, v, r in p.graph.edges(keys=True) if r in ("replacedBy", "predecessorOf", "consolidatedInto")]
    assert succession
    for u, v in succession:
        both = set(p.graph.get_edge_data(u, v) or {}) | set(p.graph.get_edge_data(v, u) or {})
        if not both & set(FLOWS):
            assert not g.has_edge(u, v) and not g.has_edge(v, u)


def test_a_path_runs_the_way_the_data_moves_and_alternatives_are_longer(p):
    found = flow_paths(p, p.key("quang-nam/qoffice"), p.key("ndxp"))
    assert [p.node(s.target)["id"] for s in found[0].steps] == ["quang-nam/lgsp", "ndxp"]
    assert found[0].shortest and found[0].hops == 2
    assert all(f.hops >= found[0].hops for f in found)
    assert all(f.shortest == (f.hops == found[0].hops) for f in found)
    assert all(f.hops <= found[0].hops + 2 for f in found)
    for f in found:
        for step in f.steps:
            for rel, forward in step.edges:
                way = FLOWS[rel]
                assert way == "both" or (way == "forward") == forward  # never against a one-way flow
    # one-way flows: feedsDataTo carries data from its subject to its object, not back
    g = flow_graph(p)
    fed = [(u, v) for u, v, r in p.graph.edges(keys=True) if r == "feedsDataTo"]
    assert fed and all(g.has_edge(u, v) for u, v in fed)
    one_way = [(u, v) for u, v in fed if not g.has_edge(v, u)]
    assert one_way
    u, v = one_way[0]
    assert flow_paths(p, u, v) and not any(f.hops == 1 for f in flow_paths(p, v, u))


def test_an_ambiguous_name_gives_every_match(p):
    lgsps = candidates(p, "lgsp")
    every = {h.key for h in index_of(p).search("", kind="LGSP", limit=1000)}
    assert len(lgsps) > 3 and set(lgsps) == every  # the name of a kind: every system of that kind
    assert [p.node(k)["id"] for k in candidates(p, "qoffice quang nam")] == ["quang-nam/qoffice"]
    assert candidates(p, "ndxp") == [p.key("ndxp")]
