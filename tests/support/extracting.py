"""Running the report-text extractor on passages written for the tests, and reading its candidates back in the
form the assertions use."""

from __future__ import annotations

from collections.abc import Callable

from loaders.text import extract_text
from loaders.text.candidates import Extraction
from loaders.text.report import build_meta
from loaders.vocabulary import vocabulary_for
from ontology import IRIs


def extractor(iris: IRIs, province: str = "son-la", period: str = "2023") -> Callable[[str], Extraction]:
    """A function from a passage to its extraction, as a report of ``province`` for ``period``."""
    vocab = vocabulary_for(iris)

    def run(text: str) -> Extraction:
        meta, body = build_meta(text, vocab, province=province, period=period)
        return extract_text(body, meta, iris)

    return run


def systems(ex: Extraction) -> dict[str, str]:
    """Each candidate's longest mention → its kind."""
    return {max((m.text for m in s.mentions), key=len): s.kind for s in ex.systems}


def links(ex: Extraction) -> set[tuple[str, str, str]]:
    """(subject, relation, object), each end by its national node or its longest mention."""
    def name(s):
        return s.node or max((m.text for m in s.mentions), key=len)

    return {(name(link.subject), link.relation, name(link.object)) for link in ex.links}


def figures(ex: Extraction) -> dict[str, tuple]:
    """Each figure's number as written → (value, measure, denominator)."""
    return {f.number.text: (f.value, f.measure, f.out_of) for f in ex.figures}
