"""A province's scorecard as of a date: its systems by framework layer (present, planned, legacy, consolidated),
its compliance result per rule with the sentence that shows it, its key figures by year with their sources, the
framework in force, and what it still lacks — the components and links the rules in force require and no
counted report shows, each with its rule and legal basis, what others depend on first.

The compliance part is the engine's report (:func:`graph.compliance.engine.evaluate`, or the guarded runner's
``evaluate``) handed in, so the scorecard and ``egovkg check`` count the same findings. The rest is read from
the as-of view (:func:`graph.compliance.snapshot.build_snapshot`) of the same date: statuses on the date, systems
of merged provinces counted for their successor. What is required, and in which order, comes from the rules'
queries (:mod:`graph.compliance.requirements`), never from a list here. This module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date

from egovkg.errors import NotFoundError
from graph.compliance.engine import RANK, ComplianceReport, Finding, ProvinceResult, resolve_unit
from graph.compliance.report import finding_dict
from graph.compliance.requirements import NOT_COMPONENTS, check_needs, dependency_rank, required_components
from graph.compliance.rules import Rule
from graph.compliance.snapshot import Snapshot, build_snapshot
from graph.kg import KnowledgeGraph
from graph.units import read_units, successor_on
from ontology.names import display_name

__all__ = ["KEY_CLASSES", "LAYER_ORDER", "STATES", "Frameworks", "Lack", "Scorecard", "SystemEntry", "build_scorecard",
           "framework_day", "frameworks", "lack_message", "province_systems", "resolve_unit", "to_text"]

LAYER_ORDER = ("chn", "app", "int", "dat", "inf", "sec", "gov", "ext")
STATES = ("present", "planned", "legacy", "consolidated")
#: the systems the national picture shows a column for (by class): integration, operations, security, documents, data centre
KEY_CLASSES = ("LGSP", "IOC", "SOC", "DocumentManagementSystem", "ProvincialDataCenter", "ProvincialTTHCSystem")
PLANNED = ("planned", "in-development")


@dataclass
class SystemEntry:
    iri: str
    id: str
    label_vi: str
    label_en: str
    layer: str
    state: str  # one of STATES
    status: str | None  # the status on the date, as stated (operational, pilot, planned, in-development, retired)
    classes: list[str]  # egov classes, closed over rdfs:subClassOf
    kind_vi: str | None = None
    kind_en: str | None = None
    from_unit: str | None = None  # slug of the merged unit it came from
    consolidated_into: str | None = None


@dataclass
class Lack:
    kind: str  # component | link
    status: str  # violation | warning | unchecked (no report shows a component a rule needs to be checked)
    rule_id: str
    rule_label_vi: str
    rule_label_en: str
    check: str | None
    message_vi: str
    message_en: str
    components: list[str]  # classes missing (kind component) or needed (kind link)
    components_vi: list[str]
    components_en: list[str]
    source: dict
    rank: int = 0
    depends_on: list[str] = field(default_factory=list)  # rule ids of the lacks to close first
    #: for an "unchecked" component: why (none_shown: no report names one; not_in_service) and the rules it blocks
    reason: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass
class Figure:
    year: int | None
    measure: str
    label_vi: str
    label_en: str
    unit: str | None
    value: float
    approx: str | None
    out_of: float | None
    entity: str
    entity_label: str
    source: str
    quote: str | None
    note: str | None = None
    target: bool = False  # a figure planned, not reached (egov:Target, or a note that starts "target")


@dataclass
class Frameworks:
    current: dict | None
    all: list[dict]


@dataclass
class Scorecard:
    province: str
    label_vi: str
    label_en: str
    as_of: date
    valid_from: date | None
    valid_to: date | None
    predecessors: list[dict]  # the units merged into it: slug, label_vi, label_en, valid_to
    framework: Frameworks
    score: float | None
    scores: dict[str, float | None]
    rule_status: dict[str, str]
    counts: dict[str, int]
    rules: list[dict]  # per rule: id, label, severity, layer, status, findings (dicts of report.finding_dict)
    layers: dict[str, dict[str, list[SystemEntry]]]
    lacks: list[Lack]
    required: list[dict]
    figures: list[Figure]
    sources: list[dict]

    def to_dict(self) -> dict:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        out["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return out


# -- the province and the date -------------------------------------------------------------------------------------

def frameworks(kg: KnowledgeGraph, day: date) -> Frameworks:
    """The national architecture frameworks (VNEAF 1.0 → 4.0 → the national digital architecture), and the one in
    force on ``day`` (the latest issued by then)."""
    rows = kg.select("""
        SELECT ?f ?slug ?from ?to (SAMPLE(?vi) AS ?label_vi) (SAMPLE(?en) AS ?label_en) (SAMPLE(?alt) AS ?short) WHERE {
          ?f a egov:ArchitectureFramework ; egov:slug ?slug .
          OPTIONAL { ?f egov:validFrom ?from } OPTIONAL { ?f egov:validTo ?to }
          OPTIONAL { ?f rdfs:label ?vi FILTER(LANG(?vi) = "vi") } OPTIONAL { ?f rdfs:label ?en FILTER(LANG(?en) = "en") }
          OPTIONAL { ?f skos:altLabel ?alt FILTER(STRSTARTS(?alt, "VNEAF")) }
        } GROUP BY ?f ?slug ?from ?to""").dicts()
    items = []
    for r in rows:
        items.append({"slug": r["slug"].value, "label_vi": r["label_vi"].value if r.get("label_vi") else r["slug"].value,
                      "label_en": r["label_en"].value if r.get("label_en") else r["slug"].value,
                      "short": r["short"].value if r.get("short") else None,
                      "valid_from": r["from"].value[:10] if r.get("from") else None,
                      "valid_to": r["to"].value[:10] if r.get("to") else None})
    items.sort(key=lambda f: f["valid_from"] or "")
    current = None
    for f in items:
        if f["valid_from"] and f["valid_from"] <= day.isoformat():
            current = f  # the latest issued by the date: the frameworks chain, each superseding the one before
    return Frameworks(current, items)


def framework_day(fw: Frameworks, slug: str, day: date) -> date:
    """The date to check when the user picks framework ``slug``: ``day`` if the framework was in force then,
    else the last day it was (today for the framework in force)."""
    chosen = next((f for f in fw.all if f["slug"] == slug), None)
    if chosen is None:
        raise NotFoundError(f"framework '{slug}' is unknown (one of {', '.join(f['slug'] for f in fw.all)})")
    start = date.fromisoformat(chosen["valid_from"]) if chosen["valid_from"] else date.min
    later = [f for f in fw.all if f["valid_from"] and f["valid_from"] > (chosen["valid_from"] or "")]
    end = date.fromordinal(date.fromisoformat(later[0]["valid_from"]).toordinal() - 1) if later else date.today()
    return day if start <= day <= end else (end if day > end else start)


# -- the systems on the date --------------------------------------------------------------------------------------

def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def province_systems(snap: Snapshot, provinces: set[str]) -> dict[str, list[SystemEntry]]:
    """Province IRI → its systems in the as-of view (its own and those of the units merged into it), with their
    state on the date."""
    ids = snap.iris.base + "id/system/"
    ns = snap.iris.ontology_ns
    rows = snap.select("""
        SELECT ?s ?p ?layer ?status ?into (SAMPLE(?vi) AS ?label_vi) (SAMPLE(?en) AS ?label_en) WHERE {
          ?s egov:locatedIn ?p ; egov:layer ?layer . ?p a egov:Province .
          OPTIONAL { ?s egov:status ?status } OPTIONAL { ?s egov:consolidatedInto ?into }
          OPTIONAL { ?s rdfs:label ?vi FILTER(LANG(?vi) = "vi") } OPTIONAL { ?s rdfs:label ?en FILTER(LANG(?en) = "en") }
        } GROUP BY ?s ?p ?layer ?status ?into""")
    classes: dict[str, list[str]] = defaultdict(list)
    for r in snap.select("SELECT ?s ?c WHERE { ?s egov:locatedIn ?p ; egov:layer ?l ; a ?c . ?p a egov:Province }"):
        if r["c"].value.startswith(ns) and r["c"].value[len(ns):] not in NOT_COMPONENTS:
            classes[r["s"].value].append(r["c"].value[len(ns):])
    kinds = {r["c"].value[len(ns):]: (r["vi"].value if "vi" in r else None, r["en"].value if "en" in r else None)
             for r in snap.select("""SELECT ?c (SAMPLE(?v) AS ?vi) (SAMPLE(?e) AS ?en) WHERE { ?c a owl:Class .
                 OPTIONAL { ?c rdfs:label ?v FILTER(LANG(?v) = "vi") } OPTIONAL { ?c rdfs:label ?e FILTER(LANG(?e) = "en") } }
                 GROUP BY ?c""") if r["c"].value.startswith(ns)}
    below: dict[str, set[str]] = defaultdict(set)  # class → its subclasses (direct or not: the view closed them)
    for r in snap.select("SELECT ?a ?b WHERE { ?a rdfs:subClassOf ?b FILTER(?a != ?b) }"):
        below[r["b"].value.removeprefix(ns)].add(r["a"].value.removeprefix(ns))
    direct = {s: min((c for c in cs if not below[c] & set(cs)), default=None) for s, cs in classes.items()}
    found: dict[str, dict[str, SystemEntry]] = defaultdict(dict)
    origin: dict[str, str] = {}
    for r in rows:
        unit = snap.units.get(r["p"].value)
        if unit is not None and not unit.valid_on(snap.as_of):
            origin[r["s"].value] = unit.slug
    for r in rows:
        p = r["p"].value
        if p not in provinces:
            continue
        s = r["s"].value
        status = _local(r["status"].value) if "status" in r else None
        into = r["into"].value if "into" in r else None
        state = ("consolidated" if into else "legacy" if status == "retired" else "planned" if status in PLANNED
                 else "present")
        held = found[p].get(s)
        if held is not None and (held.state == "consolidated" or state != "consolidated"):
            continue
        kind = direct.get(s) or next(iter(sorted(classes.get(s, []))), None)
        vi = r["label_vi"].value if "label_vi" in r else None
        en = r["label_en"].value if "label_en" in r else None
        found[p][s] = SystemEntry(
            s, s[len(ids):] if s.startswith(ids) else s, vi or en or s, en or vi or s, _local(r["layer"].value), state, status,
            sorted(classes.get(s, [])), kinds.get(kind, (None, None))[0] if kind else None,
            kinds.get(kind, (None, None))[1] if kind else None, origin.get(s), into)
    return {p: sorted(v.values(), key=lambda e: (e.label_vi.casefold(), e.id)) for p, v in found.items()}


def provincial_classes(kg: KnowledgeGraph) -> set[str]:
    """The classes some province's own system has (as stated): what a province can lack."""
    ns = kg.iris.ontology_ns
    return kg.derived(("provincial-classes",), lambda: {
        r["c"].value[len(ns):] for r in kg.select(
            "SELECT DISTINCT ?c WHERE { ?s egov:locatedIn ?p ; egov:layer ?l ; a ?c . ?p a egov:Province }").dicts()
        if r["c"].value.startswith(ns)})


