"""The SPARQL query page, ``/query``: an editor with the architects' example questions ready to run,
results as a table with IRIs shown by their labels and linked, and downloads in every format.

The page itself is static HTML plus ``/static/query.js``; it runs queries through the public
``/sparql`` endpoint, so it meets the same limits as every other client. ``?query=`` opens the page
with that query and runs it (the explorer pages link here that way).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import KGDep, SettingsDep
from api.pages import render
from graph.endpoint.examples import example_queries

router = APIRouter(include_in_schema=False)


@router.get("/query", response_class=HTMLResponse)
def query_page(
    request: Request,
    kg: KGDep,
    settings: SettingsDep,
    query: str | None = Query(None, description="A query to open (and run)."),
) -> HTMLResponse:
    examples = [
        {"slug": e.slug, "title": e.title, "title_vi": e.title_vi, "description": e.description, "text": e.text}
        for e in example_queries()
    ]
    page_data = {
        "examples": examples,
        "query": query,
        "prefixes": kg.iris.prefixes(),
        "base": kg.iris.base,
    }
    return render(request, "query.html", examples=examples, page_data=page_data,
                  timeout=settings.sparql_timeout, row_cap=settings.sparql_row_cap)
