"""``egovkg check`` (the installed console script, exit codes a CI pipeline gates on), ``/api/compliance`` and the
``/compliance`` page (in-process, and in a real browser against a real server)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.settings import Settings
from graph.compliance.engine import evaluate

from .support.cli import run

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture
def store(loaded_store) -> Path:
    return loaded_store


def test_check_exits_1_on_a_violation_and_reports_it_as_json(store):
    proc = run("check", "--province", "kien-giang", "--as-of", "2018-12-31", "--format", "json", store=store, check=False)
    assert proc.returncode == 1, proc.stderr
    body = json.loads(proc.stdout)
    violations = [f for f in body["findings"] if f["status"] == "violation"]
    assert {f["rule_id"] for f in violations} == {"VNEAF-INT-02", "VNEAF-INT-03"}
    for f in body["findings"]:
        assert {"rule_id", "severity", "status", "message_vi", "message_en", "focus", "source"} <= set(f)
        assert f["status"] in ("pass", "violation", "warning", "info", "not_applicable")
    assert violations[0]["source"]["documents"][0]["identifier"] == "13/2017/TT-BTTTT"
    assert body["as_of"] == "2018-12-31" and body["conforms"] is False


def test_check_exits_0_without_violations(store):
    proc = run("check", "--province", "quang-nam", "--as-of", "2022-12-31", store=store, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Quảng Nam (quang-nam)" in proc.stdout and "WARNING" in proc.stdout


@pytest.mark.parametrize("args", [["--province", "atlantis"], ["--as-of", "2018-02-30"],
                                  ["--province", "quang-nam", "--as-of", "2026-01-01"]])
def test_check_exits_2_on_an_error(store, args):
    proc = run("check", *args, store=store, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("error:"), proc.stderr


def test_check_writes_a_shacl_validation_report(store, tmp_path):
    out = tmp_path / "report.ttl"
    proc = run("check", "--province", "kien-giang", "--as-of", "2018-12-31", "--format", "ttl", "-o", str(out),
               store=store, check=False)
    assert proc.returncode == 1
    graph = ox.Store()
    graph.load(out.read_bytes(), format=ox.RdfFormat.TURTLE)
    conforms = list(graph.quads_for_pattern(None, ox.NamedNode(SH + "conforms"), None))
    assert [q.object.value for q in conforms] == ["false"]
    severities = {q.object.value for q in graph.quads_for_pattern(None, ox.NamedNode(SH + "resultSeverity"), None)}
    assert severities == {SH + "Violation"}


def test_check_writes_a_standalone_html_page(store, tmp_path):
    out = tmp_path / "report.html"
    run("check", "--as-of", "2022-12-31", "--format", "html", "-o", str(out), store=store, check=False)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'href="/explore/systems/quang-nam/ho-so-suc-khoe-dien-tu/network"' in html
    assert "<script" not in html and "http://cdn" not in html


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_api_compliance_json(client):
    r = client.get("/api/compliance", params={"province": "kien-giang", "as_of": "2018-12-31"})
    assert r.status_code == 200
    body = r.json()
    assert [p["province"] for p in body["provinces"]] == ["kien-giang"]
    assert body["summary"]["violation"] == 2


def test_api_compliance_turtle_and_errors(client):
    r = client.get("/api/compliance", params={"province": "son-la", "as_of": "2023-02-28", "format": "ttl"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle") and "sh:ValidationReport" in r.text
    assert client.get("/api/compliance", params={"province": "atlantis"}).status_code == 404
    bad = client.get("/api/compliance", params={"as_of": "yesterday"})
    assert bad.status_code == 400 and "yesterday" in bad.json()["detail"]
    assert client.get("/api/compliance", params={"format": "pdf"}).status_code == 400


def test_compliance_page_in_the_navigation(client):
    html = client.get("/").text
    assert 'href="/compliance"' in html
    page = client.get("/compliance", params={"province": "quang-nam", "as_of": "2026-01-01"})
    assert page.status_code == 400 and "da-nang" in page.text


def test_compliance_page_in_a_browser(page, server_url, kg):
    page.goto(server_url + "/compliance?as_of=2018-12-31&province=kien-giang&lang=en")
    assert page.locator("h1").inner_text() == "Detailed compliance report"
    rows = page.locator('tr.finding[data-status="violation"]')
    assert rows.count() == 2
    link = rows.first.locator("a.system-link").first
    assert link.get_attribute("href") == "/explore/systems/kien-giang/lgsp/network"
    assert "LGSP" in rows.first.inner_text()
    page.select_option("select[name=province]", "")
    page.fill("input[name=as_of]", "2022-12-31")
    page.click("button[type=submit]")
    page.wait_for_selector("div.national")
    # every province valid then (63 before the reform), and a row of the matrix for each one a report covers
    covered = [p.unit.slug for p in evaluate(kg, None, date(2022, 12, 31)).provinces]
    assert {"kien-giang", "nam-dinh", "quang-nam"} <= set(covered)
    assert page.locator("a.tile").count() == 63
    assert page.locator("table.matrix tr[data-province]").count() == len(covered)
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []


def test_vietnamese_messages_give_their_reasons_in_vietnamese(kg):
    """message_vi (the JSON API's and the CLI's) says why a rule does not apply in Vietnamese, with the texts of the
    UI catalogue; message_en keeps the English."""
    from api.i18n import catalogue
    from graph.compliance.engine import REASONS_VI

    keys = {"not in force on this date": "not_in_force", "no check of the rule is in force on this date": "no_check_in_force",
            "nothing in scope": "nothing_in_scope", "no evidence: no counted report gives {prop}": "no_evidence"}
    assert {reason: catalogue()[f"compliance.reason.{key}"].vi for reason, key in keys.items()} == REASONS_VI

    english = [r for r in REASONS_VI if "{" not in r] + ["no evidence", "no counted report"]
    seen = 0
    for day in (date(2018, 12, 31), date(2022, 12, 31), date(2025, 12, 31)):
        for p in evaluate(kg, None, day).provinces:
            for f in p.findings:
                if f.status == "not_applicable":
                    seen += 1
                    assert not any(e in f.message_vi for e in english), f.message_vi
                    assert f.reason and f.reason.split(":")[0].split(";")[0] in f.message_en
    assert seen > 50
