"""`readgroup check-links`: parse options, run the checker, show progress, render the report."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from .context import now_in_zone, read_plain
from .output import emit_json, show, warn
from .params import (
    GlobalOptionsGroup,
    JsonOption,
    KindsOption,
    TrackOption,
    UpcomingOption,
    examples,
    parse_duration,
    split_list,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .params import Options

app = typer.Typer(cls=GlobalOptionsGroup)
# The ranges of --timeout, --concurrency, --per-host and --retries are checked where Settings is
# made, for this path and the fast one (readgroup.fast.links) alike; the defaults below are
# Settings' own (tests/test_check_links.py holds them equal).


@app.command(
    "check-links",
    epilog=examples(
        "readgroup check-links",
        "readgroup check-links --upcoming --kind slides,video",
        "readgroup check-links --json | jq '.links[] | select(.verdict == \"dead\")'",
        "readgroup check-links --no-cache --per-host 2 --timeout 5",
    ),
)
def check_links(
    ctx: typer.Context,
    kind: KindsOption = None,
    track: TrackOption = None,
    upcoming: UpcomingOption = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="SECONDS", help="Seconds for one try at a link, redirects included."
        ),
    ] = 10.0,
    concurrency: Annotated[
        int, typer.Option("--concurrency", metavar="N", help="Requests in flight in all.")
    ] = 20,
    per_host: Annotated[
        int, typer.Option("--per-host", metavar="N", help="Requests in flight to one site.")
    ] = 4,
    retries: Annotated[
        int, typer.Option("--retries", metavar="N", help="Extra tries after a 429 or 5xx.")
    ] = 2,
    deadline: Annotated[
        dt.timedelta,
        typer.Option(
            "--deadline",
            metavar="DURATION",
            parser=parse_duration,
            help="Give up on what is left after this long.",
        ),
    ] = "5m",  # type: ignore[assignment]  # parsed like a typed value
    max_age: Annotated[
        dt.timedelta,
        typer.Option(
            "--max-age", metavar="DURATION", parser=parse_duration, help="Trust cached successes this young."
        ),
    ] = "1d",  # type: ignore[assignment]
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Check everything; do not read the cache.")
    ] = False,
    show_all: Annotated[bool, typer.Option("--all", help="List links that are ok too.")] = False,
    json_: JsonOption = False,
) -> None:
    """Check that every link still works: dead, moved, blocked, slow. Exit 1 if any is dead.

    Each address is checked once, HEAD first (GET if the server refuses HEAD), redirects
    followed (never from a public site into a private network), a few at a time per site,
    retrying 429 and 5xx as the server asks. Successes are cached (see --max-age); failures
    are always checked again. With no network at all (no host reached) the links are
    "unreachable", a warning says so, and the exit code is 0. User names and passwords in
    links are never shown.
    """
    from ..links import Settings, check_links, collect_plain

    # The syllabus as plain data, from its snapshot when it has one: no Pydantic, no models.
    opts, payload = read_plain(ctx)
    kinds = [_known(k, payload["kinds"], "kind") for k in split_list(kind)] or None
    if track is not None:
        _known(track, [track_id for track_id, _ in payload["tracks"]], "track")
    since = now_in_zone(opts, payload["group"]["timezone"]).date() if upcoming else None
    settings = Settings(
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        retries=retries,
        deadline=deadline.total_seconds(),
    )
    uses = collect_plain(payload, kinds=kinds, track=track, since=since)
    with _progress(opts, quiet=json_) as progress:
        report = check_links(
            uses, settings, use_cache=not no_cache, max_age=max_age.total_seconds(), progress=progress
        )
    for warning in report.warnings:
        warn(f"readgroup: {warning}")
    if json_:
        emit_json(report.to_json())
    else:
        from ..render import links_view

        show(links_view(report, show_all=show_all), opts)
    if report.dead:
        raise typer.Exit(1)


def _known(name: str, known: list[str], what: str) -> str:
    """A link kind (any case) or track id of the syllabus; else the usual error with its hint."""
    wanted = name.strip().lower() if what == "kind" else name
    if wanted in known:
        return wanted
    from .. import names  # the models too: only for the error

    return names.link_kind_among(name, known) if what == "kind" else names.track_among(name, known)


@contextmanager
def _progress(options: Options, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on a terminal; in a pipe, a plain line at every tenth of the way; nothing for --json."""
    if quiet:
        yield None
    elif sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=options.no_color or None)
        columns = (TextColumn("Checking links"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("links", total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)
    else:

        def line(done: int, total: int) -> None:
            if done % max(1, total // 10) == 0 or done == total:
                sys.stderr.write(f"checked {done}/{total} links\n")

        yield line
