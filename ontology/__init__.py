"""The ontology's files and the IRIs built from them.

``egov.ttl`` (classes and properties), ``national.ttl`` (national systems, agencies, frameworks and
legal documents), ``measures.ttl`` (what observations count) and ``admin-units.ttl`` (the provinces
before and after the 2025 reform) are the single source of truth for terms. The files are written
with the default base IRI; when a deployment configures another base, :func:`read_quads` rewrites
every IRI under the default base to the configured one, so the base is declared in one place.

This module reads files and builds IRIs; it never touches a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse


#: the base IRI the ontology files are written with; a deployment may choose another (EGOVKG_BASE_IRI)
DEFAULT_BASE_IRI = "https://w3id.org/egovkg/"

ONTOLOGY_DIR = Path(__file__).resolve().parent
#: The terminology (TBox) and national reference individuals: loaded into the ontology graph.
TERMINOLOGY_FILES = ("egov.ttl", "national.ttl", "measures.ttl")
#: Administrative units: loaded into their own graph.
ADMIN_UNIT_FILES = ("admin-units.ttl",)
#: Compliance rules (SHACL shapes with SPARQL, and their metadata): loaded into their own graph.
RULES_DIR = ONTOLOGY_DIR / "rules"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"


@dataclass(frozen=True)
class IRIs:
    """Builds the project's IRIs under one base."""

    base: str = DEFAULT_BASE_IRI

    @property
    def ontology_ns(self) -> str:
        return self.base + "ontology#"

    def term(self, local_name: str) -> NamedNode:
        return NamedNode(self.ontology_ns + local_name)

    def id(self, kind: str, *slugs: str) -> NamedNode:
        return NamedNode(self.base + "id/" + "/".join((kind, *slugs)))

    def graph(self, *parts: str) -> NamedNode:
        return NamedNode(self.base + "graph/" + "/".join(parts))

    @property
    def ontology_graph(self) -> NamedNode:
        return self.graph("ontology")

    @property
    def admin_units_graph(self) -> NamedNode:
        return self.graph("admin-units")

    @property
    def rules_graph(self) -> NamedNode:
        return self.graph("rules")

    def prefixes(self) -> dict[str, str]:
        """Prefixes every query may use without declaring them."""
        ids = self.base + "id/"
        return {
            "egov": self.ontology_ns,
            "system": ids + "system/",
            "agency": ids + "org/",
            "province": ids + "province/",
            "measure": ids + "measure/",
            "layer": ids + "layer/",
            "level": ids + "level/",
            "status": ids + "status/",
            "source": ids + "source/",
            "rdf": RDF,
            "rdfs": RDFS,
            "owl": OWL,
            "xsd": XSD,
            "skos": SKOS,
            "dcterms": DCTERMS,
            "prov": PROV,
        }

    def local(self, iri: str) -> str | None:
        """The part of ``iri`` after ``<base>id/`` (``system/quang-nam/lgsp``), or None."""
        prefix = self.base + "id/"
        return iri[len(prefix):] if iri.startswith(prefix) else None


def _rebase_term(term, base: str):
    if isinstance(term, NamedNode) and term.value.startswith(DEFAULT_BASE_IRI):
        return NamedNode(base + term.value[len(DEFAULT_BASE_IRI):])
    if isinstance(term, Literal) and term.datatype.value.startswith(DEFAULT_BASE_IRI):
        return Literal(term.value, datatype=_rebase_term(term.datatype, base))
    return term


def rebase(quads: Iterable[Quad], base: str) -> Iterator[Quad]:
    """Rewrite IRIs under the default base to ``base`` (a no-op for the default)."""
    if base == DEFAULT_BASE_IRI:
        yield from quads
        return
    for q in quads:
        yield Quad(
            _rebase_term(q.subject, base),
            _rebase_term(q.predicate, base),
            _rebase_term(q.object, base),
            _rebase_term(q.graph_name, base) if not isinstance(q.graph_name, (DefaultGraph, BlankNode)) else q.graph_name,
        )


def stable_blank_nodes(quads: Iterable[Quad], scope: str) -> Iterator[Quad]:
    """Relabel blank nodes in order of first appearance, under a prefix made from ``scope``.

    Parsers label anonymous nodes at random, so loading one file twice would write different quads;
    this keeps a reload idempotent and keeps the nodes of different files apart.
    """
    import hashlib

    prefix = "b" + hashlib.sha1(scope.encode()).hexdigest()[:10] + "x"
    labels: dict[str, BlankNode] = {}

    def relabel(term):
        if isinstance(term, BlankNode):
            if term.value not in labels:
                labels[term.value] = BlankNode(f"{prefix}{len(labels)}")
            return labels[term.value]
        return term

    for q in quads:
        if type(q.subject) is BlankNode or type(q.object) is BlankNode or type(q.graph_name) is BlankNode:
            yield Quad(relabel(q.subject), q.predicate, relabel(q.object), relabel(q.graph_name))
        else:  # most quads: nothing to relabel, and no new object to build
            yield q


def read_quads(names: Iterable[str], graph: NamedNode, base: str = DEFAULT_BASE_IRI) -> list[Quad]:
    """Parse ontology files into quads of ``graph``."""
    quads: list[Quad] = []
    for name in names:
        path = ONTOLOGY_DIR / name
        with path.open("rb") as fh:
            triples = parse(fh, format=RdfFormat.TURTLE, base_iri=DEFAULT_BASE_IRI)
            in_graph = (Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            quads.extend(stable_blank_nodes(rebase(in_graph, base), "ontology/" + name))
    return quads


def terminology_quads(iris: IRIs) -> list[Quad]:
    return read_quads(TERMINOLOGY_FILES, iris.ontology_graph, iris.base)


def admin_unit_quads(iris: IRIs) -> list[Quad]:
    return read_quads(ADMIN_UNIT_FILES, iris.admin_units_graph, iris.base)


def rule_files() -> tuple[str, ...]:
    """The rule files, relative to ``ontology/`` (adding a rule is adding a file or a shape here)."""
    return tuple(f"rules/{p.name}" for p in sorted(RULES_DIR.glob("*.ttl")))


def rule_quads(iris: IRIs) -> list[Quad]:
    return read_quads(rule_files(), iris.rules_graph, iris.base)
