"""Large RDF files are streamed into the store (loaders.rdf.RdfFile, graph/store/bulk.py): never held, written
by the bulk loader in chunks, and still all or nothing. The thresholds are lowered so that small files take the
same paths a national graph takes (several pieces straight from the file, several chunks through Python)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

import graph.store.bulk as bulk
import loaders.rdf as rdf
from egovkg.errors import DataFileError, InputError
from graph.kg import KnowledgeGraph
from graph.store import OxigraphStore
from loaders import read_sources
from ontology import IRIs

from .support.cli import EGOVKG
from .support.crash import kill_load_at_points

EX = "http://example.org/"


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    monkeypatch.setattr(rdf, "STREAM_BYTES", 0)   # every RDF file streamed
    monkeypatch.setattr(bulk, "PIECE_BYTES", 700)  # a few lines a piece
    monkeypatch.setattr(rdf, "APART_BYTES", 500)  # and as many parsed apart when some lines name blank nodes
    monkeypatch.setattr(bulk, "CHUNK", 3)


def nquads(rows: int, graphs: int = 3, *, bad_at: int | None = None, blank: bool = False) -> str:
    lines = []
    for i in range(rows):
        subject = f"_:n{i % 4}" if blank and i % 5 == 0 else f"<{EX}s{i % 17}>"
        obj = f'"v{i % 11}"' if i != bad_at else '"unterminated'
        graph = f" <{EX}g{i % graphs}>" if i % 7 else ""  # every 7th in the file's own graph
        lines.append(f"{subject} <{EX}p{i % 3}> {obj}{graph} .")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "big.nq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(kg: KnowledgeGraph) -> tuple:
    """The named graphs' quads and what a query sees in the default graph, each row (duplicates would show)."""
    quads = sorted(str(q) for q in kg.store.quads())
    union = sorted(str(tuple(r)) for r in kg.store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)
    journal = [g.value for g in kg.store._store.named_graphs() if g.value.startswith("urn:egovkg:")]
    return quads, union, journal


def model_union(kg: KnowledgeGraph) -> list[str]:
    return sorted(str(t) for t in {(q.subject, q.predicate, q.object) for q in kg.store.quads()})


@pytest.fixture
def iris():
    return IRIs()


@pytest.fixture
def kg(tmp_path, iris):
    graph = KnowledgeGraph(OxigraphStore(tmp_path / "store"), iris)
    yield graph
    graph.close()


def eager(tmp_path: Path, iris: IRIs, path: Path) -> tuple:
    """The same file loaded the way a small file is (read whole first), into a store of its own."""
    rdf.STREAM_BYTES = 10**12
    try:
        other = KnowledgeGraph(OxigraphStore(tmp_path / f"eager-{path.stem}"), iris)
        try:
            other.load(read_sources([path], iris))
            return snapshot(other)
        finally:
            other.close()
    finally:
        rdf.STREAM_BYTES = 0


def test_a_streamed_file_writes_what_reading_it_whole_writes(tmp_path, iris, kg):
    path = write(tmp_path, nquads(300))
    [source] = read_sources([path], iris)
    assert source.stream is not None and source.stream.bulk_file() is not None  # straight from the file
    assert len(bulk.pieces(path, bulk.PIECE_BYTES)) > 3
    report = kg.load([source])
    now = snapshot(kg)
    assert now == eager(tmp_path, iris, path)
    assert now[1] == model_union(kg) and not now[2]
    assert {g.graph for g in report.graphs} == {iris.graph("file", "big-nq").value, EX + "g0", EX + "g1", EX + "g2"}
    assert report.total == 300 + 5  # every quad read, and the file's PROV record


def test_into_a_store_that_holds_graphs_it_stages_and_replaces_them(tmp_path, iris, kg):
    kg.load(read_sources([write(tmp_path, nquads(120, graphs=2), "old.nq")], iris))  # g0, g1
    path = write(tmp_path, nquads(200, graphs=3))                                     # g0, g1 again, and g2
    kg.load(read_sources([path], iris))
    by_graph = {g.value: kg.store.count(g) for g in kg.store.named_graphs()}
    assert by_graph[EX + "g2"] > 0
    # g0 and g1 hold only what the new file states: nothing of the old file's quads is left
    fresh = KnowledgeGraph(OxigraphStore(tmp_path / "fresh"), iris)
    try:
        fresh.load(read_sources([path], iris))
        for g in ("g0", "g1", "g2"):
            assert sorted(map(str, kg.store.quads(NamedNode(EX + g)))) == sorted(map(str, fresh.store.quads(NamedNode(EX + g))))
    finally:
        fresh.close()
    quads, union, journal = snapshot(kg)
    assert union == model_union(kg) and not journal


def test_blank_nodes_keep_stable_labels_and_a_reload_changes_nothing(tmp_path, iris, kg):
    path = write(tmp_path, nquads(150, blank=True))
    [source] = read_sources([path], iris)
    assert source.stream.bulk_file() is not None  # straight from the file, but the lines with blank nodes
    kg.load([source])
    first = snapshot(kg)
    assert any("_:" in q for q in first[0]) and first[1] == model_union(kg)
    assert first == eager(tmp_path, iris, path)  # labelled as when the file is read whole
    kg.load(read_sources([path], iris))
    assert snapshot(kg) == first


