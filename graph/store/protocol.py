"""The wire side of a remote SPARQL 1.1 server: query forms, prefixes, result parsing, batching.

Plain functions with no network access, so :mod:`graph.store.remote` stays about HTTP and the store
contract. Results are parsed from SPARQL JSON by hand rather than with
``pyoxigraph.parse_query_results`` because servers in the wild send what that strict parser refuses:
Virtuoso labels blank nodes ``nodeID://b10000`` (not a valid blank-node label), uses the old
``typed-literal`` type, writes ``true`` as ``"1"^^xsd:boolean`` and answers ASK with a one-column
SELECT (``__ASK_RETVAL``). Each quirk is normalised here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graph.sparql.results import Term

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# the prologue of a query: comments, BASE and PREFIX declarations (IRIs may hold '#')
_PROLOGUE_ITEM = re.compile(r"\s*(?:#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)", re.IGNORECASE)
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
_DECLARED = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)
_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read after the prologue; None when it is none of them."""
    pos = 0
    while True:
        match = _PROLOGUE_ITEM.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
    word = _FIRST_WORD.match(text, pos)
    form = word.group(1).upper() if word else ""
    return form if form in QUERY_FORMS else None


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which protocol parameters would override."""
    return _DATASET_CLAUSE.search(text) is not None


def with_prefixes(text: str, prefixes: Mapping[str, str] | None) -> str:
    """Prepend, on one line, the predeclared prefixes the text uses and does not declare itself.

    One line so that a server's line numbers are off by exactly one (see :func:`shift_line`).
    """
    if not prefixes:
        return text
    declared = {m.group(1) for m in _DECLARED.finditer(text)}
    used = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in prefixes.items()
        if name not in declared and re.search(rf"(?<![\w.\-]){re.escape(name)}:", text)
    ]
    return (" ".join(used) + "\n" + text) if used else text


def with_base(text: str, base_iri: str | None) -> str:
    """Declare ``base_iri`` (on the first line, before any PREFIX: Virtuoso takes BASE only first) unless the text
    declares its own BASE."""
    if base_iri is None or re.search(r"(?i)\bBASE\s*<", text):
        return text
    return f"BASE <{base_iri}> " + text


def shift_line(message: str, by: int) -> str:
    """Correct 'line N' in a server's error message for the prefix line we prepended."""
    if not by:
        return message
    return re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m.group(1)) - by)}", message, count=1)


def server_message(body: str, limit: int = 300) -> str:
    """The useful first part of a server's error text (servers echo the whole query after it)."""
    text = re.sub(r"<[^>]+>", " ", body)  # some servers answer errors in HTML
    first = next((line.strip() for line in text.splitlines() if line.strip()), "no message")
    return first if len(first) <= limit else first[: limit - 1] + "…"


# -- results -----------------------------------------------------------------------------------
def blank_node(label: str) -> BlankNode:
    """A blank node from a server's label, made valid: 'nodeID://b10000' becomes 'b10000'."""
    label = label.removeprefix("nodeID://").removeprefix("_:")
    if not _BNODE_LABEL.match(label):
        label = "x" + label.encode().hex()
    return BlankNode(label)


def json_term(binding: Mapping) -> Term:
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return blank_node(value)
    if kind in ("literal", "typed-literal"):
        language = binding.get("xml:lang")
        if language:
            return Literal(value, language=language)
        datatype = binding.get("datatype")
        if datatype is None:
            return Literal(value)
        if datatype == XSD_BOOLEAN and value in ("1", "0"):
            value = "true" if value == "1" else "false"
        return Literal(value, datatype=NamedNode(datatype))
    if kind == "triple":
        return Triple(json_term(value["subject"]), json_term(value["predicate"]), json_term(value["object"]))
    raise ValueError(f"unknown term type {kind!r} in a SPARQL JSON result")


def json_rows(document: Mapping, row_cap: int | None) -> tuple[list[str], list[tuple[Term | None, ...]], bool]:
    """Variables, rows (at most ``row_cap``) and whether rows were left out."""
    variables = list(document.get("head", {}).get("vars", []))
    bindings = document.get("results", {}).get("bindings", [])
    truncated = row_cap is not None and len(bindings) > row_cap
    if truncated:
        bindings = bindings[:row_cap]
    rows = [
        tuple(json_term(b[v]) if v in b else None for v in variables)
        for b in bindings
    ]
    return variables, rows, truncated


def json_boolean(document: Mapping) -> bool:
    """An ASK answer; Virtuoso sends a one-column SELECT whose single row means true."""
    if "boolean" in document:
        return bool(document["boolean"])
    bindings = document.get("results", {}).get("bindings", [])
    if not bindings:
        return False
    first = next(iter(bindings[0].values()), {"value": "1"})
    return first.get("value") not in ("0", "false")


# -- writing -----------------------------------------------------------------------------------
def _has_blank(triple: Triple) -> bool:
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


def batches(triples: Sequence[Triple], size: int) -> Iterator[list[Triple]]:
    """Split triples into batches of about ``size``, never splitting the triples that share a blank node.

    A server scopes blank-node labels to one request, so a blank node whose triples went out in two
    requests would become two nodes. Triples joined by blank nodes travel together (a group larger
    than ``size`` goes out whole).
    """
    parent: dict[BlankNode, BlankNode] = {}

    def find(node: BlankNode) -> BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for t in triples:
        if isinstance(t.subject, BlankNode) and isinstance(t.object, BlankNode):
            a, b = find(t.subject), find(t.object)
            if a != b:
                parent[a] = b
    groups: dict[BlankNode, list[Triple]] = {}
    batch: list[Triple] = []
    for t in triples:
        if _has_blank(t):
            node = t.subject if isinstance(t.subject, BlankNode) else t.object
            groups.setdefault(find(node), []).append(t)
            continue
        batch.append(t)
        if len(batch) >= size:
            yield batch
            batch = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


def wide_integer(term: Term) -> bool:
    """An xsd:integer outside 32 bits (which some Turtle loaders store as xsd:decimal)."""
    if not isinstance(term, Literal) or term.datatype.value != XSD_INTEGER:
        return False
    try:
        return not -(2**31) <= int(term.value) < 2**31
    except ValueError:
        return False


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples text; its escapes are valid SPARQL too, so it also fills INSERT DATA blocks."""
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
