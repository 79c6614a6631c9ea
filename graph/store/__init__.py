"""Where quads live: the :class:`Store` protocol and its backends.

- ``base``      the protocol, complete: every keyword both backends take, the write counter, copies
- ``oxigraph``  the embedded Oxigraph store, on disk or in memory (the default)
- ``remote``    a SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB) over the protocols
- ``protocol``  the wire side of the remote backend: result parsing, prefixes, batching (no I/O)

Nothing outside this package asks which backend it holds: what differs is a member of the protocol.
Opening a store takes plain arguments (the settings are read by the front doors, never here).
"""

from __future__ import annotations

from pathlib import Path

from egovkg.errors import ConfigError
from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult, Term, syntax_error
from graph.store.base import Store
from graph.store.oxigraph import OxigraphStore, aside

__all__ = [
    "AskResult", "GraphResult", "OxigraphStore", "QueryResult", "SelectResult", "Store", "Term",
    "aside", "open_snapshot", "open_store", "syntax_error",
]


def open_store(
    location: str | Path,
    *,
    update_url: str | None = None,
    gsp_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 10.0,
) -> Store:
    """``sparql+http(s)://…`` (a server's query endpoint) opens a remote store; anything else is the folder
    of an embedded on-disk store."""
    if isinstance(location, str) and location.startswith("sparql+"):
        from graph.store.remote import RemoteStore  # httpx and the protocol client only when needed

        if password and not user:
            raise ConfigError("EGOVKG_STORE_PASSWORD is set but EGOVKG_STORE_USER is not")
        return RemoteStore(location[len("sparql+"):], update_url=update_url, gsp_url=gsp_url,
                           user=user, password=password, timeout=timeout)
    return OxigraphStore(location)


def open_snapshot(path: Path | str) -> Store:
    """A read-only store over a folder written by :meth:`Store.snapshot` (what query workers read)."""
    return OxigraphStore.open_snapshot(path)
