"""`readgroup check-links`: parse options, run the checker, show progress, render the report."""

from __future__ import annotations

import sys
import time
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
    from collections.abc import Callable

    from .links import Result, Settings


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
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for one answer.")
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
    followed, a few at a time per site, retrying 429 and 5xx as the server asks.
    Successes are cached (see --max-age); failures are always checked again.
    """
    import gc

    from .links import Report, Settings, cache_path, collect, load_cache, save_cache

    # `main` turns the cycle collector off for short runs; asyncio and httpx make reference
    # cycles for every request, so without it memory would grow with the number of links.
    gc.enable()
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
    age = _seconds(max_age, "--max-age")
    uses = collect(syllabus, kinds=kinds, track=track, since=since)
    urls = list(dict.fromkeys(use.url for use in uses))
    path = cache_path()
    started = time.time()
    cached = {} if no_cache else {u: r for u, r in load_cache(path, age, started).items() if u in urls}
    to_check = [url for url in urls if url not in cached]
    results = {**cached, **_run(to_check, settings, options, json_)}
    try:
        save_cache(path, results.values(), started)
    except OSError as exc:
        warn(f"readgroup: could not save the link cache {path}: {exc.strerror or exc}")
    report = Report(uses, {url: results[url] for url in urls})
    if json_:
        emit_json(report.to_json())
    else:
        from .render import links_view

        show(links_view(report, show_all=show_all), options)
    if report.dead:
        raise typer.Exit(1)


def _run(urls: list[str], settings: Settings, options: Options, quiet: bool) -> dict[str, Result]:
    import asyncio  # here, not at the top: every other command would pay for it at start-up

    from .links import check

    if not urls:
        return {}
    if sys.stderr.isatty() and not quiet:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=options.no_color or None)
        columns = (TextColumn("Checking links"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("links", total=len(urls))
            return asyncio.run(check(urls, settings, lambda _: progress.advance(task)))
    return asyncio.run(check(urls, settings, None if quiet else _plain_progress(len(urls))))


def _plain_progress(total: int) -> Callable[[Result], None]:
    """Piped stderr: a line at every tenth of the way, not a bar."""
    done = 0
    step = max(1, total // 10)

    def advance(_: Result) -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            sys.stderr.write(f"checked {done}/{total} links\n")

    return advance
