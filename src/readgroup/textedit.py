"""Change a syllabus file the way its lead would: only the edited lines differ.

`apply_changes` edits the lines in place (fast: tomlkit takes seconds on a 5,000-paper
file): in a large file only the blocks of the tables it touches (see `blocks`), else in the
whole text, and falls back to tomlkit for shapes the line editor does not place (inline
tables, dotted keys, multi-line strings). Every result is proven by re-reading it with
tomllib (the edited blocks, or the whole text) against the original data with exactly these
changes, or nothing is written.

Comments inside a multi-line value that an edit replaces are kept, on their own lines above
the key; where tomlkit makes the edit and a comment is lost, a note says so.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from typing import Any

from .blocks import edit_blocks
from .bulk import edit_bulk
from .changes import AppendTable, Change, RemoveKey, RemoveTable, SetValue, expected_data
from .errors import WriteRefused
from .positions import KeyPath, format_path, key_spans
from .tomllines import (
    ASSIGNMENT,
    TRIPLES,
    comments,
    replaced_line,
    same_value,
    split_comment,
    toml_value,
)

__all__ = ["apply_changes", "comments", "edit_lines", "split_comment", "toml_value"]


class _CannotPlace(Exception):
    """The line editor cannot make this change; tomlkit will."""


def apply_changes(
    text: str, raw: dict[str, Any], changes: list[Change], *, notes: list[str] | None = None
) -> tuple[str, dict[str, Any]]:
    """The new text and its data. `raw` is `tomllib.loads(text)`, already at hand. What a
    person should know about the edit (comments moved or lost) is added to `notes`.
    Changes that would not change the data (the same value written another way) are dropped,
    so an edit that changes nothing leaves the text as it is."""
    changes = [change for change in changes if not _no_op(raw, change)]
    if not changes:
        return text, raw
    expected = expected_data(raw, changes)
    said: list[str] = []
    new_text = edit_blocks(text, raw, expected, changes, lambda part, some: edit_lines(part, some, said))
    if new_text is not None:
        _tell(notes, said)
        return new_text, expected
    said.clear()
    new_text = edit_bulk(text, raw, expected, changes, edit_lines, said)
    if new_text is not None:
        _tell(notes, said)
        return new_text, expected
    said.clear()
    try:
        new_text = _edit_lines(text, changes, said)
        if tomllib.loads(new_text) == expected:
            _tell(notes, said)
            return new_text, expected
    except (_CannotPlace, tomllib.TOMLDecodeError):
        pass
    new_text = _edit_with_tomlkit(text, changes)
    try:
        new_raw = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:  # tomlkit wrote TOML 1.1 that tomllib cannot read
        raise WriteRefused(f"the edit would make the file unreadable ({exc}); nothing was written") from None
    if new_raw != expected:
        raise WriteRefused("the edit did not come out as intended; nothing was written")
    lost = Counter(comments(text)) - Counter(comments(new_text))
    _tell(notes, [f"the edit drops the comment {comment.strip()!r}" for comment in lost.elements()])
    return new_text, new_raw


def _no_op(raw: dict[str, Any], change: Change) -> bool:
    if isinstance(change, AppendTable | RemoveTable):
        return False
    node: Any = raw
    for part in change.path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return isinstance(change, RemoveKey)
    if not isinstance(node, dict):
        return False
    key = change.path[-1]
    if isinstance(change, RemoveKey):
        return key not in node
    return key in node and same_value(node[key], change.value)


def edit_lines(text: str, changes: list[Change], notes: list[str]) -> str | None:
    """The line editor alone: the new text, or None for a change it cannot place."""
    try:
        return _edit_lines(text, changes, notes)
    except _CannotPlace:
        return None


def _tell(notes: list[str] | None, said: list[str]) -> None:
    if notes is not None:
        notes.extend(said)


def _edit_lines(text: str, changes: list[Change], notes: list[str]) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    tables: set[KeyPath] = set()
    spans = key_spans(text, tables)
    # (first line, last line, replacement) in 0-based indices; applied bottom-up so the
    # positions found in the original text stay right.
    edits: list[tuple[int, int, list[str]]] = []
    ends = _table_ends(spans) if any(isinstance(change, RemoveTable) for change in changes) else {}
    for change in changes:
        if isinstance(change, AppendTable):
            at = _append_point(lines, spans, tables, change.array)
            edits.append((at, at - 1, [newline, *_table_lines(change, newline)]))
            continue
        if isinstance(change, RemoveTable):
            removal = _table_span(lines, spans, ends, (change.array, change.index))
            notes += [
                f"{format_path((change.array, change.index))}: the edit drops the comment {comment!r}"
                for comment in _table_comments(lines, removal[0], removal[1])
            ]
            edits.append(removal)
            continue
        span = spans.get(change.path)
        if isinstance(change, RemoveKey):
            if span is not None:
                first, last = span[0] - 1, span[1] - 1
                notes += [
                    f"{format_path(change.path)}: the edit drops the comment {comment!r}"
                    for comment in _inside_comments(lines, first, last)
                ]
                edits.append((first, last, []))
            continue
        value = toml_value(change.value)
        if span is not None:
            first, last = span[0] - 1, span[1] - 1
            ending = lines[last][len(lines[last].rstrip("\r\n")) :] or newline
            if first == last:
                replaced = replaced_line(lines[first], value, ending)
                if replaced is None:
                    raise _CannotPlace(change.path)
                edits.append((first, last, [replaced]))
                continue
            code, _ = split_comment(lines[first])
            match = ASSIGNMENT.match(code)
            if match is None:
                raise _CannotPlace(change.path)
            # A multi-line array: its comments go above the new value.
            indent = code[: len(code) - len(code.lstrip())]
            kept = [f"{indent}{c}{ending}" for c in _inside_comments(lines, first, last)]
            if kept:
                notes.append(
                    f"{format_path(change.path)}: kept {len(kept)} comment(s) of the old value "
                    "on their own lines above it"
                )
            edits.append((first, last, [*kept, f"{match['key']}{value}{ending}"]))
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


def _table_ends(spans: dict[KeyPath, tuple[int, int]]) -> dict[KeyPath, int]:
    """The last line of each `[[array]]` entry's keys and sub-tables, by (array, index): one
    pass over the spans, however many entries an edit removes (a reschedule drops every skip)."""
    ends: dict[KeyPath, int] = {}
    for path, (_, end) in spans.items():
        if len(path) >= 2:
            table = path[:2]
            if end > ends.get(table, 0):
                ends[table] = end
    return ends


def _table_span(
    lines: list[str], spans: dict[KeyPath, tuple[int, int]], ends: dict[KeyPath, int], table: KeyPath
) -> tuple[int, int, list[str]]:
    """The lines of one `[[array]]` entry, 0-based: the comments right above its header, the
    header, its keys and sub-tables, the comments right after its last key, and one blank line
    that separated it from the next. `ends`: from `_table_ends`."""
    if table not in spans:
        raise _CannotPlace(table)
    first = spans[table][0] - 1
    last = ends[table] - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("#"):
        last += 1
    if last + 1 < len(lines) and not lines[last + 1].strip():
        last += 1
    elif first > 0 and not lines[first - 1].strip():
        first -= 1
    return (first, last, [])


def _table_comments(lines: list[str], first: int, last: int) -> list[str]:
    """The comments on lines first..last (a removed table, whole statements), for the notes."""
    return [comment.strip() for comment in comments("".join(lines[first : last + 1]))]


def _inside_comments(lines: list[str], first: int, last: int) -> list[str]:
    """The comments of a value on lines first..last; a multi-line string is tomlkit's job."""
    if first == last:
        return [comment.strip() for comment in [split_comment(lines[first])[1]] if comment]
    value = "".join(lines[first : last + 1])
    if any(quotes in value for quotes in TRIPLES):
        raise _CannotPlace("a multi-line string")
    return [comment.strip() for comment in comments(value)]


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
    # As in `expected_data`: whole tables go after the keys (last first), then appends.
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
