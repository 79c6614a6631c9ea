"""The province-level administrative units and their validity, as the store holds them (the graph of
``ontology/admin-units.ttl``): read by the compliance checks and by the coverage of the network wing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.kg import KnowledgeGraph

__all__ = ["Unit", "day_of", "read_units", "successor_on"]


@dataclass(frozen=True)
class Unit:
    """A province-level administrative unit and its validity."""

    iri: str
    slug: str
    label_vi: str
    label_en: str
    valid_from: date | None
    valid_to: date | None
    merged_into: str | None
    #: the unit that took its place without a merger (Thừa Thiên Huế → the city of Huế, 1/1/2025)
    replaced_by: str | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def next_unit(self) -> str | None:
        return self.merged_into or self.replaced_by


def successor_on(units: dict[str, Unit], iri: str, day: date) -> Unit | None:
    """The unit valid on ``day`` that ``iri`` is, or became (merged into it, or replaced by it); None if none."""
    seen: set[str] = set()
    current = units.get(iri)
    while current is not None and current.iri not in seen:
        if current.valid_on(day):
            return current
        seen.add(current.iri)
        current = units.get(current.next_unit) if current.next_unit else None
    return None


def day_of(term: Any) -> date | None:
    """A date from an xsd:date, xsd:gYearMonth, xsd:gYear or integer literal (first day of the period)."""
    if term is None:
        return None
    text = term.value.strip()
    try:
        if len(text) >= 10:
            return date.fromisoformat(text[:10])
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        if len(text) == 4:
            return date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def read_units(kg: KnowledgeGraph) -> dict[str, Unit]:
    rows = kg.select(f"""
        SELECT ?u ?slug ?vi ?en ?from ?to ?merged ?replaced WHERE {{ GRAPH {kg.iris.admin_units_graph} {{
          ?u a egov:Province ; egov:slug ?slug .
          OPTIONAL {{ ?u rdfs:label ?vi FILTER(LANG(?vi) = "vi") }}
          OPTIONAL {{ ?u rdfs:label ?en FILTER(LANG(?en) = "en") }}
          OPTIONAL {{ ?u egov:validFrom ?from }} OPTIONAL {{ ?u egov:validTo ?to }}
          OPTIONAL {{ ?u egov:mergedInto ?merged }} OPTIONAL {{ ?u egov:replacedBy ?replaced }} }} }}""").dicts()
    units: dict[str, Unit] = {}
    for r in rows:
        iri = r["u"].value
        units[iri] = Unit(iri, r["slug"].value, (r.get("vi") or r["slug"]).value, (r.get("en") or r["slug"]).value,
                          day_of(r.get("from")), day_of(r.get("to")), r["merged"].value if r.get("merged") else None,
                          r["replaced"].value if r.get("replaced") else None)
    return units
