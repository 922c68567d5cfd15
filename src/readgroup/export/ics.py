"""The syllabus as iCalendar feeds: the group's sessions, and each member's own talks.

Pure functions from a `Syllabus` (and the feed published before, if any) to bytes.

A feed is stable: the same syllabus gives the same bytes. DTSTAMP is not "now" but the moment
the caller says the information was revised (the file's, see `cli`), and an event that did not
change keeps the DTSTAMP and SEQUENCE it was published with. An event that changed (moved,
retitled, a link added) keeps its UID and gets SEQUENCE + 1, so calendars that imported the feed
update it instead of ignoring it or adding a copy.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models import Paper, Syllabus
from ..schedule import Session, dated_sessions

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Event

_DURATION = re.compile(
    r"^(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?(?:(?P<s>\d+)s)?$", re.IGNORECASE
)

DEFAULT_REFRESH = dt.timedelta(hours=12)


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


def clean(text: str) -> str:
    """RFC 5545 TEXT allows no control characters but tab (a newline is written as `\\n`):
    drop the others, so text from the file cannot end a line or a property early."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def group_slug(syllabus: Syllabus) -> str:
    return re.sub(r"[^a-z0-9]+", "-", syllabus.group.name.lower()).strip("-") or "readgroup"


def session_uid(syllabus: Syllabus, session: Session) -> str:
    """Derived from the session's first paper, not the date: after a reschedule a calendar that
    imports the feed again moves its events instead of adding copies (and moving one paper
    of a two-paper week out does not orphan the week's event). The group name keeps two
    groups that both read LeNet apart in one calendar."""
    return f"{session.papers[0].id}@{group_slug(syllabus)}.readgroup"


def session_anchor(session: Session) -> str:
    """The id of a session on the published page: its first paper, so it survives moves."""
    return f"session-{session.papers[0].id}" if session.papers else "session"


def member_file_name(name: str) -> str:
    """`Alice Chen` -> `alice-chen`; letters of any script kept, nothing that makes a path."""
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-_") or "member"


def members(syllabus: Syllabus) -> list[str]:
    """The roster, then presenters not on it, in order of first appearance."""
    names = [member.name for member in syllabus.members]
    for paper in syllabus.papers:
        names += [name for name in paper.presenter if name not in names]
    return names


@dataclass(frozen=True)
class Options:
    """What the caller decides about a feed."""

    stamp: dt.datetime  # when the information was revised: DTSTAMP of new and changed events
    alarm: dt.timedelta | None = None
    refresh: dt.timedelta = DEFAULT_REFRESH
    base_url: str | None = None  # where the site is published: absolute links to it
    previous: bytes | None = None  # the feed published before, to keep SEQUENCE and DTSTAMP


def calendar(syllabus: Syllabus, *, alarm: dt.timedelta | None = None, stamp: dt.datetime) -> Calendar:
    """The group's feed (no previous one: every SEQUENCE is 0)."""
    return group_calendar(syllabus, Options(stamp=stamp, alarm=alarm))


def ics(syllabus: Syllabus, *, alarm: dt.timedelta | None = None, stamp: dt.datetime) -> bytes:
    data: bytes = calendar(syllabus, alarm=alarm, stamp=stamp).to_ical()
    return data


def group_ics(syllabus: Syllabus, options: Options) -> bytes:
    data: bytes = group_calendar(syllabus, options).to_ical()
    return data


def member_ics(syllabus: Syllabus, member: str, options: Options, path: str | None = None) -> bytes:
    data: bytes = member_calendar(syllabus, member, options, path).to_ical()
    return data


def retired_ics(syllabus: Syllabus, path: str, options: Options) -> bytes:
    """A member feed with no events left (nobody by that name presents any more): published
    empty, so a subscribed calendar drops the talks instead of keeping them forever."""
    name = f"{syllabus.group.name}: {path.rsplit('/', 1)[-1].removesuffix('.ics')}'s talks"
    if options.previous:
        from icalendar import Calendar

        try:
            name = str(Calendar.from_ical(options.previous).get("X-WR-CALNAME", name))
        except ValueError:
            pass  # an unreadable feed keeps the name made from its file name
    data: bytes = _feed(syllabus, name, path, [], options).to_ical()
    return data


def group_calendar(syllabus: Syllabus, options: Options) -> Calendar:
    """One event per dated session, in the group's time zone (with its VTIMEZONE)."""
    group = syllabus.group
    events = []
    for session in dated_sessions(syllabus):
        summary = f"{group.name}: {', '.join(paper.title for paper in session.papers)}"
        event = _event(syllabus, session, session_uid(syllabus, session), summary, options)
        event.add("description", clean(_description(syllabus, session.papers)))
        events.append(event)
    return _feed(syllabus, group.name, "calendar.ics", events, options)


def member_calendar(syllabus: Syllabus, member: str, options: Options, path: str | None = None) -> Calendar:
    """One event per talk `member` gives: the session's time, that paper's links."""
    events = []
    for session in dated_sessions(syllabus):
        for paper in session.papers:
            if member not in paper.presenter:
                continue
            uid = f"talk-{paper.id}@{group_slug(syllabus)}.readgroup"
            summary = f"{syllabus.group.name}: {member} presents {paper.title}"
            event = _event(syllabus, session, uid, summary, options)
            event.add("description", clean(_description(syllabus, (paper,))))
            events.append(event)
    name = f"{syllabus.group.name}: {member}'s talks"
    return _feed(syllabus, name, path or f"members/{member_file_name(member)}.ics", events, options)


