"""Liveness and a summary of what is loaded."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from api.deps import KGDep, SettingsDep
from egovkg import __version__

router = APIRouter()


class Health(BaseModel):
    status: str
    version: str
    quads: int
    named_graphs: int


@router.get("/health", response_model=Health, summary="Liveness and store size")
def health(kg: KGDep) -> Health:
    # a sync route: FastAPI runs it in a worker thread, so the store call never blocks the event loop
    return Health(status="ok", version=__version__, quads=kg.store.count(), named_graphs=len(kg.store.named_graphs()))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(settings: SettingsDep) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>egovkg</title></head>
<body>
<h1>egovkg {__version__}</h1>
<p>A knowledge graph of Vietnamese e-government systems and the links between them.</p>
<ul>
<li><a href="/sparql?query=SELECT%20%3Fs%20%3Flabel%20WHERE%20%7B%20%3Fs%20a%20egov%3ALGSP%20%3B%20rdfs%3Alabel%20%3Flabel%20%7D">/sparql</a>: SPARQL 1.1 queries (GET with <code>query=</code>)</li>
<li><a href="/health">/health</a>: liveness and store size</li>
<li><a href="/docs">/docs</a>: the API reference</li>
</ul>
</body></html>"""
