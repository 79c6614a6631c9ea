"""A report whose every text is hostile markup, for the escaping tests of the views and pages."""

from __future__ import annotations

from pathlib import Path

from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import LoadedSource, read_sources
from ontology import IRIs

LABEL = "<img src=x onerror=alert(1)>"
LABEL_EN = "</script><script>alert(2)</script>"
ALIAS = "<svg onload=alert(3)>"
QUOTE = "\"><img src=x onerror=alert(4)>"
LINK_QUOTE = "<script>alert(5)</script> & </script>"
SYSTEM_ID = "quang-nam/hostile"

FACTS = f"""
source:
  id: hostile-test
  title: "{LABEL_EN}"
  issued: 2024
  province: quang-nam
  period: 2024
  kind: article
systems:
  - id: hostile
    kind: DocumentManagementSystem
    label: {{vi: "{LABEL}", en: "{LABEL_EN}"}}
    aliases: ["{ALIAS}"]
    status: operational
    quote: '{QUOTE}'
links:
  - from: hostile
    rel: sendsDocumentsVia
    to: vdxp
    quote: "{LINK_QUOTE}"
  - from: hostile
    rel: signsWith
    to: govca
    quote: "{ALIAS}"
"""


def hostile_kg(folder: Path, iris: IRIs, bundled: list[LoadedSource], *, on_disk: bool = False) -> KnowledgeGraph:
    """The bundled data plus the hostile report, in a store of its own."""
    path = folder / "hostile.yaml"
    path.write_text(FACTS, encoding="utf-8")
    graph = KnowledgeGraph(OxigraphStore(folder / "store" if on_disk else None), iris)
    graph.load([*bundled, *read_sources([path], iris)])
    return graph
