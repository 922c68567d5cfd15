"""Options shared by the commands, declared once, and the parsers behind them.

The global options (--file, --today, --no-color) are declared on the root command only;
`GlobalOptionsGroup` lends the same declarations to every subcommand, so they are accepted
before or after the command name, and `options()` merges them with the environment in one
place: an explicit flag (the later one wins), then $READGROUP_FILE / $READGROUP_TODAY (empty
means unset), then the defaults.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from .. import globalopts
from . import complete

GLOBAL_NAMES = ("file", "today", "no_color")
_GIVEN = "readgroup.given"  # ctx.meta key: global options given on the command line


# -- parsers ------------------------------------------------------------------------------


def parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2018-03-20") from None
    return _in_range(day)


def _in_range(day: dt.date) -> dt.date:
    """Dates a syllabus may hold (models.EARLIEST..LATEST): date arithmetic never overflows."""
    from ..models import check_day

    try:
        return check_day(day)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def parse_moment(value: str | dt.datetime) -> dt.datetime:
    """YYYY-MM-DD (the start of that day) or YYYY-MM-DDTHH:MM, a wall-clock time in the group's zone."""
    if isinstance(value, dt.datetime):
        return value
    try:
        moment = globalopts.parse_moment(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    _in_range(moment.date())
    return moment


def parse_duration(value: str | dt.timedelta) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    from ..export import parse_duration as parse

    try:
        return parse(value)
    except (ValueError, OverflowError) as exc:
        raise typer.BadParameter(str(exc)) from None


def parse_weekday(value: str) -> str:
    """'tue', 'Tuesday', 'thurs' -> the weekday's name as the file writes it."""
    from ..authoring import weekday_named

    day = weekday_named(value)
    if day is None:
        raise typer.BadParameter(f"{value!r} is not a weekday; use monday ... sunday (or mon, tue, ...)")
    return day


def parse_clock(value: str | dt.time) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a time of day; use HH:MM, e.g. 19:00") from None


def split_list(values: list[str] | None) -> list[str]:
    """One way to give a list: repeat the option, or separate values with commas (or both)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


# -- the global options ---------------------------------------------------------------------


def _remember(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    if value is not None and value is not False and param.name is not None:
        ctx.find_root().meta.setdefault(_GIVEN, {})[param.name] = value
    return value


FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        callback=_remember,
        help="Syllabus file. Default: $READGROUP_FILE, else ./data/papers.toml, else a followed group's copy,"
        " else the shipped example.",
        show_default=False,
    ),
]
TodayOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today",
        metavar="DATE[THH:MM]",
        parser=parse_moment,
        callback=_remember,
        help="Pretend it is this day (or moment), in the group's time zone. Default: $READGROUP_TODAY, now.",
        show_default=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", callback=_remember, help="Plain output without colour.")
]


@dataclass(frozen=True)
class Options:
    file: Path | None = None
    today: dt.datetime | None = None
    no_color: bool = False

    @classmethod
    def resolve(cls, given: Mapping[str, Any], environ: Mapping[str, str]) -> Options:
        """Flags win over the environment; an empty variable is unset."""
        file = given.get("file") or globalopts.pick(None, environ, globalopts.FILE_VARIABLE)
        today_text = given.get("today") or globalopts.pick(None, environ, globalopts.TODAY_VARIABLE)
        today = parse_moment(today_text) if today_text else None
        return cls(file=Path(file) if file else None, today=today, no_color=bool(given.get("no_color")))


def options(ctx: typer.Context) -> Options:
    """The global options of this run, wherever on the command line they were given."""
    try:
        return Options.resolve(ctx.find_root().meta.get(_GIVEN, {}), os.environ)
    except typer.BadParameter as exc:
        from ..errors import UsageError

        raise UsageError(f"$READGROUP_TODAY: {exc.message}") from None


# -- options many commands share --------------------------------------------------------------

JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON to stdout.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file instead of stdout.", show_default=False
    ),
]
ForceOutputOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track", "-t", metavar="TRACK", help="Only this track (id).", autocompletion=complete.tracks
    ),
]
KindsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only this link kind (repeatable, or comma-separated).",
        autocompletion=complete.link_kind_lists,
    ),
]
StartOption = Annotated[
    dt.date | None,
    typer.Option(
        "--start",
        metavar="YYYY-MM-DD",
        parser=parse_date,
        help="The first date. Default: today.",
        show_default=False,
    ),
]
MemberOption = Annotated[
    str | None,
    typer.Option(
        "--member",
        "-m",
        metavar="NAME",
        help="Only this member's talks (any case). Default: you ($READGROUP_MEMBER, or config.toml).",
        show_default=False,
        autocompletion=complete.members,
    ),
]
UpcomingOption = Annotated[bool, typer.Option("--upcoming", help="Only sessions from today on, and TBD.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]


def examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


# -- lending the global options to every command ----------------------------------------------

_READABLE = {"str": "TEXT", "int": "N", "float": "NUMBER", "path": "PATH", "file": "PATH", "dir": "PATH"}


def _no_type(ctx: Any) -> None:
    return None


def readable_metavars(params: list[Any]) -> None:
    """Typer shows `<bool>` for flags and `<list[str]>` for lists; show nothing, and TEXT."""
    for param in params:
        if isinstance(param, TyperArgument):
            # The argument's name (PAPER, DATE) already says what it is; Typer would add `<str>`.
            setattr(param, "display_type_rich", _no_type)  # noqa: B010
            continue
        if not isinstance(param, TyperOption) or param.metavar is not None:
            continue
        if param.is_flag:
            param.metavar = ""
            continue
        label = param.display_type(None) or ""  # type: ignore[arg-type]
        inner = re.sub(r"^<(?:list\[)?|\]?>$", "", label)
        param.metavar = _READABLE.get(inner, inner.upper() or "TEXT")


class GlobalOptionsGroup(TyperGroup):
    """A command group whose commands also accept the root's global options."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        readable_metavars([*self.params, self.get_help_option(ctx)])  # before -h can print them
        return super().parse_args(ctx, args)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        command = super().get_command(ctx, cmd_name)
        if command is None or getattr(command, "_readgroup_ready", False):
            return command
        if not isinstance(command, TyperGroup):
            root = ctx.find_root().command
            lent = []
            for param in root.params:
                if param.name in GLOBAL_NAMES:
                    copied = copy.copy(param)
                    copied.expose_value = False  # recorded by its callback, not passed in
                    lent.append(copied)
            command.params.extend(lent)
            readable_metavars([*command.params, command.get_help_option(ctx)])
        setattr(command, "_readgroup_ready", True)  # noqa: B010  (once per command object)
        return command
