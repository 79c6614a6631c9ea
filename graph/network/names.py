"""Which name a node is shown by: one rule, used by every page, table, export and API answer.

A system often has several ``rdfs:label`` values in one language, one per source that names it (Quảng Nam's
LGSP is "… dữ liệu cấp tỉnh Quảng Nam (LGSP)" in the 2020 and 2021 reports, "… dữ liệu tỉnh Quảng Nam (LGSP)"
in the 2022 one). Before this module each reader took whichever came first (alphabetically in the projection,
the side's latest source in the diff, any one in SPARQL), so one system had different names on different pages.

The rule (:func:`choose_name`):

1. a *curated* label, one the project states itself (the ontology, the administrative units: a graph derived
   from no source), wins over any source's;
2. otherwise the label given by the most recent source (its reference year, then its issue date, then its id,
   so the choice is stable): reports name a system as it is called at the time;
3. in the language asked for; when the node has no label in it, the same choice in the other language. A name
   is never made up: no stripped-diacritics form, no id when there is a label.

:func:`display_name` applies the rule's result to a node of the projection (``label``: Vietnamese, ``label_en``:
English) or to any object carrying ``label``/``label_en`` or ``label_vi``/``label_en``: what templates and
other modules call. :func:`read_names` answers the rule for a handful of IRIs straight from the store (the diff,
the exports). This module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["CURATED", "Name", "choose_name", "display_name", "names_by_rule", "read_names", "source_rank"]

#: the rank of a label no source gave (the ontology's, the administrative units'): above every source's
CURATED: tuple[int, int, str, str] = (1, 0, "", "")


def source_rank(year: int | None, issued: str | None, source_id: str | None) -> tuple[int, int, str, str]:
    """The rank of a label given by a source: later sources rank higher."""
    return (0, year or 0, issued or "", source_id or "")


@dataclass(frozen=True)
class Name:
    text: str
    lang: str  # "vi", "en" or "" (no language tag)
    rank: tuple[int, int, str, str] = CURATED


def _other(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


def choose_name(names: Iterable[Name], lang: str) -> str | None:
    """The name to show in ``lang`` (``vi`` or ``en``) by the rule above; None when there is no label at all."""
    by_lang: dict[str, list[Name]] = defaultdict(list)
    for n in names:
        if n.text.strip():
            by_lang[n.lang].append(n)
    for chosen in (lang, _other(lang), ""):
        if by_lang.get(chosen):
            # the highest rank; among equals the shortest, then the last alphabetically: never dependent on order
            return max(by_lang[chosen], key=lambda n: (n.rank, -len(n.text), n.text)).text
    return None


def names_by_rule(names: Iterable[Name]) -> dict[str, str | None]:
    """``{"vi": …, "en": …}``: the name in each language, each falling back to the other."""
    listed = list(names)
    return {"vi": choose_name(listed, "vi"), "en": choose_name(listed, "en")}


def display_name(node: Mapping[str, Any] | Any, lang: str = "vi") -> str:
    """The name of ``node`` in ``lang``: a projection node (``label`` Vietnamese, ``label_en`` English), a
    mapping or an object with ``label_vi``/``label_en`` (administrative units, coverage entries) or
    ``label``/``label_en`` (diff references). Falls back to the other language, then to the id."""

    def get(key: str) -> Any:
        return node.get(key) if isinstance(node, Mapping) else getattr(node, key, None)

    vi = get("label_vi") or get("label")
    en = get("label_en")
    first, second = (en, vi) if lang == "en" else (vi, en)
    return str(first or second or get("id") or "")


Q_NAMES = """
SELECT ?s ?name ?src ?year ?issued WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s rdfs:label ?name }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?src } OPTIONAL { ?src egov:refYear ?year } OPTIONAL { ?src dcterms:issued ?issued } }
}"""


def read_names(kg: "KnowledgeGraph", iris: Iterable[str]) -> dict[str, dict[str, str | None]]:
    """``{iri: {"vi": …, "en": …}}`` for the given nodes, by the rule (IRIs without a label are left out)."""
    wanted = sorted(set(iris))
    found: dict[str, list[Name]] = defaultdict(list)
    for start in range(0, len(wanted), 500):
        values = " ".join(f"<{i}>" for i in wanted[start:start + 500])
        for r in kg.select(Q_NAMES % values).dicts():
            src = r.get("src")
            rank = CURATED if src is None else source_rank(
                int(r["year"].value) if r.get("year") is not None else None,
                r["issued"].value if r.get("issued") is not None else None, src.value.rsplit("/", 1)[-1])
            found[r["s"].value].append(Name(r["name"].value, getattr(r["name"], "language", None) or "", rank))
    return {iri: names_by_rule(ns) for iri, ns in found.items()}
