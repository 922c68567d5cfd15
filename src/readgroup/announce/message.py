"""Next session's announcement, as text, Markdown, Discord or Slack would show it.

Pure: a syllabus and a moment in, a string out. One set of facts (`Facts`) is gathered once and
written by a `Style` per target. Discord and Slack differ: Discord reads Markdown with masked
links `[text](<url>)` (the angle brackets stop a preview card per link); Slack reads mrkdwn with
`*bold*` and `<url|text>` links, and only `&`, `<` and `>` are special. Neither has tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, get_args

from ..labels import group_link_label, link_label, long_date, time_range
from ..models import Paper, Skip, Syllabus
from ..schedule import Session, forum_link, next_session, skipped_before, tbd_papers

Format = Literal["text", "markdown", "discord", "slack"]
FORMATS: tuple[Format, ...] = get_args(Format)

DISCORD_LIMIT = 2000  # characters in one webhook message
SLACK_LIMIT = 40000


def as_format(text: str) -> Format:
    """'Discord' -> 'discord'; ValueError for anything that is not a format."""
    wanted = text.strip().lower()
    for known in FORMATS:
        if wanted == known:
            return known
    raise ValueError(f"{text!r} is not one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class Facts:
    syllabus: Syllabus
    session: Session | None
    skips: list[Skip]
    forum: tuple[str, str] | None
    tbd: list[Paper]
    reader_zone: str | None


def facts(syllabus: Syllabus, now: dt.datetime, reader_zone: str | None = None) -> Facts:
    session = next_session(syllabus, now)
    skips = skipped_before(syllabus, session, now) if session is not None else []
    return Facts(syllabus, session, skips, forum_link(syllabus), tbd_papers(syllabus), reader_zone)


# -- styles -----------------------------------------------------------------------------------


class Style:
    """Plain text: what an e-mail or a terminal shows."""

    bullet = "  "
    separator = "\n"

    def text(self, value: str) -> str:
        return value.replace("\r", " ").replace("\n", " ")

    def strong(self, value: str) -> str:
        return value

    def soft(self, value: str) -> str:
        return value

    def link(self, label: str, url: str) -> str:
        return f"{label}: {url}"

    def heading(self, value: str) -> str:
        return value

    def paper_heading(self, value: str) -> str:
        return value

    def icon(self, name: str) -> str:
        return ""


def _destination(url: str) -> str:
    # Inside <...> a link may hold anything but angle brackets and line breaks (CommonMark).
    return re.sub(r"[<>\s]", lambda m: f"%{ord(m.group()):02X}", url)


class MarkdownStyle(Style):
    """GitHub-flavoured Markdown (an e-mail, a README, a forum that renders Markdown)."""

    bullet = "- "
    _special = re.compile(r"([\\`*_\[\]|<>#~])")

    def text(self, value: str) -> str:
        return self._special.sub(r"\\\1", super().text(value))

    def strong(self, value: str) -> str:
        return f"**{value}**"

    def soft(self, value: str) -> str:
        return f"_{value}_"

    def link(self, label: str, url: str) -> str:
        return f"[{label}](<{_destination(url)}>)"

    def heading(self, value: str) -> str:
        return f"## {value}"

    def paper_heading(self, value: str) -> str:
        return f"### {value}"


class DiscordStyle(MarkdownStyle):
    """Discord's Markdown: no headings for a chat line, icons, links without preview cards."""

    bullet = ""
    _special = re.compile(r"([\\`*_\[\]|<>#~@])")  # `@` too: no mention from the file's text
    _icons = {"date": "📅", "clock": "🕒", "venue": "📍", "paper": "📄", "forum": "💬", "skip": "⛔"}

    def heading(self, value: str) -> str:
        return f"**{value}**"

    def paper_heading(self, value: str) -> str:
        return value

    def icon(self, name: str) -> str:
        return self._icons.get(name, "") + " "


class SlackStyle(Style):
    """Slack mrkdwn: *bold*, _italic_, <url|text>; &, < and > escaped as entities."""

    bullet = ""
    _icons = {
        "date": ":date:",
        "clock": ":clock7:",
        "venue": ":round_pushpin:",
        "paper": ":page_facing_up:",
        "forum": ":speech_balloon:",
        "skip": ":no_entry:",
    }

    def text(self, value: str) -> str:
        return super().text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def strong(self, value: str) -> str:
        return f"*{value}*"

    def soft(self, value: str) -> str:
        return f"_{value}_"

    def link(self, label: str, url: str) -> str:
        safe = re.sub(r"[<>|\s]", lambda m: f"%{ord(m.group()):02X}", url)
        return f"<{safe}|{label}>"

    def heading(self, value: str) -> str:
        return f"*{value}*"

    def icon(self, name: str) -> str:
        return self._icons.get(name, "") + " "


