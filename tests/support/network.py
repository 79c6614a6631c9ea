"""What the browser tests of the network views share: when a view is ready, where a node is on the screen,
and the checks every page passes (no console error, no request leaving 127.0.0.1)."""

from __future__ import annotations

STABLE = "window.egovkgNetwork !== null && window.egovkgNetwork !== undefined && window.egovkgNetwork.stable"
#: where a node is on the screen (no scrolling first: the first click must work where the page opens)
NODE_POSITION = """id => {
  const net = window.egovkgNetwork.network;
  const at = net.canvasToDOM(net.getPositions([id])[id]);
  const box = net.body.container.getBoundingClientRect();
  return {x: box.left + at.x, y: box.top + at.y};
}"""


def assert_clean(page) -> None:
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []


def node_ids(page) -> set[str]:
    return set(page.evaluate("window.egovkgNetwork.nodes.getIds()"))
