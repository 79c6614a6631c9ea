"""The provinces as the synthetic generator needs them, read from ``ontology/admin-units.ttl``: the
current units, each one's predecessors (merged in 2025, or renamed as Thừa Thiên Huế → Huế), their
names and the years they existed. Read once per base IRI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from ontology import IRIs, admin_unit_quads


@dataclass(frozen=True)
class ProvinceUnits:
    current: frozenset[str]                    # slugs of the units valid today (34)
    successors: dict[str, str]                 # old slug → current slug (mergedInto / replacedBy)
    labels: dict[str, tuple[str, str]]         # slug → (Vietnamese name, English name)
    validity: dict[str, tuple[dt.date | None, dt.date | None]]

    def predecessors(self, province: str) -> list[str]:
        """The units whose reports become this province's history; an unchanged province is its own."""
        older = sorted(old for old, new in self.successors.items() if new == province)
        return older or [province]

    def valid(self, unit: str, year: int) -> bool:
        start, end = self.validity.get(unit, (None, None))
        return (start is None or start <= dt.date(year, 12, 31)) and (end is None or end >= dt.date(year, 1, 1))


@cache
def admin_units(iris: IRIs) -> ProvinceUnits:
    store = ox.Store()
    store.extend(admin_unit_quads(iris))
    rows = store.query(
        """SELECT ?p ?vi ?en ?from ?to ?next WHERE {
             ?p a egov:Province ; rdfs:label ?vi , ?en .
             FILTER(LANG(?vi) = "vi" && LANG(?en) = "en")
             OPTIONAL { ?p egov:validFrom ?from } OPTIONAL { ?p egov:validTo ?to }
             OPTIONAL { { ?p egov:mergedInto ?next } UNION { ?p egov:replacedBy ?next } } }""",
        prefixes=iris.prefixes(), use_default_graph_as_union=True,
    )
    prefix = iris.id("province", "").value
    current: set[str] = set()
    successors: dict[str, str] = {}
    labels: dict[str, tuple[str, str]] = {}
    validity: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for p, vi, en, start, end, nxt in rows:
        slug = p.value[len(prefix):]
        labels[slug] = (vi.value, en.value)
        validity[slug] = (dt.date.fromisoformat(start.value) if start else None,
                          dt.date.fromisoformat(end.value) if end else None)
        if nxt is not None:
            successors[slug] = nxt.value[len(prefix):]
        elif end is None:
            current.add(slug)
    return ProvinceUnits(frozenset(current), successors, labels, validity)
