"""The SPARQL query page, ``/query``: an editor with the architects' example questions ready to run,
results as a table with IRIs shown by their labels and linked, and downloads in every format.

The page itself is static HTML plus ``/static/query.js``; it runs queries through the public
``/sparql`` endpoint, so it meets the same limits as every other client. ``?query=`` opens the page
with that query and runs it (the explorer pages link here that way).

Beside the table, the results are drawn as the explorer's interactive network (``network.js``): a
CONSTRUCT's triples (``/explore/data/construct``, which runs the query through the same executor), or the
resources a SELECT names and the links among them (``/explore/data/resources``).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import KGDep, SettingsDep
from api.i18n import request_language, translator
from api.pages import render
from graph.endpoint.examples import example_queries
from graph.views.vis import UI_STRINGS

#: what query.js says, as ``explore.query.js.<name>`` in the catalogue
SCRIPT_STRINGS = ("running", "row", "rows", "in-ms", "truncated", "unreachable", "failed", "yes", "no", "line", "graph-none")

router = APIRouter(include_in_schema=False)


@router.get("/query", response_class=HTMLResponse)
def query_page(
    request: Request,
    kg: KGDep,
    settings: SettingsDep,
    query: str | None = Query(None, description="A query to open (and run)."),
) -> HTMLResponse:
    examples = [
        {"slug": e.slug, "title": e.title, "title_vi": e.title_vi, "description": e.description,
         "description_vi": e.description_vi, "text": e.text}
        for e in example_queries()
    ]
    t = translator(request_language(request))
    page_data = {
        "examples": examples,
        "query": query,
        "prefixes": kg.iris.prefixes(),
        "base": kg.iris.base,
        "strings": {name: t("explore.ui." + name) for name in UI_STRINGS} | {
            name: t("explore.query.js." + name) for name in SCRIPT_STRINGS},
    }
    return render(request, "query.html", examples=examples, page_data=page_data,
                  timeout=settings.sparql_timeout, row_cap=settings.sparql_row_cap)