STYLES: dict[Format, Style] = {
    "text": Style(),
    "markdown": MarkdownStyle(),
    "discord": DiscordStyle(),
    "slack": SlackStyle(),
}


# -- the message ------------------------------------------------------------------------------


def announcement(
    syllabus: Syllabus, now: dt.datetime, fmt: Format = "text", reader_zone: str | None = None
) -> str:
    return render(facts(syllabus, now, reader_zone), STYLES[fmt], fmt)


def render(found: Facts, style: Style, fmt: Format) -> str:
    syllabus, group = found.syllabus, found.syllabus.group
    name = style.text(group.name)
    session = found.session
    if session is None or session.date is None:
        lines = [style.heading(f"{name}: the syllabus is finished"), "", "No dated meeting is left."]
        if found.tbd:
            titles = ", ".join(style.text(paper.title) for paper in found.tbd)
            lines.append(f"Still to be scheduled: {titles}.")
        return "\n".join([*lines, *_forum(found, style, "Talk with the group in the")]) + "\n"

    when = style.strong(
        style.text(f"{long_date(session.date)}, {time_range(group.start_time, group.end_time)}")
    )
    lines = [style.heading(f"{name}: next meeting"), ""]
    lines.append(f"{style.icon('date')}{when} ({style.text(group.timezone)})")
    if found.reader_zone is not None and found.reader_zone != group.timezone:
        lines.append(f"{style.icon('clock')}{style.text(_reader_time(found, session.date))}")
    if group.venue:
        lines.append(
            f"{style.icon('venue')}{'' if style.icon('venue') else 'Where: '}{style.text(group.venue)}"
        )
    for skip in found.skips:
        reason = f" ({skip.reason})" if skip.reason else ""
        lines.append(f"{style.icon('skip')}{style.text(f'No meeting on {long_date(skip.date)}{reason}.')}")
    for paper in session.papers:
        lines += ["", *_paper(syllabus, paper, style, fmt)]
    lines += _forum(found, style, "Questions before then? Ask in the")
    if fmt == "markdown":  # a line break inside a paragraph needs two trailing spaces
        lines = [line + "  " if line and not line.startswith(("#", "- ")) else line for line in lines]
    return "\n".join(line.rstrip() if fmt != "markdown" else line for line in lines).rstrip() + "\n"


def _paper(syllabus: Syllabus, paper: Paper, style: Style, fmt: Format) -> list[str]:
    track = style.text(syllabus.track_name(paper.track))
    if fmt == "markdown":
        lines = [style.paper_heading(f"{style.text(paper.title)} ({track})")]
    else:
        lines = [f"{style.icon('paper')}{style.strong(style.text(paper.title))} ({track})"]
    if paper.full_title:
        lines.append(style.soft(style.text(paper.full_title)))
    if paper.presenter:
        lines.append(f"Presented by {style.text(', '.join(paper.presenter))}")
    else:
        lines.append(f"Presenter: {style.soft('to be assigned')}")
    links = [style.link(link_label(kind), url) for kind, url in paper.links.present().items()]
    missing = [link_label(kind).lower() for kind in paper.missing_kinds(syllabus.group)]
    if fmt in ("discord", "slack"):
        if links:
            lines.append(" · ".join(links))
    else:
        if fmt == "markdown" and (links or missing):
            lines.append("")
        lines += [f"{style.bullet}{link}" for link in links]
    if missing:
        text = f"Not in yet: {', '.join(missing)}"
        lines.append(f"{style.bullet if fmt in ('text', 'markdown') else ''}{style.soft(style.text(text))}")
    return lines


def _forum(found: Facts, style: Style, lead: str) -> list[str]:
    if found.forum is None:
        return []
    name, url = found.forum
    label = group_link_label(name)
    if isinstance(style, (MarkdownStyle, SlackStyle)):
        return ["", f"{style.icon('forum')}{lead} {style.link(style.text(label), url)}."]
    return ["", f"{lead} {style.text(label)}: {url}"]


def _reader_time(found: Facts, day: dt.date) -> str:
    from zoneinfo import ZoneInfo

    group = found.syllabus.group
    assert found.reader_zone is not None
    zone, reader = ZoneInfo(group.timezone), ZoneInfo(found.reader_zone)
    start = dt.datetime.combine(day, group.start_time, tzinfo=zone).astimezone(reader)
    end = dt.datetime.combine(day, group.end_time, tzinfo=zone).astimezone(reader)
    text = f"{long_date(start.date())}, {time_range(start.time(), end.time())}"
    if end.date() != start.date():
        text += " (ends the next day)"
    return f"{text} in {found.reader_zone}"


def check_zone(zone: str) -> str:
    """An IANA zone name, or ValueError with a hint."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r} (use an IANA name such as 'Europe/Berlin')") from None
    return zone
