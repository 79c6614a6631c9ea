"""The one typed settings object, validated once at start-up.

Nothing else in the project reads the environment: the CLI builds a ``Settings`` from the process
environment and its options, tests build their own, and everything else is handed one. Each field's
description is its help text; ``tests/test_settings.py`` checks that the README lists every setting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from egovkg.errors import ConfigError
from ontology import DEFAULT_BASE_IRI
ENV_PREFIX = "EGOVKG_"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    store: str = Field(
        default="egovkg-store",
        description=(
            "Where the graph lives: a folder for the embedded on-disk store (created if missing; "
            "relative paths are under the working directory), or sparql+http://host:port/path for a "
            "SPARQL 1.1 server's query endpoint (Virtuoso, Fuseki, GraphDB)."
        ),
    )
    store_update: str | None = Field(
        default=None,
        description="Update endpoint of a remote store (http(s) URL); unset: the query endpoint takes updates too.",
    )
    store_gsp: str | None = Field(
        default=None,
        description=(
            "Graph Store Protocol endpoint of a remote store (http(s) URL); loads go through it, much faster "
            "than SPARQL Update; unset: loads use SPARQL Update."
        ),
    )
    store_user: str | None = Field(
        default=None,
        description="User name for a remote store's endpoints (HTTP digest or basic authentication, as the server asks).",
    )
    store_password: SecretStr | None = Field(
        default=None, description="Password of EGOVKG_STORE_USER for a remote store."
    )
    base_iri: str = Field(
        default=DEFAULT_BASE_IRI,
        description="Base IRI of every term and individual; terms are under <base>ontology#, individuals under <base>id/.",
    )
    host: str = Field(default="127.0.0.1", description="Address `egovkg serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `egovkg serve` listens on.")
    public_url: str | None = Field(
        default=None,
        description=(
            "The server's public address (http(s) URL), as clients reach it: the service description names its "
            "endpoints under it and relative IRIs in queries resolve against it; unset: http://<host>:<port>. "
            "Never taken from a request's Host header."
        ),
    )
    sparql_timeout: float = Field(
        default=10.0, gt=0, le=600,
        description="Time limit of one SPARQL query, in seconds; a query past it is stopped and answered 503."
    )
    sparql_row_cap: int = Field(
        default=10_000, ge=1,
        description="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one SPARQL query returns; truncation is reported."
    )
    sparql_workers: int | None = Field(
        default=None, ge=1, le=64,
        description=(
            "Query worker processes of the embedded on-disk store; unset: as many as CPUs (2 to 4). The pool adds "
            "as many again while queries run long."
        ),
    )
    sparql_long_after: float = Field(
        default=1.0, gt=0, le=600,
        description=(
            "Seconds after which a running query counts as long: a worker is added in its place and its CPU "
            "priority is lowered, so that short queries are not held up."
        ),
    )
    sparql_memory_mb: int = Field(
        default=1024, ge=0, le=1_048_576,
        description=(
            "Memory (MiB of data segment) one query worker may use; a query that needs more is stopped and answered "
            "503. 0: no cap."
        ),
    )
    update_token: SecretStr | None = Field(
        default=None,
        description=(
            "Bearer token that enables SPARQL Update on POST /update (at least 16 characters); unset: read-only "
            "(/update answers 403)."
        ),
    )
    update_reference_graphs: bool = Field(
        default=False,
        description=(
            "Let POST /update write the reference graphs (ontology, administrative units, compliance rules) and "
            "graphs an update does not name (GRAPH ?g, CLEAR ALL); off: such updates are refused with 400."
        ),
    )
    cors_origins: tuple[str, ...] = Field(
        default=(), description="Origins allowed by CORS, comma-separated; empty: CORS off."
    )
    max_request_bytes: int = Field(
        default=1_000_000, ge=1_000, description="Largest query or update accepted, in bytes."
    )

    @field_validator("base_iri")
    @classmethod
    def _base_iri(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("must be an http(s) IRI ending with '/'")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[^\s?#]*)?", value):
            raise ValueError("must be an http(s) URL with no query or fragment")
        return value.rstrip("/") if value else value

    @property
    def server_url(self) -> str:
        """Where clients reach the server: EGOVKG_PUBLIC_URL, else the address it listens on."""
        if self.public_url:
            return self.public_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @field_validator("store_update", "store_gsp")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("update_token")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value

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
        for name in cls.model_fields:
            key = cls.env_name(name)
            if key in environ and environ[key] != "":
                values[name] = environ[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{cls.env_name(str(err['loc'][0])) if err['loc'] else '?'}: {err['msg']}"
                for err in exc.errors()
            )
            raise ConfigError(f"invalid settings: {problems}") from None
