"""Writing a large file into the embedded store as it is read: bounded memory, at the bulk loader's speed.

A stream (:class:`graph.store.base.QuadStream`, a :class:`loaders.rdf.RdfFile`) is never held: its quads go
to Oxigraph's bulk loader in chunks of :data:`CHUNK` quads (the loader holds about 1 KB a quad while it
sorts a chunk into its indexes), each written twice, to its named graph and to the union default graph
(see :class:`graph.store.oxigraph.OxigraphStore`).

Two ways, chosen per stream:

- **Straight from the file**, when the store held nothing before the load and the file is a line format
  (``RdfFile.bulk_file``): a thread hands the file to the bulk loader in pieces of :data:`PIECE_BYTES` cut at
  line ends (the loader parses them in Rust, without Python's lock), while this thread parses the file once
  more and writes the union. The two run on two cores; the second parse also validates every quad, names the
  graphs the file writes and counts them. The lines that name blank nodes are blanked in the loader's pieces
  (:func:`loaders.rdf.lines_apart`: it would label them at random) and this thread writes their quads, stably
  labelled, to their graphs too. Nothing needs staging: every graph is new, and undoing the load (an error,
  or a kill: the journal says the store was empty) empties the store.
- **Through Python** otherwise: each quad of a graph the store already holds is written under a staging
  name (switched in at the end, as for any source), each quad of a new graph in place, after the journal
  names that graph (so that a killed load is undone on the next open), and blank nodes keep the stable
  labels the loader gave them.

A graph that a stream writes and that another source of the same load writes too is an error: the load
is undone.
"""

from __future__ import annotations

import itertools
import mmap
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, NamedNode, Quad

from egovkg.errors import InputError
from graph.store.base import QuadStream

#: quads handed to the bulk loader at once (each chunk is one batch of its, sorted in memory)
CHUNK = 250_000
#: the pieces of a line-format file the bulk loader reads straight from the file (about 450 k quads)
PIECE_BYTES = 96 * 2**20


def chunks(items: Iterable[Quad], size: int) -> Iterator[Iterator[Quad]]:
    """``items`` in consecutive runs of ``size``, never held in a list."""
    it = iter(items)
    for first in it:
        yield itertools.chain((first,), itertools.islice(it, size - 1))


