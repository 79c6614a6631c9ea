"""Reading a SPARQL 1.1 Protocol request: where the query or update text is, which parameters come
with it, and what is wrong with a request that breaks the protocol.

The protocol allows three ways (https://www.w3.org/TR/sparql11-protocol/ §2.1, §2.2): GET with
``query=`` in the URL; POST ``application/x-www-form-urlencoded`` with ``query=`` (or ``update=``)
in the body; POST ``application/sparql-query`` (or ``application/sparql-update``) with the text as
the body, UTF-8. Other parameters (``default-graph-uri``, ``using-graph-uri``, …) come in the URL,
or in the form body. Anything else is refused with a 4xx that says what was expected.

The size limit is checked before a body is read in full: on ``Content-Length`` when given, and
while reading otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import Request

from egovkg.errors import ProtocolError, TooLargeError, UnsupportedMediaTypeError

FORM = "application/x-www-form-urlencoded"
DIRECT = {"query": "application/sparql-query", "update": "application/sparql-update"}


@dataclass
class ProtocolRequest:
    """The operation text (None when the request has none) and every other parameter, by name."""

    text: str | None
    params: dict[str, list[str]] = field(default_factory=dict)

    def values(self, name: str) -> list[str] | None:
        """All values of a parameter; None when it is absent (which differs from given but empty)."""
        return self.params.get(name)


def _pairs(raw: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(f"the {where} is not valid UTF-8 once percent-decoded") from None


def _group(pairs: list[tuple[str, str]], into: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    grouped = into if into is not None else {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _content_type(request: Request) -> tuple[str | None, dict[str, str]]:
    header = request.headers.get("content-type")
    if header is None:
        return None, {}
    media, *params = header.split(";")
    parsed = {}
    for p in params:
        key, _, value = p.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return media.strip().lower(), parsed


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused with 413 past ``limit`` bytes (on Content-Length, else while reading)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLargeError(f"the request body ({declared} bytes) is larger than the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLargeError(f"the request body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def from_url(request: Request, operation: str, limit: int) -> ProtocolRequest:
    """A GET request: everything is in the URL."""
    raw = request.url.query
    if len(raw.encode()) > limit:
        raise TooLargeError(f"the query string is longer than the limit of {limit} bytes; POST the query instead")
    params = _group(_pairs(raw, "query string"))
    texts = params.pop(operation, None)
    if texts is not None and len(texts) > 1:
        raise ProtocolError(f"the request has {len(texts)} '{operation}' parameters; send one {operation} per request")
    return ProtocolRequest(texts[0] if texts else None, params)


async def from_post(request: Request, operation: str, limit: int) -> ProtocolRequest:
    """A POST request, form-encoded or direct. ``operation`` is "query" or "update"."""
    media, params = _content_type(request)
    direct = DIRECT[operation]
    if media is None:
        raise ProtocolError(f"a POST needs a Content-Type: {FORM} (with an '{operation}' field) or {direct}")
    if media not in (FORM, direct):
        raise UnsupportedMediaTypeError(f"Content-Type {media} is not one this endpoint reads for a {operation}; "
                                        f"use {FORM} (with an '{operation}' field) or {direct}")
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"charset {charset} is not accepted: send the {operation} as UTF-8")
    url = _group(_pairs(request.url.query, "query string"))
    body = await read_body(request, limit)
    if media == FORM:
        try:
            form = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("the form body is not valid UTF-8") from None
        fields = _group(_pairs(form, "form body"), url)
        texts = fields.pop(operation, None)
        if texts is not None and len(texts) > 1:
            raise ProtocolError(f"the request has {len(texts)} '{operation}' fields; send one {operation} per request")
        return ProtocolRequest(texts[0] if texts else None, fields)
    if operation in url:
        raise ProtocolError(f"the {operation} is in the body ({direct}); the URL may not have an '{operation}' parameter too")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(f"the body is not valid UTF-8: send the {operation} as UTF-8") from None
    return ProtocolRequest(text, url)


def refuse_other_operation(request: ProtocolRequest, other: str, where: str) -> None:
    if other in request.params:
        raise ProtocolError(f"'{other}' is not accepted here; {where}")
