"""Enumerations: the lists reports name systems in, and what they tell about the items.

Reports list systems after an introducer: a colon ("các phần mềm dùng chung của tỉnh: A, B"), a list
word ("gồm", "bao gồm", "như", "cụ thể"), or in brackets after a plural head ("các ứng dụng chuyên
ngành (kế toán, tài sản, nhân sự,...)"). The items are separated by semicolons when the list has any
at its own level (then commas inside an item belong to the item: "giám sát, điều hành Kinh tế-Xã hội;
giám sát tàu thuyền"), otherwise by commas and "và"/"hoặc". Numbering ("(1)", "a)", "-") is not
part of an item. A list ends with its sentence, or with the bracket it was opened in.

A list is a list *of systems* when a plural system head introduces it ("các phần mềm", "11 phân
hệ"), or when at least two of its items, and half of them, name known systems; its first item must
read as a name (a heading's colon, "… của tỉnh: Đạt. Công tác …", opens no list), and a list inside
a list of systems is one too. Then:
- an item that names no known system but reads as a name (a few words, not an agency, a place or a
  clause) is a system of the head's kind, or an application ("wifi marketing" beside "Cổng thông tin
  điện tử du lịch");
- an item made of a class mention and words of its own ("dịch vụ phản ánh hiện trường, phản ánh
  kiến nghị người dân") is a system of that class named by the whole item;
- an item made of one known system and words that only describe it ("Nền tảng trung tâm giám sát
  điều hành an toàn thông tin mạng SOC") is that system: its mention grows to the whole item, so the
  words inside it ("giám sát") state no link;
- items of one list are coordinated: a link stated to one is stated to all (see ``links``).
A plural class mention that only heads a list of systems ("một số chương trình, phần mềm quản lý
chuyên ngành như: …") describes the items and names no system itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.text import language as lang
from loaders.text.heads import kind_of_name
from loaders.text.lexicon import Lexicon
from loaders.text.mentions import Mention, is_name
from loaders.text.segmentation import Sentence, Word, sentence_words


@dataclass
class Item:
    first: int                      # word index
    last: int                       # exclusive
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Enumeration:
    index: int
    first: int                      # first word of the list
    last: int                       # exclusive
    items: list[Item]
    head: Mention | None            # the class mention the list elaborates
    plural: bool                    # the head is plural ("các", "một số", a number)
    exemplifies: bool               # "X như a, b": the items are examples of X
    sentence: int = -1
    of_systems: bool = False
    head_kind: str | None = None    # the kind a plural head gives the items ("11 phân hệ …, gồm:")
    semicolons: bool = False        # the items are separated by semicolons (they may then be longer)


def _gap(text: str, words: list[Word], k: int) -> str:
    """The characters between word k-1 and word k."""
    return text[words[k - 1].end:words[k].start] if k > 0 else text[:words[0].start]


def _depths(text: str, words: list[Word], first: int, last: int) -> list[int]:
    """Bracket depth at each word of a span, relative to its start."""
    out, depth = [], 0
    for k in range(first, last):
        if k > first:
            for ch in _gap(text, words, k):
                depth += ch == "("
                depth -= ch == ")" and depth > 0
        out.append(depth)
    return out


def _region_end(text: str, words: list[Word], start: int, end: int) -> int:
    """Where a list starting at word ``start`` ends: the sentence end, or the bracket it sits in."""
    depth = 0
    for k in range(start + 1, end):
        for ch in _gap(text, words, k):
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    return k
                depth -= 1
        if "…" in _gap(text, words, k) and depth == 0 and not _gap(text, words, k).rstrip().endswith(","):
            return k
    return end


def _joined(lex: Lexicon) -> frozenset[tuple[str, str]]:
    """(word before, word after) of every "và"/"and" inside a label of the ontology ("quản lý văn bản
    và điều hành"): a list item is not cut there."""
    key = id(lex)
    if key not in _JOINED:
        _JOINED[key] = frozenset((form[n - 1], form[n + 1]) for form in lex.forms
                                 for n in range(1, len(form) - 1) if form[n] in ("va", "and"))
    return _JOINED[key]


_JOINED: dict[int, frozenset[tuple[str, str]]] = {}


def _split(text: str, words: list[Word], first: int, last: int, accented: bool,
           mentions: list[Mention], joined: frozenset[tuple[str, str]] = frozenset()) -> tuple[list[tuple[int, int]], bool]:
    """Items of a list region: split at its own semicolons, else at its commas and "và" (never inside
    a name: "Hệ thống quản lý văn bản và điều hành", nor where a label joins the same two words:
    "…, quản lý văn bản và điều hành, …"); and whether semicolons split it."""
    if first >= last:
        return [], False
    inside = {k for m in mentions for k in range(m.first_word + 1, m.last_word)}
    depths = _depths(text, words, first, last)
    joiners = lang.keyed(lang.LIST_JOINERS, accented)
    semicolons = [k for k in range(first + 1, last) if depths[k - first] == 0 and ";" in _gap(text, words, k)]
    cuts: list[tuple[int, int]] = []   # (cut before word k, words to skip)
    if semicolons:
        cuts = [(k, 0) for k in semicolons]
    else:
        for k in range(first + 1, last):
            if depths[k - first] or k in inside or (words[k].cue in joiners and k + 1 in inside):
                continue
            if "," in _gap(text, words, k) and words[k].source != words[k - 1].source:
                cuts.append((k, 1 if words[k].cue in joiners else 0))
            elif words[k].cue in joiners and words[k].source != words[k - 1].source \
                    and not (k + 1 < last and (words[k - 1].text, words[k + 1].text) in joined):
                cuts.append((k, 1))
    if not semicolons:
        # a nested list ends this one ("… soạn giáo án điện tử và một số dịch vụ trong các lĩnh vực như
        # Nông nghiệp, giao thông"): its items belong to the nested list
        intro = lang.keyed(lang.LIST_INTRODUCERS, accented)
        nested = next((k for k in range(first + 1, last) if words[k].cue in intro and not depths[k - first]
                       and k not in inside), None)
        if nested is not None:
            cuts = [c for c in cuts if c[0] <= nested]
            last = max([c[0] for c in cuts] + [first])
            if last == first:
                return [], False
    items, start = [], first
    for k, skip in cuts:
        if k > start:
            items.append((start, k))
        start = k + skip
    if start < last:
        items.append((start, last))
    return [_strip_numbering(text, words, s, e) for s, e in items if e > s], bool(semicolons)


def _strip_numbering(text: str, words: list[Word], s: int, e: int) -> tuple[int, int]:
    """"(1) Nền tảng …", "a) …": a list marker is not part of the item."""
    while s < e - 1:
        w = words[s]
        after = text[w.end:w.end + 1]
        before = text[w.start - 1:w.start] if w.start else ""
        marker = (w.text.isdigit() and len(w.text) <= 2 or len(w.text) == 1) and after in ").:" and before in "( \n-–•*+"
        if not marker:
            break
        s += 1
    return s, e


def _labelled(text: str, words: list[Word], s: int, e: int, within: int = 5) -> bool:
    """A list segment that starts with a short label and a colon ("về du lịch: …")."""
    return any(":" in text[words[k - 1].end:words[k].start] for k in range(s + 1, min(e, s + within)))


def _head_before(words: list[Word], mentions: list[Mention], k: int, window: int) -> Mention | None:
    """The mention right before an introducer at word k, in the same clause and near it."""
    before = [m for m in mentions if m.last_word <= k]
    if not before:
        return None
    m = before[-1]
    if k - m.last_word > window or any(words[n].break_before for n in range(m.last_word, k)):
        return None
    return m


def _plural_at(words: list[Word], k: int, accented: bool) -> bool:
    """Word k is preceded by a plural marker or a number ("các phần mềm", "11 phân hệ"), also across a
    noun it is coordinated with ("một số chương trình, phần mềm")."""
    markers = lang.keyed(lang.PLURAL_MARKERS, accented)
    if k > 0 and words[k - 1].text.isdigit():
        return True
    for j in range(k - 1, max(-1, k - 5), -1):
        if words[j + 1].break_before:
            return False
        if any(" ".join(w.cue for w in words[j - n + 1:j + 1]) in markers for n in (1, 2) if j - n + 1 >= 0):
            return True
    return False


def _bare_head(lex: Lexicon, words: list[Word], first: int, k: int, mentions: list[Mention],
               accented: bool) -> str | None:
    """The kind of a plural generic head with no name ("11 phân hệ tích hợp, gồm:", "các phần mềm:")
    right before the introducer at word k."""
    for j in range(k - 1, max(first, k - lang.LIST_HEAD_WINDOW) - 1, -1):
        if words[j + 1].break_before and j + 1 < k:
            return None
        if any(m.first_word <= j < m.last_word for m in mentions):
            continue
        for size in (4, 3, 2, 1):
            targets = lex.forms.get(tuple(w.text for w in words[j:j + size]))
            if targets and all(t.head for t in targets) and _plural_at(words, j, accented):
                kind = targets[0].kind
                return lang.ROOT_HEAD_KIND if kind == "InformationSystem" else kind
    return None


_INTRO_LEN = max(len(k.split()) for k in lang.LIST_INTRODUCERS)


def _introducer(text: str, words: list[Word], j: int, first: int, last: int, sentence: Sentence,
                accented: bool) -> tuple[int | None, bool]:
    """Whether a list starts at word j: (its first word or None, whether its items are examples).
    A colon before word j, a list word at j ("gồm", "như" …), or a bracket holding commas."""
    gap = _gap(text, words, j) if j > first else ""
    if ":" in gap:
        return j, False
    intro_words = lang.keyed(lang.LIST_INTRODUCERS, accented)
    for size in range(_INTRO_LEN, 0, -1):
        phrase = " ".join(w.cue for w in words[j:j + size])
        if j + size < last and phrase in intro_words and words[j].source != words[j - 1].source:
            following = " ".join(w.cue for w in words[j:j + size + 1])
            if following in lang.keyed(lang.NOT_INTRODUCERS, accented):
                return None, False   # "Như vậy, …": a linking phrase, no list
            return j + size, phrase in lang.keyed(lang.EXAMPLE_INTRODUCERS, accented)
    if "(" in gap and j > first and "," in text[words[j].start:sentence.end].split(")")[0]:
        return j, False   # a bracketed list after a plural head
    return None, False


def find_enumerations(lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence],
                      mentions: list[Mention]) -> list[Enumeration]:
    accented = getattr(words, "accented", True)
    out: list[Enumeration] = []
    seen: set[int] = set()
    for sentence, first, last in sentence_words(words, sentences):
        here = [m for m in mentions if first <= m.first_word < last]
        for j in range(first, last):
            start, exemplifies = _introducer(text, words, j, first, last, sentence, accented)
            if start is None or start in seen or start >= last:
                continue
            intro_at = j
            end = _region_end(text, words, start, last)
            spans, semicolons = _split(text, words, start, end, accented, here, _joined(lex))
            if semicolons and len(spans) > 1 and not _labelled(text, words, *spans[0]) \
                    and all(_labelled(text, words, s, e) for s, e in spans[1:]):
                # "Về y tế: A, B; về du lịch: C, D": this list ends where the next labelled one starts
                end = spans[0][1]
                spans, semicolons = _split(text, words, start, end, accented, here, _joined(lex))
            if len(spans) < 2:
                continue
            seen.add(start)
            # the examples after "như" are of the noun right before it; a list after "gồm" or a colon
            # may elaborate a head a few words back ("các hệ thống thông tin, cơ sở dữ liệu … :")
            window = lang.EXAMPLE_HEAD_WINDOW if exemplifies else lang.LIST_HEAD_WINDOW
            head = _head_before(words, here, intro_at, window)
            items = [Item(s, e, [m for m in here if s <= m.first_word and m.last_word <= e]) for s, e in spans]
            plural = head is not None and _plural_at(words, head.first_word, accented)
            enum = Enumeration(len(out), start, end, items, head, plural, exemplifies, sentence.index)
            enum.semicolons = semicolons
            if head is not None and head.node is None and not head.service and plural:
                enum.head_kind = lang.ROOT_HEAD_KIND if head.kind == "InformationSystem" else head.kind
            elif head is None or head.last_word < intro_at - 1:
                enum.head_kind = _bare_head(lex, words, first, intro_at, here, accented)
                if enum.head_kind:
                    enum.head, enum.plural = None, True
            out.append(enum)
    for enum in out:
        named = [_name_like(lex, words, i, accented, enum.semicolons) or bool(i.mentions) for i in enum.items]
        # a heading's colon ("… các hệ thống thông tin của tỉnh: Đạt. …") opens no list: a list of
        # systems starts with a name and most of its items read as names
        typed = sum(1 for i in enum.items if not i.mentions
                    and kind_of_name(" ".join(w.text for w in words[i.first:i.last])))
        enum.of_systems = _is_system_list(enum, typed) and named[0] and 2 * sum(named) >= len(named)
    # a list inside a list of systems is one too ("nổi bật là: Về y tế: A, B; về du lịch: C, D"), but
    # not the examples of something else ("… dịch vụ trong các lĩnh vực như Nông nghiệp, giao thông")
    for inner in out:
        if not inner.of_systems and not inner.exemplifies and any(
                o.of_systems and o is not inner and o.first <= inner.first and inner.last <= o.last for o in out):
            inner.of_systems = True
    return out


