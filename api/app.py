"""The composition root of the web app. Nothing is built at import time: the caller hands in the
settings and the knowledge graph, and tests build fresh ones.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.routes import health, sparql
from egovkg import __version__
from egovkg.settings import Settings
from graph.kg import KnowledgeGraph


STATIC_DIR = Path(__file__).resolve().parent / "static"

#: one router per resource, in the order their routes are matched
ROUTERS = (health.router, sparql.router)


def create_app(settings: Settings, kg: KnowledgeGraph) -> FastAPI:
    app = FastAPI(
        title="egovkg",
        version=__version__,
        description="A knowledge graph of Vietnamese e-government systems and the links between them.",
    )
    app.state.settings = settings
    app.state.kg = kg
    install_error_handlers(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"])
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    return app
