"""One link check from start to end: the cache policy around the HTTP checks."""

from __future__ import annotations

import asyncio
import gc
import math
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import UsageError
from . import cache
from .check import Outcome, check
from .report import VERDICTS, LinkUse, Report, Result, Settings
from .urls import has_credentials, redact

MAX_AGE = 86400.0  # seconds a cached success is trusted by default (check-links --max-age 1d)
OFFLINE = "could not reach any host: offline? Those links are reported unreachable, not dead."


def check_links(
    uses: list[LinkUse],
    settings: Settings,
    *,
    use_cache: bool = True,
    max_age: float = MAX_AGE,
    progress: Callable[[int, int], None] | None = None,
    cache_file: Path | None = None,
) -> Report:
    """Check every distinct link of `uses`. Successes younger than `max_age` seconds come from
    the cache (unless `use_cache` is off); new successes are saved and failures forgotten, so
    they are checked again next time. A run that reached no host at all saves nothing.
    `progress(done, total)` follows the links actually sent. Never prints, never exits."""
    if not (math.isfinite(max_age) and max_age >= 0):
        raise UsageError(f"--max-age: {max_age:g} is not a duration")
    links = list(dict.fromkeys(use.url for use in uses))
    now = time.time()
    path = cache_file or cache.cache_path()
    found = cache.load(path, links, max_age, now) if use_cache else {}
    to_check = [url for url in links if url not in found]
    done = 0

    def advance(_: Result) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(to_check))

    outcome = Outcome({}, offline=False)
    if to_check:
        # The CLI turns the cycle collector off for short runs; a failed request (a timeout, a
        # refused connection) leaves a reference cycle through its traceback, so without it
        # memory would grow with the number of dead links.
        collecting = gc.isenabled()
        gc.enable()
        try:
            outcome = asyncio.run(check(to_check, settings, advance))
        finally:
            if not collecting:
                gc.disable()
    warnings = []
    if outcome.offline:
        warnings.append(OFFLINE)
    else:
        try:
            cache.save(path, outcome.results.values(), now)
        except OSError as exc:
            warnings.append(f"could not save the link cache {path}: {exc.strerror or exc}")
    results = {**found, **outcome.results}
    return _shown(uses, [results[url] for url in links], outcome.offline, warnings)


def _shown(uses: list[LinkUse], results: list[Result], offline: bool, warnings: list[str]) -> Report:
    """The report with every user name and password taken out of its URLs. Two links that
    differ only in credentials become one; the worse verdict is kept."""
    safe_uses = [replace(use, url=redact(use.url)) if has_credentials(use.url) else use for use in uses]
    shown: dict[str, Result] = {}
    for result in results:
        safe = result
        if has_credentials(result.url) or (result.final_url and has_credentials(result.final_url)):
            safe = replace(result, url=redact(result.url))
            safe.final_url = redact(result.final_url) if result.final_url else None
        kept = shown.get(safe.url)
        if kept is None or VERDICTS.index(safe.verdict) < VERDICTS.index(kept.verdict):
            shown[safe.url] = safe
    return Report(safe_uses, shown, offline=offline, warnings=warnings)
