"""The example "systems not yet operational" reads each system's latest status record: Quảng Nam's IOC, a pilot in
the 2020 report ("thí điểm") and operational in the 2022 one, is not listed; its reporting system, a pilot in 2020
and not restated since, is."""

from __future__ import annotations

from graph.endpoint.examples import example_queries


def test_not_yet_operational_takes_the_latest_status(kg):
    example = next(e for e in example_queries() if e.slug == "not-yet-operational")
    rows = kg.query(example.text).values()
    systems = {r["system"].rsplit("/system/", 1)[1]: r for r in rows}
    assert "quang-nam/ioc" not in systems
    assert systems["quang-nam/reporting"]["status"].endswith("/pilot")
    # and the IOC did have a pilot record: the query is what leaves it out
    ioc = f"<{kg.iris.base}id/system/quang-nam/ioc>"
    statuses = {r["s"].value.rsplit("/", 1)[1] for r in kg.select(
        f"SELECT ?s WHERE {{ ?r egov:statusOf {ioc} ; egov:status ?s }}").dicts()}
    assert {"pilot", "operational"} <= statuses
    latest = {}
    for r in kg.select("SELECT ?sys ?d ?s WHERE { ?r a egov:StatusRecord ; egov:statusOf ?sys ; egov:asOf ?d ; egov:status ?s }").dicts():
        sys, day = r["sys"].value, r["d"].value
        if sys not in latest or day > latest[sys][0]:
            latest[sys] = (day, set())
        if day == latest[sys][0]:
            latest[sys][1].add(r["s"].value.rsplit("/", 1)[1])
    assert all(r["status"].rsplit("/", 1)[1] in latest[r["system"]][1] for r in rows)
