"""Edit one table of a large file without reading the rest of it again.

An edit to papers[12345] only needs the lines of that paper. This module finds them from the
table headers alone, edits just that block, and proves the result by parsing the block by
itself: before the edit it must read back as exactly the table's data, after it as exactly
the intended data. Written by hand because no TOML library maps a key to its lines.

Why checking a block by itself is enough: when the file has no multi-line strings, a line
that starts with `[` and looks like a header with bare keys (`[[papers]]`, `[papers.links]`)
cannot be anything but a header in a file that parses (as a value inside an array it would
be a bare word, which TOML forbids; `true`, `false`, `inf` and `nan` aside, which we refuse).
So every block starts where the parser starts a statement, and a block that parses on its
own contributes exactly its own table. Anything else (multi-line strings, a header with
quoted keys, a table whose parts are spread over the file, many tables at once, removing a
whole table) returns None and the caller edits the whole file instead. An appended table,
sub-tables and all, goes at the end of the last element's block and is proven the same way.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .changes import AppendTable, Change, RemoveKey, RemoveTable, SetValue

BARE = r"[A-Za-z][A-Za-z0-9_-]*"
_NAME = rf"{BARE}(?:[ \t]*\.[ \t]*{BARE})*"
_END = r"[ \t]*(?:#[^\n]*)?\r?$"
HEADER = re.compile(rf"^[ \t]*(?P<open>\[\[?)[ \t]*(?P<name>{_NAME})[ \t]*(?P<close>\]\]?){_END}")
STARTS_WITH_BRACKET = re.compile(r"^[ \t]*\[[^\n]*", re.MULTILINE)
# A line that starts with `[` but is not plainly a header with bare keys (and not one of the
# values `[true]`, `[[inf]]`, ...): if there is one, headers cannot be told apart for sure.
# (Patterns that search the whole text start with "\n" rather than "^": several times faster.)
_UNCLEAR = re.compile(
    rf"\n[ \t]*\[(?!\[?[ \t]*(?!(?:true|false|inf|nan)[ \t]*\]){_NAME}[ \t]*\]\]?{_END})", re.MULTILINE
)
_TRIPLES = ('"' * 3, "'" * 3)  # multi-line strings
MAX_BLOCKS = 64  # more tables than this (a reschedule): one pass over the whole file is cheaper


def headers_are_clear(text: str) -> bool:
    """True when every line that starts with `[` is a table header (see the module doc)."""
    return not any(quotes in text for quotes in _TRIPLES) and _UNCLEAR.search("\n" + text) is None


def top_headers(text: str, table: str, array: bool) -> list[int]:
    """Where the lines `[[table]]` (array) or `[table]` start."""
    brackets = (r"\[\[", r"\]\]") if array else (r"\[", r"\]")
    pattern = re.compile(
        rf"\n[ \t]*{brackets[0]}[ \t]*{re.escape(table)}[ \t]*{brackets[1]}{_END}", re.MULTILINE
    )
    # In "\n" + text a match starts at the newline before the line: the line's offset in text.
    return [match.start() for match in pattern.finditer("\n" + text)]


@dataclass(frozen=True)
class Block:
    table: str
    index: int | None  # the element of an array of tables, or None for a plain table
    start: int
    end: int


def find_block(text: str, table: str, index: int | None, starts: list[int]) -> Block | None:
    """The text of one top-level table (or one element of an array of tables) with its
    sub-tables: up to the next header that is not one of them. `starts`: its headers."""
    if index is None and len(starts) != 1:
        return None
    start = starts[0 if index is None else index]
    first_line = text.find("\n", start)
    if first_line < 0:
        return Block(table, index, start, len(text))
    for line in STARTS_WITH_BRACKET.finditer(text, first_line + 1):
        header = HEADER.match(line.group())
        if header is None:
            return None
        name = tuple(part.strip() for part in header["name"].split("."))
        if name[0] != table or name == (table,):
            return Block(table, index, start, line.start())
    return Block(table, index, start, len(text))


def block_key(change: Change, raw: dict[str, Any]) -> tuple[str, int | None] | None:
    if isinstance(change, RemoveTable):
        return None  # the indices of every later element shift: the whole-file editor's job
    if isinstance(change, AppendTable):
        items = raw.get(change.array)
        return (change.array, len(items) - 1) if isinstance(items, list) and items else None
    path = change.path
    if len(path) < 2 or not isinstance(path[0], str):
        return None
    if isinstance(raw.get(path[0]), list):
        return (path[0], path[1]) if isinstance(path[1], int) and len(path) >= 3 else None
    return (path[0], None)


def local_change(change: Change, block: Block) -> Change:
    """The change as it reads inside the block alone, where the element is number 0."""
    if isinstance(change, AppendTable | RemoveTable) or block.index is None:
        return change
    path = (block.table, 0, *change.path[2:])
    return SetValue(path, change.value) if isinstance(change, SetValue) else RemoveKey(path)


def block_data(source: dict[str, Any], block: Block, appended: int) -> dict[str, Any]:
    """What the block alone should read as, in `source` (the file's data before or after)."""
    if block.index is None:
        return {block.table: source[block.table]}
    items = source[block.table]
    return {block.table: items[block.index : block.index + 1 + appended]}


def edit_blocks(
    text: str,
    raw: dict[str, Any],
    expected: dict[str, Any],
    changes: list[Change],
    edit: Callable[[str, list[Change]], str | None],
) -> str | None:
    """The new text with `changes` made block by block by `edit`, or None when that is not
    possible or not proven right (the caller then edits the whole file)."""
    keys: dict[tuple[str, int | None], list[Change]] = {}
    for change in changes:
        key = block_key(change, raw)
        if key is None:
            return None
        keys.setdefault(key, []).append(change)
    if len(keys) > MAX_BLOCKS:
        return None
    if not headers_are_clear(text):
        return None
    replacements: list[tuple[Block, str]] = []
    found: dict[tuple[str, bool], list[int]] = {}
    for (table, index), group in keys.items():
        value = raw.get(table)
        if not isinstance(value, dict if index is None else list) or not re.fullmatch(BARE, table):
            return None
        kind = (table, index is not None)
        if kind not in found:
            found[kind] = top_headers(text, table, index is not None)
        starts = found[kind]
        if index is not None and len(starts) != len(value):
            return None  # some elements are written another way: [[...]] headers do not map to them
        block = find_block(text, table, index, starts)
        if block is None:
            return None
        old = text[block.start : block.end]
        appended = sum(isinstance(change, AppendTable) for change in group)
        try:
            if tomllib.loads(old) != block_data(raw, block, 0):
                return None
            new = edit(old, [local_change(change, block) for change in group])
            if new is None or any(quotes in new for quotes in _TRIPLES):
                return None
            if tomllib.loads(new) != block_data(expected, block, appended):
                return None
        except tomllib.TOMLDecodeError:
            return None
        if not new.endswith("\n") and block.end < len(text):
            return None
        replacements.append((block, new))
    replacements.sort(key=lambda item: item[0].start)
    pieces: list[str] = []
    done = 0
    for block, new in replacements:
        pieces += [text[done : block.start], new]
        done = block.end
    pieces.append(text[done:])
    return "".join(pieces)
