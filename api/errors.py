"""The one place that turns exceptions into HTTP responses.

Project errors (``egovkg.errors``) answer with their status and their message, which is written for
users. Anything else is logged with its traceback and answered with a generic 500: no traceback or
raw exception text ever reaches a client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from egovkg.errors import EgovkgError, QuerySyntaxError

log = logging.getLogger("egovkg.api")


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    return JSONResponse({"status": status, "title": title, "detail": detail, **extra}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(EgovkgError)
    async def _project_error(request: Request, exc: EgovkgError) -> JSONResponse:
        extra: dict[str, object] = {}
        if isinstance(exc, QuerySyntaxError) and exc.line is not None:
            extra = {"line": exc.line, "column": exc.column}
        return problem(exc.http_status, type(exc).__name__, str(exc), **extra)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "Internal Server Error", "the server met an unexpected error; it has been logged")
