"""Folding a report's text for matching: lower case, no diacritics, and exactly as long as the text, so that an
offset in the folded copy is the same offset in the report. (``ontology.names.fold`` folds names for IRIs and
search, collapsing punctuation; it does not keep lengths.) This module imports nothing from the project."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.lower()[:1] or ch
    if low in "đð":
        return "d"
    base = unicodedata.normalize("NFD", low)[:1]
    return base if base else low


def fold(text: str) -> str:
    """Lower-case, diacritics-free copy of ``text`` of exactly the same length."""
    return "".join(_fold_char(ch) for ch in text)


__all__ = ["fold"]
