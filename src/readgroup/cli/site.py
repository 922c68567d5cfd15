"""`readgroup publish DIR`: the group's site (page, calendar feeds, JSON), or its CI workflow."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .context import now, read
from .output import warn, write_output
from .params import ForceOutputOption, GlobalOptionsGroup, OutputOption, examples, parse_duration

app = typer.Typer(cls=GlobalOptionsGroup)


@app.command(
    epilog=examples(
        "readgroup publish site/",
        "readgroup publish site/ --base-url https://pytorch-taipei.github.io/reading",
        "readgroup publish site --github-actions -o .github/workflows/readgroup.yml",
    )
)
def publish(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The folder to write the site into.", show_default=False)
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Where DIR is served (the GitHub Pages address): absolute links, a webcal:// link.",
            show_default=False,
        ),
    ] = None,
    refresh: Annotated[
        dt.timedelta | None,
        typer.Option(
            "--refresh",
            metavar="DURATION",
            parser=parse_duration,
            help="How often calendar apps should fetch the feeds again. Default: 12h.",
            show_default=False,
        ),
    ] = None,
    github_actions: Annotated[
        bool,
        typer.Option(
            "--github-actions",
            help="Write a GitHub Actions workflow that publishes DIR to GitHub Pages on every push and "
            "daily, and posts the announcement weekly (to -o, else stdout); the site is not written.",
        ),
    ] = False,
    output: OutputOption = None,
    force: ForceOutputOption = False,
) -> None:
    """Write the group's site into DIR: index.html, calendar.ics, members/NAME.ics, schedule.json.

    The page is one self-contained file (no script, nothing from the internet) with the next
    meeting marked as of --today. The feeds are stable: unchanged, they keep their bytes; an
    event that moved or changed keeps its UID and gets a higher SEQUENCE than the feed already
    in DIR. Only files whose bytes change are written.
    """
    from ..site import (
        SiteOptions,
        github_workflow,
        normalise_base_url,
        published_members,
        read_previous,
        revision_stamp,
        site_files,
        write_site,
    )

    if github_actions:
        write_output(github_workflow(folder.as_posix()), output, force=force)
        return
    if output is not None:
        raise UsageError("-o goes with --github-actions; the site itself is written into DIR")
    base = normalise_base_url(base_url)
    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    options = SiteOptions(
        now=now(opts, syllabus),
        stamp=revision_stamp(loaded.path, os.environ),
        base_url=base,
        **({"refresh": refresh} if refresh is not None else {}),
    )
    files = site_files(syllabus, options, read_previous(folder), published_members(folder))
    written = write_site(folder, files)
    unchanged = len(files) - len(written)
    warn(f"Published {len(files)} files to {folder}: {len(written)} written, {unchanged} unchanged.")
