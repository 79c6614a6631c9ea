"""The graph "as of" a date: the view the compliance rules are checked against.

A snapshot is a scratch in-memory Oxigraph store holding copies of the named graphs that count on the date,
rewritten to say what was true then, plus a graph of inferred triples:

- Reports count when their date (``egov:asOf``, else the end of their period, else their issue date) is on
  or before the date: a later report's facts do not count for an earlier date. Graphs without a report
  (the ontology, the administrative units, the rules, plain RDF files) always count.
- A stated link whose assertion gives a start (``egov:validFrom``) after the date, or an end before it, is
  dropped; its assertion stays, so the plan is still evidence. Superseding documents and frameworks that
  were not issued yet lose their ``egov:supersedes`` links.
- Each system's ``egov:status`` is its latest status record on the date (a system that goes live later,
  ``egov:since``, is "planned"); systems in service (operational, pilot, or named without a status) are
  typed ``egov:InServiceSystem`` in ``<base>graph/as-of``.
- A system or agency of a province that was merged by the date is also ``egov:locatedIn`` the unit it was
  merged into (NQ 202/2025/QH15), so the new unit is checked with the systems it inherited.
- ``<base>graph/inferred``: rdf:type closed over rdfs:subClassOf, and owl:inverseOf, owl:SymmetricProperty
  and rdfs:subPropertyOf applied to object properties, computed with SPARQL updates in the scratch store
  from the ontology graph. (RDFS-style materialisation, not full OWL reasoning: it is what the rules need,
  and runs in well under a second on the curated data.)

The view is the scratch store's *default graph*: the counted graphs are merged into it, and the derived
triples are added to it and also kept in ``<base>graph/inferred`` and ``<base>graph/as-of`` so they can be
counted and inspected. Queries read the default graph only; the rules stay in their own named graph. (Measured
on the 1 M-quad synthetic graph: an absence check took 8.4 s over the union of ~1,000 named graphs and 0.14 s
over one default graph.)

A view built for every province or for some, on a date, can be kept with an on-disk store and opened by later
checks instead of being built again (``views``, :mod:`graph.compliance.kept`): 10–15 s at 1 M quads become 0.05 s.
A large view to keep that counts most of the store (today's, which ``egovkg load`` keeps) is not copied graph by
graph: it is built in a copy of the store's own folder, where it is then kept (:func:`_build_in_folder`; 15.5 s → 7 s
at 1 M quads, measured).
Every value the rewriting compares the date with is one of :data:`DATED` (or a unit's validity, or a report's date,
which decides the graphs merged): the kept view is filed under where the date falls among those values.

Why a scratch store (or a copy of the store's folder) rather than the store itself: the as-of rewriting and the inverse/symmetric closure
depend on the date, and writing inferred triples into the shared store would change what every other
query sees. The store is only read. This module never writes to ``kg.store``.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, NamedNode, Quad

from egovkg.errors import StoreError
from graph.compliance import kept as keeping
from graph.compliance.kept import KeptViews, date_position, kept_views, spread
from graph.kg import KnowledgeGraph
from graph.units import Unit, day_of as _day, read_units, successor_on
from ontology import RDF, IRIs

log = logging.getLogger("egovkg.compliance")

IN_SERVICE_STATUSES = ("operational", "pilot")
#: the properties whose values the as-of rewriting compares with the date (links' and documents' validity, status
#: records' days, systems' start): a kept view serves every date that none of their values separates from its own
#: (:mod:`graph.compliance.kept`). A step that compares the date with anything else must add it here.
DATED = ("validFrom", "validTo", "asOf", "since")
#: a large view is built from a copy of the store's folder (:func:`_build_in_folder`) when the graphs it leaves out
#: hold at most this many quads (their triples are taken out of the copy's union one by one); else its graphs are copied
LEFT_OUT_QUADS = 100_000


@dataclass(frozen=True)
class SourceInfo:
    """A report and whether it counts on the snapshot's date."""

    id: str
    iri: str
    graph: str
    title: str
    province: str | None  # slug of the unit it reports on, as it was then
    day: date | None
    counted: bool


