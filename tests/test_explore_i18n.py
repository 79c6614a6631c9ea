"""The explorer's texts built at run time (view titles, notes, legends, the network script's strings) are in
the catalogue in both languages, and the catalogue's English is the English the views write into files and
JSON: one text, not two that drift apart."""

from __future__ import annotations

import pytest

from api.i18n import read_catalogue, translate
from api.routes.query_page import SCRIPT_STRINGS
from graph import views
from graph.network.impact import flow_paths, impact
from graph.network.projection import Projection
from graph.views.vis import UI_STRINGS


@pytest.fixture(scope="module")
def p(kg) -> Projection:
    return Projection.build(kg)


def test_the_network_script_strings_are_in_the_catalogue():
    entries = read_catalogue()
    for name, english in UI_STRINGS.items():
        assert entries[f"explore.ui.{name}"].en == english
    for name in SCRIPT_STRINGS:
        assert f"explore.query.js.{name}" in entries


def test_view_titles_notes_and_legends_say_in_english_what_the_catalogue_says(p, kg):
    a, b = p.key("quang-nam/qoffice"), p.key("ndxp")
    built = [
        views.neighbourhood_view(p, a, 2), views.province_view(p, "quang-nam"), views.national_view(p),
        views.impact_view(p, impact(p, p.key("quang-nam/lgsp"))), views.impact_view(p, impact(p, a)),
        views.path_view(p, a, b, [f.steps for f in flow_paths(p, a, b)]), views.path_view(p, a, p.key("govca"), []),
        views.subgraph_view(p, list(p.graph.nodes), title="all", cap=40),
        views.construct_view(p, kg.query("CONSTRUCT { ?s egov:connectsTo ?o } WHERE { ?s egov:connectsTo ?o }"),
                             prefixes=kg.iris.prefixes()),
    ]
    keys = set()
    for view in built:
        for m in [view.heading, *view.notes]:
            if m.key:
                keys.add(m.key)
                assert translate(m.key, "en", **m.params) == m.text
                assert translate(m.key, "vi", **m.params)
        for entry in view.legend:
            assert entry.key, entry.label
            keys.add(entry.key)
            assert translate(entry.key, "en") == entry.label
            assert translate(entry.key, "vi")
    assert {"explore.note.boundary", "explore.note.capped.province-today", "explore.title.national",
            "explore.legend.boundary", "explore.note.no-path"} <= keys
