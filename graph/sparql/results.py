"""The result types of a SPARQL query, as every backend returns them, and the located syntax error.

No I/O here: the store backends build these, :mod:`graph.sparql.formats` writes them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from egovkg.errors import QuerySyntaxError

__all__ = ["AskResult", "GraphResult", "QueryResult", "SelectResult", "Term", "syntax_error"]

Term = Union[NamedNode, BlankNode, Literal, Triple]


@dataclass(frozen=True)
class SelectResult:
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]

    def values(self) -> list[dict[str, str | None]]:
        """Rows with each term reduced to its lexical value (handy in tests and notebooks)."""
        return [{k: (v.value if v is not None else None) for k, v in d.items()} for d in self.dicts()]


@dataclass(frozen=True)
class AskResult:
    value: bool


@dataclass(frozen=True)
class GraphResult:
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False


QueryResult = Union[SelectResult, AskResult, GraphResult]

_POSITION = re.compile(r"error at (\d+):(\d+)")


def syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """Turn a parser message such as 'error at 1:18: expected …' into a located error."""
    message = str(exc)
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        return QuerySyntaxError(f"SPARQL syntax error at line {line}, column {column}: {message[match.end():].lstrip(': ')}",
                                line=line, column=column)
    return QuerySyntaxError(f"SPARQL syntax error: {message}")


