"""A province as its sources stated it by a year, or as one of its reports stated it: which sources speak,
and each system's status then. The layered diagram (``graph.views.layered``) draws what this chooses.

The rules are those of ``graph.network.diff``'s sides, so the diagram as of 2021 shows what /diff calls the
2021 side:

- a year chooses every source about the province (or about a unit merged into it) whose year is that year or
  earlier; a source id chooses that one source;
- a system is there when one of the chosen sources names it; a link, when one of them states it;
- a system's status is that of its latest status record (``egov:asOf`` on or before the end of the year, then
  the later source) among the chosen sources; a system no chosen source gives a status has none then.

This module only reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from egovkg.errors import NotFoundError, ParameterError
from graph.kg import KnowledgeGraph
from graph.network.coverage import SourceSummary, coverage, sources_for

__all__ = ["AsOf", "Choice", "as_of", "choices", "national_as_of", "national_choices"]

YEAR = re.compile(r"^\d{4}$")

Q_STATUS = """
SELECT ?s ?status ?asOf ?src WHERE {
  VALUES ?src { %s }
  ?r a egov:StatusRecord ; egov:statusOf ?s ; egov:status ?status ; prov:wasDerivedFrom ?src .
  OPTIONAL { ?r egov:asOf ?asOf } }"""


@dataclass(frozen=True)
class Status:
    status: str
    as_of: str | None
    source: str  # the id of the source that states it


@dataclass(frozen=True)
class AsOf:
    """What the chosen sources state: ``sources`` are their ids, ``statuses`` each system's status then."""

    spec: str                 # what was asked: a year ("2021") or a source id
    year: int
    sources: frozenset[str]
    source_iris: frozenset[str]
    statuses: dict[str, Status] = field(default_factory=dict)   # system IRI -> its status then
    report: SourceSummary | None = None                         # the one report, when a source was asked for


@dataclass(frozen=True)
class Choice:
    """One entry of the "as of" control: a year, or one report."""

    spec: str
    year: int
    report: SourceSummary | None = None


def choices(kg: KnowledgeGraph, slug: str) -> list[Choice]:
    """The years the province's sources cover, each followed by that year's reports."""
    sources = [s for s in sources_for(kg, slug) if s.year is not None]
    out: list[Choice] = []
    for year in sorted({s.year for s in sources if s.year is not None}):
        out.append(Choice(str(year), year))
        out.extend(Choice(s.id, year, s) for s in sources if s.year == year)
    return out


def as_of(kg: KnowledgeGraph, slug: str, spec: str) -> AsOf:
    """Province ``slug`` as stated by ``spec``: a year, or the id of one of its sources."""
    spec = str(spec).strip()
    sources = sources_for(kg, slug)
    if not sources:
        raise NotFoundError(f"no source about '{slug}'").shown_as("errors.no-source", province=slug)
    report = None
    if YEAR.match(spec):
        year = int(spec)
        chosen = [s for s in sources if s.year is not None and s.year <= year]
        if not chosen:
            first = min((s.year for s in sources if s.year is not None), default=None)
            raise NotFoundError(f"no source about '{slug}' up to {year}" + (f" (the first is of {first})" if first else "")).shown_as(
                "errors.no-source-up-to.first" if first else "errors.no-source-up-to", province=slug, year=year, first=first)
    else:
        report = next((s for s in sources if s.id == spec), None)
        if report is None:
            known = ", ".join(s.id for s in sources[:12])
            raise NotFoundError(f"'{spec}' is neither a year nor a source about '{slug}' (its sources: {known}"
                                f"{' …' if len(sources) > 12 else ''})").shown_as(
                "errors.not-a-side", spec=spec, province=slug, known=known + (" …" if len(sources) > 12 else ""))
        if report.year is None:
            raise ParameterError(f"source '{spec}' has no year", parameter="as_of").shown_as("errors.source-without-year", spec=spec)
        year, chosen = report.year, [report]
    return _stated(kg, spec, year, sources, chosen, report)


def national_choices(kg: KnowledgeGraph) -> list[Choice]:
    """The years the sources about every province of today cover (the national diagram's "as of")."""
    return [Choice(str(y), y) for y in sorted({s.year for e in coverage(kg) for s in e.sources if s.year is not None})]


def national_as_of(kg: KnowledgeGraph, spec: str) -> AsOf:
    """Every province of today as stated by the sources of year ``spec`` or earlier (the rules of :func:`as_of`)."""
    spec = str(spec).strip()
    if not YEAR.match(spec):
        raise ParameterError(f"'{spec}' is not a year (e.g. 2022)", parameter="as_of").shown_as("errors.not-a-year", spec=spec)
    year = int(spec)
    sources = sorted((s for e in coverage(kg) for s in e.sources), key=lambda s: (s.year or 0, s.id))
    chosen = [s for s in sources if s.year is not None and s.year <= year]
    if not chosen:
        first = min((s.year for s in sources if s.year is not None), default=None)
        raise NotFoundError(f"no source up to {year}" + (f" (the first is of {first})" if first else "")).shown_as(
            "errors.no-source-before.first" if first else "errors.no-source-before", year=year, first=first)
    return _stated(kg, spec, year, sources, chosen, None)


def _stated(kg: KnowledgeGraph, spec: str, year: int, sources: list[SourceSummary], chosen: list[SourceSummary],
            report: SourceSummary | None) -> AsOf:
    """What ``chosen`` state: their ids, and each system's latest status among them by the end of ``year``."""
    prefix = kg.iris.base + "id/source/"
    order = {s.id: i for i, s in enumerate(sources)}  # by year, then id (coverage sorts them so)
    end = f"{year}-12-31"
    latest: dict[str, tuple[str, int, Status]] = {}
    values = " ".join(f"<{prefix}{s.id}>" for s in chosen)
    for r in kg.select(Q_STATUS % values).dicts():
        text = {k: str(getattr(v, "value", "")) for k, v in r.items() if v is not None}   # every term here has a value
        when = text.get("asOf", "")[:10]
        if when and when > end:
            continue
        src = text["src"].removeprefix(prefix)
        status = Status(text["status"].rstrip("/").rsplit("/", 1)[-1], when or None, src)
        held = latest.get(text["s"])
        if held is None or (when, order.get(src, 0), status.status) > (held[0], held[1], held[2].status):
            latest[text["s"]] = (when, order.get(src, 0), status)
    return AsOf(spec, year, frozenset(s.id for s in chosen), frozenset(prefix + s.id for s in chosen),
                {iri: rank[2] for iri, rank in latest.items()}, report)
