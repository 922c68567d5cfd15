"""TOML text line by line: where comments are, how a value is written, and one `key = value`
line rewritten with a new value (its comment kept in its column). Shared by the whole-file line
editor (`textedit`) and the editor of many tables at once (`bulk`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# -- comments ---------------------------------------------------------------------------------
# A small scanner rather than a TOML library: tomllib drops comments, and tomlkit takes
# seconds on a large file; only strings matter for telling a comment from a `#` in a URL.

TRIPLES = ('"' * 3, "'" * 3)


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


# -- one line ----------------------------------------------------------------------------------

ASSIGNMENT = re.compile(r"^(?P<key>\s*[^=#]+?\s*=\s*)(?P<value>.*)$")


def toml_value(value: Any) -> str:
    """One TOML value as text. Dates by hand (they are most edits, and trivial); the rest by
    tomlkit, which knows TOML's quoting rules."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    import tomlkit

    return str(tomlkit.item(value).as_string())


def replaced_line(line: str, value: str, ending: str) -> str | None:
    """The one-line statement `line` (`key = old  # comment`) with the value text `value`, the
    comment kept in its column when the new value leaves room; None if it is no assignment."""
    code, comment = split_comment(line)
    match = ASSIGNMENT.match(code)
    if match is None:
        return None
    if comment:
        column = len(match["key"]) + len(match["value"]) + len(comment) - len(comment.lstrip())
        comment = " " * max(1, column - len(match["key"]) - len(value)) + comment.lstrip()
    return f"{match['key']}{value}{comment}{ending}"


def same_value(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True, but not in TOML)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return bool(a == b)
