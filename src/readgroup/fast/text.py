"""`next` and `show` as plain text: the layout of render.next_announcement / paper_details as
Rich prints it when it prints no escape codes at all (stdout is not a terminal and nothing
forces one). Text that Rich would treat specially (markup brackets, backslashes, emoji codes
such as :smile:, control characters) is declined, so Typer and Rich print it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from ..labels import LABELS
from . import Declined

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .answers import Json, Run

# Any of these in the environment can make Rich write colour or terminal codes into a pipe.
_RICH_TERMINAL_VARIABLES = (
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "DATABRICKS_RUNTIME_VERSION",
)
_WIDTH = max(len(label) for label in LABELS.values())


def _plain_terminal() -> None:
    if sys.stdout.isatty() or any(name in os.environ for name in _RICH_TERMINAL_VARIABLES):
        raise Declined("Rich would write terminal codes")


def unchanged_by_rich(text: object) -> str:
    """The text itself, when Rich would print it unchanged."""
    value = str(text)
    for ch in value:
        if ch in "[]\\" or ch < " " or "\x7f" <= ch <= "\x9f":
            raise Declined("text that Rich renders specially")
    colon = value.find(":")
    while colon != -1:  # an emoji code is :name: with no space inside
        after = value.find(":", colon + 1)
        if after == -1:
            break
        if not any(ch.isspace() for ch in value[colon + 1 : after]):
            raise Declined("text that may hold an emoji code")
        colon = after
    return value


def _date(date: str | None) -> str:
    return f"{dt.date.fromisoformat(date):%a %Y-%m-%d}" if date else "TBD"


def _paper_block(run: Run, paper: Json) -> list[str]:
    names = dict(run.payload["tracks"])
    track = names.get(paper["track"], paper["track"])
    presenters: list[str] = paper["presenters"]
    who = unchanged_by_rich(", ".join(presenters)) if presenters else "unassigned"
    lines = [f"  {unchanged_by_rich(paper['title'])} ({unchanged_by_rich(track)}), presenter: {who}"]
    full_title = run.payload["full_titles"].get(paper["id"])
    if full_title:
        lines.append(f"    {unchanged_by_rich(full_title)}")
    links: dict[str, str] = paper["links"]
    if any(kind not in LABELS for kind in [*links, *paper["missing"]]):
        raise Declined("a group's own link kind")  # render.label, and its column width
    for kind, url in links.items():
        lines.append(f"    {LABELS[kind]:<{_WIDTH}}  {unchanged_by_rich(url)}")
    for kind in paper["missing"]:
        lines.append(f"    {LABELS[kind]:<{_WIDTH}}  ✗ missing")
    return lines


def next_text(
    run: Run,
    session: tuple[str | None, list[Json]] | None,
    tbd: list[Json],
    skipped: list[tuple[str, str]],
    forum: str | None,
) -> str:
    _plain_terminal()
    group = run.group
    end = [f"Forum: {unchanged_by_rich(forum)}"] if forum else []
    if session is None:
        lines = ["The syllabus is finished: no dated session is left."]
        if tbd:
            lines.append("Still to be scheduled (TBD):")
            for paper in tbd:
                lines.extend(_paper_block(run, paper))
        return "\n".join([*lines, *end]) + "\n"
    date_text, papers = session
    date = dt.date.fromisoformat(str(date_text))
    days = (date - run.moment.date()).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    start = dt.time.fromisoformat(str(group["start_time"]))
    finish = dt.time.fromisoformat(str(group["end_time"]))
    zone = unchanged_by_rich(group["timezone"])
    lines = [
        f"No meeting on {_date(day)}" + (f": {unchanged_by_rich(reason)}" if reason else "")
        for day, reason in skipped
    ]
    lines.append(f"Next meeting: {date:%A %Y-%m-%d}, {start:%H:%M}-{finish:%H:%M} ({zone}, {when})")
    if group["venue"]:
        lines.append(f"Where: {unchanged_by_rich(group['venue'])}")
    lines.append("Read:")
    for paper in papers:
        lines.extend(_paper_block(run, paper))
    return "\n".join([*lines, *end]) + "\n"


def show_text(run: Run, paper: Json) -> str:
    _plain_terminal()
    lines = [f"{unchanged_by_rich(paper['id'])}  {_date(paper['date'])}", *_paper_block(run, paper)]
    return "\n".join(lines) + "\n"
