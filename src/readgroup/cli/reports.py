"""What members and leads ask: schedule, next, show, open, progress, missing, assignments, validate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, ReadgroupError, UsageError
from . import complete
from .context import now, read
from .output import emit, emit_json, show, warn
from .params import (
    GlobalOptionsGroup,
    JsonOption,
    KindsOption,
    MemberOption,
    Options,
    TrackOption,
    UpcomingOption,
    examples,
    options,
    parse_duration,
    split_list,
)

if TYPE_CHECKING:
    from ..loader import Loaded
    from ..models import Syllabus

app = typer.Typer(cls=GlobalOptionsGroup)


class NothingThere(ReadgroupError):
    exit_code = ExitCode.PROBLEMS_FOUND


def member(syllabus: Syllabus, given: str | None, *, strict: bool, configured: bool = True) -> str | None:
    """The member a report is about: `given` (--member), else who the user said they are.

    A name not on the roster is a usage error when `strict`; otherwise a warning, and no one.
    """
    from .. import member as identity

    source = "--member"
    if given is None:
        said = identity.configured() if configured else None
        if said is None:
            return None
        given, source = said.name, said.source
    try:
        return identity.find(syllabus, given, source=source)
    except UsageError as exc:
        if strict:
            raise
        warn(f"readgroup: {exc.message}")
        return None


PaperArgument = Annotated[
    str,
    typer.Argument(
        metavar="PAPER", help="Paper id or title (case-insensitive).", autocompletion=complete.papers
    ),
]


FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE",
        help="Syllabus files to check instead of --file (pre-commit passes them).",
        show_default=False,
    ),
]


def load_file(path: Path) -> Loaded:
    from ..loader import read as read_file

    return read_file(path)


def each_file(ctx: typer.Context, files: list[Path] | None) -> Iterator[tuple[Options, Loaded]]:
    """The syllabus of --file (or the usual places), or each file given as an argument."""
    if not files:
        yield read(ctx)
        return
    opts = options(ctx)
    for path in files:
        yield opts, load_file(path)


@app.command(
    epilog=examples("readgroup schedule", "readgroup schedule --track rcnn", "readgroup schedule --json")
)
def schedule(ctx: typer.Context, track: TrackOption = None, json_: JsonOption = False) -> None:
    """Every session: date, papers, presenters and links; days without a meeting too."""
    from .. import contract, names
    from ..schedule import sessions

    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    found = sessions(syllabus)
    if track is not None:
        names.track(syllabus, track)
        found = [s for s in (names.only_track(s, track) for s in found) if s.papers]
    if json_:
        emit_json(contract.schedule_json(syllabus, found, lazy=True))
        return
    from ..render import schedule_table

    show(schedule_table(syllabus, found, now(opts, syllabus).date()), opts)


@app.command(
    "next",
    epilog=examples(
        "readgroup next",
        "readgroup next --today 2018-03-20",
        "readgroup next --today 2018-07-12T20:00   # is tonight's meeting still on?",
        "readgroup next --json | jq .",
    ),
)
def next_(ctx: typer.Context, json_: JsonOption = False) -> None:
    """The next meeting: when, where, what to read (with every link), who presents.

    Also a day without a meeting before it, the group's forum, and "You present" when you do
    ($READGROUP_MEMBER, or member = "..." in your readgroup config.toml).
    """
    from ..schedule import next_session, presented_by, skipped_before, tbd_papers

    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    moment = now(opts, syllabus)
    session = next_session(syllabus, moment)
    tbd = tbd_papers(syllabus)
    skipped = skipped_before(syllabus, session, moment) if session is not None else []
    me = member(syllabus, None, strict=False)
    mine = presented_by(session, me)
    if json_:
        from .. import contract

        emit_json(contract.next_json(syllabus, session, tbd, skipped=skipped, member=me, mine=mine))
        return
    from ..render import next_announcement

    view = next_announcement(syllabus, session, tbd, moment.date(), skipped=skipped, mine=mine)
    show(view, opts, wrap=False)


@app.command(
    "show",
    epilog=examples("readgroup show lenet", 'readgroup show "fast r-cnn"', "readgroup show ssd --json"),
)
def show_(ctx: typer.Context, paper: PaperArgument, json_: JsonOption = False) -> None:
    """One paper: date, track, presenters, every link and what is missing."""
    from .. import names

    opts, loaded = read(ctx)
    found = names.paper(loaded.syllabus, paper)
    if json_:
        from .. import contract

        emit_json(contract.paper_json(found, loaded.syllabus.group))
        return
    from ..render import paper_details

    show(paper_details(found, loaded.syllabus), opts, wrap=False)


@app.command(
    "open",
    epilog=examples(
        "readgroup open lenet", "readgroup open alexnet video", "readgroup open nin slides --print"
    ),
)
def open_(
    ctx: typer.Context,
    paper: PaperArgument,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="[KIND]",
            help="Link kind: paper, slides, video, code, ...",
            autocompletion=complete.link_kinds,
        ),
    ] = "paper",
    print_only: Annotated[bool, typer.Option("--print", help="Print the URL instead of opening it.")] = False,
) -> None:
    """Open a paper's link (the PDF by default) in the web browser."""
    from .. import names

    _, loaded = read(ctx)
    found = names.paper(loaded.syllabus, paper)
    link_kind = names.link_kind(kind, loaded.syllabus)
    url = found.links.present().get(link_kind)
    if url is None:
        raise NothingThere(f"{found.title} has no {link_kind} link yet")
    if print_only:
        emit(url + "\n")
        return
    import webbrowser

    if not webbrowser.open(url):
        warn("readgroup: could not start a web browser; here is the link:")
        emit(url + "\n")


