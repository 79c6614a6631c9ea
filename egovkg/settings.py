"""The one typed settings object, validated once at start-up.

Nothing else in the project reads the environment: the CLI builds a ``Settings`` from the process
environment and its options, tests build their own, and everything else is handed one. Each field's
description is its help text; ``tests/test_settings.py`` checks that the README lists every setting.

A frozen dataclass, its fields read from text by their types, with their bounds and checks: every command starts
by building one, and a validation library took 70 ms of that start.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from egovkg.errors import ConfigError
from ontology import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    from graph.sandbox import Limits

ENV_PREFIX = "EGOVKG_"


class Secret:
    """A value that shows in no repr, log or error message; :meth:`get_secret_value` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def setting(*, default: Any, description: str, gt: float | None = None, ge: float | None = None,
            le: float | None = None) -> Any:
    """A field of :class:`Settings`: its default, its help text and its bounds."""
    return dataclasses.field(default=default, metadata={"description": description, "gt": gt, "ge": ge, "le": le})


_TRUE, _FALSE = ("1", "true", "yes", "on", "t", "y"), ("0", "false", "no", "off", "f", "n")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError("must be a whole number")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError("must be a number") from None
    else:
        raise ValueError("must be a number")
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return number


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("must be true or false (1/0, yes/no, on/off)")


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):  # comma-separated, as the environment gives it
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("must be a comma-separated list")


def _secret(value: Any) -> Secret:
    if isinstance(value, Secret):
        return value
    return Secret(_text(value))


#: how a field's value is read, by the field's declared type
_READERS: dict[str, Callable[[Any], Any]] = {
    "str": _text, "int": _integer, "float": _number, "bool": _flag, "tuple[str, ...]": _texts, "Secret": _secret,
}


