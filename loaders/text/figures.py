"""Figures: the numbers a report states, with what they count, their unit and qualifiers.

Number formats are Vietnamese first ("27.500", "5.800.000", "55,73%", "0,7") with English ones
accepted where unambiguous ("1,500.5"); ratios "190/241" give a value and a denominator; "hơn",
"gần", "khoảng"… make a value approximate; "tỷ", "triệu" scale it. A number is *not* a figure when it
is a date or a year, a document number ("84/KH-UBND"), a version ("2.0"), a level or tier ("mức độ 3",
"3 cấp"), a list marker, or glued to letters ("4G", "IPv6"). What a figure counts comes from the
measures' labels in ``ontology/measures.ttl``: the unit noun after the number ("1.500 chứng thư số"),
a "label là/đạt N" before it, or, for a percentage, the rate named around it. A number in a
breakdown ("trong đó … cấp huyện hơn 75.000") with no unit of its own counts what the figure before
it in the sentence counts. A number whose measure cannot be told is not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.facts import parse_number
from loaders.text import language as lang
from loaders.text.lexicon import Lexicon
from loaders.text.segmentation import Sentence, Word, sentence_words

_PERCENT = re.compile(r"\s?%|\s(?:percent|per\s?cent)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,/:-])\d+(?:[.,/]\d+)*(?![\d/]|[.,:]\d)")


@dataclass
class Figure:
    start: int
    end: int
    value: Decimal
    measure: str | None
    out_of: Decimal | None = None
    approx: str | None = None
    level: str | None = None
    year: int | None = None
    unit: str | None = None
    confidence: float = 0.0
    sentence: int = -1
    text: str = ""


class _Finder:
    def __init__(self, lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence]) -> None:
        self.lex = lex
        self.text = text
        self.words = words
        self.sentences = sentences
        self.word_at: dict[int, int] = {}
        for n, w in enumerate(words):
            self.word_at.setdefault(w.start, n)
        self.max_measure = max((len(k) for k in lex.measures), default=1)
        self.accented = getattr(words, "accented", True)
        # a report that writes thousands with a dot ("27.500") writes decimals with a comma: its
        # "124,178 tỷ" is 124.178 billion
        self.comma_decimals = bool(re.search(r"\d\.\d{3}(?![\d.])", text)) and not re.search(r"\d,\d{3}\.\d", text)
        # a report that writes thousands with a comma ("2,780,450") writes decimals with a dot: its
        # "1.35 billion" and "0.44 points" are numbers, not versions
        self.decimal_dots = not self.comma_decimals and bool(re.search(r"\d,\d{3}(?![\d])", text))

    def scaled_or_unit(self, end: int) -> bool:
        """A scale word or a unit noun right after the number ("1.35 billion", "0.44 points")."""
        n = next((i for i, w in enumerate(self.words) if w.start >= end), None)
        if n is None or self.words[n].break_before:
            return False
        return self.words[n].cue in self.table(lang.MULTIPLIERS) or self.measure_at(n, min(len(self.words), n + 3),
                                                                                     rate=False) is not None

    def in_bracket_after(self, after: int, at: int) -> bool:
        """``at`` is inside a bracket that opens after ``after`` and is not closed before ``at``."""
        opened = self.text.rfind("(", after, at)
        return opened >= 0 and ")" not in self.text[opened:at] or (
            "(" not in self.text[after:at] and ")" not in self.text[after:at]
            and self.text.rfind("(", 0, after) > self.text.rfind(")", 0, after))

    def out_of_after(self, k: int) -> tuple[Decimal, int] | None:
        """"N out of (the) M …" after the number: (M, the word after M)."""
        cue = " ".join(w.cue for w in self.words[k:k + 2])
        if cue not in self.table(lang.OUT_OF_WORDS) or any(w.break_before for w in self.words[k:k + 3]):
            return None
        j = k + 2 + (k + 2 < len(self.words) and self.words[k + 2].cue == "the")
        whole = _NUMBER.match(self.text, self.words[j].start) if j < len(self.words) else None
        if whole and "/" not in whole.group(0):
            total = parse_number(whole.group(0))
            if self.comma_decimals and re.fullmatch(r"\d+,\d+", whole.group(0)):
                total = Decimal(whole.group(0).replace(",", "."))
            if total is not None:
                while j + 1 < len(self.words) and self.words[j + 1].start < whole.end():
                    j += 1
                return total, j + 1
        return None

    def rank_context(self, n: int, window: int = 3) -> bool:
        """A rank word next to word n ("ranked 10th", "came in second place", "rank first")."""
        cues = self.table(lang.ORDINAL_RANK_CUES)
        near = self.before(n, window) + [w.cue for w in self.words[n + 1:n + 1 + window]
                                         if not w.break_before]
        return any(c in cues for c in near)

    # -- word windows -----------------------------------------------------------------------------
    def before(self, n: int, size: int) -> list[str]:
        """The words before word n as the language rules see them, nearest last, within the clause."""
        out: list[str] = []
        k = n
        while k > 0 and len(out) < size and not self.words[k].break_before:
            k -= 1
            out.insert(0, self.words[k].cue)
        return out

    def table(self, table):
        return lang.keyed(table, self.accented)

    def ends_with(self, seq: list[str], table) -> str | None:
        table = self.table(table)
        for size in (4, 3, 2, 1):
            if len(seq) >= size and " ".join(seq[-size:]) in table:
                return " ".join(seq[-size:])
        return None

    def measure_at(self, k: int, limit: int, rate: bool | None) -> tuple[str, int] | None:
        """Longest measure form starting at word k (not past word ``limit``): (slug, end word)."""
        for size in range(min(self.max_measure, limit - k), 0, -1):
            for slug in self.lex.measure_cues[self.accented].get(tuple(w.cue for w in self.words[k:k + size]), ()):
                if rate is None or self.lex.is_rate(slug) == rate:
                    return slug, k + size
        return None

    # -- one number ---------------------------------------------------------------------------------
    def figure(self, m: re.Match, sentence: Sentence, previous: Figure | None) -> Figure | None:
        raw = m.group(0)
        text = self.text
        after = text[m.end():m.end() + 12]
        n = self.word_at.get(m.start())
        if n is None:
            return None
        if re.match(r"\s*/\s*[A-ZĐa-zđ]|-[A-ZĐ]|\.[A-ZĐ]", after):   # 84/KH-UBND, 52-NQ/TW
            return None
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.fullmatch(r"[\s\-–•*+(]*", text[line_start:m.start()]) and re.match(r"[.)]\s", after):
            return None                                            # "1. Hạ tầng", "(1) …"
        if text[max(0, m.start() - 1):m.start()] == "(" and after.startswith(")"):
            return None
        percent_at = _PERCENT.match(text, m.end())
        percent = bool(percent_at)
        glued = re.match(r"([A-Za-z]+)", after)
        ordinal = glued is not None and glued.group(1).lower() in lang.ORDINAL_SUFFIXES
        if ordinal:
            glued = None                                           # "ranked 10th": a rank, if one is said
        if glued and glued.group(1).lower() not in lang.GLUED_UNITS:
            return None                                            # 3G, 4G
        out_of: Decimal | None = None
        if "/" in raw:
            parts = raw.split("/")
            if len(parts) != 2:
                return None                                        # a date
            a, b = parse_number(parts[0]), parse_number(parts[1])
            if a is None or b is None or a > b or (b >= 1900 and b <= 2100):
                return None                                        # 17/3, 12/2022, 24/7
            value, out_of = a, b
        else:
            if re.fullmatch(r"\d+\.\d{1,2}", raw) and not self.decimal_dots and not percent \
                    and not self.scaled_or_unit(m.end()):
                return None                                        # a version: 2.0, 4.0
            value = parse_number(raw)
            if self.comma_decimals and re.fullmatch(r"\d+,\d+", raw):
                value = Decimal(raw.replace(",", "."))
            if value is None:
                return None
        before = self.before(n, 4)
        if self.ends_with(before, lang.NOT_A_FIGURE_BEFORE) and not percent and not self.ends_with(before, lang.RANK_WORDS):
            return None
        if not ordinal and value <= lang.REFERENCE_MAX and self.ends_with(before, lang.REFERENCE_WORDS) and not percent:
            return None                                            # "the two provinces"
        if self.in_level_list(n, value):
            return None                                            # "mức độ 3, 4", "mức độ 1 và 2"
        if re.fullmatch(r"(19|20)\d\d", raw) and not percent:
            return None                                            # a year
        last_word = n
        while last_word + 1 < len(self.words) and self.words[last_word + 1].start < m.end():
            last_word += 1
        k = last_word + 1
        next_words = [w.cue for w in self.words[k:k + 2]] if k < len(self.words) and not self.words[k].break_before else []
        after_table = self.table(lang.NOT_A_FIGURE_AFTER)
        if not percent and next_words and (next_words[0] in after_table or " ".join(next_words) in after_table):
            return None
        if self.ends_with(before, lang.OUT_OF_WORDS):
            return None                                            # "trên tổng số 1.900": a denominator
        fig = Figure(m.start(), percent_at.end() if percent_at else m.end(), value, None,
                     out_of=out_of, sentence=sentence.index, text=raw)
        if ordinal:
            # "ranked 12th in A, 22nd in B": the ranks after the first one keep its context
            listed = previous is not None and previous.sentence == sentence.index and previous.measure == "ranking"
            if not (self.rank_context(n) or listed):
                return None
            fig.measure, fig.unit, fig.confidence = "ranking", self.lex.measure_unit.get("ranking"), 0.75
            return fig
        approx_word = self.ends_with(before, lang.APPROX_WORDS)
        if approx_word:
            fig.approx = self.table(lang.APPROX_WORDS)[approx_word]
        # scale words ("200 tỷ đồng")
        multipliers = self.table(lang.MULTIPLIERS)
        if percent_at and percent_at.group(0).strip() != "%":
            while k < len(self.words) and self.words[k].start < percent_at.end():
                k += 1                                             # "100 percent of agencies"
        scale = k < len(self.words) and self.words[k].cue in multipliers and not self.words[k].break_before \
            and not percent and " ".join(w.cue for w in self.words[k:k + 2]) not in self.table(lang.NOT_MULTIPLIERS)
        if scale:
            fig.value = value * multipliers[self.words[k].cue]
            if k + 1 < len(self.words) and self.words[k + 1].cue in multipliers and not self.words[k + 1].break_before \
                    and multipliers[self.words[k + 1].cue] > multipliers[self.words[k].cue]:
                k += 1                                             # "nghìn tỷ": a thousand billion
                fig.value *= multipliers[self.words[k].cue]
        out_of_at = self.out_of_after(k)
        if out_of_at and fig.out_of is None:
            fig.out_of, k = out_of_at                              # "52 out of the 63 provinces"
        unit_limit = k
        while unit_limit < len(self.words) and unit_limit - k < lang.UNIT_WINDOW and not (
                self.words[unit_limit].break_before or (unit_limit > k and self.words[unit_limit].text.isdigit())):
            unit_limit += 1
        if glued:
            for slug in self.lex.measures.get((glued.group(1).lower(),), ()):
                fig.measure, fig.unit, fig.confidence = slug, self.lex.measure_unit.get(slug), 0.9
        elif percent:
            fig.unit = "percent"
            fig.measure, fig.confidence = self.rate_measure(n, k, unit_limit, sentence)
        else:
            self.count_measure(fig, n, k, unit_limit, before, previous)
        if fig.measure is None:
            return None
        self.qualify(fig, k, unit_limit, sentence)
        return fig

    def number_word(self, n: int, sentence: Sentence, last: int) -> Figure | None:
        """"seven shared data systems", "ranked first": a number written as a word (English)."""
        w = self.words[n]
        if w.source != (self.words[n - 1].source if n else -1) and w.cue in lang.ORDINAL_WORDS:
            if not self.rank_context(n, 2) or (n + 1 < last and self.words[n + 1].cue in ("time", "phase")):
                return None
            return Figure(w.start, w.end, Decimal(lang.ORDINAL_WORDS[w.cue]), "ranking", sentence=sentence.index,
                          unit=self.lex.measure_unit.get("ranking"), confidence=0.7, text=self.text[w.start:w.end])
        if w.cue not in lang.NUMBER_WORDS or (n > 0 and self.words[n - 1].source == w.source) \
                or self.text[w.end:w.end + 1] == "-" or self.ends_with(self.before(n, 4), lang.NOT_A_FIGURE_BEFORE) \
                or self.ends_with(self.before(n, 4), lang.REFERENCE_WORDS):
            return None                                            # "two-tier", "the two provinces"
        if self.ends_with(self.before(n, 2), lang.RANK_WORDS):
            return Figure(w.start, w.end, Decimal(lang.NUMBER_WORDS[w.cue]), "ranking", sentence=sentence.index,
                          unit=self.lex.measure_unit.get("ranking"), confidence=0.7, text=self.text[w.start:w.end])
        limit = min(last, n + 1 + lang.WORD_UNIT_WINDOW + 2)
        for j in range(n + 1, min(last, n + 2 + lang.WORD_UNIT_WINDOW)):
            if self.words[j].break_before or self.words[j].comma_before:
                break
            hit = self.measure_at(j, limit, rate=False)
            if hit:
                return Figure(w.start, w.end, Decimal(lang.NUMBER_WORDS[w.cue]), hit[0], sentence=sentence.index,
                              unit=self.lex.measure_unit.get(hit[0]), confidence=0.7 if j == n + 1 else 0.6,
                              text=self.text[w.start:w.end])
        return None

    def in_level_list(self, n: int, value: Decimal) -> bool:
        """The number continues a list of levels: "mức độ 3, 4", "mức độ 1 và 2"."""
        k = n - 1
        joiners = self.table(lang.LIST_JOINERS)
        while k >= 0 and n - k <= 6 and not self.words[k + 1].break_before:
            w = self.words[k]
            if w.text.isdigit():
                # levels are small numbers: "level 2, 530 services" lists a count after a level
                return value <= 10 and bool(self.ends_with(self.before(k, 3), lang.NOT_A_FIGURE_BEFORE))
            if w.cue not in joiners:
                return False
            k -= 1
        return False

    def rate_measure(self, n: int, k: int, limit: int, sentence: Sentence) -> tuple[str | None, float]:
        for j in range(k, limit):
            hit = self.measure_at(j, limit, rate=True)
            if hit:
                return hit[0], 0.8
        # "tỷ lệ hồ sơ trực tuyến đạt 55,73%": the rate named before the number in the clause
        j = n - 1
        while j >= 0 and n - j <= lang.LABEL_WINDOW + 4 and not self.words[j + 1].break_before:
            hit = self.measure_at(j, n, rate=True)
            if hit:
                return hit[0], 0.75
            j -= 1
        return "coverage-rate", 0.5

    def count_measure(self, fig: Figure, n: int, k: int, limit: int, before: list[str], previous: Figure | None) -> None:
        for j in range(k, limit):
            if self.words[j].comma_before:
                break  # "… là 27.500, tổng số văn bản": a comma ends the number's phrase
            hit = self.measure_at(j, limit, rate=False)
            if hit:
                fig.measure, fig.confidence = hit[0], 0.9 if j == k else 0.8
                break
        if fig.measure is None:
            # "số lượng user là 27.500", "cá nhân: 2.852"
            j = n - 1
            while j >= 0 and n - j <= lang.LABEL_WINDOW and not self.words[j + 1].break_before:
                hit = self.measure_at(j, n, rate=False)
                links = self.table(lang.LABEL_LINKS) | set(self.table(lang.APPROX_WORDS))
                if hit and (hit[1] == n or all(w.cue in links for w in self.words[hit[1]:n])):
                    fig.measure, fig.confidence = hit[0], 0.75
                    break
                j -= 1
        if k < limit and self.words[k].cue in self.table(lang.PERSON_UNITS) and not self.words[k].comma_before:
            # "612 người": a count of people, of whom the label before or the total before says which
            j = n - 1
            while fig.measure is None and j >= 0 and n - j <= lang.LABEL_WINDOW + 4 \
                    and not self.words[j + 1].break_before:
                hit = self.measure_at(j, n, rate=False)
                if hit and self.lex.measure_unit.get(hit[0]) == "person":
                    fig.measure, fig.confidence = hit[0], 0.7
                j -= 1
            if fig.measure is None and previous is not None and previous.sentence == fig.sentence \
                    and self.lex.measure_unit.get(previous.measure or "") == "person":
                fig.measure, fig.confidence = previous.measure, 0.6
            if fig.measure is None:
                fig.measure, fig.confidence = lang.PERSON_UNITS_MEASURE, 0.5
        if fig.measure is None and fig.out_of is not None and previous is not None \
                and previous.sentence == fig.sentence and previous.measure == "ranking":
            fig.measure, fig.confidence = "ranking", 0.6   # "ranks 17/63 in A, 17/63 in B"
        if fig.measure is None and self.ends_with(before, lang.RANK_WORDS):
            fig.measure, fig.confidence = "ranking", 0.7
        bare = k >= len(self.words) or self.words[k].break_before or self.words[k].comma_before \
            or self.words[k].cue in self.table(lang.LIST_JOINERS) or self.words[k].text in ("muc", "cap", "level")
        if fig.measure is None and bare and previous is not None and previous.sentence == fig.sentence \
                and previous.measure and not self.lex.is_rate(previous.measure):
            fig.measure, fig.confidence = previous.measure, 0.6
        if previous is not None and previous.sentence == fig.sentence and previous.measure \
                and not self.lex.is_rate(previous.measure) and self.in_bracket_after(previous.end, fig.start):
            # "120 (29 organisations, 91 individuals)": the parts of a total count what it counts
            fig.measure, fig.confidence = previous.measure, 0.6
        if fig.measure:
            fig.unit = self.lex.measure_unit.get(fig.measure)

    def qualify(self, fig: Figure, k: int, limit: int, sentence: Sentence) -> None:
        """Level of online services after the figure, and the year it refers to."""
        window = [w.text for w in self.words[k:min(len(self.words), limit + 4)]]
        joined = " ".join(window)
        level = re.search(r"\b(?:muc do|muc|cap do|level) (\d)\b(?! va \d| \d)", joined)
        if level:
            fig.level = level.group(1)
        else:
            for name, code in lang.keyed(lang.LEVEL_NAMES, False).items():
                if f" {name}" in f" {joined}":
                    fig.level = code
                    break
        head = self.text[sentence.start:fig.start]
        years = re.findall(r"(?:năm|in)\s+((?:19|20)\d\d)", head, flags=re.IGNORECASE)
        if years:
            fig.year = int(years[-1])


def find_figures(lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence]) -> list[Figure]:
    finder = _Finder(lex, text, words, sentences)
    figures: list[Figure] = []
    for sentence in sentences:
        previous: Figure | None = None
        for m in _NUMBER.finditer(text, sentence.start, sentence.end):
            fig = finder.figure(m, sentence, previous)
            if fig is not None:
                figures.append(fig)
                previous = fig
    for sentence, first, last in sentence_words(words, sentences):
        for n in range(first, last):
            fig = finder.number_word(n, sentence, last)
            if fig is not None:
                figures.append(fig)
    return sorted(figures, key=lambda f: f.start)
