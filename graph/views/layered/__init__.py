"""A province's architecture at a glance (or one system's surroundings): a layered diagram, laid out here in
Python and drawn as one SVG that the province page inlines, its download link gives, the standalone file of
``egovkg render --layered`` holds and a notebook displays (issue 14, items 1 and 7; issue 15's SVG export).

Why a server-side layout of labelled boxes rather than the network view: an architect reads a province's
architecture by layer (the framework's bands: channels, applications, integration, data, infrastructure, security
and trust; domain.md §0.3), and needs every name readable at once. A force layout of 60 nodes fitted to the screen
is zoomed out until no label is legible (Quảng Nam opened at zoom 0.28), and vis-network's hierarchical levels put
one layer on one line, 26 applications wide; ELK would need a JavaScript engine in the page and still know nothing
of bands with a margin. Here the geometry is decided before the browser sees it, so the same picture needs no
script, is deterministic (the same state of the store gives the same bytes) and is checked by a unit test: no two
boxes overlap, every name fits its box, and the biggest province fits the first screen at 1440 × 900 with every
name whole at 12 px.

- ``scene``    what is drawn: which systems and links, in which language, as of when (:func:`province_diagram`,
  :func:`system_diagram`)
- ``national`` the national level: the national systems by layer, today's provinces in the margin, one counted
  link per province and national system (:func:`national_diagram`)
- ``layout``   where: bands, boxes packed in rows and grouped by kind, the margin, links routed between them
- ``measure``  sizes, and the width of text in the diagram's font
- ``diagram``  the parts (:class:`Diagram`, boxes, links, bands) and the SVG and standalone page made of them

Planned and in-development systems are dashed, pilots dotted, retired, replaced or consolidated ones grey, with a
legend. The page's script (``static/layered/layered.js``) only adds highlighting and the side panel.

It stands on ``graph.network``; it never queries or writes the store (an "as of" state comes in as a
``graph.network.asof.AsOf`` the caller read).
"""

from graph.views.layered.diagram import FONT_STACK, Box, Diagram, Edge, render_html, render_svg
from graph.views.layered.layout import BAND_ORDER, fits, overlaps
from graph.views.layered.measure import HEIGHT, WIDTH, text_width
from graph.views.layered.national import national_diagram
from graph.views.layered.scene import province_diagram, province_members, subgraph_diagram, system_diagram

__all__ = ["BAND_ORDER", "FONT_STACK", "HEIGHT", "WIDTH", "Box", "Diagram", "Edge", "fits", "national_diagram", "overlaps", "province_diagram",
           "province_members", "render_html", "render_svg", "subgraph_diagram", "system_diagram", "text_width"]
