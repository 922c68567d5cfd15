"""Edit many tables of a large file at once: a reschedule's every date, a shift's later dates,
a removed paper and the skips a reschedule drops, in one pass over the text.

`blocks` edits up to a few dozen tables and proves each by parsing it alone; a reschedule
touches every paper, and parsing every block twice costs more than the whole file. Here the
common changes are made and proven line by line: a `key = value` line of an element's own keys
is rewritten (or dropped) when the old line reads back, alone, as exactly the old value and the
new line as exactly the new one (a pattern for dates and plain strings, tomllib for the rest);
a removed element goes as a range of lines, proven by parsing its block alone. Any other change
goes through `blocks`' per-table editor, each block proven by parsing; more than a few dozen of
those, and anything unclear, return None and the caller edits the whole file.

The result is the text the whole-file line editor (`textedit`) makes, byte for byte: the same
lines are found (with clear headers, see `blocks`, and no line that the key map would take for
the start of a multi-line value, every table's lines can be told from its own block), and
rewritten by the same function. Why a line is a statement: without multi-line strings, only a
multi-line array spans lines, and no line inside an array can start with `key =`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .blocks import (
    BARE,
    HEADER,
    MAX_BLOCKS,
    STARTS_WITH_BRACKET,
    Block,
    block_data,
    block_key,
    find_block,
    headers_are_clear,
    local_change,
    top_headers,
)
from .changes import AppendTable, Change, RemoveKey, RemoveTable, SetValue
from .positions import format_path
from .tomllines import TRIPLES, comments, replaced_line, same_value, split_comment, toml_value

# Line breaks other than \n and \r\n: str.splitlines() (the line editor) splits at them, the
# key map does not, so their lines would be counted two ways.
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\r(?!\n)")
_ARRAY_VALUE = re.compile(r"=[ \t]*\[")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_STATEMENT = re.compile(rf"^\s*(?:\[|{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*\s*=)")
_COMMENT = r"(?:[ \t]*#[^\x00-\x08\x0a-\x1f\x7f]*)?\r?\n?$"
_SIMPLE = re.compile(
    r"^[ \t]*(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r"""(?:(?P<date>\d{4}-\d\d-\d\d)|"(?P<basic>[^"\\\x00-\x08\x0a-\x1f\x7f]*)"|'(?P<literal>[^'\x00-\x08\x0a-\x1f\x7f]*)')"""
    + _COMMENT
)
_MISSING = object()


@dataclass(frozen=True)
class _Piece:
    start: int  # offsets in the text, whole lines
    end: int
    new: str


