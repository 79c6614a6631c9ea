"""The graph layer: a store of quads, and everything computed from it. One wing per concern, imported one
way (``sparql ← store ← kg ← {endpoint, network ← views, compliance}``; ``tests/test_layers.py`` keeps it so):

- ``sparql/``      the language without I/O: the scan, result types, result formats
- ``store/``       where quads live: the ``Store`` protocol, the embedded Oxigraph store, a remote SPARQL server
- ``kg``           :class:`KnowledgeGraph`: a store plus its IRIs; load, query, stats, export
- ``units``        the administrative units and their validity (read by network and compliance)
- ``sandbox``      no network and a memory cap for what evaluates strangers' SPARQL; its limits
- ``endpoint/``    running strangers' SPARQL within limits: executor, worker pool, service description, examples
- ``network/``     the networkx projection and what is computed from it: search, paths, impact, details
- ``views/``       drawing the network (with its own scripts and templates, which the API mounts)
- ``compliance/``  the graph as of a date, rules, engine, reports

Endpoint, network and compliance never import one another. Nothing here imports ``api``, the CLI or the
settings: the front doors open the store and hand it in.
"""

from graph.kg import KnowledgeGraph
from graph.store import Store

__all__ = ["KnowledgeGraph", "Store"]
