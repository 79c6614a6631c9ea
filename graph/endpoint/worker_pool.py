"""The worker pool: queries against an on-disk Oxigraph store run in worker processes, within the
limits of :class:`graph.endpoint.executor.Limits` (the checks every query meets first are
:class:`graph.endpoint.executor.QueryExecutor`'s).

**Why processes.** pyoxigraph can neither cancel nor time out a query, and a query holds its thread
until it ends; the only way to really stop one is to stop the process that runs it. So a small pool
of worker processes (:mod:`graph.endpoint.query_worker`) answers queries over pipes. A query that runs past
the limit gets its worker killed (SIGKILL: it stops burning CPU at once) and the caller gets
:class:`QueryTimeoutError`. The other workers go on answering meanwhile, and since callers wait on
a pipe in a server thread, the event loop never waits for a query. Workers are forked from a fork
server that has imported the worker's modules (about 1 s to start once per process, then 10-100 ms
per worker), never from the threaded server.

**A lane for short queries.** A query that has run for ``Limits.long_after`` seconds (1 s by
default) counts as long: the pool starts one more worker for it (at most ``extra_workers`` more,
by default as many as the base size), and lowers its worker's CPU priority (nice +10), so neither
a worker nor the cores that short queries need stay held by it. Without that lane, two slow
queries on a 2-worker pool stopped every other query for the whole time limit. When a long query
ends, the pool shrinks back: its worker is retired (stopped; only a privileged process could raise
its priority again) if it was answered, and not replaced if it was killed at the limit. A worker
that dies while the pool is at its base size is replaced. So the pool holds between its base size
and base + extra workers (a new one starts in 10-100 ms), and :meth:`WorkerPoolExecutor.close`
stops every one. Beyond ``extra_workers`` long queries at once, long queries do hold base workers.

**What the workers read.** Each worker opens a read-only *snapshot* of the store: Oxigraph's backup,
a consistent checkpoint that hard-links the store's immutable files (about 0.15 s at 10 k-300 k
quads on the 2-core machine). Opening the live store read-only while this process writes it is
undefined behaviour by pyoxigraph's own documentation, and it did fail here (a compaction removed a
file while a reader opened the store), so the workers never touch the live store. Every write
through :class:`graph.store.OxigraphStore` bumps its ``generation``; the next query takes a new
snapshot and each worker reopens it on its next job, so a query sees every write that finished
before it started. A snapshot is deleted once no running query uses it. Snapshots live beside the
store in ``.<store-name>-snapshots/``, removed when the executor closes.

**The time limit** counts from the moment a worker takes the query up: it bounds the query's own
running time, and a query is never charged for the time it waited behind others. Waiting for a free
worker has its own bound, ``Limits.queue_wait`` (by default the time limit too): past it the query
is not run and the caller gets :class:`QueryTimeoutError` saying the server is busy (both answer
503). ``row_cap`` cuts SELECT rows and CONSTRUCT/DESCRIBE triples, and the result says it was
truncated.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
import shutil
import signal
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from egovkg.errors import (
    InputError,
    QueryMemoryError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from graph import sandbox
from graph.endpoint import query_worker
from graph.endpoint.executor import InProcessExecutor, PreparedQuery, QueryExecutor
from graph.sandbox import Limits
from graph.kg import KnowledgeGraph
from graph.store import Store

log = logging.getLogger("egovkg.executor")


@dataclass(eq=False)
class _Ticket:
    """A query waiting for a worker: what it is expected to cost, and since when it waits."""

    cost: float
    since: float


class _Worker:
    """One worker process and the parent's end of its pipe."""

    #: how long a new worker may take to start (imports, on a loaded machine)
    STARTUP_TIMEOUT = 60.0

    def __init__(self, context: Any, prefixes: dict[str, str], memory_bytes: int | None = None) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=query_worker.main, args=(child, prefixes, memory_bytes), daemon=True,
                                       name="egovkg-query-worker")
        self.process.start()
        child.close()
        self.conn = parent
        self._conn_lock = threading.Lock()
        #: it runs a query past ``Limits.long_after``: niced, and the pool holds an extra worker for it
        self.long = False

    def wait_ready(self) -> None:
        try:
            if self.conn.poll(self.STARTUP_TIMEOUT):
                reply = self.conn.recv()
                if reply[0] == "ready":
                    if not reply[1]:
                        log.warning("query workers run with network access on this platform (no seccomp filter); "
                                    "only the SERVICE/LOAD scan stands between a query and the network")
                    return
        except (EOFError, OSError):
            pass
        self.kill()
        raise StoreError(f"a query worker process did not start within {self.STARTUP_TIMEOUT:g} s")

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        self._close_conn()

    def _close_conn(self) -> None:
        with self._conn_lock:  # a kill and a stop may race (a worker starting while the pool closes)
            if not self.conn.closed:
                self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()
        self.process.join(timeout=2)
        self._close_conn()


