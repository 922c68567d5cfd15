"""Dates as schedule pages write them, and the year and day order they leave out.

Written by hand: date libraries (dateutil, dateparser) guess a day order per value and fill a
missing year from today; a schedule needs one order for the whole column (decided from values
such as 15/03), the page's year, and New Year handled in the table's direction. Every pattern
is anchored and bounded, so a value is read in time linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import UsageError
from ..models import TBD_WORDS

DateOrder = Literal["mdy", "dmy"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_WEEKDAY_WORD = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+", re.IGNORECASE
)
_ISO = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?!\d)")
_NUMERIC_YEAR = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?!\d)")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})(?![\d/])")
_DASH = re.compile(r"(\d{2})-(\d{2})(?![\d-])")
_NAME_FIRST = re.compile(
    r"([A-Za-z]{3,9})\.?\s{0,3}(\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:\s{0,3}[,.]?\s{0,3}(\d{4}))?"
)
_DAY_FIRST = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?([A-Za-z]{3,9})\.?(?:\s{0,3},?\s{0,3}(\d{4}))?"
)
_CJK = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_WEEK = re.compile(
    r"^(?:week|wk|w)\s*\.?\s*(\d{1,3})$|^第\s*(\d{1,3})\s*[週周周次]$|^(\d{1,3})\s*주차?$", re.IGNORECASE
)
_MORE_TBD = frozenset({"to be decided", "to be determined", "to be announced", "未定", "미정", "tbd.", "?"})
_DECORATION = re.compile(r"^[\s*_~`]+|[\s*_~`]+$")


@dataclass(frozen=True)
class Reading:
    """One date cell: `fixed` when the month is known (ISO, month name), else the two numbers
    of a D/M or M/D value in `first`, `second`."""

    kind: Literal["date", "tbd", "week", "empty", "bad"]
    first: int = 0
    second: int = 0
    year: int | None = None
    fixed: bool = False
    week: int | None = None


_REST_WORDS = frozenset(
    {
        "am",
        "pm",
        "to",
        "and",
        "noon",
        "utc",
        "gmt",
        "edt",
        "est",
        "pdt",
        "pst",
        "cet",
        "cest",
        "kst",
        "jst",
        "cst",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "online",
        "zoom",
        "tbc",
        "tbd",
        "th",
        "st",
        "nd",
        "rd",
        *MONTHS,
    }
)
_REST_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af]")
_REST_CJK_OK = frozenset("週周星期一二三四五六日天年月號号요일월화수목금토")


def _date_only(rest: str) -> bool:
    """What may follow a date in a date cell: a weekday, a time, a time zone; not a title."""
    words = re.findall(r"[A-Za-z]{2,}", rest[:100])
    cjk = _REST_CJK.findall(rest[:100])
    return all(word.lower() in _REST_WORDS for word in words) and all(char in _REST_CJK_OK for char in cjk)


def read(text: str) -> Reading:
    reading, rest = _read(text)
    if reading.kind == "date" and not _date_only(rest):
        return Reading("bad")
    return reading


def _read(text: str) -> tuple[Reading, str]:
    value = _DECORATION.sub("", text[:200]).strip()
    if not value:
        return Reading("empty"), ""
    lowered = value.lower()
    if lowered in TBD_WORDS or lowered in _MORE_TBD:
        return Reading("tbd"), ""
    week = _WEEK.match(lowered)
    if week:
        return Reading("week", week=int(next(group for group in week.groups() if group))), ""
    value = _WEEKDAY_WORD.sub("", value)
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(value)
        if match:
            return Reading("date", int(match[2]), int(match[3]), int(match[1]), fixed=True), value[
                match.end() :
            ]
    match = _NUMERIC_YEAR.match(value)
    if match:
        year = int(match[4]) + (2000 if len(match[4]) == 2 else 0)
        return Reading("date", int(match[1]), int(match[3]), year), value[match.end() :]
    for pattern in (_SLASH, _DASH):
        match = pattern.match(value)
        if match:
            return Reading("date", int(match[1]), int(match[2])), value[match.end() :]
    match = _NAME_FIRST.match(value)
    if match and match[1].lower() in MONTHS:
        return Reading(
            "date", MONTHS[match[1].lower()], int(match[2]), int(match[3]) if match[3] else None, True
        ), value[match.end() :]
    match = _DAY_FIRST.match(value)
    if match and match[2].lower() in MONTHS:
        return Reading(
            "date", MONTHS[match[2].lower()], int(match[1]), int(match[3]) if match[3] else None, True
        ), value[match.end() :]
    match = _CJK.match(value)
    if match:
        return Reading(
            "date", int(match[2]), int(match[3]), int(match[1]) if match[1] else None, True
        ), value[match.end() :]
    return Reading("bad"), ""


def looks_like_dates(texts: Sequence[str], *, strict: bool) -> bool:
    """Whether a column holds dates: most filled cells read as dates (or TBD, unless strict)."""
    readings = [read(text) for text in texts]
    filled = [reading for reading in readings if reading.kind != "empty"]
    dates = sum(1 for reading in filled if reading.kind == "date")
    soft = sum(1 for reading in filled if reading.kind in ("tbd", "week"))
    if not filled or not (dates or (soft and not strict)):
        return False
    return (dates if strict else dates + soft) * 10 >= len(filled) * (6 if strict else 5)


def day_order(readings: Sequence[Reading], asked: DateOrder | None) -> tuple[DateOrder, str | None]:
    """D/M or M/D for a column: from a value that only one order allows (15/03, 1/16), else
    what was asked, else M/D with a note."""
    loose = [r for r in readings if r.kind == "date" and not r.fixed]
    dmy = any(r.first > 12 for r in loose)
    mdy = any(r.second > 12 for r in loose)
    if dmy and not mdy:
        return "dmy", None
    if mdy and not dmy:
        return "mdy", None
    if asked:
        return asked, None
    if any(r.first != r.second for r in loose):
        return (
            "mdy",
            "dates such as 3/4 could be day/month or month/day; read as month/day (use --date-order dmy)",
        )
    return "mdy", None


@dataclass
class Resolved:
    date: dt.date | None
    note: str | None = None


def resolve_column(
    readings: Sequence[Reading], order: DateOrder, year: int | None, *, year_hint: str
) -> list[Resolved | None]:
    """Real dates for a column's readings (None where the cell is not a date). Values without a
    year take `year`; New Year moves them on in the table's direction (newest first or last)."""
    month_day = [_month_day(r, order) for r in readings]
    yearless = [md for r, md in zip(readings, month_day, strict=True) if r.kind == "date" and r.year is None]
    # newest first when most steps go back in time; a step over New Year (Dec -> Jan, or
    # Jan -> Dec in a newest-first table) says nothing about the direction
    steps = [
        (a, b)
        for a, b in zip(yearless, yearless[1:], strict=False)
        if {a[0] >= 10, b[0] <= 3} != {True} and {b[0] >= 10, a[0] <= 3} != {True}
    ]
    descending = sum(1 for a, b in steps if b < a) > sum(1 for a, b in steps if b > a)
    known = [r.year for r in readings if r.kind == "date" and r.year is not None]
    base = year if year is not None else (known[0] if known else None)
    if yearless and base is None:
        raise UsageError(
            f"dates such as {yearless_text(readings, order)} have no year; pass --year YYYY ({year_hint})"
        )
    out: list[Resolved | None] = []
    previous: tuple[int, int] | None = None
    current = base
    for reading, md in zip(readings, month_day, strict=True):
        if reading.kind != "date":
            out.append(None)
            continue
        note = None
        if reading.year is not None:
            current_year = reading.year
        else:
            assert current is not None
            if previous is not None and ((md < previous) if not descending else (md > previous)):
                current += -1 if descending else 1
                way = "before" if descending else "after"
                note = f"{md[0]}/{md[1]} comes {way} {previous[0]}/{previous[1]}; read as {current}"
            current_year = current
            previous = md
        try:
            out.append(Resolved(dt.date(current_year, md[0], md[1]), note))
        except ValueError:
            out.append(Resolved(None, f"{md[0]}/{md[1]}/{current_year} is not a real date"))
    return out


