"""YAML read with line numbers, so every validation error can name the line of the offending field.

PyYAML's composer keeps a position for every node; this module turns the node tree into plain dicts,
lists and scalars that remember the line of each key and item. It refuses duplicate keys (YAML would
silently keep the last one, and a fact would vanish).

Aliases (``*name``) are read as copies of what they name, so a small file could ask for an
exponential tree ("billion laughs"): the conversion counts the nodes it builds and stops past
``MAX_NODES_PER_SOURCE_NODE`` times the nodes the text itself holds (plus a small allowance), with
an error naming the file and the line of the alias that went too far.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from egovkg.errors import DataFileError


class LMap(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence that knows its own line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


_constructor = yaml.constructor.SafeConstructor()

#: how many nodes the converted tree may hold per node written in the text (aliases count as copies)
MAX_NODES_PER_SOURCE_NODE = 4
NODE_ALLOWANCE = 1_000


class _Budget:
    def __init__(self, root: yaml.Node) -> None:
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        self.left = MAX_NODES_PER_SOURCE_NODE * len(seen) + NODE_ALLOWANCE

    def spend(self, node: yaml.Node, path: Path | str) -> None:
        self.left -= 1
        if self.left < 0:
            raise DataFileError("aliases (*name) expand to far more than the text holds; write the values out",
                                path=path, line=node.start_mark.line + 1)


def _convert(node: yaml.Node, path: Path, budget: _Budget | None = None) -> Any:
    budget = budget or _Budget(node)
    budget.spend(node, path)
    if isinstance(node, yaml.MappingNode):
        out = LMap()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, budget)
            if not isinstance(key, str):
                raise DataFileError(f"keys must be text, not {key!r}", path=path, line=key_node.start_mark.line + 1)
            if key in out:
                raise DataFileError(
                    f"duplicate key '{key}' (first on line {out.key_lines[key]})",
                    path=path, line=key_node.start_mark.line + 1, field=key,
                )
            try:
                out[key] = _convert(value_node, path, budget)
            except DataFileError as exc:
                if exc.field is None and isinstance(value_node, yaml.ScalarNode):
                    raise DataFileError(exc.reason, path=path, line=exc.line, field=key) from None
                raise
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(item, path, budget) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise DataFileError(f"cannot read value: {exc}", path=path, line=node.start_mark.line + 1) from None
    except (ValueError, OverflowError) as exc:  # a date that does not exist (2023-02-30), a number out of range
        raise DataFileError(f"cannot read the value '{node.value}': {exc}", path=path,
                            line=node.start_mark.line + 1) from None


def read_yaml(path: Path) -> Any:
    """Parse one YAML document with line numbers; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror}", path=path) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(f"not valid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", path=path) from None
    if node is None:
        raise DataFileError("the file is empty", path=path)
    return _convert(node, path)


def load_text(text: str, name: str) -> Any:
    """One YAML document from a string (a report's header), read like a file: aliases bounded, errors
    naming ``name`` and the line. Plain dicts and lists come back (LMap and LList are both)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DataFileError(f"not valid YAML: {exc.problem or exc}", path=name,
                            line=mark.line + 1 if mark is not None else None) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", path=name) from None
    return None if node is None else _convert(node, Path(name))
