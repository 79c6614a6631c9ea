"""HTML pages: Jinja2 templates from ``api/templates`` (and the network view's, ``graph.views``) with autoescaping on, so every value that
comes from data (labels, quotes, report titles) is escaped. All assets are served by the app itself
(``/static``): users are often on closed government networks, so no page loads anything from a CDN.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from egovkg import __version__
from egovkg.errors import EgovkgError
from graph import views
from graph.sparql.formats import web_url

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: the site's navigation: (path, label); pages of later resources add themselves here
NAV: list[tuple[str, str]] = [("/", "Home"), ("/docs", "API"), ("/compliance", "Compliance"), ("/explore", "Explore"), ("/diff", "Year over year"),
                              ("/query", "Query")]


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader([TEMPLATES_DIR, views.TEMPLATES_DIR]), autoescape=select_autoescape(["html", "xml"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__)
    env.filters["web_url"] = web_url
    return env


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(request=request, nav=NAV, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)


#: how a page shows one of the project's errors itself (instead of the error page): see api.errors
ErrorPage = Callable[[Request, EgovkgError], HTMLResponse]


def shows_errors_with(error_page: ErrorPage) -> Callable[[Callable[..., HTMLResponse]], Callable[..., HTMLResponse]]:
    """Mark a page route whose errors ``error_page`` renders (api.errors calls it; the route itself catches nothing)."""

    def mark(route: Callable[..., HTMLResponse]) -> Callable[..., HTMLResponse]:
        route.error_page = error_page  # type: ignore[attr-defined]
        return route

    return mark


def error_page_of(endpoint: object) -> ErrorPage | None:
    return getattr(endpoint, "error_page", None)