def pieces(path: Path, size: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``size`` that together cover the file, each ending at a line end."""
    out: list[tuple[int, int]] = []
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        start, end = 0, len(mm)
        while start < end:
            cut = mm.find(b"\n", min(start + size, end) - 1)
            stop = end if cut < 0 else cut + 1
            out.append((start, stop))
            start = stop
    return out


def lines_before(mm: mmap.mmap, offset: int, step: int = 2**24) -> int:
    """How many lines the file has before ``offset`` (read a slice at a time, never the whole prefix)."""
    return sum(mm[at:min(at + step, offset)].count(b"\n") for at in range(0, offset, step))


class StreamWriter:
    """Writes the streams of one load into ``store``.

    ``present`` holds the graphs the store held before the load (their new quads are staged under the names
    ``staging`` gives, which the caller switches in); ``written`` the graphs other sources of this load write;
    ``journal(kind, graph)`` records, in its own transaction, a graph written in place or staged."""

    def __init__(self, store: ox.Store, *, present: set[str], written: set[str], was_empty: bool,
                 staging: Callable[[NamedNode], NamedNode], journal: Callable[[str, NamedNode], None]) -> None:
        self.store = store
        self.present = present
        self.written = written
        self.was_empty = was_empty
        self.staging = staging
        self.journal = journal
        #: graph -> the graph its quads are written to (itself, or its staging name)
        self.targets: dict[str, NamedNode] = {}
        self.staged: dict[NamedNode, NamedNode] = {}
        #: per stream written, how many of its quads went into each graph
        self.counts: list[dict[str, int]] = []

    # -- graphs ----------------------------------------------------------------------------------------
    def _route(self, stream: QuadStream, graph: NamedNode, mine: set[str]) -> NamedNode:
        name = graph.value
        if name in mine:
            return self.targets[name]
        if name in self.written or name.startswith("urn:egovkg:"):
            raise InputError(f"{stream.label}: writes the graph <{name}> that another source of this load also writes "
                             "(two files with one graph?)" if name in self.written else
                             f"{stream.label}: writes the graph <{name}>, a name this store keeps for itself")
        mine.add(name)
        if name in self.present:
            target = self.staging(graph)
            self.journal("staged", target)
            self.staged[graph] = target
        else:
            target = graph
            if not self.was_empty:
                self.journal("wrote", graph)
        self.targets[name] = target
        return target

    def _counted(self, stream: QuadStream, quads: Iterable[tuple[Quad, bool]], mine: set[str]) -> Iterator[Quad]:
        """Every quad's copy in the union default graph, preceded (when its flag says so) by the quad in the graph
        it is written to (its own, or its staging name); the quads of each graph counted."""
        counts = self.counts[-1]
        default = DefaultGraph()
        last: str | None = None
        target: NamedNode | None = None
        n = 0
        for q, named in quads:  # a stream's quads are each in a named graph (its default graph goes to the file's)
            graph = q.graph_name.value  # type: ignore[union-attr]
            if graph != last:
                if last is not None:
                    counts[last] = counts.get(last, 0) + n
                last, n = graph, 0
                target = self._route(stream, q.graph_name, mine)  # type: ignore[arg-type]
                if target.value == graph:
                    target = None
            n += 1
            if named:
                yield q if target is None else Quad(q.subject, q.predicate, q.object, target)
            yield Quad(q.subject, q.predicate, q.object, default)
        if last is not None:
            counts[last] = counts.get(last, 0) + n

    # -- writing ---------------------------------------------------------------------------------------
    def write(self, stream: QuadStream) -> None:
        mine: set[str] = set()
        self.counts.append({})
        native = stream.bulk_file() if self.was_empty else None
        if native is not None:
            self._straight(stream, native, mine)
        else:
            self._through_python(stream, stream.quads(), mine)
        if not self.counts[-1]:
            raise stream.empty()
        self._through_python(stream, stream.record, mine)
        self.written |= mine

    def _through_python(self, stream: QuadStream, quads: Iterable[Quad], mine: set[str]) -> None:
        for chunk in chunks(self._counted(stream, ((q, True) for q in quads), mine), 2 * CHUNK):
            self.store.bulk_extend(chunk)

    def _straight(self, stream: QuadStream, native: tuple[Path, ox.RdfFormat], mine: set[str]) -> None:
        from loaders.rdf import MARK, lines_apart  # (the loaders, and the YAML reader they bring, only when loading)

        path, fmt = native
        failed: list[BaseException] = []
        stop = threading.Event()

        def load() -> None:
            with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                for start, end in pieces(path, PIECE_BYTES):
                    if stop.is_set():
                        return
                    # copied out of the map (the loader then reads it without Python's lock), but the lines with blank
                    # nodes: the other thread's to write
                    data = mm[start:end] if mm.find(MARK, start, end) < 0 else lines_apart(mm, start, end)[0]
                    try:
                        self.store.bulk_load(input=data, format=fmt, to_graph=stream.graph)
                    except SyntaxError as exc:
                        failed.append(stream.syntax_error(exc, lines_before(mm, start)))
                        return
                    except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits for this one
                        failed.append(exc)
                        return

        loader = threading.Thread(target=load, name="egovkg-bulk-load", daemon=True)
        loader.start()
        try:
            for chunk in chunks(self._counted(stream, stream.quads_apart(), mine), CHUNK):
                self.store.bulk_extend(chunk)
                if failed:
                    break
        except BaseException:
            stop.set()
            raise
        finally:
            loader.join()
        if failed:
            raise failed[0]