def test_lines_that_only_look_like_blank_nodes_are_written_once_and_all(tmp_path, iris, kg):
    """A line is kept from the bulk loader when ``_:`` is anywhere in it (a literal, a comment): its quad is still written."""
    text = (nquads(80) + f'<{EX}s1> <{EX}p1> "a_:b" <{EX}g1> .\n' + f'<{EX}s2> <{EX}p2> <{EX}o> . # a comment, _:x\n'
            + nquads(90, blank=True) + "# _:c\n" + nquads(40))
    path = write(tmp_path, text)
    [source] = read_sources([path], iris)
    assert source.stream.bulk_file() is not None
    kg.load([source])
    now = snapshot(kg)
    assert now == eager(tmp_path, iris, path) and now[1] == model_union(kg)
    assert any('"a_:b"' in q for q in now[0]) and any(f"<{EX}s2> <{EX}p2> <{EX}o>" in q for q in now[0])


@pytest.mark.parametrize("filled", [False, True], ids=["empty store", "store with data"])
@pytest.mark.parametrize("blank", [False, True], ids=["from the file", "through python"])
def test_a_bad_line_late_in_the_file_changes_nothing_and_is_named(tmp_path, iris, kg, filled, blank):
    if filled:
        kg.load(read_sources([write(tmp_path, nquads(60, graphs=2), "old.nq")], iris))
    before = snapshot(kg)
    path = write(tmp_path, nquads(400, bad_at=371, blank=blank))
    with pytest.raises(DataFileError) as caught:
        kg.load(read_sources([path], iris))
    assert caught.value.line == 372 and str(path) in str(caught.value)
    assert snapshot(kg) == before


def test_two_files_writing_one_graph_change_nothing(tmp_path, iris, kg):
    kg.load(read_sources([write(tmp_path, nquads(30, graphs=1), "first.nq")], iris))
    before = snapshot(kg)
    a, b = write(tmp_path, nquads(50, graphs=4), "a.nq"), write(tmp_path, nquads(50, graphs=2), "b.nq")
    with pytest.raises(InputError, match="also writes"):
        kg.load(read_sources([a, b], iris))
    assert snapshot(kg) == before


def test_reset_with_a_bad_file_keeps_the_store(tmp_path, iris, kg):
    kg.load(read_sources([write(tmp_path, nquads(60), "old.nq")], iris))
    before = snapshot(kg)
    with pytest.raises(DataFileError):
        kg.load(read_sources([write(tmp_path, nquads(90, bad_at=80))], iris), reset=True)
    assert snapshot(kg) == before


def test_check_reads_a_streamed_file_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOVKG_STORE", str(tmp_path / "unused"))
    big = write(tmp_path, "".join(f'<{EX}s{i}> <{EX}p> "{"x" * 200}" .\n' for i in range(90_000)), "big.nt")
    assert big.stat().st_size > 16_000_000  # past the real STREAM_BYTES: the command streams it
    ok = subprocess.run([EGOVKG, "load", "--check", str(big)], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and "(90005 quads)" in ok.stdout
    with big.open("a", encoding="utf-8") as fh:
        fh.write('<http://example.org/x> <http://example.org/p> "broken .\n')
    bad = subprocess.run([EGOVKG, "load", "--check", str(big)], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and f"{big}:90001" in bad.stderr


@pytest.mark.parametrize("start", ["empty", "empty, blank nodes", "loaded"])
def test_a_streamed_load_killed_at_any_point_leaves_the_old_or_the_new_store(tmp_path, start):
    """A national graph (past the real STREAM_BYTES) killed at 8 points of `egovkg load`: into an empty store
    (straight from the file, and with the reference graphs' blank nodes written from Python meanwhile; undone by
    emptying it) and into one that holds the curated data (through Python)."""
    synth = tmp_path / "national.nq"
    reference = [] if start == "empty, blank nodes" else ["--no-reference"]
    subprocess.run([EGOVKG, "synth", "--provinces", "4", "--scale", "0.6", "--seed", "5", *reference, "-o", str(synth)],
                   check=True, capture_output=True, timeout=300)
    assert (b"_:" in synth.read_bytes()) == (not reference)
    assert synth.stat().st_size > 16_000_000
    base = tmp_path / "before"
    base.mkdir()
    if start == "loaded":
        subprocess.run([EGOVKG, "load", "--store", str(base)], check=True, capture_output=True, timeout=300)
    kill_load_at_points(tmp_path, base, synth, points=8, first=0.3, timeout=300)


def test_pieces_end_at_line_ends_and_lines_are_counted_before_a_piece(tmp_path):
    import mmap

    path = write(tmp_path, nquads(200))
    cut = bulk.pieces(path, 500)
    text = path.read_bytes()
    assert cut[0][0] == 0 and cut[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(cut, cut[1:]))
    assert all(text[end - 1:end] == b"\n" for _, end in cut)
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        for start, _ in cut:
            assert bulk.lines_before(mm, start, step=7) == text[:start].count(b"\n")
