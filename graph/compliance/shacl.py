"""The same compliance checks run by pySHACL, the reference SHACL engine, over an in-memory rdflib graph.

The rules are SHACL shapes with SHACL-SPARQL constraints and SPARQL targets (SHACL Advanced Features), so any
SHACL-SPARQL engine can run them. This module exists to cross-check ``graph.compliance.engine`` (which runs the same
queries set-based in Oxigraph) and to measure it (``benchmarks/compliance.py``); it is not on any request path.
pySHACL evaluates each constraint once per focus node, and over an oxrdflib-backed graph it is quadratic, so the
data is copied into rdflib's own in-memory store first (see design.md). pySHACL is imported lazily: it is a test
and benchmark dependency only.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from egovkg.errors import ConfigError
from graph.compliance.snapshot import Snapshot

SH = "http://www.w3.org/ns/shacl#"


def to_rdflib(snap: Snapshot, *, rules: bool):
    """The snapshot's view (its default graph) or its rules graph, as an rdflib Graph."""
    import rdflib

    quads = snap.store.quads_for_pattern(None, None, None, snap.iris.rules_graph if rules else ox.DefaultGraph())
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def shacl_failures(snap: Snapshot, checks: set[str] | None = None) -> tuple[set[tuple[str, str]], dict[str, float]]:
    """(shape, focus node) of every validation result pySHACL reports, and the time each step took; with
    ``checks`` (check IRIs), only those shapes are run."""
    try:
        import pyshacl
    except ImportError:
        raise ConfigError("the pySHACL cross-check needs pyshacl: pip install 'egovkg[test]'") from None
    import rdflib

    timings = {}
    started = time.perf_counter()
    data, shapes = to_rdflib(snap, rules=False), to_rdflib(snap, rules=True)
    if checks is not None:  # drop the other shapes; their constraint and target nodes are left unattached, so inert
        check_of = rdflib.URIRef(snap.iris.ontology_ns + "checkOf")
        for shape in set(shapes.subjects(check_of, None)):
            if str(shape) not in checks:
                shapes.remove((shape, None, None))
    timings["to rdflib"] = time.perf_counter() - started
    started = time.perf_counter()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True,
                                     allow_infos=True)
    timings["pyshacl"] = time.perf_counter() - started
    sh = rdflib.Namespace(SH)
    found = set()
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        found.add((str(results.value(result, sh.sourceShape)), str(results.value(result, sh.focusNode))))
    return found, timings
