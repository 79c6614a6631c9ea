"""The national picture as of a date: every province valid then (34 after the 2025 reform, 63 before it) with its
counted reports and their latest year, the key systems it has in service, its compliance score, and the
compliance matrix (provinces × rules) whose cells lead to the findings.

It reads the engine's report for every province (handed in, so the page and ``egovkg check`` agree) and the
as-of view of the same date for the systems. This module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph.compliance.engine import ComplianceReport
from graph.compliance.scorecard import KEY_CLASSES, class_labels, frameworks, province_systems
from graph.compliance.snapshot import build_snapshot
from graph.kg import KnowledgeGraph
from graph.units import successor_on
from ontology.names import collation_key

__all__ = ["NationalRow", "NationalPicture", "national_picture", "sort_key"]


def sort_key(label: str) -> tuple:
    """Vietnamese names in Vietnamese alphabetical order (ontology.names.collation_key: Đ after D)."""
    return collation_key(label)


@dataclass
class NationalRow:
    slug: str
    label_vi: str
    label_en: str
    sources: list[str]
    latest_year: int | None
    key_systems: dict[str, list[str]]  # key class → labels of its systems in service
    score: float | None
    rule_status: dict[str, str]  # empty when no counted report covers the province
    predecessors: list[dict] = field(default_factory=list)  # the merged units its reports speak of: slug, label_vi, label_en, valid_to

    @property
    def covered(self) -> bool:
        return bool(self.rule_status)


@dataclass
class NationalPicture:
    as_of: date
    framework: dict | None
    frameworks: list[dict]
    rows: list[NationalRow]
    rules: list[dict]  # id, labels, severity, layer, in force
    key_classes: list[dict]  # class, labels
    summary: dict[str, int]

    @property
    def covered(self) -> list[NationalRow]:
        return [r for r in self.rows if r.covered]


def national_picture(kg: KnowledgeGraph, report: ComplianceReport) -> NationalPicture:
    """The picture of every province valid on ``report.as_of`` (``report``: the engine's report of every province)."""
    day = report.as_of
    snap = build_snapshot(kg, day)
    try:
        valid = {u.iri: u for u in snap.units.values() if u.valid_on(day)}
        systems = province_systems(snap, set(valid))
        labels = class_labels(snap, set(KEY_CLASSES))
        years: dict[str, list[date]] = defaultdict(list)
        ids: dict[str, list[str]] = defaultdict(list)
        predecessors: dict[str, set[str]] = defaultdict(set)
        by_slug = {u.slug: u for u in snap.units.values()}
        for s in snap.counted_sources:
            if not s.province:
                continue
            unit = successor_on(snap.units, snap.iris.id("province", s.province).value, day)
            if unit is None:
                continue
            ids[unit.iri].append(s.id)
            if s.day:
                years[unit.iri].append(s.day)
            if s.province != unit.slug:
                predecessors[unit.iri].add(s.province)
    finally:
        snap.close()
    results = {p.unit.iri: p for p in report.provinces}
    rows = []
    for iri, unit in valid.items():
        key = {c: [s.label_vi for s in systems.get(iri, []) if s.state == "present" and c in s.classes] for c in KEY_CLASSES}
        result = results.get(iri)
        rows.append(NationalRow(unit.slug, unit.label_vi, unit.label_en, sorted(ids.get(iri, [])),
                                max(years[iri]).year if years.get(iri) else None, key,
                                result.score if result else None, dict(result.rule_status) if result else {},
                                [{"slug": p, "label_vi": by_slug[p].label_vi if p in by_slug else p,
                                  "label_en": by_slug[p].label_en if p in by_slug else p,
                                  "valid_to": by_slug[p].valid_to.isoformat() if p in by_slug and by_slug[p].valid_to else None}
                                 for p in sorted(predecessors.get(iri, ()))]))
    rows.sort(key=lambda r: (sort_key(r.label_vi), r.slug))
    fw = frameworks(kg, day)
    rules = [{"rule_id": r.rule_id, "label_vi": r.label["vi"], "label_en": r.label["en"], "severity": r.severity,
              "layer": r.layer, "in_force": r.in_force(day)} for r in report.rules]
    return NationalPicture(day, fw.current, fw.all, rows, rules,
                           [{"class": c, "label_vi": labels[c][0], "label_en": labels[c][1]} for c in KEY_CLASSES],
                           {s: report.count(s) for s in ("error", "violation", "warning", "info", "pass", "not_applicable")})
