"""What the reports say about one node: its status over time, its figures by year and the reports that
name it, each with its source. Read from the store with SPARQL on demand (the projection carries only
what relationship queries need). This module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

Q_OBSERVATIONS = """
SELECT ?o ?measure ?mvi ?men ?unit ?value ?outOf ?approx ?level ?year ?start ?end ?asOf ?note ?quote ?src ?target WHERE {
  ?o a egov:Observation ; egov:observedEntity %(node)s ; egov:measure ?measure ; egov:value ?value .
  BIND(EXISTS { ?o a egov:Target } AS ?target)
  OPTIONAL { ?measure rdfs:label ?mvi FILTER(LANGMATCHES(LANG(?mvi), "vi")) }
  OPTIONAL { ?measure rdfs:label ?men FILTER(LANGMATCHES(LANG(?men), "en")) }
  OPTIONAL { ?measure egov:unit ?unit } OPTIONAL { ?o egov:outOf ?outOf } OPTIONAL { ?o egov:approx ?approx }
  OPTIONAL { ?o egov:serviceLevel ?level } OPTIONAL { ?o egov:refYear ?year }
  OPTIONAL { ?o egov:periodStart ?start } OPTIONAL { ?o egov:periodEnd ?end } OPTIONAL { ?o egov:asOf ?asOf }
  OPTIONAL { ?o egov:note ?note } OPTIONAL { ?o egov:quote ?quote } OPTIONAL { ?o prov:wasDerivedFrom ?src }
}"""
Q_STATUS = """
SELECT ?r ?status ?asOf ?quote ?src WHERE {
  ?r a egov:StatusRecord ; egov:statusOf %(node)s ; egov:status ?status .
  OPTIONAL { ?r egov:asOf ?asOf } OPTIONAL { ?r egov:quote ?quote } OPTIONAL { ?r prov:wasDerivedFrom ?src } }"""
Q_REPORTS = """
SELECT ?src ?title ?publisher ?issued ?year ?url ?document ?province WHERE {
  { %(node)s dcterms:isReferencedBy ?src } UNION { ?x egov:observedEntity %(node)s ; prov:wasDerivedFrom ?src }
  UNION { ?x egov:statusOf %(node)s ; prov:wasDerivedFrom ?src }
  UNION { ?x a egov:LinkAssertion ; rdf:subject %(node)s ; prov:wasDerivedFrom ?src }
  UNION { ?x a egov:LinkAssertion ; rdf:object %(node)s ; prov:wasDerivedFrom ?src }
  OPTIONAL { ?src dcterms:title ?title } OPTIONAL { ?src dcterms:publisher ?publisher }
  OPTIONAL { ?src dcterms:issued ?issued } OPTIONAL { ?src egov:refYear ?year }
  OPTIONAL { ?src dcterms:source ?url } OPTIONAL { ?src dcterms:identifier ?document }
  OPTIONAL { ?src dcterms:spatial ?province } }"""
Q_TEXT = """
SELECT ?p ?o WHERE { VALUES ?p { egov:quote egov:note rdfs:comment egov:product } %(node)s ?p ?o }"""


@dataclass(frozen=True)
class SourceRef:
    iri: str
    id: str
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None
    year: int | None = None
    url: str | None = None
    document: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class ObservationRow:
    measure: str
    measure_label: str
    measure_label_vi: str | None
    unit: str | None
    value: str
    out_of: str | None
    approx: str | None
    service_level: str | None
    year: int | None
    period_start: str | None
    period_end: str | None
    as_of: str | None
    note: str | None
    quote: str | None
    source: SourceRef | None
    target: bool = False  # a figure planned for its year (egov:Target), not one reached: graph.network.figures says so


@dataclass(frozen=True)
class StatusRow:
    status: str
    as_of: str | None
    quote: str | None
    source: SourceRef | None


@dataclass
class Details:
    sources: list[SourceRef] = field(default_factory=list)
    statuses: list[StatusRow] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    comments: dict[str, list[str]] = field(default_factory=dict)   # quote, note, comment: texts

    def observations_by_year(self, *, targets: bool | None = None) -> list[tuple[int | None, list[ObservationRow]]]:
        """The figures by year, latest first: every one (``format_figure`` says which are targets), only those
        reached (``targets=False``) or only the targets (``targets=True``)."""
        years: dict[int | None, list[ObservationRow]] = defaultdict(list)
        for o in self.observations:
            if targets is None or o.target == targets:
                years[o.year].append(o)
        return sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))


def _v(term: Any) -> str | None:
    return None if term is None else term.value


def _tail(iri: str | None) -> str | None:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else None


def node_details(kg: "KnowledgeGraph", iri: str) -> Details:
    node = f"<{iri}>"
    details = Details()
    sources: dict[str, SourceRef] = {}
    for r in kg.select(Q_REPORTS % {"node": node}).dicts():
        src = r["src"].value
        if src not in sources:
            local = kg.iris.local(src) or src
            sources[src] = SourceRef(
                iri=src, id=local.split("/", 1)[-1] if local.startswith("source/") else local,
                title=_v(r["title"]), publisher=_v(r["publisher"]), issued=_v(r["issued"]),
                year=int(r["year"].value) if r["year"] is not None else None, url=_v(r["url"]),
                document=_v(r["document"]), province=_tail(_v(r["province"])))
    details.sources = sorted(sources.values(), key=lambda s: (s.year or 0, s.id))

    def source(term: Any) -> SourceRef | None:
        if term is None:
            return None
        return sources.get(term.value) or SourceRef(iri=term.value, id=kg.iris.local(term.value) or term.value)

    for r in kg.select(Q_STATUS % {"node": node}).dicts():
        details.statuses.append(StatusRow(_tail(r["status"].value) or "", _v(r["asOf"]), _v(r["quote"]), source(r["src"])))
    details.statuses.sort(key=lambda s: (s.as_of or "", s.status))

    seen: set[str] = set()
    for r in kg.select(Q_OBSERVATIONS % {"node": node}).dicts():
        if r["o"].value in seen:  # a second label in one language would repeat the row
            continue
        seen.add(r["o"].value)
        details.observations.append(ObservationRow(
            measure=_tail(r["measure"].value) or "", measure_label=_v(r["men"]) or _tail(r["measure"].value) or "",
            measure_label_vi=_v(r["mvi"]), unit=_v(r["unit"]), value=r["value"].value, out_of=_v(r["outOf"]),
            approx=_v(r["approx"]), service_level=_v(r["level"]),
            year=int(r["year"].value) if r["year"] is not None else None, period_start=_v(r["start"]),
            period_end=_v(r["end"]), as_of=_v(r["asOf"]), note=_v(r["note"]), quote=_v(r["quote"]),
            source=source(r["src"]), target=r["target"] is not None and r["target"].value == "true"))
    details.observations.sort(key=lambda o: (-(o.year or 0), o.measure, o.source.id if o.source else "", o.value))

    for r in kg.select(Q_TEXT % {"node": node}).dicts():
        details.comments.setdefault(r["p"].value.rsplit("#", 1)[-1], []).append(r["o"].value)
    return details
