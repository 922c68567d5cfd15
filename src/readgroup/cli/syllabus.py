"""Starting a syllabus and keeping its list of papers: init, add, move, remove."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from ..errors import UsageError
from .context import for_edit, located
from .edits import PaperArgument, save
from .output import emit, show, warn
from .params import (
    DryRunOption,
    GlobalOptionsGroup,
    YesOption,
    examples,
    options,
    parse_clock,
    parse_weekday,
    split_list,
)

if TYPE_CHECKING:
    from ..models import Weekday

app = typer.Typer(cls=GlobalOptionsGroup)


def interactive() -> bool:
    """Ask for what is missing only when a person is at the terminal."""
    return sys.stdin.isatty()


def _ask(text: str, default: str | None = None) -> str:
    answer: str = typer.prompt(text, default=default) if default is not None else typer.prompt(text)
    return answer.strip()


def _ask_day(text: str) -> str:
    while True:  # again until the answer parses
        try:
            return parse_weekday(_ask(text))
        except typer.BadParameter as exc:
            warn(f"  {exc.message}")


def _ask_time(text: str, default: str) -> dt.time:
    while True:
        try:
            return parse_clock(_ask(text, default))
        except typer.BadParameter as exc:
            warn(f"  {exc.message}")


ForceDayOption = Annotated[
    bool, typer.Option("--force", help="Allow a day that is not the meeting day, or a presenter's day off.")
]


# -- init -------------------------------------------------------------------------------------


@app.command(
    epilog=examples(
        'readgroup init --name "Vision Club" --timezone Europe/Berlin --weekday tue '
        '--start-time 18:30 --end-time 20:00 --venue "Room 2" --track CNN --track Detection',
        "readgroup init   # in a terminal: asks for each setting",
        "readgroup --file spring.toml init --name ... --track Basics --dry-run",
    )
)
def init(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="The group's name.")] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Asia/Taipei or Europe/Berlin."),
    ] = None,
    weekday: Annotated[
        str | None,
        typer.Option("--weekday", metavar="DAY", parser=parse_weekday, help="Meeting day: tue, Tuesday, ..."),
    ] = None,
    start_time: Annotated[
        dt.time | None,
        typer.Option("--start-time", metavar="HH:MM", parser=parse_clock, help="When meetings start."),
    ] = None,
    end_time: Annotated[
        dt.time | None,
        typer.Option("--end-time", metavar="HH:MM", parser=parse_clock, help="When meetings end."),
    ] = None,
    venue: Annotated[
        str | None, typer.Option("--venue", metavar="TEXT", help="Where the group meets.")
    ] = None,
    tracks: Annotated[
        list[str] | None,
        typer.Option(
            "--track", "-t", metavar="NAME", help="A track, in order (repeatable, or comma-separated)."
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file; write nothing.")] = False,
) -> None:
    """Start a new syllabus file (./data/papers.toml, or --file) and its JSON Schema beside it.

    Missing settings are asked for in a terminal; init never replaces an existing file.
    """
    from ..authoring import NewGroup, new_file_text
    from ..locate import DEFAULT_RELATIVE

    where = located(options(ctx))
    path = where.path if where.editable else Path(DEFAULT_RELATIVE)
    if path.exists() or path.is_symlink():
        raise UsageError(f"{path} already exists; init never replaces a syllabus (choose another --file)")
    track_names = split_list(tracks)
    if interactive():
        name = name or _ask("Group name")
        timezone = timezone or _ask("Time zone (IANA, e.g. Asia/Taipei)", "UTC")
        weekday = weekday or _ask_day("Meeting day (e.g. tue)")
        start_time = start_time or _ask_time("Meetings start at (HH:MM)", "19:00")
        end_time = end_time or _ask_time("and end at (HH:MM)", "21:00")
        venue = venue if venue is not None else _ask("Venue", "")
        track_names = track_names or split_list([_ask("Tracks, in order (comma-separated)")])
    missing = [
        flag
        for flag, value in (
            ("--name", name),
            ("--timezone", timezone),
            ("--weekday", weekday),
            ("--start-time", start_time),
            ("--end-time", end_time),
            ("--track", track_names),
        )
        if not value
    ]
    if missing:
        raise UsageError(f"init needs {', '.join(missing)} (or run it in a terminal to be asked)")
    assert name and timezone and weekday and start_time and end_time
    _check_timezone(timezone)
    day = cast("Weekday", parse_weekday(weekday))
    group = NewGroup(
        name.strip(), timezone.strip(), day, start_time, end_time, (venue or "").strip(), track_names
    )
    text = new_file_text(group)
    _write_new(path, text, dry_run=dry_run)


def _check_timezone(zone: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"--timezone {zone!r} is not a time zone; use an IANA name such as Asia/Taipei"
        ) from None


def _write_new(path: Path, text: str, *, dry_run: bool) -> None:
    """Check the new file loads, then create it (and its schema, unless one is there) or print it."""
    from ..loader import parse

    syllabus = parse(text, str(path))
    if dry_run:
        emit(text)
        return
    from ..editing import write_atomically
    from .publish import schema_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..errors import WriteRefused

        raise WriteRefused(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    write_atomically(path, text.encode("utf-8"), original=None)
    schema = path.parent / "papers.schema.json"
    tracks = ", ".join(track.id for track in syllabus.tracks)
    wrote = f"Wrote {path} ({syllabus.group.name}, {syllabus.group.weekday}s, tracks: {tracks})"
    if schema.exists():
        warn(f"{wrote}; {schema} was already there and is left as it is.")
    else:
        write_atomically(schema, schema_text(list(syllabus.group.link_kinds)).encode("utf-8"), original=None)
        warn(f"{wrote} and its schema {schema.name}.")
    warn(f'Next: readgroup add "Title" --track {syllabus.tracks[0].id} --date YYYY-MM-DD')


# -- add, move, remove --------------------------------------------------------------------------


def _date_or_tbd(value: str) -> dt.date | None:
    from ..models import TBD_WORDS
    from .params import parse_date

    if value.strip().lower() in TBD_WORDS:
        return None
    return parse_date(value)


@app.command(
    epilog=examples(
        'readgroup add "ResNet" --track cnn --date 2026-03-10 --link paper=https://arxiv.org/abs/1512.03385',
        'readgroup add "Fast R-CNN" --track rcnn   # no date: TBD',
        'readgroup add "U-Net" --track seg --id unet --presenter Alice --presenter Bob --dry-run',
    )
)
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The paper's short title.")],
    track: Annotated[str, typer.Option("--track", "-t", metavar="TRACK", help="Its track (id).")],
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Its meeting date. Default: TBD.")
    ] = None,
    paper_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="Its id. Default: made from the title.")
    ] = None,
    presenters: Annotated[
        list[str] | None,
        typer.Option(
            "--presenter", "-p", metavar="NAME", help="Who presents (repeatable for co-presenters)."
        ),
    ] = None,
    links: Annotated[
        list[str] | None,
        typer.Option("--link", "-l", metavar="KIND=URL", help="A link, e.g. paper=https://... (repeatable)."),
    ] = None,
    force: ForceDayOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Add a paper to the syllabus (after the last one)."""
    from .. import authoring

    _, loaded = for_edit(ctx)
    syllabus = loaded.syllabus
    day = _date_or_tbd(date) if date is not None else None
    change, new_id = authoring.add(
        syllabus,
        title,
        track,
        date=day,
        paper_id=paper_id,
        presenters=split_list(presenters),
        links=authoring.parse_links(syllabus, links or []),
        force=force,
    )
    when = day.isoformat() if day else "TBD"
    save(
        loaded,
        [change],
        dry_run=dry_run,
        done=f"Added {title.strip()} ({new_id}), {when} ({{file}} updated).",
    )


