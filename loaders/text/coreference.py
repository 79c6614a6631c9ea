"""Which mentions name the same system: the keys the candidates are grouped by.

A mention starts with a key from ``mentions`` (its national individual, its class, or its name).
The rules below refine it, in this order:
- a mention typed at a broad class (one with subclasses: "tường lửa" is only *some*
  infrastructure, "kiosk thông tin" *some* application) names the same system as another only when
  the words are the same; a mention of a specific class ("Cổng dịch vụ công") is the report's one
  system of that class, as a province has one public-service portal;
- the examples after "X như …" are X ("các hệ thống phòng chống tấn công mạng như IPS/IDS, Firewall");
- a name and its code in brackets are one system ("hệ thống giám sát an ninh mạng (SOC)"), and so are
  codes of one kind listed in one bracket ("(IPS, IDS,...)");
- two mentions of one class with different owners ("Trung tâm tích hợp dữ liệu thuộc Sở TT và TT",
  "Trung tâm dữ liệu thuộc Sở KH và CN") are two systems, and so are two mentions of one class the
  report links to each other ("hệ thống giao ban trực tuyến … liên thông với hệ thống hội nghị truyền
  hình trực tuyến của tỉnh"): the one qualified by an owner or a lower level is the other system;
- the bare name of a class ("Cổng thông tin", "Trung tâm dữ liệu") refers back to the system of a
  narrower class named last in its paragraph, or to the report's only one; a bare term of a broad
  class ("trang thông tin điện tử") to one named before it in the paragraph with those words;
- a name cut short ("quản lý đề tài") is the longer name it begins ("quản lý đề tài, dự án");
- a system the report mostly denies ("chưa có cơ sở dữ liệu dùng chung") is no candidate;
- a class mention that is the one national system of its class the report names ("chữ ký số" beside
  "chữ ký số chuyên dùng") is that system, when its words are that system's words.
"""

from __future__ import annotations

from itertools import pairwise

from loaders.text import language as lang
from loaders.text.enumerations import Enumeration
from loaders.text.lexicon import Lexicon
from loaders.text.mentions import Mention
from loaders.text.segmentation import Sentence, fold


def _children(lex: Lexicon) -> set[str]:
    return {p for ps in lex.parents.values() for p in ps}


def _form(text: str, m: Mention) -> str:
    return " ".join(fold(m.form(text)).split())


def refine_keys(lex: Lexicon, text: str, sentences: list[Sentence], mentions: list[Mention],
                enums: list[Enumeration], same_key_links: list[tuple[Mention, Mention]]) -> list[Mention]:
    """Set each mention's final key; returns the mentions that name a system (services excluded)."""
    broad = _children(lex)
    for m in mentions:
        if m.key.startswith("kind:") and m.kind in broad and not m.service:
            m.key = f"form:{m.kind}:{_form(text, m)}"
    _examples(lex, enums)
    join_codes(lex, text, mentions)
    _owners(text, mentions)
    _linked_apart(text, same_key_links, mentions)
    _refer_back(lex, text, sentences, mentions)
    _shortened_names(text, mentions)
    systems = [m for m in mentions if not m.service]
    by_key: dict[str, list[Mention]] = {}
    for m in systems:
        by_key.setdefault(m.key, []).append(m)
    denied = {k for k, ms in by_key.items() if not k.startswith("node:")
              and sum(m.negated for m in ms) * 2 >= len(ms) and any(m.negated for m in ms)}
    return [m for m in mentions if m.service or m.key not in denied]


def _examples(lex: Lexicon, enums: list[Enumeration]) -> None:
    """"các hệ thống phòng chống tấn công mạng như IPS/IDS, Firewall": the examples are the head."""
    for enum in enums:
        head = enum.head
        if not (enum.exemplifies and head is not None and head.node is None and not head.service):
            continue
        if head.key.startswith("named:"):
            continue
        for item in enum.items:
            for m in item.mentions:
                if m is not head and m.node is None and not m.key.startswith("named:") \
                        and lex.compatible(m.kind, head.kind) \
                        and not (head.kind in lang.HEAD_CLASSES and m.kind != head.kind):
                    # (a broad head, "application systems such as: the official email system; …",
                    # has examples of their own kinds: each is a system)
                    old = m.key
                    for other in [x for item2 in enum.items for x in item2.mentions if x.key == old]:
                        other.key = head.key


def join_codes(lex: Lexicon, text: str, mentions: list[Mention]) -> None:
    """"name (CODE)" is one system; so are codes of one kind listed in one bracket."""
    broad = _children(lex)

    def rekey(drop: Mention, new: str, kind: str | None = None, node: str | None = None) -> None:
        # a broad class's mention stands only for itself and mentions worded the same way
        same_words = drop.key.startswith(("kind:", "form:")) and drop.kind in broad
        form, old = _form(text, drop), drop.key
        for m in mentions:
            if m.key == old and (not same_words or _form(text, m) == form):
                m.key = new
                if kind:
                    m.kind, m.node = kind, node

    for a, b in pairwise(mentions):
        if a.service or b.service or a.key == b.key:
            continue
        gap = text[a.end:b.start]
        code_after = gap.strip() == "" and b.form(text).isupper() and " " not in b.form(text)
        if (_named_by_bracket(gap) and text[b.end:b.end + 1] in "),") or code_after:
            # "name (CODE)", "name CODE": the code names the system the words describe
            guessed = a.key.startswith("named:") and a.kind == lang.ROOT_HEAD_KIND   # kind from "nền tảng …"
            if not lex.compatible(a.kind, b.kind) and not guessed:
                continue
            keep, drop = (b, a) if lex.is_a(b.kind, a.kind) or b.node or guessed else (a, b)
            rekey(drop, keep.key, keep.kind, keep.node)
        elif gap.strip() in (",", "/") and a.form(text).isupper() and b.form(text).isupper() and a.kind == b.kind \
                and a.node is None and b.node is None and text.rfind("(", 0, a.start) > text.rfind(")", 0, a.start):
            rekey(b, a.key)


