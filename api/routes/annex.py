"""A province's annex tables as files an architect opens in Excel (``graph.network.annex``): the system
inventory and the connection matrix, as CSV or XLSX, in the request's language (``?lang=vi|en``, else the
cookie or Accept-Language). ``?as_of=`` takes a year, a date (its year) or one of the province's sources; without
it, the latest year. Routes are plain ``def`` (run off the event loop)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import KGDep
from api.i18n import request_language
from graph.network.annex import tables, to_csv, to_xlsx

router = APIRouter(tags=["provinces"])

MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
AS_OF = "A year (2022), a date (2022-12-31: its year) or one of the province's sources (quang-nam-2022); default: the latest year"


def _file(request: Request, kg: KGDep, slug: str, table: str, fmt: str, as_of: str | None) -> Response:
    lang = request_language(request)
    sheets = tables(kg, slug, table, as_of, lang)
    body = to_csv(sheets[0]) if fmt == "csv" else to_xlsx(sheets)
    name = f"{slug}-{table}{'-' + as_of if as_of else ''}-{lang}.{fmt}"
    # a header is latin-1: ASCII letters and digits only (a fullwidth "２０２２" is a year to int(), not to a header)
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-._") else "-" for c in name)
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{safe}"'})


@router.get("/api/provinces/{slug}/inventory.{fmt}", response_class=Response,
            summary="A province's information-system inventory (danh mục hệ thống thông tin) as CSV or XLSX",
            description="STT, name, id, layer, kind, status and its date, owner, operator, year and source (with its "
                        "URL) of every system the province's sources name up to `as_of`. CSV is UTF-8 with a BOM.",
            responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}}, 404: {"description": "Unknown province or source"}})
def inventory_file(request: Request, kg: KGDep, slug: str, fmt: Literal["csv", "xlsx"],
                   as_of: str | None = Query(None, max_length=200, description=AS_OF)) -> Response:
    return _file(request, kg, slug, "inventory", fmt, as_of)


@router.get("/api/provinces/{slug}/connections.{fmt}", response_class=Response,
            summary="A province's connection matrix (systems × systems, the relation in each cell) as CSV or XLSX",
            description="Rows: the systems a stated link starts from; columns: the systems it reaches. The XLSX adds "
                        "a sheet listing every link with its source and words.",
            responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}}, 404: {"description": "Unknown province or source"}})
def connections_file(request: Request, kg: KGDep, slug: str, fmt: Literal["csv", "xlsx"],
                     as_of: str | None = Query(None, max_length=200, description=AS_OF)) -> Response:
    return _file(request, kg, slug, "connections", fmt, as_of)
