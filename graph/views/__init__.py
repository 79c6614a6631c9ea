"""Drawing the network: views built from the projection, laid out on the server, rendered as vis-network
pages that need no network.

- ``build``     which nodes and edges a view holds (a neighbourhood, a path, a province, an impact, a CONSTRUCT)
- ``vis``       how a view is drawn: styles, legend, the node cap and aggregation, the standalone page
- ``layout``    positions computed with networkx, so the browser only polishes them
- ``static/``, ``templates/``  the view's scripts (vis-network 9.1.13, served by us), styles and markup:
  the standalone page inlines them, and the API mounts them (:data:`STATIC_DIR`, :data:`TEMPLATES_DIR`)

It stands on ``graph.network``; it never writes the store.
"""

from graph.views.build import (CUT_OFF, FAILED, construct_view, impact_view, national_view, neighbourhood_view, path_view, province_view,
                               subgraph_view)
from graph.views.vis import DEFAULT_CAP, STATIC_DIR, TEMPLATES_DIR, View, render_html

__all__ = [
    "CUT_OFF", "DEFAULT_CAP", "FAILED", "STATIC_DIR", "TEMPLATES_DIR", "View", "construct_view", "impact_view", "national_view",
    "neighbourhood_view", "path_view", "province_view", "render_html", "subgraph_view",
]
