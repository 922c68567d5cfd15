"""What every command starts from: its options, the syllabus file it works on, and "now"."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import typer

from .output import warn
from .params import Options, options

if TYPE_CHECKING:
    from ..follow import Outcome
    from ..loader import Loaded
    from ..locate import Located
    from ..models import Syllabus


def located(opts: Options) -> Located:
    from ..locate import locate

    return locate(opts.file, os.environ)


def read(ctx: typer.Context) -> tuple[Options, Loaded]:
    """The syllabus to report on; says so on stderr when it is the shipped example.

    A successful read is also stored as a snapshot, which the fast path answers from next time.
    """
    opts = options(ctx)
    return opts, loaded_and_stored(announced(opts))


def read_plain(ctx: typer.Context) -> tuple[Options, dict[str, Any]]:
    """As `read`, but the syllabus as the snapshot's plain data (`snapshot.plain`): from a valid
    snapshot without Pydantic or the models when there is one, else read, validated and stored
    as `read` does (with the same errors)."""
    from .. import snapshot

    opts = options(ctx)
    where = announced(opts)
    payload = snapshot.read(where.file, os.environ)
    if payload is None:
        payload = snapshot.plain(loaded_and_stored(where).syllabus)
    return opts, payload


def announced(opts: Options) -> Located:
    """The file to read; a followed group's copy refreshed when due, the shipped example named."""
    from ..locate import SHIPPED_NOTICE, Origin

    where = located(opts)
    if where.origin == Origin.FOLLOWED:
        assert where.url is not None
        refreshed(where.url)
    elif not where.editable:
        warn(SHIPPED_NOTICE)
    return where


def loaded_and_stored(where: Located) -> Loaded:
    from .. import snapshot
    from ..loader import read as read_file

    before = snapshot.stat_key(where.file)
    loaded = read_file(where.path)
    snapshot.store(where.file, before, loaded.data, loaded.syllabus, os.environ)
    return loaded


def refreshed(url: str) -> None:
    """Refresh a followed group's copy when due; say so on stderr when it may be out of date."""
    from ..follow import refresh

    outcome = refresh(os.environ, url)
    if outcome.stale:
        warn(f"readgroup: {stale_note(outcome)}")


def stale_note(outcome: Outcome) -> str:
    state = outcome.state
    when = ago(state.checked_at) if state.checked_at else "some time ago"
    if outcome.kind == "rejected":
        return (
            f"the followed group's file is broken now, so its good copy last checked {when} is read "
            f"instead; tell the group's leads:\n{outcome.detail}"
        )
    return f"could not refresh the followed syllabus ({outcome.detail}); reading the copy last checked {when}"


def ago(moment: float) -> str:
    """'2018-07-12 20:00 (3 hours ago)' in local time."""
    import time

    seconds = max(0.0, time.time() - moment)
    if seconds < 3600:
        span = f"{int(seconds // 60)} min"
    elif seconds < 2 * 86400:
        span = f"{int(seconds // 3600)} h"
    else:
        span = f"{int(seconds // 86400)} days"
    return f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(moment))} ({span} ago)"


def for_edit(ctx: typer.Context) -> tuple[Options, Loaded]:
    """The user's own syllabus, to change; never the shipped example (exit 2)."""
    from ..loader import load
    from ..locate import for_edit as editable_path

    opts = options(ctx)
    return opts, load(editable_path(located(opts)))


def now(opts: Options, syllabus: Syllabus) -> dt.datetime:
    """--today (a day means its start), else the clock in the group's time zone."""
    return now_in_zone(opts, syllabus.group.timezone)


def now_in_zone(opts: Options, timezone: str) -> dt.datetime:
    if opts.today is not None:
        return opts.today
    from ..globalopts import now_in

    return now_in(timezone)
