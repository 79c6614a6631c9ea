"""A lexical scan of SPARQL text: what a query or update asks for, read before the engine runs it.

The endpoint refuses outbound network (``SERVICE``, ``LOAD``) and checks the graphs a query names in
``FROM`` / ``FROM NAMED`` before Oxigraph sees the text — Oxigraph would open an HTTP connection for
``SERVICE`` and ``LOAD``, and offers no switch to stop it. A full parser is not needed for that, and
would be a second grammar that drifts from the engine's: SPARQL keywords can only appear as bare
words, so splitting the text into the language's tokens (IRIs, strings, comments, variables,
prefixed names, words) and looking at the bare words is enough, and exact. A keyword inside a
string, an IRI, a comment or a prefixed name (``ex:service``) is not a keyword and is not flagged.

Why the scan cannot be fooled into missing a keyword the engine then runs: every token this scan
reads as something other than a bare word (an IRI ``<…>``, a string, a comment) is one the engine
reads the same way, or the engine refuses the text. An IRI cannot contain spaces, braces or ``<``,
so no ``SERVICE … { … }`` or ``LOAD <…>`` fits inside one.

**Codepoint escapes** (``\\uXXXX``, ``\\UXXXXXXXX``). SPARQL 1.1 (Query §19.2) processes them before
parsing; Oxigraph decodes them inside IRIs and strings and refuses them elsewhere. An earlier scan
did not take an IRI holding one for an IRI, read the ``#`` inside it as a comment, and so missed
a ``SERVICE`` on the rest of the line that the engine then ran. Now: an IRI token may hold
escapes (and :meth:`_Names.resolve` decodes them, so ``FROM <…\\u0041>`` names the graph the
engine reads); a backslash anywhere outside a string, an IRI or a prefixed name's escape is
refused (:func:`check_scannable`), whatever the engine would make of it; and the network keywords
are looked for both in the text as written and in the text with every escape decoded as the
specification says (:func:`decode_codepoints`), so either reading of the text is covered.

This module never runs a query and imports nothing from the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
#: keywords that make the engine reach the network
NETWORK_KEYWORDS = ("SERVICE", "LOAD")

_PN_CHARS_BASE = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_UCHAR_RE = re.compile(_UCHAR)

_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[{_PN_CHARS}.]*)
  | (?P<pname>(?:[{_PN_CHARS_BASE}][{_PN_CHARS}.]*)?:(?:[{_PN_CHARS}:.%]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, lang, bnode, pname, word, number, punct
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` without whitespace and comments. Unknown characters become one-char
    punctuation tokens: the scan never fails; the engine reports syntax errors."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if kind in ("pname", "bnode") and value.endswith(".") and len(value) > 1:
            # a local name cannot end with '.': that dot ends the triple
            stripped = value.rstrip(".")
            out.append(Token(kind, stripped, match.start()))
            out.extend(Token("punct", ".", match.start() + len(stripped) + i) for i in range(len(value) - len(stripped)))
            continue
        out.append(Token(kind, value, match.start()))
    return out


def decode_codepoints(text: str) -> str:
    """``text`` with every codepoint escape decoded, as SPARQL 1.1 Query §19.2 has it done before
    parsing. An escape of a surrogate or of a value beyond Unicode is left as it is (the engine
    refuses it)."""

    def one(match: re.Match[str]) -> str:
        value = int(match.group()[2:], 16)
        return match.group() if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF else chr(value)

    return _UCHAR_RE.sub(one, text)


@dataclass(frozen=True)
class Unscannable:
    """Where a text holds something the scan cannot read as the engine does: a backslash outside a
    string, an IRI or a prefixed name (a codepoint escape there, or any other)."""

    offset: int
    line: int
    column: int

    def message(self, what: str) -> str:
        return (f"line {self.line}, column {self.column}: this {what} has a backslash (a codepoint escape such as "
                "\\u0041) outside a string or an IRI; this endpoint refuses it, since it cannot check what the "
                "engine would read there")


def check_scannable(text: str, toks: list[Token] | None = None) -> Unscannable | None:
    """The first place ``text`` holds a backslash outside a string, an IRI or a prefixed name; None
    when there is none. ``toks``: the text's tokens, when the caller has them already."""
    for tok in tokens(text) if toks is None else toks:
        if tok.kind == "punct" and tok.text == "\\":
            line = text.count("\n", 0, tok.start) + 1
            return Unscannable(tok.start, line, tok.start - (text.rfind("\n", 0, tok.start) + 1) + 1)
    return None


