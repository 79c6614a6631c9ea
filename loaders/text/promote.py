"""Candidates → a curated-facts draft (``docs/curated-facts.md``) for a person to review.

The draft is what ``egovkg extract … --promote`` writes: every candidate at or above a confidence
threshold becomes a system, link or observation entry with the report's own sentence as its quote,
so ``egovkg load --check`` accepts the file as written. Nothing is loaded: a person reads the draft,
fixes labels, kinds and subjects, deletes what is wrong, and loads it like any curated file.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import yaml

from loaders.text.candidates import Extraction, SystemCandidate
from loaders.text.lexicon import lexicon_for

_LEVELS = {"1", "2", "3", "4", "full", "partial"}


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:48].strip("-") or "system"


class _Quoted(str):
    pass


def _quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, _quoted)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def promote(extraction: Extraction, *, min_confidence: float = 0.5) -> str:
    """The YAML text of a curated-facts draft holding the candidates at or above ``min_confidence``."""
    meta = extraction.meta
    lex = lexicon_for(extraction.iris)
    slugs: dict[str, str] = {}
    used: set[str] = set()
    systems = []
    for s in extraction.systems:
        if s.confidence < min_confidence:
            continue
        if s.node:
            slugs[s.id] = s.node
            continue
        base = slugify(s.label)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[s.id] = slug
        kind_en = _english(lex, s.kind)
        systems.append({
            "id": slug, "kind": s.kind,
            "label": {"vi": _Quoted(s.label), "en": _Quoted(f"{kind_en} ({s.label}) — to review")},
            "aliases": [_Quoted(m) for m in dict.fromkeys(m.text for m in s.mentions) if m != s.label][:8],
            "quote": _Quoted(s.evidence.text),
            "note": _Quoted(f"extracted (confidence {s.confidence}); mention at characters {s.mention.start}-{s.mention.end}"),
        })
    links = []
    seen_links: set[tuple] = set()
    for link in extraction.links:
        if link.confidence < min_confidence or link.subject.id not in slugs or link.object.id not in slugs:
            continue
        key = (slugs[link.subject.id], link.relation, slugs[link.object.id], link.evidence.text)
        if key in seen_links:
            continue
        seen_links.add(key)
        links.append({"from": key[0], "rel": link.relation, "to": key[2], "quote": _Quoted(link.evidence.text),
                      "note": _Quoted(f"extracted (confidence {link.confidence}); sentence at characters "
                                      f"{link.evidence.start}-{link.evidence.end}")})
    observations = []
    for f in extraction.figures:
        if f.confidence < min_confidence:
            continue
        item: dict = {"of": slugs.get(f.of.id, "province") if f.of else "province", "measure": f.measure,
                      "value": _number(f.value)}
        if f.out_of is not None:
            item["out_of"] = _number(f.out_of)
        if f.approx:
            item["approx"] = f.approx
        if f.level in _LEVELS:
            item["level"] = f.level
        if f.year and meta.period_start.year <= f.year <= meta.period_end.year and f.year != meta.year:
            item["period"] = f.year
        item["quote"] = _Quoted(f.evidence.text)
        item["note"] = _Quoted(f"extracted (confidence {f.confidence}): \"{f.number.text}\" at characters "
                               f"{f.number.start}-{f.number.end}")
        observations.append(item)
    source = {
        "id": meta.id, "title": _Quoted(meta.title or f"Report {meta.id}"),
        "publisher": _Quoted(meta.publisher) if meta.publisher else None,
        "issued": meta.issued or str(meta.year), "province": meta.province,
        "period": meta.year if meta.period_start.year == meta.year else {"start": meta.period_start, "end": meta.period_end},
        "kind": "article", "url": meta.url,
    }
    doc = {"source": source, "organizations": [], "systems": systems, "links": links, "observations": observations}
    header = (
        f"# Draft curated facts extracted from report text by `egovkg extract` ({extraction.engine} sentences).\n"
        "# Review every entry against the report before loading: fix labels (the English ones are placeholders),\n"
        "# kinds, subjects ('of') and measures, delete what is wrong, add what is missing.\n"
        f"# Candidates below confidence {min_confidence} were left out.\n"
    )
    if not meta.issued:
        header += "# 'issued' was not given: the report's year stands in for its date.\n"
    return header + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def _english(lex, kind: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


__all__ = ["SystemCandidate", "promote", "slugify"]
