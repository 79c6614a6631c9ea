"""A compliance report written out: JSON (a dict), plain text, an HTML fragment, and a SHACL validation
report in RDF (Turtle). The HTML is a fragment (no <html>): the web page wraps it in the site layout, the CLI
in a standalone document. Every value from data goes through Jinja's autoescaping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.compliance.engine import SH, ComplianceReport, Finding
from graph.sparql.formats import web_url
from ontology import IRIs

if TYPE_CHECKING:  # the templates are read only for a page: not at every `egovkg check`'s start (14 ms)
    from jinja2 import Environment
    from markupsafe import Markup

FORMATS = ("text", "json", "html", "ttl", "junit")
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
    """The report as JSON for people and programs alike: the top level and the items of its lists indented, one
    finding (province, rule, source…) per line. Written by the C encoder item by item: indenting everything goes
    through the Python one, 0.25 s for the 34 provinces of the 1 M-quad graph, most of a check's rendering."""
    return _lines(to_dict(report)) + "\n"


def _lines(data: dict) -> str:
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            inner = ",\n".join(f"    {one(v)}" for v in value)
            parts.append(f"  {one(key)}: [\n{inner}\n  ]")
        elif isinstance(value, dict) and value:
            inner = ",\n".join(f"    {one(k)}: {one(v)}" for k, v in value.items())
            parts.append(f"  {one(key)}: {{\n{inner}\n  }}")
        else:
            parts.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


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
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["web_url"] = web_url
    return env


def system_link(report: ComplianceReport, iri: str) -> str | None:
    """The explorer's network view of a system node, or None for other nodes."""
    info = report.nodes.get(iri)
    return f"/explore/systems/{info['id']}/network" if info and info["kind"] == "system" else None


#: what a page translates with: ``t(key, **params)`` of the site's catalogue (``api.i18n``), bound to a language
Translate = Callable[..., str]
_INFERRED = {"rdf:type via rdfs:subClassOf": "compliance.inferred.types", "rdfs:subPropertyOf": "compliance.inferred.subproperties",
             "owl:inverseOf and owl:SymmetricProperty": "compliance.inferred.inverses"}
_REASONS = {"not in force on this date": "compliance.reason.not_in_force", "nothing in scope": "compliance.reason.nothing_in_scope",
            "no check of the rule is in force on this date": "compliance.reason.no_check_in_force"}


def _keys_only(key: str, /, **params: object) -> str:
    """Without the site's catalogue (a library caller that passes no ``t``): the keys themselves, visibly."""
    return key


def _or_key(t: Translate, key: str, fallback: str) -> str:
    try:
        return t(key)
    except KeyError:
        return fallback


def reason_text(t: Translate, reason: str | None) -> str:
    """The engine's reason (English, from the engine) in the page's language."""
    if not reason:
        return ""
    parts = []
    for part in reason.split("; "):
        if part in _REASONS:
            parts.append(t(_REASONS[part]))
        elif part.startswith("no evidence: no counted report gives "):
            parts.append(t("compliance.reason.no_evidence", prop=part.rsplit(" ", 1)[-1]))
        else:
            parts.append(part)
    return "; ".join(parts)


def finding_message(t: Translate, lang: str, f: Finding, rule_label: dict[str, str] | None = None) -> str:
    """A finding's message in ``lang``; a rule not applicable or not evaluated says so in the page's language."""
    if f.status == "not_applicable":
        return f"{(rule_label or {}).get(lang) or f.rule_id}: {t('compliance.status.not_applicable')} ({reason_text(t, f.reason)})"
    if f.status == "error":
        return f"{(rule_label or {}).get(lang) or f.rule_id}: {t('compliance.rule_error')} ({f.reason or ''})"
    return f.message_vi if lang == "vi" else f.message_en