def process_context() -> Any:
    """The fork server's context, with the query worker's modules imported once (see :mod:`graph.sandbox`)."""
    return sandbox.process_context(["graph.endpoint.query_worker"])


def _in_background(target: Any, *args: Any) -> None:
    threading.Thread(target=target, args=args, name="egovkg-worker-pool", daemon=True).start()


def _reap(worker: _Worker) -> None:
    worker.process.join(timeout=5)


def _shut_down(workers: set[_Worker], snapshots: Path) -> None:
    for worker in list(workers):
        worker.stop()
    workers.clear()
    shutil.rmtree(snapshots, ignore_errors=True)


class WorkerPoolExecutor(QueryExecutor):
    """Runs queries in ``workers`` processes over snapshots of an on-disk Oxigraph store, plus at most
    ``extra_workers`` more (default: as many again) while queries past ``Limits.long_after`` run."""

    #: how much a long query's worker is niced (its CPU weight drops about tenfold against short ones)
    LONG_NICENESS = 10

    def __init__(self, kg: KnowledgeGraph, limits: Limits, *, workers: int = 2,
                 extra_workers: int | None = None) -> None:
        super().__init__(kg, limits)
        store = kg.store
        if store.path is None:
            raise TypeError("a worker pool needs an on-disk store (one whose snapshots other processes open)")
        if workers < 1 or (extra_workers is not None and extra_workers < 0):
            raise ValueError(f"a worker pool needs workers >= 1 and extra_workers >= 0, not {workers}, {extra_workers}")
        self.store: Store = store
        self.size = workers
        self.extra = workers if extra_workers is None else extra_workers
        self._context = process_context()
        #: free workers, handed to the waiting query with the best priority (see _take_worker)
        self._free: list[_Worker] = []
        self._waiting: list[_Ticket] = []
        self._handoff = threading.Condition(threading.Lock())
        #: what each query text has cost when it last ran (seconds, smoothed), to serve short queries first
        self._costs: OrderedDict[bytes, float] = OrderedDict()
        #: every live worker, idle, busy or starting; guarded by _lock with _starting and _epoch
        self._workers: set[_Worker] = set()
        self._starting = 0  # workers decided on whose process is not created yet
        self._epoch = 0  # bumped by close(): a worker or a start decided before it is stale
        self._lock = threading.Lock()
        self._snapshot_lock = threading.Lock()
        self._started = False
        self._snapshot_dir = store.path.parent / f".{store.path.name}-snapshots"
        self._snapshots: dict[int, Path] = {}
        self._current: int | None = None
        self._current_generation: int | None = None
        self._in_use: dict[int, int] = {}
        self._finalizer = weakref.finalize(self, _shut_down, self._workers, self._snapshot_dir)

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            shutil.rmtree(self._snapshot_dir, ignore_errors=True)  # left by a process that died
            self._snapshot_dir.mkdir(parents=True)
            workers = [_Worker(self._context, self.prefixes, self.limits.memory_bytes) for _ in range(self.size)]
            self._workers.update(workers)
            for worker in workers:  # they start side by side; wait for each
                worker.wait_ready()
                self._release(worker)
            self._started = True

    def worker_pids(self) -> list[int]:
        """The process ids of the live workers (idle, busy and starting)."""
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.pid is not None]

    # -- the pool's size ---------------------------------------------------------------------------
    # The pool's target is `size` workers plus one for each query running past `long_after` (at most
    # `extra`). Workers start when a query turns long or one is killed, and retire when they come
    # back to a pool above its target; _target, _count and _grow run with _lock held.
    def _target(self) -> int:
        return self.size + min(self.extra, sum(w.long for w in self._workers))

    def _count(self) -> int:
        return len(self._workers) + self._starting

    def _grow(self) -> None:
        """Start workers (in the background) until the pool holds its target."""
        if not self._started:
            return
        while self._count() < self._target():
            self._starting += 1
            _in_background(self._add_worker, self._epoch)

    def _add_worker(self, epoch: int) -> None:
        try:
            worker = _Worker(self._context, self.prefixes, self.limits.memory_bytes)
        except Exception:  # a pool one worker short still answers; the log says why
            log.exception("could not start a query worker process")
            with self._lock:
                if epoch == self._epoch:
                    self._starting -= 1
            return
        with self._lock:
            stale = epoch != self._epoch
            if not stale:
                self._starting -= 1
                self._workers.add(worker)
        if stale:  # the pool closed meanwhile
            worker.kill()
            _reap(worker)
            return
        try:
            worker.wait_ready()
        except StoreError:
            with self._lock:
                self._workers.discard(worker)
                if epoch == self._epoch:  # else the pool closed while it started
                    log.error("a query worker did not start; the pool is one worker short")
            return
        self._give_back(worker)

    def _give_back(self, worker: _Worker) -> None:
        """A worker is free: it joins the idle ones, or it is retired if it ran a long query (its CPU
        priority was lowered, and only a privileged process may raise it again) or if the pool holds
        more workers than it needs now (the query it was started for has ended)."""
        with self._lock:
            was_long, worker.long = worker.long, False
            if worker not in self._workers:
                return  # close() has stopped it
            if not was_long and self._count() <= self._target():
                self._release(worker)
                return
            self._workers.discard(worker)
            self._grow()  # a fresh worker takes its place if more long queries run than extra workers
        _in_background(worker.stop)

    def _turned_long(self, worker: _Worker) -> bool:
        """The query of ``worker`` has run past ``long_after``: give it the long lane, or (when as many long
        queries as there are extra workers already run) refuse it, False, so that long queries never take
        the workers short ones need."""
        with self._lock:
            if worker not in self._workers:
                return True
            if self.extra and sum(w.long for w in self._workers) >= self.extra:
                return False
            worker.long = True
            self._grow()
        if hasattr(os, "setpriority"):
            try:  # on a busy machine the short queries get the cores first
                pid = worker.process.pid
                os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, pid) + self.LONG_NICENESS))
            except OSError:
                pass  # it has just ended
        return True

    def _drop(self, worker: _Worker) -> None:
        """Kill a worker (its query ran past the limit, or it died); replace it only if the pool is
        now below its target."""
        worker.kill()
        with self._lock:
            if worker in self._workers:
                self._workers.discard(worker)
                self._grow()
        _in_background(_reap, worker)

    # -- who gets a free worker first --------------------------------------------------------------
    # Queries wait in a list, not a line: a free worker goes to the waiting query whose text cost least
    # when it last ran (an unknown one counts as UNKNOWN_COST), minus AGING seconds of priority for each
    # second it has waited. Under a saturating load a short question is answered in a few milliseconds
    # instead of after every heavier one queued before it, and the aging keeps heavy ones from starving.
    # The table is keyed by a digest of the text, never the text: queries are up to EGOVKG_MAX_REQUEST_BYTES
    # each, and COSTS_KEPT of them would otherwise be gigabytes that any client could fill.
    UNKNOWN_COST = 0.05
    AGING = 0.1
    COSTS_KEPT = 10_000

    @staticmethod
    def _cost_key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def _estimate(self, text: str) -> float:
        return self._costs.get(self._cost_key(text), self.UNKNOWN_COST)

    def _learn(self, text: str, seconds: float) -> None:
        key = self._cost_key(text)
        with self._handoff:
            old = self._costs.pop(key, None)
            self._costs[key] = seconds if old is None else 0.5 * old + 0.5 * seconds
            while len(self._costs) > self.COSTS_KEPT:
                self._costs.popitem(last=False)

    def _release(self, worker: _Worker) -> None:
        with self._handoff:
            self._free.append(worker)
            self._handoff.notify_all()

    def _take_worker(self, text: str = "") -> _Worker:
        wait = self.limits.timeout if self.limits.queue_wait is None else self.limits.queue_wait
        ticket = _Ticket(self._estimate(text), time.monotonic())
        deadline = ticket.since + wait
        with self._handoff:
            self._waiting.append(ticket)
            try:
                while True:
                    if self._free:
                        now = time.monotonic()
                        best = min(self._waiting, key=lambda t: t.cost - self.AGING * (now - t.since))
                        if best is ticket:
                            self._waiting.remove(ticket)
                            worker = self._free.pop()
                            if self._free and self._waiting:
                                self._handoff.notify_all()
                            return worker
                    left = deadline - time.monotonic()
                    if left <= 0:
                        self._waiting.remove(ticket)
                        self._handoff.notify_all()
                        raise QueryTimeoutError(
                            f"the server is busy: no query worker became free within {wait:g} s (all are answering "
                            "other queries); the query did not run, try again later")
                    self._handoff.wait(left)
            except BaseException:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                raise

    # -- snapshots ---------------------------------------------------------------------------------
    def _take_snapshot(self) -> tuple[int, Path]:
        with self._snapshot_lock:
            generation = self.store.generation
            if self._current is None or generation != self._current_generation:
                number = max(self._snapshots, default=0) + 1
                path = self._snapshot_dir / str(number)
                self.store.snapshot(path)
                self._snapshots[number] = path
                self._current, self._current_generation = number, generation
            number = self._current
            self._in_use[number] = self._in_use.get(number, 0) + 1
            self._prune()
            return number, self._snapshots[number]

    def _release_snapshot(self, number: int) -> None:
        with self._snapshot_lock:
            if number in self._in_use:  # else close() has cleared them
                self._in_use[number] -= 1
                self._prune()

    def _prune(self) -> None:
        for number in [n for n in self._snapshots if n != self._current and not self._in_use.get(n)]:
            shutil.rmtree(self._snapshots.pop(number), ignore_errors=True)
            self._in_use.pop(number, None)

    # -- running -----------------------------------------------------------------------------------
    def _execute(self, prepared: PreparedQuery, fmt: str | None) -> tuple[Any, bool]:
        self.start()  # the first call waits for the workers to start; that is not the query's time
        worker: _Worker | None = self._take_worker(prepared.text)
        timeout = self.limits.timeout
        taken = time.monotonic()
        deadline = taken + timeout  # the limit counts from here: the query's own time
        number: int | None = None
        try:
            number, path = self._take_snapshot()
            worker.conn.send(query_worker.Job(
                number, str(path), prepared.text, prepared.default_graphs, prepared.named_graphs,
                prepared.base_iri, self.limits.row_cap, fmt,
            ))
            # a query known to run long (it did last time) takes the long lane at once, so that it never
            # holds a base worker for its first `long_after` seconds while short queries wait
            known_long = self._estimate(prepared.text) >= self.limits.long_after
            first_wait = 0.0 if known_long else min(self.limits.long_after, deadline - time.monotonic())
            answered = worker.conn.poll(max(0.0, first_wait))
            if not answered and time.monotonic() < deadline:
                if not self._turned_long(worker):  # admission: the long lane is full
                    self._learn(prepared.text, timeout)
                    self._drop(worker)
                    worker = None
                    log.warning("stopped a query at %g s: %d long queries already run: %.300s",
                                self.limits.long_after, self.extra, prepared.text)
                    raise QueryTimeoutError(
                        f"the server is already answering {self.extra} long-running queries; this one "
                        + ("ran long when it last ran" if known_long else f"ran past {self.limits.long_after:g} s")
                        + " and was stopped so that short queries are not held up; try again in a moment")
                # from now on an extra worker stands in for this one
                answered = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            if not answered:
                self._drop(worker)
                worker = None
                self._learn(prepared.text, timeout)
                log.warning("stopped a query after %g s: %.300s", timeout, prepared.text)
                raise QueryTimeoutError(f"the query ran past the time limit of {timeout:g} s and was stopped")
            reply = worker.conn.recv()
            self._learn(prepared.text, time.monotonic() - taken)
        except (EOFError, OSError):
            died_of = None
            if worker is not None:
                worker.process.join(timeout=1)
                died_of = worker.process.exitcode
                self._drop(worker)
                worker = None
            if died_of in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV) and self.limits.memory_bytes:
                # an allocation failed at the memory cap (Rust aborts), or the kernel's OOM killer stepped in
                log.warning("a query worker died (exit %s), likely at the memory cap: %.300s", died_of, prepared.text)
                raise QueryMemoryError(_memory_message(self.limits.memory_bytes)) from None
            log.error("a query worker stopped unexpectedly while answering: %.300s", prepared.text)
            raise StoreError("the query worker stopped unexpectedly; it has been replaced, try again") from None
        finally:
            if worker is not None:
                self._give_back(worker)
            if number is not None:
                self._release_snapshot(number)
        return _unpack(reply, self.limits.memory_bytes)

    def close(self) -> None:
        with self._lock:
            self._epoch += 1
            self._started = False
            self._starting = 0
            with self._handoff:
                self._free.clear()
            workers = set(self._workers)
            self._workers.clear()
        with self._snapshot_lock:
            self._snapshots.clear()
            self._in_use.clear()
            self._current = self._current_generation = None
        _shut_down(workers, self._snapshot_dir)


