"""RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) to quads.

Triples go into one named graph per file (``<base>graph/file/<name>``); a quad format keeps its own
named graphs, and its default-graph triples go to the file's graph. A PROV record of the file is
added to the file's graph. Syntax errors name the file, line and column.

A file up to :data:`STREAM_BYTES` is read whole here, so that it is validated before anything is written.
A larger one (a national graph: 233 MB a million quads) is never held: the source carries an :class:`RdfFile`,
which the store reads as it writes (a syntax error then undoes the whole load, so a bad file still changes
nothing), and which a line format lets the store bulk-load straight from the file: all of it but the lines that name
blank nodes, which the bulk loader would label at random; those go through Python (:meth:`RdfFile.quads_apart`, a
file exported from a store: its ontology's blank nodes then cost 11 s → 0 s at 1 M quads, they no longer send the
whole file through Python).
"""

from __future__ import annotations

import functools
import mmap
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from egovkg.errors import DataFileError
from loaders.source import LoadedSource, SourceRecord
from ontology import DCTERMS, DEFAULT_BASE_IRI, IRIs, PROV, RDF, RDFS, rebase, stable_blank_nodes

FORMATS: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}
#: files larger than this are streamed into the store instead of read whole first
STREAM_BYTES = 16_000_000
#: one statement per line: a file of these can be cut at any line end and each piece parsed alone
LINE_FORMATS = (RdfFormat.N_TRIPLES, RdfFormat.N_QUADS)
#: the pieces :meth:`RdfFile.quads_apart` parses a file in when some of its lines name blank nodes
APART_BYTES = 16 * 2**20
#: what marks a line that goes through Python: a blank node (or those characters in a literal, an IRI or a comment,
#: which Python then writes too, as rightly)
MARK = b"_:"


def lines_apart(data: bytes | mmap.mmap, start: int = 0, end: int | None = None) -> tuple[bytearray, bytearray]:
    """``data[start:end]`` (whole lines) as two documents of as many lines: the lines that hold :data:`MARK` blanked
    in the first, every other line blanked in the second (so that each statement keeps its line number in the one it
    is in). Copied once, a line at a time (``data`` may be a map of the whole file)."""
    end = len(data) if end is None else end
    plain, marked = bytearray(), bytearray()
    at = start  # where the part not yet copied starts
    found = data.find(MARK, start, end)
    while found >= 0:
        first = data.rfind(b"\n", start, found) + 1 or start
        last = data.find(b"\n", found, end)
        last = end if last < 0 else last
        kept = data[at:first]
        plain += kept
        marked += b"\n" * kept.count(b"\n")
        marked += data[first:last]
        at = last
        found = data.find(MARK, last, end)
    kept = data[at:end]
    plain += kept
    marked += b"\n" * kept.count(b"\n")
    return plain, marked


