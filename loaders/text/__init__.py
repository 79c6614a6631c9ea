"""The report-text loader: candidate systems, links and figures from a report's plain text.

    extract_text(text, meta, iris)  →  Extraction (candidates with evidence and confidence)
    Extraction.as_json() / .quads() →  the review list / the named graph <base>graph/extracted/<id>
    promote(extraction)             →  a curated-facts YAML draft for a person to review and load

The modules split the work by concern, in the order they run: ``segmentation`` (sentences, words,
folding), ``lexicon`` (the ontology's labels), ``mentions`` (where a system is named) and
``qualifiers`` (what the words around it say), ``heads`` (English phrases around a head noun, and
names typed by their words), ``enumerations`` (lists of systems), ``links``,
``coreference`` (which mentions are one system), ``figures``; ``language`` holds every language
rule as a data table; ``report`` (input checks and metadata), ``candidates`` (result and RDF),
``promote`` and ``evaluate`` (precision and recall against the annotated seed reports and report
texts), ``corpus`` (the shared report texts, their gold files and the held-out list) and
``firstsight`` (the first-sight table).

This package never writes to a store and never touches curated data; the only file it writes is the
first-sight table, when the command line asks ``firstsight.write_rows`` to.
"""

from __future__ import annotations

from pathlib import Path

from loaders.source import LoadedSource, SourceRecord
from loaders.text.candidates import (
    Extraction,
    FigureCandidate,
    LinkCandidate,
    Span,
    SystemCandidate,
    candidate_id,
)
from loaders.text.coreference import join_codes, national_alias, refine_keys
from loaders.text.enumerations import apply_enumerations, find_enumerations
from loaders.text.figures import find_figures
from loaders.text.heads import head_mentions, retype_names
from loaders.text.language import SERVICE_PROXIES
from loaders.text.lexicon import Lexicon, lexicon_for
from loaders.text.links import find_links
from loaders.text.mentions import Mention, find_mentions
from loaders.text.qualifiers import np_start
from loaders.text.report import ReportMeta, build_meta, decode_report
from loaders.text.segmentation import split_sentences, words_of
from loaders.vocabulary import vocabulary_for
from ontology import IRIs

__all__ = ["Extraction", "ReportMeta", "extract_file", "extract_text", "extracted_source", "read_report"]

ENGINES = ("rules", "underthesea")


def read_report(data: bytes, iris: IRIs, *, name: str = "report", **given: object) -> tuple[ReportMeta, str]:
    """Decode and check a report's bytes; metadata from ``given`` over the file's header."""
    text = decode_report(data, name)
    return build_meta(text, vocabulary_for(iris), name=name, **given)


def extract_file(path: Path, iris: IRIs, *, engine: str = "rules", **given: object) -> Extraction:
    from egovkg.errors import InputError

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    meta, text = read_report(path.read_bytes(), iris, name=str(path), **given)
    return extract_text(text, meta, iris, engine=engine)


def extract_text(text: str, meta: ReportMeta, iris: IRIs, *, engine: str = "rules") -> Extraction:
    lex = lexicon_for(iris)
    sentences = split_sentences(text, engine)
    words = words_of(text)
    mentions = find_mentions(lex, text, words, sentences)
    mentions = head_mentions(lex, text, words, sentences, mentions)
    enums = find_enumerations(lex, text, words, sentences, mentions)
    mentions = apply_enumerations(lex, text, words, mentions, enums)
    retype_names(text, mentions)
    join_codes(lex, text, mentions)   # "Trung tâm … (IOC)" is the IOC before any link is read
    figures = find_figures(lex, text, words, sentences)
    links = find_links(lex, text, words, sentences, mentions)
    # two mentions of one class the report links to each other name two systems (not "A (B)")
    same_key = [(link.subject, link.object) for link in links if link.subject.key == link.object.key
                and link.explicit and text[link.subject.end:link.object.start].strip() != "("
                and text[link.object.end:link.subject.start].strip() != "("
                and np_start(words, link.subject, words.accented) and np_start(words, link.object, words.accented)]
    mentions = refine_keys(lex, text, sentences, mentions, enums, same_key)
    return _assemble(lex, text, meta, iris, sentences, mentions, links, figures, engine)


