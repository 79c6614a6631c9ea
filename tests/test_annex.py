"""A province's annex tables (graph.network.annex, /api/provinces/{slug}/inventory|connections.csv|xlsx,
`egovkg annex`): Quảng Nam's inventory and connection matrix as its 2020 and 2022 reports give them, in
Vietnamese and English, as CSV Excel reads and as XLSX that reads back right; and a hostile label never becomes
a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api import create_app
from egovkg.errors import NotFoundError, ParameterError
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.network.annex import Link, Table, connections, inventory, to_csv, to_xlsx
from graph.store import OxigraphStore
from loaders import read_source, reference_sources

from .support.cli import run

LGSP = "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng Nam (LGSP)"  # the 2022 report's name (graph.network.names)


def rows_by_id(table: Table) -> dict[str, list]:
    return {row[2]: row for row in table.rows}


def test_inventory_as_the_reports_give_it(kg):
    vi = inventory(kg, "quang-nam", "2022", "vi")
    assert vi.headers[:6] == ["STT", "Tên hệ thống", "Mã", "Lớp", "Loại", "Trạng thái"]
    assert vi.title == "Danh mục hệ thống thông tin — Quảng Nam (đến năm 2022)"
    assert [r[0] for r in vi.rows] == list(range(1, len(vi.rows) + 1))
    by_id = rows_by_id(vi)
    lgsp = by_id["quang-nam/lgsp"]
    assert lgsp[1] == LGSP and lgsp[3] == "Nền tảng tích hợp, chia sẻ dữ liệu" and lgsp[5] == "đang vận hành"
    # "Trung tâm điều hành thông tin chỉ đạo của UBND tỉnh" (2022, owner ubnd): operational; a pilot in 2020
    assert by_id["quang-nam/ioc"][5] == "đang vận hành" and by_id["quang-nam/ioc"][7] == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert rows_by_id(inventory(kg, "quang-nam", "2020-12-31", "vi"))["quang-nam/ioc"][5] == "thí điểm"
    # systems the 2022 report adds are not in the 2020 inventory
    assert "quang-nam/chatbot" in by_id and "quang-nam/chatbot" not in rows_by_id(inventory(kg, "quang-nam", "2020", "vi"))
    # rows go by layer as architecture documents list them: channels before applications before integration
    layers = [r[3] for r in vi.rows]
    assert layers.index("Kênh giao tiếp") < layers.index("Ứng dụng") < layers.index("Nền tảng tích hợp, chia sẻ dữ liệu")

    en = inventory(kg, "quang-nam", "2022", "en")
    assert en.headers[:6] == ["No.", "System", "Id", "Layer", "Kind", "Status"]
    lgsp_en = rows_by_id(en)["quang-nam/lgsp"]
    assert lgsp_en[1] == "Quảng Nam data integration and sharing platform (LGSP)" and lgsp_en[5] == "operational"
    assert en.title.startswith("Information system inventory — Quảng Nam")


def test_connection_matrix(kg):
    matrix, listed = connections(kg, "quang-nam", "2022", "en")
    assert matrix.headers[:2] == ["No.", "System (row) → system (column)"]
    column = matrix.headers.index("National Data Integration and Sharing Platform (NDXP)")
    row = next(r for r in matrix.rows if r[1] == "Quảng Nam data integration and sharing platform (LGSP)")
    assert "connects to" in row[column]  # 2022: the LGSP "đã kết nối với … (NDXP)"
    assert all(len(r) == len(matrix.headers) for r in matrix.rows)
    assert any(r[1].startswith("Quảng Nam data integration") and r[3] == "National Data Integration and Sharing Platform (NDXP)"
               for r in listed.rows)
    vi_matrix, _ = connections(kg, "quang-nam", "2022", "vi")
    assert vi_matrix.headers[1] == "Hệ thống (hàng) → hệ thống (cột)"


def test_unknowns(kg):
    with pytest.raises(NotFoundError, match="unknown province"):
        inventory(kg, "atlantis")
    with pytest.raises(NotFoundError, match="neither a year nor a source"):
        inventory(kg, "quang-nam", "son-la-2023")
    with pytest.raises(ParameterError, match="lang"):
        inventory(kg, "quang-nam", lang="fr")


def test_csv_and_xlsx_read_back(kg):
    table = inventory(kg, "quang-nam", "2022", "vi")
    body = to_csv(table)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == table.headers and len(rows) == len(table.rows) + 1
    assert any(r[1] == LGSP for r in rows)

    sheets = connections(kg, "quang-nam", "2022", "vi")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sheets)))
    assert book.sheetnames == ["Ma trận kết nối", "Danh sách kết nối"]
    ws = book["Danh sách kết nối"]
    assert [c.value for c in ws[1]] == sheets[1].headers and ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width > 10 and ws.cell(1, 1).font.bold
    assert book["Ma trận kết nối"].freeze_panes == "C2"


def test_sources_are_hyperlinks_and_hostile_labels_stay_text(tmp_path: Path, iris):
    """A report whose labels start like formulas (=, +, -, @) and whose URL is http(s): the cells stay text in
    CSV and XLSX, and the source cell links to the URL."""
    data = tmp_path / "hostile.yaml"
    data.write_text('''
source:
  id: quang-nam-2024-hostile
  title: "=HYPERLINK(\\"http://evil.example/\\",\\"click\\")"
  publisher: null
  issued: 2024-05
  province: quang-nam
  period: 2024
  kind: news-article
  url: https://example.org/report
systems:
  - id: formula
    kind: LGSP
    label: {vi: "=1+1", en: "@SUM(A1:A9)"}
    status: operational
    quote: "=1+1"
  - id: plus
    kind: IOC
    label: {vi: "+84 cổng", en: "-2 portal"}
    status: pilot
    quote: "+84"
links:
  - from: formula
    rel: connectsTo
    to: plus
    quote: "=cmd|' /C calc'!A0"
''', encoding="utf-8")
    kg = KnowledgeGraph(OxigraphStore(), iris)
    try:
        kg.load([*reference_sources(iris), read_source(data, iris)])
        for lang, first in (("vi", "=1+1"), ("en", "@SUM(A1:A9)")):
            table = inventory(kg, "quang-nam", None, lang)
            assert any(r[1] == first for r in table.rows)
            text = to_csv(table).decode("utf-8-sig")
            cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
            assert not any(c.lstrip().startswith(("=", "+", "-", "@")) for c in cells), cells
            assert f"'{first}" in cells
            for sheets in ([table], connections(kg, "quang-nam", None, lang)):
                book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sheets)))
                for ws in book.worksheets:
                    for row in ws.iter_rows():
                        for cell in row:
                            assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
            book = openpyxl.load_workbook(io.BytesIO(to_xlsx([table])))
            ws = book.worksheets[0]
            names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
            assert first in names  # kept as it is, as text
            source = next(ws.cell(r, 11) for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == first)
            assert source.hyperlink is not None and source.hyperlink.target == "https://example.org/report"
            assert source.value.startswith("=HYPERLINK") and source.data_type == "s"
    finally:
        kg.close()


def test_link_cells_only_link_to_the_web():
    table = Table("t", "t", ["a"], [[Link("x", "javascript:alert(1)")], [Link("y", "https://example.org/")]])
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx([table]))).worksheets[0]
    assert ws["A2"].hyperlink is None and ws["A3"].hyperlink.target == "https://example.org/"


def test_api_and_cli(kg, loaded_store, tmp_path):
    with TestClient(create_app(Settings(), kg)) as client:
        r = client.get("/api/provinces/quang-nam/inventory.csv", params={"as_of": "2022", "lang": "en"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"] and r.content.startswith("\ufeff".encode())
        assert r.content.decode("utf-8-sig").splitlines()[0].startswith("No.,System,Id,Layer")
        x = client.get("/api/provinces/quang-nam/connections.xlsx", headers={"Accept-Language": "vi"})
        assert x.status_code == 200 and x.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert openpyxl.load_workbook(io.BytesIO(x.content)).sheetnames == ["Ma trận kết nối", "Danh sách kết nối"]
        assert client.get("/api/provinces/atlantis/inventory.csv").status_code == 404
        assert client.get("/api/provinces/quang-nam/inventory.pdf").status_code == 422
        wide = client.get("/api/provinces/quang-nam/inventory.csv", params={"as_of": "２０２２"})  # fullwidth digits
        assert wide.status_code != 500 and wide.headers.get("content-disposition", "").isascii()
    out = tmp_path / "qn.xlsx"
    run("annex", "--province", "quang-nam", "--table", "inventory", "--format", "xlsx", "--as-of", "2022",
        "--output", str(out), store=loaded_store)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title == "Danh mục HTTT" and any(ws.cell(r, 2).value == LGSP for r in range(2, ws.max_row + 1))
    text = run("annex", "--province", "quang-nam", "--table", "connections", "--format", "csv", "--lang", "en",
               store=loaded_store).stdout
    assert text.lstrip("\ufeff").startswith("No.,System (row)")
