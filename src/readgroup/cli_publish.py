"""Commands that publish the syllabus elsewhere or bring one in: export, import, schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .cli import FileOption, NoColorOption, _examples, _load, _options, app, emit, warn
from .errors import DataFileError, ExitCode, Problem, ReadgroupError, UsageError

if TYPE_CHECKING:
    from .models import LinkKind

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", show_default=False),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]


def _publish(text: str, output: Path | None, *, force: bool = False) -> None:
    """Stdout, or `-o PATH` (an existing file only with --force; devices and FIFOs written into)."""
    if output is None or str(output) == "-":
        emit(text)
        return
    from .outputs import write_output

    write_output(output, text.encode("utf-8"), force=force)
    warn(f"Wrote {output}.")


# -- export ---------------------------------------------------------------------------------

export_app = typer.Typer(
    help="Publish the syllabus: a calendar feed, Markdown tables, JSON or CSV.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)
app.add_typer(
    export_app,
    name="export",
    epilog=_examples(
        "readgroup export ics -o pytorch-taipei.ics",
        "readgroup export markdown --layout side-by-side > syllabus.md",
        "readgroup export csv | column -s, -t",
    ),
)


@export_app.command(
    "ics",
    epilog=_examples(
        "readgroup export ics -o pytorch-taipei.ics",
        "readgroup export ics --alarm 1h -o pytorch-taipei.ics   # a reminder an hour before",
    ),
)
def export_ics(
    ctx: typer.Context,
    output: OutputOption = None,
    alarm: Annotated[
        str | None,
        typer.Option("--alarm", metavar="DURATION", help="Add a reminder this long before: 30m, 1h, 1d."),
    ] = None,
    file: FileOption = None,
    force: ForceOption = False,
) -> None:
    """An iCalendar feed: one event per session in the group's time zone, with every link.

    Event UIDs come from the papers, so importing the feed again after a reschedule moves
    events instead of duplicating them.
    """
    from .export import ics, parse_duration

    before = None
    if alarm is not None:
        try:
            before = parse_duration(alarm)
        except ValueError as exc:
            raise UsageError(f"--alarm: {exc}") from None
    syllabus = _load(_options(ctx, file, None, False)).syllabus
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _publish(ics(syllabus, alarm=before, stamp=stamp).decode("utf-8"), output, force=force)


@export_app.command(
    "markdown",
    epilog=_examples(
        "readgroup export markdown -o syllabus.md",
        "readgroup export markdown --layout side-by-side   # tracks next to each other",
    ),
)
def export_markdown(
    ctx: typer.Context,
    layout: Annotated[
        str,
        typer.Option(
            "--layout", metavar="per-track|side-by-side", help="One table per track, or tracks side by side."
        ),
    ] = "per-track",
    output: OutputOption = None,
    file: FileOption = None,
    force: ForceOption = False,
) -> None:
    """Markdown tables for a group site (GitHub, Jekyll/kramdown): labelled links, missing ones shown."""
    from .export import markdown

    if layout not in ("per-track", "side-by-side"):
        raise UsageError(f"--layout must be per-track or side-by-side, not {layout!r}")
    syllabus = _load(_options(ctx, file, None, False)).syllabus
    chosen: Literal["per-track", "side-by-side"] = "per-track" if layout == "per-track" else "side-by-side"
    _publish(markdown(syllabus, chosen), output, force=force)


@export_app.command(
    "json", epilog=_examples("readgroup export json -o schedule.json", "readgroup export json | jq .")
)
def export_json(
    ctx: typer.Context, output: OutputOption = None, file: FileOption = None, force: ForceOption = False
) -> None:
    """The whole schedule as JSON (the `schedule --json` contract)."""
    from . import contract
    from .schedule import sessions

    syllabus = _load(_options(ctx, file, None, False)).syllabus
    data = contract.schedule_json(syllabus, sessions(syllabus))
    _publish(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, force=force)


@export_app.command("csv", epilog=_examples("readgroup export csv -o papers.csv"))
def export_csv(
    ctx: typer.Context, output: OutputOption = None, file: FileOption = None, force: ForceOption = False
) -> None:
    """One row per paper: id, title, track, date, presenters, a column per link kind, missing kinds."""
    from .export import csv_text

    syllabus = _load(_options(ctx, file, None, False)).syllabus
    _publish(csv_text(syllabus), output, force=force)


# -- import ---------------------------------------------------------------------------------


def _kind_map(text: str | None) -> dict[str, LinkKind]:
    from .cli import _link_kind

    found: dict[str, LinkKind] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        icon, sep, kind = pair.partition("=")
        if not sep or not icon.strip():
            raise UsageError(f"--kind-map wants ICON=KIND pairs such as p=paper,m=slides, not {pair!r}")
        found[icon.strip().lower()] = _link_kind(kind.strip())
    return found


@app.command(
    "import",
    epilog=_examples(
        "readgroup import syllabus.md --year 2018 -o data/papers.toml",
        "readgroup import page.md --year 2018 --timezone Asia/Taipei --name 'PyTorch Taipei' -o new.toml",
        "readgroup import page.md --year 2019 --kind-map p=paper,m=slides,yt=video",
    ),
)
def import_(
    page: Annotated[
        Path,
        typer.Argument(
            metavar="PAGE.md",
            help="A Markdown syllabus page.",
            show_default=False,
            exists=True,
            dir_okay=False,
        ),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="The year of dates written as M/DD.", show_default=False)
    ] = None,
    output: OutputOption = None,
    kind_map: Annotated[
        str | None,
        typer.Option("--kind-map", metavar="ICON=KIND,...", help="Which link kind each icon id shows."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The group's name. Default: the page title.")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone, e.g. Asia/Taipei. Default: UTC.")
    ] = None,
    required: Annotated[
        str | None,
        typer.Option(
            "--required", metavar="KIND,...", help="Link kinds every paper needs. Default: guessed."
        ),
    ] = None,
    force: ForceOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Turn a Markdown syllabus page (tables of dates, titles and links) into a syllabus file.

    What the page does not say, or what cannot be placed, is listed on stderr and as
    comments at the top of the new file.
    """
    from .cli import _link_kind
    from .importer import ImportProblem, import_page, to_toml
    from .loader import decode, parse_toml, read_bytes, validate

    if output is not None and str(output) != "-":
        from .outputs import check_output

        check_output(output, force=force)
    text = decode(read_bytes(page), str(page))
    kinds = [_link_kind(k.strip()) for k in required.split(",") if k.strip()] if required else None
    try:
        imported = import_page(
            text,
            year=year,
            kind_map=_kind_map(kind_map),
            name=name,
            timezone=timezone,
            required=kinds,
            source=page.name,
        )
    except ImportProblem as exc:
        raise DataFileError(str(page), [Problem(str(exc))]) from None
    except UsageError as exc:  # say which page the line number is in
        raise UsageError(f"{page}: {exc.message}") from None
    result = to_toml(imported, page.name)
    target = str(output) if output else "the imported syllabus"
    try:
        validate(parse_toml(result, target), result, target)
    except DataFileError as exc:
        raise _ImportInvalid(
            f"the imported syllabus would not be valid; nothing was written\n{exc.message}"
        ) from None
    for note in imported.notes:
        warn(f"note: {note}")
    papers = imported.data["papers"]
    warn(f"Imported {len(papers)} papers in {len(imported.data['tracks'])} tracks from {page}.")
    _publish(result, output, force=force)


class _ImportInvalid(ReadgroupError):
    exit_code = ExitCode.DATA


# -- schema ---------------------------------------------------------------------------------


@app.command(
    epilog=_examples(
        "readgroup schema -o data/papers.schema.json",
        "readgroup schema | jq '.properties | keys'",
    )
)
def schema(output: OutputOption = None, force: ForceOption = False) -> None:
    """The JSON Schema of papers.toml, so TOML editors complete and check it as you type.

    Put `#:schema ./papers.schema.json` on the first line of papers.toml (Taplo, Even
    Better TOML), or map the file to the schema in the editor's settings.
    """
    from .schema import json_schema

    _publish(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", output, force=force)
