"""The rule catalog as the engine reads it: ``egov:ComplianceRule`` resources of ``<base>graph/rules`` and their
checks (SHACL node shapes with a SPARQL target and a SHACL-SPARQL constraint). Reading only; no evaluation here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from egovkg.errors import InputError
from graph.compliance.snapshot import Snapshot

SH = "http://www.w3.org/ns/shacl#"
SEVERITY = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True)
class Check:
    iri: str
    severity: str
    basis: str
    valid_from: date | None
    valid_to: date | None
    evidence_property: str | None
    target: str  # a SELECT ?this … query
    constraint: str  # a SELECT $this … query
    message: dict[str, str]

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class LegalSource:
    iri: str
    identifier: str | None
    label_vi: str
    label_en: str
    issued: str | None
    url: str | None


@dataclass(frozen=True)
class Rule:
    iri: str
    rule_id: str
    label: dict[str, str]
    statement: dict[str, str]
    severity: str
    layer: str
    sources: tuple[LegalSource, ...]
    article: str | None
    see_also: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    checks: tuple[Check, ...]

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def source_dict(self) -> dict:
        return {"documents": [{"iri": s.iri, "identifier": s.identifier, "label_vi": s.label_vi, "label_en": s.label_en,
                               "issued": s.issued, "url": s.url} for s in self.sources],
                "article": self.article, "see_also": list(self.see_also)}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def load_rules(snap: Snapshot) -> list[Rule]:
    """The rules of the snapshot's rules graph (each with its checks), ordered by id."""
    g = snap.iris.rules_graph
    meta = snap.select(f"""
        SELECT ?rule ?id ?severity ?layer ?from ?to ?article
               (SAMPLE(?lvi) AS ?label_vi) (SAMPLE(?len) AS ?label_en) (SAMPLE(?cvi) AS ?comment_vi) (SAMPLE(?cen) AS ?comment_en)
        WHERE {{ GRAPH {g} {{
          ?rule a egov:ComplianceRule ; egov:ruleId ?id ; <{SH}severity> ?severity ; egov:layer ?layer .
          OPTIONAL {{ ?rule egov:validFrom ?from }} OPTIONAL {{ ?rule egov:validTo ?to }} OPTIONAL {{ ?rule egov:legalArticle ?article }}
          OPTIONAL {{ ?rule rdfs:label ?lvi FILTER(LANG(?lvi) = "vi") }} OPTIONAL {{ ?rule rdfs:label ?len FILTER(LANG(?len) = "en") }}
          OPTIONAL {{ ?rule rdfs:comment ?cvi FILTER(LANG(?cvi) = "vi") }} OPTIONAL {{ ?rule rdfs:comment ?cen FILTER(LANG(?cen) = "en") }}
        }} }} GROUP BY ?rule ?id ?severity ?layer ?from ?to ?article""")
    docs: dict[str, list[LegalSource]] = defaultdict(list)
    for r in snap.select(f"""
        SELECT ?rule ?doc ?ident ?issued ?url (SAMPLE(?vi) AS ?label_vi) (SAMPLE(?en) AS ?label_en) WHERE {{
          GRAPH {g} {{ ?rule egov:governedBy ?doc }}
          OPTIONAL {{ ?doc dcterms:identifier ?ident }} OPTIONAL {{ ?doc dcterms:issued ?issued }} OPTIONAL {{ ?doc rdfs:seeAlso ?url }}
          OPTIONAL {{ ?doc rdfs:label ?vi FILTER(LANG(?vi) = "vi") }} OPTIONAL {{ ?doc rdfs:label ?en FILTER(LANG(?en) = "en") }}
        }} GROUP BY ?rule ?doc ?ident ?issued ?url ORDER BY ?doc"""):
        rule, doc = r["rule"].value, r["doc"].value
        if any(d.iri == doc for d in docs[rule]):
            continue
        local = doc.rsplit("/", 1)[-1]
        docs[rule].append(LegalSource(doc, r["ident"].value if "ident" in r else None,
                                      r["label_vi"].value if "label_vi" in r else local,
                                      r["label_en"].value if "label_en" in r else local,
                                      r["issued"].value if "issued" in r else None, r["url"].value if "url" in r else None))
    see_also: dict[str, list[str]] = defaultdict(list)
    for r in snap.select(f"SELECT ?rule ?url WHERE {{ GRAPH {g} {{ ?rule a egov:ComplianceRule ; rdfs:seeAlso ?url }} }} ORDER BY ?url"):
        see_also[r["rule"].value].append(r["url"].value)
    checks: dict[str, list[Check]] = defaultdict(list)
    for r in snap.select(f"""
        SELECT ?check ?rule ?severity ?basis ?from ?to ?evidence ?targetClass ?targetSelect ?select
               (SAMPLE(?mvi) AS ?message_vi) (SAMPLE(?men) AS ?message_en) WHERE {{ GRAPH {g} {{
          ?check egov:checkOf ?rule ; <{SH}severity> ?severity ; <{SH}sparql> ?constraint .
          ?constraint <{SH}select> ?select .
          OPTIONAL {{ ?check egov:basis ?basis }} OPTIONAL {{ ?check egov:validFrom ?from }} OPTIONAL {{ ?check egov:validTo ?to }}
          OPTIONAL {{ ?check egov:evidenceProperty ?evidence }}
          OPTIONAL {{ ?check <{SH}targetClass> ?targetClass }}
          OPTIONAL {{ ?check <{SH}target> ?t . ?t <{SH}select> ?targetSelect }}
          OPTIONAL {{ ?constraint <{SH}message> ?mvi FILTER(LANG(?mvi) = "vi") }}
          OPTIONAL {{ ?constraint <{SH}message> ?men FILTER(LANG(?men) = "en") }}
        }} }} GROUP BY ?check ?rule ?severity ?basis ?from ?to ?evidence ?targetClass ?targetSelect ?select ORDER BY ?check"""):
        if "targetSelect" in r:
            target = r["targetSelect"].value
        elif "targetClass" in r:
            target = f"SELECT ?this WHERE {{ ?this a <{r['targetClass'].value}> }}"
        else:
            raise InputError(f"compliance check <{r['check'].value}> has no target (sh:targetClass or a SPARQL target)")
        checks[r["rule"].value].append(Check(
            r["check"].value, SEVERITY[r["severity"].value], r["basis"].value if "basis" in r else "stated",
            _d(r["from"].value if "from" in r else None), _d(r["to"].value if "to" in r else None),
            r["evidence"].value if "evidence" in r else None, target, r["select"].value.replace("$this", "?this"),
            {"vi": r["message_vi"].value if "message_vi" in r else "", "en": r["message_en"].value if "message_en" in r else ""}))
    rules = []
    for r in meta:
        iri = r["rule"].value
        rules.append(Rule(
            iri, r["id"].value,
            {"vi": r["label_vi"].value if "label_vi" in r else r["id"].value, "en": r["label_en"].value if "label_en" in r else r["id"].value},
            {"vi": r["comment_vi"].value if "comment_vi" in r else "", "en": r["comment_en"].value if "comment_en" in r else ""},
            SEVERITY[r["severity"].value], r["layer"].value.rsplit("/", 1)[-1], tuple(docs[iri]),
            r["article"].value if "article" in r else None, tuple(see_also[iri]),
            _d(r["from"].value if "from" in r else None), _d(r["to"].value if "to" in r else None), tuple(checks[iri])))
    return sorted(rules, key=lambda rule: rule.rule_id)
