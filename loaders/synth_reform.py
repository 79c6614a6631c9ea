"""The 2025 report of a synthetic province (after NQ 202/2025/QH15): the consolidated systems, with
the merged provinces' systems ``egov:consolidatedInto`` them and retired; the communes of the
two-tier government, each with its one-stop deployment; and the online-service catalogue by level.
Part of :mod:`loaders.synth`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.synth_records import REFORM_YEAR, Plan, Report, lit as _lit
from loaders.synth_catalog import IT_AGENCY
from ontology.names import slug as make_slug

if TYPE_CHECKING:
    from loaders.synth import SyntheticGraph

REFORM_DATE = f"{REFORM_YEAR}-07-01"
NATIONWIDE_PROVINCES = 34


def reform_report(gen: "SyntheticGraph", province: str, plans: dict[str, Plan]) -> list[str]:
    t = gen.t
    plan = plans[province] if province in plans else gen.plan(province)
    r = Report(t, f"synth-{province}-{REFORM_YEAR}")
    node = gen.header(r, province, plan.vi, REFORM_YEAR, IT_AGENCY[True])
    gen.agencies(r, province, plan.vi, plan.en, node, REFORM_YEAR)
    gen.systems_and_links(r, plan, province, node, REFORM_YEAR)
    _consolidation(gen, r, province, plan, plans)
    _communes(gen, r, province, plan, node)
    _services(gen, r, province, plan, node)
    gen.figures(r, plan, province, node, REFORM_YEAR)
    return r.lines


def _consolidation(gen: "SyntheticGraph", r: Report, province: str, plan: Plan, plans: dict[str, Plan]) -> None:
    t = gen.t
    for unit, old in plans.items():
        if unit == province:
            continue
        for slug, system in old.systems.items():
            old_node = t.system(unit, slug)
            if slug in plan.systems:
                quote = f"{system.vi} được hợp nhất vào {plan.systems[slug].vi}"
                gen.link(r, old_node, "consolidatedInto", t.system(province, slug), REFORM_DATE,
                         since=REFORM_YEAR, quote=quote)
            else:
                quote = f"{system.vi} dừng hoạt động sau sắp xếp đơn vị hành chính"
            gen.status(r, old_node, "retired", REFORM_DATE, quote)


def _communes(gen: "SyntheticGraph", r: Report, province: str, plan: Plan, node: str) -> None:
    t, o = gen.t, gen.options
    rng = gen._rng("commune-links", province)
    count = max(1, round(o.communes / NATIONWIDE_PROVINCES * plan.size * o.scale))
    one_stop = t.system(province, "one-stop") if "one-stop" in plan.systems else None
    network = t.system(province, "tslcd-l2") if "tslcd-l2" in plan.systems else None
    layer = gen.layer("OneStopShopSystem")
    for slug, name in gen.commune_names(province, count):
        en = " ".join(w.capitalize() for w in make_slug(name).split("-"))
        commune = t.id("commune", province, slug)
        r.add(commune, t.type, t.egov("Commune"))
        r.add(commune, t.label, _lit(f"xã {name}", "vi"))
        r.add(commune, t.label, _lit(f"{en} commune", "en"))
        r.add(commune, t.egov("partOf"), node)
        r.add(commune, t.egov("level"), t.id("level", "commune"))
        r.add(commune, t.referenced, r.source)
        committee = t.id("org", province, f"ubnd-xa-{slug}")
        r.add(committee, t.type, t.egov("PeoplesCommittee"))
        r.add(committee, t.label, _lit(f"Ủy ban nhân dân xã {name}", "vi"))
        r.add(committee, t.label, _lit(f"{en} Commune People's Committee", "en"))
        r.add(committee, t.egov("locatedIn"), commune)
        r.add(committee, t.referenced, r.source)
        if network is not None and rng.random() >= o.missing:
            r.add(committee, t.egov("connectedToNetwork"), network)  # VNEAF-INF-02 where missing
        deployment = t.system(province, f"one-stop-{slug}")
        r.add(deployment, t.type, t.egov("OneStopShopSystem"))
        r.add(deployment, t.egov("layer"), layer)
        r.add(deployment, t.label, _lit(f"Hệ thống một cửa điện tử xã {name}", "vi"))
        r.add(deployment, t.label, _lit(f"{en} commune one-stop-shop system", "en"))
        r.add(deployment, t.egov("locatedIn"), node)
        r.add(deployment, t.egov("servesLevel"), t.id("level", "commune"))
        r.add(deployment, t.egov("operatedBy"), committee)
        r.add(deployment, t.referenced, r.source)
        r.add(deployment, t.egov("quote"), _lit(f"xã {name} sử dụng hệ thống một cửa điện tử của tỉnh", "vi"))
        if one_stop is not None:
            r.add(deployment, t.egov("componentOf"), one_stop)


def _services(gen: "SyntheticGraph", r: Report, province: str, plan: Plan, node: str) -> None:
    t, o = gen.t, gen.options
    rng = gen._rng("services", province)
    count = max(1, round(o.services_per_province * plan.size * o.scale))
    home = next((s for s in ("tthc-system", "public-service-portal", "one-stop") if s in plan.systems), None)
    home_node = t.system(province, home) if home else None
    for k in range(1, count + 1):
        service = t.id("service", province, f"dv-{k:05d}")
        r.add(service, t.type, t.egov("OnlineService"))
        r.add(service, t.label, _lit(gen.service_name(rng), "vi"))
        r.add(service, t.egov("serviceLevel"), _lit("full" if rng.random() < 0.45 else "partial"))
        if rng.random() < 0.3:
            r.add(service, t.egov("legacyLevel"), f'"{rng.choice((3, 4))}"^^<http://www.w3.org/2001/XMLSchema#integer>')
        r.add(service, t.egov("locatedIn"), node)
        r.add(service, t.referenced, r.source)
        if home_node is not None:
            r.add(service, t.part_of_dc, home_node)

