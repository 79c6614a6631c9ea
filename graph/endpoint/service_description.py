"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/):
what it speaks, in which formats it answers, what its dataset is, and its limits.

It says that the default graph is the union of the named graphs (``sd:UnionDefaultGraph``), lists the
named graphs, the result formats by their W3C format IRIs, and the limits with the ontology's
``egov:queryTimeLimit``, ``egov:resultRowLimit`` and ``egov:requestSizeLimit``. Federated queries are
not listed as a feature: the endpoint refuses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graph.sparql.formats import FORMAT_IRIS
from ontology import RDF, RDFS, XSD, IRIs

SD = "http://www.w3.org/ns/sparql-service-description#"
ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"


@dataclass(frozen=True)
class ServiceFacts:
    endpoint: str
    update_endpoint: str | None  # None: updates are off
    timeout: float
    row_cap: int | None
    max_request_bytes: int


def describe_service(facts: ServiceFacts, named_graphs: Sequence[NamedNode], iris: IRIs) -> list[Triple]:
    service = NamedNode(facts.endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    sd = lambda name: NamedNode(SD + name)  # noqa: E731
    a = NamedNode(RDF + "type")
    triples = [
        Triple(service, a, sd("Service")),
        Triple(service, sd("endpoint"), service),
        Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        Triple(service, sd("defaultEntailmentRegime"), NamedNode(ENTAILMENT_SIMPLE)),
        Triple(service, NamedNode(RDFS + "comment"), Literal(
            "Read-only unless an update token is configured. Federated queries (SERVICE), LOAD and FROM graphs "
            "that are not in the store are refused: the endpoint never reaches out to the network. "
            f"A query may run {facts.timeout:g} s"
            + (f" and returns at most {facts.row_cap} rows (X-Egovkg-Truncated: true when cut)" if facts.row_cap else "")
            + f"; a request may hold {facts.max_request_bytes} bytes.", language="en")),
        Triple(service, iris.term("queryTimeLimit"), Literal(f"{facts.timeout:g}", datatype=NamedNode(XSD + "decimal"))),
        Triple(service, iris.term("requestSizeLimit"), Literal(str(facts.max_request_bytes), datatype=NamedNode(XSD + "integer"))),
        Triple(service, sd("defaultDataset"), dataset),
        Triple(dataset, a, sd("Dataset")),
        Triple(dataset, sd("defaultGraph"), default_graph),
        Triple(default_graph, a, sd("Graph")),
        Triple(default_graph, NamedNode(RDFS + "comment"),
               Literal("The union of all the named graphs of the store.", language="en")),
    ]
    if facts.row_cap:
        triples.append(Triple(service, iris.term("resultRowLimit"), Literal(str(facts.row_cap), datatype=NamedNode(XSD + "integer"))))
    if facts.update_endpoint:
        triples.append(Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    triples += [Triple(service, sd("resultFormat"), NamedNode(iri)) for iri in FORMAT_IRIS.values()]
    for graph in named_graphs:
        node = BlankNode()
        triples += [Triple(dataset, sd("namedGraph"), node), Triple(node, a, sd("NamedGraph")), Triple(node, sd("name"), graph)]
    return triples
