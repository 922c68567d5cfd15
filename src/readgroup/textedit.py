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

import datetime as dt
import re
import tomllib
from collections import Counter
from typing import Any

from .blocks import edit_blocks
from .changes import AppendTable, Change, RemoveKey, RemoveTable, SetValue, expected_data
from .errors import WriteRefused
from .positions import KeyPath, format_path, key_spans


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
    return key in node and _same(node[key], change.value)


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True, but not in TOML)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def edit_lines(text: str, changes: list[Change], notes: list[str]) -> str | None:
    """The line editor alone: the new text, or None for a change it cannot place."""
    try:
        return _edit_lines(text, changes, notes)
    except _CannotPlace:
        return None


def _tell(notes: list[str] | None, said: list[str]) -> None:
    if notes is not None:
        notes.extend(said)


# -- comments ---------------------------------------------------------------------------------
# A small scanner rather than a TOML library: tomllib drops comments, and tomlkit takes
# seconds on a large file; only strings matter for telling a comment from a `#` in a URL.

_TRIPLES = ('"' * 3, "'" * 3)


def comments(text: str) -> list[str]:
    """Every comment in a TOML text, in order, without the line ending."""
    found: list[str] = []
    closing: str | None = None  # the quotes that end the multi-line string we are in
    for line in text.splitlines():
        at = 0
        if closing is not None:
            end = _closing_quotes(line, 0, closing)
            if end is None:
                continue
            at = end
        start, closing = _comment_start(line, at)
        if start is not None:
            found.append(line[start:])
    return found


def _closing_quotes(line: str, at: int, quotes: str) -> int | None:
    """Where the multi-line string that `quotes` opened ends in `line` (after the quotes)."""
    while True:
        found = line.find(quotes, at)
        if found < 0:
            return None
        if quotes[0] == "'" or not _escaped(line, found):
            end = found + 3
            while end - found < 5 and line.startswith(quotes[0], end):  # up to two quotes of content
                end += 1
            return end
        at = found + 1


def _escaped(line: str, at: int) -> bool:
    before = line[:at]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1


def _comment_start(line: str, at: int) -> tuple[int | None, str | None]:
    """(where a comment starts or None, the quotes of a multi-line string left open or None)."""
    if '"' not in line and "'" not in line:  # most lines: no string to step over
        found = line.find("#", at)
        return (found if found >= 0 else None), None
    while at < len(line):
        char = line[at]
        if char == "#":
            return at, None
        if char in "\"'":
            if line.startswith(char * 3, at):
                end = _closing_quotes(line, at + 3, char * 3)
                if end is None:
                    return None, char * 3
                at = end
                continue
            at += 1
            while at < len(line) and (line[at] != char or (char == '"' and _escaped(line, at))):
                at += 1
        at += 1
    return None, None


def split_comment(line: str) -> tuple[str, str]:
    """One line of TOML as (code, comment with the spaces before it), without the line ending."""
    body = line.rstrip("\r\n")
    start, _ = _comment_start(body, 0)
    if start is None:
        return body, ""
    code = body[:start].rstrip()
    return code, body[len(code) :]


# -- the line editor -------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^(?P<key>\s*[^=#]+?\s*=\s*)(?P<value>.*)$")


def toml_value(value: Any) -> str:
    """One TOML value as text. Dates by hand (they are most edits, and trivial); the rest by
    tomlkit, which knows TOML's quoting rules."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    import tomlkit

    return str(tomlkit.item(value).as_string())


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
    for change in changes:
        if isinstance(change, AppendTable):
            at = _append_point(lines, spans, tables, change.array)
            edits.append((at, at - 1, [newline, *_table_lines(change, newline)]))
            continue
        if isinstance(change, RemoveTable):
            removal = _table_span(lines, spans, (change.array, change.index))
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
            code, comment = split_comment(lines[first])
            match = _ASSIGNMENT.match(code)
            if match is None:
                raise _CannotPlace(change.path)
            ending = lines[last][len(lines[last].rstrip("\r\n")) :] or newline
            kept: list[str] = []
            if first != last:  # a multi-line array: its comments go above the new value
                indent = code[: len(code) - len(code.lstrip())]
                kept = [f"{indent}{c}{ending}" for c in _inside_comments(lines, first, last)]
                if kept:
                    notes.append(
                        f"{format_path(change.path)}: kept {len(kept)} comment(s) of the old value "
                        "on their own lines above it"
                    )
                comment = ""
            elif comment:  # keep the comment in its column when the new value leaves room
                column = len(match["key"]) + len(match["value"]) + len(comment) - len(comment.lstrip())
                comment = " " * max(1, column - len(match["key"]) - len(value)) + comment.lstrip()
            edits.append((first, last, [*kept, f"{match['key']}{value}{comment}{ending}"]))
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


def _table_comments(lines: list[str], first: int, last: int) -> list[str]:
    """The comments on lines first..last (a removed table, whole statements), for the notes."""
    return [comment.strip() for comment in comments("".join(lines[first : last + 1]))]


def _inside_comments(lines: list[str], first: int, last: int) -> list[str]:
    """The comments of a value on lines first..last; a multi-line string is tomlkit's job."""
    if first == last:
        return [comment.strip() for comment in [split_comment(lines[first])[1]] if comment]
    value = "".join(lines[first : last + 1])
    if any(quotes in value for quotes in _TRIPLES):
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
