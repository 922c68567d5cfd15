"""Find the syllabus file, read it, and turn it into a validated `Syllabus`.

Every failure becomes a `DataFileError` listing `Problem`s with file, line and key path.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from . import checks
from .errors import DataFileError, Problem
from .models import Links, Syllabus
from .positions import KeyPath, format_path, key_lines, line_of


@dataclass(frozen=True)
class Loaded:
    path: Path
    data: bytes  # exactly as read, to notice a change before writing
    text: str
    raw: dict[str, Any]  # the parsed TOML, for edits
    syllabus: Syllabus

    def warnings(self) -> list[Problem]:
        return positioned(self.text, checks.warnings(self.syllabus))


def read_bytes(path: Path) -> bytes:
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(
            file, [Problem("no such file", hint="pass --file PATH or set READGROUP_FILE")]
        ) from None
    except IsADirectoryError:
        raise DataFileError(file, [Problem("is a folder, not a TOML file")]) from None
    except OSError as exc:
        raise DataFileError(file, [Problem(f"cannot read: {exc.strerror or exc}")]) from None
    return data


def decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem("not UTF-8 text", line=line, hint="save the file as UTF-8")
        raise DataFileError(file, [problem]) from None


def load(path: Path) -> Loaded:
    file = str(path)
    data = read_bytes(path)
    text = decode(data, file)
    raw = parse_toml(text, file)
    return Loaded(path=path, data=data, text=text, raw=raw, syllabus=validate(raw, text, file))


def parse(text: str, file: str = "<text>") -> Syllabus:
    return validate(parse_toml(text, file), text, file)


def validate(raw: dict[str, Any], text: str, file: str) -> Syllabus:
    """The syllabus, or a DataFileError listing every problem with its line."""
    found = checks.errors(raw)
    try:
        syllabus = Syllabus.model_validate(raw)
    except ValidationError as exc:
        # A key the checks already name (an unknown link kind, with its did-you-mean) needs no
        # second message about its value.
        named = {path for path, _ in found}
        found = [f for f in schema_findings(exc) if f[0] not in named] + found
    if found:
        raise DataFileError(file, positioned(text, found))
    return syllabus


def parse_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(file, [syntax_problem(str(exc), text)]) from None
    except RecursionError:
        raise DataFileError(file, [Problem("values are nested too deeply to read")]) from None


_POSITION = re.compile(r"^(?P<message>.*?) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_BARE_WORD = re.compile(r"=\s*([A-Za-z\u0080-\uffff][^\s#,\]}]*)\s*(?:#.*)?$")


def syntax_problem(error: str, text: str) -> Problem:
    """tomllib's message on Python 3.11 carries the position only in its text."""
    match = _POSITION.match(error)
    if not match:
        return Problem(f"TOML syntax error: {error}")
    message = match["message"]
    line, column = int(match["line"]), int(match["column"])
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else None
    return Problem(
        f"TOML syntax error: {message[0].lower()}{message[1:]}",
        line=line,
        column=column,
        source=source,
        hint=_syntax_hint(message, source),
    )


def _syntax_hint(message: str, source: str | None) -> str | None:
    if source is not None:
        bare = _BARE_WORD.search(source)
        if bare and bare.group(1).lower() not in ("true", "false", "inf", "nan"):
            word = bare.group(1)
            return f'quote text values: "{word}"'
    if "date" in message.lower():
        return 'dates are YYYY-MM-DD and must exist, e.g. 2018-03-08 (or write "TBD")'
    if "overwrite" in message.lower():
        return "this key is already set above; each key appears once per table"
    if "\\n" in message or "unterminated" in message.lower():
        return "close the quote on this line"
    return None


def schema_findings(exc: ValidationError) -> list[checks.Finding]:
    found: list[checks.Finding] = []
    for error in exc.errors(include_url=False):
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
            message = f"{given!r} is not one of: {', '.join(expected)}{hint}"
        else:
            message = error["msg"].removeprefix("Value error, ")
            message = message[:1].lower() + message[1:]
            given = error.get("input")
            if kind.endswith("_type") and isinstance(given, str | int | float | bool):
                message += f" (got {given!r})"
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
