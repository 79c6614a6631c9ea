"""`egovkg extract`: the console script, the API route, bad inputs, the candidates' own named graph,
and the promote round trip through `egovkg load --check`.

Expectations about a seed come from the report's text: Quảng Nam 2020 (000) says "hệ thống quản lý
văn bản và điều hành tác nghiệp Qoffice … với số lượng user là 27.500" and "190/241 xã, phường đã
triển khai sử dụng phần mềm một cửa điện tử"; Sơn La (001) says the TTHC system is "kết nối với cổng
dịch vụ công quốc gia".
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.errors import InputError
from egovkg.settings import Settings
from loaders.text import extract_text, read_report
from loaders.text.report import build_meta, decode_report
from loaders.vocabulary import vocabulary_for

from .support.cli import run
from .support.paths import SEEDS

QN2020 = SEEDS / "000_067f3770d833e94b.txt"
SONLA = SEEDS / "001_7ef4e975b952c30c.txt"
EGOV = "https://w3id.org/egovkg/ontology#"


@pytest.fixture(scope="module")
def qn_json() -> list[dict]:
    out = run("extract", str(QN2020), "--province", "quang-nam", "--period", "2020", "--format", "json").stdout
    return json.loads(out)


def test_json_candidates_have_the_documented_fields(qn_json):
    text = QN2020.read_text(encoding="utf-8")
    kinds = {c["kind"] for c in qn_json}
    assert kinds == {"system", "link", "figure"}
    for c in qn_json:
        assert {"kind", "type", "label", "evidence", "confidence"} <= set(c)
        assert c["type"].startswith("https://w3id.org/egovkg/ontology#")
        ev = c["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"], "evidence offsets point at the sentence in the report"
        assert 0 < c["confidence"] <= 1
        if c["kind"] == "link":
            assert c["subject"].startswith("https://w3id.org/egovkg/id/") and c["object"].startswith("https://w3id.org/egovkg/id/")
        if c["kind"] == "figure":
            assert "value" in c and c["measure"].startswith("https://w3id.org/egovkg/id/measure/")


def test_the_report_text_is_read_as_the_report_states_it(qn_json):
    qoffice = [c for c in qn_json if c["kind"] == "system" and "Qoffice" in " ".join(m["text"] for m in c["mentions"])]
    assert qoffice and qoffice[0]["type"] == EGOV + "DocumentManagementSystem"
    users = [c for c in qn_json if c["kind"] == "figure" and c["value"] == 27500]
    assert users and users[0]["measure"].endswith("/users")
    ratio = [c for c in qn_json if c["kind"] == "figure" and c["value"] == 190]
    assert ratio and ratio[0]["out_of"] == 241
    npsp = [c for c in qn_json if c["kind"] == "system" and c.get("node", "") and c["node"].endswith("/system/npsp")]
    assert npsp, "'Cổng DVC Quốc gia' is the national public service portal"


def test_table_and_trig_formats():
    table = run("extract", str(SONLA), "--province", "son-la", "--period", "2023").stdout
    assert "ProvincialTTHCSystem" in table and "systems," in table.splitlines()[-1]
    trig = run("extract", str(SONLA), "--province", "son-la", "--period", "2023", "--id", "son-la-x", "--format", "trig").stdout
    store = ox.Store()
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {"https://w3id.org/egovkg/graph/extracted/son-la-x"}
    # candidates are never typed as systems, links or observations: curated data stays apart
    types = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, None)}
    assert types <= {EGOV + t for t in ("Candidate", "SystemCandidate", "LinkCandidate", "FigureCandidate", "Report")}
    assert not list(store.quads_for_pattern(None, ox.NamedNode(EGOV + "connectsTo"), None, None))


def test_header_metadata_and_command_line_override(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("---\nprovince: son-la\nperiod: 2022\ntitle: Báo cáo thử\n---\n"
                      "Hệ thống thông tin giải quyết thủ tục hành chính kết nối với Cổng Dịch vụ công quốc gia.\n",
                      encoding="utf-8")
    out = json.loads(run("extract", str(report), "--period", "2023", "--format", "json").stdout)
    link = [c for c in out if c["kind"] == "link"]
    assert link and link[0]["type"] == EGOV + "integratesWith"
    assert link[0]["evidence"]["text"].startswith("Hệ thống thông tin giải quyết")
    text = report.read_text(encoding="utf-8")
    assert text[link[0]["evidence"]["start"]:link[0]["evidence"]["end"]] == link[0]["evidence"]["text"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"%PDF-1.7\n\x00\x01binary", "binary"),
    ("Báo cáo kết quả".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "not UTF-8"),
])
def test_bad_input_gets_a_clear_error(tmp_path, content, message):
    report = tmp_path / "bad.txt"
    report.write_bytes(content)
    proc = run("extract", str(report), "--province", "son-la", "--period", "2023", check=False)
    assert proc.returncode == 2 and message in proc.stderr and "bad.txt" in proc.stderr


def test_unknown_province_and_bad_period(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Trung tâm điều hành thông minh IOC.", encoding="utf-8")
    proc = run("extract", str(report), "--province", "quang-nom", "--period", "2020", check=False)
    assert proc.returncode == 2 and "unknown province 'quang-nom'" in proc.stderr and "quang-nam" in proc.stderr
    proc = run("extract", str(report), "--province", "quang-nam", "--period", "twenty", check=False)
    assert proc.returncode == 2 and "period" in proc.stderr
    proc = run("extract", str(tmp_path / "missing.txt"), "--province", "quang-nam", "--period", "2020", check=False)
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_promote_writes_a_draft_that_load_check_accepts(tmp_path):
    draft = tmp_path / "draft.yaml"
    run("extract", str(QN2020), "--province", "quang-nam", "--period", "2020", "--id", "quang-nam-2020-draft",
        "--promote", "--output", str(draft))
    text = draft.read_text(encoding="utf-8")
    assert "kind: DocumentManagementSystem" in text and "measure: users" in text
    checked = run("load", "--check", str(draft))
    assert "ok" in checked.stdout
    again = run("extract", str(QN2020), "--province", "quang-nam", "--period", "2020", "--promote", "--output", str(draft), check=False)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_promote_defaults_to_a_drafts_folder_never_to_data(tmp_path):
    """`egovkg load` with no arguments loads every file in data/: an unreviewed draft must not land there."""
    import os
    import subprocess

    from loaders import bundled_data_dir

    from .support.cli import EGOVKG

    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOVKG_")}
    cmd = [EGOVKG, "extract", str(SONLA), "--province", "son-la", "--period", "2023", "--id", "son-la-draft", "--promote"]
    proc = subprocess.run(cmd, check=False, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    draft = tmp_path / "drafts" / "son-la-draft.yaml"
    assert draft.is_file() and "drafts/son-la-draft.yaml" in proc.stderr
    assert not (tmp_path / "data").exists()
    assert not (bundled_data_dir() / "son-la-draft.yaml").exists()
    again = subprocess.run(cmd, check=False, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 2 and "already exists" in again.stderr
    into_data = subprocess.run([*cmd[:-1], "--promote", "-o", str(bundled_data_dir() / "son-la-draft.yaml")],
                               check=False, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert into_data.returncode == 2 and "not written into" in into_data.stderr
    assert not (bundled_data_dir() / "son-la-draft.yaml").exists()


def test_save_puts_the_candidates_in_their_own_graph(tmp_path):
    store = tmp_path / "store"
    run("extract", str(SONLA), "--province", "son-la", "--period", "2023", "--id", "son-la-cand", "--save", store=store)
    out = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/egovkg/graph/extracted/son-la-cand> "
              "{ ?c a egov:Candidate } }", "--format", "json", store=store).stdout
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 10


# -- API -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(kg):
    with TestClient(create_app(Settings(), kg)) as c:
        yield c


def test_api_plain_text_body(client):
    r = client.post("/api/extract?province=son-la&period=2023", content=SONLA.read_bytes(),
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["graph"].startswith("https://w3id.org/egovkg/graph/extracted/son-la-2023-")
    tthc = [c for c in body["candidates"] if c["kind"] == "link" and c["type"] == EGOV + "integratesWith"
            and c["object"].endswith("/system/npsp")]
    assert tthc, "the TTHC system 'kết nối với cổng dịch vụ công quốc gia'"


def test_api_json_body_and_trig(client):
    text = QN2020.read_text(encoding="utf-8")
    r = client.post("/api/extract", json={"text": text, "province": "quang-nam", "period": "2020", "id": "qn-api"})
    assert r.status_code == 200 and any(c["kind"] == "figure" for c in r.json()["candidates"])
    r = client.post("/api/extract?format=trig&province=quang-nam&period=2020&id=qn-api", content=text.encode(),
                    headers={"content-type": "text/plain"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/trig")
    assert "graph/extracted/qn-api" in r.text


@pytest.mark.parametrize("kwargs, status, message", [
    ({"content": b"", "headers": {"content-type": "text/plain"}}, 400, "empty"),
    ({"content": b"\x00\x01\x02PK", "headers": {"content-type": "text/plain"}}, 400, "binary"),
    ({"json": {"province": "son-la"}}, 400, '"text"'),
    ({"json": {"text": "IOC", "province": "atlantis", "period": "2020"}}, 400, "unknown province"),
])
def test_api_bad_input(client, kwargs, status, message):
    url = "/api/extract" if "json" in kwargs else "/api/extract?province=son-la&period=2023"
    r = client.post(url, **kwargs)
    assert r.status_code == status and message in r.json()["detail"]


# -- library ---------------------------------------------------------------------------------------

def test_decode_accepts_utf16_with_bom_and_normalises(iris):
    text = decode_report("Cổng DVC\r\n".encode("utf-16"))
    assert text == "Cổng DVC\n"
    with pytest.raises(InputError, match="empty"):
        decode_report(b"\n")


def test_diacritics_and_case_insensitive_mentions(iris):
    meta, text = build_meta("he thong quan ly van ban va dieu hanh ket noi truc lien thong van ban quoc gia.",
                            vocabulary_for(iris), province="quang-nam", period="2021")
    ex = extract_text(text, meta, iris)
    kinds = {s.kind for s in ex.systems}
    assert "DocumentManagementSystem" in kinds and any(s.node == "vdxp" for s in ex.systems)
    assert any(link.relation == "sendsDocumentsVia" for link in ex.links)


def test_trục_quốc_gia_is_resolved_by_context(iris):
    vocab = vocabulary_for(iris)
    meta, text = build_meta("Văn bản được gửi qua trục quốc gia.", vocab, province="son-la", period="2021")
    assert {s.node for s in extract_text(text, meta, iris).systems} == {"vdxp"}
    meta, text = build_meta("Dữ liệu được chia sẻ qua trục quốc gia.", vocab, province="son-la", period="2021")
    assert {s.node for s in extract_text(text, meta, iris).systems} == {"ndxp"}


def test_read_report_rejects_a_bad_header(iris):
    with pytest.raises(InputError, match="unknown header field"):
        read_report(b"---\nprovinc: son-la\n---\ntext", iris)


def test_english_report(iris):
    meta, text = build_meta("The provincial LGSP is connected to the National Data Integration and Sharing Platform (NDXP). "
                            "The portal has more than 1,500 users.", vocabulary_for(iris), province="quang-nam", period="2021")
    ex = extract_text(text, meta, iris)
    assert any(link.relation == "connectsTo" and link.object.node == "ndxp" for link in ex.links)
    assert any(f.value == 1500 and f.approx == "more-than" and f.measure == "users" for f in ex.figures)


def test_figure_formats(iris):
    meta, text = build_meta("Tỷ lệ hồ sơ trực tuyến đạt 55,73%. Đã cấp hơn 1.500 chứng thư số; gần 1.000 lượt cài đặt; "
                            "5.800.000 văn bản; 190/241 xã; Nghị định 43/2011/NĐ-CP ngày 13/6/2011; năm 2020; mức độ 3, 4.",
                            vocabulary_for(iris), province="quang-nam", period="2020")
    figs = {(str(f.value), f.measure, f.approx, str(f.out_of) if f.out_of else None) for f in extract_text(text, meta, iris).figures}
    assert ("55.73", "dossiers-online-rate", None, None) in figs
    assert ("1500", "digital-certificates", "more-than", None) in figs
    assert ("1000", "installs", "nearly", None) in figs
    assert ("5800000", "documents-exchanged", None, None) in figs
    assert any(v == "190" and o == "241" for v, _, _, o in figs)
    assert not any(v in ("43", "2011", "13", "2020", "3", "4") for v, _, _, _ in figs)
