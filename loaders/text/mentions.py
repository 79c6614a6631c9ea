"""System mentions: where the report names a system and which kind it is.

Recognition is a longest-match scan of the report's words against the ontology's labels (see
``lexicon``), case-insensitive, with abbreviations expanded; a report typed with diacritics matches
a label only with the same marks ("công tỉnh" is not "Cổng tỉnh"), one typed without them matches
folded. Further rules:
- a generic head ("phần mềm", "cơ sở dữ liệu", "nền tảng") followed by a name introduces a named
  system ("phần mềm kế toán Misa"); a comma list of names after it introduces one system per name;
- a name in quotes after a system noun names a system ("ứng dụng … “Quảng Nam trực tuyến”");
- a form that names several things is resolved by context: a retired system gives way to the one
  that replaced it; otherwise the target whose own labels share most words with the sentence wins
  ("trục quốc gia" with "văn bản" is VDXP, with "dữ liệu" NDXP — domain.md §5); an alias of a
  national system that does not name it alone ("Hệ thống hội nghị truyền hình trực tuyến") is a
  system of its kind.
What the words around a mention say about it (negation, owner, level) is in ``qualifiers``; which
mentions name one system is decided in ``coreference``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.text import language as lang
from loaders.text.lexicon import Lexicon, Target
from loaders.text.qualifiers import is_cue_at, qualify
from loaders.text.segmentation import Sentence, Word, fold_phrase, syllable


@dataclass
class Mention:
    start: int
    end: int
    first_word: int
    last_word: int          # exclusive
    kind: str
    node: str | None
    key: str                # mentions with one key name one system
    confidence: float
    service: bool = False   # names a service (a link end stands for the system providing it)
    sentence: int = -1
    generic: bool = False   # the bare name of a class ("Cổng thông tin"): may refer back to a system named before
    negated: bool = False   # the report denies it ("chưa có …", "thiếu …")
    owner: str = ""         # the agency it belongs to ("thuộc Sở KH và CN"), folded
    lower: bool = False     # qualified by a level below the province ("… cấp xã", "của các xã")
    lists: set[int] = field(default_factory=set)   # the enumerations (of systems) it is an item of

    def form(self, text: str) -> str:
        return text[self.start:self.end]


def _starts_word(words: list[Word], i: int) -> bool:
    return i == 0 or words[i - 1].source != words[i].source


def _ends_word(words: list[Word], j: int) -> bool:
    return j >= len(words) or words[j].source != words[j - 1].source


def _match_at(lex: Lexicon, words: list[Word], i: int) -> tuple[int, list[Target]] | None:
    """Longest lexicon form starting at word i that runs across no clause break: (end, targets)."""
    if not _starts_word(words, i):
        return None
    limit = min(len(words), i + lex.max_len)
    # the form may not run across a clause break
    for k in range(i + 1, limit):
        if words[k].break_before:
            limit = k
            break
    accented = getattr(words, "accented", True)
    for j in range(limit, i, -1):
        if not _ends_word(words, j):
            continue
        key = tuple(w.text for w in words[i:j])
        targets = lex.forms.get(key)
        if not targets and not accented and len(key[-1]) > 3 and key[-1].endswith("s") and not key[-1].endswith("ss"):
            # an English plural of a label ("data integration centres", "official websites")
            targets = lex.forms.get(key[:-1] + (key[-1][:-1],))
        if targets and (not accented or lex.written_as(key, tuple(_syllable(words, k) for k in range(i, j)))):
            return j, targets
    return None


def _syllable(words: list[Word], k: int):
    """A word as written, for comparing diacritics; None for a piece of an expanded abbreviation."""
    w = words[k]
    if (k > 0 and words[k - 1].source == w.source) or (k + 1 < len(words) and words[k + 1].source == w.source):
        return None
    return syllable(w.cue)


def _context_score(lex: Lexicon, target: Target, context: set[str], own: set[str]) -> int:
    words = lex.node_words.get(target.node, set()) if target.node else set()
    if not words:
        words = set(fold_phrase(lex.labels.get(target.kind, "")))
    return len((words - own) & context)


def _resolve(lex: Lexicon, targets: list[Target], context: set[str], own: set[str]) -> Target:
    systems = [t for t in targets if not t.service] or targets
    nodes = {t.node for t in systems if t.node}
    systems = [t for t in systems if not (t.node and lex.successor.get(t.node) in nodes)]
    if all(t.node and not t.specific for t in systems) and len({t.kind for t in systems}) == 1:
        # "Hệ thống hội nghị truyền hình trực tuyến": an alias of a national system that does not name it
        # alone (no code, no "quốc gia") is a system of its kind, as a province has one too
        return Target(systems[0].kind, preferred=False)
    if len(systems) > 1 and any(t.node for t in systems):
        # a form a class also claims names the national individual only when it is specific to it
        # ("Mạng TSLCD" is any specialised network; "NDXP" or "… quốc gia" is the national one)
        node_targets = [t for t in systems if t.node]
        if any(t.specific for t in node_targets):
            systems = [t for t in systems if (t.node and t.specific) or not any(lex.is_a(n.kind, t.kind) for n in node_targets)]
        else:
            systems = [t for t in systems if not t.node] or systems
    if len(systems) > 1:
        # among related classes keep the most specific
        systems = [t for t in systems if not any(o is not t and o.kind != t.kind and lex.is_a(o.kind, t.kind) for o in systems)] or systems
    if len(systems) > 1:
        systems = sorted(systems, key=lambda t: (-_context_score(lex, t, context, own), not t.preferred))
    return systems[0]


def _code_ok(text: str, words: list[Word], i: int, j: int, targets: list[Target]) -> bool:
    """A short code ("CA", "DC", "SOC") matches only as written in capitals: "cả" is not "CA"."""
    written = text[words[i].start:words[j - 1].end]
    if all(t.code for t in targets):
        # ("LANs": a code in the plural)
        return (written.isupper() or (written.endswith("s") and written[:-1].isupper())) and written.isascii()
    return True


def find_mentions(lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence]) -> list[Mention]:
    accented = getattr(words, "accented", True)
    sentence_of = _sentence_index(words, sentences)
    context_of: dict[int, set[str]] = {}
    for n, w in enumerate(words):
        context_of.setdefault(sentence_of[n], set()).add(w.text)
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        found = _match_at(lex, words, i)
        if found is None:
            i += 1
            continue
        j, targets = found
        if not _code_ok(text, words, i, j, targets):
            i += 1
            continue
        own = {w.text for w in words[i:j]}
        if all(t.head for t in targets):
            head_key = " ".join(w.text for w in words[i:j])
            if not accented and head_key.endswith("s") and head_key[:-1] in lang.HEADS_NEEDING_PROPER_NAME:
                head_key = head_key[:-1]   # "applications", "softwares"
            proper = head_key in lang.HEADS_NEEDING_PROPER_NAME
            named = _named_systems(lex, text, words, i, j, targets[0].kind, accented, proper)
            if named:
                mentions.extend(named)
                i = named[-1].last_word
                continue
            i = j
            continue
        targets = [t for t in targets if not t.head]
        target = _resolve(lex, targets, context_of.get(sentence_of[i], set()), own)
        start = i
        # "phần mềm Qoffice": a head right before a name of a known kind belongs to the mention
        if i > 0 and not words[i].break_before and not words[i].comma_before:
            back = _head_before(lex, words, i)
            if back is not None and " ".join(w.text for w in words[back:i]) in lang.HEADS_NEEDING_PROPER_NAME:
                back = None
            if back is not None:
                start = back
        key = f"node:{target.node}" if target.node else f"kind:{target.kind}"
        confidence = 0.9 if target.node or len(own) > 1 else 0.8
        mentions.append(Mention(words[start].start, words[j - 1].end, start, j, target.kind, target.node, key,
                                confidence, service=target.service,
                                generic=target.preferred and not target.node and start == i))
        i = j
    mentions = _quoted_names(lex, text, words, mentions)
    for m in mentions:
        m.sentence = sentence_of[m.first_word]
    return [m for m in mentions if qualify(text, words, m, accented)]


_QUOTED = re.compile(r"[“\"]([A-ZĐÀ-Ỹ][^”“\"\n]{1,60}?)[”“\"]")


def _quoted_names(lex: Lexicon, text: str, words: list[Word], mentions: list[Mention]) -> list[Mention]:
    """"ứng dụng phản ánh hiện trường “Quảng Nam trực tuyến“": a name in quotes right after a system
    noun or a mention names a system of its own, the whole phrase its mention."""
    word_at = {w.start: n for n, w in enumerate(words)}
    accented = getattr(words, "accented", True)
    out = list(mentions)
    for match in _QUOTED.finditer(text):
        first = word_at.get(match.start(1))
        last = next((n for n in range(first or 0, len(words)) if words[n].end >= match.end(1)), None) if first is not None else None
        if first is None or last is None or first == 0:
            continue
        # the system noun or mention the name belongs to, at most a few words before the quote
        start = None
        clause = lang.keyed(lang.CLAUSE_WORDS, accented)
        for back in range(1, lang.QUOTED_NAME_WINDOW + 1):
            k = first - back
            if k < 0 or (words[k + 1].break_before and k + 1 != first) or words[k].cue in clause:
                break   # ("Hue-S đã tích hợp hệ thống “…”": the name is the system's, not Hue-S's)
            hit = _match_at(lex, words, k)
            if hit:
                start = k
        if start is None:
            continue
        inside = [m for m in out if m.first_word >= start and m.last_word <= last + 1]
        kind = next((t.kind for t in (_match_at(lex, words, start) or (0, []))[1] if t.head), None) \
            or (inside[0].kind if inside else lang.ROOT_HEAD_KIND)
        kind = lang.ROOT_HEAD_KIND if kind == "InformationSystem" else kind
        name = " ".join(w.text for w in words[first:last + 1])
        for m in inside:
            out.remove(m)
        out.append(Mention(words[start].start, match.end(0), start, last + 1, kind, None, f"named:{name}", 0.6))
    return sorted(out, key=lambda m: m.start)


def _head_before(lex: Lexicon, words: list[Word], i: int) -> int | None:
    for size in (4, 3, 2, 1):
        s = i - size
        if s < 0 or not _starts_word(words, s) or any(words[k].break_before or words[k].comma_before for k in range(s + 1, i + 1)):
            continue
        targets = lex.forms.get(tuple(w.text for w in words[s:i]))
        if targets and all(t.head for t in targets):
            return s
    return None


def _named_systems(lex: Lexicon, text: str, words: list[Word], i: int, j: int, head_kind: str,
                   accented: bool, proper: bool) -> list[Mention]:
    """Names after a generic head: "phần mềm kế toán Misa", "cơ sở dữ liệu kỳ thi, trường học"."""
    kind = lang.ROOT_HEAD_KIND if head_kind == "InformationSystem" else head_kind
    stops = lang.keyed(lang.NAME_STOPS, accented)
    joiners = lang.keyed(lang.LIST_JOINERS, accented)

    stop_phrases = lang.keyed(lang.NAME_STOP_PHRASES, accented)

    def _stop(n: int) -> bool:
        return words[n].cue in stops or (n + 1 < len(words) and f"{words[n].cue} {words[n + 1].cue}" in stop_phrases)

    if j >= len(words) or words[j].comma_before or words[j].break_before:
        return []  # "hệ thống thông tin, cơ sở dữ liệu": the head ends its phrase
    item = _semicolon_item(lex, text, words, i, j)
    if item is not None:
        name = " ".join(w.text for w in words[j:item])
        return [Mention(words[i].start, words[item - 1].end, i, item, kind, None, f"named:{name}", 0.6)]
    if j < len(words) and proper:
        first = text[words[j].start:words[j].end]
        if not (first[:1].isupper() or text[words[j].start - 1:words[j].start] in "\"“'"):
            return []
    items: list[tuple[int, int]] = []
    k = j
    while k < len(words):
        start = k
        while (k < len(words) and k - start < lang.MAX_NAME_WORDS and not words[k].break_before
               and not (k > start and words[k].comma_before) and not _stop(k)
               and not words[k].text.isdigit()):
            if k > start:
                inner = _match_at(lex, words, k)
                if inner and not all(t.head for t in inner[1]):
                    break
            fixed = _fixed_phrase(words, k)
            k = fixed if fixed else k + 1
        if k == start:
            break
        if k - start >= lang.MAX_NAME_WORDS and k < len(words) and not words[k].break_before \
                and not words[k].comma_before and not _stop(k):
            break  # the words run on: a clause, not a name
        if items and is_cue_at(words, start, accented):
            break  # ", lưu trữ website …": the list has ended, a new clause starts
        if items and proper and not any(text[w.start:w.start + 1].isupper() for w in words[start:k]):
            break  # after a name written with capitals, only more such names continue the list
        items.append((start, k))
        # another name follows after a comma or "và" ("cơ sở dữ liệu kỳ thi, trường học")
        if k < len(words) and not words[k].break_before and words[k].comma_before and not _stop(k):
            continue
        if k + 1 < len(words) and words[k].cue in joiners and not words[k].break_before and not _stop(k + 1) and items:
            k += 1
            continue
        break
    names = []
    for s, e in items:
        if not is_name(lex, words, s, e):
            break  # a list after a description ("phần mềm dùng chung, …") is no list of names
        names.append((s, e))
    items = names
    if not items:
        return []
    # a first name that is itself a known system ("phần mềm Qoffice") is handled by the plain match
    first_match = _match_at(lex, words, items[0][0])
    if first_match and not all(t.head for t in first_match[1]):
        return []
    out = []
    for n, (s, e) in enumerate(items):
        name = " ".join(w.text for w in words[s:e])
        begin = i if n == 0 else s
        out.append(Mention(words[begin].start, words[e - 1].end, begin, e, kind, None, f"named:{name}",
                           0.6 if n == 0 else 0.5))
    return out


def _semicolon_item(lex: Lexicon, text: str, words: list[Word], i: int, j: int) -> int | None:
    """"gồm Nền tảng xử lý, phân tích hình ảnh; Nền tảng …": a head written with a capital that starts
    an item of a list whose items are separated by semicolons names a system with the whole item,
    commas and all, unless the item names a known system itself. The end of the item (a word
    index), or None."""
    if not text[words[i].start:words[i].start + 1].isupper():
        return None
    before = text[words[i - 1].end:words[i].start] if i > 0 else ""
    starts = i == 0 or words[i].break_before or words[i - 1].cue in lang.keyed(lang.LIST_INTRODUCERS, True) \
        or words[i - 1].text in ("gom", "bao")
    if not starts:
        return None
    end = j
    while end < len(words) and not words[end].break_before:
        end += 1
    after = text[words[end - 1].end:words[end].start] if end < len(words) else ""
    if not (";" in after or ";" in before) or end - j > lang.MAX_NAME_WORDS or end == j:
        return None
    for k in range(j, end):
        inner = _match_at(lex, words, k)
        if inner and not all(t.head for t in inner[1]):
            return None   # "Nền tảng CSDL quốc gia về dân cư": a known system inside
    rest = " ".join(w.text for w in words[j:end])
    for generic in sorted(lang.GENERIC_NAME_WORDS, key=len, reverse=True):
        rest = f" {rest} ".replace(f" {generic} ", " ").strip()
    return end if rest else None


def _fixed_phrase(words: list[Word], k: int) -> int | None:
    """End of a fixed phrase with commas ("cán bộ, công chức, viên chức") starting at word k."""
    for phrase in lang.FIXED_PHRASES:
        if tuple(w.text for w in words[k:k + len(phrase)]) == phrase:
            return k + len(phrase)
    return None


def is_name(lex: Lexicon, words: list[Word], s: int, e: int) -> bool:
    """Words s..e read as the name of a system (not a place, a topic, another head or only qualifiers)."""
    name = tuple(w.text for w in words[s:e])
    if name[0] in lang.NAME_CANNOT_START:
        return False
    head = _match_at(lex, words, s)
    if head and all(t.head for t in head[1]):
        return False  # another head: a list of kinds, not a name
    if any(name[:len(t)] == t for t in lex.topics if t):
        return False
    # made only of generic qualifiers ("dùng chung", "quan trọng")
    rest = " ".join(name)
    for generic in sorted(lang.GENERIC_NAME_WORDS, key=len, reverse=True):
        rest = f" {rest} ".replace(f" {generic} ", " ").strip()
    return bool(rest)


def _sentence_index(words: list[Word], sentences: list[Sentence]) -> list[int]:
    out = []
    s = 0
    for w in words:
        while s + 1 < len(sentences) and w.start >= sentences[s].end:
            s += 1
        out.append(s)
    return out