def _assemble(lex: Lexicon, text, meta, iris, sentences, mentions: list[Mention], links, figures, engine) -> Extraction:
    def sentence_span(index: int) -> Span:
        s = sentences[index]
        return Span(s.text, s.start, s.end)

    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if not m.service:
            groups.setdefault(m.key, []).append(m)
    alias = national_alias(lex, text, groups)
    for key, target in alias.items():
        groups[target] = sorted(groups[target] + groups.pop(key), key=lambda m: m.start)
    systems: dict[str, SystemCandidate] = {}
    for key, ms in groups.items():
        # the most specific kind the mentions agree on names the system ("phần mềm ISO online" and
        # "phần mềm quản lý văn bản ISO online")
        kinds = {m.kind for m in ms}
        kind = next((k for k in sorted(kinds) if all(lex.is_a(k, o) for o in kinds)), ms[0].kind)
        node = next((m.node for m in ms if m.node), None)
        first = ms[0]
        if node:
            kind = lex.node_kind.get(node, kind)
            label = lex.labels.get(node, first.form(text))
        else:
            label = max((m.form(text) for m in ms), key=len)
        confidence = max(m.confidence for m in ms)
        systems[key] = SystemCandidate(
            id=candidate_id("system", key), kind=kind, node=node, label=" ".join(label.split()),
            evidence=sentence_span(first.sentence), mention=Span(first.form(text), first.start, first.end),
            mentions=[Span(m.form(text), m.start, m.end) for m in ms],
            confidence=round(confidence if len(ms) == 1 else min(0.95, confidence + 0.05), 2),
        )

    def system_for(m: Mention) -> SystemCandidate | None:
        if m.service:
            # a service stands for the system providing it, when the report names that system
            proxy = SERVICE_PROXIES.get(m.kind, m.kind)
            return next((s for s in systems.values() if s.kind == proxy and not s.node), None)
        return systems.get(alias.get(m.key, m.key))

    link_out: dict[tuple, LinkCandidate] = {}
    for link in links:
        s, o = system_for(link.subject), system_for(link.object)
        if s is None or o is None or s is o:
            continue
        key = (s.id, link.relation, o.id)
        if key in link_out:
            link_out[key].evidences.append(sentence_span(link.sentence))
            link_out[key].confidence = max(link_out[key].confidence, link.confidence)
            continue
        link_out[key] = LinkCandidate(candidate_id("link", *key), link.relation, s, o, sentence_span(link.sentence),
                                      link.confidence, [sentence_span(link.sentence)])

    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if not m.service:
            by_sentence.setdefault(m.sentence, []).append(m)
    figure_out = []
    for f in figures:
        near = by_sentence.get(f.sentence, [])
        before = [m for m in near if m.end <= f.start]
        # a count named before any system is the province's unless a provincial system follows ("the
        # province has 1,200 services on the National Public Service Portal" counts the province's)
        pick = before[-1] if before else next((m for m in near if not m.node), None)
        of = system_for(pick) if pick else None
        figure_out.append(FigureCandidate(
            id=candidate_id("figure", f.start, f.end), value=f.value, measure=f.measure, unit=f.unit,
            evidence=sentence_span(f.sentence), number=Span(text[f.start:f.end], f.start, f.end),
            confidence=f.confidence, of=of, out_of=f.out_of, approx=f.approx, level=f.level, year=f.year))
    return Extraction(meta, iris, list(systems.values()), list(link_out.values()), figure_out, engine)


def extracted_source(extraction: Extraction) -> LoadedSource:
    """The candidates as a source the store can load into their own named graph."""
    meta = extraction.meta
    return LoadedSource(
        graph=extraction.graph, quads=extraction.quads(),
        record=SourceRecord(id=meta.id, title=meta.title or meta.id, province=meta.province,
                            period_start=meta.period_start, period_end=meta.period_end, issued=meta.issued,
                            publisher=meta.publisher, url=meta.url, kind="extracted"),
    )
