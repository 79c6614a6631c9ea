"""What the graph holds, province by province: for each of today's provinces, the sources that speak of it (or
of a unit merged into it), the years they cover, and the systems they name. `egovkg stats`, the explorer's start
page and the province pages show it.

A source counts for the unit it reports on (``dcterms:spatial``, as the unit was then) and for every unit that
one was merged into since (NQ 202/2025/QH15): a Quảng Nam report of 2022 counts for today's Đà Nẵng. A system
counts for the unit it is located in, the same way. This module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph.kg import KnowledgeGraph
from graph.units import read_units, successor_on
from ontology.names import collation_key


@dataclass
class SourceSummary:
    id: str
    title: str
    year: int | None
    url: str | None
    unit: str  # slug of the unit it reports on, as it was then
    language: str | None = None
    origin: str | None = None


@dataclass
class ProvinceCoverage:
    slug: str
    label_vi: str
    label_en: str
    sources: list[SourceSummary] = field(default_factory=list)
    systems: int = 0
    predecessors: list[str] = field(default_factory=list)  # slugs of units merged into it that have sources

    @property
    def years(self) -> list[int]:
        return sorted({s.year for s in self.sources if s.year is not None})


def coverage(kg: KnowledgeGraph) -> list[ProvinceCoverage]:
    """Every province valid today (34 after the 2025 reform), with what the graph holds for it (computed once
    per state of the store: the home, explorer, province and diff pages all read it). Treat it as read-only."""
    day = date.today()
    return kg.derived(("coverage", day), lambda: _coverage(kg, day))


def _coverage(kg: KnowledgeGraph, day: date) -> list[ProvinceCoverage]:
    units = read_units(kg)
    today = {u.iri: ProvinceCoverage(u.slug, u.label_vi, u.label_en) for u in units.values() if u.valid_on(day)}
    prefix = kg.iris.base + "id/source/"
    rows = kg.select("""
        SELECT ?src ?spatial (SAMPLE(?t) AS ?title) (MAX(?y) AS ?year) (SAMPLE(?u) AS ?url) (SAMPLE(?l) AS ?lang)
               (SAMPLE(?o) AS ?origin) WHERE {
          ?src a egov:Report ; dcterms:spatial ?spatial .
          OPTIONAL { ?src dcterms:title ?t } OPTIONAL { ?src egov:refYear ?y } OPTIONAL { ?src dcterms:source ?u }
          OPTIONAL { ?src dcterms:language ?l } OPTIONAL { ?src egov:textOrigin ?o }
        } GROUP BY ?src ?spatial ORDER BY ?src""").dicts()
    for r in rows:
        unit = successor_on(units, r["spatial"].value, day)
        if unit is None or unit.iri not in today:
            continue
        src = r["src"].value
        original = units.get(r["spatial"].value)
        entry = today[unit.iri]
        entry.sources.append(SourceSummary(
            id=src.removeprefix(prefix), title=r["title"].value if r.get("title") else src,
            year=int(r["year"].value) if r.get("year") else None, url=r["url"].value if r.get("url") else None,
            unit=original.slug if original else unit.slug, language=r["lang"].value if r.get("lang") else None,
            origin=r["origin"].value if r.get("origin") else None))
        if original is not None and original.iri != unit.iri and original.slug not in entry.predecessors:
            entry.predecessors.append(original.slug)
    counts: dict[str, int] = defaultdict(int)
    for r in kg.select("""SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s egov:locatedIn ?p ; egov:layer ?l .
                          ?p a egov:Province } GROUP BY ?p""").dicts():
        unit = successor_on(units, r["p"].value, day)
        if unit is not None and unit.iri in today:
            counts[unit.iri] += int(r["n"].value)
    for iri, entry in today.items():
        entry.systems = counts.get(iri, 0)
        entry.sources.sort(key=lambda s: (s.year or 0, s.id))
    return sorted(today.values(), key=lambda c: collation_key(c.label_vi))


def sources_for(kg: KnowledgeGraph, slug: str) -> list[SourceSummary]:
    """The sources of one unit: its own, and (for a unit of today) those of the units merged into it."""
    out: list[SourceSummary] = []
    for entry in coverage(kg):
        for src in entry.sources:
            if src.unit == slug or entry.slug == slug:
                out.append(src)
    return out


__all__ = ["ProvinceCoverage", "SourceSummary", "coverage", "sources_for"]
