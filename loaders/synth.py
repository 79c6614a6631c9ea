"""A synthetic national graph: every province's e-government landscape, as N-Quads, for scale tests
and benchmarks (``egovkg synth``).

The output has the shape the curated loader gives (``loaders.facts``): one named graph per synthetic
report (``<base>graph/source/synth-<province>-<year>``) holding the report's PROV record, the
agencies and systems it names, the links it states (a direct triple plus a reified
``egov:LinkAssertion``), status records and observations. So every other part of egovkg reads it
unchanged. It uses the real ontology (kinds, relations, measures, national systems; checked at
start) and the real provinces and 2025 merger map of ``ontology/admin-units.ttl``:

- a report per pre-reform province and year up to 2024, and a report per current province for
  2025, in which the systems of merged provinces are ``egov:consolidatedInto`` the new province's
  and the old ones retired; communes (with their one-stop deployments) and the online-service
  catalogue (``egov:OnlineService`` by level) sit in the 2025 reports;
- links follow the framework (domain.md §2.2), except a configurable share that is left out or
  bypasses the LGSP, and optional components that are missing, so compliance has work to do.

Deterministic: the same options write the same bytes (every choice comes from a seeded generator,
per province, and everything is written in a fixed order). Reports are labelled synthetic
(``dcterms:type "synthetic"``): never load them into a store that holds real data.
This module writes text; it never touches a store.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from egovkg.errors import InputError
from loaders.synth_catalog import (
    AGENCIES, COMMUNE_SYLLABLES, CORE_SYSTEMS, DEPARTMENTS, FIGURES, FRAMEWORK_LINKS, IT_AGENCY, NATIONAL, RATES,
    SECTORAL, SERVICE_ACTIONS, SERVICE_OBJECTS, SHARES_VIA_LGSP, SystemSpec,
)
from loaders.synth_records import REFORM_YEAR, Plan, RecordWriter, Report, System, Terms, lit, typed
from loaders.synth_reform import reform_report
from loaders.synth_units import ProvinceUnits, admin_units
from ontology import IRIs
from ontology.names import slug as make_slug

__all__ = ["SIZES", "REFORM_YEAR", "SynthOptions", "SynthSummary", "SyntheticGraph", "lit", "write_synthetic"]
#: size presets of ``egovkg synth --size``: (current provinces, scale), measured with seed 1
SIZES: dict[str, tuple[int, float]] = {"100k": (4, 0.5), "1m": (34, 0.8), "5m": (34, 7.2)}


@dataclass(frozen=True)
class SynthOptions:
    provinces: int = 34            # current (post-2025) provinces, with all their predecessors
    seed: int = 1
    scale: float = 1.0             # multiplies the volume per province (services, communes, systems, figures)
    first_year: int = 2019
    last_year: int = REFORM_YEAR
    services_per_province: int = 2000
    communes: int = 3321           # nationwide, after the reform; shared out by province
    noncompliant: float = 0.15     # share of framework links left out or bypassing the LGSP
    missing: float = 0.10          # share of optional components (and security levels) missing

    def check(self) -> None:
        if not 1 <= self.provinces <= 34:
            raise InputError(f"--provinces must be between 1 and 34 (the current provinces), not {self.provinces}")
        if not 0 < self.scale <= 100:
            raise InputError(f"--scale must be above 0 and at most 100, not {self.scale}")
        if not 2000 <= self.first_year <= self.last_year <= 2030:
            raise InputError(f"years {self.first_year}–{self.last_year}: need 2000 ≤ first ≤ last ≤ 2030")
        for name in ("noncompliant", "missing"):
            if not 0 <= getattr(self, name) <= 1:
                raise InputError(f"--{name} is a share between 0 and 1")


@dataclass
class SynthSummary:
    reports: int = 0
    quads: int = 0
    provinces: list[str] = field(default_factory=list)


class SyntheticGraph(RecordWriter):
    def __init__(self, options: SynthOptions, iris: IRIs | None = None) -> None:
        options.check()
        self.options = options
        self.iris = iris or IRIs()
        self.t = Terms(self.iris)
        self.units: ProvinceUnits = admin_units(self.iris)
        self._check_catalogue()

    def _check_catalogue(self) -> None:
        from loaders.vocabulary import vocabulary_for

        vocab = vocabulary_for(self.iris)
        kinds = {s.kind for s in CORE_SYSTEMS} | {s[1] for s in SECTORAL} | {"ComponentPortal", "OneStopShopSystem"}
        problems = sorted(k for k in kinds if k not in vocab.system_kinds)
        problems += sorted(a[1] for a in AGENCIES if a[1] not in vocab.organization_kinds)
        problems += sorted(link.rel for link in FRAMEWORK_LINKS if link.rel not in vocab.relations)
        problems += sorted(m for m, *_ in FIGURES if m not in vocab.measures)
        problems += sorted(m for m, *_ in RATES if m not in vocab.measures)
        nationals = {link.target for link in FRAMEWORK_LINKS} | {link.network or "" for link in FRAMEWORK_LINKS}
        nationals |= {NATIONAL + s[5] for s in SECTORAL if s[5]}
        problems += sorted(n for n in nationals if n.startswith(NATIONAL) and n[len(NATIONAL):] not in vocab.national_systems)
        if problems:
            raise InputError(f"the synthetic catalogue names terms the ontology does not define: {', '.join(problems)}")

    # -- the provinces -------------------------------------------------------------------------------
    def selected(self) -> list[str]:
        current = sorted(self.units.current)
        if self.options.provinces >= len(current):
            return current
        return sorted(random.Random(f"{self.options.seed}:provinces").sample(current, self.options.provinces))

    def reports_planned(self) -> int:
        o = self.options
        n = 0
        for province in self.selected():
            for unit in self.units.predecessors(province):
                n += sum(1 for y in range(o.first_year, o.last_year + 1) if y < REFORM_YEAR and self.units.valid(unit, y))
            n += 1 if o.last_year >= REFORM_YEAR else 0
        return n

    def _rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.options.seed, *parts)))

    def plan(self, unit: str) -> Plan:
        o, rng = self.options, self._rng("plan", unit)
        vi, en = self.units.labels[unit]
        systems: dict[str, System] = {}
        for spec in CORE_SYSTEMS:
            if spec.optional and rng.random() < o.missing:
                continue
            systems[spec.slug] = self._system(spec, vi, en, rng)
        if "lgsp" in systems and rng.random() < o.missing / 5:
            del systems["lgsp"]  # no LGSP at all (VNEAF-INT-02, violation)
        elif "lgsp" in systems and rng.random() < o.noncompliant / 4:
            second = SystemSpec("lgsp-y-te", "LGSP", "Nền tảng tích hợp dữ liệu ngành y tế tỉnh {p}",
                                "{p} health-sector integration platform", "so-y-te", since=(2020, 2023))
            systems["lgsp-y-te"] = self._system(second, vi, en, rng)  # a second LGSP (VNEAF-INT-02, warning)
        n_sectoral = max(3, round(10 * o.scale))
        for i, (slug, kind, s_vi, s_en, owner, db) in enumerate(rng.sample(SECTORAL, min(n_sectoral, len(SECTORAL)))):
            systems[slug] = System(slug, kind, s_vi.format(p=vi), s_en.format(p=en), owner, ("province",),
                                    rng.randint(2012, 2022), security_level=self._security(rng), national_db=db)
        for k in range(len(SECTORAL), n_sectoral):
            dept = DEPARTMENTS[k % len(DEPARTMENTS)]
            slug = f"ung-dung-{dept}-{k}"
            systems[slug] = System(slug, "SectoralApplication", f"Phần mềm chuyên ngành số {k} ({dept}) tỉnh {vi}",
                                    f"{en} sectoral application {k} ({dept})", dept, ("province",),
                                    rng.randint(2012, 2024), security_level=self._security(rng))
        if "portal" in systems:
            for dept in DEPARTMENTS:
                label = next(a for a in AGENCIES if a[0] == dept)
                slug = f"cong-tp-{dept}"
                systems[slug] = System(slug, "ComponentPortal", "Trang thông tin điện tử " + label[2].format(p=vi),
                                        "Website of the " + label[3].format(p=en), dept, ("province",),
                                        rng.randint(2012, 2018))
        size = self._rng("size", unit).uniform(0.5, 1.6)  # its own generator: the same whatever the scale
        return Plan(unit, vi, en, systems, self._links(systems, rng), size=size)

    def _security(self, rng: random.Random) -> int | None:
        return None if rng.random() < self.options.missing else rng.choice((1, 2, 2, 3, 3, 3, 4))

    def _system(self, spec: SystemSpec, vi: str, en: str, rng: random.Random) -> System:
        platform = spec.slug in ("lgsp", "tthc-system", "ioc", "data-center", "dms")
        level = self._security(rng)
        if platform and level is not None and rng.random() >= self.options.noncompliant:
            level = max(level, 3)  # VNEAF-SEC-02: shared platforms at level 3 or more, except the non-compliant share
        return System(spec.slug, spec.kind, spec.vi.format(p=vi), spec.en.format(p=en), spec.owner, spec.levels,
                       rng.randint(*spec.since), spec.alias, rng.choice(spec.product) if spec.product else None, level)

    def _links(self, systems: dict[str, System], rng: random.Random) -> list[tuple[str, str, str, int, str | None]]:
        o = self.options
        links: list[tuple[str, str, str, int, str | None]] = []

        def since_of(slug: str) -> int:
            return systems[slug].since if slug in systems else 2015

        def present(slug: str) -> bool:
            return slug.startswith(NATIONAL) or slug in systems

        bypass_lgsp = rng.random() < o.noncompliant  # the TTHC system reads the population DB directly (INT-04)
        for spec in FRAMEWORK_LINKS:
            if not (present(spec.source) and present(spec.target)):
                continue
            start = max(since_of(spec.source), since_of(spec.target), spec.since or 0) + rng.choice((0, 0, 1))
            network = spec.network
            if rng.random() < o.noncompliant:
                if network and rng.random() < 0.5:
                    network = None  # stated, but not over the specialised network (VNEAF-NET-01)
                else:
                    continue        # left out
            links.append((spec.source, spec.rel, spec.target, start, network))
        lgsp_since = since_of("lgsp")
        peers = sorted(s for s in systems if systems[s].kind in ("SectoralApplication", "SectoralDB", "HealthRecordSystem"))
        for slug in sorted(systems):
            system = systems[slug]
            shares = slug in SHARES_VIA_LGSP or system.kind in ("SectoralApplication", "SectoralDB", "HealthRecordSystem")
            if not shares or "lgsp" not in systems:
                continue
            start = max(system.since, lgsp_since) + rng.choice((0, 1))
            if (slug == "tthc-system" and bypass_lgsp) or (slug != "tthc-system" and rng.random() < o.noncompliant):
                # point to point instead of through the LGSP (VNEAF-INT-01)
                others = [p for p in peers if p != slug and systems[p].owner != system.owner]
                if others:
                    links.append((slug, "connectsTo", rng.choice(others), start, None))
                continue
            links.append((slug, "exchangesDataVia", "lgsp", start, "tslcd-l2" if "tslcd-l2" in systems else None))
        for slug in sorted(systems):
            db = systems[slug].national_db
            if db:
                links.append((slug, "queriesDataFrom", NATIONAL + db, max(systems[slug].since, 2019), None))
            if systems[slug].kind == "ComponentPortal":
                links.append((slug, "componentOf", "portal", systems[slug].since, None))
        return links

    # -- writing -------------------------------------------------------------------------------------
    def write(self, out: IO[str], progress: Callable[[int, int], None] | None = None) -> SynthSummary:
        """Write every report as N-Quads to ``out``; ``progress(done, total)`` after each report."""
        o = self.options
        summary = SynthSummary(provinces=self.selected())
        total = self.reports_planned()
        for province in summary.provinces:
            plans = {unit: self.plan(unit) for unit in self.units.predecessors(province)}
            for unit, plan in plans.items():
                for year in range(o.first_year, min(o.last_year, REFORM_YEAR - 1) + 1):
                    if not self.units.valid(unit, year):
                        continue
                    lines = self._yearly_report(plan, year)
                    out.write("".join(lines))
                    summary.reports += 1
                    summary.quads += len(lines)
                    if progress:
                        progress(summary.reports, total)
            if o.last_year >= REFORM_YEAR:
                lines = reform_report(self, province, plans)
                out.write("".join(lines))
                summary.reports += 1
                summary.quads += len(lines)
                if progress:
                    progress(summary.reports, total)
        return summary

    def _yearly_report(self, plan: Plan, year: int) -> list[str]:
        r = Report(self.t, f"synth-{plan.unit}-{year}")
        province = self.header(r, plan.unit, plan.vi, year, IT_AGENCY[False])
        self.agencies(r, plan.unit, plan.vi, plan.en, province, year)
        self.systems_and_links(r, plan, plan.unit, province, year)
        self.figures(r, plan, plan.unit, province, year)
        return r.lines

    def systems_and_links(self, r: Report, plan: Plan, unit: str, province: str, year: int) -> None:
        rng = self._rng("statuses", r.source_id)
        as_of = f"{year}-12-31"
        reported = {s: sys for s, sys in plan.systems.items() if sys.since <= year + 1}
        for slug, system in reported.items():
            if system.since == year + 1:
                status: str | None = "planned"
            elif system.since == year:
                status = rng.choice(("pilot", "operational"))
            else:
                status = "operational" if rng.random() < 0.3 else None
            owner = IT_AGENCY[year < REFORM_YEAR] if system.owner == "so-tttt" else system.owner
            self.describe(r, unit, province, system, year, status=status, as_of=as_of, owner=owner)
        for source, rel, target, since, network in plan.links:
            if since > year or (source in plan.systems and plan.systems[source].since > year):
                continue
            spec = next((s for s in FRAMEWORK_LINKS if (s.source, s.rel, s.target) == (source, rel, target)), None)
            if spec is not None and spec.until is not None and year > spec.until:
                continue
            s_node, o_node = self.t.system(unit, source), self.t.system(unit, target)
            target_name = target[len(NATIONAL):] if target.startswith(NATIONAL) else plan.systems[target].vi
            quote = f"{plan.systems[source].vi} {rel} {target_name}"
            net = self.t.system(unit, network) if network else None
            self.link(r, s_node, rel, o_node, as_of, since=since if rng.random() < 0.4 else None, network=net, quote=quote)

    def figures(self, r: Report, plan: Plan, unit: str, province: str, year: int) -> None:
        o, rng = self.options, self._rng("figures", r.source_id)
        grown = year - o.first_year
        for measure, subject, base, growth in FIGURES:
            if subject != "province" and (subject not in plan.systems or plan.systems[subject].since > year):
                continue
            node = province if subject == "province" else self.t.system(unit, subject)
            value = int(base * plan.size * (1 + growth) ** grown * rng.uniform(0.9, 1.1))
            self.observation(r, node, measure, typed(value, "integer"), year, quote=f"{measure}: {value:,}".replace(",", "."))
        for measure, start, ceiling in RATES:
            progress = min(1.0, (grown + rng.uniform(0, 2)) / 8)
            value = round(start + (ceiling - start) * progress, 2)
            self.observation(r, province, measure, typed(value, "decimal"), year, quote=f"đạt {value}%".replace(".", ","))
        levels = ("partial", "full") if year >= 2022 else ("3", "4")
        services = round(o.services_per_province * plan.size * min(1.0, 0.4 + 0.1 * grown))
        for level, share in zip(levels, (0.55, 0.45)):
            count = int(services * share * rng.uniform(0.9, 1.1))
            self.observation(r, province, "online-services", typed(count, "integer"), year, level=level,
                             quote=f"{count} dịch vụ công trực tuyến mức độ {level}")
        for dept in DEPARTMENTS[: max(1, round(len(DEPARTMENTS) * o.scale))]:
            count = int(20_000 * plan.size * rng.uniform(0.2, 1.5) * (1.1 ** grown))
            self.observation(r, self.t.id("org", unit, dept), "dossiers-received", typed(count, "integer"), year,
                             note=f"hồ sơ tiếp nhận tại {dept}", quote=f"tiếp nhận {count} hồ sơ")

    # -- names used by the 2025 reports ----------------------------------------------------------------
    def commune_names(self, province: str, count: int) -> list[tuple[str, str]]:
        """``count`` distinct (slug, Vietnamese name) pairs for a province's communes."""
        rng = self._rng("communes", province)
        names: dict[str, str] = {}
        while len(names) < count:
            name = " ".join(rng.sample(COMMUNE_SYLLABLES, 2))
            slug = make_slug(name)
            if slug in names:
                slug = f"{slug}-{sum(1 for s in names if s.startswith(slug)) + 1}"
            names[slug] = name
        return list(names.items())

    def service_name(self, rng: random.Random) -> str:
        return f"{rng.choice(SERVICE_ACTIONS)} {rng.choice(SERVICE_OBJECTS)}"


def write_synthetic(out: IO[str], options: SynthOptions, iris: IRIs | None = None, *,
                    progress: Callable[[int, int], None] | None = None) -> SynthSummary:
    """Write the synthetic national graph of ``options`` to ``out`` (text, N-Quads)."""
    return SyntheticGraph(options, iris).write(out, progress)
