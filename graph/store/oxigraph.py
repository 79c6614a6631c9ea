"""The embedded Oxigraph backend of the :class:`graph.store.Store` protocol, on disk or in memory.

It answers SPARQL natively (never through rdflib's Python evaluator). The default graph a query sees is
the union of all named graphs, each triple once. Writes of sources are atomic: ``replace_graphs`` either
replaces every given graph or changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from egovkg.errors import InputError, QuerySyntaxError, QueryTimeoutError, StoreError
from graph.store.base import QuadStream
from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult, syntax_error

log = logging.getLogger("egovkg.store")


def _writes(method: Callable[..., Any]) -> Callable[..., Any]:
    """Count a write, done or failed, so readers know to look again: ``generation`` for this process,
    the content stamp on disk for the next ones (renewed before the write, so that whatever was derived
    from the old content is stale even if this process dies mid-write, and after it)."""

    @functools.wraps(method)
    def counted(self: "OxigraphStore", *args: Any, **kwargs: Any) -> Any:
        self._renew_stamp()
        try:
            return method(self, *args, **kwargs)
        finally:
            self.generation = (self.generation or 0) + 1
            self._renew_stamp()

    return counted


#: the file in an on-disk store's folder that holds its content stamp (see OxigraphStore.content_stamp)
STAMP_FILE = "egovkg-stamp"


#: drops from the default graph what no named graph states, then adds what is missing from it
_RESYNC = """DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;
INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"""


#: the journal of a load in progress: which graphs it wrote in place (see OxigraphStore._recover)
_JOURNAL = NamedNode("urn:egovkg:journal:load")
_JOURNAL_WROTE = NamedNode("urn:egovkg:journal:wrote")
_JOURNAL_STAGED = NamedNode("urn:egovkg:journal:staged")
#: a load into an empty store: undoing it empties the store
_JOURNAL_FROM_EMPTY = NamedNode("urn:egovkg:journal:from-empty")


def aside(graph: str, purpose: str) -> str:
    """The name of a temporary graph that holds ``graph``'s quads for ``purpose`` while a write runs
    (any graph IRI, one with a fragment too, gives a valid and distinct name)."""
    return f"urn:egovkg:{purpose}:{hashlib.sha1(graph.encode()).hexdigest()}"


def _collect(items: Iterator[Any], row_cap: int | None, deadline: float | None) -> tuple[list[Any], bool]:
    """At most ``row_cap`` items (and whether there were more), stopping past ``deadline``."""
    out: list[Any] = []
    for item in items:
        if row_cap is not None and len(out) >= row_cap:
            return out, True
        if deadline is not None and not len(out) % 256 and time.monotonic() > deadline:
            raise QueryTimeoutError("the query ran past its time limit and was stopped")
        out.append(item)
    return out, False


def _ended(sparql: str) -> str:
    """An update text that another operation can follow after ``;`` (its own trailing ``;`` removed;
    a trailing comment is ended by the newline the caller adds)."""
    from graph.sparql.lexer import tokens  # (its patterns take 10 ms to compile: only an update needs them)

    toks = tokens(sparql)
    if toks and toks[-1].kind == "punct" and toks[-1].text == ";":
        return sparql[:toks[-1].start] + sparql[toks[-1].start + 1:]
    return sparql


def _prologue_end(sparql: str) -> int:
    """The offset of the first operation of an update text (after its PREFIX and BASE declarations)."""
    from graph.sparql.lexer import tokens

    toks = tokens(sparql)
    i = 0
    while i < len(toks) and toks[i].keyword in ("PREFIX", "BASE"):
        i += 3 if toks[i].keyword == "PREFIX" else 2
    return toks[i].start if i < len(toks) else len(sparql)


def _forget(graphs: Sequence[str], keep_out: Sequence[str]) -> str:
    """Drop from the default graph the triples of ``graphs`` that no named graph outside
    ``keep_out`` states (one SPARQL update operation)."""
    values = " ".join(f"<{g}>" for g in graphs)
    excluded = ", ".join(f"<{g}>" for g in keep_out)
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?old {{ {values} }} GRAPH ?old {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({excluded})) }} }}")


class OxigraphStore:
    """Embedded Oxigraph, on disk (``path``) or in memory (``path=None``, for tests and scratch).

    **The default graph is the deduplicated union of the named graphs, kept on disk.** Oxigraph's own
    union default graph (a query option) returns a triple once for every named graph that states it;
    the yearly reports restate every system, so joins multiplied rows by up to 7 at national scale. The
    store therefore keeps Oxigraph's real default graph equal to the union, each triple once, and
    queries read it directly: on the 1 M-quad benchmark graph a system's neighbours take 0.8 ms instead
    of 4.5 ms, a province's CONSTRUCT 23 ms instead of 123 ms. Every write keeps it so, in the same
    transaction as the write: a loaded graph adds its triples; a replaced or dropped graph removes the
    triples no other named graph states. A SPARQL update has the graphs it names by IRI copied aside
    first and the union repaired from them after it; one that writes graphs it does not name
    (``GRAPH ?g`` in a template, ``CLEAR ALL``) rebuilds the union, which scans the whole store (about
    20 s at 1 M quads). Writing the default graph itself (``INSERT DATA { <s> <p> <o> }`` without
    ``GRAPH``) is refused with the position of the operation: it is derived, and would be silently
    undone. A store written before this had no union kept; opening it for writing builds it once.
    ``count()``, ``quads()`` and ``dump()`` without a graph cover the named graphs only.

    ``generation`` counts the writes made through this object; :meth:`content_stamp` is the same on disk
    (a random token renewed by every write, which survives the process), so that what another process
    derived from the store (the network projection's cache file) is reused only while the content is the
    one it was derived from. :meth:`snapshot` writes a consistent
    copy that other processes open read-only (:meth:`open_snapshot`): that is how the query workers of
    :mod:`graph.endpoint.worker_pool` read an on-disk store this process holds.
    """

    #: above this many quads, staging uses the bulk loader (faster, does not hold one transaction)
    BULK_THRESHOLD = 250_000
    #: quads handed to the bulk loader at once: it buffers them (about 1 GiB a million); each further
    #: chunk into a store that is no longer empty is slower (500 k chunks: a 1 M-quad load 16 s → 24 s)
    BULK_CHUNK = 2_000_000

    #: quads removed in one transaction when a failed load into an empty store is undone
    DELETE_BATCH = 200_000

    #: the engine evaluates queries in this process (see the Store protocol)
    in_process = True

    #: RocksDB's information logs (``LOG.old.*``) kept in the store's folder: it starts a new one, about 140 KB, each
    #: time the store is opened for writing (every command run against it) and would keep a thousand; pyoxigraph
    #: does not pass that setting on, so the older ones are removed here
    INFO_LOGS_KEPT = 3

    def __init__(self, path: Path | str | None = None) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self.generation: int | None = 0
        try:
            if self.path is None:
                self._store = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store at {self.path} is in use by another process (is `egovkg serve` running?); "
                    "stop it, or query through its /sparql endpoint"
                ) from None
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        self._default_count: tuple[int | None, int] | None = None  # (generation, triples in the default graph)
        self._stamp: str | None = None
        if self.path is not None:
            self._tidy_info_logs()
            self._recover()
        if self.path is not None and self._union_missing():
            log.warning("building the union default graph of %s (a store written by an earlier egovkg; "
                        "once, about 25 s a million quads)", self.path)
            self._rebuild_union()

    def _tidy_info_logs(self) -> None:
        """Remove all but the newest :data:`INFO_LOGS_KEPT` of the engine's rotated information logs (its data
        files are never touched; RocksDB itself removes these files, past its own limit)."""
        assert self.path is not None
        old = sorted(self.path.glob("LOG.old.*"), key=lambda p: (len(p.name), p.name))  # named by the time, in µs
        for path in old[:-self.INFO_LOGS_KEPT] if self.INFO_LOGS_KEPT else old:
            try:
                path.unlink()
            except OSError:  # another process's open may have rotated or removed it meanwhile
                pass

    @classmethod
    def open_snapshot(cls, path: Path | str) -> "OxigraphStore":
        """A read-only store over a folder written by :meth:`snapshot`."""
        self = cls.__new__(cls)
        self.path, self.generation = None, 0  # never flushed or written: nothing to do on close
        self._default_count = None
        self._stamp = None
        try:
            self._store = ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store snapshot at {path}: {exc}") from None
        return self

    def snapshot(self, target: Path | str) -> None:
        """Write a consistent read-only copy of the on-disk store into ``target`` (which must not
        exist). On the same file system the copy hard-links the store's immutable files: cheap."""
        if self.path is None:
            raise StoreError("an in-memory store has no snapshot for other processes to read")
        try:
            self._store.backup(str(target))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write a snapshot of the store at {self.path} to {target}: {exc}") from None

    # -- reading -------------------------------------------------------------------------------
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
        """Run a query. The default graph is the union of the named graphs (kept by the store, see the
        class docstring), unless the caller or the query's own ``FROM`` picks the default graph.
        ``deadline`` (a ``time.monotonic()`` value) is checked between result rows only: it stops a
        query that streams many rows, not one that computes long before its first (stopping those is
        :mod:`graph.endpoint.worker_pool`'s job)."""
        kwargs: dict = {"prefixes": dict(prefixes) if prefixes else None, "base_iri": base_iri}
        if default_graphs is not None:
            kwargs["default_graph"] = list(default_graphs)
        if named_graphs is not None:
            kwargs["named_graphs"] = list(named_graphs)
        try:
            result = self._store.query(sparql, **kwargs)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                # a solution iterates over its values in the variables' order, None where unbound (2× faster than
                # asking for each by index)
                rows, truncated = _collect((tuple(s) for s in result), row_cap, deadline)
                return SelectResult(variables, rows, truncated)
            triples, truncated = _collect(iter(result), row_cap, deadline)
            return GraphResult(triples, truncated)
        except SyntaxError as exc:
            raise syntax_error(exc) from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"the store failed while answering a query: {exc}") from None

    def named_graphs(self) -> list[NamedNode]:
        """The store's graphs (not the temporary ones a write in progress may hold, see :func:`aside`)."""
        return sorted((g for g in self._store.named_graphs()
                       if isinstance(g, NamedNode) and not g.value.startswith("urn:egovkg:")), key=lambda g: g.value)

    def count(self, graph: NamedNode | None = None) -> int:
        """Quads in ``graph``, or in all named graphs (the default graph, derived, is not counted)."""
        if graph is None:
            return len(self._store) - self._default_triples()
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(next(iter(result))[0].value)

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph: Any = None) -> Iterator[Quad]:
        """The quads that match a pattern (None: any), read from the indexes: what a caller that asks about one node
        at a time uses instead of a query each (parsing a small query costs more than the lookup)."""
        return iter(self._store.quads_for_pattern(subject, predicate, object, graph))

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        """The quads of ``graph``, or of every named graph (not the derived default graph)."""
        if graph is not None:
            return iter(self._store.quads_for_pattern(None, None, None, graph))
        return (q for q in self._store.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, graph: NamedNode | None = None) -> None:
        if graph is not None:
            self._store.dump(output, format=fmt, from_graph=graph)
        else:
            ox.serialize(self.quads(), output, format=fmt)

    def copy_into(self, target: ox.Store, graphs: Sequence[NamedNode]) -> None:
        """The store serialises and the scratch store parses, both natively."""
        for g in graphs:
            buffer = io.BytesIO()
            self.dump(buffer, ox.RdfFormat.N_TRIPLES, graph=g)
            data = buffer.getvalue()
            if len(data) > 8_000_000:  # the bulk loader pays off only on big inputs
                target.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            else:
                target.load(data, format=ox.RdfFormat.N_TRIPLES)

    def scratch_copy(self, folder: Path) -> "OxigraphStore":
        """An on-disk store's copy is a checkpoint of hard links; an in-memory one is copied quad by quad."""
        if self.path is not None:
            self.snapshot(folder / "copy")
            return OxigraphStore(folder / "copy")
        trial = OxigraphStore(None)
        by_graph: dict[NamedNode, list[Quad]] = {}
        for quad in self.quads():
            by_graph.setdefault(quad.graph_name, []).append(quad)  # type: ignore[arg-type]
        trial.replace_graphs(by_graph)
        return trial

    # -- the content stamp -----------------------------------------------------------------------
    def content_stamp(self) -> str | None:
        """A token that changes whenever the content does, kept in the store's folder so that it survives
        the process (None for a store in memory or a snapshot: nothing outlives them). A store that has
        none yet (written by an earlier egovkg) is given a fresh one, which nothing derived matches."""
        if self.path is None:
            return None
        if self._stamp is None:
            try:
                self._stamp = (self.path / STAMP_FILE).read_text(encoding="ascii").strip() or None
            except (OSError, UnicodeDecodeError):
                self._stamp = None
            if self._stamp is None:
                self._renew_stamp()
        return self._stamp

    def _renew_stamp(self) -> None:
        if self.path is None:
            return
        token: str | None = secrets.token_hex(16)
        target = self.path / STAMP_FILE
        temporary = target.with_name(f"{STAMP_FILE}.{os.getpid()}.tmp")
        try:
            temporary.write_text(f"{token}\n", encoding="ascii")
            os.replace(temporary, target)
        except OSError as exc:  # the old stamp must not outlive the content it named
            log.warning("cannot write the content stamp of %s: %s", self.path, exc)
            try:
                target.unlink(missing_ok=True)
            except OSError:
                pass
            token = None
        self._stamp = token

    def _default_triples(self) -> int:
        if self._default_count is None or self._default_count[0] != self.generation:
            result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._default_count = (self.generation, int(next(iter(result))[0].value))
        return self._default_count[1]

    # -- the union default graph ---------------------------------------------------------------
    def _union_missing(self) -> bool:
        """True for a store holding named graphs but no default graph: written before the store kept
        the union (or never given it). A store whose named graphs are all empty needs nothing."""
        if next(iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            return False
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is not None

    @_writes
    def _rebuild_union(self) -> None:
        self._run_update(_RESYNC)

    # -- writing -------------------------------------------------------------------------------
    def _run_update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None,
                    base_iri: str | None = None) -> None:
        try:
            self._store.update(sparql, prefixes=dict(prefixes) if prefixes else None, base_iri=base_iri)
        except SyntaxError as exc:
            raise syntax_error(exc) from None
        except OSError as exc:
            raise StoreError(f"the store failed while applying an update: {exc}") from None
        except RuntimeError as exc:  # an operation the data does not allow, e.g. DROP of a missing graph
            raise InputError(f"the update failed, and changed nothing: {exc}") from None

    @_writes
    def update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> None:
        """Apply an update in one transaction: all of it or nothing, the union default graph
        repaired in the same transaction (see the class docstring)."""
        from graph.sparql.lexer import scan_update_writes

        writes = scan_update_writes(sparql, prefixes=dict(prefixes or {}), base_iri=base_iri)
        if writes.default:
            offset, what = writes.default[0]
            line = sparql.count("\n", 0, offset) + 1
            column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
            raise InputError(
                f"line {line}, column {column}: this update {what}, which this store derives from the named graphs "
                "(the union of them, each triple once) and cannot be written; name the graph: "
                "INSERT DATA { GRAPH <…> { … } }, or DELETE { GRAPH ?g { … } } WHERE { GRAPH ?g { … } } "
                "to delete a triple from every graph that states it")
        if not writes.operations:
            self._run_update(sparql, prefixes=prefixes, base_iri=base_iri)
            return
        if writes.any_graph:
            self._run_update(f"{_ended(sparql)}\n;\n{_RESYNC}", prefixes=prefixes, base_iri=base_iri)
            return
        graphs = list(writes.graphs)
        before = [aside(g, "before") for g in graphs]
        # the copies go right after the prologue (Oxigraph takes PREFIX and BASE only at the start),
        # on the same line, so that a syntax error keeps its line; its column is shifted back
        at = _prologue_end(sparql)
        copy = "".join(f"COPY SILENT GRAPH <{g}> TO GRAPH <{b}> ; " for g, b in zip(graphs, before))
        repair = " ;\n".join([
            _forget(before, before),
            *(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}" for g in graphs),
            *(f"DROP SILENT GRAPH <{b}>" for b in before),
        ])
        text = sparql[:at] + copy + _ended(sparql[at:])
        try:
            self._run_update(f"{text}\n;\n{repair}", prefixes=prefixes, base_iri=base_iri)
        except QuerySyntaxError as exc:
            line = sparql.count("\n", 0, at) + 1
            start = at - (sparql.rfind("\n", 0, at) + 1) + 1
            if exc.line != line or exc.column is None or exc.column <= start:
                raise
            column = max(start, exc.column - len(copy))
            raise QuerySyntaxError(str(exc).replace(f"line {line}, column {exc.column}", f"line {line}, column {column}"),
                                   line=line, column=column) from None

    def _recover(self) -> None:
        """Finish an interrupted write: a load killed before its last step left its journal (the graphs it
        wrote in place) and staging graphs; remove them, and the union's triples no graph states any more,
        so the store is as it was before that load."""
        leftovers = [g.value for g in self._store.named_graphs()
                     if isinstance(g, NamedNode) and g.value.startswith("urn:egovkg:")]
        if not leftovers:
            return
        if next(iter(self._store.quads_for_pattern(None, _JOURNAL_FROM_EMPTY, None, _JOURNAL)), None) is not None:
            log.warning("%s: an earlier load into the empty store was interrupted before it finished; emptying the "
                        "store again", self.path)
            self._renew_stamp()
            self._empty()
            return
        fresh = [q.object.value for q in self._store.quads_for_pattern(None, _JOURNAL_WROTE, None, _JOURNAL)]
        log.warning("%s: an earlier load was interrupted before it finished; undoing it (%d graph(s) it had written, "
                    "%d temporary graph(s)); the store is as it was before that load", self.path, len(fresh), len(leftovers))
        self._renew_stamp()
        self._run_update(" ;\n".join([*(f"DROP SILENT GRAPH <{g}>" for g in [*fresh, *leftovers]), _RESYNC]))

    @_writes
    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]],
                       streams: Sequence[QuadStream] = ()) -> list[dict[str, int]]:
        """Replace every given graph and every graph the ``streams`` write, or (on any error) none of them;
        returns, for each stream, how many of its quads went into each graph.

        A graph the store does not hold yet is written in place; if anything fails, the new graphs
        are removed again. A graph the store already holds is staged under a temporary name, then
        every staged graph is moved into place in one update, which Oxigraph applies atomically;
        the same update drops from the union default graph what only the old graphs stated.
        (Moving is what costs: at 124 k quads on the 2-core benchmark machine the MOVE took 19 s of a
        23 s load, so a first load does without it. Staging rather than INSERT DATA also keeps
        blank-node labels, which INSERT DATA would replace with fresh ones.) Streams are written as they
        are read (:mod:`graph.store.bulk`), after the given graphs."""
        from graph.store.bulk import StreamWriter, chunks  # (and the loaders it reads line-format files with)

        for quads in graphs.values():
            for q in quads:
                if not isinstance(q, Quad):
                    raise TypeError(f"expected quads, got {type(q).__name__}")
        present = {g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)}
        was_empty = bool(streams) and next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None
        fresh = [g for g in graphs if graphs[g] and g.value not in present]
        staging = {g: NamedNode(aside(g.value, "staging")) for g in graphs if g not in fresh}
        default = ox.DefaultGraph()
        # The journal comes first, in a transaction of its own: until the last step removes it, a process
        # that opens the store (after a kill -9) finds it and undoes this load (see _recover)
        self._store.extend([Quad(_JOURNAL, _JOURNAL_WROTE, g, _JOURNAL) for g in fresh]
                           + [Quad(_JOURNAL, _JOURNAL_STAGED, g, _JOURNAL) for g in staging.values()]
                           + ([Quad(_JOURNAL, _JOURNAL_FROM_EMPTY, _JOURNAL, _JOURNAL)] if was_empty else []))

        def journal(kind: str, graph: NamedNode) -> None:
            self._store.add(Quad(_JOURNAL, _JOURNAL_STAGED if kind == "staged" else _JOURNAL_WROTE, graph, _JOURNAL))

        writer = StreamWriter(self._store, present=present, written={g.value for g in graphs}, was_empty=was_empty,
                              staging=lambda g: NamedNode(aside(g.value, "staging")), journal=journal)

        def writes() -> Iterator[Quad]:
            for g, quads in graphs.items():
                target = staging.get(g)
                for q in quads:
                    yield q if target is None else Quad(q.subject, q.predicate, q.object, target)
                    yield Quad(q.subject, q.predicate, q.object, default)

        reading = False  # while a stream is read, its own errors (a syntax error, say) are the ones to report
        try:
            if sum(len(q) for q in graphs.values()) > self.BULK_THRESHOLD:
                for chunk in chunks(writes(), self.BULK_CHUNK):  # one chunk at a time, never held in a list
                    self._store.bulk_extend(chunk)
            else:
                self._store.extend(writes())
            reading = True
            for stream in streams:
                writer.write(stream)
            reading = False
            staging.update(writer.staged)
            # the last step, one transaction: the staged graphs take the old ones' places, the journal goes
            replaced = [g.value for g in staging]
            self._run_update(" ;\n".join(([_forget(replaced, replaced)] if replaced else []) + [
                f"MOVE SILENT GRAPH {staging[g]} TO GRAPH {g}" if graphs.get(g, True) else f"DROP SILENT GRAPH {g}"
                for g in staging
            ] + [f"DROP SILENT GRAPH {_JOURNAL}"]))
        except BaseException as exc:
            self._undo(was_empty, [*staging.values(), *writer.staged.values(), *fresh,
                                   *(g for name, g in writer.targets.items() if g.value == name)])
            if isinstance(exc, (OSError, ValueError, StoreError, InputError)) and not (reading and isinstance(exc, InputError)):
                what = f"{len(graphs)} graph(s)" + (f" and {len(streams)} file(s)" if streams else "")
                raise StoreError(f"writing {what} failed; nothing was changed: {exc}") from None
            raise
        return writer.counts

    def _empty(self) -> None:
        """Empty the store in transactions of at most :attr:`DELETE_BATCH` quads (one transaction over millions
        would hold every removal in memory), the journal last: a process killed meanwhile leaves it, and the next
        open empties the store again."""
        for pattern, template in ((f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {_JOURNAL})", "GRAPH ?g { ?s ?p ?o }"),
                                  ("?s ?p ?o", "?s ?p ?o")):
            while bool(self._store.query(f"ASK {{ {pattern} }}")):
                self._store.update(f"DELETE {{ {template} }} WHERE {{ {{ SELECT * WHERE {{ {pattern} }} LIMIT {self.DELETE_BATCH} }} }}")
        self._store.clear()  # the journal, and the names of the graphs now empty

    def _undo(self, was_empty: bool, graphs: Iterable[NamedNode]) -> None:
        """Remove what a failed load wrote: everything, when the store was empty before it."""
        if was_empty:
            self._empty()
            return
        written = [g for g in {*graphs, _JOURNAL} if self._store.contains_named_graph(g)]
        if written:
            names = [g.value for g in written]
            self._store.update(_forget(names, names) + " ;\n" + " ;\n".join(f"DROP SILENT GRAPH {g}" for g in written))

    @_writes
    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        names = [g.value for g in graphs if self._store.contains_named_graph(g)]
        if names:
            self._run_update(" ;\n".join([_forget(names, names)] + [f"DROP SILENT GRAPH <{g}>" for g in names]))

    @_writes
    def clear(self) -> None:
        self._store.clear()

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        del self._store