def _is_system_list(enum: Enumeration, typed: int = 0) -> bool:
    """Most items name systems, or a plural system class heads the list ("các phần mềm …:"); an item
    whose words say a kind ("document management", "quản lý văn bản") counts as naming one."""
    systems = len([i for i in enum.items if any(not m.service for m in i.mentions)]) + typed
    if enum.head_kind and enum.plural:
        return True
    return systems >= 2 and 2 * systems >= len(enum.items)


def _name_like(lex: Lexicon, words: list[Word], item: Item, accented: bool, longer: bool = False) -> bool:
    size = item.last - item.first
    if size < 1 or size > lang.MAX_ITEM_WORDS + (lang.MAX_ITEM_WORDS // 2 if longer else 0):
        return False
    first = words[item.first]
    pair = " ".join(w.cue for w in words[item.first:item.first + 2])
    if first.cue in lang.keyed(lang.NAME_STOPS, accented) or pair in lang.keyed(lang.NAME_STOP_PHRASES, accented):
        return False
    clause = lang.keyed(lang.CLAUSE_WORDS, accented)
    if any(w.text.isdigit() or w.cue in clause or w.break_before for w in words[item.first + 1:item.last]) \
            or first.text.isdigit():
        return False
    if " ".join(w.cue for w in words[item.first:item.first + 2]) in lang.keyed(lang.ORGANISATION_WORDS, accented) \
            or first.cue in lang.keyed(lang.ORGANISATION_WORDS, accented):
        return False
    return is_name(lex, words, item.first, item.last)


def apply_enumerations(lex: Lexicon, text: str, words: list[Word], mentions: list[Mention],
                       enums: list[Enumeration]) -> list[Mention]:
    """The mentions with the lists' items applied (new item systems, grown mentions, list heads
    dropped); each mention in a list of systems records the list in ``Mention.lists``."""
    accented = getattr(words, "accented", True)
    added: list[Mention] = []
    dropped: set[int] = set()
    for enum in enums:
        if not enum.of_systems:
            continue
        head_kind = enum.head_kind
        head = enum.head
        if head is not None and head_kind:
            named = any(m.node or m.key.startswith("named:") for i in enum.items for m in i.mentions if m is not head)
            if not enum.exemplifies or named:
                dropped.add(id(head))   # "các phần mềm …: A, B": the head describes A and B
        for item in enum.items:
            systems = [m for m in item.mentions if not m.service]
            if not systems:
                if not _name_like(lex, words, item, accented, enum.semicolons):
                    continue
                kind = head_kind or lang.ROOT_HEAD_KIND
                name = " ".join(w.text for w in words[item.first:item.last])
                # "các thư điện tử công cộng như gmail, yahoo": examples of a class are that system
                # (a head kind read from bare words, "các chức năng như …", has no mention to share)
                key = (head.key if head is not None and enum.exemplifies and head_kind and id(head) not in dropped
                       else f"named:{name}")
                m = Mention(words[item.first].start, words[item.last - 1].end, item.first, item.last, kind, None,
                            key, 0.5, sentence=enum.sentence)
                item.mentions.append(m)
                added.append(m)
                continue
            if enum.exemplifies or any(_product(text, x) for x in systems):
                continue   # examples of the head, or a product's name ("… (Qoffice)"): nothing to rename
            if len(systems) > 1 and len({x.key for x in systems}) == 1 and systems[0].key.startswith("kind:"):
                # "dịch vụ phản ánh hiện trường, phản ánh kiến nghị người dân": one item, one system
                for extra in systems[1:]:
                    dropped.add(id(extra))
                    item.mentions.remove(extra)
                systems = systems[:1]
            if len(systems) != 1:
                continue
            m = systems[0]
            rest = [words[n] for n in range(item.first, item.last) if not m.first_word <= n < m.last_word]
            if not _describes(text, words, rest, item, accented):
                continue   # a clause that mentions the system, not its name
            own = _own_words(rest, accented)
            if m.key.startswith("kind:") and own:
                # a class mention and words of its own: a system of that class named by the item
                name = " ".join(w.text for w in words[item.first:item.last])
                m.key = f"named:{name}"
            m.start, m.end = min(m.start, words[item.first].start), max(m.end, words[item.last - 1].end)
            m.first_word, m.last_word = min(m.first_word, item.first), max(m.last_word, item.last)
    for enum in enums:
        if enum.of_systems:
            for item in enum.items:
                for m in item.mentions:
                    m.lists.add(enum.index)
    kept = [m for m in mentions if id(m) not in dropped] + added
    return sorted(kept, key=lambda m: (m.start, -m.end))


def _describes(text: str, words: list[Word], rest: list[Word], item: Item, accented: bool) -> bool:
    """The words of an item around its mention read as part of a name, not as a clause or a labelled
    list of its own ("về du lịch: …")."""
    if item.last - item.first > lang.MAX_ITEM_WORDS + 6 or _labelled(text, words, item.first, item.last):
        return False
    clause = lang.keyed(lang.CLAUSE_WORDS, accented)
    return not any(w.text.isdigit() or w.cue in clause for w in rest)


def _own_words(rest: list[Word], accented: bool) -> list[str]:
    """Words of an item beyond its mention that could name something (not linking, generic or
    "a system" words: "hệ thống … điện tử" adds nothing to "một cửa")."""
    stops = lang.keyed(lang.NAME_STOPS, accented)
    kept = [w.text for w in rest if w.cue not in stops and not w.text.isdigit() and w.text not in lang.NAME_CANNOT_START
            and w.text not in lang.GENERIC_SYSTEM_WORDS]
    joined = f" {' '.join(kept)} "
    for generic in sorted(lang.GENERIC_NAME_WORDS, key=len, reverse=True):
        joined = joined.replace(f" {generic} ", " ")
    return joined.split()


def _product(text: str, m: Mention) -> bool:
    """A one-word name written with a capital ("Qoffice", "SOC", "Firewall"): a product or a code."""
    form = m.form(text)
    return " " not in form and form[:1].isupper()


