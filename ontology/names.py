"""How names become IRIs and search keys: the one rule every caller uses.

- :func:`fold`: a name reduced to what people type without a Vietnamese keyboard, for matching:
  ``đ``/``Đ`` become ``d``, diacritics go (compatibility forms too: ``½`` is ``1⁄2``), lower case, and every run
  of anything but ASCII letters and digits becomes one space.
- :func:`slug`: the folded words joined by ``-``, the last segment of an individual's IRI
  (``<base>id/province/quang-nam``); ``max_length`` cuts a long name without leaving a ``-`` at the end.
- :func:`ascii_name`: the name without diacritics, case and punctuation kept (``Đà Nẵng`` → ``Da Nang``), as
  English texts often write Vietnamese names: an altLabel to match them by, never a label to show (proper names
  keep their diacritics in both languages; which name a page shows is ``graph.network.names``).

Both are pure functions of their text; ``tests/test_names.py`` holds the table of real names they must give.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ascii_name", "fold", "slug"]

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


def ascii_name(text: str) -> str:
    """'Bà Rịa – Vũng Tàu' -> 'Ba Ria – Vung Tau'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
