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
    """The syllabus to report on; says so on stderr when it is the shipped example."""
    from ..loader import load

    opts = options(ctx)
    where = located(opts)
    if not where.editable:
        warn(
            "readgroup: no ./data/papers.toml here; reading the example shipped with readgroup "
            "(start your own with `readgroup init`)"
        )
    return opts, load(where.path)


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
    from ..schedule import now_in

    return now_in(syllabus.group.timezone)