def edit_bulk(
    text: str,
    raw: dict[str, Any],
    expected: dict[str, Any],
    changes: list[Change],
    edit: Callable[[str, list[Change], list[str]], str | None],
    notes: list[str],
) -> str | None:
    """The new text with `changes` made, or None when this editor cannot make or prove them.
    `edit` is the line editor for one block (`textedit.edit_lines`); what a person
    should know (comments dropped) goes to `notes`, in the order of the changes."""
    closings = _plain(text)
    if closings is None:
        return None
    removed: dict[tuple[str, int], RemoveTable] = {}
    lines: dict[tuple[str, int], list[SetValue | RemoveKey]] = {}
    others: dict[tuple[str, int | None], list[Change]] = {}
    for change in changes:
        if isinstance(change, RemoveTable):
            removed[(change.array, change.index)] = change
        elif isinstance(change, SetValue | RemoveKey) and _one_line_change(change, raw):
            key = (str(change.path[0]), int(change.path[1]))
            lines.setdefault(key, []).append(change)
        else:
            other = block_key(change, raw)
            if other is None:
                return None
            others.setdefault(other, []).append(change)
    arrays_removed = {array for array, _ in removed}
    if len(others) > MAX_BLOCKS or any(table in arrays_removed for table, _ in others):
        return None  # indices in the expected data shift after a removal: not worth the care here
    if any(key in removed for key in lines):
        return None
    bounds: dict[str, list[tuple[int, int, int]] | None] = {}

    def element(table: str, index: int) -> tuple[int, int, int] | None:
        """(start, end of its own keys, end) of the block of `table[index]`."""
        if table not in bounds:
            items = raw.get(table)
            heads = top_headers(text, table, True) if re.fullmatch(BARE, table) else []
            fits = isinstance(items, list) and heads and len(heads) == len(items)
            bounds[table] = _array_blocks(text, table, heads) if fits else None
        found = bounds[table]
        return None if found is None else found[index]

    def block_at(table: str, index: int | None) -> Block | None:
        if index is None:
            if not isinstance(raw.get(table), dict) or not re.fullmatch(BARE, table):
                return None
            return find_block(text, table, None, top_headers(text, table, False))
        found = element(table, index)
        return None if found is None else Block(table, index, found[0], found[2])

    pieces: list[_Piece] = []
    said: dict[int, list[str]] = {}  # by id() of the change
    for (table, index), group in lines.items():
        bound = element(table, index)
        if bound is None:
            return None
        made = _line_pieces(text, bound[0], bound[1], raw[table][index], group, said)
        if made is None:
            others.setdefault((table, index), []).extend(list(group))
        else:
            pieces += made
    for (table, index), removal in removed.items():
        bound = element(table, index)
        if bound is None:
            return None
        cut = _removal(text, bound[0], bound[2], raw[table][index], table, closings)
        if cut is None:
            return None
        pieces.append(cut[0])
        where = format_path((table, index))
        said[id(removal)] = [f"{where}: the edit drops the comment {c!r}" for c in cut[1]]
    if len(others) > MAX_BLOCKS:
        return None
    for (table, other_index), changed in others.items():
        block = block_at(table, other_index)
        if block is None:
            return None
        old = text[block.start : block.end]
        appended = sum(isinstance(change, AppendTable) for change in changed)
        block_notes: list[str] = []
        try:
            if tomllib.loads(old) != block_data(raw, block, 0):
                return None
            new = edit(old, [local_change(change, block) for change in changed], block_notes)
            if new is None or any(quotes in new for quotes in TRIPLES):
                return None
            if tomllib.loads(new) != block_data(expected, block, appended):
                return None
        except tomllib.TOMLDecodeError:
            return None
        if block_notes:
            if len(changed) != 1 or isinstance(changed[0], AppendTable | RemoveTable):
                return None  # whose note is whose, for the order of the notes: not worth the care
            said[id(changed[0])] = _renamed(block_notes, local_change(changed[0], block), changed[0])
        pieces.append(_Piece(block.start, block.end, new))
    pieces.sort(key=lambda piece: piece.start)
    out: list[str] = []
    done = 0
    for piece in pieces:
        if piece.start < done:
            return None  # edits that meet (a removal reaching into an edited block): the whole file
        out += [text[done : piece.start], piece.new]
        done = piece.end
    out.append(text[done:])
    for change in changes:
        notes += said.get(id(change), [])
    return "".join(out)


def _renamed(notes: list[str], local: Change, change: Change) -> list[str]:
    """Notes about a change made in a block alone, which names its element as number 0, with
    the element's real number."""
    assert isinstance(local, SetValue | RemoveKey) and isinstance(change, SetValue | RemoveKey)
    before, after = format_path(local.path), format_path(change.path)
    return [after + note[len(before) :] if note.startswith(before) else note for note in notes]


def _plain(text: str) -> set[int] | None:
    """Where the multi-line arrays end (offsets of their last lines), when the line editor and
    the key map count lines alike and see every statement as this editor does (see the module
    doc): clear headers, one kind of line ending, a final newline, and each value the key map
    takes for a multi-line array (by counting brackets) reads alone as exactly one statement
    that ends on that line. Else None."""
    if not text.endswith("\n") or not headers_are_clear(text) or _ODD_BREAKS.search(text):
        return None
    crlf = text.count("\r\n")
    if crlf and crlf != text.count("\n"):
        return None
    ends: set[int] = set()
    for match in _ARRAY_VALUE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        line = _line(text, start)
        key, _, value = line.partition("=")
        depth = value.count("[") - value.count("]")
        if depth <= 0 or match.start() < start + len(key):
            continue  # one line, as the key map sees it (or `=[` inside a string)
        if "[" in key or "]" in key:
            return None
        at = start + len(line)
        while depth > 0 and at < len(text):
            last = _line(text, at)
            depth += last.count("[") - last.count("]")
            at += len(last)
        closing = _previous(text, at)
        if depth > 0 or not closing.strip() or closing.lstrip().startswith("#"):
            return None
        try:
            if len(tomllib.loads(text[start:at])) != 1:
                return None
        except tomllib.TOMLDecodeError:
            return None
        ends.add(at - len(closing))
    return ends


def _one_line_change(change: SetValue | RemoveKey, raw: dict[str, Any]) -> bool:
    """A value set or removed among an array element's own keys (`papers[3].date`)."""
    if len(change.path) != 3:
        return False
    table, index, key = change.path
    return (
        isinstance(table, str)
        and isinstance(index, int)
        and isinstance(key, str)
        and isinstance(raw.get(table), list)
        and re.fullmatch(r"[A-Za-z0-9_-]+", key) is not None
    )