_ERRORS: dict[str, type[Exception]] = {
    "StoreError": StoreError, "QueryTimeoutError": QueryTimeoutError, "QueryRefusedError": QueryRefusedError,
    "InputError": InputError,
}


def _memory_message(limit: int) -> str:
    return (f"the query needed more than the {limit // 2**20} MiB of memory a query may use and was stopped; "
            "narrow it (fewer variables unbound, a LIMIT, no cross product)")


def _unpack(reply: tuple[Any, ...], memory_bytes: int | None = None) -> tuple[Any, bool]:
    if reply[0] == "ok":
        return reply[1], reply[2]
    _, kind, message, line, column = reply
    if kind == "memory":
        raise QueryMemoryError(_memory_message(memory_bytes or 0))
    if kind == "syntax":
        raise QuerySyntaxError(message, line=line, column=column)
    if kind == "internal":
        raise RuntimeError(f"a query worker failed: {message}")  # logged by the caller's error handler
    raise _ERRORS.get(kind, StoreError)(message)


def executor_for(kg: KnowledgeGraph, limits: Limits, *, workers: int | None = None) -> QueryExecutor:
    """A worker pool for a store whose snapshots other processes open (on disk), else the in-process executor."""
    if kg.store.path is not None:
        return WorkerPoolExecutor(kg, limits, workers=workers or max(2, min(4, os.cpu_count() or 2)))
    return InProcessExecutor(kg, limits)
