"""The architect query set: what an enterprise architect asks of the national graph, as SPARQL.

Each query uses the predeclared prefixes (``IRIs.prefixes``), so the same text runs in egovkg, through
its HTTP endpoint and in rdflib (given the same prefixes). ``choose_subjects`` picks the province and
systems the queries are about from the data itself, so the set works on any synthetic size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: the stated links between systems (the relationship catalogue of domain.md §2)
LINKS = (
    "exchangesDataVia", "connectsTo", "sendsDocumentsVia", "integratesWith", "queriesDataFrom", "synchronizesWith",
    "paysVia", "authenticatesVia", "signsWith", "hostedIn", "usesNetwork", "monitoredBy", "sharesSecurityDataWith",
    "feedsDataTo", "componentOf", "consolidatedInto", "replacedBy",
)
LINK_PATH = "|".join(f"egov:{p}" for p in LINKS)
UNDIRECTED = f"({LINK_PATH}|{'|'.join(f'^egov:{p}' for p in LINKS)})"
#: the links along which data moves (not hosting, monitoring, networks, signatures or payments)
DATA_FLOW = "|".join(f"egov:{p}" for p in (
    "exchangesDataVia", "connectsTo", "queriesDataFrom", "synchronizesWith", "integratesWith", "componentOf"))


@dataclass(frozen=True)
class Subjects:
    province: str   # a current province slug with merged predecessors when there are any
    hub: str        # IRI of its LGSP (or another well-linked system)
    app: str        # IRI of its TTHC system (or another application)


@dataclass(frozen=True)
class Query:
    name: str
    label: str
    sparql: str
    target_ms: float = 100.0
    #: the same question in the form the baseline answers fastest, when that is another form (the
    #: suite checks both engines find the same number of rows)
    baseline_sparql: str | None = None

    @property
    def for_baseline(self) -> str:
        return self.baseline_sparql or self.sparql


def _reach(start: str, n: int, hop: Callable[[str, str, int], str]) -> str:
    """Systems within ``n`` undirected hops of ``start``, each hop made distinct before the next;
    ``hop(a, b, i)`` is the pattern of hop ``i`` from ``a`` to ``b``."""
    inner = f"SELECT DISTINCT ?h1 WHERE {{ {hop(f'<{start}>', '?h1', 1)} }}"
    for i in range(2, n + 1):
        inner = f"SELECT DISTINCT ?h{i} WHERE {{ {{ {inner} }} {hop(f'?h{i - 1}', f'?h{i}', i)} }}"
    return f"SELECT DISTINCT ?h{n} WHERE {{ {{ {inner} }} FILTER EXISTS {{ ?h{n} egov:layer ?layer }} }}"


def _hops(start: str, n: int) -> str:
    """A hop is a join on a link variable bound by ``VALUES`` rather than a property path with 34
    alternatives: Oxigraph evaluates the path alternative by alternative (3 hops: 129 ms on the 1 M
    graph), the join as one index scan per node and direction (54 ms)."""
    links = " ".join(f"egov:{p}" for p in LINKS)
    return _reach(start, n, lambda a, b, i: f"{{ {a} ?p{i} {b} }} UNION {{ {b} ?p{i} {a} }} VALUES ?p{i} {{ {links} }}")


def _hops_as_paths(start: str, n: int) -> str:
    """:func:`_hops` with each hop a property path: rdflib's form (2 hops: 1.2 s this way, past
    120 s as joins on ``VALUES``, which rdflib evaluates as a cross product)."""
    return _reach(start, n, lambda a, b, i: f"{a} {UNDIRECTED} {b}")


def queries(s: Subjects) -> list[Query]:
    return [
        Query("neighbours", "neighbours of a system", f"""
SELECT DISTINCT ?rel ?other ?label WHERE {{
  {{ <{s.hub}> ?rel ?other }} UNION {{ ?other ?rel <{s.hub}> }}
  ?other egov:layer ?layer .
  OPTIONAL {{ ?other rdfs:label ?label FILTER(LANG(?label) = "vi") }} }}"""),
        Query("province-systems", "a province's systems with kinds", f"""
