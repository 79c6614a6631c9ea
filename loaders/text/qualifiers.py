"""What the words around a mention say about it: whether the report denies it ("chưa có cơ sở dữ
liệu dùng chung", "thiếu …"), whom it belongs to ("thuộc Sở KH và CN", "của các sở, ban, ngành"),
whether a lower level qualifies it ("… cấp xã"), whether its owner makes a broad kind specific
("trang thông tin điện tử của các sở" is a component portal), and whether it is no system at all (a
technology, "công nghệ mới (điện toán đám mây)", or a verb, "được xác thực điện tử").

Every word list here is in ``language``; this module only reads the words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.text import language as lang
from loaders.text.segmentation import Word

if TYPE_CHECKING:
    from loaders.text.mentions import Mention


def np_start(words: list[Word], m: Mention, accented: bool) -> bool:
    """The mention starts its noun phrase: nothing but a verb, a cue, a preposition or a system noun
    comes before it ("liên thông một cửa điện tử", "hệ thống giao ban trực tuyến"), not another noun
    it would qualify ("các phòng họp trực tuyến")."""
    if m.first_word == 0 or words[m.first_word].break_before or words[m.first_word].comma_before:
        return True
    prev = words[m.first_word - 1]
    pair = " ".join(w.cue for w in words[max(0, m.first_word - 2):m.first_word])
    return (prev.cue in lang.keyed(lang.NAME_STOPS, accented) or prev.cue in lang.keyed(lang.LINK_CUES, accented)
            or pair in lang.keyed(lang.LINK_CUES, accented) or pair in lang.keyed(lang.NAME_STOP_PHRASES, accented)
            or prev.text in lang.GENERIC_SYSTEM_WORDS or pair in lang.keyed(lang.DEPLOY_VERBS, accented))


def _phrase_before(words: list[Word], k: int, table, size: int = 4) -> str | None:
    """The longest phrase of ``table`` ending right before word k, in the same clause."""
    for n in range(size, 0, -1):
        s = k - n
        if s < 0 or any(words[x].break_before for x in range(s + 1, k + 1)):
            continue
        phrase = " ".join(w.cue for w in words[s:k])
        if phrase in table:
            return phrase
    return None


def qualify(text: str, words: list[Word], m: Mention, accented: bool) -> bool:
    """Negation, owner and level of a mention; False when the words before it make it no system."""
    before = _phrase_before(words, m.first_word, lang.keyed(lang.NOT_A_SYSTEM_AFTER, accented)) \
        if m.first_word > 0 and not words[m.first_word].comma_before else None
    if before is None and m.first_word > 1 and "(" in text[words[m.first_word - 1].end:m.start]:
        # "chuyển sang công nghệ mới (điện toán đám mây)": a technology named in brackets
        for back in (1, 2):
            phrase = _phrase_before(words, m.first_word - back, lang.keyed(lang.NOT_A_SYSTEM_AFTER, accented))
            if phrase and phrase not in ("được", "duoc", "bị", "bi"):
                return False
    if before:
        # "được" after a verb is "managed to" ("xây dựng được cơ sở dữ liệu …"), not the passive
        k = m.first_word - len(before.split())
        verb = k >= 2 and f"{words[k - 2].cue} {words[k - 1].cue}" in lang.keyed(lang.NAME_STOP_PHRASES, accented)
        if not verb:
            return False
    negations = lang.keyed(lang.NEGATIONS, accented)
    k = m.first_word
    while k > 0 and m.first_word - k < lang.NEGATION_SCOPE and not words[k].break_before:
        if _phrase_before(words, k, negations) and not is_cue_at(words, k, accented):
            m.negated = True
            break
        if words[k - 1].cue in lang.keyed(lang.CLAUSE_WORDS, accented) or is_cue_at(words, k - 1, accented):
            break
        k -= 1
    after = [w for w in words[m.last_word:m.last_word + 8]]
    cut = next((n for n, w in enumerate(after) if w.break_before), len(after))
    after = after[:cut]
    if after and after[0].cue in lang.keyed(lang.OWNER_LINKS, accented):
        orgs = lang.keyed(lang.OWNER_WORDS, accented)
        rest = [w.cue for w in after[1:]]
        if rest and rest[0] in ("các", "cac"):
            rest = rest[1:]
        plural = len(rest) != len(after) - 1
        if rest and (rest[0] in orgs or " ".join(rest[:2]) in orgs) and rest[0] not in ("tỉnh", "tinh"):
            # "của các sở, ban, ngành" (many owners) and "của Sở KH và CN" (one) are different owners
            m.owner = ("* " if plural else "") + " ".join(w for w in rest[:5])
    m.lower = any(w.text in lang.LOWER_LEVEL_WORDS for w in after[:6])
    # "Cổng/trang thông tin điện tử (của) các sở, ban, ngành": a portal of departments is their component
    refined = lang.OWNER_KINDS.get(m.kind)
    if refined and not m.node:
        near = [w for w in after[:4] if w.cue not in lang.keyed(lang.OWNER_LINKS | lang.PLURAL_MARKERS, accented)]
        if near and near[0].text in refined[1]:
            m.kind = refined[0]
            if m.key.startswith("kind:"):
                m.key = f"kind:{m.kind}"
    return True


def is_cue_at(words: list[Word], k: int, accented: bool) -> bool:
    """A link cue starts at word k ("kết nối", "liên thông" …)."""
    cues = lang.keyed(lang.LINK_CUES, accented)
    return any(" ".join(w.cue for w in words[k:k + n]) in cues for n in (1, 2, 3))
