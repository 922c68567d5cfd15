"""Following a group: a cached copy of its published papers.toml, refreshed at most once a day.

`follow = "URL"` in the user's config.toml says which group; the copy and what the server said
about it (ETag, Last-Modified, when) live in the cache folder under `follow/`. A read uses the
copy as it is while it is younger than a day (no network at all); an older copy is revalidated
with a conditional GET (a 304 keeps it). A fetched file replaces the copy only when it loads as a
valid syllabus, so a broken upstream file never replaces a good copy. With no network the copy
is still read, and the outcome says why it may be stale.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from .errors import DataFileError, Problem, UsageError, WriteRefused
from .settings import setting, write_file
from .userconfig import FOLLOW_MAX_AGE, confirmed_copy, follow_copy, follow_folder

if TYPE_CHECKING:
    from .models import Syllabus

MAX_AGE = FOLLOW_MAX_AGE  # a copy younger than this is read without asking the server
RETRY_AFTER = 10 * 60.0  # after a failed refresh, reads do not try again for this long
MAX_BYTES = 8 * 1024 * 1024  # a syllabus is a few kB; anything near this is not one
CONNECT_TIMEOUT = 5.0
TIMEOUT = 15.0


@dataclass(frozen=True)
class State:
    """What is known about the cached copy (`follow/state.json`)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float | None = None  # when the copy's content last arrived (200)
    checked_at: float | None = None  # when the server last confirmed it (200 or 304)
    failed_at: float | None = None  # the last refresh that did not work, if after checked_at
    failure: str | None = None
    rejected: bool = False  # the failure was a broken file, not the network


Kind = Literal["fresh", "unchanged", "updated", "offline", "rejected"]


@dataclass(frozen=True)
class Outcome:
    """What a refresh did. `offline` and `rejected` mean the (older) copy is read anyway."""

    kind: Kind
    state: State
    path: Path
    detail: str = ""  # why the copy could not be refreshed

    @property
    def stale(self) -> bool:
        return self.kind in ("offline", "rejected")


# -- where things are -----------------------------------------------------------------------


def folder(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(follow_folder(environ))


def copy_path(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(follow_copy(environ))


def followed_url(environ: Mapping[str, str] = os.environ) -> str | None:
    return setting(environ, "follow")


def load_state(environ: Mapping[str, str], url: str) -> State:
    """The state of the copy of `url`; a copy of another group, or none, has an empty state."""
    try:
        data = json.loads((folder(environ) / "state.json").read_text(encoding="utf-8"))
        state = State(**data)
    except (OSError, ValueError, TypeError):
        return State(url)
    if state.url != url or not copy_path(environ).is_file():
        return State(url)
    return state


def check_url(url: str) -> str:
    """An http(s) address of the raw file; GitHub's page for a file gets the raw address as a hint."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an http(s) address of the group's papers.toml")
    segments = parts.path.split("/")
    if parts.hostname == "github.com" and len(segments) > 4 and segments[3] == "blob":
        owner, repo, rest = segments[1], segments[2], "/".join(segments[4:])
        raw = f"https://raw.githubusercontent.com/{owner}/{repo}/{rest}"
        raise UsageError(f"that is GitHub's page about the file; follow the file itself: {raw}")
    return url


# -- refreshing -----------------------------------------------------------------------------


def refresh(
    environ: Mapping[str, str], url: str, *, force: bool = False, now: float | None = None
) -> Outcome:
    """Bring the copy of `url` up to date if it is older than a day (or `force`).

    Raises DataFileError only when there is no copy at all and none can be fetched.
    """
    now = time.time() if now is None else now
    state = load_state(environ, url)
    path = copy_path(environ)
    have_copy = state.fetched_at is not None
    if have_copy and not force:
        if confirmed_copy(environ, url, now):  # the rule the fast path answers by
            return Outcome("fresh", state, path)
        if state.failed_at is not None and now - state.failed_at < RETRY_AFTER:
            return Outcome("rejected" if state.rejected else "offline", state, path, state.failure or "")
    try:
        fetched = fetch(url, state if have_copy else State(url))
    except FetchFailed as exc:
        if not have_copy:
            raise DataFileError(url, [Problem(f"cannot fetch the group's file: {exc}")]) from None
        failed = replace(state, failed_at=now, failure=str(exc), rejected=False)
        save_state(environ, failed)
        return Outcome("offline", failed, path, str(exc))
    if fetched is None:  # 304: the copy is current
        if not have_copy:
            raise DataFileError(
                url, [Problem("cannot fetch the group's file: 304 Not Modified to a plain GET")]
            )
        confirmed = replace(state, checked_at=now, failed_at=None, failure=None, rejected=False)
        save_state(environ, confirmed)
        return Outcome("unchanged", confirmed, path)
    data, etag, last_modified = fetched
    try:
        check_syllabus(data, url)
    except DataFileError as exc:
        if not have_copy:
            raise
        reason = exc.problems[0].format(url)
        rejected = replace(state, failed_at=now, failure=reason, rejected=True)
        save_state(environ, rejected)
        return Outcome("rejected", rejected, path, reason)
    try:
        write_file(path, data)  # the copy first: a state that describes a newer copy is never left
    except OSError as exc:
        raise WriteRefused(f"cannot keep the group's file in {path}: {exc.strerror or exc}") from None
    updated = State(url, etag, last_modified, fetched_at=now, checked_at=now)
    save_state(environ, updated)
    return Outcome("updated", updated, path)


class FetchFailed(Exception):
    """The server could not be reached, or did not give the file."""


def fetch(url: str, state: State) -> tuple[bytes, str | None, str | None] | None:
    """GET the file (conditionally when `state` has validators): (bytes, ETag, Last-Modified),
    or None for 304 Not Modified."""
    import httpx

    from . import __version__

    headers = {"User-Agent": f"readgroup/{__version__}", "Accept": "application/toml, text/plain, */*"}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    timeout = httpx.Timeout(TIMEOUT, connect=CONNECT_TIMEOUT)
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304:
                return None
            if response.status_code != 200:
                raise FetchFailed(f"the server answered {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise FetchFailed(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():  # decoded: a compressed bomb stops here too
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchFailed(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("ETag"), response.headers.get("Last-Modified")
    except httpx.TimeoutException:
        raise FetchFailed(f"no answer within {TIMEOUT:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(_reason(exc)) from None


def _reason(exc: Exception) -> str:
    """The innermost cause in a few words ("[Errno 111] Connection refused" -> "connection refused")."""
    text = str(exc) or type(exc).__name__
    text = text.split("] ", 1)[-1] if text.startswith("[Errno") else text
    return text[:1].lower() + text[1:]


def check_syllabus(data: bytes, url: str) -> Syllabus:
    """The fetched file must load as a valid syllabus; a web page gets its own hint."""
    from .loader import decode, parse_toml, validate

    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise DataFileError(
            url, [Problem("is a web page, not the raw papers.toml", hint="follow the raw file URL")]
        )
    text = decode(data, url)
    return validate(parse_toml(text, url), text, url)


# -- files ----------------------------------------------------------------------------------


def save_state(environ: Mapping[str, str], state: State) -> None:
    try:
        write_file(folder(environ) / "state.json", json.dumps(asdict(state), indent=1).encode())
    except OSError:
        pass  # a cache that cannot be written only means asking the server again next time


def forget(environ: Mapping[str, str]) -> None:
    """Remove the cached copy and its state."""
    for name in ("papers.toml", "state.json"):
        (folder(environ) / name).unlink(missing_ok=True)
