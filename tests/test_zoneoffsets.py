"""The fast path's table of a zone's offsets gives zoneinfo's own wall-clock time."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from readgroup.zoneoffsets import SPAN, table, wall_clock

START = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC).timestamp()
ZONES = [
    "Asia/Taipei",  # no summer time
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",  # southern summer
    "Africa/Casablanca",  # moves around Ramadan
    "Asia/Kathmandu",
    "UTC",
]


def zoneinfo_clock(zone: str, moment: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(moment, ZoneInfo(zone)).replace(tzinfo=None)


@pytest.mark.parametrize("zone", ZONES)
def test_every_transition_to_the_second(zone: str) -> None:
    rows = table(zone, START)
    for start, _ in rows[1:-1]:
        for moment in (start - 1, start, start + 1, start + 0.5):
            assert wall_clock(rows, moment) == zoneinfo_clock(zone, moment), (zone, moment)


@pytest.mark.parametrize("zone", ZONES)
def test_any_moment_in_the_span(zone: str) -> None:
    rows = table(zone, START)
    chance = random.Random(zone)
    for _ in range(500):
        moment = START - 86400 + chance.random() * SPAN
        assert wall_clock(rows, moment) == zoneinfo_clock(zone, moment)


def test_summer_time_is_found() -> None:
    assert len(table("Europe/Paris", START)) - 2 == 2  # March and October
    assert len(table("Asia/Taipei", START)) == 2  # one offset, and the end


def test_outside_the_span_the_caller_asks_zoneinfo() -> None:
    rows = table("Europe/Paris", START)
    assert wall_clock(rows, START - 2 * 86400) is None
    assert wall_clock(rows, START + SPAN) is None
    assert wall_clock([], START) is None
