"""The project's exception tree, and how each branch maps to an HTTP status and a CLI exit code.

    EgovkgError                      base of everything the project raises on purpose
    ├── ConfigError                  a setting has an unsafe or invalid value
    ├── InputError                   bad input from a user; names where it is (HTTP 400)
    │   ├── DataFileError            a curated-facts or RDF file: file, line, field
    │   ├── QuerySyntaxError         a SPARQL query or update that does not parse: position
    │   ├── NotFoundError            an id, graph or file that does not exist (HTTP 404)
    │   ├── ParameterError           a request parameter out of range or unknown (HTTP 422)
    │   ├── ProtocolError            a request that breaks the SPARQL 1.1 Protocol
    │   │   ├── NotAcceptableError   no format the client accepts can carry the result (HTTP 406)
    │   │   └── UnsupportedMediaTypeError   a body in a media type or charset the endpoint does not read (HTTP 415)
    │   ├── TooLargeError            a request body over the size limit (HTTP 413)
    │   └── UriTooLongError          a URL over the size limit (HTTP 414)
    ├── ForbiddenError               an operation this server does not allow: updates off, no or a wrong token (HTTP 403)
    ├── QueryRefusedError            a query the endpoint will not run (outbound network, reference graphs)
    ├── QueryTimeoutError            a query ran past the time limit and was stopped
    │   └── QueryMemoryError         a query needed more memory than its worker may take
    └── StoreError                   the store cannot be opened or written (locked, corrupt, unreachable)

Every HTTP status the project answers is one of these types (``api.errors`` renders them: HTML to pages,
JSON to the API). Messages are written for the person who has to fix the problem: they name the file and line, the
field, the query position or the store path. Nothing outside this tree is shown to a client as is:
unexpected errors are logged and answered generically (see ``api.errors``).
"""

from __future__ import annotations

from pathlib import Path


class EgovkgError(Exception):
    """Base of the project's own errors.

    ``ui_message``: the catalogue key of the message a page shows (``api/i18n/catalogue``) and its parameters,
    set with :meth:`shown_as` where the error is raised; pages show it in their language (``api.errors``), the
    CLI and the JSON API keep the English message."""

    http_status = 500
    exit_code = 2
    ui_message: tuple[str, dict[str, object]] | None = None

    def shown_as(self, key: str, /, **params: object) -> EgovkgError:
        """This error, with the catalogue key of what a page says about it: ``raise NotFoundError(…).shown_as(…)``."""
        self.ui_message = (key, params)
        return self


class ConfigError(EgovkgError):
    http_status = 500


class InputError(EgovkgError):
    http_status = 400


class DataFileError(InputError):
    """A problem in a source file, located as precisely as the format allows."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
        if self.field:
            where = f"{where}: field '{self.field}'" if where else f"field '{self.field}'"
        return f"{where}: {self.reason}" if where else self.reason


class QuerySyntaxError(InputError):
    """A SPARQL text that does not parse; ``line``/``column`` are 1-based when known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


class NotFoundError(InputError):
    http_status = 404


class ParameterError(InputError):
    """A parameter of a request or command that is out of range or names nothing known."""

    http_status = 422

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        self.parameter = parameter
        super().__init__(message)


class ProtocolError(InputError):
    """A request that breaks the SPARQL 1.1 Protocol (a missing or doubled parameter, a bad body)."""


class NotAcceptableError(ProtocolError):
    http_status = 406


class UnsupportedMediaTypeError(ProtocolError):
    http_status = 415


class TooLargeError(InputError):
    http_status = 413


class UriTooLongError(InputError):
    http_status = 414


class ForbiddenError(EgovkgError):
    http_status = 403


class QueryRefusedError(EgovkgError):
    http_status = 400


class QueryTimeoutError(EgovkgError):
    http_status = 503


class QueryMemoryError(QueryTimeoutError):
    """A query stopped at the memory cap of its worker (answered 503, like the time limit)."""


class StoreError(EgovkgError):
    http_status = 503
