"""How `egovkg serve` runs the app: uvicorn with its HTTP/1.1 parser (h11), told to answer a request line or
headers past its size limit with 414 and a message that says what to do, instead of a bare 400.

The app itself refuses a URL over ``EGOVKG_MAX_REQUEST_BYTES`` with 414 (``api.limits``); the parser's own
limit is set above that, so this only answers requests far over it (the parser will not buffer them).
"""

from __future__ import annotations

from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.errors import problem_body
from egovkg.errors import UriTooLongError


class BoundedH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        buffered, _ = self.conn.trailing_data
        limit = getattr(self.config, "h11_max_incomplete_event_size", None) or h11._connection.DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        if len(buffered) < limit:
            super().send_400_response(msg)
            return
        error = UriTooLongError(f"the request line or headers are longer than {limit} bytes; "
                                "send the query in a POST body instead")
        body = problem_body(error, "URI Too Long")
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=error.http_status, headers=headers, reason=b"URI Too Long"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def run(app: Any, *, host: str, port: int, max_request_bytes: int) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", http=BoundedH11Protocol,
                h11_max_incomplete_event_size=max_request_bytes + 65_536)


__all__ = ["BoundedH11Protocol", "run"]
