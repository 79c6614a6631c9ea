"""Code is keyed on the ontology's IRIs: every term the code names must be declared in the ontology."""

from __future__ import annotations

import re

import rdflib
from rdflib import RDF

from ontology import ONTOLOGY_DIR

from .support.paths import ROOT

EGOV = "https://w3id.org/egovkg/ontology#"
PACKAGES = ("egovkg", "ontology", "loaders", "graph", "api")


def declared() -> set[str]:
    g = rdflib.Graph().parse(ONTOLOGY_DIR / "egov.ttl", format="turtle")
    return {str(s)[len(EGOV):] for s in g.subjects(RDF.type, None) if str(s).startswith(EGOV)}


def used() -> dict[str, str]:
    names: dict[str, str] = {}
    pattern = re.compile(r"""(?:term\(\s*["'](\w+)["']|\begov:(\w+))""")
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                names.setdefault(match.group(1) or match.group(2), str(path.relative_to(ROOT)))
    return names


def test_every_term_the_code_names_is_declared():
    terms = declared()
    code = used()
    assert len(code) > 20  # the scan itself works
    missing = {name: where for name, where in code.items() if name not in terms}
    assert missing == {}


def test_the_relation_roles_classes_and_layer_codes_in_code_are_the_ontology_s():
    """The catalogues the network and views key on (relation roles, shape families, layer codes) name ontology
    terms and individuals: a renamed property or layer fails here rather than silently dropping out of a view."""
    from graph.compliance.engine import LAYERS as SCORED_LAYERS
    from graph.network.impact import DEPENDENCIES
    from graph.network.model import LINK_RELATIONS, ORGANISATION_RELATIONS, PLACE_RELATIONS
    from graph.views.vis import FAMILY_SHAPES, LAYERS

    g = rdflib.Graph().parse(ONTOLOGY_DIR / "egov.ttl", format="turtle")
    properties = {str(s)[len(EGOV):] for s in g.subjects(RDF.type, rdflib.OWL.ObjectProperty) if str(s).startswith(EGOV)}
    classes = {str(s)[len(EGOV):] for s in g.subjects(RDF.type, rdflib.OWL.Class) if str(s).startswith(EGOV)}
    layer_base = "https://w3id.org/egovkg/id/layer/"
    layers = {str(s)[len(layer_base):] for s in g.subjects(RDF.type, rdflib.URIRef(EGOV + "ArchitectureLayer"))
              if str(s).startswith(layer_base)}
    roles = set(LINK_RELATIONS) | set(ORGANISATION_RELATIONS) | set(PLACE_RELATIONS) | set(DEPENDENCIES)
    assert roles - properties == set()
    assert {cls for cls, _, _ in FAMILY_SHAPES} - classes == set()
    assert ({code for code in LAYERS if code is not None} | set(SCORED_LAYERS)) - layers == set()
