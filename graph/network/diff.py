"""What changed in a province between two years or two reports: systems added and removed, status changes,
figures changed (old → new) and links added and removed. ``egovkg diff``, ``/api/provinces/{slug}/diff`` and the
``/diff`` page show it.

A side is either a year, "what the sources counted by then say" (every source about the province, or a unit
merged into it, whose year is that year or earlier; ``graph.network.coverage``), or one named source. Systems
are matched by identity (their IRI), never by their label, so a system a later report names differently is the
same system. Within a side:

- a system is there when one of its sources names it (a system of a province: ``egov:locatedIn`` one);
- its status is that of its latest status record (``egov:asOf``, on or before the end of the side's year);
- a figure is keyed by what it is about, its measure and its level; its value is that of the latest year
  (on or before the side's year) a source gives one for that key, targets (a note that starts "target")
  aside (``egov:Target``: a figure planned, not reached). A key a source gives several values for in one year (the report's parts) keeps them all, and a
  change is reported when the later side gives a value the earlier one did not (a later source restating one
  of the parts is no change);
- a link is a stated link assertion (subject, relation, object).

This module only reads.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from egovkg.errors import NotFoundError, ParameterError
from graph.kg import KnowledgeGraph
from graph.network.coverage import SourceSummary, coverage, sources_for
from graph.network.figures import format_figure
from graph.network.names import read_names
from graph.units import read_units

YEAR = re.compile(r"^\d{4}$")


@dataclass
class Side:
    spec: str  # what was asked: a year ("2020") or a source id
    year: int
    sources: list[str]


@dataclass
class SystemRef:
    iri: str
    id: str  # the IRI's path under <base>id/system/
    label: str  # its name in Vietnamese, label_en in English (graph.network.names: the same on every page)
    kind: str | None = None
    status: str | None = None
    source: str | None = None  # the source that names it (the latest one)
    quote: str | None = None
    label_en: str | None = None


@dataclass
class StatusChange:
    system: SystemRef
    old: str
    new: str
    old_as_of: str | None = None
    new_as_of: str | None = None
    old_source: str | None = None
    new_source: str | None = None
    quote: str | None = None  # the sentence that states the new status


@dataclass
class Value:
    value: float
    year: int | None
    source: str
    approx: str | None = None
    out_of: float | None = None
    note: str | None = None
    quote: str | None = None
    unit: str | None = None  # the measure's (egov:unit)

    def text(self, lang: str = "en") -> str:
        """The value in words (graph.network.figures): ``more than 120 services``, ``hơn 120 dịch vụ``."""
        return format_figure(self, lang)


@dataclass
class FigureChange:
    entity: str  # IRI of the system or the province
    entity_id: str
    entity_label: str
    measure: str
    level: str | None
    old: list[Value]
    new: list[Value]
    entity_label_en: str | None = None
    measure_label: str | None = None  # in Vietnamese; measure_label_en in English
    measure_label_en: str | None = None

    def text(self, lang: str = "en") -> str:
        return f"{', '.join(v.text(lang) for v in self.old)} → {', '.join(v.text(lang) for v in self.new)}"


@dataclass
class LinkRef:
    subject: SystemRef
    relation: str
    object: SystemRef
    source: str
    quote: str | None = None


@dataclass
class ProvinceDiff:
    province: str
    label: str
    old: Side
    new: Side
    systems_added: list[SystemRef] = field(default_factory=list)
    systems_removed: list[SystemRef] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    figures_changed: list[FigureChange] = field(default_factory=list)
    figures_added: list[FigureChange] = field(default_factory=list)
    links_added: list[LinkRef] = field(default_factory=list)
    links_removed: list[LinkRef] = field(default_factory=list)
    label_en: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in (
            "systems_added", "systems_removed", "status_changes", "figures_changed", "figures_added",
            "links_added", "links_removed")}


def _side(spec: str, sources: list[SourceSummary], slug: str) -> Side:
    spec = str(spec).strip()
    if YEAR.match(spec):
        year = int(spec)
        chosen = [s.id for s in sources if s.year is not None and s.year <= year]
        if not chosen:
            first = min((s.year for s in sources if s.year is not None), default=None)
            raise NotFoundError(f"no source about '{slug}' up to {year}" + (f" (the first is of {first})" if first else "")).shown_as(
                "errors.no-source-up-to" + (".first" if first else ""), province=slug, year=year, first=first)
        return Side(spec, year, chosen)
    for s in sources:
        if s.id == spec:
            if s.year is None:
                raise ParameterError(f"source '{spec}' has no year").shown_as("errors.source-without-year", spec=spec)
            return Side(spec, s.year, [s.id])
    known = ", ".join(s.id for s in sources[:12])
    known += " …" if len(sources) > 12 else ""
    raise NotFoundError(f"'{spec}' is neither a year nor a source about '{slug}' (its sources: {known})").shown_as(
        "errors.not-a-side", spec=spec, province=slug, known=known)


def _values(ids: list[str], kg: KnowledgeGraph) -> tuple[str, str]:
    graphs = " ".join(f"<{kg.iris.base}graph/source/{i}>" for i in ids)
    sources = " ".join(f"<{kg.iris.base}id/source/{i}>" for i in ids)
    return graphs, sources


def _id_of(kg: KnowledgeGraph, iri: str) -> str:
    for kind in ("system", "province", "org"):
        prefix = f"{kg.iris.base}id/{kind}/"
        if iri.startswith(prefix):
            return iri.removeprefix(prefix) if kind == "system" else f"{kind}:{iri.removeprefix(prefix)}"
    return iri


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Reader:
    """What the sources of both sides say, read once (one query per kind of fact)."""

    def __init__(self, kg: KnowledgeGraph, ids: list[str]) -> None:
        self.kg = kg
        graphs, sources = _values(ids, kg)
        src_prefix = kg.iris.base + "id/source/"
        # systems of a province each source names, with the label and kind it gives
        self.named: dict[str, dict[str, dict[str, str | None]]] = defaultdict(dict)  # source → system → facts
        for r in kg.select(f"""
            SELECT ?g ?s (SAMPLE(?k) AS ?kind) (SAMPLE(?q) AS ?quote) WHERE {{
              VALUES ?g {{ {graphs} }}
              GRAPH ?g {{ ?s egov:layer ?layer ; egov:locatedIn ?p .
                OPTIONAL {{ ?s a ?k FILTER(STRSTARTS(STR(?k), STR(egov:))) }} OPTIONAL {{ ?s egov:quote ?q }} }}
              ?p a egov:Province .
            }} GROUP BY ?g ?s""").dicts():
            src = _local(r["g"].value)
            self.named[src][r["s"].value] = {
                "kind": _local(r["kind"].value) if r.get("kind") else None,
                "quote": r["quote"].value if r.get("quote") else None}
        # status records
        self.statuses: list[tuple[str, str, str, str, str | None]] = []  # (system, status, asOf, source, quote)
        for r in kg.select(f"""
            SELECT ?s ?status ?asOf ?src ?q WHERE {{
              VALUES ?src {{ {sources} }}
              ?r a egov:StatusRecord ; egov:statusOf ?s ; egov:status ?status ; prov:wasDerivedFrom ?src .
              OPTIONAL {{ ?r egov:asOf ?asOf }} OPTIONAL {{ ?r egov:quote ?q }} }}""").dicts():
            self.statuses.append((r["s"].value, _local(r["status"].value), r["asOf"].value if r.get("asOf") else "",
                                  r["src"].value.removeprefix(src_prefix), r["q"].value if r.get("q") else None))
        # figures
        self.figures: list[dict[str, Any]] = []
        for r in kg.select(f"""
            SELECT ?o ?e ?measure ?value ?year ?level ?approx ?outOf ?note ?q ?src ?target ?unit WHERE {{
              VALUES ?src {{ {sources} }}
              ?o a egov:Observation ; egov:observedEntity ?e ; egov:measure ?measure ; egov:value ?value ;
                 prov:wasDerivedFrom ?src .
              BIND(EXISTS {{ ?o a egov:Target }} AS ?target) OPTIONAL {{ ?measure egov:unit ?unit }}
              OPTIONAL {{ ?o egov:refYear ?year }} OPTIONAL {{ ?o egov:serviceLevel ?level }} OPTIONAL {{ ?o egov:approx ?approx }}
              OPTIONAL {{ ?o egov:outOf ?outOf }} OPTIONAL {{ ?o egov:note ?note }} OPTIONAL {{ ?o egov:quote ?q }} }}""").dicts():
            note = r["note"].value if r.get("note") else None
            self.figures.append({
                "entity": r["e"].value, "measure": _local(r["measure"].value),
                "level": _local(r["level"].value) if r.get("level") else None,
                "value": Value(float(r["value"].value), int(r["year"].value) if r.get("year") else None,
                               r["src"].value.removeprefix(src_prefix),
                               _local(r["approx"].value) if r.get("approx") else None,
                               float(r["outOf"].value) if r.get("outOf") else None, note,
                               r["q"].value if r.get("q") else None, r["unit"].value if r.get("unit") else None),
                "target": r["target"].value == "true"})
        self.measures: dict[str, dict[str, str]] = {}  # local name → {"vi", "en"}
        for r in kg.select("""SELECT ?m ?l WHERE { ?m a egov:Measure ; rdfs:label ?l }""").dicts():
            lang = getattr(r["l"], "language", None)
            if lang in ("vi", "en"):
                self.measures.setdefault(_local(r["m"].value), {})[lang] = r["l"].value
        # stated links
        self.links: list[tuple[str, str, str, str, str | None]] = []  # (subject, relation, object, source, quote)
        for r in kg.select(f"""
            SELECT ?s ?rel ?o ?src ?q WHERE {{
              VALUES ?src {{ {sources} }}
              ?a a egov:LinkAssertion ; rdf:subject ?s ; rdf:predicate ?rel ; rdf:object ?o ; prov:wasDerivedFrom ?src .
              OPTIONAL {{ ?a egov:quote ?q }} }}""").dicts():
            self.links.append((r["s"].value, _local(r["rel"].value), r["o"].value,
                               r["src"].value.removeprefix(src_prefix), r["q"].value if r.get("q") else None))
        # names of every system, and of everything the figures and links speak of (national systems, the
        # province): one name per language by the rule of graph.network.names, whichever side names it
        entities = ({f["entity"] for f in self.figures} | {x for s, _, o, _, _ in self.links for x in (s, o)}
                    | {iri for named in self.named.values() for iri in named})
        self.names: dict[str, dict[str, str | None]] = read_names(kg, entities) if entities else {}

    def name(self, iri: str, lang: str) -> str:
        return self.names.get(iri, {}).get(lang) or _id_of(self.kg, iri)


class _State:
    """One side: its systems (with status), figures and links."""

    def __init__(self, reader: _Reader, side: Side, order: dict[str, int]) -> None:
        kg, chosen = reader.kg, set(side.sources)
        end = f"{side.year}-12-31"
        self.systems: dict[str, SystemRef] = {}
        for src in sorted(chosen, key=lambda s: order.get(s, 0)):  # later sources give the label
            for iri, facts in reader.named.get(src, {}).items():
                self.systems[iri] = SystemRef(iri, _id_of(kg, iri), reader.name(iri, "vi"), facts["kind"], None, src,
                                              facts["quote"], reader.name(iri, "en"))
        self.status: dict[str, tuple[str, str, str, str | None]] = {}
        for iri, status, as_of, src, quote in sorted(reader.statuses, key=lambda t: (t[2], order.get(t[3], 0))):
            if src in chosen and iri in self.systems and (not as_of or as_of[:10] <= end):
                self.status[iri] = (status, as_of[:10], src, quote)
        for iri, (status, *_rest) in self.status.items():
            self.systems[iri].status = status
        latest: dict[tuple[str, str, str | None], list[Value]] = {}
        for f in reader.figures:
            v: Value = f["value"]
            if f["target"] or v.source not in chosen or (v.year is not None and v.year > side.year):
                continue
            key = (f["entity"], f["measure"], f["level"])
            held = latest.get(key)
            if held is None or (v.year or 0) > (held[0].year or 0):
                latest[key] = [v]
            elif (v.year or 0) == (held[0].year or 0) and not any(_same(v, h) for h in held):
                held.append(v)
        self.figures = {k: sorted(vs, key=lambda v: (-v.value, v.note or "")) for k, vs in latest.items()}
        self.links: dict[tuple[str, str, str], tuple[str, str | None]] = {}
        for s, rel, o, src, quote in sorted(reader.links, key=lambda t: order.get(t[3], 0)):
            if src in chosen:
                self.links[(s, rel, o)] = (src, quote)


def _same(a: Value, b: Value) -> bool:
    return (a.value, a.approx, a.out_of) == (b.value, b.approx, b.out_of)


def _nothing_new(old: list[Value], new: list[Value]) -> bool:
    """Every value of ``new`` is one of ``old``."""
    return all(any(_same(v, h) for h in old) for v in new)


def _by_label(r: SystemRef) -> tuple[str, str]:
    return r.label.casefold(), r.id


def _figure_order(c: FigureChange) -> tuple[str, str, str]:
    return c.entity_label.casefold(), c.measure, c.level or ""


def _link_order(r: LinkRef) -> tuple[str, str, str]:
    return r.subject.label.casefold(), r.relation, r.object.label.casefold()


def _province(kg: KnowledgeGraph, slug: str) -> tuple[str, str, list[SourceSummary]]:
    """The province's names (vi, en) and its sources (those of the units merged into it too)."""
    entries = {c.slug: c for c in coverage(kg)}
    sources = sources_for(kg, slug)
    if not sources:
        if slug not in entries and not any(slug in c.predecessors for c in entries.values()):
            raise NotFoundError(f"unknown province '{slug}'").shown_as("errors.unknown-province", province=slug)
        raise NotFoundError(f"no source about '{slug}'").shown_as("errors.no-source", province=slug)
    if slug in entries:
        return entries[slug].label_vi, entries[slug].label_en, sources
    unit = next((u for u in read_units(kg).values() if u.slug == slug), None)
    return (unit.label_vi, unit.label_en, sources) if unit else (slug, slug, sources)


