"""Bad input gets one clear, positioned message on stderr, the documented exit code, no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import invoke

Edit = Callable[[str, str], Path]


def run(path: Path, *args: str) -> tuple[int, str]:
    result = invoke("--file", str(path), *(args or ("next",)))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_unquoted_tbd_is_a_syntax_error_with_position_line_and_hint(edited: Edit) -> None:
    path = edited('date = "TBD"', "date = TBD")
    code, err = run(path)
    assert code == 3
    number = line_of(path, "date = TBD")
    assert f"{path}:{number}:8: TOML syntax error: invalid value" in err
    assert "    date = TBD\n" in err
    assert 'hint: quote text values: "TBD"' in err


def test_a_date_that_does_not_exist(edited: Edit) -> None:
    path = edited("date = 2018-03-15", "date = 2018-02-30")
    code, err = run(path)
    assert code == 3
    assert f"{path}:{line_of(path, '2018-02-30')}:8: TOML syntax error: invalid date or datetime" in err
    assert "dates are YYYY-MM-DD" in err


def test_a_date_written_as_text(edited: Edit) -> None:
    path = edited("date = 2018-03-15", 'date = "March 15"')
    code, err = run(path)
    assert code == 3
    assert f"{path}:{line_of(path, 'March 15')}: papers[2].date: 'March 15' is not a date" in err


def test_unknown_link_kind_suggests_the_right_one(edited: Edit) -> None:
    path = edited('slides = "https://hackmd.io', 'slide = "https://hackmd.io')
    code, err = run(path)
    assert code == 3
    assert (
        f"{path}:{line_of(path, 'slide = ')}: papers[0].links.slide: unknown link kind, did you mean 'slides'?"
        in err
    )


def test_unknown_key_suggests_the_right_one(edited: Edit) -> None:
    path = edited('title = "ZFNet"', 'titel = "ZFNet"')
    code, err = run(path)
    assert code == 3
    assert "papers[2].titel: unknown key, did you mean 'title'?" in err
    assert "papers[2].title: required key is missing" in err


def test_unknown_track_suggests_the_right_one(edited: Edit) -> None:
    path = edited(
        'id = "svm"\ntitle = "SVM"\ntrack = "pre-rcnn"', 'id = "svm"\ntitle = "SVM"\ntrack = "pre-rcn"'
    )
    code, err = run(path)
    assert code == 3
    number = line_of(path, 'track = "pre-rcn"')
    assert f"{path}:{number}: papers[9].track: unknown track 'pre-rcn', did you mean 'pre-rcnn'?" in err


def test_duplicate_paper_id(edited: Edit) -> None:
    path = edited('id = "alexnet"', 'id = "lenet"')
    code, err = run(path)
    assert code == 3
    assert "papers[1].id: duplicate paper id 'lenet' (also papers[0])" in err


def test_a_paper_on_a_skip_day(edited: Edit) -> None:
    path = edited("date = 2018-04-12             # VGGNet", "date = 2018-04-05             # VGGNet")
    code, err = run(path)
    assert code == 3
    assert "papers[5].date: 2018-04-05 is a day with no meeting (Tomb-Sweeping Day holiday)" in err


def test_every_problem_is_listed_at_once(edited: Edit) -> None:
    edited('slides = "https://hackmd.io', 'slide = "https://hackmd.io')
    path = edited('id = "alexnet"', 'id = "lenet"')
    code, err = run(path)
    assert code == 3
    assert err.splitlines()[0] == f"{path}: 2 problems"
    assert "unknown link kind" in err and "duplicate paper id" in err


def test_presenter_must_be_on_the_roster(edited: Edit) -> None:
    edited(
        '[[papers]]\nid = "lenet"',
        '[[members]]\nname = "Alice"\n\n[[papers]]\nid = "lenet"\npresenter = "Alise"',
    )
    path = edited("", "")
    code, err = run(path)
    assert code == 3
    assert "papers[0].presenter: 'Alise' is not on the roster, did you mean 'Alice'?" in err


def test_not_a_url(edited: Edit) -> None:
    path = edited('paper = "https://arxiv.org/pdf/1311.2901.pdf"', 'paper = "arxiv 1311.2901"')
    code, err = run(path)
    assert code == 3
    assert "papers[2].links.paper: not a web address: 'arxiv 1311.2901'" in err


def test_group_problems(edited: Edit) -> None:
    edited('weekday = "thursday"', 'weekday = "thursdy"')
    path = edited('timezone = "Asia/Taipei"', 'timezone = "Asia/Taipie"')
    code, err = run(path, "validate")
    assert code == 3
    assert (
        "group.weekday: 'thursdy' is not one of: monday, tuesday" in err and "did you mean 'thursday'?" in err
    )
    assert "group.timezone: unknown time zone 'Asia/Taipie'" in err


def test_missing_file_and_folder(tmp_path: Path) -> None:
    code, err = run(tmp_path / "nope.toml")
    assert code == 3 and "nope.toml: no such file" in err
    code, err = run(tmp_path)
    assert code == 3 and "is a folder" in err


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[group]\nname = "Caf\xe9"\n'.encode("latin-1"))
    code, err = run(path)
    assert code == 3 and f"{path}:2: not UTF-8 text" in err


def test_bad_today_is_a_usage_error() -> None:
    result = invoke("next", "--today", "2018-13-01")
    assert result.exit_code == 2
    assert "'2018-13-01' is not a date" in result.output


def test_warnings_do_not_fail_unless_strict(edited: Edit) -> None:
    edited("date = 2018-03-15", "date = 2018-03-16")
    edited('video = "https://www.youtube.com/watch?v=BkvywRsPPuA"', 'video = "https://youtu.be/"')
    path = edited(
        'paper = "https://arxiv.org/pdf/1312.4400.pdf"', 'paper = "https://arxiv.org/pdf/1311.2901.pdf"'
    )
    result = invoke("--file", str(path), "validate")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert (
        f"warning: {path}:{line_of(path, '2018-03-16')}: papers[2].date: 2018-03-16 is a Friday, not the group's meeting day (Thursday)"
        in err
    )
    assert "papers[3].links.paper: same URL as papers[2].links.paper (zfnet)" in err
    assert "papers[3].links.video: placeholder link 'https://youtu.be/' counts as missing" in err
    assert "3 warnings" in result.stdout
    assert invoke("--file", str(path), "validate", "--strict").exit_code == 1
    data = json.loads(invoke("--file", str(path), "validate", "--json").stdout)
    assert len(data["warnings"]) == 3 and data["ok"] is True


def test_placeholder_counts_as_missing(edited: Edit) -> None:
    path = edited('video = "https://www.youtube.com/watch?v=BkvywRsPPuA"', 'video = "...."')
    result = invoke("--file", str(path), "show", "nin", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "video" not in data["links"] and data["missing"] == ["video"]


def test_validate_json_reports_errors(edited: Edit) -> None:
    path = edited('id = "alexnet"', 'id = "lenet"')
    result = invoke("--file", str(path), "validate", "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["errors"][0]["where"] == "papers[1].id"
    second_lenet = [i for i, line in enumerate(path.read_text().splitlines(), 1) if line == 'id = "lenet"'][1]
    assert data["errors"][0]["line"] == second_lenet


@pytest.mark.parametrize("tbd", ['"TBD"', '"tba"', '"另訂"'])
def test_tbd_words_mean_no_date(edited: Edit, tbd: str) -> None:
    path = edited("date = 2018-07-12             # last dated meeting", f"date = {tbd}")
    result = invoke("--file", str(path), "next", "--today", "2018-07-06", "--json")
    data = json.loads(result.stdout)
    assert data["session"] is None
    assert [p["id"] for p in data["tbd"]] == ["ssd", "yolo-v2", "yolo-v3"]
