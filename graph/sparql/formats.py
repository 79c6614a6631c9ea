"""Query results written out: the W3C SPARQL 1.1 result formats (JSON, XML, CSV, TSV), RDF formats for
graph results, and a plain-text table for people at a terminal.
"""

from __future__ import annotations

import re

import csv
import io
import json
from collections.abc import Mapping

import pyoxigraph as ox
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult, Term

# XML escapes of text and of a double-quoted attribute (not xml.sax.saxutils: it imports urllib.request, 8 ms of
# every command's start)
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                                "\t": "&#9;"})


def escape(text: str) -> str:
    return text.translate(_XML_TEXT)


def quoteattr(text: str) -> str:
    return '"' + text.translate(_XML_ATTRIBUTE) + '"'

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: result media types for SELECT/ASK, and RDF media types for CONSTRUCT/DESCRIBE
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: other names of each format that clients send, in ``Accept`` or in a ``format`` parameter
#: (SPARQLWrapper sends format=json/xml/csv/tsv/turtle/n3/rdf+xml/json-ld, Virtuoso-style clients send
#: media types). For a graph result, "json" and "xml" mean JSON-LD and RDF/XML.
RESULT_ALIASES: dict[str, tuple[str, ...]] = {
    "json": ("application/json", "srj", "sparql-results+json"),
    "xml": ("application/xml", "text/xml", "srx", "sparql-results+xml"),
    "csv": (),
    "tsv": (),
}
GRAPH_ALIASES: dict[str, tuple[str, ...]] = {
    "turtle": ("ttl", "n3", "text/n3", "application/turtle", "application/x-turtle"),
    "ntriples": ("nt", "n-triples", "text/plain"),
    "jsonld": ("json-ld", "json", "application/json", "application/x-json+ld"),
    "rdfxml": ("rdf+xml", "rdf", "xml", "application/xml", "text/xml"),
}
#: the W3C format IRIs (https://www.w3.org/ns/formats/) of the formats above, for service descriptions
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
}


def _json_term(term: Term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def to_json(result: SelectResult | AskResult) -> bytes:
    if isinstance(result, AskResult):
        return json.dumps({"head": {}, "boolean": result.value}).encode()
    bindings = [
        {var: _json_term(value) for var, value in zip(result.variables, row) if value is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def to_xml(result: SelectResult | AskResult) -> bytes:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if isinstance(result, AskResult):
        out += ["</head>", f"<boolean>{'true' if result.value else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out).encode()
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>"
                for var, value in zip(result.variables, row) if value is not None]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out).encode()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return str(term)
    return term.value


def to_csv(result: SelectResult | AskResult) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerow(["_askResult"])
        writer.writerow(["true" if result.value else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(v) for v in row])
    return buf.getvalue().encode()


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and not term.language:
        # Numbers in their short form, as SPARQL 1.1 TSV allows for integers, decimals and doubles
        short = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
                 "http://www.w3.org/2001/XMLSchema#double"}
        if term.datatype.value in short and _is_canonical_number(term):
            return term.value
    return str(term)


def _is_canonical_number(term: Literal) -> bool:
    import re

    return bool(re.fullmatch(r"[+-]?(\d+|\d*\.\d+([eE][+-]?\d+)?|\d+[eE][+-]?\d+)", term.value))


def to_tsv(result: SelectResult | AskResult) -> bytes:
    if isinstance(result, AskResult):
        return f"?_askResult\n{'true' if result.value else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(v) for v in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}


def write_results(result: SelectResult | AskResult, fmt: str) -> bytes:
    return WRITERS[fmt](result)


def write_graph(result: GraphResult, fmt: str, prefixes: Mapping[str, str] | None = None) -> bytes:
    """A graph result in an RDF format; Turtle declares those of ``prefixes`` that the triples use."""
    rdf_format = GRAPH_FORMATS[fmt]
    kwargs = {"prefixes": _used_prefixes(result.triples, prefixes)} if prefixes and fmt == "turtle" else {}
    return ox.serialize(result.triples, format=rdf_format, **kwargs)


def _used_prefixes(triples: list[Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, NamedNode)}
    iris |= {t.datatype.value for triple in triples for t in (triple.object,) if isinstance(t, Literal)}
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def serialize(result: QueryResult, fmt: str, prefixes: Mapping[str, str] | None = None) -> bytes:
    """Any result in one of the formats above (a graph format for CONSTRUCT/DESCRIBE, a results
    format for SELECT/ASK)."""
    if isinstance(result, GraphResult):
        return write_graph(result, fmt, prefixes)
    return write_results(result, fmt)


def shorten(value: str, prefixes: Mapping[str, str]) -> str:
    """``https://w3id.org/egovkg/id/system/ndxp`` → ``system:ndxp``, for reading at a terminal."""
    best = ""
    for prefix, ns in prefixes.items():
        if value.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{value[len(prefixes[best]):]}" if best else value


def _table_cell(term: Term | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return shorten(term.value, prefixes)
    if isinstance(term, Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def to_table(result: QueryResult, prefixes: Mapping[str, str], *, max_width: int = 60) -> str:
    if isinstance(result, AskResult):
        return "yes" if result.value else "no"
    if isinstance(result, GraphResult):
        return write_graph(result, "turtle", prefixes).decode()
    cells = [[_table_cell(v, prefixes) for v in row] for row in result.rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    tail = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}{', truncated' if result.truncated else ''})"
    return "\n".join(out + [tail])


_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\^{}|]+", re.IGNORECASE)


def web_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL a page may link to, else None: a page shows any other value
    (``javascript:``, ``data:``, a relative path, a value with spaces or quotes) as text, never as a
    link, whatever a loaded RDF file says."""
    text = str(value).strip() if value is not None else ""
    return text if _WEB_URL.fullmatch(text) else None
