"""Links between systems, from the sentences that state them.

A link is stated by a cue ("kết nối", "liên thông", "tích hợp", "thông qua", "trên hạ tầng", "gồm",
"tra cứu qua", "connect", "via" …, see ``language.LINK_CUES``) with a system on each side. The ends:
- the object is the first mention after the cue, with those coordinated with it by commas or "và",
  and every later item of a list of systems it starts (``enumerations``); a system said to be inside
  one of them ("A, Chatbot trong Cổng X, B") does not break the list;
- the subject is the mention before the cue, in the same clause (not a label before a colon), that
  the most specific relation fits; or the subject of an earlier verb of the clause; or, for a verb
  far into a long sentence, the sentence's first system ("SOC triển khai giám sát … cho X, bảo vệ
  Y"); "tích hợp A vào B" puts both ends after the cue;
- "trên cơ sở hạ tầng của X, … đã triển khai A, B" fronts the host: A and B are hosted in X;
- "A trong B" states a link only right between the two;
- a clause with no subject of its own ("Hệ thống đã …", "Đảm bảo kết nối …") takes the system the
  text is about: the subject of an earlier sentence of the paragraph, or of the paragraph before when
  this one refers back to it with a bare "phần mềm", "hệ thống"; a heading ends it, and an agency
  written as the clause's subject ("tỉnh tiếp tục …", "100% các cơ quan … đã kết nối …") blocks it;
- a negated cue ("chưa kết nối") and a denied system ("chưa có …") state no link.
The relation and its direction come from the cue family and the kinds of the two ends
(``language.RELATION_RULES``): a CA is signed *with*, a data centre hosts, a SOC monitors, an LGSP
is what data goes *via*, whatever the word order; for "gồm", "trong" and the feeds the word order
gives the direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.text import language as lang
from loaders.text.lexicon import Lexicon
from loaders.text.mentions import Mention
from loaders.text.qualifiers import is_cue_at
from loaders.text.segmentation import Sentence, Word, fold, sentence_words


@dataclass
class Link:
    subject: Mention
    relation: str
    object: Mention
    sentence: int
    confidence: float
    explicit: bool = False   # the subject is written before the cue and the object after it


_CUE_LEN = max(len(k.split()) for k in lang.LINK_CUES)


def _cues(words: list[Word], first: int, last: int) -> list[tuple[int, int, str]]:
    """(first word, end word, family) of every cue between word ``first`` and ``last``."""
    table = lang.keyed(lang.LINK_CUES, getattr(words, "accented", True))
    out = []
    k = first
    while k < last:
        for size in range(min(_CUE_LEN, last - k), 0, -1):
            if any(w.break_before for w in words[k + 1:k + size]):
                continue
            family = table.get(" ".join(w.cue for w in words[k:k + size]))
            if family:
                out.append((k, k + size, family))
                k += size - 1
                break
        k += 1
    return out


def _between(words: list[Word], a: Mention, b: Mention) -> list[Word]:
    return words[a.last_word:b.first_word]


def _starts_clause(words: list[Word], m: Mention) -> bool:
    """The words after mention m make it a clause's subject ("C, which …", "C is connected …")."""
    return m.last_word < len(words) and words[m.last_word].cue in lang.SUBJECT_FOLLOWERS


def _coordinated(text: str, words: list[Word], a: Mention, b: Mention, coded: bool = False) -> bool:
    """True when a comma, semicolon or "và" (with at most a few words) separates mention a from b, or
    both are items of one list of systems; not when b starts a clause of its own."""
    if a.lists and b.lists and max(a.lists) == max(b.lists):
        return True   # items of the same (innermost) list
    if _starts_clause(words, b):
        return False
    between = _between(words, a, b)
    if len(between) > 4:
        return False
    accented = getattr(words, "accented", True)
    cues = lang.keyed(lang.LINK_CUES, accented)
    stops = lang.keyed(lang.PAIR_WORDS, accented) | lang.keyed(lang.CLAUSE_WORDS, accented)
    if any(w.cue in cues or w.cue in stops for w in between):
        return False   # "A, Sở đã triển khai B": a verb between them starts another clause
    gap = text[a.end:b.start]
    if coded:
        gap = gap.lstrip().removeprefix(")")   # a is the code closing "A (CODE)"
    if "(" in gap or ")" in gap:
        return False   # "… SOC); (3) Nền tảng …": a bracket closes the list a was in
    return "," in gap or ";" in gap or any(w.cue in lang.keyed(lang.LIST_JOINERS, accented) for w in between)