def _event(syllabus: Syllabus, session: Session, uid: str, summary: str, options: Options) -> Event:
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Event

    assert session.date is not None
    group = syllabus.group
    zone = ZoneInfo(group.timezone)
    event = Event()
    event.add("uid", clean(uid))
    event.add("dtstart", dt.datetime.combine(session.date, group.start_time, tzinfo=zone))
    event.add("dtend", dt.datetime.combine(session.date, group.end_time, tzinfo=zone))
    event.add("summary", clean(summary))
    if group.venue:
        event.add("location", clean(group.venue))
    if options.base_url is not None:
        event.add("url", clean(f"{options.base_url}/#{session_anchor(session)}"))
    else:
        paper_link = next(
            (p.links.present()["paper"] for p in session.papers if "paper" in p.links.present()), None
        )
        if paper_link is not None:
            event.add("url", clean(paper_link))
    if options.alarm is not None:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", clean(summary))
        reminder.add("trigger", -options.alarm)
        event.add_component(reminder)
    return event


def _feed(syllabus: Syllabus, name: str, path: str, events: list[Event], options: Options) -> Calendar:
    from icalendar import Calendar

    group = syllabus.group
    feed = Calendar()
    feed.add("prodid", "-//readgroup//readgroup//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", clean(name))  # RFC 7986; X-WR-CALNAME for the clients that predate it
    feed.add("x-wr-calname", clean(name))
    feed.add("x-wr-timezone", group.timezone)
    # How often subscribers should fetch the feed again (RFC 7986, and Outlook's older name).
    feed.add("refresh-interval", options.refresh, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", _duration_text(options.refresh))
    if options.base_url is not None:
        feed.add("source", f"{options.base_url}/{path}", parameters={"VALUE": "URI"})
        feed.add("url", f"{options.base_url}/")
    known = _previous_events(options.previous)
    for event in events:
        _stamp(event, known.get(str(event["UID"])), options.stamp)
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed


def _duration_text(duration: dt.timedelta) -> str:
    """RFC 5545 DURATION text: 12 h -> PT12H, 1 day -> P1D."""
    days, rest = divmod(int(duration.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = ((hours, "H"), (minutes, "M"), (seconds, "S"))
    clock = "".join(f"{value}{unit}" for value, unit in parts if value)
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock or not days else "")


Fingerprint = tuple[tuple[str, bytes, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class _Published:
    sequence: int
    stamp: dt.datetime
    content: Fingerprint


def _content(event: Component) -> Fingerprint:
    """What an event says, DTSTAMP and SEQUENCE aside: each property's value as iCalendar text
    with its parameters, alarms included. A published event read back and a new one compare
    alike, without folding and parsing whole events again (most of the time a feed takes)."""
    found = []
    for name, value in event.property_items(sorted=True):
        if name in ("DTSTAMP", "SEQUENCE"):
            continue
        text = value.to_ical() if hasattr(value, "to_ical") else str(value).encode("utf-8")
        params = tuple(sorted((str(k), str(v)) for k, v in getattr(value, "params", {}).items()))
        found.append((name, text if isinstance(text, bytes) else str(text).encode("utf-8"), params))
    return tuple(found)


def _previous_events(previous: bytes | None) -> dict[str, _Published]:
    """UID -> what was published; an unreadable previous feed counts as none."""
    if not previous:
        return {}
    from icalendar import Calendar

    try:
        parsed = Calendar.from_ical(previous)
    except ValueError:
        return {}
    found = {}
    for event in parsed.walk("VEVENT"):
        try:
            sequence = max(0, int(event.get("SEQUENCE", 0)))
            published: Any = event["DTSTAMP"]
            stamp = published.dt
        except (KeyError, ValueError, TypeError, AttributeError):
            continue
        if isinstance(stamp, dt.datetime) and stamp.tzinfo is not None:
            found[str(event.get("UID"))] = _Published(sequence, stamp, _content(event))
    return found


def _stamp(event: Event, published: _Published | None, stamp: dt.datetime) -> None:
    if published is None:
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("sequence", 0)
    elif published.content == _content(event):
        event.add("dtstamp", published.stamp.astimezone(dt.UTC))
        event.add("sequence", published.sequence)
    else:
        # A revision is never older than what it revises, whatever the clock says.
        later = max(stamp, published.stamp + dt.timedelta(seconds=1))
        event.add("dtstamp", later.astimezone(dt.UTC))
        event.add("sequence", published.sequence + 1)


def _description(syllabus: Syllabus, papers: tuple[Paper, ...]) -> str:
    from ..labels import link_label

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
        lines += [f"{link_label(kind)}: {url}" for kind, url in paper.links.present().items()]
        missing = paper.missing_kinds(syllabus.group)
        if missing:
            lines.append(f"Missing: {', '.join(link_label(kind).lower() for kind in missing)}")
    return "\n".join(lines)
