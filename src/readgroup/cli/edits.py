"""The lead's commands that change the syllabus file: parse, plan, show, write safely."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from ..errors import UsageError
from . import complete
from .context import for_edit, now, read
from .output import emit, show, warn
from .params import (
    DryRunOption,
    ForceOutputOption,
    GlobalOptionsGroup,
    OutputOption,
    StartOption,
    TrackOption,
    YesOption,
    examples,
    parse_date,
    parse_weekday,
    split_list,
)

if TYPE_CHECKING:
    from ..editing import Change
    from ..loader import Loaded
    from ..models import Weekday
    from ..plans import Move

app = typer.Typer(cls=GlobalOptionsGroup)

PaperArgument = Annotated[
    str, typer.Argument(metavar="PAPER", help="Paper id or title.", autocompletion=complete.papers)
]


def save(
    loaded: Loaded,
    changes: list[Change],
    *,
    dry_run: bool,
    done: str,
    output: Path | None = None,
    force: bool = False,
) -> bool:
    """Save the edit through `editing.save_edit` (or print its diff). False if nothing was written."""
    from ..editing import save_edit

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
    epilog=examples(
        "readgroup assign lenet Alice",
        'readgroup assign "fast r-cnn" Alice Bob   # co-presenters',
        "readgroup assign ssd Carol --dry-run",
    )
)
def assign(
    ctx: typer.Context,
    paper: PaperArgument,
    names_: Annotated[
        list[str],
        typer.Argument(metavar="NAME...", help="Presenter name(s).", autocompletion=complete.members),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Assign even if marked unavailable that day.")
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Set who presents a paper (several names for co-presenters)."""
    from .. import names
    from ..plans import assign as plan

    _, loaded = for_edit(ctx)
    found = names.paper(loaded.syllabus, paper)
    save(
        loaded,
        plan(loaded.syllabus, found, names_, force=force),
        dry_run=dry_run,
        done=f"{found.title}: presented by {', '.join(names_)} ({{file}} updated).",
    )


@app.command(
    epilog=examples(
        "readgroup rotate --member Alice,Bob,Carol --track rcnn --start 2018-06-01",
        "readgroup rotate --start 2018-06-01 --yes   # the \\[\\[members]] roster, written",
        "readgroup rotate --member Alice --member Bob --overwrite --dry-run",
    )
)
def rotate(
    ctx: typer.Context,
    members: Annotated[
        list[str] | None,
        typer.Option(
            "--member",
            "-m",
            metavar="NAME",
            help="Who presents (repeatable, or comma-separated). Default: the \\[\\[members]] roster.",
            autocompletion=complete.members,
        ),
    ] = None,
    start: StartOption = None,
    track: TrackOption = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Reassign papers that have a presenter.")
    ] = False,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Share the unassigned upcoming papers out fairly among members, and show the plan."""
    from .. import names
    from ..plans import check_members, rotation, rotation_changes

    opts, loaded = for_edit(ctx)
    syllabus = loaded.syllabus
    chosen = split_list(members) or [m.name for m in syllabus.members]
    check_members(syllabus, chosen)
    if track is not None:
        names.track(syllabus, track)
    first = start or now(opts, syllabus).date()
    plan = rotation(syllabus, chosen, start=first, track=track, overwrite=overwrite)
    from ..render import rotation_view

    show(rotation_view(plan, syllabus), opts)
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
    save(loaded, changes, dry_run=dry_run, done=f"{len(changes)} presenters written to {{file}}.")


# -- links --------------------------------------------------------------------------------


@app.command(
    "set-link",
    epilog=examples(
        "readgroup set-link vggnet video https://www.youtube.com/watch?v=example",
        "readgroup set-link resnet slides https://example.org/resnet.pdf --dry-run",
        "readgroup set-link ssd code --remove",
    ),
)
def set_link(
    ctx: typer.Context,
    paper: PaperArgument,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="paper, slides, video, code, pytorch, pytorch_video, notes, or one of [group] link_kinds.",
            autocompletion=complete.link_kinds,
        ),
    ],
    url: Annotated[str | None, typer.Argument(metavar="[URL]", help="The full http(s) address.")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Remove the link instead.")] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Set or remove one link of a paper; the address is checked, placeholders are refused."""
    from .. import names
    from ..plans import set_link as plan

    if (url is None) == (not remove):
        raise UsageError("give a URL, or --remove (not both)")
    _, loaded = for_edit(ctx)
    found = names.paper(loaded.syllabus, paper)
    link_kind = names.link_kind(kind, loaded.syllabus)
    what = "removed" if remove else "set"
    save(
        loaded,
        plan(loaded.syllabus, found, link_kind, url),
        dry_run=dry_run,
        done=f"{found.title}: {link_kind} link {what} ({{file}} updated).",
    )


# -- dates --------------------------------------------------------------------------------


