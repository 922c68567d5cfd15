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


@dataclass(frozen=True)
class RemoveTable:
    array: str  # a top-level array of tables, such as "papers"
    index: int  # its position in the file as read


Change = SetValue | RemoveKey | AppendTable | RemoveTable


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

    # Paths and RemoveTable indices refer to the file as read: set and remove keys first, then
    # drop whole tables (last first), then append.
    for change in changes:
        if isinstance(change, AppendTable | RemoveTable):
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
    removals = sorted((c for c in changes if isinstance(c, RemoveTable)), key=lambda c: -c.index)
    for removal in removals:
        del own(data, removal.array)[removal.index]
    for array in {removal.array for removal in removals}:
        if not data[array]:
            del data[array]  # no [[array]] table left in the text
    for change in changes:
        if isinstance(change, AppendTable):
            data.setdefault(change.array, [])
            own(data, change.array).append(dict(change.item))
    return data
