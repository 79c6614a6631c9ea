"""Find systems by name, in Vietnamese or English, with or without diacritics.

What a system answers to, from the store (nothing here lists names; add aliases to the data or the
ontology, not to code):
- its own names: ``rdfs:label`` (vi, en), every ``skos:altLabel`` and its id;
- the names of its kind: the class's labels and altLabels ("Trục tích hợp dữ liệu của tỉnh" is an
  altLabel of ``egov:LGSP``, so "trục tích hợp" finds every LGSP), weighted lower;
- the name of its province, weighted lower still ("qoffice quang nam" ranks Quảng Nam's Qoffice
  above another province's).

Text is folded before matching: lower case, diacritics removed (đ → d), punctuation to spaces.
Scoring: each query word counts by how rare it is among all names (IDF) and where it matched
(own name > kind > province; whole word > prefix); a system must match a majority of the query words.
A phrase match, or a name made only of query words ("Qoffice" for "qoffice quang nam"), adds a bonus.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from egovkg.errors import NotFoundError, ParameterError
from graph.network.model import SYSTEM
from graph.network.projection import Projection
from ontology.names import fold

OWN, KIND, PLACE = 1.0, 0.55, 0.45
PREFIX_FACTOR = 0.6


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    matched: str  # the name that matched best


@dataclass(frozen=True)
class _Entry:
    key: str
    own: tuple[str, ...]      # folded own names
    kind: tuple[str, ...]     # folded names of its kind
    place: tuple[str, ...]    # folded names of its province
    own_words: frozenset[str]
    kind_words: frozenset[str]
    place_words: frozenset[str]


class SearchIndex:
    """An inverted index of the systems' folded names: a query touches only the systems that share a
    word (or a word prefix) with it, not every system."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        classes = projection.classes
        ns = projection.iris.ontology_ns
        entries: list[_Entry] = []
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for key in projection.systems():
            d = projection.node(key)
            own = tuple(dict.fromkeys(fold(n) for n in [*d["names"], d["id"].replace("/", " ").replace("-", " ")] if fold(n)))
            kind_names = [text for _, text, _ in classes.names.get(ns + d["kind"], ())] if d.get("kind") else []
            kind = tuple(dict.fromkeys(fold(n) for n in kind_names if fold(n)))
            place_names = [projection.provinces.get(d["province"], ""), d["province"] or ""] if d.get("province") else []
            place = tuple(dict.fromkeys(fold(n.replace("-", " ")) for n in place_names if fold(n)))
            entry = _Entry(key, own, kind, place, frozenset(w for n in own for w in n.split()),
                           frozenset(w for n in kind for w in n.split()), frozenset(w for n in place for w in n.split()))
            index = len(entries)
            entries.append(entry)
            for words_of, field in ((entry.place_words, PLACE), (entry.kind_words, KIND), (entry.own_words, OWN)):
                for w in words_of:
                    if postings[w].get(index, 0.0) < field:
                        postings[w][index] = field
        self.entries = entries
        self._postings = dict(postings)
        self._n = max(len(entries), 1)
        self._vocabulary = sorted(postings)

    def idf(self, word: str) -> float:
        return math.log(1 + self._n / (1 + len(self._postings.get(word, ()))))

    def _matches(self, word: str) -> Iterator[tuple[str, float]]:
        """Indexed words equal to ``word`` (factor 1) or, for two letters or more, starting with it."""
        if len(word) < 2:
            if word in self._postings:
                yield word, 1.0
            return
        for i in range(bisect_left(self._vocabulary, word), len(self._vocabulary)):
            candidate = self._vocabulary[i]
            if not candidate.startswith(word):
                break
            yield candidate, 1.0 if candidate == word else PREFIX_FACTOR

    def search(self, text: str = "", *, province: str | None = None, kind: str | None = None,
               layer: str | None = None, limit: int = 20) -> list[Hit]:
        """Systems matching ``text`` (all systems when empty), best first, after the filters."""
        p = self.projection
        if kind is not None and kind not in p.kinds:
            raise ParameterError(f"unknown kind '{kind}' (a class under egov:InformationSystem, e.g. LGSP)",
                                 parameter="kind").shown_as("errors.unknown-kind", kind=kind)
        if layer is not None and layer not in p.layers:
            raise ParameterError(f"unknown layer '{layer}' (one of {', '.join(sorted(p.layers))})",
                                 parameter="layer").shown_as("errors.unknown-layer", layer=layer, known=", ".join(sorted(p.layers)))
        if province is not None and province not in p.provinces:
            raise ParameterError(f"unknown province '{province}' (a slug such as quang-nam)",
                                 parameter="province").shown_as("errors.unknown-province", province=province)
        if not 1 <= limit <= 1000:
            raise ParameterError(f"limit must be between 1 and 1000, not {limit}", parameter="limit")

        def passes(key: str) -> bool:
            d = p.node(key)
            return ((province is None or d.get("province") == province)
                    and (layer is None or layer in d.get("layers", ()))
                    and (kind is None or p.is_kind(key, kind)))

        words = fold(text).split()
        if not words:
            hits = [Hit(e.key, 0.0, p.node(e.key)["label"]) for e in self.entries if passes(e.key)]
        else:
            best: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(words))
            for j, w in enumerate(words):
                for candidate, factor in self._matches(w):
                    for index, field in self._postings[candidate].items():
                        row = best[index]
                        row[j] = max(row[j], field * factor)
            weights = [self.idf(w) for w in words]
            hits = []
            for index, row in best.items():
                matched = sum(1 for v in row if v)
                if matched * 2 < len(words) or not passes(self.entries[index].key):
                    continue
                score = sum(wt * v for wt, v in zip(weights, row)) / sum(weights) * (matched / len(words))
                bonus, name = self._bonus(self.entries[index], words)
                hits.append(Hit(self.entries[index].key, score + bonus, name))
        hits.sort(key=lambda h: (-h.score, len(p.node(h.key)["label"]), p.node(h.key)["id"]))
        return hits[:limit]

    @staticmethod
    def _bonus(e: _Entry, words: list[str]) -> tuple[float, str]:
        """A name equal to the query, containing it as a phrase, or made only of query words."""
        query = " ".join(words)
        best_name, bonus = e.own[0] if e.own else "", 0.0
        for name in e.own:
            if name == query:
                return 1.0, name
            if f" {query} " in f" {name} " and bonus < 0.5:
                bonus, best_name = 0.5, name
            elif set(name.split()) <= set(words) and bonus < 0.4:
                bonus, best_name = 0.4, name
        if not bonus and any(f" {query} " in f" {n} " for n in e.kind):
            bonus = 0.5
        return bonus, best_name


