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
