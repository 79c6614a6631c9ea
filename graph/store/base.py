"""The ``Store`` protocol: what every backend offers, complete, so that nothing outside this package
asks which backend it holds.

Graph names are NamedNodes; quads are pyoxigraph Quads. The contract every backend keeps is
``tests/test_store_contract.py`` (memory, disk and a Virtuoso server).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from graph.sparql.results import QueryResult

__all__ = ["QuadStream", "Store"]


class QuadStream(Protocol):
    """Quads read from a file while a store writes them, never held at once (a :class:`loaders.rdf.RdfFile`).

    :meth:`quads` parses the file again on every call, each quad in its named graph; ``record`` is written
    into ``graph`` with them. :meth:`bulk_file` names the file when a store may bulk-load it itself (a line
    format, nothing to relabel or rewrite). A syntax error is reported by :meth:`syntax_error`, a file
    without a quad by :meth:`empty`: both say which file."""

    graph: NamedNode
    record: list[Quad]

    @property
    def label(self) -> str: ...

    def quads(self) -> Iterator[Quad]: ...

    def bulk_file(self) -> tuple[Path, ox.RdfFormat] | None: ...

    def quads_apart(self) -> Iterator[tuple[Quad, bool]]:
        """The quads, each with whether the pieces a bulk loader reads of :meth:`bulk_file` leave its line out."""
        ...

    def syntax_error(self, exc: SyntaxError, line_offset: int = 0) -> Exception: ...

    def empty(self) -> Exception: ...


class Store(Protocol):
    """What every backend offers.

    ``generation`` counts the writes made through this object (None when others write the store too, as
    on a remote server: then readers compare counts instead). ``in_process`` says whether queries are
    evaluated by an engine in this process (callers then run them in a thread without network). ``path``
    is the folder of an on-disk store, whose :meth:`snapshot` other processes open read-only
    (:func:`graph.store.open_snapshot`); None in memory and on a remote server.
    :meth:`content_stamp` is a token that changes with the content and survives the process (what
    another process derived from the store is reused while it is the same); None when there is none.
    """

    generation: int | None
    in_process: bool
    path: Path | None

    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
        row_cap: int | None = None,
        base_iri: str | None = None,
        deadline: float | None = None,
    ) -> QueryResult:
        """``base_iri`` resolves relative IRIs; ``deadline`` (a ``time.monotonic()`` value) bounds the wait."""
        ...

    def update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> None: ...

    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]],
                       streams: Sequence[QuadStream] = ()) -> list[dict[str, int]]:
        """Replace every graph of ``graphs`` and every graph the ``streams`` write, or (on any error) none of
        them. Returns, for each stream, how many of its quads went into each graph."""
        ...

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None: ...

    def clear(self) -> None: ...

    def named_graphs(self) -> list[NamedNode]: ...

    def count(self, graph: NamedNode | None = None) -> int: ...

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]: ...

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, graph: NamedNode | None = None) -> None:
        """Serialise ``graph`` (or every named graph) in ``fmt``."""
        ...

    def copy_into(self, target: ox.Store, graphs: Sequence[NamedNode]) -> None:
        """Copy the triples of ``graphs`` into the default graph of a scratch store."""
        ...

    def scratch_copy(self, folder: Path) -> "Store | None":
        """A writable copy of the whole store in ``folder`` (to try a write on), or None when the backend
        cannot make one (a remote server keeps its own graphs)."""
        ...

    def snapshot(self, target: Path | str) -> None:
        """Write a read-only copy that other processes open; StoreError when the backend has none."""
        ...

    def content_stamp(self) -> str | None:
        """A token that changes whenever the content does and outlives the process; None when there is none."""
        ...

    def close(self) -> None: ...
