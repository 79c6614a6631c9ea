"""The alias lexicon of the text loader, read from the ontology: every ``rdfs:label`` and
``skos:altLabel`` of the system kinds (classes under ``egov:InformationSystem``) and of the national
systems (``ontology/national.ttl``), and the labels of the measures, with the unit nouns reports
use beside them (``language.UNIT_NOUNS``: "ministries", "bridgeheads"). Built once per base IRI.

There is deliberately no list of system names in code: to teach the loader a new name, add a
``skos:altLabel`` to the ontology. What ``heads`` reads instead are the words that say a kind
(``language.EN_HEAD_KINDS``: "document management", "one-stop"), for phrases no label names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from loaders.text import language as lang
from loaders.text.segmentation import cue_phrase, fold, fold_phrase, syllable
from ontology import IRIs, terminology_quads


@dataclass(frozen=True)
class Target:
    """What a surface form may name: a kind (class local name), and a national individual or None."""

    kind: str
    node: str | None = None
    head: bool = False       # a generic head ("phần mềm"): names a system only with a name after it
    service: bool = False    # names a service a system provides (see language.SERVICE_PROXIES)
    preferred: bool = False  # the form is the target's rdfs:label
    code: bool = False       # a short code in capitals ("CA", "DC"): matches only as written
    specific: bool = True    # a national individual's form that names it alone ("NDXP", "… quốc gia")


@dataclass
class Lexicon:
    iris: IRIs
    forms: dict[tuple[str, ...], list[Target]]
    parents: dict[str, set[str]]            # class → direct superclasses (local names)
    node_kind: dict[str, str]               # national slug → its class
    node_words: dict[str, set[str]]         # national slug → folded words of its labels (context)
    successor: dict[str, str]               # slug → slug of the system that replaced it
    measures: dict[tuple[str, ...], list[str]]  # folded label → measure slugs (a count and a rate may share one)
    measure_unit: dict[str, str]            # measure slug → unit
    measure_cues: dict[bool, dict[tuple[str, ...], list[str]]] = field(default_factory=dict)  # as Word.cue sees them
    labels: dict[str, str] = field(default_factory=dict)  # kind or slug → Vietnamese label
    topics: frozenset[tuple[str, ...]] = frozenset()       # folded labels of egov:Topic (CNTT, chuyển đổi số …)
    max_len: int = 0
    #: folded form → the ways its labels write it, syllable by syllable (None: any), so a report typed
    #: with diacritics matches a label only with the same marks ("công tỉnh" is not "Cổng tỉnh")
    written: dict[tuple[str, ...], set[tuple]] = field(default_factory=dict)

    def written_as(self, key: tuple[str, ...], syllables: tuple) -> bool:
        variants = self.written.get(key)
        if not variants:
            return True
        return any(all(v is None or w is None or v == w for v, w in zip(variant, syllables)) for variant in variants)

    def ancestors(self, kind: str) -> set[str]:
        seen: set[str] = set()
        stack = [kind]
        while stack:
            for p in self.parents.get(stack.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        return seen

    def is_a(self, kind: str, other: str | None) -> bool:
        return other is None or kind == other or other in self.ancestors(kind)

    def compatible(self, a: str, b: str) -> bool:
        """Same kind, or one a subclass of the other below the root egov:InformationSystem."""
        if a == b:
            return True
        if "InformationSystem" in (a, b):
            return False
        return a in self.ancestors(b) or b in self.ancestors(a)

    def is_rate(self, measure: str) -> bool:
        return self.measure_unit.get(measure) == "percent"


def _query(store: ox.Store, iris: IRIs, body: str):
    return store.query(body, use_default_graph_as_union=True, prefixes=iris.prefixes())


@cache
def lexicon_for(iris: IRIs) -> Lexicon:
    store = ox.Store()
    store.extend(terminology_quads(iris))
    ns = iris.ontology_ns
    sys_prefix = iris.base + "id/system/"
    measure_prefix = iris.base + "id/measure/"

    def local(iri: str, prefix: str) -> str | None:
        return iri[len(prefix):] if iri.startswith(prefix) and "/" not in iri[len(prefix):] else None

    parents: dict[str, set[str]] = defaultdict(set)
    for row in _query(store, iris, "SELECT ?c ?s WHERE { ?c rdfs:subClassOf ?s FILTER(isIRI(?s)) }"):
        c, s = local(row[0].value, ns), local(row[1].value, ns)
        if c and s:
            parents[c].add(s)
    kinds = {local(r[0].value, ns) for r in _query(store, iris, "SELECT ?c WHERE { ?c rdfs:subClassOf* egov:InformationSystem }")}
    kinds.discard(None)

    forms: dict[tuple[str, ...], list[Target]] = defaultdict(list)
    written: dict[tuple[str, ...], set[tuple]] = defaultdict(set)
    labels: dict[str, str] = {}

    def add(form: str, target: Target) -> None:
        # "National … Platform (NDXP)": the name without its parenthesised code names it too
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", form)
        if bare != form and bare.strip():
            if target.node and target.specific and not target.preferred:
                # "Hệ thống hội nghị truyền hình trực tuyến (Chính phủ – tỉnh – …)": without the brackets
                # the name may be a province's too
                bare_key = fold_phrase(bare)
                specific = _is_code(bare) or any(_contains(bare_key, m) for m in lang.NATIONAL_MARKERS)
                target = Target(target.kind, target.node, target.head, target.service, target.preferred,
                                target.code, specific)
            add(bare, target)
        key = fold_phrase(form)
        stripped = form.strip()
        if stripped.isupper() and stripped.isascii() and len(stripped) <= 4:
            target = Target(target.kind, target.node, target.head, target.service, target.preferred, True, target.specific)
        if not key or (len(key) == 1 and len(key[0]) < 2):
            return
        joined = " ".join(key)
        if joined in lang.GENERIC_FORMS and not target.head:
            return
        if target not in forms[key]:
            forms[key].append(target)
        written[key].add(_written(form))

    label_query = """SELECT ?s ?l ?p WHERE { VALUES ?p { rdfs:label skos:altLabel } ?s ?p ?l }"""
    class_labels: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    node_labels: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for row in _query(store, iris, label_query):
        preferred = row[2].value.endswith("label")
        cls = local(row[0].value, ns)
        if cls in kinds or cls == "OnlineService":
            class_labels[cls].append((row[1].value, preferred))
            if preferred and getattr(row[1], "language", None) == "vi":
                labels[cls] = row[1].value
        slug = local(row[0].value, sys_prefix)
        if slug:
            node_labels[slug].append((row[1].value, preferred))
            if preferred and getattr(row[1], "language", None) == "vi":
                labels[slug] = row[1].value

    for cls, entries in class_labels.items():
        for form, preferred in entries:
            if cls == "OnlineService":
                add(form, Target(cls, service=True, preferred=preferred))
                continue
            folded = " ".join(fold_phrase(form))
            head = cls in lang.HEAD_CLASSES and folded in lang.HEAD_FORMS
            add(form, Target(cls, head=head, preferred=preferred))

    node_kind: dict[str, str] = {}
    for row in _query(store, iris, "SELECT ?s ?c WHERE { ?s a ?c . ?c rdfs:subClassOf* egov:InformationSystem }"):
        slug, cls = local(row[0].value, sys_prefix), local(row[1].value, ns)
        if slug and cls:
            node_kind[slug] = cls
    node_words: dict[str, set[str]] = {}
    for slug, entries in node_labels.items():
        if slug not in node_kind:
            continue
        kind = node_kind[slug]
        words: set[str] = set()
        for form, preferred in entries:
            key = fold_phrase(form)
            words.update(key)
            national_db = "Database" in _ancestors(parents, kind) | {kind}
            if national_db and not any(_contains(key, m) for m in lang.NATIONAL_MARKERS) and not _is_code(form):
                continue  # "CSDL đất đai" alone is the province's or a sector's database
            specific = preferred or _is_code(form) or any(_contains(key, m) for m in lang.NATIONAL_MARKERS)
            add(form, Target(kind, node=slug, preferred=preferred, specific=specific))
        node_words[slug] = words

    successor: dict[str, str] = {}
    for row in _query(store, iris, "SELECT ?a ?b WHERE { ?a egov:replacedBy ?b }"):
        a, b = local(row[0].value, sys_prefix), local(row[1].value, sys_prefix)
        if a and b:
            successor[a] = b

    measures: dict[tuple[str, ...], list[str]] = defaultdict(list)
    measures_exact: dict[tuple[str, ...], list[str]] = defaultdict(list)
    measure_unit: dict[str, str] = {}
    for row in _query(store, iris, """SELECT ?m ?l ?u WHERE { ?m a egov:Measure ; egov:unit ?u .
                                        VALUES ?p { rdfs:label skos:altLabel } ?m ?p ?l }"""):
        slug = local(row[0].value, measure_prefix)
        if slug:
            measure_unit[slug] = row[2].value
            key = fold_phrase(row[1].value)
            if slug not in measures[key]:
                measures[key].append(slug)
            exact = cue_phrase(row[1].value, True)
            if slug not in measures_exact[exact]:
                measures_exact[exact].append(slug)

    # unit nouns the reports use beside the measures' labels ("ministries", "bridgeheads")
    for phrase, slug in lang.UNIT_NOUNS.items():
        if slug in measure_unit:
            for table, key in ((measures, fold_phrase(phrase)), (measures_exact, cue_phrase(phrase, True))):
                if slug not in table[key] and not table[key]:
                    table[key].append(slug)

    topics = frozenset(fold_phrase(r[0].value) for r in _query(
        store, iris, "SELECT ?l WHERE { ?t a egov:Topic . VALUES ?p { rdfs:label skos:altLabel } ?t ?p ?l }"))
    return Lexicon(
        iris=iris, topics=topics, forms=dict(forms), parents=dict(parents), node_kind=node_kind, node_words=node_words,
        successor=successor, measures={k: sorted(v) for k, v in measures.items()},
        measure_cues={True: {k: sorted(v) for k, v in measures_exact.items()},
                      False: {k: sorted(v) for k, v in measures.items()}}, measure_unit=measure_unit, labels=labels,
        max_len=max((len(k) for k in forms), default=0), written=dict(written),
    )


def _written(form: str) -> tuple:
    """The syllables of a label as written (None for a word with no marks or an abbreviation that
    stands for several words), aligned with its folded words."""
    out: list = []
    for m in re.finditer(r"[^\W_]+", unicodedata.normalize("NFC", form)):
        token = m.group(0)
        pieces = lang.ABBREVIATIONS.get(fold(token), (token,))
        out.extend([syllable(token)] if len(pieces) == 1 else [None] * len(pieces))
    return tuple(out)


def _ancestors(parents: dict[str, set[str]], kind: str) -> set[str]:
    seen: set[str] = set()
    stack = [kind]
    while stack:
        for p in parents.get(stack.pop(), ()):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _is_code(form: str) -> bool:
    """An abbreviation or address ("CSDLQGDC", "tiemchung.vncdc.gov.vn") names one thing anywhere."""
    return (" " not in form.strip() and any(c.isupper() for c in form[1:])) or "." in form