@dataclass
class Snapshot:
    store: ox.Store
    iris: IRIs
    as_of: date
    units: dict[str, Unit]  # by IRI
    sources: list[SourceInfo]
    inferred: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    graphs: list[str] = field(default_factory=list)  # the store's graphs merged into the view
    shared: bool = False  # a kept view (read-only, other checks open it too), not this snapshot's own scratch store
    views: KeptViews | None = None  # the views kept with the store, and what it keeps beside them (see kept.facts)

    @property
    def inferred_graph(self) -> NamedNode:
        return self.iris.graph("inferred")

    @property
    def as_of_graph(self) -> NamedNode:
        return self.iris.graph("as-of")

    def select(self, sparql: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """Run a SELECT over the view (the default graph; ``GRAPH`` reaches the rules); rows as dicts."""
        result = self.store.query(sparql, prefixes=self.iris.prefixes())
        names = [v.value for v in result.variables]
        # a solution iterates over its values in the variables' order, None where unbound: 2.3× faster than asking
        # for each by name (twice), measured on 20 k rows
        return [{n: v for n, v in zip(names, solution) if v is not None} for solution in result]

    def successor(self, unit_iri: str) -> str | None:
        """The unit valid on the snapshot's date that ``unit_iri`` is, or became (None if none)."""
        unit = successor_on(self.units, unit_iri, self.as_of)
        return unit.iri if unit is not None else None

    @property
    def counted_sources(self) -> list[SourceInfo]:
        return [s for s in self.sources if s.counted]

    def close(self) -> None:
        if not self.shared:
            self.store.clear()


def _lit(day: date) -> str:
    return f'"{day.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'


def read_sources(kg: KnowledgeGraph, as_of: date, views: KeptViews | None = None) -> list[SourceInfo]:
    """The store's reports, each counted when dated on or before ``as_of`` (or undated); with ``views``, the list
    kept for the store's content (:meth:`graph.compliance.kept.KeptViews.facts`)."""
    reports = _read_reports(kg) if views is None else views.facts("reports", lambda: _read_reports(kg))
    return [replace(s, counted=s.day is None or s.day <= as_of) for s in reports]


def read_units_kept(kg: KnowledgeGraph, views: KeptViews | None = None) -> dict[str, Unit]:
    """:func:`graph.units.read_units`, with ``views`` the units kept for the store's content."""
    return read_units(kg) if views is None else views.facts("units", lambda: read_units(kg))


def _read_reports(kg: KnowledgeGraph) -> list[SourceInfo]:
    rows = kg.select("""
        SELECT ?g ?src ?title ?spatial ?asof ?end ?issued WHERE { GRAPH ?g {
          ?src a egov:Report .
          OPTIONAL { ?src dcterms:title ?title } OPTIONAL { ?src dcterms:spatial ?spatial }
          OPTIONAL { ?src egov:asOf ?asof } OPTIONAL { ?src egov:periodEnd ?end } OPTIONAL { ?src dcterms:issued ?issued } } }""").dicts()
    prefix = kg.iris.base + "id/source/"
    by_graph: dict[str, SourceInfo] = {}
    for r in rows:
        day = _day(r.get("asof")) or _day(r.get("end")) or _day(r.get("issued"))
        spatial = r.get("spatial")
        src = r["src"].value
        by_graph[r["g"].value] = SourceInfo(
            id=src[len(prefix):] if src.startswith(prefix) else src, iri=src, graph=r["g"].value,
            title=r["title"].value if r.get("title") else src,
            province=spatial.value.rsplit("/", 1)[-1] if spatial is not None else None,
            day=day, counted=True)
    return sorted(by_graph.values(), key=lambda s: (s.day or date.min, s.id))


@dataclass(frozen=True)
class AsOfSteps:
    """The two steps of the as-of rewriting that issue 16 made faster, so that :mod:`graph.compliance.reference` can
    build the view the previous way and compare."""

    drop_links: Callable[[KnowledgeGraph, "Snapshot", list[NamedNode]], None]
    successor_locations: Callable[["Snapshot"], None]


def build_snapshot(kg: KnowledgeGraph, as_of: date, *, provinces: Iterable[str] | None = None,
                   steps: AsOfSteps | None = None, views: KeptViews | None = None) -> Snapshot:
    """The as-of view of ``kg`` on ``as_of``; with ``provinces`` (unit IRIs valid on the date), only the reports
    about those provinces (or the units merged into them) are copied, which keeps single-province checks fast.

    With ``views`` (the views kept with the store, :func:`graph.compliance.kept.kept_views`), a view kept for the
    same content, graphs and dates is opened instead of built, and one built is kept there. Not with ``steps``
    (the previous engine's, which is compared with this one: it always builds)."""
    if steps is not None:
        views = None
    steps = steps or AsOfSteps(_drop_links_not_yet_valid, _successor_locations)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    iris = kg.iris
    units = read_units_kept(kg, views)
    sources = read_sources(kg, as_of, views)
    scratch = ox.Store()
    snap = Snapshot(scratch, iris, as_of, units, sources, timings=timings, views=views)
    wanted = set(provinces) if provinces is not None else None
    report_graphs = {s.graph: s for s in sources}
    copy = []
    rules = False
    for g in kg.store.named_graphs():
        source = report_graphs.get(g.value)
        if g == iris.rules_graph:
            rules = True
        elif source is None:
            copy.append(g)  # reference data, undated files
        elif source.counted and (wanted is None or source.province is None
                                 or snap.successor(iris.id("province", source.province).value) in wanted):
            copy.append(g)
    snap.graphs = [g.value for g in copy]
    key = None
    if views is not None:
        dated = views.facts("dated", lambda: _dated(kg, units))
        key = views.key(date_position(spread(dated), as_of), snap.graphs + ([iris.rules_graph.value] * rules))
        kept = views.open(key)
        if kept is not None:
            snap.store, snap.inferred, snap.shared = kept.store, kept.inferred, True
            timings["kept view"] = time.perf_counter() - started
            return snap
        if _build_in_folder(kg, snap, views, key, steps, copy):
            return snap
    if rules:
        scratch.bulk_extend(kg.store.quads(iris.rules_graph))  # the rules keep their own graph
    _copy_into_default_graph(kg, scratch, copy)
    timings["copy"] = time.perf_counter() - started

    _rewrite_as_of(kg, snap, steps, copy)
    if views is not None and key is not None:
        started = time.perf_counter()
        views.keep(key, scratch, snap.inferred)
        timings["keep"] = time.perf_counter() - started
    return snap


def _rewrite_as_of(kg: KnowledgeGraph, snap: Snapshot, steps: AsOfSteps, graphs: list[NamedNode]) -> None:
    """Rewrite ``snap``'s store (the counted ``graphs`` merged) to say what was true on its date, and infer; timed
    as "as-of and inference"."""
    started = time.perf_counter()
    steps.drop_links(kg, snap, graphs)
    _drop_what_was_not_yet_true(snap)
    snap.inferred = _infer(snap)
    _effective_statuses(snap)
    steps.successor_locations(snap)
    snap.timings["as-of and inference"] = time.perf_counter() - started


def _build_in_folder(kg: KnowledgeGraph, snap: Snapshot, views: KeptViews, key: str, steps: AsOfSteps,
                     graphs: list[NamedNode]) -> bool:
    """Build a large view where it is kept, from a copy of the store's own folder, and open it into ``snap``; False
    (nothing changed) when the view is small, leaves out much of the store, or the store cannot be copied so.

    The copy hard-links the store's files (milliseconds at 1 M quads, where copying the counted graphs into a
    scratch store took 7 s and writing that store to disk 5.5 s). Its default graph is already the union of the
    named graphs, each triple once: the triples that only the graphs left out state (the rules', reports not counted
    yet) are taken out of it, and the as-of steps then rewrite it in place. The view also holds the store's named
    graphs, which no query of a view reads (they read its default graph, the rules' graph and the two derived ones):
    it shares the store's files until the store rewrites them, then takes about 450 MB on disk at 1 M quads."""
    started = time.perf_counter()
    counted = {g.value for g in graphs}
    derived = {snap.inferred_graph.value, snap.as_of_graph.value}
    if kg.store.path is None:  # a read-only snapshot (the guarded check's child): nothing to copy the folder of
        return False
    if not kg.query(_beyond("?s ?p ?o", keeping.IN_MEMORY_QUADS)).value or derived & {g.value for g in kg.store.named_graphs()}:
        return False  # kept as N-Quads (read into memory); or the store has graphs named like the derived ones
    folder, scratch = views.scratch_folder(key), snap.store
    try:
        kg.store.snapshot(folder)
        view = ox.Store(str(folder))
        left_out = [g for g in view.named_graphs() if isinstance(g, NamedNode) and g.value not in counted]
        values = " ".join(str(g) for g in left_out)
        if left_out and bool(view.query(_beyond(f"VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}", LEFT_OUT_QUADS))):
            return False  # taking that many triples out costs more than copying the counted graphs
        if left_out:
            view.update(f"""DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}
                FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({", ".join(str(g) for g in left_out)})) }} }}""")
        snap.store = view
        snap.timings["copy"] = time.perf_counter() - started
        _rewrite_as_of(kg, snap, steps, graphs)
        started = time.perf_counter()
        view.flush()  # (else every read-only open would replay the updates from the log)
        view.optimize()  # one level of files: the rules' queries 25-40 % faster than over the copy's and the updates'
        snap.store = view = None  # type: ignore[assignment]  # closed: every file complete before the folder is named
        views.keep(key, folder, snap.inferred)
        kept_view = views.open(key)
        if kept_view is None:  # could not be kept (keep said why), or kept by another process and unreadable
            return False
        snap.store, snap.shared = kept_view.store, True
        snap.timings["keep"] = time.perf_counter() - started
        return True
    except (OSError, RuntimeError, StoreError) as exc:
        log.warning("cannot build the as-of view from a copy of the store (%s: %s); copying its graphs instead",
                    type(exc).__name__, exc)
        return False
    finally:
        if not snap.shared:
            view = snap.store = scratch  # (the copy closed before its folder goes)
            snap.inferred = {}
            for step in ("copy", "as-of and inference"):
                snap.timings.pop(step, None)
            shutil.rmtree(folder, ignore_errors=True)


def _beyond(pattern: str, n: int) -> str:
    """An ASK whether ``pattern`` has more than ``n`` solutions (answered at the next one, without counting them all)."""
    return f"ASK {{ {{ SELECT * WHERE {{ {pattern} }} OFFSET {n} LIMIT 1 }} }}"


def keep_view(kg: KnowledgeGraph, as_of: date | None = None) -> bool:
    """Build the view of every province as of ``as_of`` (today) and keep it with the store, unless it is kept
    already: what ``egovkg load`` does last. False for a store that keeps nothing, or when it could not be built
    (the load stands: the first check builds it)."""
    views = kept_views(kg.store, kg.iris.base)
    if views is None:
        return False
    try:
        snap = build_snapshot(kg, as_of or date.today(), views=views)
    except Exception as exc:  # noqa: BLE001 - the load is done; the first check builds the view instead
        log.warning("could not keep today's as-of view with the store: %s: %s", type(exc).__name__, exc)
        return False
    snap.close()
    return True


def _dated(kg: KnowledgeGraph, units: dict[str, Unit]) -> set[date]:
    """Every date the as-of rewriting may compare the date with: the values of :data:`DATED` anywhere in the store
    (a superset of the counted graphs': more dates only file views more finely) and the units' validity."""
    values = " ".join(f"egov:{p}" for p in DATED)
    found = {_day(r["v"]) for r in kg.select(f"SELECT DISTINCT ?v WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?v }}").dicts()}
    found |= {d for u in units.values() for d in (u.valid_from, u.valid_to)}
    found.discard(None)
    return found  # type: ignore[return-value]


def _copy_into_default_graph(kg: KnowledgeGraph, scratch: ox.Store, graphs: list[NamedNode]) -> None:
    kg.store.copy_into(scratch, graphs)


def _drop_links_not_yet_valid(kg: KnowledgeGraph, snap: Snapshot, graphs: list[NamedNode]) -> None:
    """Drop a stated link when every counted report that states it gives it a start after the date (or an end
    before it). Decided per report graph in the store, since the view has merged them."""
    day, counted = _lit(snap.as_of), {g.value for g in graphs}
    if not counted:
        return
    # only the counted graphs: a single province's check reads its own reports, not every link of the store
    rows = kg.select(f"""
        SELECT DISTINCT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {" ".join(str(g) for g in graphs)} }} GRAPH ?g {{
          ?a a egov:LinkAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          {{ ?a egov:validFrom ?start FILTER(?start > {day}) }} UNION {{ ?a egov:validTo ?end FILTER(?end < {day}) }} }} }}""").dicts()
    stale = {(r["s"], r["p"], r["o"]) for r in rows if r["g"].value in counted}
    if not stale:
        return
    values = " ".join(f"({t[0]} {t[1]} {t[2]})" for t in stale)
    stated_by = defaultdict(set)
    for r in kg.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}").dicts():
        if r["g"].value in counted:
            stated_by[(r["s"], r["p"], r["o"])].add(r["g"].value)
    stale_in = defaultdict(set)
    for r in rows:
        stale_in[(r["s"], r["p"], r["o"])].add(r["g"].value)
    for triple in stale:
        if stated_by[triple] <= stale_in[triple]:  # no counted report states it as valid on the date
            snap.store.remove(Quad(*triple, DefaultGraph()))


