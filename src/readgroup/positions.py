"""Map TOML key paths to line numbers, for error messages.

Written by hand because neither tomllib nor tomlkit reports where a key sits in the
file. It only runs when there is a problem to report, and it is best effort: a path
it cannot place falls back to its nearest enclosing table.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

# Possessive quantifiers (`++`, `*+`) never give back what they matched, so each line is
# scanned in linear time, however long or deeply dotted it is.
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"]*+"|'[^']*+')"""
_KEY = re.compile(rf"^({_PART}(?:\s*+\.\s*+{_PART})*+)\s*+=")
_INLINE_KEY = re.compile(r"""[{,]\s*+([A-Za-z0-9_-]++|"[^"]*+")\s*+=""")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _split_key(text: str) -> tuple[str, ...]:
    """'papers . "a.b" . c' -> ("papers", "a.b", "c"): split at dots outside quotes."""
    if _BARE_KEY.fullmatch(text):  # nearly every key: skip the dotted/quoted split
        return (text,)
    parts: list[str] = []
    start, quote = 0, ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return tuple(part.strip().strip("\"'") for part in parts)


def _header(line: str) -> tuple[bool, str] | None:
    """(is an array of tables, name) for a `[name]` or `[[name]]` line, else None."""
    if line.startswith("[["):
        end = line.find("]]", 2)
        name = line[2:end].strip() if end >= 0 else ""
        return (True, name) if name else None
    if line.startswith("["):
        end = line.find("]", 1)
        name = line[1:end].strip() if end >= 0 else ""
        return (False, name) if name and "[" not in name else None
    return None


def key_lines(text: str) -> dict[KeyPath, int]:
    """Return {("papers", 3, "links", "slide"): 57, ...} for every key and table."""
    return {path: span[0] for path, span in key_spans(text).items()}


def key_spans(text: str, tables: set[KeyPath] | None = None) -> dict[KeyPath, tuple[int, int]]:
    """Every key and table header with its first and last line (1-based, inclusive).

    A key's span covers a multi-line value; a table's span is its header line only.
    The paths of table headers are added to `tables` when it is given.
    """
    spans: dict[KeyPath, tuple[int, int]] = {}
    headers: set[KeyPath] = set() if tables is None else tables
    array_index: dict[tuple[str, ...], int] = {}
    current: KeyPath = ()
    closing: str | None = None  # the delimiter that ends a multi-line string
    depth = 0  # open brackets of a multi-line array
    open_key: KeyPath | None = None  # the key whose value is still open

    longest = 0  # the most parts in the name of an array of tables seen so far

    def resolve(name: tuple[str, ...]) -> KeyPath:
        path: list[str | int] = []
        for i, part in enumerate(name):
            path.append(part)
            # Only prefixes as long as an array's name can be one: a deep name costs no more.
            index = array_index.get(name[: i + 1]) if i < longest else None
            if index is not None and i < len(name) - 1:
                path.append(index)
        return tuple(path)

    def close(number: int) -> None:
        nonlocal open_key
        if open_key is not None:
            spans[open_key] = (spans[open_key][0], number)
            open_key = None

    # Lines end at "\n" only, as tomllib counts them (splitlines() also splits at \f, \x1c, ...).
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if closing is not None:
            if line.count(closing) % 2 == 1:
                closing = None
                close(number)
            continue
        if depth > 0:
            depth += line.count("[") - line.count("]")
            if depth <= 0:
                close(number)
            continue
        if not line or line.startswith("#"):
            continue
        header = _header(line)
        if header is not None:
            is_array, text_name = header
            name = _split_key(text_name)
            if is_array:
                array_index[name] = array_index.get(name, -1) + 1
                longest = max(longest, len(name))
                current = (*resolve(name), array_index[name])
            else:
                current = resolve(name)
            spans.setdefault(current, (number, number))
            headers.add(current)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*current, *_split_key(key.group(1)))
        spans.setdefault(path, (number, number))
        value = line[key.end() :].strip()
        if "{" in value:
            for inner in _INLINE_KEY.finditer(value):
                spans.setdefault((*path, inner.group(1).strip('"')), (number, number))
        if '""' in value or "''" in value:
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    closing = quote
        if value.startswith("[") and closing is None:
            depth = value.count("[") - value.count("]")
        if closing is not None or depth > 0:
            open_key = path
    return spans


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest enclosing key or table."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


def format_path(path: KeyPath) -> str:
    """("papers", 3, "links", "slide") -> "papers[3].links.slide"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
