"""Content negotiation for the SPARQL endpoint: the ``Accept`` header (q-values, wildcards, several
types at once) or a ``format`` parameter picks one of the result formats of :mod:`graph.sparql.formats`.

A format's media types are its canonical one (what the response's ``Content-Type`` says) and the
aliases clients send. Ranking follows RFC 9110 §12.5.1: each available type takes the q-value of the
most specific range that matches it; the highest q wins; ties go to the more specific range, then
to the range listed first, then to a format's own media type over an alias (``text/*`` means CSV,
not XML as ``text/xml``), then to the server's order (the first format of the table is the
default). A type with q=0 is refused even when a wildcard would allow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.sparql.formats import GRAPH_ALIASES, GRAPH_MEDIA_TYPES, RESULT_ALIASES, RESULT_MEDIA_TYPES


@dataclass(frozen=True)
class FormatTable:
    """The formats one kind of result can take: name → media types, canonical first."""

    media_types: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str]  # every name a ``format`` parameter may use → format

    def content_type(self, fmt: str) -> str:
        return self.media_types[fmt][0]

    def listing(self) -> str:
        return ", ".join(f"{name} ({types[0]})" for name, types in self.media_types.items())


def _table(canonical: Mapping[str, str], aliases: Mapping[str, tuple[str, ...]]) -> FormatTable:
    media = {fmt: (mt, *(a for a in aliases.get(fmt, ()) if "/" in a)) for fmt, mt in canonical.items()}
    names: dict[str, str] = {}
    for fmt, mt in canonical.items():
        for name in (fmt, mt, *aliases.get(fmt, ())):
            names.setdefault(name.lower(), fmt)
    return FormatTable(media, names)


#: SELECT and ASK answer in these (JSON by default); CONSTRUCT and DESCRIBE in the graph ones (Turtle)
RESULTS = _table(RESULT_MEDIA_TYPES, RESULT_ALIASES)
GRAPHS = _table(GRAPH_MEDIA_TYPES, GRAPH_ALIASES)


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    index: int


def parse_accept(header: str) -> list[_Range]:
    ranges: list[_Range] = []
    for index, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            if media == "*":
                media = "*/*"
            else:
                continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        kind, _, sub = media.partition("/")
        ranges.append(_Range(kind, sub, q, index))
    return ranges


def negotiate(accept: str | None, table: FormatTable) -> str | None:
    """The format to answer with; None when the header rules out every one (answer 406)."""
    if accept is None or not accept.strip():
        return next(iter(table.media_types))
    ranges = parse_accept(accept)
    if not ranges:
        return next(iter(table.media_types))
    best: tuple[tuple, str] | None = None
    for preference, (fmt, types) in enumerate(table.media_types.items()):
        for alias, media in enumerate(types):
            kind, _, sub = media.partition("/")
            match: tuple[int, float, int] | None = None
            for r in ranges:
                if r.type == kind and r.subtype == sub:
                    specificity = 2
                elif r.type == kind and r.subtype == "*":
                    specificity = 1
                elif r.type == "*" and r.subtype == "*":
                    specificity = 0
                else:
                    continue
                if match is None or specificity > match[0]:
                    match = (specificity, r.q, r.index)
            if match is None or match[1] <= 0:
                continue
            key = (match[1], match[0], -match[2], alias == 0, -preference)
            if best is None or key > best[0]:
                best = (key, fmt)
    return best[1] if best else None


def from_parameter(values: Iterable[str], table: FormatTable) -> str | None:
    """The first ``format`` value that names a format of ``table`` (clients such as SPARQLWrapper
    send several: ``format=tsv&format=text/tab-separated-values``); None when none does."""
    for value in values:
        fmt = table.names.get(value.strip().lower())
        if fmt is not None:
            return fmt
    return None
