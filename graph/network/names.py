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
the exports). The rule itself lives in :mod:`ontology.names`, which every wing of ``graph`` may import (compliance
and network never import each other); this module re-exports it. This module only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ontology.names import (CURATED, NAMES_QUERY, Name, choose_name, display_name, names_by_rule, names_from_rows,
                            source_rank)

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["CURATED", "Name", "choose_name", "display_name", "names_by_rule", "read_names", "source_rank"]


def read_names(kg: "KnowledgeGraph", iris: Iterable[str]) -> dict[str, dict[str, str | None]]:
    """``{iri: {"vi": …, "en": …}}`` for the given nodes, by the rule (IRIs without a label are left out)."""
    wanted = sorted(set(iris))
    rows = []
    for start in range(0, len(wanted), 500):
        values = " ".join(f"<{i}>" for i in wanted[start:start + 500])
        rows.extend(kg.select(NAMES_QUERY % values).dicts())
    return names_from_rows(rows)
