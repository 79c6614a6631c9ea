"""The lexical scan that decides what a query asks for before the engine runs it: network keywords are
found wherever the engine would see them, and nowhere else; FROM graphs resolve as the engine
resolves them; protocol USING clauses land before the right WHERE."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.sparql.lexer import check_scannable, scan_query, scan_update, tokens, with_using

PREFIXES = {"ex": "http://example.org/", "egov": "https://w3id.org/egovkg/ontology#"}


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE{FILTER(1<2)SERVICE<http://x/>{?s?p?o}FILTER(3>2)}",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "PREFIX s: <http://x/>\nSELECT * WHERE { ?a ?b \"x\" # comment\n SERVICE s: { ?s ?p ?o } }",
    "ASK { OPTIONAL { SERVICE <http://x/> {} } }",
])
def test_service_is_found_wherever_the_engine_sees_it(query):
    assert scan_query(query).network == ("SERVICE",)


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service ex:service 'SERVICE <http://x/> { }' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { ?s ?p ?o }",
    "SELECT * WHERE { ?s <http://x/SERVICE> \"\"\"LOAD <http://x/>\nSERVICE <y> {}\"\"\" }",
    "SELECT * WHERE { ?s ex:load ?o ; ex:SERVICE ?x . ?o ?p 'it''s SERVICE' }",
    "SELECT * WHERE { ?s ?p \"say \\\"SERVICE <x> {}\\\"\"@en }",
])
def test_service_in_strings_comments_iris_and_names_is_not_a_keyword(query):
    assert scan_query(query, prefixes=PREFIXES).network == ()


def test_an_escaped_keyword_is_flagged_and_refused_whatever_the_engine_makes_of_it():
    # SPARQL decodes \\u escapes before parsing (Query §19.2); Oxigraph refuses them outside strings and
    # IRIs. The scan reads both ways: the decoded text names SERVICE, and the escape is unscannable.
    query = r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert scan_query(query).network == ("SERVICE",)
    assert check_scannable(query) is not None and check_scannable(query).column == 18
    with pytest.raises(SyntaxError):
        ox.Store().query(query)


def test_query_forms_and_dataset():
    facts = scan_query("BASE <http://base/dir/>\nPREFIX g: <http://graphs/>\n"
                       "CONSTRUCT { ?s ?p ?o } FROM g:one FROM NAMED <two> FROM <http://abs/x> WHERE { ?s ?p ?o }")
    assert facts.form == "CONSTRUCT" and facts.returns_graph
    assert facts.from_graphs == ("http://graphs/one", "http://abs/x")
    assert facts.from_named_graphs == ("http://base/dir/two",)
    assert scan_query("ask {}").form == "ASK" and not scan_query("ask {}").declares_dataset
    assert scan_query("DESCRIBE <http://x>").form == "DESCRIBE"
    assert scan_query("SELECT * FROM ex:g WHERE {}", prefixes=PREFIXES).from_graphs == ("http://example.org/g",)
    assert scan_query("SELECT * FROM <g> WHERE {}", base_iri="http://host/sparql").from_graphs == ("http://host/g",)
    assert scan_query("INSERT DATA { <a> <b> <c> }").form is None


def test_a_dot_after_a_prefixed_name_ends_the_triple():
    kinds = [(t.kind, t.text) for t in tokens("?s ex:p ex:o. ?s a _:b.")]
    assert ("pname", "ex:o") in kinds and ("bnode", "_:b") in kinds and kinds.count(("punct", ".")) == 2


def test_update_scan():
    assert scan_update("LOAD <http://x/data.ttl> INTO GRAPH <g>").network == ("LOAD",)
    assert scan_update("INSERT DATA { <a> <b> 'LOAD <x>' }").network == ()
    assert scan_update("DELETE WHERE { SERVICE <http://x/> { ?s ?p ?o } }").network == ("SERVICE",)
    assert scan_update("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").declares_dataset
    assert scan_update("DELETE { ?s ?p ?o } USING <g> WHERE { ?s ?p ?o }").declares_dataset
    assert not scan_update("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }").declares_dataset


def test_using_clauses_go_before_each_modify_where_and_nowhere_else():
    update = ("CLEAR ALL ; INSERT DATA { GRAPH <g> { <a> a <b> } } ;\n"
              "INSERT { GRAPH <t> { ?s a <c> } } WHERE { ?s a <d> { SELECT * WHERE { ?x ?y ?z } } } ;\n"
              "DELETE { ?a ?b ?c } INSERT { ?a ?b 1 } WHERE { ?a ?b ?c } ; DELETE WHERE { ?a ?b ?c }")
    facts = scan_update(update)
    assert len(facts.modify_wheres) == 2 and facts.shorthand_deletes == 1
    rewritten = with_using(update, facts, ["http://g1"], ["http://g2"])
    assert rewritten.count("USING <http://g1> USING NAMED <http://g2> WHERE") == 2
    assert "SELECT * WHERE { ?x" in rewritten and "DELETE WHERE { ?a" in rewritten
    ox.Store().update(rewritten.replace("; DELETE WHERE { ?a ?b ?c }", ""), base_iri="http://base/")  # it parses


def test_update_writes_names_the_graphs_and_finds_default_graph_writes():
    from graph.sparql.lexer import scan_update_writes

    ex = {"ex": "http://e/"}
    facts = scan_update_writes("WITH ex:g DELETE { ?s ?p ?o } INSERT { GRAPH ex:h { ?s ?p 'INSERT DATA { <a> <b> <c> }' } } "
                               "USING ex:u WHERE { GRAPH ?any { ?s ?p ?o } ?s ?p [ ex:q 1 ] }", prefixes=ex)
    assert facts.graphs == ("http://e/g", "http://e/h") and not facts.any_graph and not facts.default
    # WITH ends with its operation: the next template without GRAPH writes the default graph
    facts = scan_update_writes("WITH <http://e/g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ;\n"
                               "INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }")
    assert facts.graphs == ("http://e/g",) and facts.default[0][1] == "inserts into the default graph"
    assert scan_update_writes("# INSERT DATA { <a> <b> <c> }\nINSERT DATA { GRAPH <http://e/g> { [ <http://e/p> 1 ] } }"
                              ).default == ()
    assert scan_update_writes("INSERT DATA { [ <http://e/p> 1 ] }").default[0][0] == len("INSERT DATA { ")
    assert scan_update_writes("CLEAR NAMED").any_graph and scan_update_writes("DROP SILENT ALL").any_graph
    assert scan_update_writes("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }").any_graph
    assert scan_update_writes("COPY DEFAULT TO GRAPH <http://e/c>").graphs == ("http://e/c",)
    assert scan_update_writes("MOVE <http://e/a> TO <http://e/b>").graphs == ("http://e/b", "http://e/a")
    assert [w[1] for w in scan_update_writes("MOVE DEFAULT TO <http://e/b> ; CLEAR DEFAULT").default] == [
        "MOVE DEFAULT clears the default graph", "CLEAR DEFAULT clears the default graph"]
    assert scan_update_writes("CREATE GRAPH <http://e/n>").graphs == ()
    assert scan_update_writes("PREFIX ex: <http://e/>").operations == 0
