"""Curated-facts files (``data/*.yaml``, format in ``docs/curated-facts.md``) to quads.

One file is one report. It becomes one named graph holding the report's PROV record, the systems and
organisations it names, the links it states (each as a direct triple and as a reified
``egov:LinkAssertion`` carrying its evidence and dates), status records and observations.

Validation is complete before anything is returned: the first problem raises a ``DataFileError``
naming the file, the line and the field. This module never writes to a store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from egovkg.errors import DataFileError
from loaders.source import LoadedSource, SourceRecord
from loaders.vocabulary import Vocabulary
from loaders.yamlfile import LList, LMap, read_yaml
from ontology import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTIONS = {"source", "organizations", "systems", "links", "observations"}
SOURCE_FIELDS = {
    "id", "title", "publisher", "issued", "province", "period", "kind", "url", "document", "seed",
    "language", "origin", "text",
}
#: the ``province`` of a source about the national level
NATIONAL = "national"
SOURCE_LANGUAGES = {"vi", "en", "fr"}
#: how the text relates to what its publisher wrote: its own words, a machine translation of a Vietnamese
#: original, or a vendor's page about its own product
SOURCE_ORIGINS = {"original", "machine-translation", "vendor"}
#: where a report's plain text sits under shared/reports: <current-province>/<name>.txt
REPORT_TEXT = re.compile(r"^(?:[a-z0-9-]+/)[a-z0-9][a-z0-9.-]*\.txt$")
SOURCE_KINDS = {"news-article", "official-report", "article", "plan", "decision", "dataset"}
ORG_FIELDS = {"id", "kind", "label", "aliases", "quote", "note"}
SYSTEM_FIELDS = {
    "id", "kind", "label", "aliases", "product", "status", "status_date", "levels", "owner",
    "operator", "component_of", "since", "quote", "note", "province",
}
LINK_FIELDS = {"from", "rel", "to", "since", "network", "quote", "note"}
OBSERVATION_FIELDS = {"of", "measure", "value", "out_of", "approx", "level", "period", "date", "note", "quote", "target"}
#: a figure planned, not reached: ``target: true``, or (the files' older convention) a note that starts "target"
TARGET_NOTE = re.compile(r"^\s*target\b", re.IGNORECASE)
APPROX = {"more-than", "nearly", "about", "at-least", "less-than", "at-most"}
SERVICE_LEVELS = {"1", "2", "3", "4", "full", "partial"}
ORG_RELATIONS = {"ownedBy", "operatedBy"}


def _lit(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def _typed(value: str, xsd_type: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + xsd_type))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.end.year


class _FileReader:
    """Validates one parsed file and builds its quads."""

    def __init__(self, path: Path, vocab: Vocabulary) -> None:
        self.path = path
        self.vocab = vocab
        self.iris = vocab.iris
        self.quads: list[Quad] = []
        self.systems: dict[str, NamedNode] = {}
        self.orgs: dict[str, NamedNode] = {}
        self.seen_ids: dict[str, int] = {}
        self.system_province: dict[str, str] = {}
        self.language = "vi"

    # -- errors and small parsers --------------------------------------------------------------
    def fail(self, message: str, line: int | None, field: str | None = None) -> DataFileError:
        return DataFileError(message, path=self.path, line=line, field=field)

    def check_fields(self, item: Any, allowed: set[str], required: set[str], what: str, line: int) -> LMap:
        if not isinstance(item, LMap):
            raise self.fail(f"each {what} must be a mapping of fields", line)
        for key in item:
            if key not in allowed:
                import difflib

                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise self.fail(f"unknown field in {what}{hint}", item.line_of(key), key)
        for key in sorted(required):
            if item.get(key) in (None, ""):
                raise self.fail(f"{what} needs a value", item.line_of(key) if key in item else item.line, key)
        return item

    def text(self, item: LMap, key: str, *, required: bool = False) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail("needs a value", item.line, key)
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.fail(f"must be text, not {type(value).__name__}", item.line_of(key), key)
        value = str(value).strip()
        if required and not value:
            raise self.fail("needs a value", item.line_of(key), key)
        return value or None

    def slug(self, item: LMap, key: str) -> str:
        value = self.text(item, key, required=True)
        assert value is not None
        if not SLUG.match(value):
            raise self.fail(f"'{value}' is not a slug (lower-case ASCII letters, digits and hyphens)", item.line_of(key), key)
        return value

    def date(self, value: Any, line: int, key: str) -> tuple[dt.date, str, str]:
        """(first day, lexical form, xsd type) of a date, a YYYY-MM or a year."""
        if isinstance(value, dt.date):
            return value, value.isoformat(), "date"
        text = str(value).strip()
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), text, "gYear"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            try:
                return dt.date(int(text[:4]), int(text[5:]), 1), text, "gYearMonth"
            except ValueError:
                pass
        try:
            return dt.date.fromisoformat(text), text, "date"
        except ValueError:
            raise self.fail(f"'{text}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", line, key) from None

    def period(self, value: Any, line: int, key: str) -> Period:
        if isinstance(value, LMap):
            extra = set(value) - {"start", "end"}
            if extra or "start" not in value or "end" not in value:
                raise self.fail("a period is a year or {start: DATE, end: DATE}", line, key)
            start = self.date(value["start"], value.line_of("start"), f"{key}.start")[0]
            end_raw = value["end"]
            end_first, _, end_type = self.date(end_raw, value.line_of("end"), f"{key}.end")
            end = _last_day(end_first, end_type)
            if end < start:
                raise self.fail(f"the period ends ({end}) before it starts ({start})", value.line_of("end"), key)
            return Period(start, end)
        first, _, kind = self.date(value, line, key)
        return Period(first, _last_day(first, kind))

    def number(self, value: Any, line: int, key: str) -> tuple[str, str]:
        """(lexical form, xsd type) of a number written as a YAML number or Vietnamese/English text."""
        if isinstance(value, bool) or value is None:
            raise self.fail(f"'{value}' is not a number", line, key)
        if isinstance(value, int):
            return str(value), "integer"
        if isinstance(value, float):
            return format(Decimal(str(value)).normalize(), "f"), "decimal"
        parsed = parse_number(str(value))
        if parsed is None:
            raise self.fail(f"'{value}' is not a number", line, key)
        if parsed == parsed.to_integral_value():
            return str(int(parsed)), "integer"
        return format(parsed.normalize(), "f"), "decimal"

    def add(self, s: NamedNode, p: str | NamedNode, o: Any) -> None:
        self.quads.append(Quad(s, NamedNode(p) if isinstance(p, str) else p, o, self.graph))

    def labels(self, item: LMap, subject: NamedNode, what: str) -> None:
        label = item.get("label")
        if not isinstance(label, LMap) or not label.get("vi") or not label.get("en"):
            raise self.fail(f"{what} needs label: {{vi: …, en: …}}", item.line_of("label"), "label")
        for lang in label:
            if lang not in {"vi", "en"}:
                raise self.fail(f"label languages are vi and en, not '{lang}'", label.line_of(lang), f"label.{lang}")
            self.add(subject, RDFS + "label", _lit(str(label[lang]).strip(), lang))
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise self.fail("aliases must be a list", item.line_of("aliases"), "aliases")
        for alias in aliases:
            self.add(subject, SKOS + "altLabel", _lit(str(alias).strip(), "vi"))

    def unique_id(self, ident: str, line: int) -> None:
        if ident in self.seen_ids:
            raise self.fail(f"id '{ident}' is already used on line {self.seen_ids[ident]}", line, "id")
        self.seen_ids[ident] = line

    def resolve(self, item: LMap, key: str, *, allow: tuple[str, ...] = ("system", "org", "province")) -> NamedNode | None:
        name = self.text(item, key)
        if name is None:
            return None
        line = item.line_of(key)
        vocab = self.vocab
        if "province" in allow:
            if name == "province":
                return self.province
            if name.startswith("province:"):
                slug = name.split(":", 1)[1]
                if slug not in vocab.provinces:
                    raise self.fail(f"unknown province '{slug}'{vocab.suggest(slug, vocab.provinces)}", line, key)
                return self.iris.id("province", slug)
        if "system" in allow:
            if name in self.systems:
                return self.systems[name]
            if name in vocab.national_systems:
                return self.iris.id("system", name)
            if "/" in name:
                # a system of another province, declared in that province's own files: <province>/<id>
                slug, _, ident = name.partition("/")
                if slug not in vocab.provinces:
                    raise self.fail(f"unknown province '{slug}' in '{name}'{vocab.suggest(slug, vocab.provinces)}", line, key)
                if not SLUG.match(ident):
                    raise self.fail(f"'{ident}' in '{name}' is not a slug (lower-case ASCII words joined by '-')", line, key)
                return self.iris.id("system", slug, ident)
        if "org" in allow:
            if name in self.orgs:
                return self.orgs[name]
            if name in vocab.national_agencies:
                return self.iris.id("org", name)
        options = frozenset(self.systems) | vocab.national_systems if "system" in allow else frozenset()
        options |= (frozenset(self.orgs) | vocab.national_agencies) if "org" in allow else frozenset()
        wanted = " or ".join(a if a != "org" else "organisation" for a in allow)
        article = "an" if wanted[0] in "aeiou" else "a"
        raise self.fail(f"'{name}' is not {article} {wanted} declared in this file or in the ontology{vocab.suggest(name, options)}", line, key)

    def evidence(self, node: NamedNode, item: LMap, *, required: bool = True) -> None:
        quote = self.text(item, "quote", required=required)
        if quote:
            self.add(node, self.term("quote"), _lit(quote, self.language))
        note = self.text(item, "note")
        if note:
            self.add(node, self.term("note"), _lit(note))

    def term(self, name: str) -> NamedNode:
        return self.iris.term(name)

    def record_id(self, kind: str, *parts: object) -> NamedNode:
        digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
        return self.iris.id(kind, self.source_id, digest)

    # -- sections ------------------------------------------------------------------------------
    def read(self) -> LoadedSource:
        doc = read_yaml(self.path)
        if not isinstance(doc, LMap):
            raise self.fail("the file must be a mapping with the sections " + ", ".join(sorted(SECTIONS)), 1)
        for key in doc:
            if key not in SECTIONS:
                raise self.fail(f"unknown section (expected one of {', '.join(sorted(SECTIONS))})", doc.line_of(key), key)
        if "source" not in doc:
            raise self.fail("the file needs a 'source' section", 1, "source")
        record = self.read_source(doc["source"], doc.line_of("source"))
        for section, reader in (("organizations", self.read_org), ("systems", self.declare_system)):
            for item, line in self.items(doc, section):
                reader(item, line)
        for item, line in self.items(doc, "systems"):
            self.describe_system(item, line)
        seen_links: dict[tuple, int] = {}
        for item, line in self.items(doc, "links"):
            self.read_link(item, line, seen_links)
        seen_obs: dict[tuple, int] = {}
        for item, line in self.items(doc, "observations"):
            self.read_observation(item, line, seen_obs)
        return LoadedSource(graph=self.graph, quads=self.quads, record=record, path=self.path)

    def items(self, doc: LMap, section: str):
        value = doc.get(section)
        if value is None:
            return []
        if not isinstance(value, LList):
            raise self.fail(f"'{section}' must be a list", doc.line_of(section), section)
        return list(zip(value, value.item_lines))

    def read_source(self, item: Any, line: int) -> SourceRecord:
        item = self.check_fields(item, SOURCE_FIELDS, {"id", "title", "issued", "province", "period", "kind"}, "source", line)
        self.source_id = self.slug(item, "id")
        self.graph = self.iris.graph("source", self.source_id)
        province = self.slug(item, "province")
        if province == NATIONAL:
            # a text about the national level: it speaks of national systems (ontology/national.ttl) and of
            # provinces' systems, each declared with its own province
            self.province_slug = province
            self.province = self.iris.id("nation", "viet-nam")
        elif province not in self.vocab.provinces:
            raise self.fail(f"unknown province '{province}'{self.vocab.suggest(province, self.vocab.provinces)}", item.line_of("province"), "province")
        else:
            self.province_slug = province
            self.province = self.iris.id("province", province)
        kind = self.text(item, "kind", required=True)
        if kind not in SOURCE_KINDS:
            raise self.fail(f"unknown source kind '{kind}' (one of {', '.join(sorted(SOURCE_KINDS))})", item.line_of("kind"), "kind")
        self.period_default = self.period(item["period"], item.line_of("period"), "period")
        issued, issued_lex, issued_type = self.date(item["issued"], item.line_of("issued"), "issued")
        src = self.iris.id("source", self.source_id)
        self.source = src
        title = self.text(item, "title", required=True)
        language = self.text(item, "language") or "vi"
        if language not in SOURCE_LANGUAGES:
            raise self.fail(f"unknown language '{language}' (one of {', '.join(sorted(SOURCE_LANGUAGES))})", item.line_of("language"), "language")
        self.language = language
        origin = self.text(item, "origin") or "original"
        if origin not in SOURCE_ORIGINS:
            raise self.fail(f"unknown origin '{origin}' (one of {', '.join(sorted(SOURCE_ORIGINS))})", item.line_of("origin"), "origin")
        self.add(src, RDF + "type", self.term("Report"))
        self.add(src, RDF + "type", NamedNode(PROV + "Entity"))
        self.add(src, DCTERMS + "title", _lit(title, language))
        self.add(src, RDFS + "label", _lit(title, language))
        self.add(src, DCTERMS + "language", _lit(language))
        self.add(src, self.term("textOrigin"), _lit(origin))
        self.add(src, DCTERMS + "issued", _typed(issued_lex, issued_type))
        self.add(src, DCTERMS + "spatial", self.province)
        self.add(src, DCTERMS + "type", _lit(kind))
        self.add(src, self.term("periodStart"), _typed(self.period_default.start.isoformat(), "date"))
        self.add(src, self.term("periodEnd"), _typed(self.period_default.end.isoformat(), "date"))
        self.add(src, self.term("refYear"), _typed(str(self.period_default.year), "integer"))
        publisher = self.text(item, "publisher")
        if publisher:
            self.add(src, DCTERMS + "publisher", _lit(publisher, "vi"))
        url = self.text(item, "url")
        if url:
            if not re.match(r"^https?://\S+$", url):
                raise self.fail(f"'{url}' is not an http(s) URL", item.line_of("url"), "url")
            self.add(src, DCTERMS + "source", NamedNode(url))
        document = self.text(item, "document")
        if document:
            self.add(src, DCTERMS + "identifier", _lit(document))
        seed = self.text(item, "seed")
        if seed:
            self.add(src, self.term("seedFile"), _lit(seed))
        text = self.text(item, "text")
        if text:
            if not REPORT_TEXT.match(text) or ".." in text:
                raise self.fail(f"'{text}' is not a report text path such as 'da-nang/quang-nam-2021-topic.txt'", item.line_of("text"), "text")
            self.add(src, self.term("reportText"), _lit(text))
        if seed and text:
            raise self.fail("a source names its plain text with one of 'seed' or 'text', not both", item.line_of("text"), "text")
        self.add(self.graph, PROV + "wasDerivedFrom", src)
        return SourceRecord(
            id=self.source_id, title=title, publisher=publisher, issued=issued_lex, province=province,
            period_start=self.period_default.start, period_end=self.period_default.end, kind=kind,
            url=url, document=document, seed=seed, text=text, language=language, origin=origin,
        )

    def read_org(self, item: Any, line: int) -> None:
        item = self.check_fields(item, ORG_FIELDS, {"id", "kind", "label"}, "organisation", line)
        ident = self.slug(item, "id")
        self.unique_id(ident, item.line_of("id"))
        kind = self.text(item, "kind", required=True)
        if kind not in self.vocab.organization_kinds:
            raise self.fail(f"unknown organisation kind '{kind}'{self.vocab.suggest(kind, self.vocab.organization_kinds)}", item.line_of("kind"), "kind")
        node = self.iris.id("org", self.province_slug, ident)
        self.orgs[ident] = node
        self.add(node, RDF + "type", self.term(kind))
        self.labels(item, node, "an organisation")
        self.add(node, self.term("locatedIn"), self.province)
        self.add(node, DCTERMS + "isReferencedBy", self.source)
        self.evidence(node, item, required=False)

    def declare_system(self, item: Any, line: int) -> None:
        item = self.check_fields(item, SYSTEM_FIELDS, {"id", "kind", "label", "quote"}, "system", line)
        ident = self.slug(item, "id")
        self.unique_id(ident, item.line_of("id"))
        kind = self.text(item, "kind", required=True)
        if kind not in self.vocab.system_kinds:
            raise self.fail(f"unknown system kind '{kind}'{self.vocab.suggest(kind, self.vocab.system_kinds)}", item.line_of("kind"), "kind")
        province = self.text(item, "province") or self.province_slug
        if province == NATIONAL:
            raise self.fail("a national source declares each provincial system with its 'province'; national systems are individuals of ontology/national.ttl", item.line_of("id"), "province")
        if province not in self.vocab.provinces:
            raise self.fail(f"unknown province '{province}'{self.vocab.suggest(province, self.vocab.provinces)}", item.line_of("province"), "province")
        self.systems[ident] = self.iris.id("system", province, ident)
        self.system_province[ident] = province

    def describe_system(self, item: LMap, line: int) -> None:
        node = self.systems[str(item["id"])]
        kind = str(item["kind"])
        self.add(node, RDF + "type", self.term(kind))
        layer = self.vocab.kind_layers.get(kind)
        if layer:
            self.add(node, self.term("layer"), NamedNode(layer))
        self.labels(item, node, "a system")
        self.add(node, self.term("locatedIn"), self.iris.id("province", self.system_province[str(item["id"])]))
        self.add(node, DCTERMS + "isReferencedBy", self.source)
        product = self.text(item, "product")
        if product:
            self.add(node, self.term("product"), _lit(product))
        for key, prop, allow in (("owner", "ownedBy", ("org",)), ("operator", "operatedBy", ("org",)),
                                 ("component_of", "componentOf", ("system",))):
            target = self.resolve(item, key, allow=allow)
            if target is not None:
                self.add(node, self.term(prop), target)
        levels = item.get("levels") or []
        if not isinstance(levels, list):
            raise self.fail("levels must be a list", item.line_of("levels"), "levels")
        for level in levels:
            if level not in self.vocab.levels:
                raise self.fail(f"unknown level '{level}' (one of {', '.join(sorted(self.vocab.levels))})", item.line_of("levels"), "levels")
            self.add(node, self.term("servesLevel"), self.iris.id("level", str(level)))
        since = item.get("since")
        if since is not None:
            first, _, _ = self.date(since, item.line_of("since"), "since")
            self.add(node, self.term("validFrom"), _typed(first.isoformat(), "date"))
        self.evidence(node, item)
        status = self.text(item, "status")
        if status is not None:
            if status not in self.vocab.statuses:
                raise self.fail(f"unknown status '{status}' (one of {', '.join(sorted(self.vocab.statuses))})", item.line_of("status"), "status")
            as_of = (self.date(item["status_date"], item.line_of("status_date"), "status_date")[0]
                     if item.get("status_date") is not None else self.period_default.end)
            status_node = self.iris.id("status", status)
            self.add(node, self.term("status"), status_node)
            record = self.record_id("status-record", node.value, status, as_of)
            self.add(record, RDF + "type", self.term("StatusRecord"))
            self.add(record, self.term("statusOf"), node)
            self.add(record, self.term("status"), status_node)
            self.add(record, self.term("asOf"), _typed(as_of.isoformat(), "date"))
            self.add(record, PROV + "wasDerivedFrom", self.source)
            self.add(record, self.term("quote"), _lit(str(item["quote"]).strip(), self.language))
        elif item.get("status_date") is not None:
            raise self.fail("status_date given without a status", item.line_of("status_date"), "status_date")

    def read_link(self, item: Any, line: int, seen: dict[tuple, int]) -> None:
        item = self.check_fields(item, LINK_FIELDS, {"from", "rel", "to", "quote"}, "link", line)
        rel = self.text(item, "rel", required=True)
        if rel not in self.vocab.relations:
            raise self.fail(f"unknown relation '{rel}'{self.vocab.suggest(rel, self.vocab.relations)}", item.line_of("rel"), "rel")
        subject = self.resolve(item, "from", allow=("system", "org"))
        target = self.resolve(item, "to", allow=("org",) if rel in ORG_RELATIONS else ("system", "org", "province"))
        assert subject is not None and target is not None
        key = (subject.value, rel, target.value, str(item.get("quote")))
        if key in seen:
            raise self.fail(f"the same link with the same quote is already on line {seen[key]}", line)
        seen[key] = line
        predicate = self.term(rel)
        self.add(subject, predicate, target)
        assertion = self.record_id("link", subject.value, rel, target.value, item.get("quote"))
        self.add(assertion, RDF + "type", self.term("LinkAssertion"))
        self.add(assertion, RDF + "subject", subject)
        self.add(assertion, RDF + "predicate", predicate)
        self.add(assertion, RDF + "object", target)
        self.add(assertion, self.term("asOf"), _typed(self.period_default.end.isoformat(), "date"))
        self.add(assertion, PROV + "wasDerivedFrom", self.source)
        since = item.get("since")
        if since is not None:
            first, _, _ = self.date(since, item.line_of("since"), "since")
            self.add(assertion, self.term("validFrom"), _typed(first.isoformat(), "date"))
        network = self.resolve(item, "network", allow=("system",))
        if network is not None:
            self.add(assertion, self.term("network"), network)
        self.evidence(assertion, item)

    def read_observation(self, item: Any, line: int, seen: dict[tuple, int]) -> None:
        item = self.check_fields(item, OBSERVATION_FIELDS, {"of", "measure", "value", "quote"}, "observation", line)
        subject = self.resolve(item, "of")
        measure = self.text(item, "measure", required=True)
        if measure not in self.vocab.measures:
            raise self.fail(f"unknown measure '{measure}'{self.vocab.suggest(measure, self.vocab.measures)}", item.line_of("measure"), "measure")
        value, value_type = self.number(item["value"], item.line_of("value"), "value")
        period = (self.period(item["period"], item.line_of("period"), "period")
                  if item.get("period") is not None else self.period_default)
        level = item.get("level")
        if level is not None and str(level) not in SERVICE_LEVELS:
            raise self.fail(f"unknown service level '{level}' (one of {', '.join(sorted(SERVICE_LEVELS))})", item.line_of("level"), "level")
        approx = self.text(item, "approx")
        if approx is not None and approx not in APPROX:
            raise self.fail(f"unknown approx '{approx}' (one of {', '.join(sorted(APPROX))})", item.line_of("approx"), "approx")
        assert subject is not None
        key = (subject.value, measure, value, str(level), period, str(item.get("quote")), str(item.get("note")))
        if key in seen:
            raise self.fail(f"the same observation is already on line {seen[key]}", line)
        seen[key] = line
        obs = self.record_id("observation", *key)
        self.add(obs, RDF + "type", self.term("Observation"))
        target = item.get("target", False)
        if not isinstance(target, bool):
            raise self.fail("target is true or false", item.line_of("target"), "target")
        if target or TARGET_NOTE.match(str(item.get("note") or "")):
            self.add(obs, RDF + "type", self.term("Target"))  # kept apart from what was reached (graph.network.figures)
        self.add(obs, self.term("observedEntity"), subject)
        self.add(obs, self.term("measure"), self.iris.id("measure", measure))
        self.add(obs, self.term("value"), _typed(value, value_type))
        if item.get("out_of") is not None:
            out_of, out_type = self.number(item["out_of"], item.line_of("out_of"), "out_of")
            self.add(obs, self.term("outOf"), _typed(out_of, out_type))
        if approx:
            self.add(obs, self.term("approx"), _lit(approx))
        if level is not None:
            self.add(obs, self.term("serviceLevel"), _lit(str(level)))
        self.add(obs, self.term("periodStart"), _typed(period.start.isoformat(), "date"))
        self.add(obs, self.term("periodEnd"), _typed(period.end.isoformat(), "date"))
        self.add(obs, self.term("refYear"), _typed(str(period.year), "integer"))
        if item.get("date") is not None:
            as_of = self.date(item["date"], item.line_of("date"), "date")[0]
            self.add(obs, self.term("asOf"), _typed(as_of.isoformat(), "date"))
        self.add(obs, PROV + "wasDerivedFrom", self.source)
        self.evidence(obs, item)


def _last_day(first: dt.date, kind: str) -> dt.date:
    if kind == "gYear":
        return dt.date(first.year, 12, 31)
    if kind == "gYearMonth":
        nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return first


_VI_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str) -> Decimal | None:
    """Parse '27.500', '5.800.000', '55,73', '1,500.5', '42' or '3.5'; None when it is not a number.

    A single dot or comma followed by exactly three digits is read the Vietnamese way (thousands),
    since the reports write numbers that way ("1.500" is one thousand five hundred).
    """
    t = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not t:
        return None
    try:
        if _VI_THOUSANDS.match(t):
            return Decimal(t.replace(".", "").replace(",", "."))
        if _EN_THOUSANDS.match(t):
            return Decimal(t.replace(",", ""))
        if re.fullmatch(r"\d+,\d+", t):
            return Decimal(t.replace(",", "."))
        if re.fullmatch(r"-?\d+(\.\d+)?", t):
            return Decimal(t)
    except InvalidOperation:
        return None
    return None


def read_facts(path: Path, vocab: Vocabulary) -> LoadedSource:
    """Validate one curated-facts file and return its named graph; raises ``DataFileError``."""
    return _FileReader(path, vocab).read()