def network_keywords(text: str, toks: list[Token] | None = None) -> tuple[str, ...]:
    """The network keywords (upper-case) of ``text`` read as written or with its codepoint escapes
    decoded first: the engine reads one of the two. ``toks``: the text's tokens, when known."""
    found = set(_network(tokens(text) if toks is None else toks))
    decoded = decode_codepoints(text)
    if decoded != text:
        found |= set(_network(tokens(decoded)))
    return tuple(sorted(found))


def network_refusal(text: str, what: str, *, refused_by: str, allow_network: bool = False) -> str | None:
    """Why ``text`` (a ``what``: query, update, rule query) must not reach the engine: a place the scan cannot
    read, or (unless ``allow_network``) SERVICE or LOAD, which ``refused_by`` ("this endpoint never does …")
    says who refuses; None when nothing stands in its way. Every path into the engine asks this (the
    endpoint through the facts its scan gathered, :func:`refusal`)."""
    toks = tokens(text)
    where = check_scannable(text, toks)
    return refusal(where, () if allow_network or where else network_keywords(text, toks), what, refused_by)


def refusal(where: Unscannable | None, keywords: tuple[str, ...], what: str, refused_by: str) -> str | None:
    """The message of :func:`network_refusal` from what a scan found."""
    if where is not None:
        return where.message(what)
    if keywords:
        return f"this {what} uses {' and '.join(keywords)}, which would reach out to the network; {refused_by}"
    return None


@dataclass
class _Names:
    """Resolves IRIs as the engine would: BASE for relative IRIs, PREFIX declarations (and the
    predeclared prefixes) for prefixed names."""

    base: str | None
    prefixes: dict[str, str]

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = decode_codepoints(token.text[1:-1])
            return urljoin(self.base, iri) if self.base and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) else iri
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            ns = self.prefixes.get(prefix)
            return ns + re.sub(r"\\(.)", r"\1", local) if ns is not None else None
        return None

    def declare(self, toks: list[Token], i: int) -> int:
        """Consume a PREFIX or BASE declaration at ``toks[i]``; the index after it."""
        kw = toks[i].keyword
        if kw == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            self.base = self.resolve(toks[i + 1])
            return i + 2
        if kw == "PREFIX" and i + 2 < len(toks) and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            self.prefixes[toks[i + 1].text.rstrip(":")] = self.resolve(toks[i + 2]) or ""
            return i + 3
        return i + 1


@dataclass(frozen=True)
class QueryFacts:
    """What a query text asks for. ``form`` is None when the text is not a query the scan recognises
    (the engine then reports why)."""

    form: str | None
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    network: tuple[str, ...] = ()  # the network keywords it uses, upper-case
    unscannable: Unscannable | None = None  # where it cannot be read as the engine reads it

    @property
    def declares_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def scan_query(text: str, *, prefixes: dict[str, str] | None = None, base_iri: str | None = None) -> QueryFacts:
    toks = tokens(text)
    names = _Names(base_iri, dict(prefixes or {}))
    form: str | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    i = 0
    while i < len(toks):
        kw = toks[i].keyword
        if form is None and kw in ("BASE", "PREFIX"):
            i = names.declare(toks, i)
            continue
        if form is None and kw in QUERY_FORMS:
            form = kw
        elif kw == "FROM" and i + 1 < len(toks):
            named = toks[i + 1].keyword == "NAMED"
            target = toks[i + 2] if named and i + 2 < len(toks) else toks[i + 1]
            iri = names.resolve(target)
            if iri is not None:
                (from_named if named else from_graphs).append(iri)
        i += 1
    return QueryFacts(form, tuple(from_graphs), tuple(from_named), network_keywords(text, toks),
                      check_scannable(text, toks))


