"""One projection per knowledge graph, kept fresh in the background (what the API and long-lived
notebooks hold)."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from graph.network.projection import Projection

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

log = logging.getLogger("egovkg.projection")


class ProjectionCache:
    """One projection per knowledge graph, kept fresh in the background.

    The first ``get`` builds the projection (and waits for it). After that ``get`` never waits: at most
    every ``recheck_seconds`` it starts one background check, which rebuilds the projection when the
    store changed and swaps it in; meanwhile requests are answered from the projection they have.
    "Changed" is judged by the embedded store's write counter (``generation``); for a store without
    one (a remote server, which others may write) by the number of quads and the list of named
    graphs, and an edit that keeps both the same is picked up by the rebuild that happens anyway
    every ``max_age_seconds``. Building takes seconds on a
    national-scale graph (benchmarks/views.py), which is why no request waits for a rebuild.
    """

    def __init__(self, recheck_seconds: float = 5.0, max_age_seconds: float = 600.0) -> None:
        self.recheck_seconds = recheck_seconds
        self.max_age_seconds = max_age_seconds
        self._lock = threading.Lock()
        self._projection: Projection | None = None
        self._fingerprint: tuple | None = None
        self._checked = self._built = 0.0
        self._refreshing = False
        self._thread: threading.Thread | None = None

    @staticmethod
    def fingerprint(kg: "KnowledgeGraph") -> tuple:
        generation = kg.store.generation
        if generation is not None:  # the embedded store counts the writes made through it: exact and free
            return ("generation", generation)
        return kg.store.count(), tuple(g.value for g in kg.store.named_graphs())

    def get(self, kg: "KnowledgeGraph") -> Projection:
        with self._lock:
            if self._projection is None:
                fingerprint = self.fingerprint(kg)
                self._projection = Projection.build(kg)
                self._fingerprint, self._checked = fingerprint, time.monotonic()
                self._built = self._checked
            elif not self._refreshing and time.monotonic() - self._checked >= self.recheck_seconds:
                self._refreshing = True
                self._thread = threading.Thread(target=self._refresh, args=(kg,), name="egovkg-projection", daemon=True)
                self._thread.start()
            return self._projection

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background check that is running (before closing the store, say)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _refresh(self, kg: "KnowledgeGraph") -> None:
        try:
            fingerprint = self.fingerprint(kg)
            if fingerprint != self._fingerprint or time.monotonic() - self._built >= self.max_age_seconds:
                projection = Projection.build(kg)
                with self._lock:
                    self._projection, self._fingerprint, self._built = projection, fingerprint, time.monotonic()
        except Exception:  # a failed refresh keeps the projection there is; the next check tries again
            log.exception("rebuilding the projection failed")
        finally:
            with self._lock:
                self._checked = time.monotonic()
                self._refreshing = False
