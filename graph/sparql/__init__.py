"""The SPARQL language, with no I/O: the scan every query and update meets first, the result types
every backend returns, and the result formats of the protocol.

- ``lexer``    tokens, the scan that refuses SERVICE/LOAD (escapes read as the engine reads them), what an update writes
- ``results``  SelectResult, AskResult, GraphResult and the located syntax error
- ``formats``  SPARQL JSON, XML, CSV, TSV, RDF serialisations, the CLI's table

It imports nothing else from ``graph``: every other wing stands on it.
"""

from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult, Term, syntax_error

__all__ = ["AskResult", "GraphResult", "QueryResult", "SelectResult", "Term", "syntax_error"]
