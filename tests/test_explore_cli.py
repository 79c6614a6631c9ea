"""``egovkg systems``, ``neighbours``, ``path``, ``impact`` and ``render``: the installed console
script, run as a user runs it, against a real store holding the bundled data."""

from __future__ import annotations

import json
import re


from .support.cli import run


def test_systems_searches_and_filters(loaded_store):
    out = run("systems", "qoffice quang nam", "--limit", "3", store=loaded_store).stdout
    assert out.splitlines()[1].split()[0] == "quang-nam/qoffice"
    hits = json.loads(run("systems", "--kind", "LGSP", "--json", store=loaded_store).stdout)
    assert {h["kind"] for h in hits} == {"LGSP"} and "quang-nam/lgsp" in {h["id"] for h in hits}
    bad = run("systems", "--kind", "Spaceship", store=loaded_store, check=False)
    assert bad.returncode == 2 and "unknown kind 'Spaceship'" in bad.stderr


def test_neighbours_path_and_impact_take_ids_or_search_strings(loaded_store):
    hood = run("neighbours", "qoffice quang nam", "--depth", "1", "--json", store=loaded_store)
    assert "→ quang-nam/qoffice" in hood.stderr  # says which system the words resolved to
    body = json.loads(hood.stdout)
    assert body["centre"] == "quang-nam/qoffice"
    assert {"vdxp", "govca", "quang-nam/lgsp"} <= {n["id"] for n in body["nodes"]}
    assert all(e["evidence"] for e in body["edges"])

    text = run("path", "quang-nam/qoffice", "ndxp", store=loaded_store).stdout
    assert text.splitlines()[0] == "1. quang-nam/qoffice —exchangesDataVia→ quang-nam/lgsp —connectsTo→ ndxp"

    affected = json.loads(run("impact", "quang-nam/lgsp", "--json", store=loaded_store).stdout)["affected"]
    cut = {a["id"] for a in affected if a["loses_national_reach"]}
    assert "quang-nam/csdl-chuyen-nganh" in cut and "quang-nam/qoffice" not in cut

    missing = run("neighbours", "quang-nam/does-not-exist-zz", store=loaded_store, check=False)
    assert missing.returncode == 2 and "quang-nam/does-not-exist-zz" in missing.stderr


def test_render_writes_a_standalone_page(loaded_store, tmp_path):
    out = tmp_path / "qoffice.html"
    proc = run("render", "qoffice quang nam", "--depth", "2", "-o", str(out), store=loaded_store)
    assert f"wrote {out}" in proc.stderr
    html = out.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, flags=re.S)
    assert data is not None
    ids = {n["id"] for n in json.loads(data.group(1))["nodes"]}
    assert {"quang-nam/qoffice", "quang-nam/lgsp", "ndxp"} <= ids
    assert "<script src" not in html and "vis-network" in html

    national = tmp_path / "national.html"
    run("render", "--national", "-o", str(national), store=loaded_store)
    assert 'province/quang-nam' in national.read_text(encoding="utf-8")
    both = run("render", "ndxp", "--national", "-o", str(tmp_path / "x.html"), store=loaded_store, check=False)
    assert both.returncode == 2 and "draw one thing" in both.stderr


def test_path_follows_data_flows_and_asks_which_system(loaded_store):
    # Hải Phòng's former portal was replaced by the national one: succession, not a way data moves
    none = run("path", "hai-phong-pre-2025/dvc-portal", "npsp", store=loaded_store).stdout
    assert none.startswith("no path of at most 8 links along which data or documents move")
    linked = run("path", "hai-phong-pre-2025/dvc-portal", "npsp", "--links", store=loaded_store).stdout
    assert "replacedBy" in linked.splitlines()[0]
    # NGSP → NDXP along data flows is longer than the succession link; alternatives say they are longer
    body = json.loads(run("path", "ngsp", "ndxp", "--json", store=loaded_store).stdout)
    assert body["follows"] == "flows" and body["paths"][0]["hops"] == 4 and body["paths"][0]["shortest"]
    assert all(e["rel"] not in ("replacedBy", "predecessorOf") for p in body["paths"] for s in p["steps"] for e in s["edges"])
    text = run("path", "ngsp", "ndxp", store=loaded_store).stdout
    assert "(longer alternative, 5 links)" in text and "longer alternative" not in text.splitlines()[0]
    # data one way only: the immunisation database feeds Quảng Nam's health records, not back in one hop
    back = json.loads(run("path", "quang-nam/ho-so-suc-khoe-dien-tu", "national-immunization", "--json",
                          store=loaded_store).stdout)
    assert all(p["hops"] > 1 for p in back["paths"])
    ambiguous = run("path", "lgsp", "ndxp", store=loaded_store, check=False)
    assert ambiguous.returncode == 2 and "'lgsp' matches" in ambiguous.stderr and "quang-nam/lgsp" in ambiguous.stderr
