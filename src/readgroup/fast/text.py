"""`next` and `show` for people: the layout of render.next_announcement / paper_details, written
as Rich writes it, to a pipe (plain text) or to a terminal (SGR styles and OSC 8 links).

Rich is a tenth of a second to import, so this writes the few escape codes those two views use
by hand: bold, italic and three standard colours, which Rich writes with the same codes in every
colour system, and each link as `ESC ]8;id=N;URL ESC \\` ... `ESC ]8;; ESC \\`. Anything Rich would
treat differently is declined, so Typer and Rich print it: a terminal Rich sizes or colours
otherwise (TERM=dumb, FORCE_COLOR and kin, Windows), and text Rich might read specially (markup
brackets, backslashes, emoji codes such as :smile:, control characters). tests/test_fast_path.py
compares both paths on pipes and on a pseudo-terminal.
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

    Piece = tuple[str, str, str]  # (text, style name, link)
    Line = list[Piece]

# Any of these in the environment changes what Rich writes (colour into a pipe, a notebook...).
_RICH_TERMINAL_VARIABLES = (
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "DATABRICKS_RUNTIME_VERSION",
    "JUPYTER_COLUMNS",
)
# Rich's SGR parameters for the styles render.py gives these views, with and without colour.
_SGR = {"": "", "bold": "1", "italic": "3", "yellow": "33", "bold red": "1;31", "bold green": "1;32"}
_SGR_NO_COLOR = {**_SGR, "yellow": "", "bold red": "1", "bold green": "1"}


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


def _codes(no_color: bool) -> dict[str, str] | None:
    """The SGR table for stdout: None for a pipe (plain text), as cli.output.show's Console decides."""
    if any(name in os.environ for name in _RICH_TERMINAL_VARIABLES):
        raise Declined("Rich decides the terminal otherwise")
    if not sys.stdout.isatty():
        return None
    if sys.platform == "win32" or os.environ.get("TERM", "").strip().lower() in ("dumb", "unknown"):
        raise Declined("a terminal Rich writes differently")
    return _SGR_NO_COLOR if no_color or os.environ.get("NO_COLOR", "") != "" else _SGR


def _write(lines: list[Line], codes: dict[str, str] | None) -> str:
    if codes is None:
        return "".join("".join(text for text, _, _ in line) + "\n" for line in lines)
    link_id = int.from_bytes(os.urandom(3), "big")  # Rich counts its link ids from a random start
    out: list[str] = []
    for line in lines:
        for text, style, link in line:
            sgr = codes[style]
            piece = f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text
            if link:
                piece = f"\x1b]8;id={link_id};{link}\x1b\\{piece}\x1b]8;;\x1b\\"
                link_id += 1
            out.append(piece)
        out.append("\n")
    return "".join(out)


def _date(date: str | None) -> str:
    return f"{dt.date.fromisoformat(date):%a %Y-%m-%d}" if date else "TBD"


def _paper_block(run: Run, paper: Json) -> list[Line]:
    names = dict(run.payload["tracks"])
    track = names.get(paper["track"], paper["track"])
    presenters: list[str] = paper["presenters"]
    who = (unchanged_by_rich(", ".join(presenters)), "", "") if presenters else ("unassigned", "yellow", "")
    lines: list[Line] = [
        [
            ("  ", "", ""),
            (unchanged_by_rich(paper["title"]), "bold", ""),
            (f" ({unchanged_by_rich(track)}), presenter: ", "", ""),
            who,
        ]
    ]
    full_title = run.payload["full_titles"].get(paper["id"])
    if full_title:
        lines.append([("    ", "", ""), (unchanged_by_rich(full_title), "italic", "")])
    links: dict[str, str] = paper["links"]
    missing: list[str] = paper["missing"]
    # render.label: a group's own kinds are shown by name, and widen the column
    width = max(len(LABELS.get(kind, kind)) for kind in [*LABELS, *links, *missing])
    for kind, url in links.items():
        label = unchanged_by_rich(LABELS.get(kind, kind))
        lines.append([(f"    {label:<{width}}  ", "", ""), (unchanged_by_rich(url), "", url)])
    for kind in missing:
        label = unchanged_by_rich(LABELS.get(kind, kind))
        lines.append([(f"    {label:<{width}}  ", "", ""), ("✗ missing", "bold red", "")])
    return lines


def next_text(
    run: Run,
    session: tuple[str | None, list[Json]] | None,
    tbd: list[Json],
    skipped: list[tuple[str, str]],
    forum: str | None,
    mine: list[Json],
) -> str:
    codes = _codes(bool(run.request.globals.get("no_color")))
    group = run.group
    end: list[Line] = [[("Forum: ", "", ""), (unchanged_by_rich(forum), "", forum)]] if forum else []
    lines: list[Line]
    if session is None:
        lines = [[("The syllabus is finished: no dated session is left.", "bold", "")]]
        if tbd:
            lines.append([("Still to be scheduled (TBD):", "", "")])
            for paper in tbd:
                lines.extend(_paper_block(run, paper))
        return _write([*lines, *end], codes)
    date_text, papers = session
    date = dt.date.fromisoformat(str(date_text))
    days = (date - run.moment.date()).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    start = dt.time.fromisoformat(str(group["start_time"]))
    finish = dt.time.fromisoformat(str(group["end_time"]))
    zone = unchanged_by_rich(group["timezone"])
    lines = [
        [(f"No meeting on {_date(day)}" + (f": {unchanged_by_rich(reason)}" if reason else ""), "", "")]
        for day, reason in skipped
    ]
    lines.append(
        [
            (f"Next meeting: {date:%A %Y-%m-%d}, {start:%H:%M}-{finish:%H:%M}", "bold", ""),
            (f" ({zone}, {when})", "", ""),
        ]
    )
    if group["venue"]:
        lines.append([(f"Where: {unchanged_by_rich(group['venue'])}", "", "")])
    if mine:
        titles = ", ".join(unchanged_by_rich(paper["title"]) for paper in mine)
        lines.append([(f"You present: {titles}", "bold green", "")])
    lines.append([("Read:", "", "")])
    for paper in papers:
        lines.extend(_paper_block(run, paper))
    return _write([*lines, *end], codes)


def show_text(run: Run, paper: Json) -> str:
    codes = _codes(bool(run.request.globals.get("no_color")))
    head: Line = [(unchanged_by_rich(paper["id"]), "bold", ""), (f"  {_date(paper['date'])}", "", "")]
    return _write([head, *_paper_block(run, paper)], codes)
