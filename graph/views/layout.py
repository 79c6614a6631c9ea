"""Server-side layout for network views: positions computed in Python so the browser does not have to.

Measured on these machines: vis-network's physics, started from random positions, needs about 20 s
to settle 500 nodes in headless Chromium; even started from these positions it took 4.4 s for 1,000
nodes, and moved nodes until their labels piled up. The browser now draws these positions as they are
(no physics): 1,000 nodes are interactive about 1 s after the page starts loading (benchmarks/views.py
--drawing). Spacing leaves room for a one-line label beside each node on a ring.

The layout is radial and linear-time: each connected part is laid out in rings around a root (the
view's centre when it has one, else the best-connected node), each ring ordered by the angle of the
node's parent in the ring before, so neighbours stay close; the parts are then packed in rows,
largest first, and unlinked nodes go in a grid at the end. Deterministic: the same view gets the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping

RING = 190.0        # distance between rings
SPACING = 130.0     # arc length per node on a ring (a one-line label fits about this much)
MARGIN = 110.0      # between packed parts
GRID_X, GRID_Y = 230.0, 90.0   # unlinked nodes


def _components(nodes: list[str], adjacency: Mapping[str, set[str]]) -> list[list[str]]:
    seen: set[str] = set()
    parts = []
    for n in nodes:
        if n in seen:
            continue
        part, queue = [], deque([n])
        seen.add(n)
        while queue:
            m = queue.popleft()
            part.append(m)
            for k in sorted(adjacency.get(m, ())):
                if k not in seen:
                    seen.add(k)
                    queue.append(k)
        parts.append(part)
    return parts


def _radial(part: list[str], root: str, adjacency: Mapping[str, set[str]]) -> tuple[dict[str, tuple[float, float]], float]:
    depth = {root: 0}
    parent: dict[str, str] = {}
    rings: dict[int, list[str]] = defaultdict(list)
    queue = deque([root])
    while queue:
        n = queue.popleft()
        rings[depth[n]].append(n)
        for m in sorted(adjacency.get(n, ())):
            if m not in depth:
                depth[m] = depth[n] + 1
                parent[m] = n
                queue.append(m)
    angle = {root: 0.0}
    pos = {root: (0.0, 0.0)}
    radius = 0.0
    for d in range(1, len(rings)):
        ring = sorted(rings[d], key=lambda n: (angle[parent[n]], n))
        radius = max(radius + RING, len(ring) * SPACING / (2 * math.pi))
        for i, n in enumerate(ring):
            a = 2 * math.pi * (i + 0.5) / len(ring) + (0.35 * d)
            angle[n] = a % (2 * math.pi)
            pos[n] = (radius * math.cos(a), radius * math.sin(a))
    return pos, radius


def _grid(nodes: list[str]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Unlinked nodes, in rows (wider than tall, like their labels)."""
    columns = max(1, math.ceil(math.sqrt(len(nodes) * 2)))
    pos = {n: ((i % columns) * GRID_X, (i // columns) * GRID_Y) for i, n in enumerate(nodes)}
    return pos, (columns - 1) * GRID_X, ((len(nodes) - 1) // columns) * GRID_Y


def radial_layout(nodes: Iterable[str], edges: Iterable[tuple[str, str]], *,
                  roots: Iterable[str] = ()) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for every node; ``roots`` are placed at the centre of their part."""
    nodes = list(dict.fromkeys(nodes))
    present = set(nodes)
    adjacency: dict[str, set[str]] = defaultdict(set)
    for u, v in edges:
        if u != v and u in present and v in present:
            adjacency[u].add(v)
            adjacency[v].add(u)
    preferred = [r for r in roots if r in present]
    ordered = preferred + [n for n in nodes if n not in set(preferred)]
    # each part as (positions relative to its top-left corner, width, height)
    boxes: list[tuple[dict[str, tuple[float, float]], float, float]] = []
    singles: list[str] = []
    for part in _components(ordered, adjacency):
        if len(part) == 1 and part[0] not in preferred:
            singles.append(part[0])
            continue
        inside = set(part)
        root = next((r for r in preferred if r in inside), None) or max(part, key=lambda n: (len(adjacency.get(n, ())), n))
        pos, radius = _radial(part, root, adjacency)
        boxes.append(({n: (x + radius, y + radius) for n, (x, y) in pos.items()}, 2 * radius, 2 * radius))
    boxes.sort(key=lambda b: -b[1] * b[2])
    if singles:
        boxes.append(_grid(singles))
    # shelf packing: rows about twice as wide as the whole is tall, like a screen beside a side panel
    area = sum((w + MARGIN) * (h + MARGIN) for _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.9] + [w + MARGIN for _, w, _ in boxes]) if boxes else 0.0   # screens are wide
    result: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w + MARGIN > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            result[n] = (round(x + px, 1), round(y + py, 1))
        x += w + MARGIN
        row_height = max(row_height, h + MARGIN)
    return result