def _rule(lex: Lexicon, family: str, s: str, o: str) -> tuple[int, str, bool] | None:
    """(rule index, relation, swapped) for a cue family and the kinds of the ends as written. A
    relation written "^r" reads from the second end to the first; the ends of an ordered family
    (``language.ORDERED_FAMILIES``) are never swapped."""
    for index, (rule_family, subj, obj, relation) in enumerate(lang.RELATION_RULES):
        if rule_family is not None and rule_family != family:
            continue
        inverse = relation.startswith("^")
        relation = relation.lstrip("^")
        if lex.is_a(s, subj) and lex.is_a(o, obj):
            return index, relation, inverse
        if family not in lang.ORDERED_FAMILIES and lex.is_a(o, subj) and lex.is_a(s, obj):
            return index, relation, not inverse
    return None


def _relation(lex: Lexicon, family: str, s: str, o: str) -> tuple[str, bool] | None:
    found = _rule(lex, family, s, o)
    return (found[1], found[2]) if found else None


def _end_kind(lex: Lexicon, m: Mention) -> str:
    return lang.SERVICE_PROXIES.get(m.kind, m.kind) if m.service else m.kind


def _paired(words: list[Word], a: Mention, b: Mention, pair_words) -> bool:
    """"A vào B", "A với B": a pairing word right before B, and no other cue between A and B."""
    between = _between(words, a, b)
    while between and (between[-1].text in lang.GENERIC_SYSTEM_WORDS or between[-1].text in lang.DETERMINERS):
        between = between[:-1]   # "… vào Hệ thống phần mềm B", "connecting A to the B"
    cues = lang.keyed(lang.LINK_CUES, getattr(words, "accented", True))
    return bool(between) and len(between) <= lang.PAIR_SPAN and between[-1].cue in pair_words \
        and not any(w.cue in cues for w in between[:-1])


def _negated(words: list[Word], c_start: int, accented: bool) -> bool:
    """"chưa kết nối", "không liên thông": the cue states that there is no link."""
    negations = lang.keyed(lang.NEGATIONS, accented)
    before = [w.cue for w in words[max(0, c_start - 3):c_start]]
    if c_start < len(words) and words[c_start].break_before:
        return False
    return any(" ".join(before[i:]) in negations for i in range(len(before)))


def _headings(sentences: list[Sentence]) -> set[int]:
    """Paragraphs that are headings ("3. Ứng dụng CNTT tại Bộ phận một cửa", "Về Hạ tầng kỹ thuật"):
    short, without a full stop at the end. A heading ends the topic of the section before it."""
    texts: dict[int, list[str]] = {}
    for s in sentences:
        texts.setdefault(s.paragraph, []).append(s.text)
    out = set()
    for paragraph, parts in texts.items():
        joined = " ".join(parts).rstrip()
        if len(joined.split()) <= lang.HEADING_WORDS and not joined.endswith((".", ";", ":", ",")):
            out.add(paragraph)
    return out


def _named_subject(words: list[Word], first: int, cue: int, accented: bool) -> bool:
    """The clause before a cue has an agency as its subject ("tỉnh tiếp tục …", "100% các cơ quan …
    đã triển khai kết nối …"): the cue's subject is not a system left implicit."""
    orgs = lang.keyed(lang.ORGANISATION_WORDS, accented)
    lead = lang.keyed(lang.PLURAL_MARKERS, accented)
    heads = lang.keyed(lang.ANAPHORS, accented) | lang.EN_HEADS
    for k in range(first, cue):
        # "All shared software is hosted …", "Các phần mềm dùng chung …": a class of systems is the subject
        if k <= first + 3 and (words[k].cue in heads or " ".join(w.cue for w in words[k:k + 2]) in heads) \
                and any(w.cue in lead for w in words[max(first, k - 2):k]):
            return True
        if words[k].cue not in orgs and " ".join(w.cue for w in words[k:k + 2]) not in orgs:
            continue
        j = k
        while j > first and (words[j - 1].cue in lead or words[j - 1].text.isdigit()) and not words[j].comma_before:
            j -= 1
        if j == first or words[j].comma_before or words[j].break_before:
            return True
    return False


def _system_noun_before(words: list[Word], k: int) -> int:
    """How many words of a system noun ("hệ thống", "nền tảng") end right before word k (0 if none)."""
    nouns = lang.keyed(lang.ANAPHORS, getattr(words, "accented", True))
    for size in (2, 1):
        if k - size >= 0 and " ".join(w.cue for w in words[k - size:k]) in nouns \
                and not any(w.break_before for w in words[k - size + 1:k + 1]):
            return size
    return 0