@app.command(
    epilog=examples(
        'readgroup skip 2018-06-14 --reason "Dragon Boat Festival" --shift',
        'readgroup skip 2018-05-03 --reason "Venue closed" --dry-run',
    )
)
def skip(
    ctx: typer.Context,
    date: Annotated[
        dt.date,
        typer.Argument(metavar="DATE", parser=parse_date, help="The day without a meeting (YYYY-MM-DD)."),
    ],
    reason: Annotated[
        str, typer.Option("--reason", "-r", metavar="TEXT", help="Why there is no meeting.")
    ] = "",
    shift: Annotated[
        bool, typer.Option("--shift", help="Move that session and every later one a meeting day on.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Record a day the group does not meet on anyway.")
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a day with no meeting; --shift moves that day's and every later session."""
    from ..plans import skip as plan

    opts, loaded = for_edit(ctx)
    changes, moves = plan(loaded.syllabus, date, reason, shift=shift, force=force)
    if moves:
        from ..render import moves_view

        show(moves_view(moves), opts)
        _name_clashes(loaded, moves)
    save(
        loaded,
        changes,
        dry_run=dry_run,
        done=f"{date.isoformat()} recorded as a day without a meeting in {{file}}.",
    )


def _name_clashes(loaded: Loaded, moves: list[Move]) -> None:
    """Say who now presents on a day they said they are unavailable."""
    from ..plans import clashes

    for name, move in clashes(loaded.syllabus, moves):
        paper = move.paper
        warn(
            f"warning: {name} is unavailable on {move.new} and presents {paper.title} then; "
            f"readgroup assign {paper.id} NAME (or rotate --overwrite) to hand it on"
        )


@app.command(
    epilog=examples(
        "readgroup reschedule --start 2019-03-07 --skip 2019-04-04 -o spring-2019.toml",
        "readgroup reschedule --start 2019-09-03 --weekday tue --dry-run",
        "readgroup reschedule --start 2019-09-03 --keep-presenters --keep-skips",
    )
)
def reschedule(
    ctx: typer.Context,
    start: Annotated[
        dt.date,
        typer.Option(
            "--start", metavar="YYYY-MM-DD", parser=parse_date, help="The new first meeting (or after)."
        ),
    ],
    weekday: Annotated[
        str | None,
        typer.Option(
            "--weekday",
            metavar="DAY",
            parser=parse_weekday,
            help="A new meeting day: tue, Tuesday, ...",
            autocompletion=complete.weekdays,
        ),
    ] = None,
    skip_days: Annotated[
        list[str] | None,
        typer.Option(
            "--skip", metavar="YYYY-MM-DD", help="A day without a meeting (repeatable, or comma-separated)."
        ),
    ] = None,
    keep_presenters: Annotated[
        bool, typer.Option("--keep-presenters", help="Keep last term's presenters (default: drop them).")
    ] = False,
    keep_skips: Annotated[
        bool,
        typer.Option("--keep-skips", help="Keep last term's days without a meeting (default: drop them)."),
    ] = False,
    output: OutputOption = None,
    force: ForceOutputOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Run the same syllabus again for a new cohort: sessions in order on consecutive meeting days.

    Last term's presenters and skip days are dropped unless kept. Edits the file in place, or
    writes a new one with -o.
    """
    from ..plans import reschedule as plan

    day_name = cast("Weekday | None", weekday)  # parse_weekday made it one
    # A new file may start from any syllabus, the shipped example too; an in-place edit may not.
    opts, loaded = read(ctx) if output is not None else for_edit(ctx)
    syllabus = loaded.syllabus
    skips = [parse_date(d) for d in split_list(skip_days)]
    changes, moves = plan(
        syllabus,
        start,
        weekday=day_name,
        skip_days=skips,
        keep_presenters=keep_presenters,
        keep_skips=keep_skips,
    )
    from ..render import moves_view

    show(moves_view(moves), opts)
    presented = sum(1 for paper in syllabus.papers if paper.presenter)
    if presented and not keep_presenters:
        papers = "1 paper" if presented == 1 else f"{presented} papers"
        warn(f"Presenters dropped from {papers} for the new cohort (--keep-presenters keeps them).")
    if keep_presenters:
        _name_clashes(loaded, moves)
    if syllabus.skips and not keep_skips:
        days = "1 day" if len(syllabus.skips) == 1 else f"{len(syllabus.skips)} days"
        warn(f"Last term's {days} without a meeting dropped (--keep-skips keeps them).")
    if day_name is not None and day_name != syllabus.group.weekday:
        from ..authoring import comments_naming

        for line, comment in comments_naming(loaded.text, syllabus.group.weekday):
            warn(f"note: {loaded.path}:{line}: this comment names {syllabus.group.weekday}: {comment}")
    save(
        loaded,
        changes,
        dry_run=dry_run,
        output=output,
        force=force,
        done=f"{len(moves)} papers rescheduled in {{file}}.",
    )