def index_of(projection: Projection) -> SearchIndex:
    """The projection's search index, built once per projection."""
    return projection.derived("_search_index", SearchIndex)


def _system_of_id(projection: Projection, text: str) -> str | None:
    """The system whose id ``text`` is (None when it names no system); an empty ``text`` is an error."""
    if not text:
        raise ParameterError("name a system: an id such as quang-nam/qoffice, or words to search for",
                             parameter="system").shown_as("errors.name-a-system")
    try:
        key = projection.key(text)
    except NotFoundError:
        return None
    return key if projection.node(key)["category"] == SYSTEM else None


def _matches(projection: Projection, text: str, limit: int) -> list[Hit]:
    """The systems whose names match ``text``, best first; none is an error."""
    hits = index_of(projection).search(text, limit=limit)
    if not hits:
        raise NotFoundError(f"no system with id '{text}', and no system's name matches '{text}'").shown_as(
            "errors.no-system-matches", text=text)
    return hits


def resolve(projection: Projection, text: str) -> str:
    """A system from an id (``quang-nam/qoffice``, ``ndxp``) or a search string ("qoffice quang nam")."""
    text = text.strip()
    return _system_of_id(projection, text) or _matches(projection, text, 1)[0].key


def candidates(projection: Projection, text: str, *, tie: float = 0.05, limit: int = 50) -> list[str]:
    """The systems ``text`` may mean: one when it is an id or one name stands out; several when the best
    matches score alike ("lgsp" names every province's LGSP), so a page can ask which one."""
    text = text.strip()
    key = _system_of_id(projection, text)
    if key is not None:
        return [key]
    index = index_of(projection)
    hits = _matches(projection, text, max(limit, 50))
    best = hits[0].score
    found = [h.key for h in hits if h.score >= best * (1 - tie)]
    # the name of a kind ("lgsp", "trục liên thông văn bản") may mean any system of that kind
    words = fold(text)
    ns = projection.iris.ontology_ns
    for kind in sorted(projection.kinds):
        if len(found) > 1 and any(fold(name) == words for _, name, _ in projection.classes.names.get(ns + kind, ())):
            found += [h.key for h in index.search("", kind=kind, limit=1000) if h.key not in found]
    return found[:limit]
