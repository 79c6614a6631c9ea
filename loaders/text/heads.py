"""System mentions read from a head noun and its modifiers, for text in English word order
("the document management system", "task management systems", "the provincial data integration
centre", "the Zalo app"), where the ontology's labels name few of the ways a report phrases a kind.

A head noun (``language.EN_HEADS``: system, software, platform, portal, centre, database, network,
app …) with the words before it up to a determiner, verb or preposition (``EN_NP_STOPS``) is a noun
phrase; what follows a "for"/"of" after the head counts too ("system for document management").
The first pattern of ``language.EN_HEAD_KINDS`` that matches the phrase gives the kind; a database
with a modifier of its own is a sectoral one. A phrase whose modifiers say nothing of which system
it is ("the information system", "digital platforms") is no mention, nor a fragment that runs across
a comma or a clause. "A and B systems" whose parts name two kinds are two mentions. "National" (or
"Vietnam") before the head names the national counterpart of the kind (``EN_NATIONAL_KINDS``), and
a code in brackets right after the phrase ("… Platform (VDXP)") says which national system it is.

Lexicon mentions win where they overlap (the ontology's labels are more precise), except a bare
generic label ("app", "network") or a fragment a head produced, which a phrase replaces; a bare
generic label with no phrase around it names no system in an English report.

``retype_names`` gives a name the lexicon does not know, typed only by a broad head ("phần mềm quản
lý văn bản …", a list item "document management"), the kind its words say (``VI_NAME_KINDS`` and the
English patterns); ``enumerations`` asks ``kind_of_name`` whether a list item names a system.

This module only adds, drops and retypes mentions; it reads nothing else.
"""

from __future__ import annotations

import re

from loaders.text import language as lang
from loaders.text.folding import fold
from loaders.text.lexicon import Lexicon
from loaders.text.mentions import Mention
from loaders.text.qualifiers import qualify
from loaders.text.segmentation import Sentence, Word, sentence_words

_PATTERNS = tuple((re.compile(p), kind) for p, kind in lang.EN_HEAD_KINDS)
_NAME_PATTERNS = tuple((re.compile(p), kind) for p, kind in lang.VI_NAME_KINDS) + tuple(
    (p, k) for p, k in _PATTERNS if k not in ("CitizenFeedbackSystem", "ReportingSystem", "ProvincialReportingSystem"))
_DATABASE = ("database", "databases")
_APPLICATION_HEADS = ("software", "system", "systems", "application", "applications")
#: verbs after "to" that say what a system is for ("applications to manage health records")
_PURPOSE_VERBS = ("manage", "handle", "receive", "process", "monitor", "track", "support")
_MAX_MODIFIERS = 7
_RIGHT_WORDS = 4


def _kind(phrase: str) -> str | None:
    for pattern, kind in _PATTERNS:
        if pattern.search(phrase):
            return kind
    return None


def _specific(words: list[Word], first: int, head: int) -> bool:
    return any(w.text not in lang.EN_GENERIC_MODIFIERS and w.text.isalpha() for w in words[first:head])


def _domain(words: list[Word], first: int, head: int) -> bool:
    """Modifiers that name a domain of their own ("land", "civil status", "school"): specific words and
    no list ("information systems and databases")."""
    return _specific(words, first, head) and not any(w.text in ("and", "or") for w in words[first:head]) \
        and not any(w.text in lang.EN_VAGUE_MODIFIERS for w in words[first:head])


def _capitalised(text: str, w: Word) -> bool:
    """A brand's word: a capital anywhere in it ("Zalo", "iHanoi")."""
    return any(c.isupper() for c in text[w.start:w.end])


def _phrase_kind(text: str, words: list[Word], first: int, head: int, right: int) -> tuple[str | None, int]:
    """(kind, last word + 1 of the mention) for the phrase words[first..head] and its right context."""
    phrase = " ".join(w.text for w in words[first:head + 1])
    kind = _kind(phrase)
    end = head + 1
    if kind is None and right > head + 1:
        kind = _kind(phrase + " " + " ".join(w.text for w in words[head + 1:right]))
        end = right if kind else end
    if kind is None and words[head].text in _DATABASE:
        if _domain(words, first, head):
            kind = "SectoralDB"
        elif right > head + 2 and words[head + 1].text == "on" and _specific(words, head + 2, right):
            kind, end = "SectoralDB", right   # "a database on civil servants"
    if kind is None and words[head].text in ("app", "apps") and head > first and _capitalised(text, words[head - 1]):
        kind = "CitizenApp"
    if kind in lang.EN_NATIONAL_KINDS and any(w.text in ("national", "vietnam") for w in words[first:head]):
        kind = lang.EN_NATIONAL_KINDS[kind]
    if kind is None and words[head].text in _APPLICATION_HEADS and head - 2 >= first \
            and words[head - 1].text == "management" and _domain(words, head - 2, head - 1):
        kind = "SectoralApplication"   # "school management software", "asset management system"
    return kind, end


def _left(words: list[Word], head: int, sentence_first: int) -> int:
    """The first word of the modifiers before the head: not past a determiner, verb or preposition, a
    link verb ("link existing city databases"), or another head before "and" ("WAN systems and …")."""
    cues = lang.keyed(lang.LINK_CUES, False)
    k = head
    while (k - 1 >= sentence_first and head - (k - 1) <= _MAX_MODIFIERS and not words[k].break_before
           and not words[k].comma_before and words[k - 1].text not in lang.EN_NP_STOPS
           and words[k - 1].text not in cues
           and not (words[k - 1].text in lang.EN_HEADS and words[k].text in ("and", "or"))
           and words[k - 1].text.isascii() and not words[k - 1].text.isdigit()
           and words[k - 1].source != words[head].source):
        k -= 1
    while k < head and words[k].text in ("and", "or"):
        k += 1
    return k


