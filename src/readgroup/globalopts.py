"""The global options' values, shared by the Typer commands and the fast path (so import-light).

An explicit flag wins; else the environment variable, where an empty value means unset.
`--today` takes YYYY-MM-DD (the start of that day) or YYYY-MM-DDTHH:MM, a wall-clock time in the
group's time zone.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # not `from typing import`: the fast path imports this module
if TYPE_CHECKING:
    from collections.abc import Mapping

FILE_VARIABLE = "READGROUP_FILE"
TODAY_VARIABLE = "READGROUP_TODAY"


def pick(flag: str | None, environ: Mapping[str, str], variable: str) -> str | None:
    """The flag, else the variable (stripped; empty is unset), else None."""
    return flag or (environ.get(variable, "").strip() or None)


def parse_moment(value: str) -> dt.datetime:
    """YYYY-MM-DD or YYYY-MM-DDTHH:MM; ValueError with the message a person should see."""
    text = value.strip()
    try:
        if "T" in text or " " in text:
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is not None:
                raise ValueError
            return moment
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time.min)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2018-07-12T20:00"
        ) from None


def now_in(timezone: str) -> dt.datetime:
    """The wall-clock time in the group's zone, without tzinfo (dates compare plainly)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)
