"""The networkx projection of the graph and what is computed from it: which systems link to which.

- ``model``       node categories, the relation catalogue, edges, steps, evidence (plain data)
- ``read``        the SPARQL that reads the projection out of the store
- ``projection``  :class:`Projection`: neighbourhoods, paths, ids
- ``cache``       one projection per knowledge graph, refreshed in the background
- ``search``      finding a system by words, with or without diacritics
- ``impact``      what depends on a system, and what loses its national reach
- ``details``     a system's page: figures by year, statuses, sources
- ``coverage``    which reports cover each province
- ``diff``        what changed in a province between two years or two reports
- ``asof``        a province as the sources of one year (or one report) stated it: the layered diagram's "as of"

It stands on ``graph.kg`` (and ``graph.units``); only ``graph.views`` builds on it. It never imports the
endpoint or compliance wings, and never writes the store.
"""

from graph.network.cache import ProjectionCache
from graph.network.model import LINK_RELATIONS, SYSTEM, EdgeRef, Step
from graph.network.projection import Projection

__all__ = ["LINK_RELATIONS", "SYSTEM", "EdgeRef", "Projection", "ProjectionCache", "Step"]
