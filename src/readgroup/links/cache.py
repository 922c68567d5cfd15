"""The link cache: successes remembered for a while so a second run asks only about the rest.

One JSON object `{url: {"verdict", "status", "final_url", "checked_at"}}` in the user's cache
folder. It is ours, but anything may be found there (a crash, a full disk, another program, a
person): whatever does not read as that shape is ignored and rebuilt at the next save.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .report import Result, Verdict
from .urls import has_credentials, redact

CACHEABLE: frozenset[Verdict] = frozenset({"ok", "redirected"})
MAX_BYTES = 64 * 1024 * 1024  # ~400,000 entries; a larger file is not ours
KEEP_FOR = 30 * 86400.0  # entries older than this are dropped when the cache is saved
_Entry = dict[str, Any]


def cache_path() -> Path:
    folder = os.environ.get("READGROUP_CACHE_DIR")
    if folder:
        return Path(folder) / "links.json"
    from platformdirs import user_cache_path

    return user_cache_path("readgroup") / "links.json"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a time")


def _read(path: Path) -> dict[str, _Entry]:
    """The valid entries of the file; {} for a missing, unreadable or malformed one."""
    try:
        # O_NONBLOCK: a FIFO in the cache's place must not hang the run.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return {}
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return {}
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
        entries = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (OSError, ValueError, RecursionError):  # RecursionError: `[[[[...` nested 100,000 deep
        return {}
    finally:
        os.close(descriptor)
    if not isinstance(entries, dict):
        return {}
    return {url: entry for url, entry in entries.items() if _valid(entry)}


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    checked_at, status, final_url = entry.get("checked_at"), entry.get("status"), entry.get("final_url")
    verdict = entry.get("verdict")
    return (
        isinstance(verdict, str)
        and verdict in CACHEABLE
        and isinstance(checked_at, int | float)
        and not isinstance(checked_at, bool)
        and math.isfinite(checked_at)
        and (status is None or (isinstance(status, int) and not isinstance(status, bool)))
        and (final_url is None or isinstance(final_url, str))
    )


def load(path: Path, urls: Iterable[str], max_age: float, now: float) -> dict[str, Result]:
    """Cached successes for `urls` checked at most `max_age` seconds ago (and not in the future)."""
    entries = _read(path)
    fresh: dict[str, Result] = {}
    for url in urls:
        entry = entries.get(url)
        if entry is not None and 0 <= now - entry["checked_at"] <= max_age:
            fresh[url] = Result(
                url, entry["verdict"], entry["status"], entry["final_url"], attempts=0, cached=True
            )
    return fresh


def save(path: Path, results: Iterable[Result], now: float) -> None:
    """Remember new successes, stamped `now`; forget a link that failed this time. A URL with
    a user name or password in it is never written down. OSError when it cannot be saved."""
    entries = {url: entry for url, entry in _read(path).items() if now - entry["checked_at"] <= KEEP_FOR}
    for result in results:
        if result.cached or has_credentials(result.url):
            continue
        if result.verdict in CACHEABLE:
            entries[result.url] = {
                "verdict": result.verdict,
                "status": result.status,
                "final_url": redact(result.final_url) if result.final_url else None,
                "checked_at": now,
            }
        else:
            entries.pop(result.url, None)  # failures are never cached
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        path.rmdir()  # an empty folder in its place is replaced; a full one is an OSError to report
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
