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
