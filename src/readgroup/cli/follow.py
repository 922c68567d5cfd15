"""`readgroup follow`: a member keeps up with a group's published syllabus without cloning it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .context import ago, stale_note
from .output import emit, emit_json, warn
from .params import GlobalOptionsGroup, JsonOption, examples

app = typer.Typer(cls=GlobalOptionsGroup)

RAW = "https://raw.githubusercontent.com/OWNER/REPO/main/data/papers.toml"


@app.command(
    epilog=examples(
        f"readgroup follow {RAW}",
        "readgroup follow            # what is followed, and how fresh the copy is",
        "readgroup follow --refresh  # ask the server now",
        "readgroup follow --stop",
    )
)
def follow(
    url: Annotated[
        str | None,
        typer.Argument(
            metavar="URL", help="The raw address of the group's papers.toml.", show_default=False
        ),
    ] = None,
    refresh_now: Annotated[bool, typer.Option("--refresh", help="Ask the server for changes now.")] = False,
    stop: Annotated[bool, typer.Option("--stop", help="Stop following; the copy is deleted.")] = False,
    json_: JsonOption = False,
) -> None:
    """Follow a group's syllabus by its published papers.toml; reports then read a copy of it.

    The copy is used wherever there is no --file, $READGROUP_FILE or ./data/papers.toml. It is
    refreshed at most once a day (a conditional request); offline the copy is read with a note.
    Edits refuse it: they belong in the group's own file.
    """
    from .. import follow as following
    from ..settings import change_setting

    if sum((url is not None, refresh_now, stop)) > 1:
        raise UsageError("give a URL, --refresh or --stop, one at a time")
    environ = os.environ
    current = following.followed_url(environ)
    if stop:
        if current is None:
            emit("Not following any group.\n")
            return
        change_setting(environ, "follow", None)
        following.forget(environ)
        emit(f"Stopped following {current}; the copy is deleted.\n")
        return
    if url is not None:
        wanted = following.check_url(url)
        outcome = following.refresh(environ, wanted, force=True)
        if outcome.stale:  # a copy of this same URL existed and could not be refreshed
            from ..errors import DataFileError, Problem

            raise DataFileError(wanted, [Problem(f"cannot fetch the group's file: {outcome.detail}")])
        change_setting(environ, "follow", wanted)
        _say_followed(wanted, outcome.path)
        return
    if current is None:
        if json_:
            emit_json({"url": None})
            return
        emit("Not following any group. Follow one with: readgroup follow URL\n")
        return
    outcome = following.refresh(environ, current, force=refresh_now)
    if outcome.stale and refresh_now:
        from ..errors import DataFileError, Problem

        kept = (
            f"; the copy last checked {ago(outcome.state.checked_at)} is kept"
            if outcome.state.checked_at
            else ""
        )
        raise DataFileError(current, [Problem(f"cannot refresh: {outcome.detail}{kept}")])
    if outcome.stale:
        warn(f"readgroup: {stale_note(outcome)}")
    state = outcome.state
    if json_:
        emit_json(
            {
                "url": current,
                "copy": str(outcome.path),
                "fetched_at": state.fetched_at,
                "checked_at": state.checked_at,
                "etag": state.etag,
                "last_modified": state.last_modified,
                "outcome": outcome.kind,
            }
        )
        return
    lines = [f"Following {current}", f"  copy:    {outcome.path}"]
    if state.fetched_at:
        lines.append(f"  fetched: {ago(state.fetched_at)}")
    if state.checked_at:
        lines.append(f"  checked: {ago(state.checked_at)}")
    if refresh_now and not outcome.stale:
        lines.append("  updated now" if outcome.kind == "updated" else "  unchanged on the server")
    emit("\n".join(lines) + "\n")


def _say_followed(url: str, path: Path) -> None:
    from ..loader import load
    from ..locate import Origin, locate

    syllabus = load(path).syllabus
    emit(
        f"Following {syllabus.group.name} ({len(syllabus.papers)} papers) from {url}.\n"
        "Reports read this copy wherever there is no --file, $READGROUP_FILE or ./data/papers.toml; "
        "it is refreshed once a day.\n"
    )
    here = locate(None, os.environ)
    if here.origin != Origin.FOLLOWED:
        warn(f"readgroup: note: here {here.origin} wins over the followed copy")
