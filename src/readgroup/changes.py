"""What an edit changes, as data: planners produce these, the text editor applies them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .positions import KeyPath


@dataclass(frozen=True)
class SetValue:
    path: KeyPath  # ("papers", 3, "presenter")
    value: Any


@dataclass(frozen=True)
class RemoveKey:
    path: KeyPath


@dataclass(frozen=True)
class AppendTable:
    array: str  # a top-level array of tables, such as "skips"
    item: dict[str, Any]


Change = SetValue | RemoveKey | AppendTable


def expected_data(raw: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    # Copy only the tables and arrays on a changed path; the rest is shared with `raw`, which
    # stays untouched (a deep copy of a 5,000-paper file costs more than the edit itself).
    data = dict(raw)
    copied: set[int] = {id(data)}

    def own(node: Any, part: str | int) -> Any:
        child = node[part]
        if id(child) not in copied:
            child = dict(child) if isinstance(child, dict) else list(child)
            node[part] = child
            copied.add(id(child))
        return child

    for change in changes:
        if isinstance(change, AppendTable):
            data.setdefault(change.array, [])
            own(data, change.array).append(dict(change.item))
            continue
        *parents, key = change.path
        node: Any = data
        for part in parents:
            if isinstance(part, str) and part not in node:
                node[part] = {}
                copied.add(id(node[part]))
            node = own(node, part)
        if isinstance(change, SetValue):
            node[key] = change.value
        else:
            node.pop(key, None)
    return data
