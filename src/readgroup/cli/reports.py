"""What members and leads ask: schedule, next, show, open, progress, missing, assignments, validate."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ExitCode, ReadgroupError, UsageError
from .context import complete_paper, now, read
from .output import emit, emit_json, show, warn
from .params import GlobalOptionsGroup, JsonOption, KindsOption, TrackOption, examples, split_list

app = typer.Typer(cls=GlobalOptionsGroup)


class NothingThere(ReadgroupError):
    exit_code = ExitCode.PROBLEMS_FOUND


PaperArgument = Annotated[
    str,
    typer.Argument(
        metavar="PAPER", help="Paper id or title (case-insensitive).", autocompletion=complete_paper
    ),
]


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
        emit_json(contract.schedule_json(syllabus, found))
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
    """The next meeting: when, where, what to read (with every link), who presents."""
    from ..schedule import next_session, tbd_papers

    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    moment = now(opts, syllabus)
    session = next_session(syllabus, moment)
    tbd = tbd_papers(syllabus)
    if json_:
        from .. import contract

        emit_json(contract.next_json(syllabus, session, tbd))
        return
    from ..render import next_announcement

    show(next_announcement(syllabus, session, tbd, moment.date()), opts, wrap=False)


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
        str, typer.Argument(metavar="[KIND]", help="Link kind: paper, slides, video, code, ...")
    ] = "paper",
    print_only: Annotated[bool, typer.Option("--print", help="Print the URL instead of opening it.")] = False,
) -> None:
    """Open a paper's link (the PDF by default) in the web browser."""
    from .. import names

    _, loaded = read(ctx)
    found = names.paper(loaded.syllabus, paper)
    link_kind = names.link_kind(kind)
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
    )
)
def missing(
    ctx: typer.Context,
    kind: KindsOption = None,
    track: TrackOption = None,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help="Only sessions from today on, and TBD.")
    ] = False,
    past: Annotated[bool, typer.Option("--past", help="Only sessions before today.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when anything is missing.")] = False,
    json_: JsonOption = False,
) -> None:
    """Papers lacking a required link (group.required, or the paper's own), by week."""
    from .. import contract, names
    from ..schedule import missing as compute

    if upcoming and past:
        raise UsageError("--upcoming and --past exclude each other")
    kinds = [names.link_kind(k) for k in split_list(kind)]
    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    if track is not None:
        names.track(syllabus, track)
    entries = compute(
        syllabus, now(opts, syllabus).date(), kinds=kinds, track=track, upcoming=upcoming, past=past
    )
    if json_:
        emit_json(contract.missing_json(entries))
    else:
        from ..render import missing_table

        show(missing_table(entries, syllabus), opts)
    if check and entries:
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
    member: Annotated[
        str | None, typer.Option("--member", "-m", metavar="NAME", help="Show this member's next talk first.")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", metavar="N", min=1, help="Only the next N sessions.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Upcoming sessions and who presents; unassigned papers stand out."""
    from .. import contract
    from ..plans import assignments as compute

    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    day = now(opts, syllabus).date()
    report = compute(syllabus, day, weeks=weeks, member=member)
    if json_:
        emit_json(contract.assignments_json(report, syllabus, day, member))
        return
    from ..render import assignments_view

    show(assignments_view(report, syllabus), opts)


@app.command(
    epilog=examples(
        "readgroup validate",
        "readgroup --file other.toml validate --strict   # warnings fail too",
        "readgroup validate --json",
    )
)
def validate(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    json_: JsonOption = False,
) -> None:
    """Check the syllabus file: errors exit 3; warnings (placeholders, odd dates) are listed."""
    from ..errors import DataFileError
    from ..schedule import dated_sessions

    try:
        _, loaded = read(ctx)
    except DataFileError as exc:
        if not json_:
            raise
        emit_json(
            {
                "file": exc.file,
                "ok": False,
                "errors": [p.to_json(exc.file) for p in exc.problems],
                "warnings": [],
            }
        )
        raise typer.Exit(int(ExitCode.DATA)) from None
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
    if strict and problems:
        raise typer.Exit(int(ExitCode.PROBLEMS_FOUND))
