"""Commands that publish the syllabus elsewhere or bring one in: export, import, schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ..errors import DataFileError, Problem, UsageError
from . import complete
from .context import now, read
from .output import warn, write_output
from .params import ForceOutputOption, GlobalOptionsGroup, OutputOption, examples, parse_duration, split_list

if TYPE_CHECKING:
    from ..models import LinkKind

app = typer.Typer(cls=GlobalOptionsGroup)

# -- export ---------------------------------------------------------------------------------

export_app = typer.Typer(
    cls=GlobalOptionsGroup,
    help="Publish the syllabus: a calendar feed, Markdown tables, JSON or CSV.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)
app.add_typer(
    export_app,
    name="export",
    epilog=examples(
        "readgroup export ics -o pytorch-taipei.ics",
        "readgroup export markdown --layout side-by-side > syllabus.md",
        "readgroup export csv | column -s, -t",
    ),
)


@export_app.command(
    "ics",
    epilog=examples(
        "readgroup export ics -o pytorch-taipei.ics",
        "readgroup export ics --alarm 1h -o pytorch-taipei.ics --force   # a reminder an hour before",
    ),
)
def export_ics(
    ctx: typer.Context,
    output: OutputOption = None,
    force: ForceOutputOption = False,
    alarm: Annotated[
        dt.timedelta | None,
        typer.Option(
            "--alarm",
            metavar="DURATION",
            parser=parse_duration,
            help="Add a reminder this long before: 30m, 1h, 1d.",
        ),
    ] = None,
) -> None:
    """An iCalendar feed: one event per session in the group's time zone, with every link.

    Event UIDs come from the papers, so importing the feed again after a reschedule moves
    events instead of duplicating them. DTSTAMP is when the file was last changed
    ($SOURCE_DATE_EPOCH if set), so the same file gives the same bytes.
    """
    import os

    from ..export import ics
    from ..site import revision_stamp

    _, loaded = read(ctx)
    stamp = revision_stamp(loaded.path, os.environ)
    write_output(ics(loaded.syllabus, alarm=alarm, stamp=stamp), output, force=force)


@export_app.command(
    "markdown",
    epilog=examples(
        "readgroup export markdown -o syllabus.md",
        "readgroup export markdown --layout side-by-side   # tracks next to each other",
    ),
)
def export_markdown(
    ctx: typer.Context,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            metavar="per-track|side-by-side",
            help="One table per track, or tracks side by side.",
            autocompletion=complete.layouts,
        ),
    ] = "per-track",
    output: OutputOption = None,
    force: ForceOutputOption = False,
) -> None:
    """Markdown tables for a group site (GitHub, Jekyll/kramdown): labelled links, missing ones
    shown, the next meeting (as of --today) named above the tables."""
    from ..export import markdown

    if layout not in ("per-track", "side-by-side"):
        raise UsageError(f"--layout must be per-track or side-by-side, not {layout!r}")
    opts, loaded = read(ctx)
    chosen: Literal["per-track", "side-by-side"] = "per-track" if layout == "per-track" else "side-by-side"
    write_output(markdown(loaded.syllabus, chosen, now(opts, loaded.syllabus)), output, force=force)


@export_app.command(
    "json", epilog=examples("readgroup export json -o schedule.json", "readgroup export json | jq .")
)
def export_json(ctx: typer.Context, output: OutputOption = None, force: ForceOutputOption = False) -> None:
    """The whole schedule as JSON (the `schedule --json` contract)."""
    from .. import contract
    from ..schedule import sessions

    _, loaded = read(ctx)
    data = contract.schedule_json(loaded.syllabus, sessions(loaded.syllabus))
    write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, force=force)


@export_app.command("csv", epilog=examples("readgroup export csv -o papers.csv"))
def export_csv(ctx: typer.Context, output: OutputOption = None, force: ForceOutputOption = False) -> None:
    """One row per paper: id, title, track, date, presenters, a column per link kind, missing kinds."""
    from ..export import csv_text

    _, loaded = read(ctx)
    write_output(csv_text(loaded.syllabus), output, force=force)


# -- import ---------------------------------------------------------------------------------


def _kind_map(values: list[str] | None) -> dict[str, LinkKind]:
    from .. import names

    found: dict[str, LinkKind] = {}
    for pair in split_list(values):
        icon, sep, kind = pair.partition("=")
        if not sep or not icon.strip():
            raise UsageError(f"--kind-map wants ICON=KIND pairs such as p=paper,m=slides, not {pair!r}")
        found[icon.strip().lower()] = names.link_kind(kind.strip())
    return found


@app.command(
    "import",
    epilog=examples(
        "readgroup import syllabus.md --year 2018 -o data/papers.toml",
        "readgroup import page.md --year 2018 --timezone Asia/Taipei --name 'PyTorch Taipei' -o new.toml",
        "readgroup import page.md --year 2019 --kind-map p=paper,m=slides,yt=video",
        "readgroup import README.md --table 2 --date-order dmy --base-url https://github.com/o/r/blob/main/",
        "readgroup import sheet.csv -o new.toml",
    ),
)
def import_(
    page: Annotated[
        Path,
        typer.Argument(
            metavar="PAGE.md|SHEET.csv",
            help="A Markdown schedule page, or a spreadsheet exported as CSV.",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YYYY",
            help="The year of dates written without one. Default: the page's.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOutputOption = False,
    kind_map: Annotated[
        list[str] | None,
        typer.Option(
            "--kind-map",
            metavar="ICON=KIND",
            help="Which link kind an icon id shows (repeatable, or comma-separated).",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="TEXT", help="The group's name. Default: the page title.")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Asia/Taipei. Default: UTC."),
    ] = None,
    required: Annotated[
        list[str] | None,
        typer.Option(
            "--required",
            metavar="KIND",
            help="Link kinds every paper needs (repeatable, or comma-separated). Default: guessed.",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option("--table", metavar="N|all", help="Which table to import (1 = the first). Default: all."),
    ] = None,
    date_order: Annotated[
        Literal["mdy", "dmy"] | None,
        typer.Option(
            "--date-order",
            metavar="mdy|dmy",
            help="How to read 3/4 when the page does not show it. Default: mdy.",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", metavar="URL", help="Where the page lives, for its relative links."),
    ] = None,
) -> None:
    """Turn a schedule page (Markdown tables of dates, titles, presenters and links) or a
    spreadsheet (CSV) into a syllabus file.

    What the page does not say, or what cannot be placed, is listed on stderr and as
    comments at the top of the new file.
    """
    from .. import names
    from ..importer import ImportProblem, import_source, validated_toml
    from ..loader import decode, read_bytes

    if output is not None and str(output) != "-":
        from ..outputs import check_output

        check_output(output, force=force)  # before the slow work: exit 2 without --force
    if not page.exists():
        raise UsageError(f"no such page: {page}")
    if table is not None and table != "all" and not (table.isdigit() and int(table) > 0):
        raise UsageError(f"--table wants a table number (1, 2, ...) or 'all', not {table!r}")
    text = decode(read_bytes(page), str(page))
    kinds = [names.link_kind(k) for k in split_list(required)] or None
    try:
        imported = import_source(
            text,
            page.name,
            year=year,
            kind_map=_kind_map(kind_map),
            name=name,
            timezone=timezone,
            required=kinds,
            table=int(table) if table and table.isdigit() else table,
            date_order=date_order,
            base_url=base_url,
        )
    except ImportProblem as exc:
        raise DataFileError(str(page), [Problem(str(exc))]) from None
    except UsageError as exc:  # say which page the line number is in
        raise UsageError(f"{page}: {exc.message}") from None
    result = validated_toml(imported, page.name, str(output) if output else "the imported syllabus")
    for note in imported.notes:
        warn(f"note: {note}")
    papers = imported.data["papers"]
    warn(f"Imported {len(papers)} papers in {len(imported.data['tracks'])} tracks from {page}.")
    write_output(result, output, force=force)


# -- schema ---------------------------------------------------------------------------------


@app.command(
    epilog=examples(
        "readgroup schema -o data/papers.schema.json",
        "readgroup schema | jq '.properties | keys'",
    )
)
def schema(ctx: typer.Context, output: OutputOption = None, force: ForceOutputOption = False) -> None:
    """The JSON Schema of papers.toml, so TOML editors complete and check it as you type.

    Put `#:schema ./papers.schema.json` on the first line of papers.toml (Taplo, Even
    Better TOML), or map the file to the schema in the editor's settings. Link kinds your
    syllabus declares in `[group] link_kinds` are part of its schema: write it again after
    adding one.
    """

    write_output(schema_text(declared_kinds(ctx)), output, force=force)


def schema_text(link_kinds: list[str]) -> str:
    from ..schema import json_schema

    return json.dumps(json_schema(link_kinds), ensure_ascii=False, indent=2) + "\n"


def declared_kinds(ctx: typer.Context) -> list[str]:
    """`[group] link_kinds` of the user's own syllabus, if there is one that reads as TOML."""
    from ..loader import decode, parse_toml, read_bytes
    from .context import located
    from .params import options

    where = located(options(ctx))
    if not where.editable or not where.path.is_file():
        return []
    try:
        raw = parse_toml(decode(read_bytes(where.path), str(where.path)), str(where.path))
    except DataFileError:
        warn(f"readgroup: {where.path} cannot be read; the schema lists the built-in link kinds only")
        return []
    group = raw.get("group")
    kinds = group.get("link_kinds") if isinstance(group, dict) else None
    return [kind for kind in kinds if isinstance(kind, str)] if isinstance(kinds, list) else []