def to_html_fragment(report: ComplianceReport, *, lang: str = "vi", t: Translate | None = None) -> Markup:
    from markupsafe import Markup

    t = t or _keys_only
    labels = {r.rule_id: r.label for r in report.rules}
    template = _environment().get_template("compliance_report.html")
    return Markup(template.render(
        report=report, data=to_dict(report), lang=lang, t=t, link=lambda i: system_link(report, i),
        label=lambda i: report.nodes.get(i, {}).get(f"label_{lang}", i), status_order=STATUS_ORDER,
        as_of_graph=report.inference.get("method", "").rsplit(" in ", 1)[-1],  # where the engine put the statuses on the date
        message=lambda f: finding_message(t, lang, f, labels.get(f.rule_id)),
        rel=lambda name: _or_key(t, f"compliance.rel.{name}", name),
        status_name=lambda name: _or_key(t, f"compliance.system_status.{name}", name),
        inferred=lambda kind: t(_INFERRED[kind]) if kind in _INFERRED else kind))


def to_html(report: ComplianceReport, *, lang: str = "vi", t: Translate | None = None) -> str:
    t = t or _keys_only
    template = _environment().get_template("compliance_standalone.html")
    return template.render(report=report, body=to_html_fragment(report, lang=lang, t=t), lang=lang, t=t)


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


def render(report: ComplianceReport, fmt: str, iris: IRIs, *, lang: str = "vi", t: Translate | None = None) -> str:
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "html":
        return to_html(report, lang=lang, t=t)
    if fmt == "ttl":
        return to_turtle(report, iris).decode()
    if fmt == "junit":
        return to_junit(report)
    return to_text(report)


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: object) -> str:
    """Text XML 1.0 can carry (ElementTree escapes markup, not control characters)."""
    return _XML_UNSAFE.sub("\ufffd", str(text))


def to_junit(report: ComplianceReport) -> str:
    """JUnit XML for CI systems: a test suite per province, a test case per rule (``classname`` the province,
    ``name`` the rule id and label). A violation is a ``failure``, a rule that could not run an ``error``, a rule not
    in force or without scope ``skipped``; warnings and info pass, with their messages in ``system-out``."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name=f"egovkg compliance as of {report.as_of.isoformat()}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for p in report.provinces:
        by_rule: dict[str, list[Finding]] = {}
        for f in p.findings:
            by_rule.setdefault(f.rule_id, []).append(f)
        suite = ET.SubElement(root, "testsuite", name=_xml_text(f"{p.unit.slug} ({p.unit.label_vi})"))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for rule in report.rules:
            status = p.rule_status.get(rule.rule_id, "not_applicable")
            findings = by_rule.get(rule.rule_id, [])
            case = ET.SubElement(suite, "testcase", classname=_xml_text(f"egovkg.compliance.{p.unit.slug}"),
                                 name=_xml_text(f"{rule.rule_id} {rule.label['en']}"))
            counts["tests"] += 1
            lines = [f"[{f.status}] {f.message_en}" + (f" — {f.message_vi}" if f.message_vi != f.message_en else "")
                     for f in findings if f.status not in ("pass", "not_applicable")]
            docs = "; ".join(d.identifier or d.label_en for d in rule.sources)
            detail = "\n".join([*lines, f"rule {rule.rule_id} (severity {rule.severity}); legal basis: {docs or '—'}"])
            if status == "violation":
                counts["failures"] += 1
                first = next(f for f in findings if f.status == "violation")
                ET.SubElement(case, "failure", type=rule.severity,
                              message=_xml_text(f"{rule.rule_id} [{rule.severity}]: {first.message_en}")).text = _xml_text(detail)
            elif status == "error":
                counts["errors"] += 1
                first = next((f for f in findings if f.status == "error"), None)
                ET.SubElement(case, "error", type="rule-error",
                              message=_xml_text(f"{rule.rule_id}: {first.message_en if first else 'the rule failed to evaluate'}")).text = _xml_text(detail)
            elif status == "not_applicable":
                counts["skipped"] += 1
                reason = next((f.reason for f in findings if f.reason), None) or "not applicable"
                ET.SubElement(case, "skipped", message=_xml_text(f"{rule.rule_id}: {reason}"))
            elif lines:
                ET.SubElement(case, "system-out").text = _xml_text(detail)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