SELECT DISTINCT ?system ?kind ?label WHERE {{
  {{ SELECT DISTINCT ?system WHERE {{ ?system egov:locatedIn province:{s.province} FILTER EXISTS {{ ?system egov:layer ?l }} }} }}
  ?system a ?kind . FILTER(STRSTARTS(STR(?kind), STR(egov:)))
  ?system rdfs:label ?label . FILTER(LANG(?label) = "vi") }}"""),
        Query("reach-2", "2-hop reachability (undirected)", _hops(s.app, 2), baseline_sparql=_hops_as_paths(s.app, 2)),
        Query("reach-3", "3-hop reachability (undirected)", _hops(s.app, 3), baseline_sparql=_hops_as_paths(s.app, 3)),
        Query("reach-all", "whole-graph reachability: every system whose data reaches the national population DB", f"""
SELECT (COUNT(DISTINCT ?system) AS ?n) WHERE {{ system:population-db (^({DATA_FLOW}))+ ?system }}""",
              target_ms=500.0),
        Query("kinds-per-province", "counts per kind per province", """
SELECT ?province ?kind ?n WHERE {
  { SELECT ?province ?kind (COUNT(?system) AS ?n) WHERE {
      { SELECT ?kind WHERE { ?kind rdfs:subClassOf* egov:InformationSystem } }
      ?system a ?kind ; egov:locatedIn ?province } GROUP BY ?province ?kind }
  FILTER EXISTS { ?province a egov:Province } }"""),
        Query("bypass-lgsp", "reaches a national database without the LGSP", """
SELECT DISTINCT ?system ?db WHERE {
  ?system egov:queriesDataFrom ?db . ?db a egov:NationalDatabase .
  MINUS { ?system egov:exchangesDataVia ?lgsp . ?lgsp a egov:LGSP } }"""),
        Query("construct-province", "CONSTRUCT of a province", f"""
CONSTRUCT {{ ?system ?p ?o }} WHERE {{ ?system egov:locatedIn province:{s.province} ; egov:layer ?layer ; ?p ?o }}"""),
    ]


#: the load test's mix: how many of every 20 requests are each query (lookups more often than analyses)
MIX = {"small": 4, "neighbours": 3, "province-systems": 3, "reach-2": 3, "bypass-lgsp": 2, "construct-province": 2,
       "reach-3": 1, "kinds-per-province": 1, "reach-all": 1}


def mix(s: Subjects) -> list[str]:
    texts = {q.name: q.sparql for q in queries(s)} | {"small": small_query(s)}
    return [texts[name] for name, weight in MIX.items() for _ in range(weight)]


def small_query(s: Subjects) -> str:
    """A query that costs the store next to nothing: what the endpoint's own overhead is measured on."""
    return f'SELECT ?label WHERE {{ <{s.hub}> rdfs:label ?label FILTER(LANG(?label) = "vi") }}'


def slow_query() -> str:
    """A query that runs for seconds on the 1 M graph (every pair of observations of one measure:
    24 M rows, 6–13 s on the benchmark machine), for the time-limit part of the load test: above the
    limit the load test sets, and bounded, so a server that cannot stop it still gets it done."""
    return "SELECT (COUNT(*) AS ?n) WHERE { ?a egov:measure ?m . ?b egov:measure ?m }"


PROVINCES = """
SELECT ?province (COUNT(DISTINCT ?old) AS ?merged) WHERE {
  ?province a egov:Province . FILTER NOT EXISTS { ?province egov:validTo ?end }
  OPTIONAL { ?old egov:mergedInto ?province } } GROUP BY ?province ORDER BY DESC(?merged) ?province"""


def choose_subjects(select) -> Subjects:
    """The first current province (most merged first) that has an LGSP in the data, its LGSP as the
    hub and its TTHC system as the application. ``select(sparql)`` returns rows of lexical values
    (e.g. ``kg.select(q).values()``)."""
    for row in select(PROVINCES):
        province = row["province"].rsplit("/", 1)[-1]
        hubs = select(f"SELECT ?s WHERE {{ ?s a egov:LGSP ; egov:locatedIn province:{province} }} ORDER BY ?s LIMIT 1")
        if hubs:
            apps = select("SELECT ?s WHERE { ?s a egov:ProvincialTTHCSystem ; "
                          f"egov:locatedIn province:{province} }} ORDER BY ?s LIMIT 1")
            return Subjects(province, hubs[0]["s"], apps[0]["s"] if apps else hubs[0]["s"])
    raise ValueError("the data has no current province with an LGSP: load a synthetic graph first")