def _network(toks: list[Token]) -> tuple[str, ...]:
    return tuple(sorted({t.keyword for t in toks if t.keyword in NETWORK_KEYWORDS}))  # type: ignore[misc]


@dataclass(frozen=True)
class UpdateFacts:
    """What an update text asks for.

    ``modify_wheres`` are the offsets of the ``WHERE`` of each ``DELETE/INSERT … WHERE`` operation,
    where protocol-given ``USING`` clauses go; ``shorthand_deletes`` counts ``DELETE WHERE { … }``
    operations, which cannot take them.
    """

    network: tuple[str, ...] = ()
    declares_dataset: bool = False  # USING, USING NAMED or WITH
    modify_wheres: tuple[int, ...] = ()
    shorthand_deletes: int = 0
    unscannable: Unscannable | None = None


def scan_update(text: str) -> UpdateFacts:
    toks = tokens(text)
    depth = 0
    wheres: list[int] = []
    shorthand = 0
    declares = False
    in_modify = False  # between the start of a DELETE/INSERT … WHERE operation and its WHERE
    for i, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text in "{}":
            depth = depth + 1 if tok.text == "{" else max(0, depth - 1)
            continue
        if depth:
            continue  # templates and group patterns: nothing there changes the dataset
        kw = tok.keyword
        following = toks[i + 1].keyword if i + 1 < len(toks) else None
        if kw in ("USING", "WITH"):
            declares = True
        if kw == "WITH" or (kw in ("INSERT", "DELETE") and following not in ("DATA", "WHERE")):
            in_modify = True
        elif kw == "DELETE" and following == "WHERE":
            shorthand += 1
        elif kw == "WHERE" and in_modify:
            wheres.append(tok.start)
            in_modify = False
    return UpdateFacts(network_keywords(text, toks), declares, tuple(wheres), shorthand, check_scannable(text, toks))


def with_using(text: str, facts: UpdateFacts, using: list[str], using_named: list[str]) -> str:
    """The update with protocol-given ``USING`` / ``USING NAMED`` clauses put before the ``WHERE`` of
    every ``DELETE/INSERT … WHERE`` operation (SPARQL 1.1 Protocol §2.2.3)."""
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    out, last = [], 0
    for where in facts.modify_wheres:
        out += [text[last:where], clause]
        last = where
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class UpdateWrites:
    """Which graphs an update writes, read from its text (for a store whose default graph is derived
    from the named graphs, see :class:`graph.store.OxigraphStore`).

    ``graphs`` are the named graphs it writes by IRI; ``any_graph`` is true when it writes graphs the
    text does not name (``GRAPH ?g`` in a template, ``CLEAR ALL``, ``DROP NAMED`` …); ``default`` lists
    the operations that write the default graph itself, as ``(offset, what)``."""

    graphs: tuple[str, ...] = ()
    any_graph: bool = False
    default: tuple[tuple[int, str], ...] = ()
    operations: int = 0


