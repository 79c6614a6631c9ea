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
so no ``SERVICE … { … }`` or ``LOAD <…>`` fits inside one; Oxigraph does not decode ``\\uXXXX``
escapes outside strings and IRIs, so ``\\u0053ERVICE`` is a syntax error, not a keyword.

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

_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
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


@dataclass
class _Names:
    """Resolves IRIs as the engine would: BASE for relative IRIs, PREFIX declarations (and the
    predeclared prefixes) for prefixed names."""

    base: str | None
    prefixes: dict[str, str]

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = token.text[1:-1]
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
    return QueryFacts(form, tuple(from_graphs), tuple(from_named), _network(toks))


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
    return UpdateFacts(_network(toks), declares, tuple(wheres), shorthand)


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
