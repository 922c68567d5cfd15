"""Change a syllabus file the way its lead would: only the edited lines differ.

A change is data (`SetValue`, `RemoveKey`, `AppendTable`, `RemoveTable`). `apply_changes` first edits the
lines in place (fast: tomlkit takes seconds on a 5,000-paper file), and falls back to tomlkit
for shapes the line editor does not place (inline tables, dotted keys). Either way the
result is re-read with tomllib and must equal the original data with exactly these changes,
or nothing is written. `write_atomically` refuses a file that changed since it was read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import WriteRefused
from .positions import KeyPath, key_spans


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


class _CannotPlace(Exception):
    """The line editor cannot make this change; tomlkit will."""


def apply_changes(text: str, raw: dict[str, Any], changes: list[Change]) -> tuple[str, dict[str, Any]]:
    """The new text and its data. `raw` is `tomllib.loads(text)`, already at hand."""
    expected = expected_data(raw, changes)
    if not changes:
        return text, raw
    try:
        new_text = _edit_lines(text, changes)
        new_raw = tomllib.loads(new_text)
        if new_raw == expected:
            return new_text, new_raw
    except (_CannotPlace, tomllib.TOMLDecodeError):
        pass
    new_text = _edit_with_tomlkit(text, changes)
    try:
        new_raw = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:  # tomlkit wrote TOML 1.1 that tomllib cannot read
        raise WriteRefused(f"the edit would make the file unreadable ({exc}); nothing was written") from None
    if new_raw != expected:
        raise WriteRefused("the edit did not come out as intended; nothing was written")
    return new_text, new_raw


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


# -- the line editor -------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^(?P<key>\s*[^=#]+?\s*=\s*)(?P<value>.*?)(?P<comment>\s+#.*)?$")


def toml_value(value: Any) -> str:
    """One TOML value as text. Dates by hand (they are most edits, and trivial); the rest by
    tomlkit, which knows TOML's quoting rules."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    import tomlkit

    return str(tomlkit.item(value).as_string())


def _edit_lines(text: str, changes: list[Change]) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    tables: set[KeyPath] = set()
    spans = key_spans(text, tables)
    # (first line, last line, replacement) in 0-based indices; applied bottom-up so the
    # positions found in the original text stay right.
    edits: list[tuple[int, int, list[str]]] = []
    for change in changes:
        if isinstance(change, AppendTable):
            at = _append_point(lines, spans, tables, change.array)
            edits.append((at, at - 1, [newline, *_table_lines(change, newline)]))
            continue
        if isinstance(change, RemoveTable):
            edits.append(_table_span(lines, spans, (change.array, change.index)))
            continue
        span = spans.get(change.path)
        if isinstance(change, RemoveKey):
            if span is not None:
                edits.append((span[0] - 1, span[1] - 1, []))
            continue
        value = toml_value(change.value)
        if span is not None:
            first, last = span[0] - 1, span[1] - 1
            match = _ASSIGNMENT.match(lines[first].rstrip("\r\n"))
            if match is None or (first != last and match["comment"]):
                raise _CannotPlace(change.path)
            ending = lines[last][len(lines[last].rstrip("\r\n")) :] or newline
            comment = (match["comment"] or "") if first == last else ""
            if comment:  # keep the comment in its column when the new value leaves room
                column = len(match["key"]) + len(match["value"]) + len(comment) - len(comment.lstrip())
                comment = " " * max(1, column - len(match["key"]) - len(value)) + comment.lstrip()
            edits.append((first, last, [f"{match['key']}{value}{comment}{ending}"]))
            continue
        edits.append(_insertion(spans, tables, change.path, value, newline))
    edits.sort(key=lambda edit: edit[0], reverse=True)
    previous_start = len(lines) + 1
    for first, last, replacement in edits:
        if last >= previous_start:
            raise _CannotPlace("overlapping edits")
        lines[first : last + 1] = replacement
        previous_start = first
    return "".join(lines)


def _table_lines(change: AppendTable, newline: str) -> list[str]:
    """`[[array]]` with its keys, then a `[array.key]` sub-table for each table value."""
    block = [f"[[{change.array}]]{newline}"]
    subtables = {key: value for key, value in change.item.items() if isinstance(value, dict)}
    for key, value in change.item.items():
        if key not in subtables:
            block.append(f"{key} = {toml_value(value)}{newline}")
    for name, table in subtables.items():
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not table:
            raise _CannotPlace(name)
        block.append(f"[{change.array}.{name}]{newline}")
        block += [f"{key} = {toml_value(value)}{newline}" for key, value in table.items()]
    return block