def _block_end(toks: list[Token], i: int) -> int:
    """The index after the ``}`` that closes the ``{`` at ``toks[i]``."""
    depth = 0
    while i < len(toks):
        if toks[i].kind == "punct" and toks[i].text == "{":
            depth += 1
        elif toks[i].kind == "punct" and toks[i].text == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def scan_update_writes(text: str, *, prefixes: dict[str, str] | None = None,
                       base_iri: str | None = None) -> UpdateWrites:
    """What ``text`` writes. The scan reads the operations the grammar allows at the top level and
    the templates and data blocks inside them; a text the engine will refuse may be misread, but
    then the engine refuses it."""
    toks = tokens(text)
    names = _Names(base_iri, dict(prefixes or {}))
    graphs: list[str] = []
    default: list[tuple[int, str]] = []
    any_graph = False
    operations = 0
    with_graph: str | None = None

    def graph_ref(j: int) -> tuple[str | None, int]:
        """``GRAPH? iri`` or ``DEFAULT`` at ``j``: (IRI or "DEFAULT", index after)."""
        if j < len(toks) and toks[j].keyword == "DEFAULT":
            return "DEFAULT", j + 1
        if j < len(toks) and toks[j].keyword == "GRAPH":
            j += 1
        return (names.resolve(toks[j]) if j < len(toks) else None), j + 1

    def template(j: int, verb: str, graph: str | None) -> int:
        """The quads block at ``toks[j]`` (``{``): record what it writes; the index after it."""
        nonlocal any_graph
        end = _block_end(toks, j)
        k = j + 1
        reported = False
        while k < end - 1:
            tok = toks[k]
            if tok.keyword == "GRAPH" and k + 1 < end:
                target = toks[k + 1]
                if target.kind in ("var",):
                    any_graph = True
                else:
                    iri = names.resolve(target)
                    if iri is not None:
                        graphs.append(iri)
                k = _block_end(toks, k + 2)
                continue
            if tok.kind == "punct" and tok.text in ".;,":
                k += 1
                continue
            if graph is not None:
                graphs.append(graph)
            elif not reported:
                default.append((tok.start, f"{verb} the default graph"))
                reported = True
            k = _block_end(toks, k) if tok.kind == "punct" and tok.text == "{" else k + 1
        return end

    i = 0
    while i < len(toks):
        tok = toks[i]
        kw = tok.keyword
        if kw in ("BASE", "PREFIX"):
            i = names.declare(toks, i)
            continue
        if tok.kind == "punct" and tok.text == ";":
            with_graph = None
            i += 1
            continue
        following = toks[i + 1].keyword if i + 1 < len(toks) else None
        if kw in ("CLEAR", "DROP"):
            operations += 1
            j = i + 1 + (following == "SILENT")
            what = toks[j].keyword if j < len(toks) else None
            if what in ("ALL", "NAMED"):
                any_graph = True
                i = j + 1
            elif what == "DEFAULT":
                default.append((tok.start, f"{kw} DEFAULT clears the default graph"))
                i = j + 1
            else:
                iri, i = graph_ref(j)
                if iri is not None:
                    graphs.append(iri)
        elif kw in ("ADD", "MOVE", "COPY"):
            operations += 1
            j = i + 1 + (following == "SILENT")
            source, j = graph_ref(j)
            if j < len(toks) and toks[j].keyword == "TO":
                target, j = graph_ref(j + 1)
            else:
                target = None
            if target == "DEFAULT":
                default.append((tok.start, f"{kw} … TO DEFAULT writes the default graph"))
            elif target is not None:
                graphs.append(target)
            if kw == "MOVE" and source == "DEFAULT":
                default.append((tok.start, "MOVE DEFAULT clears the default graph"))
            elif kw == "MOVE" and source is not None:
                graphs.append(source)
            i = j
        elif kw == "CREATE":
            operations += 1
            i += 1
        elif kw == "LOAD":
            operations += 1
            j = i + 1
            while j < len(toks) and toks[j].keyword != "INTO" and toks[j].text != ";":
                j += 1
            if j < len(toks) and toks[j].keyword == "INTO":
                iri, j = graph_ref(j + 1)
                if iri is not None:
                    graphs.append(iri)
            else:
                default.append((tok.start, "LOAD without INTO GRAPH writes the default graph"))
            i = j
        elif kw == "WITH":
            operations += 1
            with_graph = names.resolve(toks[i + 1]) if i + 1 < len(toks) else None
            i += 2
        elif kw in ("INSERT", "DELETE") and following == "DATA":
            operations += 1
            j = i + 2
            i = template(j, "inserts into" if kw == "INSERT" else "deletes from", None) if j < len(toks) else j
        elif kw == "DELETE" and following == "WHERE":
            operations += 1
            i = template(i + 2, "deletes from", None) if i + 2 < len(toks) else i + 2
        elif kw in ("INSERT", "DELETE") and i + 1 < len(toks) and toks[i + 1].text == "{":
            if with_graph is None:
                operations += 1
            i = template(i + 1, "inserts into" if kw == "INSERT" else "deletes from", with_graph)
        elif kw == "WHERE" and i + 1 < len(toks) and toks[i + 1].text == "{":
            i = _block_end(toks, i + 1)  # a pattern: read, not written
        elif kw == "USING":
            i += 3 if following == "NAMED" else 2
        else:
            i += 1
    return UpdateWrites(tuple(dict.fromkeys(graphs)), any_graph, tuple(default), operations)