@dataclass(frozen=True)
class Settings:
    """Every setting, validated when the object is made (:class:`egovkg.errors.ConfigError` names what is wrong)."""

    store: str = setting(
        default="egovkg-store",
        description=(
            "Where the graph lives: a folder for the embedded on-disk store (created if missing; "
            "relative paths are under the working directory), or sparql+http://host:port/path for a "
            "SPARQL 1.1 server's query endpoint (Virtuoso, Fuseki, GraphDB)."
        ),
    )
    store_update: str | None = setting(
        default=None,
        description="Update endpoint of a remote store (http(s) URL); unset: the query endpoint takes updates too.",
    )
    store_gsp: str | None = setting(
        default=None,
        description=(
            "Graph Store Protocol endpoint of a remote store (http(s) URL); loads go through it, much faster "
            "than SPARQL Update; unset: loads use SPARQL Update."
        ),
    )
    store_user: str | None = setting(
        default=None,
        description="User name for a remote store's endpoints (HTTP digest or basic authentication, as the server asks).",
    )
    store_password: Secret | None = setting(
        default=None, description="Password of EGOVKG_STORE_USER for a remote store."
    )
    base_iri: str = setting(
        default=DEFAULT_BASE_IRI,
        description="Base IRI of every term and individual; terms are under <base>ontology#, individuals under <base>id/.",
    )
    host: str = setting(default="127.0.0.1", description="Address `egovkg serve` listens on.")
    port: int = setting(default=8000, ge=1, le=65535, description="Port `egovkg serve` listens on.")
    public_url: str | None = setting(
        default=None,
        description=(
            "The server's public address (http(s) URL), as clients reach it: the service description names its "
            "endpoints under it and relative IRIs in queries resolve against it; unset: http://<host>:<port>. "
            "Never taken from a request's Host header."
        ),
    )
    sparql_timeout: float = setting(
        default=10.0, gt=0, le=600,
        description="Time limit of one SPARQL query, in seconds; a query past it is stopped and answered 503."
    )
    sparql_row_cap: int = setting(
        default=10_000, ge=1,
        description="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one SPARQL query returns; truncation is reported."
    )
    sparql_workers: int | None = setting(
        default=None, ge=1, le=64,
        description=(
            "Query worker processes of the embedded on-disk store; unset: as many as CPUs (2 to 4). The pool adds "
            "as many again while queries run long."
        ),
    )
    sparql_long_after: float = setting(
        default=1.0, gt=0, le=600,
        description=(
            "Seconds after which a running query counts as long: a worker is added in its place and its CPU "
            "priority is lowered, so that short queries are not held up."
        ),
    )
    sparql_memory_mb: int = setting(
        default=1024, ge=0, le=1_048_576,
        description=(
            "Memory (MiB of data segment) one query worker may use; a query that needs more is stopped and answered "
            "503. 0: no cap."
        ),
    )
    update_token: Secret | None = setting(
        default=None,
        description=(
            "Bearer token that enables SPARQL Update on POST /update (at least 16 characters); unset: read-only "
            "(/update answers 403)."
        ),
    )
    update_reference_graphs: bool = setting(
        default=False,
        description=(
            "Let POST /update write the reference graphs (ontology, administrative units, compliance rules) and "
            "graphs an update does not name (GRAPH ?g, CLEAR ALL); off: such updates are refused with 400."
        ),
    )
    cors_origins: tuple[str, ...] = setting(
        default=(), description="Origins allowed by CORS, comma-separated; empty: CORS off."
    )
    max_request_bytes: int = setting(
        default=1_000_000, ge=1_000, description="Largest query or update accepted, in bytes."
    )

    def __post_init__(self) -> None:
        problems: list[str] = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            kind = str(f.type)
            optional = kind.endswith(" | None")
            if value is None and optional:
                continue
            try:
                value = _READERS[kind.removesuffix(" | None")](value)
                meta = f.metadata
                if meta.get("gt") is not None and not value > meta["gt"]:
                    raise ValueError(f"must be greater than {meta['gt']:g}")
                if meta.get("ge") is not None and not value >= meta["ge"]:
                    raise ValueError(f"must be at least {meta['ge']:g}")
                if meta.get("le") is not None and not value <= meta["le"]:
                    raise ValueError(f"must be at most {meta['le']:g}")
                check = _CHECKS.get(f.name)
                if check is not None:
                    value = check(value)
            except ValueError as exc:
                problems.append(f"{self.env_name(f.name)}: {exc}")
                continue
            object.__setattr__(self, f.name, value)
        if problems:
            raise ConfigError(f"invalid settings: {'; '.join(problems)}")

    @classmethod
    def field_help(cls) -> dict[str, str]:
        """Each setting's name and help text."""
        return {f.name: f.metadata["description"] for f in dataclasses.fields(cls)}

    @property
    def server_url(self) -> str:
        """Where clients reach the server: EGOVKG_PUBLIC_URL, else the address it listens on."""
        if self.public_url:
            return self.public_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def limits(self, *, timeout: float | None = None, row_cap: int | None = None) -> Limits:
        """What one query (or one compliance rule) may take: the time limit, row cap, time after which it counts as
        long and memory cap these settings give, the first two overridable (a command line's flags)."""
        from graph.sandbox import Limits

        return Limits(self.sparql_timeout if timeout is None else timeout,
                      self.sparql_row_cap if row_cap is None else row_cap,
                      long_after=self.sparql_long_after, memory_bytes=self.sparql_memory_mb * 2**20 or None)

    @property
    def store_is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))

    @property
    def store_url(self) -> str:
        """The query endpoint of a remote store: EGOVKG_STORE without its ``sparql+`` scheme prefix."""
        return self.store.removeprefix("sparql+")

    @property
    def store_path(self) -> Path:
        return Path(self.store).expanduser()

    @classmethod
    def env_name(cls, field: str) -> str:
        return ENV_PREFIX + field.upper()

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Build settings from ``EGOVKG_*`` variables, then explicit overrides (CLI options)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.field_help():
            key = cls.env_name(name)
            if key in environ and environ[key] != "":
                values[name] = environ[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = sorted(set(values) - set(cls.field_help()))
        if unknown:
            raise ConfigError(f"invalid settings: no such setting: {', '.join(unknown)}")
        return cls(**values)


def _base_iri(value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith("/"):
        raise ValueError("must be an http(s) IRI ending with '/'")
    return value


def _public_url(value: str) -> str:
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[^\s?#]*)?", value):
        raise ValueError("must be an http(s) URL with no query or fragment")
    return value.rstrip("/")


def _endpoint(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return value


def _token(value: Secret) -> Secret:
    if len(value.get_secret_value()) < 16:
        raise ValueError("must be at least 16 characters")
    return value


#: the checks of single settings beyond their type and bounds
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "base_iri": _base_iri, "public_url": _public_url, "store_update": _endpoint, "store_gsp": _endpoint,
    "update_token": _token,
}