def _named_by(words: list[Word], first: int, k: int) -> bool:
    """The cue at word k is the rest of a name: it follows a system noun that is not the clause's
    subject ("Hoàn thiện nền tảng tích hợp, trao đổi …" — not "Hệ thống kết nối với …")."""
    size = _system_noun_before(words, k)
    if not size:
        return False
    start = k - size
    return start > first and not words[start].break_before and not words[start].comma_before


def _anaphor(words: list[Word], first: int, last: int, mentions: list[Mention], accented: bool) -> bool:
    """A bare "phần mềm", "hệ thống" (no name after it) refers to the system talked about before."""
    heads = lang.keyed(lang.ANAPHORS, accented)
    plural = lang.keyed(lang.PLURAL_MARKERS, accented)
    for k in range(first, last):
        if any(m.first_word <= k < m.last_word for m in mentions):
            continue
        size = 2 if " ".join(w.cue for w in words[k:k + 2]) in heads else 1
        if any(m.first_word == k + size for m in mentions) \
                or (is_cue_at(words, k + size, accented) and _named_by(words, first, k + size)):
            continue   # "hệ thống cơ sở dữ liệu …", "nền tảng tích hợp …": a system noun that starts a name
        if (words[k].cue in heads or " ".join(w.cue for w in words[k:k + 2]) in heads) \
                and not (k > 0 and (words[k - 1].cue in plural or words[k - 1].text.isdigit()
                                    or " ".join(w.cue for w in words[k - 2:k]) in plural)):
            return True
    return False


def _reach(text: str, words: list[Word], first: int, last: int):
    """A function giving the number of words between two word positions of a sentence, not counting
    words inside brackets."""
    outside = [0] * (last - first + 1)
    depth = 0
    for k in range(first, last):
        if k > first:
            for ch in text[words[k - 1].end:words[k].start]:
                depth += ch == "("
                depth -= ch == ")" and depth > 0
        outside[k - first + 1] = outside[k - first] + (depth == 0)
    return lambda a, b: outside[max(first, min(b, last)) - first] - outside[max(first, min(a, last)) - first]


def _chain(text: str, words: list[Word], ms: list[Mention], pool: list[Mention] | None = None) -> list[Mention]:
    """The first mention and those coordinated with it; with ``pool``, also every later item of the
    lists it is an item of, however long the list. A system said to be inside an item ("A, Chatbot
    trong Cổng X và Cổng Y, B") qualifies that item and does not break the list."""
    accented = getattr(words, "accented", True)
    part_words = {k for k, v in lang.keyed(lang.LINK_CUES, accented).items() if v in lang.ADJACENT_FAMILIES}
    joiners = lang.keyed(lang.LIST_JOINERS, accented)
    out, last, qualifying, coded = [ms[0]], ms[0], False, False
    for m in ms[1:]:
        if m.key == last.key and text[last.end:m.start].strip() == "(":
            last, coded = m, True   # "A (CODE)": the code is A again, and the list goes on after it
            continue
        between = [w.cue for w in _between(words, last, m)]
        if between and (between[0] in part_words and len(between) == 1 or qualifying and between == [between[0]]
                        and between[0] in joiners):
            last, qualifying = m, True
            continue
        if _coordinated(text, words, last, m, coded):
            out.append(m)
            last, qualifying, coded = m, False, False
        else:
            break
    # lists nest ("IOC (tích hợp các nền tảng: A; B; C); TTHC; …"): go on with the innermost only
    inner = max(ms[0].lists) if ms[0].lists else None
    for m in pool or ():
        if inner is not None and m.first_word > out[-1].first_word and m.lists and max(m.lists) == inner \
                and m not in out:
            out.append(m)
    return out


def _adjacent_links(lex: Lexicon, words: list[Word], live: list[Mention], family: str, c_start: int,
                    c_end: int, sentence: int) -> list[Link]:
    """"Chatbot trong Cổng A và Cổng B": a cue that states a link only right between two systems."""
    left = [m for m in live if m.last_word == c_start]
    right = [m for m in live if m.first_word == c_end]
    if not left or not right:
        return []
    joiners = lang.keyed(lang.LIST_JOINERS, getattr(words, "accented", True))
    parts = [right[0]]
    for m in live:
        between = _between(words, parts[-1], m) if m.first_word >= parts[-1].last_word else None
        if between is not None and len(between) == 1 and between[0].cue in joiners:
            parts.append(m)
    out = []
    for o in parts:
        found = _relation(lex, family, _end_kind(lex, left[-1]), _end_kind(lex, o))
        if found:
            out.append(Link(left[-1], found[0], o, sentence, 0.7, explicit=True))
    return out