def _array_blocks(text: str, table: str, heads: list[int]) -> list[tuple[int, int, int]] | None:
    """(start, end of its own keys, end) of each `[[table]]` element's block, as
    `blocks.find_block` finds them, in one pass over the headers of the file."""
    bounds: list[tuple[int, int, int]] = []
    starting = set(heads)
    start: int | None = None
    own_end: int | None = None
    for line in STARTS_WITH_BRACKET.finditer(text, heads[0]):
        at = line.start()
        if at in starting or start is None:
            if start is not None:
                bounds.append((start, own_end or at, at))
            start, own_end = (at, None) if at in starting else (None, None)
            continue
        header = HEADER.match(line.group())
        if header is None:
            return None
        name = tuple(part.strip() for part in header["name"].split("."))
        if name[0] == table and name != (table,):
            own_end = own_end or at  # a sub-table such as [papers.links]
            continue
        bounds.append((start, own_end or at, at))
        start = None
    if start is not None:
        bounds.append((start, own_end or len(text), len(text)))
    return bounds if len(bounds) == len(heads) else None


@functools.cache
def _key_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=[^\n]*\n", re.MULTILINE)


def _line_pieces(
    text: str,
    body: int,
    own_end: int,
    item: Any,
    group: list[SetValue | RemoveKey],
    said: dict[int, list[str]],
) -> list[_Piece] | None:
    """The rewritten lines of one element's own keys (from its header to `own_end`), each
    proven; None to leave the element to the per-block editor (a key written another way, or
    not there yet)."""
    if not isinstance(item, dict):
        return None
    pieces: list[_Piece] = []
    for change in group:
        key = str(change.path[2])
        found = _key_line(key).search(text, body, own_end)
        if found is None or key not in item:
            return None
        line = found.group()
        if not same_value(_line_value(line, key), item[key]):
            return None
        at = found.start()
        if isinstance(change, RemoveKey):
            comment = split_comment(line)[1].strip()
            said[id(change)] = (
                [f"{format_path(change.path)}: the edit drops the comment {comment!r}"] if comment else []
            )
            pieces.append(_Piece(at, at + len(line), ""))
            continue
        ending = line[len(line.rstrip("\r\n")) :]
        new = replaced_line(line, toml_value(change.value), ending)
        if new is None or not same_value(_line_value(new, key), change.value):
            return None
        pieces.append(_Piece(at, at + len(line), new))
    return pieces


def _line_value(line: str, key: str) -> Any:
    """The value one line `key = value  # comment` sets, read on its own; _MISSING if it does
    not read as exactly that (a pattern for the common values, tomllib for the rest)."""
    match = _SIMPLE.match(line)
    if match and match["key"] == key:
        if match["date"] is not None:
            try:
                return dt.date.fromisoformat(match["date"])
            except ValueError:
                return _MISSING
        return match["basic"] if match["basic"] is not None else match["literal"]
    try:
        data = tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return _MISSING
    return data[key] if list(data) == [key] else _MISSING


def _removal(
    text: str, start: int, end: int, item: Any, table: str, closings: set[int]
) -> tuple[_Piece, list[str]] | None:
    """The lines the line editor drops with one `[[table]]` element: the comments right above
    its header, its lines up to its last statement, the comments right after, and one blank
    line that separated it (after it, else before it). With the comments it drops."""
    block = text[start:end]
    try:
        if tomllib.loads(block) != {table: [item]}:
            return None
    except tomllib.TOMLDecodeError:
        return None
    rows = block.splitlines(keepends=True)
    last = len(rows) - 1
    while last > 0 and (not rows[last].strip() or rows[last].lstrip().startswith("#")):
        last -= 1
    stop = start + sum(len(row) for row in rows[: last + 1])
    if not _STATEMENT.match(rows[last]) and stop - len(rows[last]) not in closings:
        return None  # the key map would end the element elsewhere
    while stop < end and _line(text, stop).lstrip().startswith("#"):
        stop += len(_line(text, stop))
    first = start
    while first > 0 and _previous(text, first).lstrip().startswith("#"):
        first -= len(_previous(text, first))
    if stop < len(text) and not _line(text, stop).strip():
        stop += len(_line(text, stop))
    elif first > 0 and not _previous(text, first).strip():
        first -= len(_previous(text, first))
    return _Piece(first, stop, ""), [c.strip() for c in comments(text[first:stop])]


def _line(text: str, at: int) -> str:
    """The line starting at `at`, with its ending."""
    end = text.find("\n", at)
    return text[at : end + 1 if end >= 0 else len(text)]


def _previous(text: str, at: int) -> str:
    """The line that ends just before `at` (a line start), with its ending."""
    return text[text.rfind("\n", 0, at - 1) + 1 : at]
