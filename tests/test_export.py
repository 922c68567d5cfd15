"""export ics / markdown / json / csv, read back with real parsers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA, invoke
from icalendar import Calendar

from readgroup.loader import parse

TAIPEI = ZoneInfo("Asia/Taipei")


def _events(text: str) -> list[object]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def _calendar(*args: str) -> str:
    result = invoke("export", "ics", *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_one_event_per_dated_session_at_the_groups_local_times() -> None:
    events = _events(_calendar())
    assert len(events) == 18  # 22 papers, two shared weeks, two TBD
    first = events[0]
    start, end = first["DTSTART"].dt, first["DTEND"].dt
    assert start == dt.datetime(2018, 3, 8, 19, 0, tzinfo=TAIPEI)
    assert end == dt.datetime(2018, 3, 8, 21, 0, tzinfo=TAIPEI)
    assert start.astimezone(dt.UTC).hour == 11  # 19:00 in Taipei is 11:00 UTC
    assert str(first["SUMMARY"]) == "PyTorch Taipei: LeNet, AlexNet"
    assert str(first["LOCATION"]) == "台灣大學普通教學館305教室"
    assert str(first["URL"]) == "http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf"
    description = str(first["DESCRIPTION"])
    assert "Slides: https://hackmd.io/p/BkxYFCnOM#/" in description  # labelled for people
    assert "PyTorch video: https://youtu.be/e8m46iiBuzw?t=26m7s" in description


def test_the_calendar_carries_its_time_zone() -> None:
    calendar = Calendar.from_ical(_calendar())
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Taipei"]


def test_skipped_days_and_tbd_papers_have_no_event() -> None:
    events = _events(_calendar())
    days = {event["DTSTART"].dt.date() for event in events}
    assert dt.date(2018, 4, 5) not in days
    assert not any("YOLO v2" in str(event["SUMMARY"]) for event in events)


def test_uids_are_stable_across_runs_and_a_reschedule(syllabus_copy: Path) -> None:
    before = {str(e["SUMMARY"]): str(e["UID"]) for e in _events(_calendar("--file", str(syllabus_copy)))}
    assert before == {
        str(e["SUMMARY"]): str(e["UID"]) for e in _events(_calendar("--file", str(syllabus_copy)))
    }
    assert invoke("--file", str(syllabus_copy), "reschedule", "--start", "2019-03-07").exit_code == 0
    after = _events(_calendar("--file", str(syllabus_copy)))
    assert {str(e["SUMMARY"]): str(e["UID"]) for e in after} == before
    assert after[0]["DTSTART"].dt.date() == dt.date(2019, 3, 7)
    assert len(set(before.values())) == len(before)


def test_commas_semicolons_and_newlines_survive_escaping(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited('title = "NIN"', 'title = "NIN, revisited; part 1"\nfull_title = "Network\\nIn Network"')
    text = _calendar("--file", str(path))
    assert "NIN\\, revisited\\; part 1" in text  # escaped on the wire (RFC 5545)
    event = next(e for e in _events(text) if "NIN" in str(e["SUMMARY"]))
    assert str(event["SUMMARY"]) == "PyTorch Taipei: NIN, revisited; part 1"
    assert "NIN, revisited; part 1 (CNN): Network\nIn Network" in str(event["DESCRIPTION"])


def test_alarm_adds_a_reminder_before_each_event() -> None:
    events = _events(_calendar("--alarm", "1h30m"))
    alarms = [alarm for event in events for alarm in event.walk("VALARM")]
    assert len(alarms) == len(events)
    assert alarms[0]["TRIGGER"].dt == -dt.timedelta(hours=1, minutes=30)


@pytest.mark.parametrize("bad", ["soon", "0m", "1x", ""])
def test_a_bad_alarm_is_a_usage_error(bad: str) -> None:
    result = invoke("export", "ics", "--alarm", bad)
    assert result.exit_code == 2
    assert "--alarm" in result.stderr and "Traceback" not in result.output


def test_export_replaces_an_existing_file_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "group.ics"
    target.write_text("old", encoding="utf-8")
    refused = invoke("export", "ics", "-o", str(target))
    assert refused.exit_code == 2 and "already exists; add --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "old"
    result = invoke("export", "ics", "-o", str(target), "--force")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(_events(target.read_text(encoding="utf-8"))) == 18


def test_markdown_per_track_shows_links_and_missing_kinds() -> None:
    result = invoke("export", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert "## Pre-R-CNN" in text
    assert "| 2018-04-19 | SqueezeNet |  | [Paper][squeezenet.paper] (no slides) (no video) |" in text
    assert "[PyTorch video][alexnet.pytorch_video]" in text
    assert "[lenet.slides]: https://hackmd.io/p/BkxYFCnOM#/" in text
    assert "| TBD | YOLO v2 |" in text
    assert "No meeting on 2018-04-05 (Tomb-Sweeping Day holiday)." in text


def test_markdown_side_by_side_puts_tracks_in_one_table() -> None:
    text = invoke("export", "markdown", "--layout", "side-by-side").stdout
    header = next(line for line in text.splitlines() if line.startswith("| Date"))
    assert header == "| Date | CNN | Links | Date | Pre-R-CNN | Links | Date | R-CNN | Links |"
    assert "| 2018-04-12 | VGGNet<br>ResNet |" in text


def test_markdown_escapes_table_syntax_in_titles(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited('title = "NIN"', 'title = "NIN | *star* [x]"')
    text = invoke("--file", str(path), "export", "markdown").stdout
    assert "NIN \\| \\*star\\* \\[x\\]" in text


def test_unknown_layout_is_a_usage_error() -> None:
    result = invoke("export", "markdown", "--layout", "grid")
    assert result.exit_code == 2 and "per-track or side-by-side" in result.stderr


def test_export_json_is_the_schedule_contract() -> None:
    data = json.loads(invoke("export", "json").stdout)
    assert data == json.loads(invoke("schedule", "--json").stdout)


def test_export_csv_has_one_row_per_paper() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("export", "csv").stdout)))
    syllabus = parse(DATA.read_text(encoding="utf-8"))
    assert len(rows) == len(syllabus.papers) == 22
    alexnet = next(row for row in rows if row["id"] == "alexnet")
    assert alexnet["pytorch"] == "https://github.com/pecu/PyTorch_CSX/tree/master/02_AlexNet"
    squeezenet = next(row for row in rows if row["id"] == "squeezenet")
    assert squeezenet["missing"] == "slides video" and squeezenet["slides"] == ""
    assert rows[-1]["date"] == ""  # TBD papers come last
