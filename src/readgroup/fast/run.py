"""One fast run: parse, find the file and its snapshot, answer, write; or decline."""

from __future__ import annotations

import os
import sys

from .. import snapshot
from ..globalopts import TODAY_VARIABLE, parse_moment, pick
from ..locate import SHIPPED_NOTICE, Origin, locate
from . import Declined
from .argv import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from typing import Any

    from .argv import Request


def attempt(argv: list[str], environ: Mapping[str, str]) -> int:
    """The exit code of a run the fast path answered; Declined when Typer should answer."""
    # As in cli.main: a short run with many containers and no cycles worth collecting.
    import gc

    gc.disable()
    instruction = environ.get("_READGROUP_COMPLETE")
    if instruction:
        from .complete import complete

        return complete(instruction, environ)
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        raise Declined("stdout is not UTF-8")
    request = parse(argv)
    today_text = pick(_text(request.globals.get("today")), environ, TODAY_VARIABLE)
    try:
        today = parse_moment(today_text) if today_text else None
    except ValueError:
        raise Declined("the date") from None
    try:
        where = locate(_text(request.globals.get("file")), environ)
    except OSError:
        raise Declined("finding the file") from None
    except Exception as exc:  # a broken settings file (follow): Typer says what is wrong
        from ..errors import ReadgroupError

        if isinstance(exc, ReadgroupError):
            raise Declined("the settings file") from None
        raise
    if where.origin == Origin.FOLLOWED:
        import time

        from ..userconfig import confirmed_copy

        assert where.url is not None
        if not confirmed_copy(environ, where.url, time.time()):
            raise Declined("a followed group's copy due for a refresh (Typer's)")
    payload = snapshot.read(where.file, environ)
    if payload is None:
        raise Declined("no snapshot of this file")
    notice = SHIPPED_NOTICE if where.origin == Origin.SHIPPED else None  # as cli.context.announced
    if request.command == "check-links":
        return check_links(request, payload, today, notice, environ)
    text, code = answer(request, payload, today, environ)
    if notice:
        warn(notice)
    written = emit(text)
    return code if written is None else written


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def answer(
    request: Request, payload: dict[str, Any], today: dt.datetime | None, environ: Mapping[str, str]
) -> tuple[str, int]:
    from . import answers

    try:
        return answers.answer(request, payload, today)
    except Declined:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        # A snapshot of an unexpected shape: Typer answers. Under =require (tests) it is a bug.
        if environ.get("READGROUP_FASTPATH") == "require":
            raise
        raise Declined(f"snapshot content: {exc!r}") from None


def check_links(
    request: Request,
    payload: dict[str, Any],
    today: dt.datetime | None,
    notice: str | None,
    environ: Mapping[str, str],
) -> int:
    """As `answer`, for the one hot command that does more than read: every hand-over to Typer
    happens before any request is sent."""
    from . import links

    try:
        uses, settings = links.prepare(request, payload, today)
    except Declined:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        if environ.get("READGROUP_FASTPATH") == "require":
            raise
        raise Declined(f"snapshot content: {exc!r}") from None
    return links.check(request, uses, settings, notice)


def warn(text: str) -> None:
    """As cli.output.warn."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def emit(text: str) -> int | None:
    """As cli.output.emit: None when written; 0 for a closed pipe; 4 and one line otherwise."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        import errno

        try:  # as cli.output: stdout to /dev/null so the interpreter's last flush cannot fail
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            return 0
        warn(f"readgroup: cannot write output: {exc.strerror or exc}")
        return 4
    return None
