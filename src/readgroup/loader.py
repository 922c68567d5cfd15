"""Find the syllabus file, read it, and turn it into a validated `Syllabus`.

Every failure becomes a `DataFileError` listing `Problem`s with file, line and key path.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, get_args

import tomli
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from . import checks
from .errors import DataFileError, Problem
from .models import Links, Paper, Syllabus, share_fields_sets
from .positions import KeyPath, format_path, key_lines, line_of
from .safetext import quote, shorten

# A syllabus is a few kilobytes (20,000 papers take about 5 MiB, 100,000 about 24 MiB). The cap
# keeps `/dev/zero`, a runaway generator or a wrong --file from eating memory (see the README).
MAX_BYTES = 64 * 1024 * 1024
# Keys nest three or four levels in a syllabus; tomllib's work grows with the square of the
# depth of a dotted key (10,000 levels: seconds and hundreds of MiB), so deeper keys are refused.
MAX_KEY_DEPTH = 32
# Far above a real syllabus (benchmarks/scale.py goes to 100,000 papers), low enough that a hostile
# file cannot make validation produce millions of errors.
MAX_ENTRIES = 200_000
MAX_REPORTED = 100  # problems listed in one message; the count of the rest follows
# A syllabus of 20,000 papers has about 210,000 lines and almost no commas (100,000: 1.05 million).
MAX_ITEMS = 3_000_000


@dataclass(frozen=True, eq=False)
class Loaded:
    """A validated syllabus file. `text` and `raw` are what edits work on: `load` keeps them;
    `read` (the reports) drops them once the models exist, and they are made again from
    `data` if asked for (at 100,000 papers the TOML's dicts alone take about 140 MB)."""

    path: Path
    data: bytes  # exactly as read, to notice a change before writing
    syllabus: Syllabus

    @cached_property
    def text(self) -> str:
        return decode(self.data, str(self.path))

    @cached_property
    def raw(self) -> dict[str, Any]:  # the parsed TOML, for edits
        return parse_toml(self.text, str(self.path))

    def warnings(self) -> list[Problem]:
        found = checks.warnings(self.syllabus)
        return positioned(self.text, found) if found else []


def read_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_BYTES.

    Opened with O_NONBLOCK and checked with fstat before reading, so a FIFO cannot block
    and a device (`/dev/zero`) is never read; the read stops at the cap in case the file grows.
    """
    file = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataFileError(
            file, [Problem("no such file", hint="pass --file PATH or set READGROUP_FILE")]
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise DataFileError(file, [Problem(f"cannot read: {_reason(exc)}")]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataFileError(file, [Problem("is a folder, not a TOML file")])
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(file, [Problem(f"is not a regular file ({_kind(info.st_mode)})")])
        if info.st_size > MAX_BYTES:
            raise DataFileError(file, [_too_large(f"{info.st_size / (1024 * 1024):.1f} MiB")])
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise DataFileError(file, [_too_large(f"more than {MAX_BYTES // (1024 * 1024)} MiB")])
        return b"".join(chunks)
    except OSError as exc:
        raise DataFileError(file, [Problem(f"cannot read: {_reason(exc)}")]) from None
    finally:
        os.close(fd)


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _too_large(size: str) -> Problem:
    return Problem(f"too large ({size}); a syllabus file may be at most {MAX_BYTES // (1024 * 1024)} MiB")


def decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem("not UTF-8 text", line=line, hint="save the file as UTF-8")
        raise DataFileError(file, [problem]) from None


def load(path: Path) -> Loaded:
    """The file to edit: its text and parsed TOML are kept (see `Loaded`)."""
    file = str(path)
    data = read_bytes(path)
    text = decode(data, file)
    raw = parse_toml(text, file)
    loaded = Loaded(path=path, data=data, syllabus=validate(raw, text, file))
    loaded.__dict__.update(text=text, raw=raw)  # the cached properties' values, already known
    return loaded


def read(path: Path) -> Loaded:
    """The file to report on, read with as little memory as it takes: the text is dropped once
    parsed (an error's position decodes it again), and each slice of papers' TOML once its
    models exist, so the TOML's dicts and the models are never both whole in memory."""
    file = str(path)
    data = read_bytes(path)
    raw = parse_toml(decode(data, file), file)
    syllabus = _validated(raw, lambda: decode(data, file), file, consume=True)
    return Loaded(path=path, data=data, syllabus=syllabus)


def parse(text: str, file: str = "<text>") -> Syllabus:
    return validate(parse_toml(text, file), text, file)


def validate(raw: dict[str, Any], text: str, file: str) -> Syllabus:
    """The syllabus, or a DataFileError listing the problems (the first MAX_REPORTED) by line."""
    return _validated(raw, lambda: text, file, consume=False)


def _validated(raw: dict[str, Any], text: Callable[[], str], file: str, *, consume: bool) -> Syllabus:
    """As `validate`; `text` is asked for only to place problems. With `consume`, `raw` is
    emptied of its papers as they are validated."""
    _check_sizes(raw, text, file)
    found = checks.errors(raw)
    total = len(found)
    syllabus, errors, count = _models(raw, consume=consume)
    if errors:
        total += count
        # A key the checks already name (an unknown link kind, with its did-you-mean) needs no
        # second message about its value.
        named = {path for path, _ in found}
        found = [f for f in schema_findings(errors) if f[0] not in named] + found
    if found or syllabus is None:
        problems = positioned(text(), found)[:MAX_REPORTED]
        raise DataFileError(file, problems, hidden=total - len(problems))
    return syllabus


# Papers are validated this many at a time when the TOML's dicts may be dropped as they go.
_SLICE = 1000
_PAPERS = TypeAdapter(list[Paper])
_FIELDS = list(Syllabus.model_fields)


def _models(raw: dict[str, Any], *, consume: bool) -> tuple[Syllabus | None, list[ErrorDetails], int]:
    """The syllabus, or None with Pydantic's first MAX_REPORTED errors and their total count.

    With `consume`, the papers go through in slices, each slice's dicts deleted from `raw` once
    validated; the errors come out as one `Syllabus.model_validate(raw)` would give them."""
    papers = raw.get("papers")
    if not consume or not isinstance(papers, list) or len(papers) <= _SLICE:
        try:
            syllabus = Syllabus.model_validate(raw)
        except ValidationError as exc:
            return None, exc.errors(include_url=False)[:MAX_REPORTED], exc.error_count()
        share_fields_sets(syllabus.papers)
        return syllabus, [], 0
    errors: list[ErrorDetails] = []
    count = 0
    models: list[Paper] = []
    shared: dict[frozenset[str], set[str]] = {}
    offset = 0
    while papers:
        try:
            found = _PAPERS.validate_python(papers[:_SLICE])
            share_fields_sets(found, shared)
            models.extend(found)
        except ValidationError as exc:
            count += exc.error_count()
            if len(errors) < MAX_REPORTED:
                for error in exc.errors(include_url=False)[: MAX_REPORTED - len(errors)]:
                    error["loc"] = ("papers", offset + int(error["loc"][0]), *error["loc"][1:])
                    errors.append(error)
        del papers[:_SLICE]
        offset += _SLICE
    try:
        syllabus = Syllabus.model_validate({**raw, "papers": models})
    except ValidationError as exc:
        # In the order of one validation: the fields in model order (papers among them), then
        # unknown keys.
        rest = exc.errors(include_url=False)[:MAX_REPORTED]
        errors = sorted(rest + errors, key=lambda e: _field_order(e["loc"]))[:MAX_REPORTED]
        return None, errors, count + exc.error_count()
    return (None, errors, count) if count else (syllabus, [], 0)


def _field_order(loc: tuple[int | str, ...]) -> int:
    return _FIELDS.index(loc[0]) if loc and loc[0] in _FIELDS else len(_FIELDS)


def _check_sizes(raw: dict[str, Any], text: Callable[[], str], file: str) -> None:
    """Refuse a table or array of more than MAX_ENTRIES entries before validating it: a 10 MiB
    array of numbers would otherwise cost millions of errors, minutes and gigabytes.

    Only tables and arrays are visited (the parser makes exact dicts and lists), without their
    paths: the path is looked for only when one is too large."""
    stack: list[dict[str, Any] | list[Any]] = [raw]
    while stack:
        value = stack.pop()
        if len(value) > MAX_ENTRIES:
            message = f"{len(value):,} entries; a table or array may hold at most {MAX_ENTRIES:,}"
            raise DataFileError(file, positioned(text(), [(_path_to(raw, value), message)]))
        items = value.values() if type(value) is dict else value
        stack += [item for item in items if type(item) is dict or type(item) is list]


def _path_to(root: dict[str, Any], target: object) -> KeyPath:
    """The key path of the table or array `target` (this very object) inside `root`."""
    stack: list[tuple[KeyPath, Any]] = [((), root)]
    while stack:
        path, value = stack.pop()
        if value is target:
            return path
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend(((*path, key), item) for key, item in items if isinstance(item, dict | list))
    return ()


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The TOML's data, by tomli: the parser the standard library's tomllib was copied from,
    here in its build compiled with mypyc, which reads a syllabus three times as fast (parsing
    was two thirds of a cold report). Same messages, same TOML 1.0 (see pyproject.toml)."""
    # The parser reads about a megabyte a second of values as small as `1,`: bound their number
    # (lines and commas count every value and more) before parsing, not after.
    items = text.count("\n") + text.count(",")
    if items > MAX_ITEMS:
        message = f"too many lines and list items ({items:,}); a syllabus file may have at most {MAX_ITEMS:,}"
        raise DataFileError(file, [Problem(message)])
    _check_key_depth(text, file)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise DataFileError(file, [syntax_problem(str(exc), text)]) from None
    except RecursionError:
        raise DataFileError(file, [Problem("values are nested too deeply to read")]) from None
    except ValueError:  # an integer of more than 4,300 digits: int() refuses to convert it
        line = _line_of_match(_LONG_NUMBER, text)
        problem = Problem("TOML syntax error: a number with more than 4,300 digits", line=line)
        raise DataFileError(file, [problem]) from None


# A run of more than MAX_KEY_DEPTH dotted key parts (bare or quoted). The look-behind makes a
# match start only where a part starts, and possessive quantifiers never re-scan, so the
# search is linear in the length of the text.
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DEEP_KEY = re.compile(rf"(?<![A-Za-z0-9_\-\"'])(?:{_KEY_PART}[ \t]*+\.[ \t]*+){{{MAX_KEY_DEPTH}}}")
_LONG_NUMBER = re.compile(r"(?<![0-9_])[0-9_]{4300}")


def _line_of_match(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# More than MAX_KEY_DEPTH dots on one line, which every match of _DEEP_KEY has: a search ten
# times as fast (it starts only at dots, and never looks back), so _DEEP_KEY runs only then.
_MANY_DOTS = re.compile(rf"\.(?:[^.\n]*+\.){{{MAX_KEY_DEPTH - 1}}}")


def _check_key_depth(text: str, file: str) -> None:
    match = _DEEP_KEY.search(text) if _MANY_DOTS.search(text) else None
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problem = Problem(
            f"a key nested more than {MAX_KEY_DEPTH} levels deep",
            line=line,
            column=column,
            source=_line(text, line),
            hint="a syllabus key has at most four parts, such as papers.links.slides",
        )
        raise DataFileError(file, [problem])


_POSITION = re.compile(r"^(?P<message>.*?) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_BARE_WORD = re.compile(r"[A-Za-z\u0080-\uffff][^\s#,\]}]*+")


def syntax_problem(error: str, text: str) -> Problem:
    """The position is read from the message's text, as tomllib's message on Python 3.11 has it."""
    match = _POSITION.match(error)
    if not match:
        return Problem(f"TOML syntax error: {shorten(error)}")
    message = match["message"]
    line, column = int(match["line"]), int(match["column"])
    source = _line(text, line)
    return Problem(
        f"TOML syntax error: {message[0].lower()}{message[1:]}",
        line=line,
        column=column,
        source=source,
        hint=_syntax_hint(message, source),
    )


def _line(text: str, number: int) -> str | None:
    """Line `number` (1-based) of `text`, without splitting the whole text."""
    if number < 1:
        return None
    start = 0
    for _ in range(number - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].removesuffix("\r")


def _syntax_hint(message: str, source: str | None) -> str | None:
    word = _bare_value(source) if source is not None else None
    if word is not None and word.lower() not in ("true", "false", "inf", "nan"):
        return f'quote text values: "{shorten(word, 40)}"'
    if "date" in message.lower():
        return 'dates are YYYY-MM-DD and must exist, e.g. 2018-03-08 (or write "TBD")'
    if "overwrite" in message.lower():
        return "this key is already set above; each key appears once per table"
    if "\\n" in message or "unterminated" in message.lower():
        return "close the quote on this line"
    return None


def _bare_value(source: str) -> str | None:
    """The unquoted word after `key =` that ends the line (comment aside), as in `date = TBD`.

    Split by hand rather than searched with one pattern: a search tries every `=` of the
    line and rescans the rest each time, which took seconds on a long line."""
    _, equals, value = source.partition("=")
    if not equals:
        return None
    value = value.strip()
    if "#" in value:
        value = value[: value.index("#")].rstrip()
    word = _BARE_WORD.fullmatch(value)
    return word.group() if word else None


def schema_findings(errors: ValidationError | list[ErrorDetails]) -> list[checks.Finding]:
    found: list[checks.Finding] = []
    if isinstance(errors, ValidationError):
        errors = errors.errors(include_url=False)
    for error in errors:
        path: KeyPath = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            parent = _model_at(path[:-1])
            key = str(path[-1])
            noun = "link kind" if parent is Links else "key"
            choices = list(parent.model_fields) if parent else []
            hint = checks.did_you_mean(key, choices)
            if not hint and choices:
                hint = f" (expected one of: {', '.join(choices)})"
            message = f"unknown {noun}{hint}"
        elif kind == "missing":
            message = "required key is missing"
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
            given = error["input"]
            hint = checks.did_you_mean(given, expected) if isinstance(given, str) else ""
            message = f"{quote(given)} is not one of: {', '.join(expected)}{hint}"
        else:
            message = error["msg"].removeprefix("Value error, ")
            message = message[:1].lower() + message[1:]
            given = error.get("input")
            if kind.endswith("_type") and isinstance(given, str | int | float | bool):
                message += f" (got {quote(given)})"
        found.append((path, message))
    return found


def _model_at(path: KeyPath) -> type[BaseModel] | None:
    """The model class that the key path points into, to suggest its field names."""
    model: type[BaseModel] = Syllabus
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        inner = _find_model(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def positioned(text: str, findings: list[checks.Finding]) -> list[Problem]:
    if not findings:
        return []
    lines = key_lines(text)
    problems = [
        Problem(message, where=format_path(path), line=line_of(lines, path)) for path, message in findings
    ]
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))
