"""The projection kept with the store (a cache file in an on-disk store's folder, reused by the next
process while the store's content is the same), and one projection per knowledge graph kept fresh in
the background (what the API and long-lived notebooks hold)."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import networkx as nx

from graph.network.projection import Projection, without_collector

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

log = logging.getLogger("egovkg.projection")

#: the cache file in an on-disk store's folder
CACHE_FILE = "egovkg-projection.pickle"
#: what the cache file holds; raised whenever the projection's make-up changes, so an older file is rebuilt
CACHE_FORMAT = "egovkg-projection/1"


@functools.cache
def _code_version() -> str:
    """The versions the kept objects were made by: a file written by other code (a change to the projection's
    classes or to what is read, another networkx) is rebuilt, not unpickled into objects that no longer fit."""
    digest = hashlib.sha1(f"{CACHE_FORMAT} {nx.__version__} {sys.version_info[:2]}".encode())
    import ontology.names  # the rule for names the projection applies (graph.network.names re-exports it)

    for path in [*(Path(__file__).with_name(n) for n in ("model.py", "read.py", "names.py", "projection.py", "cache.py", "impact.py")),
                 Path(ontology.names.__file__)]:
        try:
            digest.update(path.read_bytes())
        except OSError:  # installed without sources: the format and versions still say
            pass
    return digest.hexdigest()


def _cache_path(kg: "KnowledgeGraph") -> Path | None:
    folder = kg.store.path
    return None if folder is None else Path(folder) / CACHE_FILE


def stored_projection(kg: "KnowledgeGraph") -> Projection:
    """The projection of ``kg``: read from the cache file in the store's folder when that file was written
    from the content the store holds now (the store's content stamp, which every write renews, in any
    process), else built from the store and written there for the next process.

    A file that cannot be read (cut short, corrupt, another format) is ignored and rewritten. A store
    without a folder or a stamp (in memory, a remote server) is built from each time."""
    path = _cache_path(kg)
    stamp = kg.store.content_stamp() if path is not None else None
    if path is None or stamp is None:
        return Projection.build(kg)
    key = (_code_version(), stamp, kg.iris.base)
    try:
        with path.open("rb") as fh:
            found = _unpickle(fh)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], Projection):
            return found[1]
        log.info("the projection cache %s is stale: rebuilding it", path)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - a damaged file (any unpickling error) is never trusted: rebuilt, overwritten
        log.warning("ignoring the unreadable projection cache %s (%s: %s); rebuilding it", path, type(exc).__name__, exc)
    projection = Projection.build(kg)
    if kg.store.content_stamp() == stamp:  # nothing wrote the store meanwhile
        _write(path, key, projection)
    return projection


def keep_projection(kg: "KnowledgeGraph") -> bool:
    """Build the projection of what the store holds now and keep it in the store's folder (what a load does last,
    so that the next process reads it instead of building it). False for a store that keeps nothing (in memory,
    a remote server)."""
    if _cache_path(kg) is None or kg.store.content_stamp() is None:
        return False
    stored_projection(kg)
    return True


def _unpickle(fh: BinaryIO) -> object:
    # the collector would walk the half-built graph again and again (hundreds of thousands of
    # objects at national scale): without it, reading takes half the time (0.4 s → 0.2 s at 1 M quads)
    with without_collector():
        return pickle.load(fh)


def _write(path: Path, key: tuple, projection: Projection) -> None:
    from graph.network.impact import dependency_graph, flow_graph

    # the graphs paths and impact walk are derived once here and kept in the file with the projection
    # (each costs about 0.25 s to derive at 1 M quads; read back with it, they cost ~0.05 s)
    with without_collector():
        flow_graph(projection)
        dependency_graph(projection)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with temporary.open("wb") as fh:
            pickle.dump((key, projection), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception as exc:  # noqa: BLE001 - a read-only folder, a full disk: the next process builds again
        log.warning("cannot write the projection cache %s: %s", path, exc)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


class ProjectionCache:
    """One projection per knowledge graph, kept fresh in the background.

    The first ``get`` reads the projection kept with the store (:func:`stored_projection`), or builds it
    and waits for it. After that ``get`` never waits: at most
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
                self._projection = stored_projection(kg)
                self._fingerprint, self._checked = fingerprint, time.monotonic()
                self._built = self._checked
            elif not self._refreshing and time.monotonic() - self._checked >= self.recheck_seconds:
                self._refreshing = True
                self._thread = threading.Thread(target=self._refresh, args=(kg,), name="egovkg-projection", daemon=True)
                self._thread.start()
            return self._projection

    def prepare(self, kg: "KnowledgeGraph") -> None:
        """Read (or build) the projection in the background now, as a server starts, so that its first page
        does not wait for it: a request that comes meanwhile waits for this one build, never starts another."""

        def first() -> None:
            try:
                self.get(kg)
            except Exception:  # the first request tries again, and says why
                log.exception("preparing the projection failed")

        self._thread = threading.Thread(target=first, name="egovkg-projection", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background check that is running (before closing the store, say)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _refresh(self, kg: "KnowledgeGraph") -> None:
        try:
            fingerprint = self.fingerprint(kg)
            if fingerprint != self._fingerprint or time.monotonic() - self._built >= self.max_age_seconds:
                projection = stored_projection(kg)
                with self._lock:
                    self._projection, self._fingerprint, self._built = projection, fingerprint, time.monotonic()
        except Exception:  # a failed refresh keeps the projection there is; the next check tries again
            log.exception("rebuilding the projection failed")
        finally:
            with self._lock:
                self._checked = time.monotonic()
                self._refreshing = False
