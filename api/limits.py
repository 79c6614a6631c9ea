"""Bounds every request meets before a route reads it: the size of its body and of its URL.

:class:`RequestLimits` is a pure ASGI middleware, outermost in the app. A body whose ``Content-Length``
is over ``EGOVKG_MAX_REQUEST_BYTES`` is answered 413 before a byte of it is read; a body without one
(chunked) is counted as the route reads it and cut at the limit with the same 413, so no route can be
made to hold more than the limit in memory. A URL (path and query string) over the limit is answered
414 with a message saying to POST instead. ``egovkg serve`` raises the HTTP parser's own line limit
above this one, so such a request gets the 414 and not a reset connection.
"""

from __future__ import annotations

from typing import Any

from api.errors import problem_body
from egovkg.errors import EgovkgError, InputError, TooLargeError, UriTooLongError


def _problem(exc: EgovkgError, title: str) -> tuple[dict[str, Any], bytes]:
    body = problem_body(exc, title)
    start = {"type": "http.response.start", "status": exc.http_status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, body


class RequestLimits:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_bytes = len(scope.get("raw_path") or scope.get("path", "").encode()) + len(scope.get("query_string", b""))
        if url_bytes > self.max_bytes:
            await self._answer(send, "URI Too Long", UriTooLongError(
                f"the URL is {url_bytes} bytes, over the limit of {self.max_bytes} bytes "
                "(EGOVKG_MAX_REQUEST_BYTES); send the query in a POST body instead"))
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._answer(send, "Bad Request", InputError("the Content-Length header is not a number"))
                return
            if size > self.max_bytes:
                await self._answer(send, "RequestTooLarge", TooLargeError(
                    f"the request body ({size} bytes) is larger than the limit of {self.max_bytes} bytes "
                    "(EGOVKG_MAX_REQUEST_BYTES)"))
                return
        seen = 0
        limit = self.max_bytes

        async def bounded() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLargeError(f"the request body is larger than the limit of {limit} bytes "
                                          "(EGOVKG_MAX_REQUEST_BYTES)")
            return message

        await self.app(scope, bounded, send)

    @staticmethod
    async def _answer(send: Any, title: str, exc: EgovkgError) -> None:
        start, body = _problem(exc, title)
        await send(start)
        await send({"type": "http.response.body", "body": body})


def json_depth(raw: bytes, limit: int) -> int | None:
    """The offset where ``raw`` (JSON text) nests deeper than ``limit`` arrays and objects, or None.
    Read before parsing: Python's parser recurses, and a deep enough text would exhaust the stack."""
    depth, in_string, escaped = 0, False, False
    for i, byte in enumerate(raw):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return i
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return None


__all__ = ["RequestLimits", "json_depth"]
