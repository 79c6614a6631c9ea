"""Drawing the network: views built from the projection, laid out on the server, rendered as vis-network
pages that need no network.

- ``build``     which nodes and edges a view holds (a neighbourhood, a path, a province, an impact, a CONSTRUCT),
  kept inside one province unless asked; what "expand" offers and adds (:func:`relation_counts`, :func:`expansion`)
- ``vis``       how a view is drawn: styles, legend, the node cap and aggregation, the standalone page
- ``layout``    positions computed on the server; the browser draws them as they are
- ``layered``   the other drawing: a province's (or a system's surroundings') architecture by layer, laid out
  here and written as one SVG (the province page, its download, ``egovkg render --layered``, the notebooks)
- ``static/``, ``templates/``  the view's scripts (vis-network 9.1.13, served by us; ``explore/network.js``
  fits labels to the screen and runs the side panel, expand, hide, filters, search and export), styles and
  markup: the standalone page inlines them, and the API mounts them (:data:`STATIC_DIR`, :data:`TEMPLATES_DIR`)

It stands on ``graph.network``; it never writes the store.
"""

from graph.views.build import (CUT_OFF, FAILED, construct_view, expansion, impact_view, national_view, neighbourhood_view, path_view,
                               province_view, relation_counts, subgraph_view)
from graph.views.vis import DEFAULT_CAP, STATIC_DIR, TEMPLATES_DIR, View, render_html

__all__ = [
    "CUT_OFF", "DEFAULT_CAP", "FAILED", "STATIC_DIR", "TEMPLATES_DIR", "View", "construct_view", "expansion", "impact_view",
    "national_view", "neighbourhood_view", "path_view", "province_view", "relation_counts", "render_html", "subgraph_view",
]
