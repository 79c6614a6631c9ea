"""The composition root of the web app. Nothing is built at import time: the caller hands in the
settings and the knowledge graph, and tests build fresh ones.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.docs import install_docs
from api.errors import install_error_handlers
from api.limits import RequestLimits
from api.routes import annex, compliance, diff, explore, extract, health, home, national, provinces, query_page, scorecard, sparql, systems, update
from egovkg import __version__
from egovkg.settings import Settings
from graph.compliance.runner import GuardedCompliance
from graph import views
from graph.endpoint import executor_for
from graph.kg import KnowledgeGraph
from graph.network.cache import ProjectionCache


STATIC_DIR = Path(__file__).resolve().parent / "static"


class _Assets(StaticFiles):
    """``/static``: the site's own files, then the network views' (``graph.views``), under one prefix."""

    def __init__(self, *directories: Path) -> None:
        super().__init__(directory=directories[0])
        self.all_directories = list(directories)


#: one router per resource, in the order their routes are matched
ROUTERS = (home.router, health.router, sparql.router, compliance.router, scorecard.router, systems.router, diff.router, annex.router, provinces.router, national.router, explore.router,
           extract.router, update.router, query_page.router)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # the SPARQL executor's worker processes start with the server and stop with it
    await run_in_threadpool(app.state.executor.start)
    kg = app.state.kg
    if kg.store.path is not None:  # an on-disk store: its projection is read (or built and kept) before the first page
        app.state.projection_cache.prepare(kg)
    try:
        yield
    finally:
        await run_in_threadpool(app.state.executor.close)
        app.state.compliance.close()
        await run_in_threadpool(app.state.projection_cache.wait, 60)


def create_app(settings: Settings, kg: KnowledgeGraph) -> FastAPI:
    app = FastAPI(
        title="egovkg",
        version=__version__,
        description="A knowledge graph of Vietnamese e-government systems and the links between them.",
        lifespan=_lifespan,
        docs_url=None,  # api.docs serves /docs with its assets, no CDN; no /redoc
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.kg = kg
    limits = settings.limits()
    app.state.executor = executor_for(kg, limits, workers=settings.sparql_workers)
    app.state.executor.reference_writable = settings.update_reference_graphs
    app.state.compliance = GuardedCompliance(kg, limits)
    app.state.projection_cache = ProjectionCache()
    install_error_handlers(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type"],
                           expose_headers=["X-Egovkg-Truncated", "X-Egovkg-Row-Cap"])
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(RequestLimits, max_bytes=settings.max_request_bytes)  # outermost: before any route reads
    install_docs(app)  # before /static: its assets live under /static/api-docs
    app.mount("/static", _Assets(STATIC_DIR, views.STATIC_DIR), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    return app
