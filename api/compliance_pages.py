"""What the compliance pages (``api.routes.compliance``, ``api.routes.scorecard``) share: reading the date, and the
province picker that keeps the choice when the date changes (a province not valid then is said so, with the unit
it became part of)."""

from __future__ import annotations

from datetime import date

from fastapi import Request

from egovkg.errors import InputError
from graph.kg import KnowledgeGraph
from ontology.names import collation_key, display_name

#: a status in one character, for the cells of the matrix (the colour and the cell's title say it in words)
STATUS_SYMBOLS = {"violation": "✗", "warning": "!", "info": "i", "pass": "✓", "not_applicable": "·", "error": "?"}


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"as_of '{value}' is not a date (YYYY-MM-DD)") from None


def _units_on(kg: KnowledgeGraph, day: date, lang: str) -> tuple[dict, list]:
    """The units, and those valid on ``day`` in the alphabetical order of their names in ``lang``."""
    from graph.units import read_units

    units = read_units(kg)
    return units, sorted((u for u in units.values() if u.valid_on(day)), key=lambda u: (collation_key(display_name(u, lang)), u.slug))


def province_choice(request: Request, kg: KnowledgeGraph, day: date, slug: str | None) -> dict:
    """What a page's province picker shows: the provinces valid on ``day``, the one chosen kept even when it is not
    valid then (with the message that says so and the unit it became part of, in the page's language)."""
    from api.i18n import request_language, translator
    from graph.units import successor_on

    lang = request_language(request)
    units, valid = _units_on(kg, day, lang)
    chosen = next((u for u in units.values() if u.slug == slug), None) if slug else None
    context: dict = {"units": valid, "chosen": chosen, "province": slug or "", "as_of": day.isoformat(), "successor": None,
                     "predecessors": [], "error": None}
    if chosen is not None and not chosen.valid_on(day):
        t = translator(lang)
        context["error"] = t("compliance.not_valid", province=display_name(chosen, lang), day=day.isoformat())
        context["successor"] = successor_on(units, chosen.iri, day)
        if context["successor"] is None and chosen.valid_from is not None and day < chosen.valid_from:
            # a unit formed later (Đà Nẵng of 1/7/2025 asked for 2022): the units of that date it was formed from
            context["predecessors"] = sorted(
                (u for u in valid if (s := successor_on(units, u.iri, chosen.valid_from)) is not None and s.iri == chosen.iri),
                key=lambda u: collation_key(display_name(u, lang)))
    return context




def error_text(request: Request, exc: Exception, slug: str | None) -> str:
    """What a compliance page says about bad input, in the page's language: a date that is not one, a province
    nobody knows; any other error in the words of the project's error (which names what was wrong)."""
    from api.i18n import request_language, translator
    from egovkg.errors import NotFoundError

    t = translator(request_language(request))
    value = request.query_params.get("as_of")
    try:
        parse_day(value)
    except InputError:
        return t("compliance.bad_date", value=value)
    if isinstance(exc, NotFoundError) and slug and f"'{slug}'" in str(exc):
        return t("compliance.unknown_province", slug=slug)
    return str(exc)
