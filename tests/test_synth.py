"""The synthetic national graph: deterministic, in the real ontology, shaped like curated reports, with
the 2025 mergers, and with the non-compliance it is asked for."""

from __future__ import annotations

import io
import subprocess

import pyoxigraph as ox
import pytest

from egovkg.errors import InputError
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import read_sources, reference_sources
from loaders.synth import SynthOptions, write_synthetic
from ontology import terminology_quads

from .support.cli import EGOVKG

SMALL = dict(provinces=3, scale=0.05, first_year=2023)  # a few seconds at most


def synth(**options) -> str:
    out = io.StringIO()
    write_synthetic(out, SynthOptions(**{**SMALL, **options}))
    return out.getvalue()


@pytest.fixture(scope="module")
def small() -> str:
    return synth(seed=7)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, small, iris):
    path = tmp_path_factory.mktemp("synth") / "small.nq"
    path.write_text(small, encoding="utf-8")
    graph = KnowledgeGraph(OxigraphStore(), iris)
    graph.load(reference_sources(iris) + read_sources([path], iris))
    yield graph
    graph.close()


def test_same_seed_same_bytes_other_seed_other_bytes(small):
    assert synth(seed=7) == small
    assert synth(seed=8) != small


def test_it_is_valid_n_quads_in_one_graph_per_report(small):
    quads = list(ox.parse(small.encode(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == small.count("\n")
    graphs = {q.graph_name.value for q in quads}
    assert graphs and all("/graph/source/synth-" in g for g in graphs)
    # every graph carries its report's PROV record, like a curated file
    derived = {q.graph_name.value for q in quads if q.predicate.value.endswith("#wasDerivedFrom")
               and q.subject == q.graph_name}
    assert derived == graphs


def test_only_terms_the_ontology_defines(small, iris):
    defined = {q.subject.value for q in terminology_quads(iris)}
    ns = iris.ontology_ns
    used = set()
    for q in ox.parse(small.encode(), format=ox.RdfFormat.N_QUADS):
        used.add(q.predicate.value)
        if q.predicate.value.endswith("#type"):
            used.add(q.object.value)
    unknown = sorted(u for u in used if u.startswith(ns) and u not in defined)
    assert not unknown, f"not in the ontology: {unknown}"


def test_the_2025_mergers_consolidate_the_old_provinces_systems(loaded):
    # the current provinces drawn for seed 7 include merged ones; their old systems point to the new ones
    rows = loaded.select("""
        SELECT DISTINCT ?old ?new WHERE {
          ?old egov:consolidatedInto ?new ; egov:locatedIn ?oldp . ?new egov:locatedIn ?newp .
          ?oldp egov:mergedInto ?newp }""").values()
    assert rows, "no consolidation of merged provinces' systems"
    retired = loaded.select("""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?r a egov:StatusRecord ; egov:statusOf ?s ; egov:status status:retired ; egov:asOf "2025-07-01"^^xsd:date }""")
    assert int(retired.rows[0][0].value) >= len(rows)


def test_communes_services_and_figures(loaded):
    communes = loaded.select("""SELECT (COUNT(*) AS ?n) WHERE {
        ?c a egov:Commune ; egov:partOf ?p . ?p a egov:Province .
        ?d egov:servesLevel level:commune ; egov:operatedBy ?ubnd ; egov:componentOf ?onestop . ?ubnd egov:locatedIn ?c .
        ?onestop a egov:OneStopShopSystem }""")
    assert int(communes.rows[0][0].value) > 0
    levels = {r["l"] for r in loaded.select(
        "SELECT DISTINCT ?l WHERE { ?s a egov:OnlineService ; egov:serviceLevel ?l }").values()}
    assert levels == {"full", "partial"}
    years = {r["y"] for r in loaded.select(
        "SELECT DISTINCT ?y WHERE { ?o a egov:Observation ; egov:refYear ?y }").values()}
    assert years == {"2023", "2024", "2025"}
    stats = loaded.stats()
    assert stats.systems > 100 and stats.provinces_with_systems >= 3


BYPASS = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s egov:queriesDataFrom ?db . ?db a egov:NationalDatabase .
  MINUS { ?s egov:exchangesDataVia ?lgsp . ?lgsp a egov:LGSP } }"""
LGSP_TO_NDXP = "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a egov:LGSP ; egov:connectsTo system:ndxp }"
LGSPS = "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a egov:LGSP }"


def count(kg: KnowledgeGraph, query: str) -> int:
    return int(kg.select(query).rows[0][0].value)


@pytest.mark.parametrize("share", [0.0, 0.6])
def test_the_noncompliant_share_is_what_was_asked(share, iris, tmp_path):
    path = tmp_path / "g.nq"
    path.write_text(synth(seed=3, noncompliant=share, missing=0.0, provinces=4), encoding="utf-8")
    kg = KnowledgeGraph(OxigraphStore(), iris)
    kg.load(reference_sources(iris) + read_sources([path], iris))
    if share == 0.0:
        # by the framework: nobody reads a national database around the LGSP, every LGSP reaches NDXP
        assert count(kg, BYPASS) == 0 and count(kg, LGSP_TO_NDXP) == count(kg, LGSPS)
    else:
        assert count(kg, BYPASS) > 0 and count(kg, LGSP_TO_NDXP) < count(kg, LGSPS)
    kg.close()


def test_options_are_checked():
    with pytest.raises(InputError, match="--provinces"):
        SynthOptions(provinces=35).check()
    with pytest.raises(InputError, match="--scale"):
        SynthOptions(scale=0).check()


def test_the_command_writes_a_file_that_loads(tmp_path):
    out = tmp_path / "national.nq"
    proc = subprocess.run([EGOVKG, "synth", "--provinces", "1", "--scale", "0.05", "--first-year", "2024",
                           "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and not out.with_name("national.nq.part").exists()
    assert "of reference data" in proc.stdout
    loaded = subprocess.run([EGOVKG, "load", str(out), "--store", str(tmp_path / "store")],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    # the file loads on its own: with the ontology in it, its systems are counted by kind
    stats = subprocess.run([EGOVKG, "stats", "--store", str(tmp_path / "store")], capture_output=True, text=True,
                           timeout=120)
    assert "LGSP" in stats.stdout and "systems       0" not in stats.stdout, stats.stdout