@app.command(
    epilog=examples(
        "readgroup move resnet 2026-03-17",
        "readgroup move fast-rcnn 2026-04-07   # dates a TBD paper",
        "readgroup move yolo-v2 TBD            # back to 'to be decided'",
    )
)
def move(
    ctx: typer.Context,
    paper: PaperArgument,
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, or TBD.")],
    force: ForceDayOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Give a paper a date, move it to another, or make it TBD again."""
    from .. import authoring, names

    _, loaded = for_edit(ctx)
    syllabus = loaded.syllabus
    found = names.paper(syllabus, paper)
    day = _date_or_tbd(date)
    changes = authoring.move(syllabus, found, day, force=force)
    old = found.date.isoformat() if found.date else "TBD"
    new = day.isoformat() if day else "TBD"
    others = [p.title for p in syllabus.papers if day is not None and p.date == day and p.id != found.id]
    if others and changes:
        warn(f"{found.title} shares {new} with {', '.join(others)}.")
    save(loaded, changes, dry_run=dry_run, done=f"{found.title}: {old} -> {new} ({{file}} updated).")


@app.command(
    epilog=examples(
        "readgroup remove yolo-v3",
        'readgroup remove "fast r-cnn" --yes',
        "readgroup remove ssd --dry-run",
    )
)
def remove(
    ctx: typer.Context, paper: PaperArgument, yes: YesOption = False, dry_run: DryRunOption = False
) -> None:
    """Take a paper out of the syllabus, with its links (asks first; --yes when not in a terminal)."""
    from .. import authoring, names

    opts, loaded = for_edit(ctx)
    found = names.paper(loaded.syllabus, paper)
    if not (yes or dry_run):
        if not interactive():
            raise UsageError(f"remove {found.id} deletes it from {loaded.path}: add --yes (or --dry-run)")
        from ..render import paper_details

        show(paper_details(found, loaded.syllabus), opts, wrap=False)
        if not typer.confirm(f"Remove {found.title} from {loaded.path}?", default=False):
            warn("Nothing removed.")
            return
    save(
        loaded,
        authoring.remove(loaded.syllabus, found),
        dry_run=dry_run,
        done=f"Removed {found.title} ({found.id}) from {{file}}.",
    )
