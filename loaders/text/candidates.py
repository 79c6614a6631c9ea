"""Candidate facts extracted from a report, and their RDF form.

Candidates live in their own named graph ``<base>graph/extracted/<report-id>`` and use their own
terms (``egov:SystemCandidate``, ``egov:LinkCandidate``, ``egov:FigureCandidate``, all
``egov:Candidate``): a candidate is never typed as a system, never asserted as a link triple and
never an ``egov:Observation``, so a query over curated data (or the union of all graphs) does not
mistake an extracted guess for a reviewed fact. A person promotes candidates by turning them into a
curated-facts file (``loaders.text.promote``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from loaders.text.report import ReportMeta
from ontology import DCTERMS, PROV, RDF, RDFS, XSD, IRIs


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int

    def as_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class SystemCandidate:
    id: str
    kind: str
    node: str | None
    label: str
    evidence: Span            # the sentence of the first mention
    mention: Span             # the first mention itself
    mentions: list[Span]
    confidence: float


@dataclass
class LinkCandidate:
    id: str
    relation: str
    subject: SystemCandidate
    object: SystemCandidate
    evidence: Span
    confidence: float
    evidences: list[Span] = field(default_factory=list)


@dataclass
class FigureCandidate:
    id: str
    value: Decimal
    measure: str
    unit: str | None
    evidence: Span
    number: Span
    confidence: float
    of: SystemCandidate | None = None
    out_of: Decimal | None = None
    approx: str | None = None
    level: str | None = None
    year: int | None = None


@dataclass
class Extraction:
    meta: ReportMeta
    iris: IRIs
    systems: list[SystemCandidate]
    links: list[LinkCandidate]
    figures: list[FigureCandidate]
    engine: str = "rules"

    @property
    def graph(self) -> NamedNode:
        return self.iris.graph("extracted", self.meta.id)

    @property
    def source(self) -> NamedNode:
        return self.iris.id("source", self.meta.id)

    def node_iri(self, system: SystemCandidate) -> NamedNode:
        return self.iris.id("system", system.node) if system.node else self.candidate_iri(system.id)

    def candidate_iri(self, ident: str) -> NamedNode:
        return self.iris.id("candidate", self.meta.id, ident)

    # -- JSON ---------------------------------------------------------------------------------------
    def as_json(self) -> list[dict]:
        term = self.iris.term
        out: list[dict] = []
        for s in self.systems:
            out.append({
                "id": s.id, "kind": "system", "type": term(s.kind).value, "label": s.label,
                "node": self.iris.id("system", s.node).value if s.node else None,
                "iri": self.node_iri(s).value,
                "evidence": s.evidence.as_json(), "mention": s.mention.as_json(),
                "mentions": [m.as_json() for m in s.mentions], "confidence": s.confidence,
            })
        for link in self.links:
            out.append({
                "id": link.id, "kind": "link", "type": term(link.relation).value,
                "label": f"{link.subject.label} → {link.object.label}",
                "subject": self.node_iri(link.subject).value, "object": self.node_iri(link.object).value,
                "subject_id": link.subject.id, "object_id": link.object.id,
                "evidence": link.evidence.as_json(), "confidence": link.confidence,
            })
        for f in self.figures:
            out.append({
                "id": f.id, "kind": "figure", "type": term("Observation").value,
                "label": f"{f.number.text} ({f.measure})", "value": _number(f.value),
                "measure": self.iris.id("measure", f.measure).value, "unit": f.unit,
                "out_of": _number(f.out_of) if f.out_of is not None else None, "approx": f.approx,
                "level": f.level, "year": f.year,
                "of": self.node_iri(f.of).value if f.of else self.iris.id("province", self.meta.province).value,
                "evidence": f.evidence.as_json(), "number": f.number.as_json(), "confidence": f.confidence,
            })
        return out

    # -- RDF ----------------------------------------------------------------------------------------
    def quads(self) -> list[Quad]:
        g = self.graph
        t = self.iris.term
        quads: list[Quad] = []

        def add(s: NamedNode, p: str | NamedNode, o) -> None:
            quads.append(Quad(s, NamedNode(p) if isinstance(p, str) else p, o, g))

        src = self.source
        meta = self.meta
        add(g, PROV + "wasDerivedFrom", src)
        add(src, RDF + "type", t("Report"))
        add(src, DCTERMS + "spatial", self.iris.id("province", meta.province))
        add(src, t("periodStart"), _typed(meta.period_start.isoformat(), "date"))
        add(src, t("periodEnd"), _typed(meta.period_end.isoformat(), "date"))
        add(src, t("refYear"), _typed(str(meta.year), "integer"))
        for prop, value in ((DCTERMS + "title", meta.title), (DCTERMS + "publisher", meta.publisher)):
            if value:
                add(src, prop, Literal(value, language="vi"))
        if meta.url:
            add(src, DCTERMS + "source", NamedNode(meta.url))

        def evidence(node: NamedNode, cls: str, suggested: NamedNode, span: Span, confidence: float, label: str) -> None:
            add(node, RDF + "type", t(cls))
            add(node, RDF + "type", t("Candidate"))
            add(node, t("suggestedType"), suggested)
            add(node, RDFS + "label", Literal(label, language="vi"))
            add(node, t("evidenceText"), Literal(span.text, language="vi"))
            add(node, t("evidenceStart"), _typed(str(span.start), "integer"))
            add(node, t("evidenceEnd"), _typed(str(span.end), "integer"))
            add(node, t("confidence"), _typed(str(round(confidence, 3)), "decimal"))
            add(node, t("reviewState"), Literal("extracted"))
            add(node, PROV + "wasDerivedFrom", src)

        for s in self.systems:
            node = self.candidate_iri(s.id)
            evidence(node, "SystemCandidate", t(s.kind), s.evidence, s.confidence, s.label)
            if s.node:
                add(node, t("suggestedNode"), self.iris.id("system", s.node))
            for m in s.mentions:
                add(node, t("mentionText"), Literal(m.text, language="vi"))
        for link in self.links:
            node = self.candidate_iri(link.id)
            evidence(node, "LinkCandidate", t(link.relation), link.evidence, link.confidence,
                     f"{link.subject.label} → {link.object.label}")
            add(node, t("candidateSubject"), self.node_iri(link.subject))
            add(node, t("candidateObject"), self.node_iri(link.object))
        for f in self.figures:
            node = self.candidate_iri(f.id)
            evidence(node, "FigureCandidate", t("Observation"), f.evidence, f.confidence, f"{f.number.text} ({f.measure})")
            add(node, t("figureValue"), _typed(_lexical(f.value), "decimal"))
            add(node, t("figureMeasure"), self.iris.id("measure", f.measure))
            add(node, t("figureOf"), self.node_iri(f.of) if f.of else self.iris.id("province", meta.province))
            add(node, t("refYear"), _typed(str(f.year or meta.year), "integer"))
            if f.out_of is not None:
                add(node, t("figureOutOf"), _typed(_lexical(f.out_of), "decimal"))
            if f.approx:
                add(node, t("figureApprox"), Literal(f.approx))
            if f.level:
                add(node, t("figureLevel"), Literal(f.level))
            if f.unit:
                add(node, t("unit"), Literal(f.unit))
        return quads


def candidate_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def _typed(value: str, xsd_type: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + xsd_type))


def _lexical(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


__all__ = ["Extraction", "FigureCandidate", "LinkCandidate", "Span", "SystemCandidate"]
