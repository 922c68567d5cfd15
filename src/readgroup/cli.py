"""The command line: parse options, call the domain code, render. Nothing else.

Heavy libraries (pydantic through the loader, Rich) are imported inside the commands
that need them: every command and every Tab completion pays for start-up.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import ExitCode, ReadgroupError, UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .loader import Loaded
    from .models import LinkKind, Syllabus


class _Group(TyperGroup):
    """Turns the project's exceptions into one message on stderr and the documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReadgroupError as exc:
            fail(exc.message, exc.exit_code, prefixed=exc.prefixed)


app = typer.Typer(
    cls=_Group,
    name="readgroup",
    help="Run a reading group's weekly paper syllabus: what's next, progress, missing links.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# -- output ---------------------------------------------------------------------------


def fail(message: str, code: ExitCode, *, prefixed: bool = True) -> NoReturn:
    sys.stderr.write(f"readgroup: {message}\n" if prefixed else f"{message}\n")
    sys.stderr.flush()
    raise typer.Exit(int(code))


def emit(text: str) -> None:
    """Write to stdout now, so a closed pipe or a full disk is handled here, not at exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        _output_failed(exc)


def _output_failed(exc: OSError) -> NoReturn:
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        # The reader went away (`| head -1`): stop quietly, as cat does.
        _silence_stdout()
        raise typer.Exit(0) from None
    _silence_stdout()
    fail(f"cannot write output: {exc.strerror or exc}", ExitCode.WRITE)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests); nothing will be flushed at exit anyway


def emit_json(data: object) -> None:
    # Indented for a person at a terminal; compact in a pipe, where it is read by programs
    # and where json's fast C encoder applies (indent= falls back to pure Python).
    indent = 2 if sys.stdout.isatty() else None
    emit(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def show(renderable: RenderableType, options: Options, *, wrap: bool = True) -> None:
    """Render with Rich, then write through `emit`. `wrap=False` keeps URLs on one line."""
    from rich.console import Console

    console = Console(no_color=options.no_color or None, highlight=False)
    try:
        with console.capture() as captured:
            console.print(renderable, soft_wrap=not wrap)
    except OSError as exc:  # ending the capture writes "" to stdout, which a full disk refuses
        _output_failed(exc)
    emit(captured.get())


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


# -- options shared by every command ----------------------------------------------------


def _parse_date(value: str | None) -> str | None:
    if value is None:
        return None
    from .models import check_day

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2018-03-20") from None
    try:
        check_day(day)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        envvar="READGROUP_FILE",
        help="Syllabus file. Default: $READGROUP_FILE, ./data/papers.toml, the shipped syllabus.",
        show_default=False,
        dir_okay=True,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="READGROUP_TODAY",
        metavar="YYYY-MM-DD",
        callback=_parse_date,
        help="Pretend today is this date. Default: today in the group's time zone.",
        show_default=False,
    ),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON to stdout.")]


@dataclass(frozen=True)
class Options:
    file: Path | None = None
    today: str | None = None
    no_color: bool = False


def _options(ctx: typer.Context, file: Path | None, today: str | None, no_color: bool) -> Options:
    """Options given after the command win over the same options given before it."""
    base = ctx.obj if isinstance(ctx.obj, Options) else Options()
    return Options(file=file or base.file, today=today or base.today, no_color=no_color or base.no_color)


def _load(options: Options) -> Loaded:
    from .loader import find_data_file, load

    return load(find_data_file(options.file))


def _now(options: Options, syllabus: Syllabus) -> dt.datetime:
    """--today means the start of that day; otherwise the clock in the group's time zone."""
    if options.today is not None:
        return dt.datetime.combine(dt.date.fromisoformat(options.today), dt.time.min)
    from .schedule import now_in

    return now_in(syllabus.group.timezone)


def _version(value: bool) -> None:
    if value:
        emit(f"readgroup {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Run a reading group's weekly paper syllabus from the terminal.

    Reads data/papers.toml (or --file) and answers what members and leads ask every week.
    """
    ctx.obj = Options(file=file, today=today, no_color=no_color)


def _examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


# -- member commands ----------------------------------------------------------------------


@app.command(
    epilog=_examples("readgroup schedule", "readgroup schedule --track rcnn", "readgroup schedule --json")
)
def schedule(
    ctx: typer.Context,
    track: Annotated[str | None, typer.Option("--track", "-t", help="Only this track (id).")] = None,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Every session: date, papers, presenters and links; days without a meeting too."""
    from . import contract
    from .schedule import sessions

    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    found = sessions(syllabus)
    if track is not None:
        _check_track(syllabus, track)
        found = [s for s in (_only_track(s, track) for s in found) if s.papers]
    if json_:
        emit_json(contract.schedule_json(syllabus, found))
        return
    from .render import schedule_table

    show(schedule_table(syllabus, found, _now(options, syllabus).date()), options)


@app.command(
    "next",
    epilog=_examples("readgroup next", "readgroup next --today 2018-03-20", "readgroup next --json | jq ."),
)
def next_(
    ctx: typer.Context,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The next meeting: when, where, what to read (with every link), who presents."""
    from .schedule import next_session, tbd_papers

    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    now = _now(options, syllabus)
    session = next_session(syllabus, now)
    tbd = tbd_papers(syllabus)
    if json_:
        from . import contract

        emit_json(contract.next_json(syllabus, session, tbd))
        return
    from .render import next_announcement

    show(next_announcement(syllabus, session, tbd, now.date()), options, wrap=False)


@app.command(
    "show",
    epilog=_examples("readgroup show lenet", 'readgroup show "fast r-cnn"', "readgroup show ssd --json"),
)
def show_(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Paper id or title (case-insensitive).")],
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """One paper: date, track, presenters, every link and what is missing."""
    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    found = _find(syllabus, paper)
    if json_:
        from . import contract

        emit_json(contract.paper_json(found, syllabus.group))
        return
    from .render import paper_details

    show(paper_details(found, syllabus), options, wrap=False)


@app.command(
    "open",
    epilog=_examples(
        "readgroup open lenet", "readgroup open alexnet video", "readgroup open nin slides --print"
    ),
)
def open_(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Paper id or title (case-insensitive).")],
    kind: Annotated[str, typer.Argument(help="Link kind: paper, slides, video, code, ...")] = "paper",
    print_only: Annotated[bool, typer.Option("--print", help="Print the URL instead of opening it.")] = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Open a paper's link (the PDF by default) in the web browser."""
    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    found = _find(syllabus, paper)
    link_kind = _link_kind(kind)
    url = found.links.present().get(link_kind)
    if url is None:
        raise _NothingThere(f"{found.title} has no {link_kind} link yet")
    if print_only:
        emit(url + "\n")
        return
    import webbrowser

    if not webbrowser.open(url):
        warn("readgroup: could not start a web browser; here is the link:")
        emit(url + "\n")


# -- lead reports --------------------------------------------------------------------------


@app.command(epilog=_examples("readgroup progress", "readgroup progress --today 2018-05-01 --json"))
def progress(
    ctx: typer.Context,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Sessions held and papers covered, overall and per track, and link coverage per kind."""
    from . import contract
    from .schedule import progress as compute

    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    report = compute(syllabus, _now(options, syllabus).date())
    if json_:
        emit_json(contract.progress_json(report))
        return
    from .render import progress_view

    show(progress_view(report), options)


@app.command(
    epilog=_examples(
        "readgroup missing",
        "readgroup missing --kind slides --upcoming",
        "readgroup missing --track rcnn --json",
        "readgroup missing --check   # exit 1 when anything is missing (CI)",
    )
)
def missing(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="Only this link kind (repeatable).")
    ] = None,
    track: Annotated[str | None, typer.Option("--track", "-t", help="Only this track (id).")] = None,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help="Only sessions from today on, and TBD.")
    ] = False,
    past: Annotated[bool, typer.Option("--past", help="Only sessions before today.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when anything is missing.")] = False,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Papers lacking a required link (group.required, or the paper's own), by week."""
    from . import contract
    from .schedule import missing as compute

    if upcoming and past:
        raise UsageError("--upcoming and --past exclude each other")
    kinds = [_link_kind(k) for k in kind or []]
    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    if track is not None:
        _check_track(syllabus, track)
    entries = compute(
        syllabus, _now(options, syllabus).date(), kinds=kinds, track=track, upcoming=upcoming, past=past
    )
    if json_:
        emit_json(contract.missing_json(entries))
    else:
        from .render import missing_table

        show(missing_table(entries, syllabus), options)
    if check and entries:
        raise typer.Exit(int(ExitCode.PROBLEMS_FOUND))


@app.command(
    epilog=_examples(
        "readgroup validate",
        "readgroup --file other.toml validate --strict   # warnings fail too",
        "readgroup validate --json",
    )
)
def validate(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Check the syllabus file: errors exit 3; warnings (placeholders, odd dates) are listed."""
    from .errors import DataFileError
    from .loader import find_data_file, load

    options = _options(ctx, file, today, no_color)
    path = find_data_file(options.file)
    name = str(path)
    try:
        loaded = load(path)
    except DataFileError as exc:
        if not json_:
            raise
        emit_json(
            {"file": name, "ok": False, "errors": [p.to_json(name) for p in exc.problems], "warnings": []}
        )
        raise typer.Exit(int(ExitCode.DATA)) from None
    problems = loaded.warnings()
    if json_:
        emit_json({"file": name, "ok": True, "errors": [], "warnings": [p.to_json(name) for p in problems]})
    else:
        for problem in problems:
            warn(f"warning: {problem.format(name)}")
        syllabus = loaded.syllabus
        from .schedule import dated_sessions

        count = len(problems)
        emit(
            f"{name}: ok, {len(syllabus.papers)} papers in {len(dated_sessions(syllabus))} sessions, "
            f"{len(syllabus.tracks)} tracks, {count} warning{'s' if count != 1 else ''}\n"
        )
    if strict and problems:
        raise typer.Exit(int(ExitCode.PROBLEMS_FOUND))


# -- helpers ------------------------------------------------------------------------------


class _NothingThere(ReadgroupError):
    exit_code = ExitCode.PROBLEMS_FOUND


def _find(syllabus: Syllabus, query: str) -> Any:
    from .checks import did_you_mean
    from .schedule import find_paper, paper_names

    paper = find_paper(syllabus, query)
    if paper is None:
        hint = did_you_mean(query, paper_names(syllabus)) or " (see `readgroup schedule`)"
        raise UsageError(f"no paper {query!r}{hint}")
    return paper


def _link_kind(kind: str) -> LinkKind:
    from .checks import did_you_mean
    from .models import LINK_KINDS

    for known in LINK_KINDS:
        if kind.lower() == known:
            return known
    hint = did_you_mean(kind, LINK_KINDS) or f" (kinds: {', '.join(LINK_KINDS)})"
    raise UsageError(f"unknown link kind {kind!r}{hint}")


def _check_track(syllabus: Syllabus, track: str) -> None:
    from .checks import did_you_mean

    ids = [t.id for t in syllabus.tracks]
    if track not in ids:
        raise UsageError(
            f"unknown track {track!r}{did_you_mean(track, ids) or ' (tracks: ' + ', '.join(ids) + ')'}"
        )


def _only_track(session: Any, track: str) -> Any:
    from .schedule import Session

    return Session(session.date, tuple(p for p in session.papers if p.track == track))


# The lead's editing commands register themselves on `app`.
from . import cli_edit, cli_links, cli_publish  # noqa: E402, F401


def main() -> None:
    # A run lives for well under a second and makes few reference cycles, while the cyclic
    # collector rescans every model of a large syllabus again and again (measured: half the
    # report time at 20,000 papers). Memory is still freed by reference counting.
    import gc

    gc.disable()
    app(prog_name="readgroup")