def yearless_text(readings: Sequence[Reading], order: DateOrder) -> str:
    first = next(r for r in readings if r.kind == "date" and r.year is None)
    month, day = _month_day(first, order)
    return f"{month}/{day}" if order == "mdy" or first.fixed else f"{day}/{month}"


def _month_day(reading: Reading, order: DateOrder) -> tuple[int, int]:
    if reading.fixed or order == "mdy":
        return reading.first, reading.second
    return reading.second, reading.first


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_FULL_DATE = re.compile(
    r"(?<!\d)(19[5-9]\d|20\d\d)[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"
)


def page_year(
    headings: Sequence[tuple[int, str]], table_line: int, front_matter: Sequence[str], text: str
) -> tuple[int | None, str]:
    """The year a page's dates are in, and where it was found: the nearest heading above the
    table that names one (`Spring 2021`, `2022-2023（秋）`), the front matter, a short first
    line that acts as the page's title, else the year most full dates on the page are in.
    A year only named in prose (`ACL 2017`) is not used."""
    for line, heading in reversed(headings):
        match = _YEAR.search(heading)
        if line <= table_line and match:
            return int(match[1]), f"from the heading {heading!r}"
    for entry in front_matter:
        match = _YEAR.search(entry)
        if match:
            return int(match[1]), "from the front matter"
    text = text[:200_000]
    opening = next((line for line in text.splitlines() if line.strip() not in ("", "---", "+++")), "")
    match = _YEAR.search(opening) if len(opening) <= 120 and not front_matter else None
    if match:
        return int(match[1]), "from the page's first line"
    full = Counter(match[1] for match in _FULL_DATE.finditer(text))
    if full:
        return int(full.most_common(1)[0][0]), "from the dates written on the page"
    return None, "the page gives no year in a heading, its front matter or a full date"
