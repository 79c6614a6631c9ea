"""YAML read with line numbers, so every validation error can name the line of the offending field.

PyYAML's composer keeps a position for every node; this module turns the node tree into plain dicts,
lists and scalars that remember the line of each key and item. It refuses duplicate keys (YAML would
silently keep the last one, and a fact would vanish).
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


def _convert(node: yaml.Node, path: Path) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LMap()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path)
            if not isinstance(key, str):
                raise DataFileError(f"keys must be text, not {key!r}", path=path, line=key_node.start_mark.line + 1)
            if key in out:
                raise DataFileError(
                    f"duplicate key '{key}' (first on line {out.key_lines[key]})",
                    path=path, line=key_node.start_mark.line + 1, field=key,
                )
            out[key] = _convert(value_node, path)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(item, path) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise DataFileError(f"cannot read value: {exc}", path=path, line=node.start_mark.line + 1) from None


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
