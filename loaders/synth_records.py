"""How the synthetic generator (:mod:`loaders.synth`) writes its records as N-Quads text: the same
shapes the curated loader (``loaders.facts``) gives a report's PROV record, agencies, systems, status
records, stated links (a direct triple plus an ``egov:LinkAssertion``) and observations. Terms are
written as text, not pyoxigraph objects: at 5 M quads that is the difference between seconds and
minutes.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from loaders.synth_catalog import AGENCIES, IT_AGENCY, NATIONAL
from ontology import DCTERMS, IRIs, PROV, RDF, RDFS, SKOS, XSD

REFORM_YEAR = 2025


def lit(text: str, lang: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def typed(lexical: object, xsd_type: str) -> str:
    return f'"{lexical}"^^<{XSD}{xsd_type}>'


class Terms:
    """IRIs as N-Triples text, built once."""

    def __init__(self, iris: IRIs) -> None:
        self.iris = iris
        t = lambda name: f"<{iris.ontology_ns}{name}>"  # noqa: E731
        self.type, self.label, self.alt = f"<{RDF}type>", f"<{RDFS}label>", f"<{SKOS}altLabel>"
        self.rdf_subject, self.rdf_predicate, self.rdf_object = (f"<{RDF}{n}>" for n in ("subject", "predicate", "object"))
        self.referenced, self.derived = f"<{DCTERMS}isReferencedBy>", f"<{PROV}wasDerivedFrom>"
        self.title, self.issued, self.spatial = f"<{DCTERMS}title>", f"<{DCTERMS}issued>", f"<{DCTERMS}spatial>"
        self.dc_type, self.publisher, self.part_of_dc = f"<{DCTERMS}type>", f"<{DCTERMS}publisher>", f"<{DCTERMS}isPartOf>"
        self.prov_entity = f"<{PROV}Entity>"
        self.egov = t

    def id(self, kind: str, *slugs: str) -> str:
        return f"<{self.iris.id(kind, *slugs).value}>"

    def system(self, province: str, slug: str) -> str:
        return self.id("system", *slug[len(NATIONAL):].split("/")) if slug.startswith(NATIONAL) else self.id("system", province, slug)


class Report:
    """The quads of one synthetic report, gathered as text and written in one go."""

    def __init__(self, terms: Terms, source_id: str) -> None:
        self.t = terms
        self.source_id = source_id
        self.graph = f"<{terms.iris.graph('source', source_id).value}>"
        self.source = terms.id("source", source_id)
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.graph} .\n")

    def record(self, kind: str, *parts: object) -> str:
        digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
        return self.t.id(kind, self.source_id, digest)


@dataclass
class System:
    slug: str
    kind: str
    vi: str
    en: str
    owner: str
    levels: tuple[str, ...]
    since: int
    alias: str | None = None
    product: str | None = None
    security_level: int | None = None
    national_db: str | None = None


class RecordWriter:
    """The record writers; the generator provides ``iris``, ``t`` (:class:`Terms`) and ``_rng``."""

    iris: IRIs
    t: Terms

    def _rng(self, *parts: object) -> random.Random:
        raise NotImplementedError

    def header(self, r: Report, unit: str, vi: str, year: int, it_agency: str) -> str:
        """The report's PROV record; returns the province IRI."""
        t, rng = self.t, self._rng("issued", r.source_id)
        province = t.id("province", unit)
        title = f"Báo cáo kết quả ứng dụng công nghệ thông tin, chuyển đổi số tỉnh {vi} năm {year} (dữ liệu giả lập)"
        publisher = next(a for a in AGENCIES if a[0] == it_agency)[2].format(p=vi)
        r.add(r.source, t.type, t.egov("Report"))
        r.add(r.source, t.type, t.prov_entity)
        r.add(r.source, t.title, lit(title, "vi"))
        r.add(r.source, t.label, lit(title, "vi"))
        r.add(r.source, t.issued, typed(f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}", "date"))
        r.add(r.source, t.spatial, province)
        r.add(r.source, t.dc_type, lit("synthetic"))
        r.add(r.source, t.publisher, lit(publisher, "vi"))
        r.add(r.source, t.egov("periodStart"), typed(f"{year}-01-01", "date"))
        r.add(r.source, t.egov("periodEnd"), typed(f"{year}-12-31", "date"))
        r.add(r.source, t.egov("refYear"), typed(year, "integer"))
        r.add(r.graph, t.derived, r.source)
        return province

    def agencies(self, r: Report, unit: str, vi: str, en: str, province: str, year: int) -> None:
        t = self.t
        for slug, kind, a_vi, a_en in AGENCIES:
            if slug == IT_AGENCY[year < REFORM_YEAR]:
                continue  # Sở TT&TT until the reform, Sở KH&CN after it
            node = t.id("org", unit, slug)
            r.add(node, t.type, t.egov(kind))
            r.add(node, t.label, lit(a_vi.format(p=vi), "vi"))
            r.add(node, t.label, lit(a_en.format(p=en), "en"))
            r.add(node, t.egov("locatedIn"), province)
            r.add(node, t.referenced, r.source)

    def describe(self, r: Report, unit: str, province: str, system: System, year: int, *,
                 status: str | None, as_of: str, owner: str) -> None:
        t = self.t
        node = t.system(unit, system.slug)
        r.add(node, t.type, t.egov(system.kind))
        r.add(node, t.egov("layer"), self.layer(system.kind))
        r.add(node, t.label, lit(system.vi, "vi"))
        r.add(node, t.label, lit(system.en, "en"))
        if system.alias:
            r.add(node, t.alt, lit(system.alias, "vi"))
        r.add(node, t.egov("locatedIn"), province)
        r.add(node, t.referenced, r.source)
        r.add(node, t.egov("ownedBy"), t.id("org", unit, owner))
        for level in system.levels:
            r.add(node, t.egov("servesLevel"), t.id("level", level))
        if system.product:
            r.add(node, t.egov("product"), lit(system.product))
        if system.security_level is not None:
            r.add(node, t.egov("securityLevel"), typed(system.security_level, "integer"))
        quote = f"{system.vi} {'đã được đưa vào vận hành' if status in (None, 'operational') else 'đang được triển khai'}"
        r.add(node, t.egov("quote"), lit(quote, "vi"))
        if status:
            self.status(r, node, status, as_of, quote)

    def status(self, r: Report, node: str, status: str, as_of: str, quote: str) -> None:
        t = self.t
        status_node = t.id("status", status)
        r.add(node, t.egov("status"), status_node)
        record = r.record("status-record", node, status, as_of)
        r.add(record, t.type, t.egov("StatusRecord"))
        r.add(record, t.egov("statusOf"), node)
        r.add(record, t.egov("status"), status_node)
        r.add(record, t.egov("asOf"), typed(as_of, "date"))
        r.add(record, t.derived, r.source)
        r.add(record, t.egov("quote"), lit(quote, "vi"))

    def link(self, r: Report, subject: str, rel: str, target: str, as_of: str, *, since: int | None = None,
             network: str | None = None, quote: str) -> None:
        t = self.t
        predicate = t.egov(rel)
        r.add(subject, predicate, target)
        assertion = r.record("link", subject, rel, target, quote)
        r.add(assertion, t.type, t.egov("LinkAssertion"))
        r.add(assertion, t.rdf_subject, subject)
        r.add(assertion, t.rdf_predicate, predicate)
        r.add(assertion, t.rdf_object, target)
        r.add(assertion, t.egov("asOf"), typed(as_of, "date"))
        r.add(assertion, t.derived, r.source)
        if since is not None:
            r.add(assertion, t.egov("validFrom"), typed(f"{since}-01-01", "date"))
        if network is not None:
            r.add(assertion, t.egov("network"), network)
        r.add(assertion, t.egov("quote"), lit(quote, "vi"))

    def observation(self, r: Report, subject: str, measure: str, value: str, year: int, *, level: str | None = None,
                    note: str | None = None, quote: str) -> None:
        t = self.t
        obs = r.record("observation", subject, measure, value, level, year, note)
        r.add(obs, t.type, t.egov("Observation"))
        r.add(obs, t.egov("observedEntity"), subject)
        r.add(obs, t.egov("measure"), t.id("measure", measure))
        r.add(obs, t.egov("value"), value)
        if level is not None:
            r.add(obs, t.egov("serviceLevel"), lit(level))
        r.add(obs, t.egov("periodStart"), typed(f"{year}-01-01", "date"))
        r.add(obs, t.egov("periodEnd"), typed(f"{year}-12-31", "date"))
        r.add(obs, t.egov("refYear"), typed(year, "integer"))
        r.add(obs, t.derived, r.source)
        if note:
            r.add(obs, t.egov("note"), lit(note))
        r.add(obs, t.egov("quote"), lit(quote, "vi"))

    def layer(self, kind: str) -> str:
        from loaders.vocabulary import vocabulary_for

        return f"<{vocabulary_for(self.iris).kind_layers[kind]}>"


@dataclass
class Plan:
    """What one province (a reporting unit) has: drawn once, so its reports agree year after year."""

    unit: str
    vi: str
    en: str
    systems: dict[str, System]
    links: list[tuple[str, str, str, int, str | None]]  # source, rel, target, since, network
    size: float                                          # relative size of the province
