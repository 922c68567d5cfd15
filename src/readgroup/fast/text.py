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


def _safe(text: object) -> str:
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
    who = _safe(", ".join(presenters)) if presenters else "unassigned"
    lines = [f"  {_safe(paper['title'])} ({_safe(track)}), presenter: {who}"]
    full_title = run.payload["full_titles"].get(paper["id"])
    if full_title:
        lines.append(f"    {_safe(full_title)}")
    links: dict[str, str] = paper["links"]
    if any(kind not in LABELS for kind in [*links, *paper["missing"]]):
        raise Declined("a group's own link kind")  # render.label, and its column width
    for kind, url in links.items():
        lines.append(f"    {LABELS[kind]:<{_WIDTH}}  {_safe(url)}")
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
    end = [f"Forum: {_safe(forum)}"] if forum else []
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
    zone = _safe(group["timezone"])
    lines = [
        f"No meeting on {_date(day)}" + (f": {_safe(reason)}" if reason else "")
        for day, reason in skipped
    ]
    lines.append(f"Next meeting: {date:%A %Y-%m-%d}, {start:%H:%M}-{finish:%H:%M} ({zone}, {when})")
    if group["venue"]:
        lines.append(f"Where: {_safe(group['venue'])}")
    lines.append("Read:")
    for paper in papers:
        lines.extend(_paper_block(run, paper))
    return "\n".join([*lines, *end]) + "\n"


def show_text(run: Run, paper: Json) -> str:
    _plain_terminal()
    lines = [f"{_safe(paper['id'])}  {_date(paper['date'])}", *_paper_block(run, paper)]
    return "\n".join(lines) + "\n"
