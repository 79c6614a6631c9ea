"""A compliance report written out: JSON (a dict), plain text, an HTML fragment, and a SHACL validation
report in RDF (Turtle). The HTML is a fragment (no <html>): the web page wraps it in the site layout, the CLI
in a standalone document. Every value from data goes through Jinja's autoescaping.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph.compliance.engine import SH, ComplianceReport, Finding
from graph.sparql.formats import web_url
from ontology import IRIs

FORMATS = ("text", "json", "html", "ttl")
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_ORDER = ("error", "violation", "warning", "info", "pass", "not_applicable")
SEVERITY_IRI = {"violation": SH + "Violation", "warning": SH + "Warning", "info": SH + "Info"}


def node_id(report: ComplianceReport, iri: str) -> str:
    info = report.nodes.get(iri)
    return info["id"] if info else iri


def finding_dict(report: ComplianceReport, f: Finding) -> dict:
    return {
        "province": f.province, "rule_id": f.rule_id, "layer": f.layer, "severity": f.severity, "status": f.status,
        "check": f.check, "check_severity": f.check_severity, "basis": f.basis, "reason": f.reason,
        "message_vi": f.message_vi, "message_en": f.message_en, "focus": list(f.focus),
        "nodes": [report.nodes[n] for n in f.focus if n in report.nodes],
        "edges": [dict(e) for e in f.edges], "evidence": [dict(e) for e in f.evidence], "source": f.source,
    }


def to_dict(report: ComplianceReport) -> dict:
    return {
        "as_of": report.as_of.isoformat(),
        "generated": report.generated,
        "engine": report.engine,
        "conforms": not report.has_violations,
        "summary": {s: report.count(s) for s in STATUS_ORDER},
        "provinces": [{
            "province": p.unit.slug, "iri": p.unit.iri, "label_vi": p.unit.label_vi, "label_en": p.unit.label_en,
            "valid_from": p.unit.valid_from.isoformat() if p.unit.valid_from else None,
            "valid_to": p.unit.valid_to.isoformat() if p.unit.valid_to else None,
            "sources": p.sources, "score": p.score, "scores": p.scores, "rules": p.rule_status,
            "summary": {s: sum(1 for f in p.findings if f.status == s) for s in STATUS_ORDER},
        } for p in report.provinces],
        "uncovered_provinces": [u.slug for u in report.uncovered],
        "findings": [finding_dict(report, f) for f in report.findings],
        "rules": [{
            "rule_id": r.rule_id, "iri": r.iri, "severity": r.severity, "layer": r.layer,
            "label_vi": r.label["vi"], "label_en": r.label["en"], "statement_vi": r.statement["vi"], "statement_en": r.statement["en"],
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            "source": r.source_dict(),
            "checks": [{"check": c.id, "severity": c.severity, "basis": c.basis,
                        "valid_from": c.valid_from.isoformat() if c.valid_from else None,
                        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                        "evidence_property": c.evidence_property} for c in r.checks],
        } for r in report.rules],
        "sources": report.sources,
        "inference": report.inference,
        "timings": {k: round(v, 4) for k, v in report.timings.items()},
    }


def to_json(report: ComplianceReport) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2)


def to_text(report: ComplianceReport, *, all_findings: bool = False) -> str:
    lines = [f"egovkg compliance check as of {report.as_of.isoformat()} — "
             + ", ".join(f"{report.count(s)} {s.replace('_', ' ')}" for s in STATUS_ORDER)]
    for p in report.provinces:
        score = "n/a" if p.score is None else f"{p.score:.0f}/100"
        lines.append("")
        lines.append(f"{p.unit.label_vi} ({p.unit.slug}) — score {score}; reports: {', '.join(p.sources) or 'none'}")
        for f in p.findings:
            if f.status in ("pass", "not_applicable") and not all_findings:
                continue
            lines.append(f"  {f.status.upper():9} {f.rule_id:14} {f.message_en}")
            for e in f.evidence[:2]:
                if e.get("quote"):
                    lines.append(f"  {'':9} {'':14}   [{e['source']}] “{e['quote']}”")
        passed = [f.rule_id for f in p.findings if f.status == "pass"]
        if passed and not all_findings:
            lines.append(f"  {'PASS':9} {', '.join(passed)}")
    if report.uncovered:
        lines.append("")
        lines.append(f"no counted report covers {len(report.uncovered)} province(s): "
                     + ", ".join(u.slug for u in report.uncovered))
    return "\n".join(lines) + "\n"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["web_url"] = web_url
    return env


def system_link(report: ComplianceReport, iri: str) -> str | None:
    """The explorer's network view of a system node, or None for other nodes."""
    info = report.nodes.get(iri)
    return f"/explore/systems/{info['id']}/network" if info and info["kind"] == "system" else None


