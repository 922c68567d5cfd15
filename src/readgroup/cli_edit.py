"""The lead's commands that change the syllabus file: parse, plan, show, write safely."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import (
    FileOption,
    JsonOption,
    NoColorOption,
    TodayOption,
    _examples,
    _find,
    _link_kind,
    _load,
    _now,
    _options,
    app,
    emit,
    emit_json,
    show,
    warn,
)
from .errors import UsageError

if TYPE_CHECKING:
    from .editing import Change
    from .loader import Loaded
    from .models import Weekday

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date; use YYYY-MM-DD") from None


def _write(
    loaded: Loaded,
    changes: list[Change],
    *,
    dry_run: bool,
    done: str,
    output: Path | None = None,
    force: bool = False,
) -> bool:
    """Save the edit (or print its diff). False if nothing was written."""
    from .editing import save_edit

    result = save_edit(loaded, changes, dry_run=dry_run, output=output, force=force)
    for note in result.notes:
        warn(f"note: {note}")
    if not result.changed:
        warn("Nothing to change; the file is untouched.")
        return False
    if dry_run:
        emit(result.diff)
        return False
    warn(done.format(file=result.path))
    return True


# -- presenters ---------------------------------------------------------------------------


@app.command(
    epilog=_examples(
        "readgroup assignments",
        "readgroup assignments --member Alice",
        "readgroup assignments --weeks 4 --json",
    )
)
def assignments(
    ctx: typer.Context,
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Show this member's next talk first.")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", min=1, help="Only the next N sessions.")
    ] = None,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Upcoming sessions and who presents; unassigned papers stand out."""
    from . import contract
    from .plans import assignments as compute

    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    day = _now(options, syllabus).date()
    report = compute(syllabus, day, weeks=weeks, member=member)
    group = syllabus.group
    if json_:
        emit_json(
            {
                "today": day.isoformat(),
                "member": member,
                "next": contract.paper_json(report.next_paper, group) if report.next_paper else None,
                "sessions": [
                    {"date": d.isoformat(), "papers": [contract.paper_json(p, group) for p in papers]}
                    for d, papers in report.sessions
                ],
            }
        )
        return
    from .render import assignments_view

    show(assignments_view(report, syllabus), options)


