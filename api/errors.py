"""The one place that turns exceptions into HTTP responses: HTML to pages, JSON to the API.

Project errors (``egovkg.errors``: every status the project answers is a type there) answer with their status
and their message, which is written for users. Anything else is logged with its traceback and answered with a
generic 500: no traceback or raw exception text ever reaches a client.

A page is a route declared with ``response_class=HTMLResponse``; it gets the error page (``error.html``), or
the page's own rendering of the error when the route names one with :func:`api.pages.shows_errors_with`
(the compliance page shows a bad province or date above its form). Every other route gets a JSON problem:
``{"status", "title", "detail"}``, with ``line`` and ``column`` for a SPARQL syntax error; the size limits
(``api.limits``) and the HTTP parser (``api.server``), which answer before any route, write the same body
(:func:`problem_body`).

Pages speak the request's language (``api.i18n``): the error page's title and texts come from the catalogue
(``errors.toml``), and an error that carries ``ui_message`` (the catalogue key of its message and its
parameters, e.g. ``graph.network.diff``'s) is shown in that language; any other message is shown as the core
wrote it. The JSON API always answers the core's message.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.i18n import catalogue, request_language, translate
from api.pages import error_page_of, render
from egovkg.errors import EgovkgError, QuerySyntaxError

log = logging.getLogger("egovkg.api")

def page_title(status: int, lang: str) -> str:
    """The heading of the error page for ``status``, in ``lang``."""
    key = f"errors.title.{status}"
    return translate(key if key in catalogue() else "errors.title", lang)


def page_message(exc: EgovkgError, lang: str) -> str:
    """What a page says about ``exc``: its ``ui_message`` in ``lang`` when it carries one, else its message."""
    ui = getattr(exc, "ui_message", None)
    if ui is not None:
        key, params = ui
        if key in catalogue():
            return translate(key, lang, **params)
    return str(exc)


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    return JSONResponse({"status": status, "title": title, "detail": detail, **extra}, status_code=status)


def problem_body(exc: EgovkgError, title: str | None = None) -> bytes:
    """The JSON problem of ``exc``, for the layers below the app (the size limits, the HTTP parser)."""
    return json.dumps({"status": exc.http_status, "title": title or type(exc).__name__, "detail": str(exc)}).encode()


def _is_page(request: Request) -> bool:
    route = request.scope.get("route")
    return getattr(route, "response_class", None) is HTMLResponse


def render_error(request: Request, exc: EgovkgError) -> Response:
    if _is_page(request):
        own = error_page_of(request.scope["route"].endpoint)
        if own is not None:
            return own(request, exc)
        lang = request_language(request)
        return render(request, "error.html", status_code=exc.http_status, message=page_message(exc, lang),
                      title=page_title(exc.http_status, lang))
    extra: dict[str, object] = {}
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        extra = {"line": exc.line, "column": exc.column}
    return problem(exc.http_status, type(exc).__name__, str(exc), **extra)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(EgovkgError)
    async def _project_error(request: Request, exc: EgovkgError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        detail = "the server met an unexpected error; it has been logged"
        if _is_page(request):
            lang = request_language(request)
            return render(request, "error.html", status_code=500, message=translate("errors.unexpected", lang),
                          title=page_title(500, lang))
        return problem(500, "Internal Server Error", detail)
