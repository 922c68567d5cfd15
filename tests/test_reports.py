"""`next`, `progress`, `missing` and `schedule` on the real syllabus, through the CLI's JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DATA, invoke, invoke_json

from readgroup.loader import load
from readgroup.schedule import next_session


def ids(session: dict[str, object]) -> list[str]:
    papers = session["papers"]
    assert isinstance(papers, list)
    return [paper["id"] for paper in papers]


@pytest.mark.parametrize(
    ("today", "date", "papers"),
    [
        ("2018-03-01", "2018-03-08", ["lenet", "alexnet"]),  # before the first week
        ("2018-03-22", "2018-03-22", ["nin"]),  # on a meeting day
        ("2018-03-30", "2018-04-12", ["vggnet", "resnet"]),  # 2018-04-05 is skipped
        ("2018-04-05", "2018-04-12", ["vggnet", "resnet"]),  # on the holiday itself
        ("2018-07-12", "2018-07-12", ["ssd"]),  # the last dated week
    ],
)
def test_next_across_the_term(today: str, date: str, papers: list[str]) -> None:
    data = invoke_json("next", "--today", today)
    assert data["session"]["date"] == date
    assert ids(data["session"]) == papers
    assert [p["id"] for p in data["tbd"]] == ["yolo-v2", "yolo-v3"]


def test_next_after_the_last_week_says_finished_and_lists_tbd() -> None:
    data = invoke_json("next", "--today", "2018-07-13")
    assert data["session"] is None
    assert [p["id"] for p in data["tbd"]] == ["yolo-v2", "yolo-v3"]
    result = invoke("next", "--today", "2018-07-13")
    assert result.exit_code == 0, result.output
    assert "finished" in result.stdout
    assert "YOLO v2" in result.stdout and "https://pjreddie.com/darknet/yolov2/" in result.stdout


def test_todays_session_counts_until_its_end_time() -> None:
    syllabus = load(DATA).syllabus
    during = next_session(syllabus, dt.datetime(2018, 3, 22, 20, 59))
    after = next_session(syllabus, dt.datetime(2018, 3, 22, 21, 0))
    assert during is not None and during.date == dt.date(2018, 3, 22)
    assert after is not None and after.date == dt.date(2018, 3, 29)


def test_next_reads_like_an_announcement() -> None:
    result = invoke("next", "--today", "2018-03-20")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Thursday 2018-03-22, 19:00-21:00" in out
    assert "in 2 days" in out
    assert "台灣大學普通教學館305教室" in out
    assert "NIN" in out and "https://arxiv.org/pdf/1312.4400.pdf" in out
    assert "https://www.youtube.com/watch?v=BkvywRsPPuA" in out
    assert "unassigned" in out


def test_next_shows_what_is_missing() -> None:
    out = invoke("next", "--today", "2018-04-10").stdout
    resnet = out[out.index("ResNet") :]
    assert "slides" in resnet and "✗ missing" in resnet


def test_today_from_environment() -> None:
    result = invoke("next", "--json", env={"READGROUP_TODAY": "2018-06-01"})
    assert result.exit_code == 0, result.output
    assert '"date": "2018-06-07"' in result.stdout


def test_global_options_before_the_command() -> None:
    data = invoke_json("--today", "2018-03-20", "next")
    assert data["session"]["date"] == "2018-03-22"


@pytest.mark.parametrize(
    ("today", "held", "covered"),
    [
        ("2018-03-01", 0, 0),
        ("2018-03-08", 0, 0),
        ("2018-03-09", 1, 2),
        ("2018-04-20", 6, 8),
        ("2018-12-31", 18, 20),
    ],
)
def test_progress_overall(today: str, held: int, covered: int) -> None:
    data = invoke_json("progress", "--today", today)
    assert data["today"] == today
    assert data["sessions"] == {"held": held, "total": 18}
    assert data["papers"] == {"covered": covered, "total": 22}


def test_progress_per_track_and_links() -> None:
    data = invoke_json("progress", "--today", "2018-05-11")
    tracks = {t["id"]: (t["sessions"], t["papers"]) for t in data["tracks"]}
    assert tracks == {
        "cnn": ({"held": 6, "total": 6}, {"covered": 8, "total": 8}),
        "pre-rcnn": ({"held": 3, "total": 6}, {"covered": 3, "total": 6}),
        "rcnn": ({"held": 0, "total": 6}, {"covered": 0, "total": 8}),
    }
    assert data["links"]["paper"] == {"present": 22, "total": 22}
    assert data["links"]["slides"] == {"present": 6, "total": 22}
    assert data["links"]["video"] == {"present": 5, "total": 22}
    assert data["links"]["notes"] == {"present": 0, "total": 22}


def test_progress_human_output_has_bars_per_track() -> None:
    result = invoke("progress", "--today", "2018-04-20")
    assert result.exit_code == 0, result.output
    for name in ("CNN", "Pre-R-CNN", "R-CNN"):
        assert name in result.stdout
    assert "6/18" in result.stdout and "8/22" in result.stdout
    assert "━" in result.stdout


def test_missing_on_the_real_syllabus() -> None:
    data = invoke_json("missing")
    assert [row["paper"] for row in data][:3] == ["vggnet", "resnet", "squeezenet"]
    assert len(data) == 17
    assert sum(len(row["missing"]) for row in data) == 33
    assert data[0] == {"date": "2018-04-12", "paper": "vggnet", "title": "VGGNet", "missing": ["video"]}
    assert data[-1]["date"] is None and data[-1]["paper"] == "yolo-v3"


def test_missing_filters() -> None:
    upcoming = invoke_json("missing", "--upcoming", "--today", "2018-06-20")
    assert [row["paper"] for row in upcoming] == [
        "fast-rcnn",
        "faster-rcnn",
        "yolo-v1",
        "ssd",
        "yolo-v2",
        "yolo-v3",
    ]
    past = invoke_json("missing", "--past", "--today", "2018-04-13")
    assert [row["paper"] for row in past] == ["vggnet", "resnet"]
    video_only = invoke_json("missing", "--kind", "video", "--track", "cnn")
    assert [(row["paper"], row["missing"]) for row in video_only] == [
        ("vggnet", ["video"]),
        ("resnet", ["video"]),
        ("squeezenet", ["video"]),
    ]


def test_missing_check_exits_1_when_something_is_missing() -> None:
    assert invoke("missing", "--check").exit_code == 1
    nothing = invoke("missing", "--check", "--track", "cnn", "--past", "--today", "2018-04-01")
    assert nothing.exit_code == 0, nothing.output
    assert "Nothing missing" in nothing.stdout


def test_missing_rejects_bad_filters() -> None:
    result = invoke("missing", "--kind", "slide")
    assert result.exit_code == 2
    assert "did you mean 'slides'" in result.stderr
    result = invoke("missing", "--track", "cnm")
    assert result.exit_code == 2 and "did you mean 'cnn'" in result.stderr
    result = invoke("missing", "--upcoming", "--past")
    assert result.exit_code == 2


def test_schedule_lists_sessions_in_order_with_tbd_last() -> None:
    data = invoke_json("schedule")
    dates = [s["date"] for s in data["sessions"]]
    assert dates[0] == "2018-03-08" and dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1]) and len(dates) == 19
    assert data["group"]["name"] == "PyTorch Taipei"
    assert data["group"]["start_time"] == "19:00:00"


def test_schedule_human_shows_skip_and_marks() -> None:
    result = invoke("schedule", "--today", "2018-04-20")
    assert result.exit_code == 0, result.output
    skip_row = next(line for line in result.stdout.splitlines() if "2018-04-05" in line)
    assert "no meeting" in skip_row and "Tomb-Sweeping Day holiday" in skip_row
    assert "✗video" in result.stdout


def test_schedule_track_filter() -> None:
    data = invoke_json("schedule", "--track", "pre-rcnn")
    assert [p["id"] for s in data["sessions"] for p in s["papers"]] == [
        "prevgg",
        "svm",
        "smo",
        "dpm",
        "ss",
        "fcn",
    ]


def test_show_by_id_or_title_and_suggestion() -> None:
    assert invoke_json("show", "Fast R-CNN")["id"] == "fast-rcnn"
    assert invoke_json("show", "YOLOv3")["id"] == "yolo-v3"
    result = invoke("show", "lenat")
    assert result.exit_code == 2
    assert "did you mean 'lenet'" in result.stderr


def test_open_prints_or_launches_the_link(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = invoke("open", "nin", "slides", "--print")
    assert result.stdout.strip() == "https://www.slideshare.net/gilbert6555tw/nin-20180319-91529205"
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = invoke("open", "lenet")
    assert result.exit_code == 0, result.output
    assert opened == ["http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf"]
    missing = invoke("open", "resnet", "video")
    assert missing.exit_code == 1 and "ResNet has no video link yet" in missing.stderr