def file_slug(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")
    return stem or "file"


@dataclass(frozen=True)
class RdfFile:
    """An RDF file read as it is written (what the store's ``replace_graphs`` takes as a stream).

    :meth:`quads` parses it again on every call: each quad in its named graph, IRIs rebased, blank nodes
    labelled stably; a syntax error is a :class:`DataFileError` with the file and line."""

    path: Path
    format: RdfFormat
    graph: NamedNode
    base: str
    #: the PROV record of the file, in ``graph``, written with it
    record: list[Quad] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.path)

    def quads(self) -> Iterator[Quad]:
        try:
            parsed = self._in_graph(parse(path=str(self.path), format=self.format, base_iri=self.path.resolve().as_uri()))
            if self._plain:  # nothing to relabel or rebase: each quad as parsed (a national graph's path)
                yield from parsed
            else:
                yield from stable_blank_nodes(rebase(parsed, self.base), self._scope)
        except SyntaxError as exc:
            raise self.syntax_error(exc) from None
        except OSError as exc:
            raise DataFileError(f"cannot read: {exc.strerror or exc}", path=self.path) from None
        except ValueError as exc:
            raise DataFileError(f"cannot parse: {exc}", path=self.path) from None

    def quads_apart(self) -> Iterator[tuple[Quad, bool]]:
        """The quads of :meth:`quads` (the same, labelled alike), each with whether its line holds :data:`MARK`: the
        lines :func:`lines_apart` keeps out of what a bulk loader is handed, so that the caller writes them itself.
        Only for a file :meth:`bulk_file` names."""
        if self._plain:
            yield from ((q, False) for q in self.quads())
            return
        apart: deque[Quad] = deque()

        def queued() -> Iterator[Quad]:  # one quad in, one out: relabelled in order, as over the whole file
            while True:
                yield apart.popleft()

        relabelled = stable_blank_nodes(queued(), self._scope)
        base = self.path.resolve().as_uri()
        lines = 0
        try:
            with self.path.open("rb") as fh:  # read, not mapped: the pages read are not counted as this process's memory
                rest, block = b"", b"."
                while block:
                    block = fh.read(APART_BYTES)
                    data = rest + block
                    cut = data.rfind(b"\n") + 1 if block else len(data)  # whole lines, and at the end what is left
                    data, rest = data[:cut], data[cut:]
                    counted = data.count(b"\n")
                    try:
                        if MARK not in data:
                            yield from ((q, False) for q in self._in_graph(parse(input=data, format=self.format, base_iri=base)))
                        else:
                            plain, marked = lines_apart(data)
                            del data
                            yield from ((q, False) for q in self._in_graph(parse(input=plain, format=self.format, base_iri=base)))
                            for q in self._in_graph(parse(input=marked, format=self.format, base_iri=base)):
                                apart.append(q)
                                yield next(relabelled), True
                    except SyntaxError as exc:
                        raise self.syntax_error(exc, lines) from None
                    lines += counted
        except OSError as exc:
            raise DataFileError(f"cannot read: {exc.strerror or exc}", path=self.path) from None
        except ValueError as exc:
            raise DataFileError(f"cannot parse: {exc}", path=self.path) from None

    def _in_graph(self, items: Iterator[Quad | Triple]) -> Iterator[Quad]:
        """Each parsed statement in its named graph (the default graph's, and a triple format's, in the file's)."""
        graph = self.graph
        for item in items:
            if type(item) is Triple:
                yield Quad(item.subject, item.predicate, item.object, graph)
            elif type(item.graph_name) is DefaultGraph:
                yield Quad(item.subject, item.predicate, item.object, graph)
            else:
                yield item

    @property
    def _scope(self) -> str:
        return str(self.path.resolve())

    def syntax_error(self, exc: SyntaxError, line_offset: int = 0) -> DataFileError:
        """The error to report for a syntax error met ``line_offset`` lines into the file."""
        line = exc.lineno + line_offset if exc.lineno is not None else None
        message = re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + line_offset}", exc.msg or str(exc))
        return DataFileError(f"not valid {self.format.name.replace('_', '-')}: {message}", path=self.path, line=line)

    @functools.cached_property
    def _lines(self) -> bool:
        return self.format in LINE_FORMATS and self.base == DEFAULT_BASE_IRI and self.path.stat().st_size > 0

    @functools.cached_property
    def _plain(self) -> bool:
        if not self._lines:
            return False
        with self.path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(MARK) < 0  # in a literal or an IRI too: then relabelled for nothing, which is also right

    def bulk_file(self) -> tuple[Path, RdfFormat] | None:
        """The file, when the store may bulk-load it itself: a line format (cut into pieces at line ends), no IRI
        to rebase, and not empty; the lines with blank nodes (which the bulk loader would label at random, and the
        union of the graphs would not match) left out by :func:`lines_apart`, written from :meth:`quads_apart`.
        None when the store must write :meth:`quads`."""
        return (self.path, self.format) if self._lines else None

    def empty(self) -> DataFileError:
        return DataFileError("the file holds no triples", path=self.path)


def read_rdf(path: Path, iris: IRIs) -> LoadedSource:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataFileError(f"unknown file type '{path.suffix}' (expected one of {', '.join(sorted(FORMATS))}, or .yaml)", path=path)
    graph = iris.graph("file", file_slug(path))
    source = iris.id("source", "file", file_slug(path))
    record = [Quad(source, NamedNode(p), o, graph) for p, o in (
        (RDF + "type", NamedNode(PROV + "Entity")),
        (RDFS + "label", Literal(path.name)),
        (DCTERMS + "title", Literal(path.name)),
        (DCTERMS + "format", Literal(fmt.media_type)),
    )] + [Quad(graph, NamedNode(PROV + "wasDerivedFrom"), source, graph)]
    file = RdfFile(path, fmt, graph, iris.base, record)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if size > STREAM_BYTES:
        return LoadedSource(graph=graph, quads=[], record=SourceRecord(id=f"file/{file_slug(path)}", title=path.name),
                            path=path, stream=file)
    quads = list(file.quads())
    if not quads:
        raise file.empty()
    extra = {q.graph_name.value for q in quads if q.graph_name != graph}  # type: ignore[union-attr]
    return LoadedSource(
        graph=graph,
        quads=quads + record,
        record=SourceRecord(id=f"file/{file_slug(path)}", title=path.name),
        path=path,
        extra_graphs=[NamedNode(g) for g in sorted(extra)],
    )
