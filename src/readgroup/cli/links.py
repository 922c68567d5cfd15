"""`readgroup check-links`: parse options, run the checker, show progress, render the report."""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

from .context import now, read
from .output import emit_json, show, warn
from .params import (
    GlobalOptionsGroup,
    JsonOption,
    KindsOption,
    TrackOption,
    examples,
    parse_duration,
    split_list,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..links import Result, Settings
    from .params import Options

app = typer.Typer(cls=GlobalOptionsGroup)


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
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help="Only sessions from today on, and TBD.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", min=0.1, help="Seconds to wait for one answer.")
    ] = 10.0,
    concurrency: Annotated[
        int, typer.Option("--concurrency", metavar="N", min=1, help="Requests in flight in all.")
    ] = 20,
    per_host: Annotated[
        int, typer.Option("--per-host", metavar="N", min=1, help="Requests in flight to one site.")
    ] = 4,
    retries: Annotated[
        int, typer.Option("--retries", metavar="N", min=0, help="Extra tries after a 429 or 5xx.")
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
    followed, a few at a time per site, retrying 429 and 5xx as the server asks.
    Successes are cached (see --max-age); failures are always checked again.
    """
    import gc

    from .. import names
    from ..links import Report, Settings, cache_path, collect, load_cache, save_cache

    # `main` turns the cycle collector off for short runs; asyncio and httpx make reference
    # cycles for every request, so without it memory would grow with the number of links.
    gc.enable()
    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    kinds = [names.link_kind(k, syllabus) for k in split_list(kind)] or None
    if track is not None:
        names.track(syllabus, track)
    since = now(opts, syllabus).date() if upcoming else None
    settings = Settings(
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        retries=retries,
        deadline=deadline.total_seconds(),
    )
    age = max_age.total_seconds()
    uses = collect(syllabus, kinds=kinds, track=track, since=since)
    urls = list(dict.fromkeys(use.url for use in uses))
    path = cache_path()
    started = time.time()
    cached = {} if no_cache else {u: r for u, r in load_cache(path, age, started).items() if u in urls}
    to_check = [url for url in urls if url not in cached]
    results = {**cached, **_run(to_check, settings, opts, json_)}
    try:
        save_cache(path, results.values(), started)
    except OSError as exc:
        warn(f"readgroup: could not save the link cache {path}: {exc.strerror or exc}")
    report = Report(uses, {url: results[url] for url in urls})
    if json_:
        emit_json(report.to_json())
    else:
        from ..render import links_view

        show(links_view(report, show_all=show_all), opts)
    if report.dead:
        raise typer.Exit(1)


def _run(urls: list[str], settings: Settings, opts: Options, quiet: bool) -> dict[str, Result]:
    import asyncio  # here, not at the top: every other command would pay for it at start-up

    from ..links import check

    if not urls:
        return {}
    if sys.stderr.isatty() and not quiet:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=opts.no_color or None)
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