def class_labels(snap: Snapshot, names: set[str]) -> dict[str, tuple[str, str]]:
    if not names:
        return {}
    ns = snap.iris.ontology_ns
    values = " ".join(f"<{ns}{n}>" for n in sorted(names))
    out = {n: (n, n) for n in names}
    for r in snap.select(f"""SELECT ?c (SAMPLE(?v) AS ?vi) (SAMPLE(?e) AS ?en) WHERE {{ VALUES ?c {{ {values} }}
                            OPTIONAL {{ ?c rdfs:label ?v FILTER(LANG(?v) = "vi") }} OPTIONAL {{ ?c rdfs:label ?e FILTER(LANG(?e) = "en") }} }}
                            GROUP BY ?c"""):
        name = r["c"].value[len(ns):]
        out[name] = (r["vi"].value if "vi" in r else name, r["en"].value if "en" in r else name)
    return out


# -- figures -----------------------------------------------------------------------------------------------------

def _figures(snap: Snapshot, units: set[str], systems: set[str]) -> list[Figure]:
    """Figures the counted reports give about the province (or a unit merged into it) and its systems, latest year first."""
    values = " ".join(f"<{u}>" for u in sorted(units | systems))
    if not values:
        return []
    src_prefix = snap.iris.base + "id/source/"
    out = []
    for r in snap.select(f"""
        SELECT ?e ?measure ?value ?year ?approx ?outOf ?q ?note ?src ?unit (SAMPLE(?t) AS ?target) (SAMPLE(?mvi) AS ?mv) (SAMPLE(?men) AS ?me)
               (SAMPLE(?evi) AS ?ev) WHERE {{
          VALUES ?e {{ {values} }}
          ?o a egov:Observation ; egov:observedEntity ?e ; egov:measure ?measure ; egov:value ?value ; prov:wasDerivedFrom ?src .
          OPTIONAL {{ ?o egov:refYear ?year }} OPTIONAL {{ ?o egov:approx ?approx }} OPTIONAL {{ ?o egov:outOf ?outOf }}
          OPTIONAL {{ ?o egov:quote ?q }} OPTIONAL {{ ?o egov:note ?note }} OPTIONAL {{ ?measure egov:unit ?unit }}
          OPTIONAL {{ ?o a egov:Target . BIND(true AS ?t) }}
          OPTIONAL {{ ?measure rdfs:label ?mvi FILTER(LANG(?mvi) = "vi") }} OPTIONAL {{ ?measure rdfs:label ?men FILTER(LANG(?men) = "en") }}
          OPTIONAL {{ ?e rdfs:label ?evi FILTER(LANG(?evi) = "vi") }}
        }} GROUP BY ?e ?measure ?value ?year ?approx ?outOf ?q ?note ?src ?unit"""):
        try:
            value = float(r["value"].value)
        except ValueError:
            continue
        measure = _local(r["measure"].value)
        note = r["note"].value if "note" in r else None
        out.append(Figure(
            int(r["year"].value) if "year" in r else None, measure, r["mv"].value if "mv" in r else measure,
            r["me"].value if "me" in r else measure, r["unit"].value if "unit" in r else None, value,
            _local(r["approx"].value) if "approx" in r else None, float(r["outOf"].value) if "outOf" in r else None,
            r["e"].value, r["ev"].value if "ev" in r else _local(r["e"].value),
            r["src"].value.removeprefix(src_prefix), r["q"].value if "q" in r else None, note,
            "target" in r or bool(note and note.lower().startswith("target"))))
    out.sort(key=lambda f: (f.target, -(f.year or 0), f.entity not in units, f.label_en, -f.value))
    return out


