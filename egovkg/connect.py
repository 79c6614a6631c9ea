"""Opening the store and the knowledge graph that the settings name: the one place the front doors
(CLI, API, notebooks) turn settings into plain arguments for :func:`graph.store.open_store`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import Store
from graph.store import open_store as _open_store
from ontology import IRIs

__all__ = ["open_kg", "open_store", "opened_kg"]


def open_store(settings: Settings) -> Store:
    password = settings.store_password.get_secret_value() if settings.store_password else None
    location = settings.store if settings.store_is_remote else settings.store_path
    return _open_store(location, update_url=settings.store_update, gsp_url=settings.store_gsp,
                       user=settings.store_user, password=password, timeout=settings.sparql_timeout)


def open_kg(settings: Settings) -> KnowledgeGraph:
    return KnowledgeGraph(open_store(settings), IRIs(settings.base_iri))


@contextmanager
def opened_kg(settings: Settings) -> Iterator[KnowledgeGraph]:
    kg = open_kg(settings)
    try:
        yield kg
    finally:
        kg.close()
