"""A group's UTC offsets for the coming year, worked out with zoneinfo when a snapshot is written,
so a warm `readgroup next` tells the time at the group without importing zoneinfo (its import
and the zone file are a tenth of a warm run).

An offset only changes at a transition (summer time, a new law), so the table is the offset at
the start and each transition after it: found by sampling every six hours (no zone has two
transitions that close) and bisecting to the second between two samples that differ. Outside
the table's span the caller asks zoneinfo itself. tests/test_zoneoffsets.py holds the table to
zoneinfo's own answers around every transition of zones with odd rules.
"""

from __future__ import annotations

import datetime as dt

SPAN = 400 * 86400  # seconds the table covers from one day before it is made
STEP = 6 * 3600

Table = list[list[int]]  # [[utc second from which it holds, offset seconds], ..., [end, 0]]


def table(timezone: str, start: float) -> Table:
    """The offsets of `timezone` from a day before `start` for SPAN seconds."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)

    def offset(moment: int) -> int:
        found = dt.datetime.fromtimestamp(moment, zone).utcoffset()
        return int(found.total_seconds()) if found is not None else 0

    first = int(start) - 86400
    rows = [[first, offset(first)]]
    for moment in range(first + STEP, first + SPAN + 1, STEP):
        now = offset(moment)
        if now != rows[-1][1]:
            before, after = moment - STEP, moment  # offset(before) is the last row's
            while after - before > 1:
                middle = (before + after) // 2
                if offset(middle) == rows[-1][1]:
                    before = middle
                else:
                    after = middle
            rows.append([after, now])
    rows.append([first + SPAN, 0])  # the end of the span
    return rows


def wall_clock(rows: Table, now: float) -> dt.datetime | None:
    """The wall-clock time at `now` (seconds since the epoch) without tzinfo, as
    `datetime.now(ZoneInfo(zone)).replace(tzinfo=None)`; None outside the table."""
    if not rows or not rows[0][0] <= now < rows[-1][0]:
        return None
    offset = rows[0][1]
    for start, value in rows[1:-1]:
        if now < start:
            break
        offset = value
    utc = dt.datetime.fromtimestamp(now, dt.UTC).replace(tzinfo=None)
    return utc + dt.timedelta(seconds=offset)
