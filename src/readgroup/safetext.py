"""Text from the data file made safe to quote in a terminal message.

A title, key or line of the file may hold control characters or terminal escape
sequences (ESC [2J clears the screen, ESC ]0; retitles the window) and may be megabytes
long. Messages quote it through these helpers: every character that is not printable is
written as its Python escape (`\\x1b`), and long text is cut to an excerpt.
Hand-written because the standard library has no "escape only the unprintable" helper
(`repr` also adds quotes and escapes backslashes; `ascii` escapes every non-ASCII letter).
"""

from __future__ import annotations

import unicodedata

EXCERPT = 120  # characters of a line quoted around an error column
QUOTE = 80  # characters of a value quoted in a message

# Format characters that reorder or hide text ("Trojan Source"): bidi embeddings,
# overrides and isolates. Other format characters (zero-width joiners in emoji) are harmless.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_unsafe(char: str) -> bool:
    """True for characters a terminal may act on rather than show: C0/C1 controls and DEL
    (but tab and newline, which text such as a full title may hold), line and paragraph
    separators, bidi controls."""
    if char in "\t\n":
        return False
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI


def first_unsafe(text: str) -> int | None:
    """Index of the first unsafe character, or None."""
    if text.isprintable():
        return None
    for index, char in enumerate(text):
        if not char.isprintable() and is_unsafe(char):
            return index
    return None


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every unprintable character (other than a space) written as an escape."""
    if text.isprintable():  # nearly always: one C-speed pass
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def shorten(text: str, limit: int = QUOTE) -> str:
    """`text` cut to about `limit` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def quote(value: object, limit: int = QUOTE) -> str:
    """repr() of a value for a message: escaped by repr, cut to an excerpt."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[: limit - 1]) + f"… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(line: str, column: int | None, width: int = EXCERPT) -> tuple[str, int | None]:
    """A visible excerpt of at most about `width` characters of `line` around `column`
    (1-based), and the column of the same character within the excerpt."""
    start = 0
    if len(line) > width:
        at = (column or 1) - 1
        start = max(0, min(at - width // 2, len(line) - width))
    piece = line[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(line) else ""
    shown = prefix + visible(piece) + suffix
    if column is None:
        return shown, None
    before = piece[: max(0, column - 1 - start)]
    return shown, len(prefix) + len(visible(before)) + 1