def _right(words: list[Word], head: int, sentence_last: int) -> int:
    k = head + 1
    if k >= sentence_last or words[k].break_before or words[k].comma_before:
        return head + 1
    purpose = words[k].text == "to" and k + 1 < sentence_last and words[k + 1].text in _PURPOSE_VERBS
    if words[k].text not in ("for", "of", "on") and not purpose:
        return head + 1
    end = k + 1
    while (end < sentence_last and end - k <= _RIGHT_WORDS and not words[end].break_before
           and not words[end].comma_before and (words[end].text not in lang.EN_NP_STOPS or words[end].text == "the")):
        end += 1
    return end


def _parts(words: list[Word], start: int, h: int) -> list[tuple[int, int]]:
    """The phrase's parts before the head: one, or two for "A and B systems" naming two kinds."""
    joiner = next((n for n in range(start + 1, h) if words[n].text in ("and", "or")), None)
    if joiner is None:
        return [(start, h)]
    left_kind = _kind(" ".join(w.text for w in words[start:joiner]) + " " + words[h].text)
    right_kind = _kind(" ".join(w.text for w in words[joiner + 1:h + 1]))
    # "LAN and WAN networks", "one-door and video conference systems" are two; "the national data
    # sharing and integration platform" is one (a single word after "and" that names nothing alone)
    two = h - joiner - 1 >= 2 or _kind(" ".join(w.text for w in words[joiner + 1:h])) is not None
    if left_kind and right_kind and left_kind != right_kind and two:
        return [(start, joiner), (joiner + 1, h)]
    if right_kind and not left_kind:
        return [(joiner + 1, h)]   # "market models and cashless payment systems"
    return [(start, h)]


def _yields(lex: Lexicon, words: list[Word], m: Mention, kind: str, a: int, h: int, s: int, e: int,
            weak: set[int]) -> bool:
    """Whether the lexicon's mention ``m`` gives way to the phrase [s, e) of kind ``kind``: it is a
    fragment or a bare label (``weak``), a service or a compatible kind the phrase extends to its head
    ("the Online Public Service Portal"), or a class's label the phrase makes national or narrower
    ("the National Data Centre", "the smart operations centre")."""
    if id(m) in weak:
        return True
    if s <= m.start and m.end <= words[h].start and (m.service or lex.compatible(m.kind, kind)):
        return True
    if not (s < m.start and m.end <= e and m.key.startswith("kind:")):
        return False
    national = any(w.text in ("national", "central") for w in words[a:m.first_word])
    return national or (kind != m.kind and lex.is_a(kind, m.kind))


def head_mentions(lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence],
                  mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the phrases around English head nouns added (see the module docstring)."""
    accented = getattr(words, "accented", True)
    out = list(mentions)
    bare = {id(m) for m in out if not accented and not m.node
            and re.sub(r"s$", "", text[m.start:m.end].lower().replace("-", " ")) in lang.EN_BARE_LABELS}
    # what a head word followed by words produced ("applications and services to …") is a fragment
    weak = bare | {id(m) for m in out if m.key.startswith("named:") and m.kind in lang.HEAD_CLASSES}
    for sentence, first, last in sentence_words(words, sentences):
        for h in range(first, last):
            if words[h].text not in lang.EN_HEADS or not text[words[h].start:words[h].end].isascii():
                continue
            start, right = _left(words, h, first), _right(words, h, last)
            parts = _parts(words, start, h)
            for n, (a, b) in enumerate(parts):
                if n == 0 and len(parts) == 2:
                    kind, end = _kind(" ".join(w.text for w in words[a:b]) + " " + words[h].text), b
                else:
                    kind, end = _phrase_kind(text, words, a, h, right)
                if kind is None:
                    continue
                s, e = words[a].start, words[end - 1].end
                overlapping = [m for m in out if m.start < e and s < m.end]
                if not all(_yields(lex, words, m, kind, a, h, s, e, weak) for m in overlapping):
                    continue   # the lexicon named it (or part of it) more precisely
                phrase = " ".join(w.text for w in words[a:end])
                key = f"named:{phrase}" if kind in lang.EN_MANY_PER_KIND else f"kind:{kind}"
                node = None
                code = next((x for x in out if x.node and x.start > e and text[e:x.start].strip() == "("), None)
                if code is not None:
                    # "the Vietnam Data Exchange Platform (VDXP)": the code in brackets says which system
                    kind, node, key = code.kind, code.node, code.key
                m = Mention(s, e, a, end, kind, node, key, 0.6, sentence=sentence.index)
                if qualify(text, words, m, accented):
                    gone = {id(x) for x in overlapping}
                    out = [x for x in out if id(x) not in gone] + [m]
    # a bare generic label ("the app", "the network") names no system in an English report
    return sorted((m for m in out if id(m) not in bare), key=lambda m: m.start)


def kind_of_name(folded_words: str) -> str | None:
    """The kind the words of a name say ("quan ly van ban" → a document management system), or None."""
    return next((k for pattern, k in _NAME_PATTERNS if pattern.search(folded_words)), None)


def retype_names(text: str, mentions: list[Mention]) -> None:
    """A system named by words the lexicon does not know ("phần mềm quản lý văn bản tỉnh X", a list
    item "một cửa điện tử"), typed only by a broad head, takes the kind its words say."""
    for m in mentions:
        if m.node or m.service or m.kind not in lang.HEAD_CLASSES or not m.key.startswith("named:"):
            continue
        words = " ".join(re.findall(r"[^\W_]+", fold(text[m.start:m.end])))
        kind = kind_of_name(words)
        if kind:
            m.kind = kind


__all__ = ["head_mentions", "kind_of_name", "retype_names"]