def _update(snap: Snapshot, sparql: str) -> None:
    snap.store.update(sparql, prefixes=snap.iris.prefixes())


def _drop_what_was_not_yet_true(snap: Snapshot) -> None:
    day = _lit(snap.as_of)
    _update(snap, f"""DELETE {{ ?new egov:supersedes ?old }} WHERE {{
          ?new egov:supersedes ?old ; egov:validFrom ?start FILTER(?start > {day}) }}""")
    _update(snap, f"""DELETE {{ ?old egov:supersededBy ?new }} WHERE {{
          ?old egov:supersededBy ?new . ?new egov:validFrom ?start FILTER(?start > {day}) }}""")


def _values(pairs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in pairs)


def _count(snap: Snapshot, graph: NamedNode) -> int:
    result = snap.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(result))[0].value)


def _infer(snap: Snapshot) -> dict[str, int]:
    """Materialise the closure the rules rely on into ``<base>graph/inferred``; returns triples added by kind."""
    inferred = snap.inferred_graph
    rows = snap.select("SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?c) && isIRI(?d)) }")
    parents: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        parents[r["c"].value].add(r["d"].value)
    closure: dict[str, set[str]] = {}

    def ancestors(c: str, stack: frozenset[str] = frozenset()) -> set[str]:
        if c not in closure:
            found: set[str] = set()
            for d in parents.get(c, ()):
                if d not in stack:
                    found.add(d)
                    found |= ancestors(d, stack | {c})
            closure[c] = found
        return closure[c]

    pairs = [(c, d) for c in list(parents) for d in ancestors(c) if d != c]
    counts: dict[str, int] = {}
    before = 0
    if pairs:
        # into the view at once too: the steps below read no rdf:type, and the graph is not read back (0.3 s at 1 M quads)
        _update(snap, f"INSERT {{ GRAPH {inferred} {{ ?s a ?d }} ?s a ?d }} WHERE {{ VALUES (?c ?d) {{ {_values(pairs)} }} ?s a ?c }}")
    counts["rdf:type via rdfs:subClassOf"] = (after := _count(snap, inferred)) - before
    before = after

    props = snap.select("""SELECT ?p ?q ?kind WHERE {
          { ?p owl:inverseOf ?q BIND("inverse" AS ?kind) }
          UNION { ?p a owl:SymmetricProperty BIND(?p AS ?q) BIND("symmetric" AS ?kind) }
          UNION { ?p rdfs:subPropertyOf ?q ; a owl:ObjectProperty BIND("sub" AS ?kind) } FILTER(isIRI(?p) && isIRI(?q)) }""")
    inverse = [(r["p"].value, r["q"].value) for r in props if r["kind"].value == "inverse"]
    inverse += [(q, p) for p, q in inverse]
    symmetric = [(r["p"].value, r["q"].value) for r in props if r["kind"].value == "symmetric"]
    sub = [(r["p"].value, r["q"].value) for r in props if r["kind"].value == "sub"]
    if sub:
        _update(snap, f"INSERT {{ GRAPH {inferred} {{ ?s ?q ?o }} }} WHERE {{ VALUES (?p ?q) {{ {_values(sub)} }} ?s ?p ?o }}")
    counts["rdfs:subPropertyOf"] = (after := _count(snap, inferred)) - before
    before = after
    if inverse or symmetric:
        _update(snap, f"INSERT {{ GRAPH {inferred} {{ ?o ?q ?s }} }} WHERE {{ VALUES (?p ?q) {{ {_values(inverse + symmetric)} }} ?s ?p ?o FILTER(isIRI(?o)) }}")
    counts["owl:inverseOf and owl:SymmetricProperty"] = _count(snap, inferred) - before
    added = sorted({q for _, q in sub + inverse + symmetric})  # the rest of the graph is in the view already
    if added:
        values = " ".join(f"<{q}>" for q in added)
        _update(snap, f"INSERT {{ ?s ?q ?o }} WHERE {{ VALUES ?q {{ {values} }} GRAPH {inferred} {{ ?s ?q ?o }} }}")
    return counts


