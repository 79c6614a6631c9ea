"""Figures written for people, in Vietnamese or English: ``hơn 5,8 triệu văn bản`` / ``more than 5.8 million
documents``, ``1.463 dịch vụ`` / ``1,463 services``, ``100 %`` / ``100%``, and a target said to be one
(``mục tiêu 2021: 100 %`` / ``target for 2021: 100%``).

- :func:`format_number`: thousands separators by language (``.`` in Vietnamese, ``,`` in English; the decimal
  mark the other one); a million or more in words with one decimal (``5,8 triệu``, ``1.2 trillion``).
- :func:`format_figure`: a whole observation: approximation in words, the number, ``out of`` as ``792/1.000``,
  the unit in words (singular or plural in English), the service level, and ``target`` with its year when the
  observation is one (``egov:Target``: the loader types a figure planned rather than reached so).

``format_figure`` takes any object or mapping with ``value`` and, optionally, ``unit``, ``approx``, ``out_of``,
``service_level``, ``target`` and ``year``: the rows of :mod:`graph.network.details` and the values of
:mod:`graph.network.diff` both fit. Pure functions; nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["APPROX_WORDS", "UNIT_WORDS", "format_figure", "format_number", "unit_word"]

#: egov:approx values in words: (vi, en)
APPROX_WORDS: dict[str, tuple[str, str]] = {
    "more-than": ("hơn", "more than"), "nearly": ("gần", "nearly"), "about": ("khoảng", "about"),
    "at-least": ("ít nhất", "at least"), "less-than": ("dưới", "less than"), "at-most": ("không quá", "at most"),
}

#: the units of ontology/measures.ttl (egov:unit) in words: (vi, en singular, en plural)
UNIT_WORDS: dict[str, tuple[str, str, str]] = {
    "account": ("tài khoản", "account", "accounts"), "agency": ("cơ quan, đơn vị", "agency", "agencies"),
    "article": ("bài viết", "article", "articles"), "assessment": ("lượt đánh giá", "assessment", "assessments"),
    "case": ("trường hợp", "case", "cases"), "certificate": ("chứng thư số", "certificate", "certificates"),
    "class": ("lớp", "class", "classes"), "computer/person": ("máy tính/người", "computer per person", "computers per person"),
    "course": ("khóa học", "course", "courses"), "database": ("cơ sở dữ liệu", "database", "databases"),
    "device": ("thiết bị", "device", "devices"), "document": ("văn bản", "document", "documents"),
    "dossier": ("hồ sơ", "dossier", "dossiers"), "endpoint": ("điểm cầu", "endpoint", "endpoints"),
    "household": ("hộ", "household", "households"), "incident": ("sự cố", "incident", "incidents"),
    "install": ("lượt cài đặt", "install", "installs"), "item": ("mục", "item", "items"),
    "language": ("ngôn ngữ", "language", "languages"), "line": ("đường truyền", "line", "lines"),
    "meeting": ("cuộc họp", "meeting", "meetings"), "person": ("người", "person", "people"),
    "point": ("điểm", "point", "points"), "portal": ("cổng", "portal", "portals"),
    "procedure": ("thủ tục", "procedure", "procedures"), "product": ("sản phẩm", "product", "products"),
    "record": ("bản ghi", "record", "records"), "service": ("dịch vụ", "service", "services"),
    "site": ("điểm", "site", "sites"), "station": ("trạm", "station", "stations"),
    "subsystem": ("phân hệ", "subsystem", "subsystems"), "system": ("hệ thống", "system", "systems"),
    "team": ("đội", "team", "teams"), "tier": ("cấp", "tier", "tiers"),
    "transaction": ("giao dịch", "transaction", "transactions"), "visit": ("lượt truy cập", "visit", "visits"),
    "website": ("trang thông tin điện tử", "website", "websites"), "VND": ("đồng", "VND", "VND"),
    "Mbps": ("Mbps", "Mbps", "Mbps"),
}

#: large numbers in words, largest first: (size, vi, en)
#: the largest power of ten a number is written out in digits (or words) at; beyond, in scientific notation
_WRITTEN_OUT = 24
_SCALES = ((Decimal(10) ** 12, "nghìn tỷ", "trillion"), (Decimal(10) ** 9, "tỷ", "billion"), (Decimal(10) ** 6, "triệu", "million"))


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {value!r}") from None


def _digits(value: Decimal, lang: str, places: int | None = None) -> str:
    """``1463`` → ``1.463`` (vi) / ``1,463`` (en); decimals kept as given (or to ``places``), trailing zeros cut."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_number(value: Any, lang: str = "vi") -> str:
    """A number as people write it: ``5800000`` → ``5,8 triệu`` / ``5.8 million``; ``1463`` → ``1.463`` / ``1,463``."""
    number = _decimal(value)
    if not number.is_finite() or abs(number.adjusted()) > _WRITTEN_OUT:
        # what a loaded file may hold ("NaN", "1E+40", "1E-100000000") is never written out digit by digit
        text = f"{number:.6g}"
        return text.replace(".", ",") if lang == "vi" else text
    for size, vi, en in _SCALES:
        if abs(number) >= size:
            return f"{_digits(number / size, lang, 1)} {vi if lang == 'vi' else en}"
    return _digits(number, lang)


def unit_word(unit: str | None, lang: str, *, plural: bool = True) -> str:
    """The unit in words (an unknown unit as it is written)."""
    if not unit:
        return ""
    words = UNIT_WORDS.get(unit)
    if words is None:
        return unit
    return words[0] if lang == "vi" else words[2] if plural else words[1]


def _get(obs: Any, key: str) -> Any:
    return obs.get(key) if isinstance(obs, Mapping) else getattr(obs, key, None)


def format_figure(obs: Any, lang: str = "vi", *, unit: bool = True) -> str:
    """An observation in words: ``hơn 5,8 triệu văn bản``, ``792/1.000 thủ tục``, ``100 %``, ``hạng 8``,
    ``mục tiêu 2021: 100 %`` (``target for 2021: 100%``); ``unit=False`` leaves the unit out (a table column
    that names it)."""
    value = _decimal(_get(obs, "value"))
    out_of = _get(obs, "out_of")
    approx = _get(obs, "approx")
    measure_unit = _get(obs, "unit") if unit else None
    number = format_number(value, lang)
    if measure_unit == "rank":
        if approx == "at-most":  # "Top 10"
            text = f"{'trong tốp' if lang == 'vi' else 'top'} {number}"
        else:
            text = f"{'hạng' if lang == 'vi' else 'rank'} {number}"
        approx = None if approx == "at-most" else approx
    elif measure_unit == "percent":
        text = f"{number} %" if lang == "vi" else f"{number}%"
    else:
        text = number
        if out_of is not None and str(out_of).strip() != "":
            text += "/" + format_number(out_of, lang)
        if measure_unit:
            text += " " + unit_word(measure_unit, lang, plural=abs(value) != 1 or out_of is not None)
    if approx:
        text = f"{APPROX_WORDS.get(approx, (approx, approx))[0 if lang == 'vi' else 1]} {text}"
    level = _get(obs, "service_level")
    if level:
        text += f" ({'mức' if lang == 'vi' else 'level'} {level})"
    if _get(obs, "target"):
        year = _get(obs, "year")
        if lang == "vi":
            text = f"mục tiêu {year}: {text}" if year else f"mục tiêu: {text}"
        else:
            text = f"target for {year}: {text}" if year else f"target: {text}"
    return text
