"""What a page says about the group: name, meeting day and time, venue, and the lines
`readgroup export markdown` writes (required links, group links, days without a meeting).

The line patterns are hand-written and anchored; none has two unbounded repeats next to each
other, so each line is read in linear time (a 3 KB venue line used to take 39 s)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..models import LINK_KINDS, WEEKDAYS, LinkKind
from .cells import clean, parse_cell
from .page import Page

if TYPE_CHECKING:
    from .rows import Reader

_TIMES = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)\s{0,3}[~\-–—至到]\s{0,3}([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"
)
_EXPORT_INTRO = re.compile(  # "Thursdays 19:00-21:00 (Asia/Taipei), venue." as `export markdown` writes
    r"^(?P<weekday>[A-Za-z]{6,9})s (?P<start>\d\d:\d\d)-(?P<end>\d\d:\d\d) "
    r"\((?P<zone>[^()]{1,80})\)(?:, (?P<venue>.*))?\.$"
)
_VENUE = re.compile(
    r"^(?:地點|地点|venue|where|location|place|장소)[ \t]{0,10}[:：](?P<venue>.*)$", re.IGNORECASE
)
_BR_AT_END = re.compile(r"(?:<br\s{0,3}/?>)$", re.IGNORECASE)
_REQUIRED_LINE = re.compile(r"^Links every paper needs: (?P<kinds>[a-z_, ]{1,200})\.$")
_GROUP_LINKS_LINE = re.compile(r"^Group links: (?P<links>.+)$")
_SKIP_LINE = re.compile(r"^No meeting on (?P<days>.+)\.$")
_SKIP_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?: \(((?:\\.|[^)\\]){0,300})\))?")
_FRONT_TITLE = re.compile(r"^title:(?P<title>.*)$")
_UNESCAPE = re.compile(r"\\(.)")


def _lines(page: Page) -> list[str]:
    return [line.strip() for line in page.lines if len(line) <= 5000]


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text).strip()


def group_data(
    page: Page, held: list[dt.date], name: str | None, timezone: str | None, source: str, notes: list[str]
) -> dict[str, Any]:
    group: dict[str, Any] = {}
    lines = _lines(page)
    intro = next((m for line in lines if (m := _EXPORT_INTRO.match(line))), None)
    venue = next((m["venue"] for line in lines if (m := _VENUE.match(line))), None)
    if venue is not None:
        venue = clean(_BR_AT_END.sub("", venue.strip())) or None
    times = next((m for line in lines if (m := _TIMES.search(line))), None)
    group["name"] = name or page_title(page) or "Reading group"
    if intro is not None and intro["weekday"].lower() in WEEKDAYS:
        group["timezone"] = timezone or intro["zone"]
        group["weekday"] = intro["weekday"].lower()
        start, end = intro["start"], intro["end"]
        venue = unescape(intro["venue"]) if intro["venue"] else venue
    else:
        group["timezone"] = timezone or "UTC"
        if timezone is None:
            notes.append("the page gives no time zone; set to UTC (pass --timezone, e.g. Asia/Taipei)")
        days = Counter(WEEKDAYS[day.weekday()] for day in held)
        group["weekday"] = days.most_common(1)[0][0] if days else "monday"
        if days and len(days) > 1:
            notes.append(
                f"sessions fall on several weekdays ({', '.join(days)}); weekday set to {group['weekday']}, "
                "and no skipped weeks were inferred"
            )
        if times is not None:
            start, end = f"{int(times[1]):02}:{times[2]}", f"{int(times[3]):02}:{times[4]}"
        else:
            start, end = "19:00", "21:00"
            notes.append("the page gives no meeting time; 19:00-21:00 assumed, edit [group]")
    group["start_time"] = dt.time.fromisoformat(start)
    group["end_time"] = dt.time.fromisoformat(end)
    if group["end_time"] <= group["start_time"]:
        later = (group["end_time"].hour + 12, group["end_time"].minute)
        if later[0] < 24 and dt.time(*later) > group["start_time"]:  # "12:15-1:15 p.m."
            group["end_time"] = dt.time(*later)
        else:
            group["end_time"] = (
                dt.datetime.combine(dt.date.min, group["start_time"]) + dt.timedelta(hours=1)
            ).time()
            notes.append(f"the meeting time {start}-{end} ends before it starts; set to one hour")
    if venue:
        group["venue"] = venue
    return group


def page_title(page: Page) -> str | None:
    for line in page.front_matter:
        match = _FRONT_TITLE.match(line.strip())
        if match:
            title = match["title"].strip().strip("\"'").strip()
            if title:
                return title
    for line in page.lines:
        if line.startswith("# "):
            return clean(unescape(line[2:])) or None
    return None


def required_on_page(page: Page) -> list[LinkKind] | None:
    """The line `export markdown` writes: "Links every paper needs: paper, slides, video."."""
    for line in _lines(page):
        match = _REQUIRED_LINE.match(line)
        if match:
            known: dict[str, LinkKind] = {kind: kind for kind in LINK_KINDS}
            kinds = [part.strip() for part in match["kinds"].split(",")]
            return [known[kind] for kind in kinds if kind in known]  # in the page's order
    return None


def group_links_on_page(page: Page, reader: Reader) -> dict[str, str]:
    """The line `export markdown` writes: "Group links: [forum][group.forum] · ..."."""
    for line in _lines(page):
        match = _GROUP_LINKS_LINE.match(line)
        if match:
            found = {}
            for parsed in parse_cell(page.parser, match["links"]):
                for link in parsed.links:
                    if link.label:
                        reader.used_refs.add(link.label.lower())
                    if link.url and link.text:
                        found[link.text] = link.url
            return found
    return {}


def skips_on_page(page: Page) -> list[dict[str, Any]]:
    """Days listed as "No meeting on ..." (as `export markdown` writes them)."""
    for line in _lines(page):
        match = _SKIP_LINE.match(line)
        if match:
            found = []
            for day, reason in _SKIP_DAY.findall(match["days"]):
                try:
                    date = dt.date.fromisoformat(day)
                except ValueError:
                    continue
                found.append({"date": date, **({"reason": unescape(reason)} if reason else {})})
            return found
    return []
