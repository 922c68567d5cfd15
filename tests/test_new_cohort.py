"""reschedule for a new cohort starts clean; skip refuses typos and names presenters a shift strands."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, invoke

SHIPPED = DATA.read_text(encoding="utf-8")
Edit = Callable[[str, str], Path]


def with_presenters(edited: Edit) -> Path:
    edited('title = "LeNet"\n', 'title = "LeNet"\npresenter = "Alice"\n')
    return edited('title = "SSD"\n', 'title = "SSD"\npresenter = ["Bob", "Carol"]\n')


def test_reschedule_drops_last_terms_presenters_and_skips(edited: Edit) -> None:
    path = with_presenters(edited)
    result = invoke("--file", str(path), "reschedule", "--start", "2019-09-03", "--weekday", "tue")
    assert result.exit_code == 0, result.output
    assert (
        "Presenters dropped from 2 papers for the new cohort (--keep-presenters keeps them)." in result.stderr
    )
    assert "Last term's 1 day without a meeting dropped (--keep-skips keeps them)." in result.stderr
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert "skips" not in data and not any("presenter" in paper for paper in data["papers"])
    assert "[[skips]]" not in text and "Tomb-Sweeping" not in text
    assert "# 2018-04-05 falls between GoogLeNet" not in text  # the skip's own comment went with it
    assert data["group"]["weekday"] == "tuesday"
    assert str(data["papers"][0]["date"]) == "2019-09-03"
    # Sessions on consecutive Tuesdays: the old skip day no longer leaves a gap.
    assert [str(p["date"]) for p in data["papers"][4:7]] == ["2019-09-24", "2019-10-01", "2019-10-01"]
    assert invoke("--file", str(path), "validate").exit_code == 0


def test_reschedule_keeps_them_when_asked(edited: Edit) -> None:
    path = with_presenters(edited)
    result = invoke(
        "--file", str(path), "reschedule", "--start", "2019-03-07", "--keep-presenters", "--keep-skips"
    )
    assert result.exit_code == 0, result.output
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["skips"] == [
        {"date": __import__("datetime").date(2018, 4, 5), "reason": "Tomb-Sweeping Day holiday"}
    ]
    assert data["papers"][0]["presenter"] == "Alice"
    assert "dropped" not in result.stderr


def test_reschedule_points_out_a_comment_naming_the_old_day(syllabus_copy: Path) -> None:
    result = invoke(
        "--file", str(syllabus_copy), "reschedule", "--start", "2019-09-03", "--weekday", "Tuesday"
    )
    assert result.exit_code == 0, result.output
    assert f"note: {syllabus_copy}:17: this comment names thursday: # 每週四 19:00~21:00" in result.stderr


@pytest.mark.parametrize("day", ["tue", "Tuesday", "TUES", "tuesdays"])
def test_reschedule_takes_weekday_names_as_people_write_them(syllabus_copy: Path, day: str) -> None:
    result = invoke(
        "--file", str(syllabus_copy), "reschedule", "--start", "2019-09-03", "--weekday", day, "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert '+weekday = "tuesday"' in result.stdout


def test_reschedule_refuses_a_word_that_is_no_day(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "reschedule", "--start", "2019-09-03", "--weekday", "t")
    assert result.exit_code == 2 and "'t' is not a weekday" in result.output


def test_skip_on_a_day_the_group_does_not_meet_is_refused(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "skip", "2018-06-13", "--reason", "typo")
    assert result.exit_code == 2
    assert (
        "2018-06-13 is a Wednesday and the group meets on Thursdays, so there is no meeting to skip"
        in result.stderr
    )
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    result = invoke(
        "--file", str(syllabus_copy), "skip", "2018-06-13", "--reason", "all-day event", "--force"
    )
    assert result.exit_code == 0, result.output
    assert "date = 2018-06-13" in syllabus_copy.read_text(encoding="utf-8")


def test_a_shift_that_strands_a_presenter_names_them(edited: Edit) -> None:
    edited('title = "SSD"\n', 'title = "SSD"\npresenter = "Carol"\n')
    path = edited(
        "# ---------------------------------------------------------------- CNN",
        '[[members]]\nname = "Carol"\nunavailable = [2018-07-19]\n\n'
        "# ---------------------------------------------------------------- CNN",
    )
    result = invoke("--file", str(path), "skip", "2018-06-14", "--reason", "Dragon Boat Festival", "--shift")
    assert result.exit_code == 0, result.output
    assert (
        "warning: Carol is unavailable on 2018-07-19 and presents SSD then; "
        "readgroup assign ssd NAME (or rotate --overwrite) to hand it on"
    ) in result.stderr