def _named_by_bracket(gap: str) -> bool:
    """"name (CODE)": the bracket follows the name, or the rest of its noun phrase ("Trung tâm điều
    hành thông tin chỉ đạo của UBND tỉnh (IOC)") with no clause in between."""
    if not gap.rstrip().endswith("("):
        return False
    between = gap.rstrip()[:-1]
    return between.strip() == "" or (len(between.split()) <= lang.BRACKET_NAME_WORDS
                                     and not any(c in between for c in ",;:.()") )


def _owners(text: str, mentions: list[Mention]) -> None:
    """Mentions of one class owned by different agencies are different systems; so are one agency's
    ("website của Sở KH và CN") and many agencies' ("website của các sở, ban, ngành")."""
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.key.startswith(("kind:", "form:")):
            by_key.setdefault(m.key, []).append(m)
    for key, ms in by_key.items():
        many = [m for m in ms if m.owner.startswith("* ") or " cua cac " in f" {_form(text, m)} "]
        one = [m for m in ms if m.owner and not m.owner.startswith("* ")]
        owners = {m.owner for m in one}
        if len(owners) < 2 and not (owners and many):
            continue
        keep = None if many else one[0].owner
        for m in one:
            if m.owner != keep:
                m.key = f"{key}|{m.owner}"


def _linked_apart(text: str, pairs: list[tuple[Mention, Mention]], mentions: list[Mention]) -> None:
    """A link the report states between two mentions of one class: they are two systems."""
    for a, b in pairs:
        if a.key != b.key:
            continue
        # the one qualified by a lower level or an owner is the other system; else the subject
        if b.lower and not a.lower or (b.owner and not a.owner):
            a, b = b, a
        a.key = f"{a.key}|{_form(text, a)}"


def _refer_back(lex: Lexicon, text: str, sentences: list[Sentence], mentions: list[Mention]) -> None:
    """The bare name of a class ("Cổng thông tin") refers to the system of a narrower class named
    before it in the paragraph, or to the report's only one; another bare term of a broad class
    ("trang thông tin điện tử") to a system named before it in the paragraph with those very words
    ("trang thông tin điện tử của các sở, ban, ngành")."""
    broad = _children(lex)
    systems = [m for m in mentions if not m.service]
    for m in systems:
        if m.owner or not m.key.startswith(("kind:", "form:")) or m.kind == "InformationSystem":
            continue
        if not m.generic and m.kind not in broad:
            continue
        narrower = [o for o in systems if o.key != m.key and o.kind != m.kind and lex.is_a(o.kind, m.kind)
                    and not o.key.startswith("named:") and not o.negated]
        if not m.generic:
            form = _form(text, m)
            narrower = [o for o in narrower if form in _form(text, o)]
        if not narrower:
            continue
        paragraph = sentences[m.sentence].paragraph
        before = [o for o in narrower if o.start < m.start and sentences[o.sentence].paragraph == paragraph]
        keys = {o.key for o in narrower}
        target = before[-1] if before else (narrower[0] if len(keys) == 1 and m.generic else None)
        if target is not None:
            m.key, m.kind, m.node = target.key, target.kind, target.node


def _shortened_names(text: str, mentions: list[Mention]) -> None:
    """"quản lý đề tài" after "phần mềm quản lý đề tài, dự án": a name cut short is the longer name,
    unless the longer one adds a name of its own ("phần mềm kế toán" is not "phần mềm kế toán Misa")."""
    names: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.key.startswith("named:"):
            names.setdefault(m.key, []).append(m)
    words = {k: k.removeprefix("named:").split() for k in names}

    def proper(key: str, extra: list[str]) -> bool:
        written = {fold(w): w for m in names[key] for w in m.form(text).split()}
        return any(written.get(w, "")[:1].isupper() for w in extra)

    for short, sw in words.items():
        longer = [k for k, lw in words.items() if k != short and len(lw) > len(sw) and lw[:len(sw)] == sw
                  and not proper(k, lw[len(sw):])]
        if len(longer) == 1:
            for m in names[short]:
                m.key = longer[0]


def national_alias(lex: Lexicon, text: str, groups: dict[str, list[Mention]]) -> dict[str, str]:
    """A class mention ("chữ ký số") that is the one national system of its class the report names
    ("chữ ký số chuyên dùng"), when its words are that system's words."""
    nodes: dict[str, list[str]] = {}
    for key, ms in groups.items():
        if ms[0].node:
            nodes.setdefault(ms[0].kind, []).append(key)
    generic = lang.GENERIC_SYSTEM_WORDS
    alias: dict[str, str] = {}
    for key, ms in groups.items():
        if not key.startswith("kind:") or len(nodes.get(ms[0].kind, [])) != 1:
            continue
        target = nodes[ms[0].kind][0]
        node_words = lex.node_words.get(groups[target][0].node, set())
        ok = True
        for m in ms:
            words = [w for w in _form(text, m).split() if w not in generic]
            ok &= all(w in node_words for w in words)
        if ok:
            alias[key] = target
    return alias
