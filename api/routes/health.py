"""Liveness and a summary of what is loaded."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import KGDep
from egovkg import __version__

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    version: str
    quads: int
    named_graphs: int


@router.get("/health", response_model=Health, summary="Liveness and store size")
def health(kg: KGDep) -> Health:
    # a sync route: FastAPI runs it in a worker thread, so the store call never blocks the event loop
    return Health(status="ok", version=__version__, quads=kg.store.count(), named_graphs=len(kg.store.named_graphs()))