def to_html_fragment(report: ComplianceReport, *, lang: str = "vi") -> Markup:
    template = _environment().get_template("compliance_report.html")
    return Markup(template.render(report=report, data=to_dict(report), lang=lang, link=lambda i: system_link(report, i),
                                  label=lambda i: report.nodes.get(i, {}).get(f"label_{lang}", i), status_order=STATUS_ORDER))


def to_html(report: ComplianceReport, *, lang: str = "vi") -> str:
    template = _environment().get_template("compliance_standalone.html")
    return template.render(report=report, body=to_html_fragment(report, lang=lang), lang=lang)


def to_turtle(report: ComplianceReport, iris: IRIs) -> bytes:
    """The failures as a SHACL validation report (one sh:ValidationResult per failing focus and value)."""
    sh = lambda name: ox.NamedNode(SH + name)  # noqa: E731
    egov = lambda name: ox.NamedNode(iris.ontology_ns + name)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    root = ox.BlankNode("report")
    triples = [ox.Triple(root, rdf_type, sh("ValidationReport")),
               ox.Triple(root, sh("conforms"), ox.Literal(str(not any(f.status in SEVERITY_IRI for f in report.findings)).lower(),
                                                          datatype=ox.NamedNode(xsd + "boolean"))),
               ox.Triple(root, egov("asOf"), ox.Literal(report.as_of.isoformat(), datatype=ox.NamedNode(xsd + "date")))]
    n = 0
    for f in report.findings:
        if f.status not in SEVERITY_IRI:
            continue
        values = f.focus[1:] or [None]
        for value in values:
            n += 1
            result = ox.BlankNode(f"r{n}")
            triples += [
                ox.Triple(root, sh("result"), result),
                ox.Triple(result, rdf_type, sh("ValidationResult")),
                ox.Triple(result, sh("focusNode"), ox.NamedNode(f.focus[0])),
                ox.Triple(result, sh("resultSeverity"), ox.NamedNode(SEVERITY_IRI[f.status])),
                ox.Triple(result, sh("sourceConstraintComponent"), sh("SPARQLConstraintComponent")),
                ox.Triple(result, sh("sourceShape"), ox.NamedNode(iris.base + "id/check/" + f.check)),
                ox.Triple(result, sh("resultMessage"), ox.Literal(f.message_vi, language="vi")),
                ox.Triple(result, sh("resultMessage"), ox.Literal(f.message_en, language="en")),
                ox.Triple(result, egov("ruleId"), ox.Literal(f.rule_id)),
                ox.Triple(result, egov("basis"), ox.Literal(f.basis or "stated")),
                ox.Triple(result, egov("locatedIn"), ox.NamedNode(iris.id("province", f.province).value)),
            ]
            if value is not None:
                triples.append(ox.Triple(result, sh("value"), ox.NamedNode(value)))
    prefixes = {"sh": SH, **{k: v for k, v in iris.prefixes().items() if k in ("egov", "system", "province", "xsd")}}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def render(report: ComplianceReport, fmt: str, iris: IRIs) -> str:
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "html":
        return to_html(report)
    if fmt == "ttl":
        return to_turtle(report, iris).decode()
    return to_text(report)
