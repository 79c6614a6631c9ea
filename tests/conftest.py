"""Fixtures build real parts (a real Oxigraph store with the bundled data) and close them."""

from __future__ import annotations

from pathlib import Path

import pytest

from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import LoadedSource, bundled_sources
from ontology import IRIs

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def iris() -> IRIs:
    return IRIs()


@pytest.fixture(scope="session")
def bundled(iris: IRIs) -> list[LoadedSource]:
    return bundled_sources(iris)


@pytest.fixture(scope="session")
def kg(iris: IRIs, bundled: list[LoadedSource]):
    """The bundled data in an in-memory store, shared by read-only tests."""
    graph = KnowledgeGraph(OxigraphStore(), iris)
    graph.load(bundled)
    yield graph
    graph.close()


@pytest.fixture
def disk_kg(tmp_path: Path, iris: IRIs):
    """An empty on-disk store of its own."""
    graph = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    yield graph
    graph.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=str(tmp_path / "store"))