def _table_span(
    lines: list[str], spans: dict[KeyPath, tuple[int, int]], table: KeyPath
) -> tuple[int, int, list[str]]:
    """The lines of one `[[array]]` entry, 0-based: the comments right above its header, the
    header, its keys and sub-tables, the comments right after its last key, and one blank line
    that separated it from the next."""
    if table not in spans:
        raise _CannotPlace(table)
    first = spans[table][0] - 1
    last = max(end for path, (_, end) in spans.items() if path[: len(table)] == table) - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("#"):
        last += 1
    if last + 1 < len(lines) and not lines[last + 1].strip():
        last += 1
    elif first > 0 and not lines[first - 1].strip():
        first -= 1
    return (first, last, [])


def _insertion(
    spans: dict[KeyPath, tuple[int, int]], tables: set[KeyPath], path: KeyPath, value: str, newline: str
) -> tuple[int, int, list[str]]:
    """Insert `key = value` after the last key of its table, creating a sub-table if needed."""
    *parent_parts, key = path
    parent = tuple(parent_parts)
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise _CannotPlace(path)
    line = f"{key} = {value}{newline}"
    if parent in tables:
        return _after(_last_line(spans, tables, parent), [line])
    # A new sub-table such as [papers.links] under the last key of papers[3].
    grand = parent[:-1]
    if parent in spans or grand not in tables or not isinstance(parent[-1], str):
        raise _CannotPlace(path)  # e.g. an inline table or dotted keys: tomlkit's job
    header = ".".join(part for part in parent if isinstance(part, str))
    return _after(_last_line(spans, tables, grand), [f"[{header}]{newline}", line])


def _last_line(spans: dict[KeyPath, tuple[int, int]], tables: set[KeyPath], table: KeyPath) -> int:
    """The last line of a table's own keys (not its sub-tables), or its header."""
    last = spans[table][1]
    depth = len(table) + 1
    for path, (_, end) in spans.items():
        if len(path) == depth and path[: len(table)] == table and path not in tables and end > last:
            last = end
    return last


def _after(line: int, block: list[str]) -> tuple[int, int, list[str]]:
    return (line, line - 1, block)


def _append_point(
    lines: list[str], spans: dict[KeyPath, tuple[int, int]], tables: set[KeyPath], array: str
) -> int:
    """0-based index before which a new [[array]] block goes: after the last one, or else
    before the first [[papers]] (and the comments above it), or else at the end."""
    entries = [path for path in spans if len(path) == 2 and path[0] == array]
    if entries:
        last = max(entries, key=lambda p: spans[p][0])
        # After its sub-tables too ([papers.links]), or they would belong to the new entry.
        return max(end for path, (_, end) in spans.items() if path[:2] == last)
    papers = [start for path, (start, _) in spans.items() if len(path) == 2 and path[0] == "papers"]
    if not papers:
        return len(lines)
    at = min(papers) - 1
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    return at


# -- tomlkit, for everything else ----------------------------------------------------------


def _edit_with_tomlkit(text: str, changes: list[Change]) -> str:
    import tomlkit

    document = tomlkit.parse(text)
    for change in changes:
        if isinstance(change, AppendTable | RemoveTable):
            continue
        *parents, key = change.path
        node: Any = document
        for part in parents:
            if isinstance(part, str) and part not in node:
                node[part] = tomlkit.table()
            node = node[part]
        if isinstance(change, SetValue):
            node[key] = change.value
        elif key in node:
            del node[key]
    for removal in sorted((c for c in changes if isinstance(c, RemoveTable)), key=lambda c: -c.index):
        del document[removal.array][removal.index]
        if not document[removal.array]:
            del document[removal.array]
    for change in changes:
        if isinstance(change, AppendTable):
            table = tomlkit.table()
            for name, value in change.item.items():
                table[name] = value
            if change.array in document:
                document[change.array].append(table)
            else:
                array = tomlkit.aot()
                array.append(table)
                document[change.array] = array
    return tomlkit.dumps(document)


# -- writing ------------------------------------------------------------------------------


def diff_label(path: Path) -> str:
    """The path as `git apply` and `patch -p1` take it: relative to the current folder, with
    forward slashes; a file outside it keeps its absolute path."""
    relative = os.path.relpath(os.path.abspath(path))
    if relative == ".." or relative.startswith(".." + os.sep):
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


def unified_diff(path: Path, old: str, new: str) -> str:
    label = diff_label(path).lstrip("/")
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{label}", f"b/{label}"
        )
    )


def write_atomically(path: Path, new: bytes, *, original: bytes | None) -> None:
    """Replace `path` with `new` in one step: a temporary file in the same folder, flushed to
    disk, given the original's permissions, then renamed over it. `original` is what was read
    (None: the file must not exist yet); if the file changed since, nothing is written."""
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise WriteRefused(f"cannot read {path} again before writing: {exc.strerror or exc}") from None
    if current != original:
        if original is None:
            raise WriteRefused(f"{path} already exists; choose another --output or remove it")
        raise WriteRefused(f"{path} changed since it was read; nothing was written (run the command again)")
    mode = stat.S_IMODE(path.stat().st_mode) if original is not None else None
    folder = path.parent if str(path.parent) else Path(".")
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
        _sync_folder(folder)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}; the file is unchanged") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
