"""Everything the commands write: stdout (text, JSON, Rich), stderr, output files.

JSON goes to stdout through `json.dumps`, never through Rich (which wraps when piped). A
closed pipe stops quietly, as cat does; a full disk is exit 4 with one line.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from ..errors import ExitCode

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .params import Options


def fail(message: str, code: ExitCode, *, prefixed: bool = True) -> NoReturn:
    warn(f"readgroup: {message}" if prefixed else message)
    raise typer.Exit(int(code))


def warn(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except OSError:
        pass  # nowhere left to say it


def emit(text: str) -> None:
    """Write to stdout now, so a closed pipe or a full disk is handled here, not at exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        output_failed(exc)


def output_failed(exc: OSError) -> NoReturn:
    """A closed pipe ends quietly (exit 0); anything else (a full disk) is one line, exit 4."""
    _silence_stdout()
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        raise typer.Exit(0) from None  # the reader went away (`| head -1`)
    fail(f"cannot write output: {exc.strerror or exc}", ExitCode.WRITE)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests); nothing will be flushed at exit anyway


def emit_json(data: object) -> None:
    """`json.dumps(data)` and a newline, written piece by piece (see `json_chunks`)."""
    # Indented for a person at a terminal; compact in a pipe, where it is read by programs
    # and where json's fast C encoder applies (indent= falls back to pure Python).
    indent = 2 if sys.stdout.isatty() else None
    try:
        for chunk in json_chunks(data, indent):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except OSError as exc:
        output_failed(exc)


BATCH = 256  # list items encoded by one json.dumps call when a list is written in pieces


def json_chunks(value: object, indent: int | None, level: int = 0) -> Iterator[str]:
    """The text of `json.dumps(value, ensure_ascii=False, indent=indent)`, in pieces; an
    iterator stands for the list of its items.

    A list of more than BATCH items, and a dict that holds one, is written a slice of items
    at a time, so the text of a 100,000-paper schedule never exists whole (json has no
    streaming encoder in C; its pure-Python `iterencode` is several times slower). Pieces are
    json.dumps of slices, joined with the separators json.dumps uses; indented text moves right
    by replacing newlines, which JSON strings never contain raw."""
    if not _large(value):
        yield _dumps(value, indent, level)
        return
    pad = "" if indent is None else "\n" + " " * (indent * level)
    inner = "" if indent is None else pad + " " * indent
    comma = ", " if indent is None else ","
    if isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield f"{comma if number else ''}{inner}{json.dumps(key, ensure_ascii=False)}: "
            yield from json_chunks(item, indent, level + 1)
        yield pad + "}"
        return
    assert isinstance(value, list | Iterator)
    items = iter(value)  # a list, or an iterator making the items as they are written
    part = list(itertools.islice(items, BATCH))
    if not part:
        yield "[]"
        return
    yield "["
    while part:
        # "[a, b]" or "[\n  a,\n  b\n]": the items without the brackets
        text = _dumps(part, indent, level)
        yield text[1:-1] if indent is None else text[1 : -len(pad) - 1]
        part = list(itertools.islice(items, BATCH))
        if part:
            yield comma
    yield pad + "]"


def _large(value: object) -> bool:
    """An iterator, a list of more than BATCH items, or a dict (string keys only) holding one
    in its values or its dicts' values; the items of lists are not looked into."""
    if isinstance(value, Iterator):
        return True
    if isinstance(value, list):
        return len(value) > BATCH
    if isinstance(value, dict):
        return all(isinstance(key, str) for key in value) and any(_large(item) for item in value.values())
    return False


def _dumps(value: object, indent: int | None, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * (indent * level)) if indent and level else text


def show(renderable: RenderableType, options: Options, *, wrap: bool = True) -> None:
    """Render with Rich into a string, then write it through `emit`. `wrap=False` keeps URLs whole."""
    from rich.console import Console

    console = Console(no_color=options.no_color or None, highlight=False)
    try:
        # Rich writes "" to stdout when a capture ends; on a full disk even that fails.
        with console.capture() as captured:
            console.print(renderable, soft_wrap=not wrap)
    except OSError as exc:
        output_failed(exc)
    emit(captured.get())


def write_output(text: str | bytes, output: Path | None, *, force: bool) -> None:
    """Stdout (no -o, or `-o -`), else the file: refused if it exists unless --force."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None or str(output) == "-":
        emit(data.decode("utf-8"))
        return
    from ..outputs import write_output as write

    write(output, data, force=force)
    warn(f"Wrote {output}.")
