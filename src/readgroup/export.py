"""The syllabus in other formats: an iCalendar feed, Markdown tables for a group site, CSV.

Pure functions from a `Syllabus` to text or bytes; the CLI decides where they go.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Literal

from .models import LINK_KINDS, LinkKind, Paper, Syllabus
from .schedule import Session, dated_sessions, sessions

if TYPE_CHECKING:
    from icalendar import Calendar

MarkdownLayout = Literal["per-track", "side-by-side"]

# -- iCalendar ------------------------------------------------------------------------------

_DURATION = re.compile(
    r"^(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?(?:(?P<s>\d+)s)?$", re.IGNORECASE
)


def parse_duration(text: str) -> dt.timedelta:
    """'1h', '30m', '1d', '1h30m', '45s' -> timedelta. ValueError on anything else."""
    match = _DURATION.match(text.strip())
    if not text.strip() or match is None or not any(match.groupdict().values()):
        raise ValueError(f"{text!r} is not a duration such as 30s, 30m, 1h, 1h30m or 1d")
    parts = {key: int(value or 0) for key, value in match.groupdict().items()}
    try:
        duration = dt.timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"])
    except OverflowError:
        raise ValueError(f"{text!r} is too long a duration") from None
    if not duration:
        raise ValueError(f"{text!r} is zero; give a reminder time such as 1h")
    return duration


def group_slug(syllabus: Syllabus) -> str:
    return re.sub(r"[^a-z0-9]+", "-", syllabus.group.name.lower()).strip("-") or "readgroup"


def session_uid(syllabus: Syllabus, session: Session) -> str:
    """Derived from the session's first paper, not the date: after a reschedule a calendar that
    imports the feed again moves its events instead of adding copies (and moving one paper
    of a two-paper week out does not orphan the week's event). The group name keeps two
    groups that both read LeNet apart in one calendar."""
    return f"{session.papers[0].id}@{group_slug(syllabus)}.readgroup"


def calendar(syllabus: Syllabus, *, alarm: dt.timedelta | None = None, stamp: dt.datetime) -> Calendar:
    """One event per dated session, in the group's time zone (with its VTIMEZONE)."""
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Calendar, Event

    group = syllabus.group
    zone = ZoneInfo(group.timezone)
    feed = Calendar()
    feed.add("prodid", "-//readgroup//readgroup//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", group.name)
    feed.add("x-wr-timezone", group.timezone)
    for session in dated_sessions(syllabus):
        assert session.date is not None
        event = Event()
        event.add("uid", session_uid(syllabus, session))
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", dt.datetime.combine(session.date, group.start_time, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(session.date, group.end_time, tzinfo=zone))
        summary = f"{group.name}: {', '.join(paper.title for paper in session.papers)}"
        event.add("summary", summary)
        event.add("description", _description(syllabus, session.papers))
        if group.venue:
            event.add("location", group.venue)
        url = next((p.links.present()["paper"] for p in session.papers if "paper" in p.links.present()), None)
        if url is not None:
            event.add("url", url)
        if alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", summary)
            reminder.add("trigger", -alarm)
            event.add_component(reminder)
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed


def _description(syllabus: Syllabus, papers: tuple[Paper, ...]) -> str:
    lines: list[str] = []
    for paper in papers:
        if lines:
            lines.append("")
        heading = f"{paper.title} ({syllabus.track_name(paper.track)})"
        if paper.full_title:
            heading += f": {paper.full_title}"
        lines.append(heading)
        if paper.presenter:
            lines.append(f"Presenter: {', '.join(paper.presenter)}")
        lines += [f"{kind}: {url}" for kind, url in paper.links.present().items()]
        missing = paper.missing_kinds(syllabus.group)
        if missing:
            lines.append(f"Missing: {', '.join(missing)}")
    return "\n".join(lines)


def ics(syllabus: Syllabus, *, alarm: dt.timedelta | None = None, stamp: dt.datetime) -> bytes:
    data: bytes = calendar(syllabus, alarm=alarm, stamp=stamp).to_ical()
    return data


# -- Markdown -------------------------------------------------------------------------------
#
# Reference-style links (`[paper][lenet.paper]` with the address listed below the tables) so
# any URL survives, GitHub and kramdown both render them, and `readgroup import` reads the
# page back. Written by hand: no maintained library writes Markdown tables.

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _date_cell(paper_date: dt.date | None) -> str:
    return paper_date.isoformat() if paper_date else "TBD"


def _links_cell(syllabus: Syllabus, paper: Paper, references: dict[str, str]) -> str:
    present = paper.links.present()
    parts = []
    for kind in LINK_KINDS:
        if kind in present:
            label = f"{paper.id}.{kind}"
            references[label] = present[kind]
            parts.append(f"[{kind}][{label}]")
    parts += [f"(no {kind})" for kind in paper.missing_kinds(syllabus.group)]
    return " ".join(parts)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(syllabus: Syllabus, layout: MarkdownLayout = "per-track") -> str:
    references: dict[str, str] = {}
    if layout == "per-track":
        body = _per_track(syllabus, references)
    else:
        body = _side_by_side(syllabus, references)
    out = [f"# {escape_markdown(syllabus.group.name)}", "", *_intro(syllabus, references), "", *body, ""]
    out += [f"[{label}]: {url}" for label, url in references.items()]
    return "\n".join(out) + "\n"


def _intro(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    group = syllabus.group
    when = f"{group.weekday.capitalize()}s {group.start_time:%H:%M}-{group.end_time:%H:%M} ({group.timezone})"
    lines = [when + (f", {escape_markdown(group.venue)}" if group.venue else "") + "."]
    lines += ["", f"Links every paper needs: {', '.join(group.required) or 'none'}."]
    if group.links:
        for name, url in group.links.items():
            references[f"group.{name}"] = url
        lines += [
            "",
            "Group links: " + " · ".join(f"[{escape_markdown(name)}][group.{name}]" for name in group.links),
        ]
    if syllabus.skips:
        days = ", ".join(
            skip.date.isoformat() + (f" ({escape_markdown(skip.reason)})" if skip.reason else "")
            for skip in syllabus.skips
        )
        lines += ["", f"No meeting on {days}."]
    return lines


def _per_track(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    out: list[str] = []
    for track in syllabus.tracks:
        papers = [paper for paper in syllabus.papers if paper.track == track.id]
        if not papers:
            continue
        out += [f"## {escape_markdown(track.name)}", ""]
        out += [
            _row(["Date", escape_markdown(track.name), "Presenter", "Links"]),
            "| ---: | --- | --- | --- |",
        ]
        for session in sessions(syllabus):
            for paper in session.papers:
                if paper.track == track.id:
                    out.append(
                        _row(
                            [
                                _date_cell(paper.date),
                                escape_markdown(paper.title),
                                escape_markdown(", ".join(paper.presenter)),
                                _links_cell(syllabus, paper, references),
                            ]
                        )
                    )
        out.append("")
    return out


def _side_by_side(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    """Tracks next to each other, as the PyTorch Taipei page lays them out: a track's papers
    of one date share a row, titles and their links split by <br>."""
    columns: list[list[tuple[str, str, str]]] = []
    tracks = [t for t in syllabus.tracks if any(p.track == t.id for p in syllabus.papers)]
    for track in tracks:
        rows = []
        for session in sessions(syllabus):
            papers = [paper for paper in session.papers if paper.track == track.id]
            if papers:
                titles = "<br>".join(escape_markdown(paper.title) for paper in papers)
                links = "<br>".join(_links_cell(syllabus, paper, references) for paper in papers)
                rows.append((_date_cell(session.date), titles, links))
        columns.append(rows)
    header: list[str] = []
    for track in tracks:
        header += ["Date", escape_markdown(track.name), "Links"]
    out = [_row(header), _row(["---:", "---", "---"] * len(tracks))]
    for index in range(max((len(rows) for rows in columns), default=0)):
        cells: list[str] = []
        for rows in columns:
            cells += list(rows[index]) if index < len(rows) else ["", "", ""]
        out.append(_row(cells))
    return out


# -- CSV ------------------------------------------------------------------------------------


def csv_text(syllabus: Syllabus) -> str:
    """One row per paper, in schedule order; links one column per kind."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    kinds: tuple[LinkKind, ...] = LINK_KINDS
    writer.writerow(["id", "title", "track", "date", "presenters", *kinds, "missing"])
    for session in sessions(syllabus):
        for paper in session.papers:
            present = paper.links.present()
            writer.writerow(
                [
                    paper.id,
                    paper.title,
                    paper.track,
                    paper.date.isoformat() if paper.date else "",
                    "; ".join(paper.presenter),
                    *(present.get(kind, "") for kind in kinds),
                    " ".join(paper.missing_kinds(syllabus.group)),
                ]
            )
    return buffer.getvalue()
