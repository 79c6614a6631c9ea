"""The installed ``egovkg`` console script, run as a user runs it (a subprocess), against a real store."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

# run and EGOVKG are also imported from here by the extractor's tests
from loaders import bundled_data_dir

from .support.cli import EGOVKG, run

def test_console_script_is_installed_and_helps():
    assert Path(EGOVKG).exists(), "the egovkg console script is not installed next to this Python"
    out = run("--help").stdout
    for command in ("load", "query", "export", "stats", "serve"):
        assert command in out


def test_version_is_read_when_asked_for():
    from importlib.metadata import version

    done = run("--version")
    assert done.stdout.strip() == f"egovkg, version {version('egovkg')}"


def test_load_reports_what_it_did(tmp_path):
    proc = run("load", store=tmp_path / "s")
    assert "graph/ontology" in proc.stdout and "graph/source/quang-nam-2020" in proc.stdout
    assert "loaded" in proc.stdout.splitlines()[-1]


def test_store_from_environment(tmp_path):
    store = tmp_path / "from-env"
    run("load", env={"EGOVKG_STORE": str(store)})
    assert store.is_dir()
    out = run("stats", env={"EGOVKG_STORE": str(store)}).stdout
    reports = len(list(bundled_data_dir().glob("*.yaml")))  # one report per curated file
    assert f"reports       {reports}\n" in out
    # the coverage of today's provinces: at least 30 of the 34 have systems from a cited source
    line = next(line for line in out.splitlines() if line.startswith("provinces "))
    covered, total = (int(w) for w in line.split() if w.isdigit())
    assert total == 34 and covered >= 30
    assert "Đà Nẵng" in out and "quang-nam" in out  # Quảng Nam's reports count for today's Đà Nẵng


def test_query_table_json_csv_tsv(loaded_store, tmp_path):
    q = "SELECT ?s ?label WHERE { ?s a egov:LGSP ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?s"
    table = run("query", q, store=loaded_store).stdout
    assert "system:quang-nam/lgsp" in table and "row" in table.splitlines()[-1]
    data = json.loads(run("query", q, "--format", "json", store=loaded_store).stdout)
    subjects = [b["s"]["value"] for b in data["results"]["bindings"]]
    assert "https://w3id.org/egovkg/id/system/quang-nam/lgsp" in subjects
    rows = list(csv.reader(io.StringIO(run("query", q, "--format", "csv", store=loaded_store).stdout)))
    assert rows[0] == ["s", "label"] and len(rows) == len(subjects) + 1
    tsv = run("query", q, "--format", "tsv", store=loaded_store).stdout.splitlines()
    assert tsv[0] == "?s\t?label" and tsv[1].startswith("<https://w3id.org/egovkg/id/system/")
    rq = tmp_path / "q.rq"
    rq.write_text(q, encoding="utf-8")
    assert json.loads(run("query", str(rq), "--format", "json", store=loaded_store).stdout) == data


def test_query_syntax_error_names_the_position(loaded_store):
    proc = run("query", "SELECT ?s WHERE { ?s ?p }", store=loaded_store, check=False)
    assert proc.returncode == 2
    assert "line 1, column" in proc.stderr


@pytest.mark.parametrize(("fmt", "rdf_format"), [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                                                 ("jsonld", ox.RdfFormat.JSON_LD), ("turtle", ox.RdfFormat.TURTLE)])
def test_export_round_trips(loaded_store, tmp_path, fmt, rdf_format):
    out = tmp_path / f"export.{fmt}"
    run("export", "--format", fmt, "-o", str(out), store=loaded_store)
    parsed = list(ox.parse(path=str(out), format=rdf_format))
    stats = run("stats", store=loaded_store).stdout
    total = int(next(line.split()[1] for line in stats.splitlines() if line.startswith("quads")))
    if fmt == "turtle":  # the union of graphs: fewer or equal triples, all distinct
        assert 0 < len(parsed) <= total
    else:
        assert len(parsed) == total
    # to standard output as well
    assert run("export", "--format", fmt, store=loaded_store).stdout.strip()


def test_load_rdf_files_each_into_its_own_graph(tmp_path):
    store = tmp_path / "s"
    files = {
        "a.ttl": '@prefix ex: <http://example.org/> . ex:a ex:p "x" .',
        "b.nt": '<http://example.org/b> <http://example.org/p> "y" .',
        "c.nq": '<http://example.org/c> <http://example.org/p> "z" <http://example.org/graph-c> .',
        "d.trig": '<http://example.org/graph-d> { <http://example.org/d> <http://example.org/p> "w" }',
        "e.jsonld": json.dumps({"@id": "http://example.org/e", "http://example.org/p": "v"}),
    }
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    out = run("load", *paths, store=store).stdout
    for graph in ("graph/file/a-ttl", "graph/file/b-nt", "graph/file/e-jsonld", "http://example.org/graph-c", "http://example.org/graph-d"):
        assert graph in out
    data = json.loads(run("query", "SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } } ORDER BY ?s",
                          "--format", "json", store=store).stdout)
    pairs = [(b["g"]["value"].rsplit("/", 1)[-1], b["s"]["value"].rsplit("/", 1)[-1]) for b in data["results"]["bindings"]]
    assert pairs == [("a-ttl", "a"), ("b-nt", "b"), ("graph-c", "c"), ("graph-d", "d"), ("e-jsonld", "e")]


def test_bad_file_exits_2_and_writes_nothing(tmp_path, loaded_store):
    store = tmp_path / "s"
    run("load", store=store)
    before = run("export", "--format", "nquads", store=store).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text((Path(__file__).parent.parent / "data" / "son-la-2023.yaml").read_text(encoding="utf-8")
                   .replace("kind: IOC", "kind: IOCC", 1), encoding="utf-8")
    proc = run("load", str(bad), store=store, check=False)
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr and "field 'kind'" in proc.stderr and "IOCC" in proc.stderr
    assert run("export", "--format", "nquads", store=store).stdout == before


def test_reload_and_reset_are_idempotent(tmp_path):
    store = tmp_path / "s"
    run("load", store=store)
    first = sorted(run("export", "--format", "nquads", store=store).stdout.splitlines())
    run("load", store=store)
    assert sorted(run("export", "--format", "nquads", store=store).stdout.splitlines()) == first
    extra = tmp_path / "x.nt"
    extra.write_text('<http://example.org/x> <http://example.org/p> "1" .\n', encoding="utf-8")
    run("load", str(extra), store=store)
    assert len(run("export", "--format", "nquads", store=store).stdout.splitlines()) == len(first) + 6
    run("load", "--reset", store=store)
    assert sorted(run("export", "--format", "nquads", store=store).stdout.splitlines()) == first


def test_check_validates_without_writing(tmp_path):
    store = tmp_path / "s"
    proc = run("load", "--check", str(Path(__file__).parent.parent / "data" / "quang-nam-2020.yaml"), store=store)
    assert proc.stdout.startswith("ok")
    assert not store.exists()


def test_bad_setting_is_reported(tmp_path):
    proc = run("stats", check=False, env={"EGOVKG_STORE": str(tmp_path / "s"), "EGOVKG_SPARQL_TIMEOUT": "-1"})
    assert proc.returncode == 2 and "EGOVKG_SPARQL_TIMEOUT" in proc.stderr


def test_long_inline_query_is_not_taken_for_a_path(loaded_store):
    # a query longer than a file name may be must run as text, not crash on the file-name check
    long_query = "SELECT ?s WHERE { ?s a egov:LGSP } # " + "x" * 400
    proc = run("query", long_query, "--format", "csv", store=loaded_store)
    assert proc.stdout.splitlines()[0] == "s" and len(proc.stdout.splitlines()) >= 4


def test_a_runaway_query_from_the_command_line_stops_at_the_time_limit(loaded_store):
    started = time.monotonic()
    proc = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1.5",
               store=loaded_store, check=False)
    assert proc.returncode == 2 and "time limit of 1.5 s" in proc.stderr
    assert time.monotonic() - started < 30
    assert "row" in run("query", "SELECT ?s WHERE { ?s a egov:LGSP } LIMIT 2", "--timeout", "5", store=loaded_store).stdout