def _clause_break(text: str, words: list[Word], a_end: int, c_start: int) -> bool:
    """A colon or semicolon between character a_end and the cue at word c_start."""
    return any(ch in text[a_end:words[c_start].start] for ch in ":;")


def _subject_before(lex: Lexicon, text: str, words: list[Word], before: list[Mention], family: str,
                    obj: Mention) -> list[Mention]:
    """The mention before the cue that the most specific relation fits, nearest first ("Trung tâm …
    lưu trữ A, cài đặt B"; "LGSP … 9 CSDL … qua NGSP"), with those coordinated with it."""
    ranked = []
    for distance, m in enumerate(reversed(before)):
        found = _rule(lex, family, _end_kind(lex, m), _end_kind(lex, obj))
        if found:
            ranked.append((found[0], distance, m))
    anchor = min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else before[-1]
    subjects = [anchor]
    for m in reversed(before[:before.index(anchor)]):
        if not _coordinated(text, words, m, subjects[0]):
            break
        subjects.insert(0, m)
    return subjects


def find_links(lex: Lexicon, text: str, words: list[Word], sentences: list[Sentence],
               mentions: list[Mention]) -> list[Link]:
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    accented = getattr(words, "accented", True)
    pair_words = lang.keyed(lang.PAIR_WORDS, accented)
    deploy = lang.keyed(lang.DEPLOY_VERBS, accented)
    links: list[Link] = []
    topic: Mention | None = None
    headings = _headings(sentences)
    paragraph, previous, seen = -1, None, False
    for sentence, first, last in sentence_words(words, sentences):
        if sentence.paragraph != paragraph:
            # a new paragraph has its own topic, unless it goes on about the last one ("… thông qua phần
            # mềm …" right after a paragraph about the one-stop software); a heading ends both
            paragraph, previous, topic, seen = sentence.paragraph, topic, None, False
            if paragraph in headings:
                previous = None
        here = sorted(by_sentence.get(sentence.index, []), key=lambda m: m.start)
        live = [m for m in here if not m.negated]
        if not seen and previous is not None \
                and _anaphor(words, first, min([m.first_word for m in here] + [last]), here, accented):
            topic = previous
        seen = seen or bool(here)
        # a cue inside a name ("hệ thống giám sát an ninh mạng") states no link, nor does one right after
        # a system noun in an object ("triển khai hệ thống giám sát thông tin tập trung … (SOC)")
        cues = [c for c in _cues(words, first, last)
                if not any(m.first_word <= c[0] < m.last_word for m in here) and not _named_by(words, first, c[0])]
        chosen: list[tuple[int, list[Mention]]] = []   # (cue end, subjects) of the cues seen so far
        # distances in words leave out what is in brackets ("… an ninh mạng (tại các lớp mạng, …) cho X")
        reach = _reach(text, words, first, last)
        first_cue = cues[0][0] if cues else last
        # the sentence's subject: its first system, named before any cue
        lead = next((m for m in live if m.last_word <= first_cue and not m.service), None)
        for n, (c_start, c_end, family) in enumerate(cues):
            if _negated(words, c_start, accented):
                continue
            if family in lang.ADJACENT_FAMILIES:
                links.extend(_adjacent_links(lex, words, live, family, c_start, c_end, sentence.index))
                continue
            next_cue = cues[n + 1][0] if n + 1 < len(cues) else len(words)
            # the objects of a cue are those before the next cue ("tích hợp, kết nối … với X": X goes with
            # the cue nearest to it), and the rest of a list they start
            # ("tích hợp, kết nối … với X": X goes with both cues when nothing stands between them;
            # "A connects to B, and C … is connected to D": D is C's, not A's)
            same_family = n + 1 < len(cues) and cues[n + 1][2] == family and next_cue - c_end <= 3
            after = [m for m in live if m.first_word >= c_end and reach(c_end, m.first_word) <= lang.MAX_LINK_SPAN // 2
                     and (m.first_word < next_cue or same_family or m.lists)
                     and (m.lists or ";" not in text[words[c_end - 1].end:m.start])]
            if not after or (next_cue - c_end <= 1 and n + 1 < len(cues) and not same_family):
                continue
            # a subject is in the cue's clause: not a label before a colon ("Hệ thống mạng WAN: … các sở …
            # đã kết nối vào mạng diện rộng") nor a clause of its own before a semicolon
            before = [m for m in live if m.last_word <= c_start and reach(m.last_word, c_start) <= lang.MAX_LINK_SPAN // 2
                      and not _clause_break(text, words, m.end, c_start)]
            if not before and lead is not None and lead.last_word <= c_start \
                    and not _clause_break(text, words, lead.end, c_start) \
                    and _rule(lex, family, _end_kind(lex, lead), _end_kind(lex, after[0])):
                # "SOC triển khai giám sát … cho X, bảo vệ Y": a later verb of a long sentence keeps its subject
                before = [lead]
            objects = _chain(text, words, after, [m for m in live if m.first_word >= c_end])
            implicit = False
            # ("A (CODE) with B": the code is A again)
            rest = [m for m in after if m not in objects and m.key not in {o.key for o in objects}]
            # the subject of an earlier verb in the same clause ("Qoffice …, kết nối … và tích hợp …")
            earlier = [subs for end, subs in chosen if before and before[-1].first_word >= end
                       and not _clause_break(text, words, words[end - 1].end, c_start)
                       and not _starts_clause(words, before[-1])]
            if family == "host" and not before:
                # "trên cơ sở hạ tầng của X, … đã triển khai A, B": A and B are hosted in X
                verb = next((k for k in range(objects[-1].last_word, last)
                             if " ".join(w.cue for w in words[k:k + 2]) in deploy or words[k].cue in deploy), None)
                hosted = [m for m in live if verb is not None and m.first_word > verb]
                if hosted:
                    subjects = _chain(text, words, hosted)
                elif topic is not None and not _named_subject(words, first, c_start, accented) \
                        and _rule(lex, family, _end_kind(lex, topic), _end_kind(lex, objects[0])):
                    # "[Trung tâm] … hỗ trợ vận hành các hệ thống như A, B": the system the
                    # paragraph is about hosts them
                    subjects, implicit = [topic], True
                else:
                    continue
            elif rest and _paired(words, objects[-1], rest[0], pair_words):
                # "tích hợp A vào B", "tích hợp A với B", "connected A with B and C": both ends follow the cue
                subjects, objects = objects, _chain(text, words, rest)
            elif before and earlier and any(_rule(lex, family, _end_kind(lex, m), _end_kind(lex, objects[0]))
                                            for m in earlier[-1]):
                # "Qoffice …, kết nối trục X và tích hợp chữ ký số": both verbs have Qoffice as subject
                subjects = earlier[-1]
            elif before:
                subjects = _subject_before(lex, text, words, before, family, objects[0])
            elif topic is not None and not _named_subject(words, first, c_start, accented):
                subjects, implicit = [topic], True
            else:
                continue
            links.extend(_stated(lex, text, subjects, objects, family, c_start, c_end, implicit, sentence.index))
            chosen.append((c_end, subjects))
        # the topic: the subject of this sentence (its first system, named before any cue; a service
        # stands for the system providing it); it carries on until another sentence names a subject
        # or a heading starts a new section
        subjects_here = [m for m in live if m.last_word <= first_cue]
        if subjects_here:
            topic = subjects_here[0]
        elif live and not any(m.service for m in live):
            topic = live[0]
    return links


def _stated(lex: Lexicon, text: str, subjects: list[Mention], objects: list[Mention], family: str,
            c_start: int, c_end: int, implicit: bool, sentence: int) -> list[Link]:
    """The links a cue states between its subjects and objects, as the kinds of the ends allow."""
    out = []
    for s in subjects:
        for o in objects:
            if s is o or (s.service and o.service):
                continue
            if s.key == o.key and fold(s.form(text)).split() == fold(o.form(text)).split():
                continue   # one system named twice; two names of one class may be two systems (coreference)
            found = _relation(lex, family, _end_kind(lex, s), _end_kind(lex, o))
            if found is None:
                continue
            relation, swapped = found
            subj, obj = (o, s) if swapped else (s, o)
            confidence = 0.8 if relation not in ("connectsTo", "integratesWith") else 0.7
            if implicit:
                confidence *= 0.7
            explicit = not implicit and s.last_word <= c_start and o.first_word >= c_end
            out.append(Link(subj, relation, obj, sentence, round(confidence, 2), explicit))
    return out
