"""`readgroup check-links`: parse options, run the checker, show progress, render the report."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import (
    FileOption,
    JsonOption,
    NoColorOption,
    Options,
    TodayOption,
    _check_track,
    _examples,
    _link_kind,
    _load,
    _now,
    _options,
    app,
    emit_json,
    show,
    warn,
)
from .errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def _seconds(text: str, option: str) -> float:
    from .export import parse_duration

    try:
        return parse_duration(text).total_seconds()
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


@app.command(
    "check-links",
    epilog=_examples(
        "readgroup check-links",
        "readgroup check-links --upcoming --kind slides --kind video",
        "readgroup check-links --json | jq '.links[] | select(.verdict == \"dead\")'",
        "readgroup check-links --no-cache --per-host 2 --timeout 5",
    ),
)
def check_links(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="Only links of this kind (repeatable).")
    ] = None,
    track: Annotated[str | None, typer.Option("--track", "-t", help="Only this track.")] = None,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help="Only sessions from today on, and TBD.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds for one try at a link, redirects included.")
    ] = 10.0,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Requests in flight in all.")] = 20,
    per_host: Annotated[int, typer.Option("--per-host", min=1, help="Requests in flight to one site.")] = 4,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Extra tries after a 429 or 5xx.")] = 2,
    deadline: Annotated[
        str, typer.Option("--deadline", metavar="DURATION", help="Give up on what is left after this long.")
    ] = "5m",
    max_age: Annotated[
        str, typer.Option("--max-age", metavar="DURATION", help="Trust cached successes this young.")
    ] = "1d",
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Check everything; do not read the cache.")
    ] = False,
    show_all: Annotated[bool, typer.Option("--all", help="List links that are ok too.")] = False,
    json_: JsonOption = False,
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Check that every link still works: dead, moved, blocked, slow. Exit 1 if any is dead.

    Each address is checked once, HEAD first (GET if the server refuses HEAD), redirects
    followed (never from a public site into a private network), a few at a time per site,
    retrying 429 and 5xx as the server asks. Successes are cached (see --max-age); failures
    are always checked again. With no network at all (no host reached) the links are
    "unreachable", a warning says so, and the exit code is 0. User names and passwords in
    links are never shown.
    """
    from .links import Settings, check_links, collect

    options = _options(ctx, file, today, no_color)
    syllabus = _load(options).syllabus
    kinds = [_link_kind(k) for k in kind] if kind else None
    if track is not None:
        _check_track(syllabus, track)
    since = _now(options, syllabus).date() if upcoming else None
    settings = Settings(
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        retries=retries,
        deadline=_seconds(deadline, "--deadline"),
    )
    uses = collect(syllabus, kinds=kinds, track=track, since=since)
    with _progress(options, quiet=json_) as progress:
        report = check_links(
            uses, settings, use_cache=not no_cache, max_age=_seconds(max_age, "--max-age"), progress=progress
        )
    for warning in report.warnings:
        warn(f"readgroup: {warning}")
    if json_:
        emit_json(report.to_json())
    else:
        from .render import links_view

        show(links_view(report, show_all=show_all), options)
    if report.dead:
        raise typer.Exit(1)


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
