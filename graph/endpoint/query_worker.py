"""The body of a query worker process (see :mod:`graph.endpoint.worker_pool`): it reads jobs from a pipe, runs each
against a read-only snapshot of the store, and sends back the result or the error.

A worker only reads, and it has no network: before its first job it installs the seccomp filter of
:mod:`graph.sandbox` (no socket but AF_UNIX) and caps its data segment at the pool's memory limit.
A worker only reads. It opens the snapshot a job names and keeps it open for the next jobs until a
job names a newer one. It may be killed at any moment (that is how a query past its time limit is
stopped), so it holds nothing that needs a clean shutdown. Imports are kept light: a replacement
worker has to start quickly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import NamedNode

from egovkg.errors import EgovkgError, QuerySyntaxError
from graph import sandbox
from graph.sparql.formats import serialize
from graph.store import GraphResult, SelectResult, Store, open_snapshot


@dataclass(frozen=True)
class Job:
    snapshot_id: int
    snapshot_path: str
    sparql: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    base_iri: str | None
    row_cap: int | None
    #: a format name from graph.sparql.formats to answer in bytes; None to answer the result itself
    fmt: str | None


#: the reply: ("ok", payload, truncated) or ("error", kind, message, line, column)
Reply = tuple[Any, ...]


def run(job: Job, store: Store, prefixes: Mapping[str, str]) -> Reply:
    try:
        result = store.query(
            job.sparql, prefixes=prefixes, row_cap=job.row_cap, base_iri=job.base_iri,
            default_graphs=[NamedNode(g) for g in job.default_graphs] if job.default_graphs is not None else None,
            named_graphs=[NamedNode(g) for g in job.named_graphs] if job.named_graphs is not None else None,
        )
        truncated = isinstance(result, (SelectResult, GraphResult)) and result.truncated
        payload = serialize(result, job.fmt, prefixes) if job.fmt else result
        return ("ok", payload, truncated)
    except QuerySyntaxError as exc:
        return ("error", "syntax", str(exc), exc.line, exc.column)
    except MemoryError:
        return ("error", "memory", "", None, None)
    except EgovkgError as exc:
        return ("error", type(exc).__name__, str(exc), None, None)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it and answers a generic 500
        return ("error", "internal", f"{type(exc).__name__}: {exc}", None, None)


def main(conn: Connection, prefixes: dict[str, str], memory_bytes: int | None = None) -> None:
    """The worker's loop; ends when the pipe closes or a ``None`` job arrives."""
    store: Store | None = None
    opened = -1
    sandboxed = sandbox.deny_network()
    sandbox.limit_memory(memory_bytes)
    conn.send(("ready", sandboxed))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if opened != job.snapshot_id:
            store = None  # let go of the old snapshot's files first
            try:
                store = open_snapshot(job.snapshot_path)
                opened = job.snapshot_id
            except EgovkgError as exc:
                conn.send(("error", "StoreError", str(exc), None, None))
                continue
        assert store is not None
        conn.send(run(job, store, prefixes))