@app.command(epilog=examples("readgroup progress", "readgroup progress --today 2018-05-01 --json"))
def progress(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Sessions held and papers covered, overall and per track, and link coverage per kind."""
    from .. import contract
    from ..schedule import progress as compute

    opts, loaded = read(ctx)
    report = compute(loaded.syllabus, now(opts, loaded.syllabus).date())
    if json_:
        emit_json(contract.progress_json(report))
        return
    from ..render import progress_view

    show(progress_view(report), opts)


@app.command(
    epilog=examples(
        "readgroup missing",
        "readgroup missing --kind slides,video --upcoming",
        "readgroup missing --track rcnn --json",
        "readgroup missing --check   # exit 1 when anything is missing (CI)",
        "readgroup missing --check --within 14d data/papers.toml   # the next two weeks (pre-commit)",
    )
)
def missing(
    ctx: typer.Context,
    kind: KindsOption = None,
    track: TrackOption = None,
    upcoming: UpcomingOption = False,
    past: Annotated[bool, typer.Option("--past", help="Only sessions before today.")] = False,
    within: Annotated[
        dt.timedelta | None,
        typer.Option(
            "--within",
            metavar="DURATION",
            parser=parse_duration,
            help="Only sessions from today to this far ahead, e.g. 14d; never TBD papers.",
        ),
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when anything is missing.")] = False,
    json_: JsonOption = False,
    files: FilesArgument = None,
) -> None:
    """Papers lacking a required link (group.required, or the paper's own), by week."""
    from .. import contract, names
    from ..schedule import missing as compute

    if past and (upcoming or within is not None):
        raise UsageError("--past excludes --upcoming and --within")
    found_any = False
    for opts, loaded in each_file(ctx, files):
        syllabus = loaded.syllabus
        kinds = [names.link_kind(k, syllabus) for k in split_list(kind)]
        if track is not None:
            names.track(syllabus, track)
        today = now(opts, syllabus).date()
        entries = compute(
            syllabus, today, kinds=kinds, track=track, upcoming=upcoming, past=past, within=within
        )
        found_any = found_any or bool(entries)
        if json_:
            emit_json(contract.missing_json(entries))
        else:
            from ..render import missing_table

            if files and len(files) > 1:
                emit(f"{loaded.path}:\n")
            show(missing_table(entries, syllabus), opts)
    if check and found_any:
        raise typer.Exit(int(ExitCode.PROBLEMS_FOUND))


@app.command(
    epilog=examples(
        "readgroup assignments",
        "readgroup assignments --member Alice",
        "readgroup assignments --weeks 4 --json",
    )
)
def assignments(
    ctx: typer.Context,
    name: MemberOption = None,
    everyone: Annotated[
        bool, typer.Option("--all", "-a", help="Every presenter, even when you have said who you are.")
    ] = False,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", metavar="N", min=1, help="Only the next N sessions.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Upcoming sessions and who presents; unassigned papers stand out.

    With --member (or when you have said who you are: $READGROUP_MEMBER, or member = "..." in
    your readgroup config.toml) only that member's talks, unless --all.
    """
    from .. import contract
    from ..plans import assignments as compute
    from ..plans import only_member

    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    day = now(opts, syllabus).date()
    me = member(syllabus, name, strict=True, configured=not everyone or name is not None)
    report = compute(syllabus, day, weeks=weeks, member=me)
    if me is not None and not everyone:
        report = only_member(report)
    if json_:
        emit_json(contract.assignments_json(report, syllabus, day, me))
        return
    from ..render import assignments_view

    show(assignments_view(report, syllabus), opts)


@app.command(
    epilog=examples(
        "readgroup validate",
        "readgroup --file other.toml validate --strict   # warnings fail too",
        "readgroup validate --json",
        "readgroup validate --strict data/papers.toml other/papers.toml   # as pre-commit runs it",
    )
)
def validate(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    json_: JsonOption = False,
    files: FilesArgument = None,
) -> None:
    """Check the syllabus file: errors exit 3; warnings (placeholders, odd dates) are listed.

    Files given as arguments (as pre-commit passes them) are checked instead of --file.
    """
    from ..errors import DataFileError

    worst = ExitCode.OK
    paths: list[Path | None] = list(files) if files else [None]
    for path in paths:
        try:
            code = _validate_one(ctx, path, strict=strict, json_=json_)
        except DataFileError as exc:
            if not json_ and not files:
                raise
            if json_:
                emit_json(
                    {
                        "file": exc.file,
                        "ok": False,
                        "errors": [p.to_json(exc.file) for p in exc.problems],
                        "warnings": [],
                    }
                )
            else:
                warn(exc.message)
            code = ExitCode.DATA
        worst = max(worst, code)
    if worst:
        raise typer.Exit(int(worst))


def _validate_one(ctx: typer.Context, path: Path | None, *, strict: bool, json_: bool) -> ExitCode:
    from ..schedule import dated_sessions

    loaded = read(ctx)[1] if path is None else load_file(path)
    name = str(loaded.path)
    problems = loaded.warnings()
    if json_:
        emit_json({"file": name, "ok": True, "errors": [], "warnings": [p.to_json(name) for p in problems]})
    else:
        for problem in problems:
            warn(f"warning: {problem.format(name)}")
        syllabus = loaded.syllabus
        count = len(problems)
        emit(
            f"{name}: ok, {len(syllabus.papers)} papers in {len(dated_sessions(syllabus))} sessions, "
            f"{len(syllabus.tracks)} tracks, {count} warning{'s' if count != 1 else ''}\n"
        )
    return ExitCode.PROBLEMS_FOUND if strict and problems else ExitCode.OK
