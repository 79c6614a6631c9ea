"""The embedded store keeps its default graph equal to the union of the named graphs, each triple once
(graph/store.py, OxigraphStore): every write path keeps it so, and a write of the default graph itself
is refused. Checked against a model: the set of triples of the named graphs."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from egovkg.errors import InputError, QuerySyntaxError, StoreError
from graph.store import OxigraphStore

EX = "http://example.org/"
P = NamedNode(EX + "p")


def g(name: str) -> NamedNode:
    return NamedNode(EX + "g/" + name)


def quad(s: str, o: int, graph: NamedNode) -> Quad:
    return Quad(NamedNode(EX + s), P, Literal(str(o), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")), graph)


def union_rows(store: OxigraphStore) -> list[tuple[str, str, str]]:
    """What a query sees in the default graph, every row (duplicates would show)."""
    return sorted((r[0].value, r[1].value, r[2].value) for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)


def model_union(store: OxigraphStore) -> list[tuple[str, str, str]]:
    """The union of the named graphs, each triple once, from the quads themselves."""
    return sorted({(q.subject.value, q.predicate.value, q.object.value) for q in store.quads()})


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    s = OxigraphStore() if request.param == "memory" else OxigraphStore(tmp_path / "store")
    yield s
    s.close()


def test_a_triple_stated_by_several_graphs_is_seen_once(store):
    store.replace_graphs({g("a"): [quad("x", 1, g("a"))], g("b"): [quad("x", 1, g("b")), quad("y", 2, g("b"))]})
    assert union_rows(store) == [(EX + "x", P.value, "1"), (EX + "y", P.value, "2")]
    per_graph = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p 1 } } ORDER BY ?g").rows
    assert [r[0].value for r in per_graph] == [g("a").value, g("b").value]
    assert store.count() == 3  # quads of the named graphs; the derived default graph is not counted
    assert all(not isinstance(q.graph_name, DefaultGraph) for q in store.quads())


def test_replacing_and_dropping_remove_only_what_no_other_graph_states(store):
    store.replace_graphs({g("a"): [quad("x", 1, g("a")), quad("y", 2, g("a"))], g("b"): [quad("x", 1, g("b"))]})
    store.replace_graphs({g("a"): [quad("z", 3, g("a"))]})
    assert union_rows(store) == [(EX + "x", P.value, "1"), (EX + "z", P.value, "3")]
    store.drop_graphs([g("b")])
    assert union_rows(store) == [(EX + "z", P.value, "3")]
    store.replace_graphs({g("a"): []})
    assert union_rows(store) == [] and store.count() == 0


def test_updates_keep_the_union(store):
    store.replace_graphs({g("a"): [quad("x", 1, g("a"))], g("b"): [quad("x", 1, g("b"))]})
    store.update(f"DELETE DATA {{ GRAPH <{g('a').value}> {{ <{EX}x> <{P.value}> 1 }} }}")
    assert union_rows(store) == [(EX + "x", P.value, "1")]  # still stated by b
    store.update(f"PREFIX e: <{EX}> WITH <{g('b').value}> DELETE {{ ?s ?p ?o }} INSERT {{ e:w ?p 9 }} WHERE {{ ?s ?p ?o }} ;")
    assert union_rows(store) == [(EX + "w", P.value, "9")]
    store.update("INSERT { GRAPH ?h { ?s ?p 10 } } WHERE { GRAPH ?h { ?s ?p ?o } }")  # graphs not named: a rebuild
    assert union_rows(store) == model_union(store) == [(EX + "w", P.value, "10"), (EX + "w", P.value, "9")]
    store.update(f"MOVE <{g('b').value}> TO <{g('c').value}> ; COPY DEFAULT TO <{g('d').value}>")
    assert [n.value for n in store.named_graphs()] == [g("a").value, g("c").value, g("d").value]  # a: empty, kept
    assert union_rows(store) == model_union(store)
    store.update("CLEAR ALL")
    assert union_rows(store) == [] and store.count() == 0


@pytest.mark.parametrize("update, what", [
    (f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }}", "inserts into the default graph"),
    (f"INSERT {{ ?s <{EX}q> 1 }} WHERE {{ ?s ?p ?o }}", "inserts into the default graph"),
    ("DELETE WHERE { ?s ?p ?o }", "deletes from the default graph"),
    (f"CLEAR GRAPH <{EX}g/a> ;\n  CLEAR DEFAULT", "CLEAR DEFAULT"),
    (f"ADD <{EX}g/a> TO DEFAULT", "TO DEFAULT"),
])
def test_writing_the_default_graph_is_refused_where_it_is_written(store, update, what):
    store.replace_graphs({g("a"): [quad("x", 1, g("a"))]})
    with pytest.raises(InputError) as caught:
        store.update(update)
    assert what in str(caught.value) and "GRAPH" in str(caught.value)
    if "\n" in update:
        assert "line 2, column 3" in str(caught.value)
    assert union_rows(store) == [(EX + "x", P.value, "1")] and store.count() == 1


def test_a_syntax_error_keeps_its_position(store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.update(f"INSERT DATA {{ GRAPH <{EX}g/a> {{ <{EX}s> <{EX}p> }} }}")
    assert caught.value.line == 1 and caught.value.column == len(f"INSERT DATA {{ GRAPH <{EX}g/a> {{ <{EX}s> <{EX}p> ") + 1


def test_a_failed_write_leaves_the_union_as_it_was(store, monkeypatch):
    store.replace_graphs({g("a"): [quad("x", 1, g("a"))]})

    def fail(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(store, "_run_update", fail)  # the MOVE of a replaced graph fails after the writes
    with pytest.raises(StoreError, match="nothing was changed"):
        store.replace_graphs({g("a"): [quad("y", 2, g("a"))], g("new"): [quad("z", 3, g("new"))]})
    monkeypatch.undo()
    assert union_rows(store) == [(EX + "x", P.value, "1")]
    assert [n.value for n in store.named_graphs()] == [g("a").value]


def test_a_store_written_without_the_union_gets_it_when_opened(tmp_path):
    raw = ox.Store(str(tmp_path / "old"))
    raw.extend([quad("x", 1, g("a")), quad("x", 1, g("b"))])
    raw.flush()
    del raw
    store = OxigraphStore(tmp_path / "old")
    assert union_rows(store) == [(EX + "x", P.value, "1")]
    store.close()


def test_random_writes_keep_the_union_equal_to_the_named_graphs(store):
    rng = random.Random(7)
    names = [g(str(i)) for i in range(4)]
    for step in range(40):
        graph = rng.choice(names)
        action = rng.choice(["replace", "drop", "insert", "delete", "move"])
        if action == "replace":
            store.replace_graphs({graph: [quad(f"s{rng.randrange(6)}", rng.randrange(3), graph) for _ in range(rng.randrange(5))]})
        elif action == "drop":
            store.drop_graphs([graph])
        elif action == "insert":
            store.update(f"INSERT DATA {{ GRAPH <{graph.value}> {{ <{EX}s{rng.randrange(6)}> <{P.value}> {rng.randrange(3)} }} }}")
        elif action == "delete":
            store.update(f"DELETE {{ GRAPH <{graph.value}> {{ ?s ?p {rng.randrange(3)} }} }} "
                         f"WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
        else:
            store.update(f"ADD SILENT <{graph.value}> TO <{rng.choice(names).value}>")
        assert union_rows(store) == model_union(store), f"step {step}: {action} {graph.value}"
        assert not [n for n in store.named_graphs() if n.value.startswith("urn:egovkg:")]


def test_bulk_writes_in_chunks_write_everything(store, monkeypatch):
    monkeypatch.setattr(OxigraphStore, "BULK_THRESHOLD", 10)
    monkeypatch.setattr(OxigraphStore, "BULK_CHUNK", 7)  # quads of named graphs and the union interleave
    graphs = {g(str(i)): [quad(f"s{j}", j % 5, g(str(i))) for j in range(23)] for i in range(3)}
    store.replace_graphs(graphs)
    assert store.count() == 69 and len(union_rows(store)) == 23 == len(model_union(store))


def test_graphs_with_a_fragment_are_replaced_and_updated(store):
    frag = NamedNode(EX + "g#2024")
    store.replace_graphs({frag: [quad("x", 1, frag)]})
    store.replace_graphs({frag: [quad("y", 2, frag)]})
    store.update(f"INSERT DATA {{ GRAPH <{frag.value}> {{ <{EX}z> <{P.value}> 3 }} }}")
    assert union_rows(store) == model_union(store) == [(EX + "y", P.value, "2"), (EX + "z", P.value, "3")]
    assert [n.value for n in store.named_graphs()] == [frag.value]
