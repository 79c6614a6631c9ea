"""Compliance checks within limits: the rules are data a token holder can change, so they run like strangers'
queries do, never unguarded in the server.

:class:`GuardedCompliance` runs :func:`graph.compliance.engine.evaluate` in a child process over a read-only snapshot of
the on-disk store (the one the query workers read, :meth:`graph.store.Store.snapshot`), with no network
(:mod:`graph.sandbox`) and the query workers' memory cap. The child runs several rules at once and says when each starts
and ends; a rule that runs past the time limit from its start, or kills its process at the memory cap, is reported
as a finding with status ``error`` ("the rule failed to evaluate") and the check is run again without it, one rule
at a time (so that a process that dies with several rules running names the right one), at most ``MAX_ATTEMPTS`` times. A rule
whose query uses ``SERVICE`` or ``LOAD``, or cannot be scanned, is refused by the engine itself
(:func:`graph.compliance.engine.rule_query_problem`) and reported the same way. At most ``concurrency`` checks run
at once; a request that waits longer than the queue limit is answered 503 (server busy). Reports are kept per
store generation, province and date, so a page asked for again does not run the rules again.

The child opens the as-of view kept with the store for the same content and dates (:mod:`graph.compliance.kept`)
instead of building it, and keeps the one it builds: it is handed the store's folder and content stamp, read before
and after the snapshot is taken (a write between them leaves the view unkept). It writes only that folder, never
the store; before writing a view it says so, and the write gets a setup allowance of its own (``SETUP_SECONDS``).

In-memory stores (tests, notebooks) have no snapshot to hand a child: there the check runs in this process,
in a thread without network; a remote store is read over HTTP and checked here, its rule queries refused
as above.
"""

from __future__ import annotations

import logging
import shutil
import signal
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import replace
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from egovkg import errors
from egovkg.errors import EgovkgError, QueryTimeoutError, StoreError
from graph import sandbox
from graph.compliance.workers import WORKER_MODULES
from graph.compliance.engine import ComplianceReport, Method, evaluate
from graph.compliance.kept import KeptViews, kept_views
from graph.kg import KnowledgeGraph
from graph.sandbox import Limits, process_context
from graph.store import Store, open_snapshot
from ontology import IRIs

log = logging.getLogger("egovkg.compliance")

#: how many times a check is started again after a rule ran past a limit
MAX_ATTEMPTS = 4
#: seconds the child may take before its first rule (reading the snapshot, building the as-of view)
SETUP_SECONDS = 120.0