def _effective_statuses(snap: Snapshot) -> None:
    """Replace each system's statuses by its status on the date, and mark the systems in service."""
    status_ns = snap.iris.base + "id/status/"
    systems = {r["s"].value for r in snap.select("SELECT DISTINCT ?s WHERE { ?s a egov:InformationSystem }")}
    latest: dict[str, tuple[date, str]] = {}
    for r in snap.select("SELECT ?s ?st ?d WHERE { ?r egov:statusOf ?s ; egov:status ?st ; egov:asOf ?d }"):
        day = _day(r["d"])
        if day is None or day > snap.as_of:
            continue
        key = (day, r["st"].value)
        if r["s"].value not in latest or key > latest[r["s"].value]:
            latest[r["s"].value] = key
    stated: dict[str, str] = {}
    for r in snap.select("SELECT ?s ?st WHERE { ?s egov:status ?st ; a egov:InformationSystem }"):
        stated[r["s"].value] = max(stated.get(r["s"].value, ""), r["st"].value)
    since = {r["s"].value: _day(r["v"]) for r in snap.select("SELECT ?s ?v WHERE { ?s egov:since ?v ; a egov:InformationSystem }")}
    _update(snap, "DELETE { ?s egov:status ?st } WHERE { ?s egov:status ?st ; a egov:InformationSystem }")
    as_of_graph = snap.as_of_graph
    status_term = NamedNode(snap.iris.ontology_ns + "status")
    in_service = NamedNode(snap.iris.ontology_ns + "InServiceSystem")
    rdf_type = NamedNode(RDF + "type")
    quads = []
    for s in systems:
        status = latest[s][1] if s in latest else stated.get(s)
        if since.get(s) is not None and since[s] > snap.as_of:
            status = status_ns + "planned"
        if status is not None:
            quads.append(Quad(NamedNode(s), status_term, NamedNode(status), as_of_graph))
        if status is None or status[len(status_ns):] in IN_SERVICE_STATUSES:
            quads.append(Quad(NamedNode(s), rdf_type, in_service, as_of_graph))
    snap.store.extend(quads)
    snap.store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)


def _successor_locations(snap: Snapshot) -> None:
    located = NamedNode(snap.iris.ontology_ns + "locatedIn")
    quads = []
    ended = {iri: successor for iri, unit in snap.units.items() if not unit.valid_on(snap.as_of)
             and (successor := snap.successor(iri)) is not None}
    if not ended:
        return
    values = " ".join(f"<{iri}>" for iri in sorted(ended))  # what is in the units that ended, not every location
    for r in snap.select(f"SELECT DISTINCT ?s ?p WHERE {{ VALUES ?p {{ {values} }} ?s egov:locatedIn ?p . ?p a egov:Province }}"):
        quads.append(Quad(r["s"], located, NamedNode(ended[r["p"].value]), snap.as_of_graph))
    snap.store.extend(quads)
    snap.store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)