@dataclass
class Snapshot:
    """One side alone: the province's systems (with their status then) and the links its sources state."""

    province: str
    label: str
    label_en: str
    side: Side
    systems: list[SystemRef]
    links: list[LinkRef]
    status_as_of: dict[str, str]  # system IRI → the date of the status shown


def province_snapshot(kg: KnowledgeGraph, slug: str, spec: str | None = None) -> Snapshot:
    """What the sources of province ``slug`` say as of ``spec`` (a year or one source id; None: its latest year)."""
    label, label_en, sources = _province(kg, slug)
    if spec is None or not str(spec).strip():
        spec = str(max((s.year for s in sources if s.year is not None), default=0) or sources[-1].id)
    side = _side(str(spec), sources, slug)
    order = {s.id: i for i, s in enumerate(sources)}
    reader = _Reader(kg, side.sources)
    state = _State(reader, side, order)

    def ref(iri: str) -> SystemRef:
        return state.systems.get(iri) or SystemRef(iri, _id_of(kg, iri), reader.name(iri, "vi"), label_en=reader.name(iri, "en"))

    links = [LinkRef(ref(s), rel, ref(o), src, quote) for (s, rel, o), (src, quote) in state.links.items()]
    return Snapshot(slug, label, label_en, side, sorted(state.systems.values(), key=_by_label),
                    sorted(links, key=_link_order), {iri: held[1] for iri, held in state.status.items()})