# -- what it lacks -------------------------------------------------------------------------------------------------

def _lacks(result: ProvinceResult, rules: list[Rule], systems: list[SystemEntry], day: date,
           labels: dict[str, tuple[str, str]], provincial: set[str]) -> tuple[list[Lack], list[dict]]:
    by_rule = {r.rule_id: r for r in rules}
    checks = {c.id: (r, c) for r in rules for c in r.checks}
    in_service = {c for s in systems if s.state == "present" for c in s.classes}
    anywhere = {c for s in systems for c in s.classes}
    lacks: list[Lack] = []
    supplies: dict[int, frozenset[str]] = {}
    needs: dict[int, frozenset[str]] = {}

    def names(cs: list[str], lang: int) -> list[str]:
        return [labels.get(c, (c, c))[lang] for c in cs]

    # the rules that ask for a component as such (a check with nothing but its absence): their gap comes first;
    # another rule's "its LGSP is not in service" waits for it
    existence: dict[str, set[str]] = defaultdict(set)
    for rule in rules:
        for check in rule.checks:
            n = check_needs(check)
            if not n.needs:
                for c in n.absent:
                    existence[c].add(rule.rule_id)
    shown: set[str] = set()
    for f in result.findings:
        if f.status not in ("violation", "warning") or f.check not in checks:
            continue
        rule, check = checks[f.check]
        n = check_needs(check)
        if check.basis != "not-stated" and not n.absent:
            continue  # a stated fault (a level too low, a stale link), not something missing
        kind = "component" if n.absent and not f.edges and n.needed <= n.absent else "link"
        comps = sorted(n.absent) if kind == "component" else sorted((n.needed | n.absent) & provincial)
        lacks.append(Lack(kind, f.status, rule.rule_id, rule.label["vi"], rule.label["en"], check.id, f.message_vi,
                          f.message_en, comps, names(comps, 0), names(comps, 1), rule.source_dict()))
        i = len(lacks) - 1
        own = frozenset(c for c in n.absent if not existence[c] or rule.rule_id in existence[c])
        supplies[i] = own if kind == "component" else frozenset()
        needs[i] = (n.needed | n.absent) if kind == "link" else (n.needed | n.absent) - own
        if kind == "component":
            shown |= n.absent
    required = []
    for group, rule_ids in sorted(required_components(rules, day, provincial).items(), key=lambda g: sorted(g[0])):
        comps = sorted(group)
        have = [s.id for s in systems if s.state == "present" and set(s.classes) & group]
        state = "present" if have else "planned" if any(
            s.state == "planned" and set(s.classes) & group for s in systems) else "missing"
        required.append({"components": comps, "components_vi": names(comps, 0), "components_en": names(comps, 1),
                         "rules": rule_ids, "state": state, "systems": have})
        if group & in_service or group & shown:
            continue
        rule = by_rule[rule_ids[0]]
        note_vi = "chưa có báo cáo nào nêu" if not group & anywhere else "chưa đang vận hành theo các báo cáo"
        note_en = "no counted report shows one" if not group & anywhere else "not in service according to the reports"
        lacks.append(Lack("component", "unchecked", rule.rule_id, rule.label["vi"], rule.label["en"], None,
                          f"{' / '.join(names(comps, 0))}: {note_vi}; {', '.join(rule_ids)} không kiểm tra được nếu thiếu nó.",
                          f"{' / '.join(names(comps, 1))}: {note_en}; {', '.join(rule_ids)} cannot be checked without it.",
                          comps, names(comps, 0), names(comps, 1), rule.source_dict(),
                          reason="none_shown" if not group & anywhere else "not_in_service", rules=list(rule_ids)))
        supplies[len(lacks) - 1] = group
        needs[len(lacks) - 1] = frozenset()
    rank = dependency_rank([(str(i), needs[i], supplies[i]) for i in range(len(lacks))])
    suppliers = defaultdict(list)
    for i in range(len(lacks)):
        for c in supplies[i]:
            suppliers[c].append(i)
    for i, lack in enumerate(lacks):
        lack.rank = rank[str(i)]
        lack.depends_on = sorted({lacks[j].rule_id for c in needs[i] for j in suppliers.get(c, ()) if j != i})
    order = {"violation": 0, "warning": 1, "unchecked": 2}
    lacks.sort(key=lambda x: (x.rank, x.kind != "component", order[x.status], x.rule_id, x.message_en))
    return lacks, required


