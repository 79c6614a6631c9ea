"""How names become IRIs and search keys: the one rule every caller uses.

- :func:`fold`: a name reduced to what people type without a Vietnamese keyboard, for matching:
  ``đ``/``Đ`` become ``d``, diacritics go (compatibility forms too: ``½`` is ``1⁄2``), lower case, and every run
  of anything but ASCII letters and digits becomes one space.
- :func:`slug`: the folded words joined by ``-``, the last segment of an individual's IRI
  (``<base>id/province/quang-nam``); ``max_length`` cuts a long name without leaving a ``-`` at the end.
- :func:`collation_key`: where a name sorts in Vietnamese alphabetical order, the order every sorted list of
  names follows (``Đà Nẵng`` after every name in ``D``, as ``Đ`` is a letter of its own; ``Ă``/``Â`` after
  ``A``; tones only break ties: ``a à ả ã á ạ``);
- :func:`ascii_name`: the name without diacritics, case and punctuation kept (``Đà Nẵng`` → ``Da Nang``), as
  English texts often write Vietnamese names: an altLabel to match them by, never a label to show (proper names
  keep their diacritics in both languages; which name a page shows is ``graph.network.names``).

Both are pure functions of their text; ``tests/test_names.py`` holds the table of real names they must give.

Which name a node is *shown* by is one rule too, here so that every wing of ``graph`` can apply it (compliance
and network never import each other); :mod:`graph.network.names` documents it and reads it from the store:

- :func:`choose_name`: a curated label (one no source gave: the ontology's, the units') first, else the latest
  source's (:func:`source_rank`), in the language asked, else in the other one; never a stripped form;
- :func:`display_name`: that choice applied to a node, a mapping or an object with ``label``/``label_vi`` and
  ``label_en``; :data:`NAMES_QUERY` and :func:`names_from_rows` read it with one SELECT.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["CURATED", "NAMES_QUERY", "Name", "ascii_name", "choose_name", "collation_key", "display_name", "fold",
           "names_by_rule", "names_from_rows", "slug", "source_rank"]

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """'Trục tích hợp (LGSP), Đà Nẵng' -> 'truc tich hop lgsp da nang'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", plain).strip()


def slug(text: str, *, max_length: int | None = None) -> str:
    """'Thành phố Hồ Chí Minh' -> 'thanh-pho-ho-chi-minh'; '' when the name has no letter or digit."""
    made = "-".join(fold(text).split())
    if max_length is not None:
        made = made[:max_length].strip("-")
    return made


#: the Vietnamese alphabet (with f, j, w, z where Latin has them, for foreign words)
_ALPHABET = {c: i for i, c in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_QUALITY = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter (ă â ê ô ơ ư)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


@lru_cache(maxsize=65536)
def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A sort key: 'Dak Nông' < 'Đà Nẵng' < 'Đắk Lắk' < 'Điện Biên' (đ after d, ă after a; a word before a longer one)."""
    letters: list[int] = []
    tones: list[int] = []
    for c in text.lower():
        decomposed = unicodedata.normalize("NFD", c)
        base = decomposed[0] + "".join(m for m in decomposed[1:] if m in _QUALITY)
        letter = unicodedata.normalize("NFC", base)
        if letter in _ALPHABET:
            letters.append(1 + _ALPHABET[letter])
        elif letter.isdigit():
            letters.append(-10 + int(letter))  # digits before letters
        elif letter.isspace():
            letters.append(0)  # a word before its longer forms: "An Giang" before "Anh"
        else:
            letters.append(100 + ord(letter) if letter.isalpha() else -20)
        tones.append(next((_TONES[m] for m in decomposed[1:] if m in _TONES), 0))
    return tuple(letters), tuple(tones), text


def ascii_name(text: str) -> str:
    """'Bà Rịa – Vũng Tàu' -> 'Ba Ria – Vung Tau'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


#: the rank of a label no source gave (the ontology's, the administrative units'): above every source's
CURATED: tuple[int, int, str, str] = (1, 0, "", "")


def source_rank(year: int | None, issued: str | None, source_id: str | None) -> tuple[int, int, str, str]:
    """The rank of a label given by a source: later sources rank higher."""
    return (0, year or 0, issued or "", source_id or "")


@dataclass(frozen=True)
class Name:
    text: str
    lang: str  # "vi", "en" or "" (no language tag)
    rank: tuple[int, int, str, str] = CURATED


def _other(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


def choose_name(names: Iterable[Name], lang: str) -> str | None:
    """The name to show in ``lang`` (``vi`` or ``en``) by the rule above; None when there is no label at all."""
    by_lang: dict[str, list[Name]] = defaultdict(list)
    for n in names:
        if n.text.strip():
            by_lang[n.lang].append(n)
    for chosen in (lang, _other(lang), ""):
        if by_lang.get(chosen):
            # the highest rank; among equals the shortest, then the last alphabetically: never dependent on order
            return max(by_lang[chosen], key=lambda n: (n.rank, -len(n.text), n.text)).text
    return None


def names_by_rule(names: Iterable[Name]) -> dict[str, str | None]:
    """``{"vi": …, "en": …}``: the name in each language, each falling back to the other."""
    listed = list(names)
    return {"vi": choose_name(listed, "vi"), "en": choose_name(listed, "en")}


def display_name(node: Mapping[str, Any] | Any, lang: str = "vi") -> str:
    """The name of ``node`` in ``lang``: a projection node (``label`` Vietnamese, ``label_en`` English), a
    mapping or an object with ``label_vi``/``label_en`` (administrative units, coverage entries) or
    ``label``/``label_en`` (diff references). Falls back to the other language, then to the id."""

    def get(key: str) -> Any:
        return node.get(key) if isinstance(node, Mapping) else getattr(node, key, None)

    vi = get("label_vi") or get("label")
    en = get("label_en")
    first, second = (en, vi) if lang == "en" else (vi, en)
    return str(first or second or get("id") or "")


#: the labels of the nodes in a VALUES block (``NAMES_QUERY % "<iri> <iri>"``) with what ranks them
NAMES_QUERY = """
SELECT ?s ?name ?src ?year ?issued WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s rdfs:label ?name }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?src } OPTIONAL { ?src egov:refYear ?year } OPTIONAL { ?src dcterms:issued ?issued } }
}"""


def names_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str | None]]:
    """``{iri: {"vi": …, "en": …}}`` from the rows of :data:`NAMES_QUERY` (terms with ``value`` and ``language``)."""
    found: dict[str, list[Name]] = defaultdict(list)
    for r in rows:
        src, year, issued = r.get("src"), r.get("year"), r.get("issued")
        rank = CURATED if src is None else source_rank(int(year.value) if year is not None else None,
                                                       issued.value if issued is not None else None,
                                                       src.value.rsplit("/", 1)[-1])
        found[r["s"].value].append(Name(r["name"].value, getattr(r["name"], "language", None) or "", rank))
    return {iri: names_by_rule(ns) for iri, ns in found.items()}