def province_diff(kg: KnowledgeGraph, slug: str, old: str, new: str) -> ProvinceDiff:
    """What changed in province ``slug`` from ``old`` to ``new`` (each a year or the id of one of its sources)."""
    label, label_en, sources = _province(kg, slug)
    a, b = _side(old, sources, slug), _side(new, sources, slug)
    order = {s.id: i for i, s in enumerate(sources)}  # by year, then id
    reader = _Reader(kg, sorted(set(a.sources) | set(b.sources)))
    before, after = _State(reader, a, order), _State(reader, b, order)
    diff = ProvinceDiff(slug, label, a, b, label_en=label_en)

    def ref(state: _State, other: _State, iri: str) -> SystemRef:
        if iri in state.systems:
            return state.systems[iri]
        if iri in other.systems:
            return other.systems[iri]
        return SystemRef(iri, _id_of(kg, iri), reader.name(iri, "vi"), label_en=reader.name(iri, "en"))

    diff.systems_added = sorted((s for iri, s in after.systems.items() if iri not in before.systems), key=_by_label)
    diff.systems_removed = sorted((s for iri, s in before.systems.items() if iri not in after.systems), key=_by_label)
    for iri, (status, as_of, src, quote) in after.status.items():
        held = before.status.get(iri)
        if held is not None and held[0] != status:
            diff.status_changes.append(StatusChange(after.systems[iri], held[0], status, held[1], as_of, held[2], src, quote))
    diff.status_changes.sort(key=lambda c: _by_label(c.system))
    for key, values in after.figures.items():
        entity, measure, level = key
        held_values = before.figures.get(key)
        names = reader.measures.get(measure, {})
        change = FigureChange(entity, _id_of(kg, entity), reader.name(entity, "vi"), measure, level, held_values or [], values,
                              reader.name(entity, "en"), names.get("vi", measure), names.get("en", measure))
        if held_values is None:
            diff.figures_added.append(change)
        elif not _nothing_new(held_values, values):
            diff.figures_changed.append(change)
    diff.figures_changed.sort(key=_figure_order)
    diff.figures_added.sort(key=_figure_order)

    def link(state: _State, key: tuple[str, str, str]) -> LinkRef:
        s, rel, o = key
        other = before if state is after else after
        src, quote = state.links[key]
        return LinkRef(ref(state, other, s), rel, ref(state, other, o), src, quote)

    diff.links_added = sorted((link(after, k) for k in after.links if k not in before.links), key=_link_order)
    diff.links_removed = sorted((link(before, k) for k in before.links if k not in after.links), key=_link_order)
    return diff


__all__ = ["FigureChange", "LinkRef", "ProvinceDiff", "Side", "Snapshot", "StatusChange", "SystemRef", "Value", "province_diff",
           "province_snapshot"]