@app.command(
    epilog=_examples(
        "readgroup assign lenet Alice",
        'readgroup assign "fast r-cnn" Alice Bob   # co-presenters',
        "readgroup assign ssd Carol --dry-run",
    )
)
def assign(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Paper id or title.")],
    names: Annotated[list[str], typer.Argument(help="Presenter name(s).")],
    force: Annotated[
        bool, typer.Option("--force", help="Assign even if marked unavailable that day.")
    ] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Set who presents a paper (several names for co-presenters)."""
    from .plans import assign as plan

    loaded = _load(_options(ctx, file, None, no_color))
    found = _find(loaded.syllabus, paper)
    _write(
        loaded,
        plan(loaded.syllabus, found, names, force=force),
        dry_run=dry_run,
        done=f"{found.title}: presented by {', '.join(names)} ({{file}} updated).",
    )


@app.command(
    epilog=_examples(
        "readgroup rotate --members Alice,Bob,Carol --track rcnn --from 2018-06-01",
        "readgroup rotate --from 2018-06-01 --yes   # the [[members]] roster, written",
        "readgroup rotate --members Alice,Bob --overwrite --dry-run",
    )
)
def rotate(
    ctx: typer.Context,
    members: Annotated[
        str | None, typer.Option("--members", help="Comma-separated names. Default: the [[members]] roster.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First date. Default: today.")
    ] = None,
    track: Annotated[str | None, typer.Option("--track", "-t", help="Only this track.")] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Reassign papers that have a presenter.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Share the unassigned upcoming papers out fairly among members, and show the plan."""
    from .cli import _check_track
    from .plans import check_members, rotation, rotation_changes

    options = _options(ctx, file, today, no_color)
    loaded = _load(options)
    syllabus = loaded.syllabus
    names = (
        [n.strip() for n in members.split(",") if n.strip()]
        if members
        else [m.name for m in syllabus.members]
    )
    check_members(syllabus, names)
    if track is not None:
        _check_track(syllabus, track)
    first = _date(start, "--from") if start else _now(options, syllabus).date()
    plan = rotation(syllabus, names, start=first, track=track, overwrite=overwrite)
    from .render import rotation_view

    show(rotation_view(plan, syllabus), options)
    changes = rotation_changes(syllabus, plan)
    if not changes:
        return
    if not (yes or dry_run):
        if not sys.stdin.isatty():
            warn("Nothing written: add --yes to write this plan.")
            return
        if not typer.confirm(f"Write {len(changes)} assignments to {loaded.path}?", default=False):
            warn("Nothing written.")
            return
    _write(loaded, changes, dry_run=dry_run, done=f"{len(changes)} presenters written to {{file}}.")


# -- links --------------------------------------------------------------------------------


@app.command(
    "set-link",
    epilog=_examples(
        "readgroup set-link vggnet video https://www.youtube.com/watch?v=example",
        "readgroup set-link resnet slides https://example.org/resnet.pdf --dry-run",
        "readgroup set-link ssd code --remove",
    ),
)
def set_link(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Paper id or title.")],
    kind: Annotated[str, typer.Argument(help="paper, slides, video, code, pytorch, pytorch_video or notes.")],
    url: Annotated[str | None, typer.Argument(help="The full http(s) address.")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Remove the link instead.")] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Set or remove one link of a paper; the address is checked, placeholders are refused."""
    from .plans import set_link as plan

    if (url is None) == (not remove):
        raise UsageError("give a URL, or --remove (not both)")
    loaded = _load(_options(ctx, file, None, no_color))
    found = _find(loaded.syllabus, paper)
    link_kind = _link_kind(kind)
    what = "removed" if remove else "set"
    _write(
        loaded,
        plan(loaded.syllabus, found, link_kind, url),
        dry_run=dry_run,
        done=f"{found.title}: {link_kind} link {what} ({{file}} updated).",
    )


# -- dates --------------------------------------------------------------------------------


@app.command(
    epilog=_examples(
        'readgroup skip 2018-06-14 --reason "Dragon Boat Festival" --shift',
        'readgroup skip 2018-05-03 --reason "Venue closed" --dry-run',
    )
)
def skip(
    ctx: typer.Context,
    date: Annotated[str, typer.Argument(metavar="DATE", help="The day without a meeting (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why there is no meeting.")] = "",
    shift: Annotated[
        bool, typer.Option("--shift", help="Move that session and every later one a week on.")
    ] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Record a day with no meeting; --shift moves that day's and every later session."""
    from .plans import skip as plan

    options = _options(ctx, file, None, no_color)
    loaded = _load(options)
    changes, moves = plan(loaded.syllabus, _date(date, "DATE"), reason, shift=shift)
    if moves:
        from .render import moves_view

        show(moves_view(moves), options)
    _write(loaded, changes, dry_run=dry_run, done=f"{date} recorded as a day without a meeting in {{file}}.")


@app.command(
    epilog=_examples(
        "readgroup reschedule --start 2019-03-07 --skip 2019-04-04 --output spring-2019.toml",
        "readgroup reschedule --start 2019-09-03 --weekday tuesday --dry-run",
    )
)
def reschedule(
    ctx: typer.Context,
    start: Annotated[
        str, typer.Option("--start", metavar="YYYY-MM-DD", help="The new first meeting (or after).")
    ],
    weekday: Annotated[str | None, typer.Option("--weekday", help="A new meeting day, e.g. tuesday.")] = None,
    skip_days: Annotated[
        list[str] | None,
        typer.Option("--skip", metavar="YYYY-MM-DD", help="A day without a meeting (repeatable)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a new file instead of editing.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Run the same syllabus again for a new cohort: sessions in order on consecutive meeting days."""
    from .models import WEEKDAYS
    from .plans import reschedule as plan

    day_name: Weekday | None = None
    if weekday is not None:
        matches = [d for d in WEEKDAYS if d == weekday.strip().lower()]
        if not matches:
            raise UsageError(f"{weekday!r} is not a weekday; use monday ... sunday")
        day_name = matches[0]
    options = _options(ctx, file, None, no_color)
    loaded = _load(options)
    skips = [_date(d, "--skip") for d in skip_days or []]
    changes, moves = plan(loaded.syllabus, _date(start, "--start"), weekday=day_name, skip_days=skips)
    from .render import moves_view

    show(moves_view(moves), options)
    _write(
        loaded,
        changes,
        dry_run=dry_run,
        output=output,
        force=force,
        done=f"{len(moves)} papers rescheduled in {{file}}.",
    )
