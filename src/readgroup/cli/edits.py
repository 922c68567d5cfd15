"""The lead's commands that change the syllabus file: parse, plan, show, write safely."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError, WriteRefused
from .context import complete_paper, for_edit, now, read
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
    split_list,
)

if TYPE_CHECKING:
    from ..editing import Change
    from ..loader import Loaded
    from ..models import Weekday

app = typer.Typer(cls=GlobalOptionsGroup)

PaperArgument = Annotated[
    str, typer.Argument(metavar="PAPER", help="Paper id or title.", autocompletion=complete_paper)
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
    """Apply, re-read, validate, then write atomically (or print the diff). False if nothing changed."""
    from ..editing import apply_changes, unified_diff, write_atomically
    from ..errors import DataFileError
    from ..loader import validate

    new_text, new_raw = apply_changes(loaded.text, loaded.raw, changes)
    target = output or loaded.path
    try:
        validate(new_raw, new_text, str(target))
    except DataFileError as exc:
        raise WriteRefused(
            f"the edited file would not be valid; nothing was written\n{exc.message}"
        ) from None
    if output is None and new_text == loaded.text:
        warn("Nothing to change; the file is untouched.")
        return False
    if dry_run:
        emit(unified_diff(target, loaded.text if output is None else "", new_text))
        return False
    bom = b"\xef\xbb\xbf" if loaded.data.startswith(b"\xef\xbb\xbf") else b""
    if output is not None:
        from ..outputs import write_output

        write_output(output, bom + new_text.encode("utf-8"), force=force)
    else:
        write_atomically(target, bom + new_text.encode("utf-8"), original=loaded.data)
    warn(done.format(file=target))
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
    names_: Annotated[list[str], typer.Argument(metavar="NAME...", help="Presenter name(s).")],
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
        typer.Argument(metavar="KIND", help="paper, slides, video, code, pytorch, pytorch_video or notes."),
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
    link_kind = names.link_kind(kind)
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
    dry_run: DryRunOption = False,
) -> None:
    """Record a day with no meeting; --shift moves that day's and every later session."""
    from ..plans import skip as plan

    opts, loaded = for_edit(ctx)
    changes, moves = plan(loaded.syllabus, date, reason, shift=shift)
    if moves:
        from ..render import moves_view

        show(moves_view(moves), opts)
    save(
        loaded,
        changes,
        dry_run=dry_run,
        done=f"{date.isoformat()} recorded as a day without a meeting in {{file}}.",
    )


@app.command(
    epilog=examples(
        "readgroup reschedule --start 2019-03-07 --skip 2019-04-04 -o spring-2019.toml",
        "readgroup reschedule --start 2019-09-03 --weekday tuesday --dry-run",
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
        str | None, typer.Option("--weekday", metavar="DAY", help="A new meeting day, e.g. tuesday.")
    ] = None,
    skip_days: Annotated[
        list[str] | None,
        typer.Option(
            "--skip", metavar="YYYY-MM-DD", help="A day without a meeting (repeatable, or comma-separated)."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOutputOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Run the same syllabus again for a new cohort: sessions in order on consecutive meeting days.

    Edits the file in place, or writes a new one with -o.
    """
    from ..models import WEEKDAYS
    from ..plans import reschedule as plan

    day_name: Weekday | None = None
    if weekday is not None:
        matches = [d for d in WEEKDAYS if d == weekday.strip().lower()]
        if not matches:
            raise UsageError(f"{weekday!r} is not a weekday; use monday ... sunday")
        day_name = matches[0]
    # A new file may start from any syllabus, the shipped example too; an in-place edit may not.
    opts, loaded = read(ctx) if output is not None else for_edit(ctx)
    skips = [parse_date(d) for d in split_list(skip_days)]
    changes, moves = plan(loaded.syllabus, start, weekday=day_name, skip_days=skips)
    from ..render import moves_view

    show(moves_view(moves), opts)
    save(
        loaded,
        changes,
        dry_run=dry_run,
        output=output,
        force=force,
        done=f"{len(moves)} papers rescheduled in {{file}}.",
    )
