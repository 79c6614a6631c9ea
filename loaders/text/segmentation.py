"""Sentences and words of a report, with character offsets into the original text.

Matching is case- and diacritics-insensitive: :func:`fold` maps every character to exactly one
character (lower case, marks removed, đ → d), so an offset in the folded text is the same offset in
the report. Words are runs of letters and digits; abbreviations listed in ``language.ABBREVIATIONS``
expand into the words they stand for, each keeping the offsets of the abbreviation.

Sentences are split by rules written for these reports (a paragraph break always ends one; a full
stop, question or exclamation mark ends one when the next word starts with a capital or a digit, and
is not an abbreviation's dot such as "TP." or a number's "27.500"). ``engine="underthesea"`` uses
underthesea's sentence splitter instead, when that package is installed; it is optional and loads no
model from the network (its splitter's parameters ship inside the package).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from loaders.text.folding import fold
from loaders.text.language import ABBREVIATIONS, HARD_BREAKS




_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=16384)
def syllable(word: str) -> tuple[str, str] | None:
    """A written word as (letters with their vowel marks, tone mark), lower case; None for a word with
    no diacritics at all (a code, an English word, or one typed without marks), which matches any.
    "khoẻ" and "khỏe" (the tone placed on another vowel) are the same; "trúc" and "trục", "công"
    and "cổng" are not."""
    low = unicodedata.normalize("NFD", word.lower())
    if low.isascii():
        return None
    letters, tone = [], ""
    for ch in low:
        if ch in _TONES:
            tone = ch
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def fold_phrase(text: str) -> tuple[str, ...]:
    """The folded words of a phrase, abbreviations expanded: the form the lexicon is keyed on."""
    words: list[str] = []
    for w in re.findall(r"[^\W_]+", fold(unicodedata.normalize("NFC", text))):
        words.extend(ABBREVIATIONS.get(w, (w,)))
    return tuple(words)


def cue_phrase(text: str, accented: bool = True) -> tuple[str, ...]:
    """The words of a phrase as ``Word.cue`` sees them: lower case as written (folded for a report
    without diacritics), abbreviations expanded."""
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    out: list[str] = []
    for m in re.finditer(r"[^\W_]+", folded):
        pieces = ABBREVIATIONS.get(m.group(0))
        if pieces:
            out.extend(pieces)
        else:
            out.append(text[m.start():m.end()].lower() if accented else m.group(0))
    return tuple(out)


@dataclass(frozen=True)
class Word:
    text: str        # folded (an expanded abbreviation gives several words with the same offsets)
    cue: str         # how language rules see it: lower case as written, or folded (see WordList)
    start: int
    end: int
    source: int      # index of the word as written (expansions share it)
    break_before: bool  # a clause break (HARD_BREAKS) lies between this word and the previous one
    comma_before: bool  # a comma (a list separator) lies between this word and the previous one


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str


def sentence_words(words: list[Word], sentences: list[Sentence]) -> Iterator[tuple[Sentence, int, int]]:
    """Each sentence (in text order) with the range ``[first, last)`` of its words in ``words``."""
    first = 0
    for sentence in sentences:
        while first < len(words) and words[first].start < sentence.start:
            first += 1
        last = first
        while last < len(words) and words[last].end <= sentence.end:
            last += 1
        yield sentence, first, last


_WORD = re.compile(r"[^\W_]+")
_BREAK = set(HARD_BREAKS)


class WordList(list):
    """The words of a report; ``accented`` is False for a report typed without diacritics, whose
    words the language rules then compare folded."""

    accented: bool = True


def words_of(text: str, folded: str | None = None) -> WordList:
    folded = fold(text) if folded is None else folded
    letters = sum(1 for c in text if c.isalpha())
    marked = sum(1 for c, f in zip(text, folded) if c.isalpha() and c.lower() != f)
    out = WordList()
    out.accented = letters == 0 or marked / letters > 0.02
    prev_end = 0
    for n, m in enumerate(_WORD.finditer(folded)):
        gap = text[prev_end:m.start()]
        # "gov.vn": a dot between letters with no space is inside an address or a file name
        dotted = gap == "." and n > 0 and text[prev_end - 1:prev_end].isalpha() and m.group(0)[:1].isalpha()
        brk = any(c in _BREAK for c in gap) and not dotted
        comma = "," in gap or " - " in gap or "–" in gap
        raw = text[m.start():m.end()].lower()
        pieces = ABBREVIATIONS.get(m.group(0), (m.group(0),))
        for i, piece in enumerate(pieces):
            first = i == 0
            cue = (raw if out.accented else m.group(0)) if len(pieces) == 1 else piece
            out.append(Word(piece, cue, m.start(), m.end(), n, brk and first, comma and first))
        prev_end = m.end()
    return out


_ABBREV_DOT = re.compile(r"(?:\b[A-ZĐ][A-Za-zĐđ]{0,2}|\bv\.v|\bTS|\bThS|\bPGS|\bGS|\bNxb|\bTr|\bSđd)\.$")


def _rule_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        line = para.group(0)
        for m in re.finditer(r"[.!?…]+[\"”’)]*\s+(?=[A-ZĐÀ-Ỹ0-9\"“(\-–•*+])", line):
            cut = para.start() + m.end()
            head = text[start:para.start() + m.start() + 1]
            if _ABBREV_DOT.search(head):
                continue
            spans.append((start, cut))
            start = cut
        spans.append((start, para.end()))
    return spans


def _underthesea_sentences(text: str) -> list[tuple[int, int]]:
    try:
        from underthesea import sent_tokenize
    except ImportError as exc:  # optional: only for comparing splitters
        from egovkg.errors import ConfigError

        raise ConfigError("sentence engine 'underthesea' needs the underthesea package (pip install underthesea)") from exc
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        pos = para.start()
        for piece in sent_tokenize(para.group(0)):
            found = text.find(piece.strip(), pos, para.end())
            if found < 0:
                continue
            spans.append((found, found + len(piece.strip())))
            pos = found + len(piece.strip())
    return spans


def split_sentences(text: str, engine: str = "rules") -> list[Sentence]:
    spans = _underthesea_sentences(text) if engine == "underthesea" else _rule_sentences(text)
    sentences: list[Sentence] = []
    paragraph = -1
    prev_end = 0
    for start, end in spans:
        # trim the spaces each split leaves, so offsets point at words
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if paragraph < 0 or "\n" in text[prev_end:start]:
            paragraph += 1
        sentences.append(Sentence(len(sentences), start, end, paragraph, text[start:end]))
        prev_end = end
    return sentences
