"""What every command starts from: its options, the syllabus file it works on, and "now"."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import typer

from .output import warn
from .params import Options, options

if TYPE_CHECKING:
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
    from .. import snapshot
    from ..loader import load
    from ..locate import SHIPPED_NOTICE

    opts = options(ctx)
    where = located(opts)
    if not where.editable:
        warn(SHIPPED_NOTICE)
    before = snapshot.stat_key(where.file)
    loaded = load(where.path)
    snapshot.store(where.file, before, loaded.data, loaded.syllabus, os.environ)
    return opts, loaded


def for_edit(ctx: typer.Context) -> tuple[Options, Loaded]:
    """The user's own syllabus, to change; never the shipped example (exit 2)."""
    from ..loader import load
    from ..locate import for_edit as editable_path

    opts = options(ctx)
    return opts, load(editable_path(located(opts)))


def now(opts: Options, syllabus: Syllabus) -> dt.datetime:
    """--today (a day means its start), else the clock in the group's time zone."""
    if opts.today is not None:
        return opts.today
    from ..globalopts import now_in

    return now_in(syllabus.group.timezone)


def complete_paper(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of a PAPER argument: the ids of the syllabus the command would read.

    Says nothing when the file cannot be read (a message would land in the user's prompt).
    The fast path answers the same from the snapshot this stores.
    """
    from .. import snapshot
    from ..errors import ReadgroupError
    from ..loader import load

    try:
        where = located(options(ctx))
        before = snapshot.stat_key(where.file)
        loaded = load(where.path)
    except ReadgroupError:
        return []
    snapshot.store(where.file, before, loaded.data, loaded.syllabus, os.environ)
    return [paper.id for paper in loaded.syllabus.papers]
