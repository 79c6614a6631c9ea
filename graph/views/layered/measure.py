"""Sizes of the layered diagram, and the width of its text: what a box needs to hold a name.

Widths are computed from the advance widths of DejaVu Sans Condensed (measured in Chromium), the first font of
the diagram's font stack, with a safety margin; Vietnamese letters are as wide as their base letter. Every usual
fallback (Arial Narrow, Arial, Helvetica, Segoe UI, Roboto) is narrower, so measured text fits its box there too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# -- sizes (CSS px) ---------------------------------------------------------------------------------
FONT = 12.0              # box labels: the minimum, so that the most names fit
LINE = 14.0              # line height of box labels
PAD_X, PAD_Y = 6.0, 4.0  # inside a box
BOX_H = 2 * LINE + 2 * PAD_Y
MIN_W = 78.0
GAP_X, GAP_Y = 6.0, 5.0  # between boxes
GROUP_GAP = 12.0         # between boxes of different kinds in a row: the groups show
BAND_PAD = 5.0           # above and below a band's rows
TITLE_W = 108.0          # the column of band names
MARGIN_GAP = 28.0        # between the province's part and the margin: the corridor its links run in
LANE = 3.0               # between links side by side in the corridor
RIGHT = 12.0             # right of the margin: room for the brackets of links within it
HEADER_H = 18.0          # the row that names the province and the margin
LEGEND_H = 20.0
#: the first screen at 1440 × 900, less the page's head (about 100 px) and a scroll bar (17 px)
WIDTH, HEIGHT = 1384.0, 780.0
NARROWEST = 560.0        # the province's part of a small diagram (the legend needs about this much)
#: widest boxes tried, widest first: narrower boxes hold fewer words a line, so more boxes a row
WIDEST = (250.0, 220.0, 196.0, 176.0)
#: a name that needs three lines at the widest box may take a box this much wider, then this much
LONG, LONGEST = 1.3, 1.75

# -- text widths ------------------------------------------------------------------------------------
#: advance widths of DejaVu Sans Condensed (per 1000 em) for U+0020..U+007E, measured in Chromium
_ASCII = (
    286, 360, 414, 754, 572, 855, 702, 247, 351, 351, 450, 754, 286, 325, 286, 303, 572, 572, 572, 572, 572, 572, 572,
    572, 572, 572, 303, 303, 754, 754, 754, 478, 900, 615, 617, 628, 693, 568, 518, 697, 677, 265, 265, 590, 501, 776,
    673, 708, 542, 708, 625, 571, 549, 659, 615, 890, 616, 549, 616, 351, 303, 351, 754, 450, 450, 551, 571, 495, 571,
    554, 316, 571, 570, 250, 250, 521, 250, 876, 570, 550, 571, 571, 370, 469, 353, 570, 532, 736, 532, 532, 472, 572,
    303, 572, 754)
_BOLD_ASCII = (
    313, 410, 469, 754, 626, 901, 785, 275, 411, 411, 470, 754, 342, 374, 342, 329, 626, 626, 626, 626, 626, 626, 626,
    626, 626, 626, 360, 360, 754, 754, 754, 522, 900, 696, 686, 660, 747, 615, 615, 738, 753, 334, 334, 697, 573, 896,
    753, 765, 659, 765, 693, 648, 614, 730, 696, 993, 694, 651, 652, 411, 329, 411, 754, 450, 450, 607, 644, 533, 644,
    610, 391, 644, 641, 308, 308, 598, 308, 938, 641, 618, 644, 644, 444, 536, 430, 641, 586, 831, 580, 586, 523, 641,
    329, 641, 754)
_OTHER = {"đ": 571, "Đ": 697, "“": 466, "”": 466, "‘": 286, "’": 286, "–": 450, "—": 900, "…": 900, "×": 754, "·": 286}
SAFETY = 1.04   # rounding, kerning, hinting: measured text never reaches the box's padding


def _advance(ch: str, bold: bool) -> float:
    table = _BOLD_ASCII if bold else _ASCII
    code = ord(ch)
    if 32 <= code < 127:
        return table[code - 32]
    if ch in _OTHER:
        return _OTHER[ch] * (1.09 if bold else 1.0)
    base = unicodedata.normalize("NFD", ch)[0]   # Vietnamese letters are as wide as their base letter
    if base != ch and 32 <= ord(base) < 127:
        return table[ord(base) - 32]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return 700 if not unicodedata.combining(ch) else 0


@lru_cache(maxsize=65536)
def text_width(text: str, size: float = FONT, *, bold: bool = False) -> float:
    """The width of ``text`` in CSS px at ``size`` in the diagram's font (an upper bound for its fallbacks)."""
    return sum(_advance(c, bold) for c in text) * size / 1000 * SAFETY


def wrap(text: str, width: float, lines: int = 2, *, size: float = FONT, bold: bool = False) -> list[str] | None:
    """``text`` broken at spaces into at most ``lines`` lines each at most ``width`` wide, as evenly as can be;
    None when it does not fit."""
    words = text.split()
    if not words:
        return [""]
    if lines == 1 or len(words) == 1:
        return [" ".join(words)] if text_width(" ".join(words), size, bold=bold) <= width else None
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(words)):
        head = " ".join(words[:cut])
        if text_width(head, size, bold=bold) > width:
            break
        rest = wrap(" ".join(words[cut:]), width, lines - 1, size=size, bold=bold)
        if rest is not None:
            widest = max(text_width(x, size, bold=bold) for x in [head, *rest])
            if best is None or widest < best[0]:
                best = (widest, [head, *rest])
    whole = " ".join(words)
    if text_width(whole, size, bold=bold) <= width and (best is None or text_width(whole, size, bold=bold) <= best[0] + 1):
        return [whole]
    return best[1] if best else None


def cut(text: str, width: float) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis."""
    out = text
    while out and text_width(out + "…") > width:
        out = out[:-1]
    return out.rstrip(" ,;:-(") + "…"


def short_name(name: str, unit_names: Iterable[str]) -> str:
    """``name`` without the province it is in ("Cổng Thông tin điện tử tỉnh Quảng Nam" → "Cổng Thông tin điện
    tử"; "Quảng Nam provincial e-portal" → "Provincial e-portal"), or ``name`` when nothing would be left."""
    out = name
    for unit in unit_names:
        plain = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", unit, flags=re.IGNORECASE)
        pattern = rf"\s*\b(?:của\s+)?(?:tỉnh|thành phố|TP\.?|province of|city of)?\s*{re.escape(plain)}\b(?:\s+(?:province|city))?"
        out = re.sub(pattern, " ", out, flags=re.IGNORECASE)
    out = re.sub(r"\(\s*", "(", re.sub(r"\s*\)", ")", re.sub(r"\s+", " ", out))).replace("()", "").strip(" ,;:-")
    out = re.sub(r"\s+([,;:])", r"\1", out)
    if len(out) < 4:
        return name
    return out[0].upper() + out[1:] if name[:1].isupper() else out

