"""HTML pages: Jinja2 templates from ``api/templates`` (and the network view's, ``graph.views``) with autoescaping on, so every value that
comes from data (labels, quotes, report titles) is escaped. All assets are served by the app itself
(``/static``): users are often on closed government networks, so no page loads anything from a CDN.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.i18n import COOKIE, LANGUAGES, catalogue, request_language, translator
from egovkg import __version__
from egovkg.errors import EgovkgError
from graph import views
from graph.network.figures import format_figure, format_number
from graph.network.names import display_name
from graph.sparql.formats import web_url

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: the site's navigation: (path, catalogue key of its label); pages of later resources add themselves here
NAV: list[tuple[str, str]] = [("/", "nav.home"), ("/docs", "nav.api"), ("/compliance", "nav.compliance"), ("/explore", "nav.explore"),
                              ("/diff", "nav.diff"), ("/query", "nav.query")]


#: headers of a downloaded SVG diagram: it may carry no script and is never sniffed as something else
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Content-Type-Options": "nosniff"}


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader([TEMPLATES_DIR, views.TEMPLATES_DIR]), autoescape=select_autoescape(["html", "xml"]),
                      trim_blocks=True, lstrip_blocks=True)
    # display_name(node, lang): the one rule for a node's name (graph.network.names); format_figure likewise
    env.globals.update(version=__version__, display_name=display_name, format_figure=format_figure, format_number=format_number,
                       has_text=lambda key: key in catalogue())
    env.filters["web_url"] = web_url
    return env


def language_links(request: Request) -> list[tuple[str, str]]:
    """(language, URL of this page in it): the header's switch keeps the path and every other parameter."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [(lang, request.url.path + "?" + urlencode([*params, ("lang", lang)])) for lang in LANGUAGES]


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language (``api.i18n``): templates get ``t`` (the catalogue) and ``lang``."""
    lang = context.pop("lang", None) or request_language(request)
    html = environment().get_template(template).render(request=request, nav=NAV, path=request.url.path, lang=lang,
                                                         t=translator(lang), languages=language_links(request), **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES and request.cookies.get(COOKIE) != lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


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