def _child(conn: Connection, path: str, base: str, province: str | None, as_of: date | None,
           skip: dict[str, str], memory_bytes: int | None, views: KeptViews | None = None, serial: bool = False) -> None:
    sandbox.deny_network()
    sandbox.limit_memory(memory_bytes)
    try:
        kg = KnowledgeGraph(open_snapshot(path), IRIs(base))
        if views is not None:
            views = replace(views, on_keep=lambda: conn.send(("setup", "keeping the view")),
                            chunk=views.chunk if memory_bytes is None else max(10_000, memory_bytes // 2**13))
        sending = threading.Lock()  # rules start and end in two threads: one message on the pipe at a time

        def say(*message: str) -> None:
            with sending:
                conn.send(message)

        report = evaluate(kg, province, as_of, skip=skip, on_rule=lambda rule: say("rule", rule),
                          on_rule_done=lambda rule: say("ruled", rule), views=views,
                          method=Method(workers=1) if serial else None)
        conn.send(("done", report))
    except EgovkgError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except MemoryError:
        conn.send(("memory",))


class GuardedCompliance:
    """Compliance checks of one knowledge graph, run within ``limits`` (see the module docstring)."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits, *, concurrency: int = 2, cache_size: int = 64,
                 context: Any = None) -> None:
        """``context``: where the child processes come from (a command line's :func:`graph.sandbox.preforked_context`);
        by default :func:`graph.sandbox.process_context`."""
        self.kg = kg
        self.limits = limits
        self._context = context
        self._slots = threading.BoundedSemaphore(concurrency)
        self._cache: OrderedDict[tuple, ComplianceReport] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._thread: sandbox.SandboxedThread | None = None

    def _generation(self) -> Any:
        store = self.kg.store
        return store.generation

    def evaluate(self, province: str | None = None, as_of: date | None = None) -> ComplianceReport:
        as_of = as_of or date.today()
        generation = self._generation()
        key = (generation, province, as_of)
        if generation is not None:
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
        wait = self.limits.timeout if self.limits.queue_wait is None else self.limits.queue_wait
        if not self._slots.acquire(timeout=wait):
            raise QueryTimeoutError(f"the server is busy: no compliance check could start within {wait:g} s; try again later")
        try:
            report = self._run(province, as_of)
        finally:
            self._slots.release()
        if generation is not None and generation == self._generation():
            with self._lock:
                self._cache[key] = report
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return report

    def _run(self, province: str | None, as_of: date) -> ComplianceReport:
        store = self.kg.store
        if store.path is not None:  # on disk: in a child process over a snapshot
            return self._in_child(store, province, as_of)
        if store.in_process:  # in memory: here, in a thread with no network
            with self._lock:
                if self._thread is None:
                    self._thread = sandbox.SandboxedThread("egovkg-compliance")
            return self._thread.call(evaluate, self.kg, province, as_of)
        return evaluate(self.kg, province, as_of)

    def _in_child(self, store: Store, province: str | None, as_of: date) -> ComplianceReport:
        assert store.path is not None
        path = store.path.parent / f".{store.path.name}-compliance-{uuid.uuid4().hex[:12]}"
        views = kept_views(store, self.kg.iris.base)
        store.snapshot(path)
        if views is not None and kept_views(store, self.kg.iris.base) != views:
            views = None  # written meanwhile: the snapshot may hold either content, keep nothing under either stamp
        try:
            skip: dict[str, str] = {}
            serial = False
            for _ in range(MAX_ATTEMPTS):
                context = self._context or process_context(list(WORKER_MODULES))
                report = self._attempt(context, str(path), province, as_of, skip, views, serial)
                if report is not None:
                    return report
                serial = True  # an attempt stopped: the next runs one rule at a time, so a rule that dies is named
            raise QueryTimeoutError(f"the compliance check stopped: {len(skip)} rules ran past the limits ({', '.join(skip)})")
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def _attempt(self, context: Any, path: str, province: str | None, as_of: date,
                 skip: dict[str, str], views: KeptViews | None = None, serial: bool = False) -> ComplianceReport | None:
        """One run of the child; None when a rule was added to ``skip`` and the check must run again."""
        parent, child = context.Pipe()
        process = context.Process(target=_child, name="egovkg-compliance", daemon=True,
                                  args=(child, path, self.kg.iris.base, province, as_of, dict(skip), self.limits.memory_bytes,
                                        views, serial))
        process.start()
        child.close()
        # the rules running now (several run at once: :data:`graph.compliance.engine.RULE_WORKERS`) and when each
        # started; each gets the time limit from its start. With none running, the time since the last message
        # counts: the setup allowance before the first rule, the time limit after (charged to the rule started last).
        running: dict[str, float] = {}
        last: str | None = None
        heard = time.monotonic()
        try:
            while True:
                allowance = self.limits.timeout if last else max(SETUP_SECONDS, self.limits.timeout)
                deadline = min(running.values()) + self.limits.timeout if running else heard + allowance
                if not parent.poll(max(0.0, deadline - time.monotonic())):
                    process.kill()
                    if last is None:
                        raise QueryTimeoutError("the compliance check did not start its rules within "
                                                f"{max(SETUP_SECONDS, self.limits.timeout):g} s and was stopped")
                    now = time.monotonic()
                    late = [rule for rule, began in running.items() if now - began >= self.limits.timeout] or [last]
                    for rule in late:
                        log.warning("compliance rule %s ran past %g s and was stopped", rule, self.limits.timeout)
                        skip[rule] = f"it ran past the time limit of {self.limits.timeout:g} s and was stopped"
                    return None
                heard = time.monotonic()
                try:
                    message = parent.recv()
                except (EOFError, OSError):
                    process.join(timeout=2)
                    code = process.exitcode
                    if last is not None and code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                        if len(running) > 1:  # which one took the memory? run again, one rule at a time
                            return None
                        rule = next(iter(running), last)
                        log.warning("compliance rule %s died (exit %s), likely at the memory cap", rule, code)
                        skip[rule] = "it needed more memory than a query may use and was stopped"
                        return None
                    raise StoreError(f"the compliance check stopped unexpectedly (exit {code}); try again") from None
                if message[0] == "rule":
                    last = message[1]
                    running[last] = heard
                elif message[0] == "ruled":
                    running.pop(message[1], None)
                elif message[0] == "setup" and last is None:  # another setup step: its own allowance
                    continue
                elif message[0] == "done":
                    return message[1]
                elif message[0] == "memory" and last is not None:
                    if len(running) <= 1:  # else run again, one rule at a time, to tell which
                        skip[next(iter(running), last)] = "it needed more memory than a query may use and was stopped"
                    return None
                elif message[0] == "error":
                    raise getattr(errors, message[1], StoreError)(message[2])
                else:
                    raise StoreError("the compliance check stopped unexpectedly; try again")
        finally:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)
            parent.close()

    def close(self) -> None:
        if self._thread is not None:
            self._thread.close()


__all__ = ["GuardedCompliance", "MAX_ATTEMPTS"]
