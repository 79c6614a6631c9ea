"""A province's architecture annex tables, in the shape Vietnamese architecture decisions append them: the
information-system inventory (*danh mục hệ thống thông tin*: STT, tên hệ thống, lớp, loại, trạng thái, đơn vị
chủ quản, đơn vị vận hành, năm, nguồn) and the connection matrix (systems × systems, the relation in each cell,
with the list of links and their sources beside it), as CSV (UTF-8 with a BOM, so Excel reads the diacritics)
and XLSX (a header row, column widths, the header frozen, sources as hyperlinks).

What a table holds is what :func:`graph.network.diff.province_snapshot` reads for a side: the systems the
province's sources up to a year (or one source) name, each with its latest status on or before the end of that
year, and the links those sources state. Names follow :mod:`graph.network.names`; headers and code-list labels
(layers, kinds, statuses, relations: their ``rdfs:label`` in the ontology) are in the language asked.

Everything in a cell comes from data, so a cell is never a formula: a text that starts with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return) gets a leading apostrophe in CSV, and every text cell of the XLSX
is typed as a string. Only http(s) URLs become hyperlinks. This module only reads.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from egovkg.errors import ParameterError
from graph.network.coverage import sources_for
from graph.network.diff import Snapshot, province_snapshot
from graph.network.names import display_name, read_names
from graph.sparql.formats import web_url

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["TABLES", "Link", "Table", "connections", "inventory", "to_csv", "to_xlsx"]

TABLES = ("inventory", "connections")

#: the layers in the order architecture documents list them (domain.md §0.3)
LAYER_ORDER = ("usr", "chn", "app", "int", "dat", "inf", "sec", "gov", "ext")

#: column headers: (vi, en)
INVENTORY_HEADERS = (
    ("STT", "No."), ("Tên hệ thống", "System"), ("Mã", "Id"), ("Lớp", "Layer"), ("Loại", "Kind"),
    ("Trạng thái", "Status"), ("Ngày của trạng thái", "Status as of"), ("Đơn vị chủ quản", "Owner"),
    ("Đơn vị vận hành", "Operator"), ("Năm (nguồn mới nhất)", "Year (latest source)"), ("Nguồn", "Source"),
    ("URL nguồn", "Source URL"),
)
LINK_HEADERS = (("STT", "No."), ("Hệ thống", "System"), ("Quan hệ", "Relation"), ("Kết nối tới", "Connected to"),
                ("Nguồn", "Source"), ("URL nguồn", "Source URL"), ("Trích dẫn", "Quote"))
MATRIX_CORNER = ("Hệ thống (hàng) → hệ thống (cột)", "System (row) → system (column)")
TITLES = {
    "inventory": ("Danh mục hệ thống thông tin — {province} ({side})", "Information system inventory — {province} ({side})"),
    "matrix": ("Ma trận kết nối — {province} ({side})", "Connection matrix — {province} ({side})"),
    "links": ("Danh sách kết nối — {province} ({side})", "Connections — {province} ({side})"),
}
SHEETS = {"inventory": ("Danh mục HTTT", "Inventory"), "matrix": ("Ma trận kết nối", "Matrix"),
          "links": ("Danh sách kết nối", "Connections")}

DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Link:
    """A cell that links to its source: a hyperlink in XLSX, its text in CSV."""

    text: str
    url: str | None = None

    def __str__(self) -> str:
        return self.text


Cell = str | int | Link | None


@dataclass
class Table:
    sheet: str  # the XLSX sheet's name (31 characters at most)
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    frozen: str = "A2"  # the first cell below and right of what stays in view


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _check_lang(lang: str) -> None:
    if lang not in ("vi", "en"):
        raise ParameterError(f"lang is vi or en, not '{lang}'", parameter="lang")


def _side_spec(as_of: str | None) -> str | None:
    """A year, a source id, or a date (its year: a side covers whole years)."""
    if as_of is None or not as_of.strip():
        return None
    m = DATE.match(as_of.strip())
    return m.group(1) if m else as_of.strip()


def _side_text(snap: Snapshot, lang: str) -> str:
    word = "đến năm" if lang == "vi" else "as of"
    return f"{word} {snap.side.year}" if snap.side.spec == str(snap.side.year) else f"{snap.side.spec}, {snap.side.year}"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def inventory(kg: "KnowledgeGraph", province: str, as_of: str | None = None, lang: str = "vi") -> Table:
    """The inventory of ``province``'s systems as of ``as_of`` (a year, a date, or a source id; None: the latest)."""
    _check_lang(lang)
    snap = province_snapshot(kg, province, _side_spec(as_of))
    iris = [s.iri for s in snap.systems]
    facts: dict[str, dict[str, list[str]]] = {i: {"layer": [], "ownedBy": [], "operatedBy": []} for i in iris}
    if iris:
        values = " ".join(f"<{i}>" for i in iris)
        for r in kg.select(f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }}
                                 VALUES ?p {{ egov:layer egov:ownedBy egov:operatedBy }} ?s ?p ?o }}""").dicts():
            facts[r["s"].value][_local(r["p"].value)].append(r["o"].value)
    ns = kg.iris.ontology_ns
    status_iri = kg.iris.base + "id/status/"
    coded = {o for f in facts.values() for vs in f.values() for o in vs}
    coded |= {ns + s.kind for s in snap.systems if s.kind} | {status_iri + s.status for s in snap.systems if s.status}
    names = read_names(kg, coded) if coded else {}

    def name(iri: str) -> str:
        return (names.get(iri) or {}).get(lang) or _local(iri)

    sources = {s.id: s for s in sources_for(kg, province)}
    rows: list[tuple[tuple[int, str], list[Cell]]] = []
    for s in snap.systems:
        f = facts[s.iri]
        layers = sorted(f["layer"], key=lambda x: (LAYER_ORDER.index(_local(x)) if _local(x) in LAYER_ORDER else 99, x))
        src = sources.get(s.source or "")
        url = web_url(src.url) if src else None
        rows.append(((LAYER_ORDER.index(_local(layers[0])) if layers and _local(layers[0]) in LAYER_ORDER else 99,
                      display_name(s, lang).casefold()), [
            display_name(s, lang), s.id, "; ".join(name(x) for x in layers), name(ns + s.kind) if s.kind else "",
            name(status_iri + s.status) if s.status else "", snap.status_as_of.get(s.iri, ""),
            "; ".join(sorted(name(x) for x in f["ownedBy"])), "; ".join(sorted(name(x) for x in f["operatedBy"])),
            src.year if src and src.year is not None else "", Link(src.title if src else (s.source or ""), url), url or ""]))
    table = Table(_pick(SHEETS["inventory"], lang),
                  _pick(TITLES["inventory"], lang).format(province=display_name(snap, lang), side=_side_text(snap, lang)),
                  [_pick(h, lang) for h in INVENTORY_HEADERS])
    table.rows = [[i, *cells] for i, (_, cells) in enumerate(sorted(rows, key=lambda r: r[0]), start=1)]
    return table


def connections(kg: "KnowledgeGraph", province: str, as_of: str | None = None, lang: str = "vi") -> list[Table]:
    """The connection matrix (rows: systems a link starts from; columns: systems a link reaches; a cell: the
    relations, row → column) and the list of links with their sources and words."""
    _check_lang(lang)
    snap = province_snapshot(kg, province, _side_spec(as_of))
    relations = {f"{kg.iris.ontology_ns}{link.relation}" for link in snap.links}
    names = read_names(kg, relations) if relations else {}

    def relation(rel: str) -> str:
        return (names.get(kg.iris.ontology_ns + rel) or {}).get(lang) or rel

    own = {s.iri for s in snap.systems}

    def order(ref: object) -> tuple[bool, str]:  # the province's own systems first, then national ones
        return getattr(ref, "iri") not in own, display_name(ref, lang).casefold()

    froms = sorted({link.subject.iri: link.subject for link in snap.links}.values(), key=order)
    tos = sorted({link.object.iri: link.object for link in snap.links}.values(), key=order)
    cells: dict[tuple[str, str], list[str]] = {}
    for link in snap.links:
        cells.setdefault((link.subject.iri, link.object.iri), []).append(relation(link.relation))
    fmt = {"province": display_name(snap, lang), "side": _side_text(snap, lang)}
    matrix = Table(_pick(SHEETS["matrix"], lang), _pick(TITLES["matrix"], lang).format(**fmt),
                   [_pick(("STT", "No."), lang), _pick(MATRIX_CORNER, lang), *(display_name(t, lang) for t in tos)], frozen="C2")
    for i, f in enumerate(froms, start=1):
        matrix.rows.append([i, display_name(f, lang), *("; ".join(sorted(set(cells.get((f.iri, t.iri), [])))) for t in tos)])
    sources = {s.id: s for s in sources_for(kg, province)}
    listed = Table(_pick(SHEETS["links"], lang), _pick(TITLES["links"], lang).format(**fmt), [_pick(h, lang) for h in LINK_HEADERS])
    for i, link in enumerate(sorted(snap.links, key=lambda x: (order(x.subject), x.relation, order(x.object))), start=1):
        src = sources.get(link.source)
        url = web_url(src.url) if src else None
        listed.rows.append([i, display_name(link.subject, lang), relation(link.relation), display_name(link.object, lang),
                            Link(src.title if src else link.source, url), url or "", link.quote or ""])
    return [matrix, listed]


def tables(kg: "KnowledgeGraph", province: str, table: str, as_of: str | None = None, lang: str = "vi") -> list[Table]:
    """``inventory`` or ``connections`` as the list of sheets it is made of (the first is the CSV one)."""
    if table == "inventory":
        return [inventory(kg, province, as_of, lang)]
    if table == "connections":
        return connections(kg, province, as_of, lang)
    raise ParameterError(f"table is one of {', '.join(TABLES)}, not '{table}'", parameter="table")


# -- writing ------------------------------------------------------------------------------------------------
def safe_text(text: str) -> str:
    """A text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a BOM, a header row, every text cell safe from formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in table.headers])
    for row in table.rows:
        writer.writerow(["" if c is None else c if isinstance(c, int) else safe_text(str(c)) for c in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_xlsx(sheets: list[Table]) -> bytes:
    """The tables as one workbook, a sheet each: a bold header row kept in view, widths fitted to the text,
    sources as hyperlinks, every text cell typed as a string."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", table.sheet)[:31])
        widths: dict[int, int] = {}

        def put(row: int, col: int, value: Cell) -> None:
            text = value.text if isinstance(value, Link) else value
            if isinstance(text, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", text)
            cell = ws.cell(row=row, column=col, value=text)
            if isinstance(text, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            if isinstance(value, Link) and value.url and web_url(value.url):
                cell.hyperlink = value.url
                cell.font = Font(color="0563C1", underline="single")
            widths[col] = max(widths.get(col, 0), min(len(str(text or "")), 60))

        for col, header in enumerate(table.headers, start=1):
            put(1, col, header)
            ws.cell(row=1, column=col).font = Font(bold=True)
            ws.cell(row=1, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(table.rows, start=2):
            for col, value in enumerate(row, start=1):
                put(r, col, value)
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(6, width + 2)
        ws.freeze_panes = table.frozen
        ws.auto_filter.ref = ws.dimensions
    book.properties.title = sheets[0].title if sheets else ""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
