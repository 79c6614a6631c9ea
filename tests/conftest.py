"""Fixtures build real parts (a real Oxigraph store with the bundled data) and close them."""

from __future__ import annotations

from pathlib import Path

import pytest

from egovkg.settings import Settings
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import LoadedSource, bundled_sources
from ontology import IRIs

# the extractor's tests still take these paths from here
from .support.paths import REPORTS, ROOT, SEEDS, SHARED  # noqa: F401


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


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory) -> Path:
    """An on-disk store loaded by the installed `egovkg load`, shared by read-only CLI tests."""
    from .support.cli import run

    store = tmp_path_factory.mktemp("cli") / "store"
    run("load", store=store)
    return store


@pytest.fixture(scope="session")
def server_url(tmp_path_factory, iris: IRIs, bundled: list[LoadedSource]):
    """The real app over the bundled data in an on-disk store, served by uvicorn on a loopback port."""
    from api import create_app

    from .support.live import serve

    store_dir = tmp_path_factory.mktemp("served") / "store"
    graph = KnowledgeGraph(OxigraphStore(store_dir), iris)
    graph.load(bundled)
    with serve(create_app(Settings(store=str(store_dir)), graph)) as url:
        yield url
    graph.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, driven by Playwright (no browser download: the system one)."""
    from .support.live import CHROMIUM, CHROMIUM_ARGS

    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; ``page.watch`` records console errors and any request that leaves 127.0.0.1."""
    from .support.live import watch

    context = browser.new_context()
    p = context.new_page()
    p.watch = watch(p)
    yield p
    context.close()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso Open Source server on loopback ports, for the remote-store tests; skipped with the
    reason when Virtuoso is not installed (`make test` installs it)."""
    from .support.virtuoso import NOT_INSTALLED, VIRTUOSO, virtuoso as start_virtuoso

    if VIRTUOSO is None:
        pytest.skip(NOT_INSTALLED)
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