# -- the scorecard -------------------------------------------------------------------------------------------------

def build_scorecard(kg: KnowledgeGraph, report: ComplianceReport, slug: str) -> Scorecard:
    """The scorecard of province ``slug`` from ``report`` (the compliance report of that province on a date)."""
    day = report.as_of
    result = next((p for p in report.provinces if p.unit.slug == slug), None)
    if result is None:
        raise NotFoundError(f"the compliance report of {day.isoformat()} does not cover province '{slug}'")
    unit = result.unit
    fw = frameworks(kg, day)
    snap = build_snapshot(kg, day, provinces=[unit.iri])
    try:
        systems = province_systems(snap, {unit.iri}).get(unit.iri, [])
        provincial = provincial_classes(kg) | {c for s in systems for c in s.classes}
        wanted = {c for r in report.rules for ch in r.checks for c in check_needs(ch).needed | check_needs(ch).absent}
        labels = class_labels(snap, wanted | {c for s in systems for c in s.classes})
        lacks, required = _lacks(result, report.rules, systems, day, labels, provincial)
        units = read_units(kg)
        merged = {u.iri for u in units.values() if u.iri != unit.iri and successor_on(units, u.iri, day) is not None
                  and successor_on(units, u.iri, day).iri == unit.iri}
        figures = _figures(snap, {unit.iri} | merged, {s.iri for s in systems})
    finally:
        snap.close()
    layers: dict[str, dict[str, list[SystemEntry]]] = {}
    for layer in LAYER_ORDER + tuple(sorted({s.layer for s in systems} - set(LAYER_ORDER))):
        layers[layer] = {state: [s for s in systems if s.layer == layer and s.state == state] for state in STATES}
    findings: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        findings[f.rule_id].append(f)
    rules = []
    for rule in report.rules:
        status = result.rule_status.get(rule.rule_id, "not_applicable")
        rules.append({"rule_id": rule.rule_id, "label_vi": rule.label["vi"], "label_en": rule.label["en"],
                      "severity": rule.severity, "layer": rule.layer, "status": status, "source": rule.source_dict(),
                      "findings": [finding_dict(report, f) for f in findings.get(rule.rule_id, [])]})
    rules.sort(key=lambda r: (-RANK[r["status"]], r["rule_id"]))
    counts = {s: sum(1 for v in result.rule_status.values() if v == s) for s in RANK}
    sources = [s for s in report.sources if s["id"] in set(result.sources)]
    return Scorecard(
        province=unit.slug, label_vi=unit.label_vi, label_en=unit.label_en, as_of=day, valid_from=unit.valid_from,
        valid_to=unit.valid_to, predecessors=[
            {"slug": units[u].slug, "label_vi": units[u].label_vi, "label_en": units[u].label_en,
             "valid_to": units[u].valid_to.isoformat() if units[u].valid_to else None}
            for u in sorted(merged, key=lambda i: units[i].slug)], framework=fw,
        score=result.score, scores=result.scores, rule_status=dict(result.rule_status), counts=counts, rules=rules,
        layers=layers, lacks=lacks, required=required, figures=figures, sources=sources)


def _number(value: float, lang: str) -> str:
    """1.463 / 1,463; 2,5 / 2.5."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:g}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def lack_message(lack: Lack, t: Callable[..., str]) -> str:
    """A gap in the language of ``t``: a rule's own message, or (a component no rule could check) the catalogue's words."""
    lang = getattr(t, "lang", "en")
    if lack.reason:
        return t(f"scorecard.unchecked.{lack.reason}", components=" / ".join(lack.components_vi if lang == "vi" else lack.components_en),
                 rules=", ".join(lack.rules))
    return lack.message_vi if lang == "vi" else lack.message_en


def to_text(sc: Scorecard, t: Callable[..., str]) -> str:
    """The scorecard for people, in the language of ``t`` (the UI catalogue's translator)."""
    lang = getattr(t, "lang", "en")
    fw = sc.framework.current
    score = "—" if sc.score is None else f"{sc.score:.0f}/100"
    lines = [f"{t('scorecard.title')}: {display_name(sc, lang)} ({sc.province}) — {t('compliance.as_of')} {sc.as_of.isoformat()}",
             f"{t('scorecard.framework')}: {(fw['short'] or fw['label_' + lang]) if fw else '—'}; {t('compliance.score')}: {score}; "
             + ", ".join(f"{n} {t('compliance.status.' + s)}" for s, n in sc.counts.items() if n),
             "", t("scorecard.lacks") + ":"]
    for i, lack in enumerate(sc.lacks, 1):
        docs = "; ".join(d["identifier"] or d[f"label_{lang}"] for d in lack.source["documents"])
        lines.append(f"  {i:2}. [{t('compliance.status.' + lack.status)}] {lack.rule_id}: {lack_message(lack, t)}")
        lines.append(f"      {t('compliance.legal_basis')}: {docs or '—'}"
                     + (f" ({lack.source['article']})" if lack.source.get("article") else "")
                     + (f"; {t('scorecard.after')} {', '.join(lack.depends_on)}" if lack.depends_on else ""))
    if not sc.lacks:
        lines.append("  " + t("scorecard.lacks_none"))
    lines += ["", t("scorecard.rules") + ":"]
    for r in sc.rules:
        lines.append(f"  {t('compliance.status.' + r['status']):16} {r['rule_id']:14} [{t('compliance.severity.' + r['severity'])}] "
                     f"{r['label_vi'] if lang == 'vi' else r['label_en']}")
        for f in r["findings"]:
            if f["status"] in ("pass", "not_applicable"):
                continue
            lines.append(f"  {'':16} {'':14} {f['message_vi'] if lang == 'vi' else f['message_en']}")
            quote = next((e for e in f["evidence"] if e.get("quote")), None)
            if quote:
                lines.append(f"  {'':16} {'':14}   [{quote['source']}] “{quote['quote']}”")
    lines += ["", t("scorecard.systems") + ":"]
    for layer, states in sc.layers.items():
        held = {s: v for s, v in states.items() if v}
        if held:
            lines.append(f"  {t('compliance.layer.' + layer)}: " + "; ".join(
                f"{t('scorecard.state.' + s)} {len(v)} ({', '.join(e.label_vi for e in v[:6])}{' …' if len(v) > 6 else ''})"
                for s, v in held.items()))
    lines += ["", t("scorecard.figures") + ":"]
    for f in [f for f in sc.figures if f.entity.rsplit("/", 2)[-2] == "province"][:20]:
        lines.append(f"  {f.year or '—'}  {f.label_vi if lang == 'vi' else f.label_en}: {_number(f.value, lang)}"
                     f"{' ' + f.unit if f.unit and f.unit != 'count' else ''}  [{f.source}]")
    lines += ["", t("scorecard.sources") + ": " + (", ".join(s["id"] for s in sc.sources) or "—")]
    return "\n".join(lines) + "\n"
