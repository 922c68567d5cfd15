"""assignments, assign, rotate, skip --shift and reschedule on the real syllabus."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from readgroup.loader import load, parse
from readgroup.models import Syllabus
from readgroup.plans import rotation
from readgroup.schedule import sessions

SHIPPED = DATA.read_text(encoding="utf-8")
Edit = Callable[[str, str], Path]


def diff_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    minus, plus = [], []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            minus.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            plus.append(line[1:])
    return minus, plus


def test_done_scenario_rotate_rcnn_then_skip_with_shift(syllabus_copy: Path) -> None:
    f = ("--file", str(syllabus_copy))
    result = invoke(
        *f, "rotate", "--member", "Alice,Bob,Carol", "--track", "rcnn", "--start", "2018-06-01", "--yes"
    )
    assert result.exit_code == 0, result.output
    result = invoke(*f, "skip", "2018-06-14", "--reason", "Dragon Boat Festival", "--shift")
    assert result.exit_code == 0, result.output
    minus, plus = diff_lines(SHIPPED, syllabus_copy.read_text(encoding="utf-8"))
    assert minus == [
        "date = 2018-06-14",
        "date = 2018-06-21",
        "date = 2018-06-28",
        "date = 2018-07-05",
        "date = 2018-07-12             # last dated meeting",
    ]
    assert plus == [
        "[[skips]]",
        "date = 2018-06-14",
        'reason = "Dragon Boat Festival"',
        "",
        'presenter = "Alice"',
        "date = 2018-06-21",
        'presenter = "Bob"',
        "date = 2018-06-28",
        'presenter = "Carol"',
        "date = 2018-07-05",
        'presenter = "Alice"',
        "date = 2018-07-12",
        'presenter = "Bob"',
        "date = 2018-07-19             # last dated meeting",
        'presenter = "Carol"',
    ]
    nxt = json.loads(invoke(*f, "next", "--today", "2018-06-08", "--json").stdout)
    assert nxt["session"]["date"] == "2018-06-21" and nxt["session"]["papers"][0]["presenters"] == ["Bob"]
    plan = json.loads(
        invoke(*f, "assignments", "--today", "2018-06-01", "--json", "--member", "Carol").stdout
    )
    assert plan["next"]["id"] == "fast-rcnn" and plan["next"]["date"] == "2018-06-28"
    assert [s["date"] for s in plan["sessions"]][-1] == "2018-07-19"
    progress = json.loads(invoke(*f, "progress", "--today", "2018-07-13", "--json").stdout)
    assert progress["sessions"] == {"held": 17, "total": 18}


def test_assignments_human_view_marks_unassigned() -> None:
    result = invoke("assignments", "--today", "2018-07-01", "--weeks", "2")
    assert result.exit_code == 0, result.output
    assert "YOLO v1" in result.stdout and "SSD" in result.stdout and "SPPNet" not in result.stdout
    assert "2 unassigned" in result.stdout


def test_assign_co_presenters_as_a_list(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "assign", "Fast R-CNN", "Alice", "Bob")
    assert result.exit_code == 0, result.output
    minus, plus = diff_lines(SHIPPED, syllabus_copy.read_text(encoding="utf-8"))
    assert (minus, plus) == ([], ['presenter = ["Alice", "Bob"]'])


def with_roster(edited: Edit) -> Path:
    return edited(
        "# ---------------------------------------------------------------- CNN",
        '[[members]]\nname = "Alice"\nunavailable = [2018-03-15]\n\n[[members]]\nname = "Bob"\n\n'
        "# ---------------------------------------------------------------- CNN",
    )


def test_assign_checks_the_roster_and_availability(edited: Edit) -> None:
    path = with_roster(edited)
    result = invoke("--file", str(path), "assign", "lenet", "Alise")
    assert result.exit_code == 2 and "'Alise' is not on the roster, did you mean 'Alice'?" in result.stderr
    result = invoke("--file", str(path), "assign", "zfnet", "Alice")
    assert result.exit_code == 2 and "Alice is unavailable on 2018-03-15; add --force" in result.stderr
    assert invoke("--file", str(path), "assign", "zfnet", "Alice", "--force").exit_code == 0
    assert load(path).syllabus.papers[2].presenter == ["Alice"]


def test_rotate_uses_the_roster_and_avoids_unavailable_days(edited: Edit) -> None:
    path = with_roster(edited)
    result = invoke("--file", str(path), "rotate", "--start", "2018-03-01", "--track", "cnn", "--yes")
    assert result.exit_code == 0, result.output
    papers = {p.id: p.presenter for p in load(path).syllabus.papers}
    assert papers["zfnet"] == ["Bob"]
    assert sorted(
        Counter(
            n
            for i in ("lenet", "alexnet", "zfnet", "nin", "googlenet", "vggnet", "resnet", "squeezenet")
            for n in papers[i]
        ).values()
    ) == [4, 4]


def test_rotate_without_yes_in_a_pipe_writes_nothing(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "rotate", "--member", "A", "--member", "B", "--start", "2018-06-01")
    assert result.exit_code == 0
    assert "Rotation plan" in result.stdout and "add --yes" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED


def check_fair(syllabus: Syllabus, members: list[str], start: dt.date) -> None:
    plan = rotation(syllabus, members, start=start)
    chosen = [a.presenter for a in plan]
    assert None not in chosen
    counts = Counter(chosen)
    assert max(counts.values()) - min(counts.get(m, 0) for m in members) <= 1
    assert all(a != b for a, b in zip(chosen, chosen[1:], strict=False)) or len(members) == 1
    assert rotation(syllabus, members, start=start) == plan  # deterministic


def test_rotation_is_fair_on_the_real_syllabus() -> None:
    syllabus = load(DATA).syllabus
    for members in (["Alice"], ["Alice", "Bob"], ["Alice", "Bob", "Carol"], list("ABCDEFG")):
        check_fair(syllabus, members, dt.date(2018, 3, 1))


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 8),
    busy=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 19)), max_size=12),
)
def test_rotation_on_generated_rosters(count: int, busy: list[tuple[int, int]]) -> None:
    members = [f"M{i}" for i in range(count)]
    dated = [s.date for s in sessions(load(DATA).syllabus) if s.date]
    blocks = {}
    for who, week in busy:
        if who < count:
            blocks.setdefault(members[who], set()).add(dated[week % len(dated)])
    roster = "".join(
        f'[[members]]\nname = "{m}"\nunavailable = [{", ".join(d.isoformat() for d in sorted(blocks.get(m, [])))}]\n\n'
        for m in members
    )
    syllabus = parse(SHIPPED.replace("[[skips]]", roster + "[[skips]]", 1))
    plan = rotation(syllabus, members, start=dt.date(2018, 3, 1))
    for item in plan:
        if item.presenter is not None:
            assert item.paper.date not in blocks.get(item.presenter, set())
            free = [m for m in members if item.paper.date not in blocks.get(m, set())]
            assert item.presenter in free
    previous = None
    for item in plan:
        free = [m for m in members if item.paper.date not in blocks.get(m, set())]
        if previous is not None and len([m for m in free if m != previous]) > 0:
            assert item.presenter != previous
        previous = item.presenter
    assert rotation(syllabus, members, start=dt.date(2018, 3, 1)) == plan


def test_reschedule_for_a_new_cohort_into_a_new_file(syllabus_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "spring-2019.toml"
    result = invoke(
        "--file",
        str(syllabus_copy),
        "reschedule",
        "--start",
        "2019-03-05",
        "--skip",
        "2019-04-04",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    new = load(out).syllabus
    dates = sorted({p.date for p in new.papers if p.date})
    assert dates[0] == dt.date(2019, 3, 7) and len(dates) == 18
    assert dt.date(2019, 4, 4) not in dates
    assert all((b - a).days in (7, 14) for a, b in zip(dates, dates[1:], strict=False))
    assert [p.id for p in new.papers if p.date is None] == ["yolo-v2", "yolo-v3"]
    assert {p.id for p in new.papers if p.date == dates[0]} == {"lenet", "alexnet"}
    again = invoke("--file", str(syllabus_copy), "reschedule", "--start", "2019-03-05", "--output", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_reschedule_to_another_weekday(syllabus_copy: Path) -> None:
    result = invoke(
        "--file", str(syllabus_copy), "reschedule", "--start", "2019-09-01", "--weekday", "Tuesday"
    )
    assert result.exit_code == 0, result.output
    new = load(syllabus_copy).syllabus
    assert new.group.weekday == "tuesday"
    assert all(p.date.weekday() == 1 for p in new.papers if p.date)
    assert load(syllabus_copy).warnings() == []


def test_skip_shift_honours_other_skips(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "skip", "2018-03-29", "--reason", "x", "--shift")
    assert result.exit_code == 0, result.output
    dates = {p.id: p.date for p in load(syllabus_copy).syllabus.papers}
    assert dates["googlenet"] == dt.date(2018, 4, 12)  # 04-05 is already a skip
    assert dates["vggnet"] == dates["resnet"] == dt.date(2018, 4, 19)  # still together
    assert dates["nin"] == dt.date(2018, 3, 22)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set-link", "lenet", "video"], "give a URL, or --remove"),
        (["set-link", "lenet", "vidoe", "https://x.org/v"], "did you mean 'video'"),
        (["set-link", "lenet", "video", "youtube"], "not a web address"),
        (["skip", "2018-04-05", "--reason", "x"], "already a day without a meeting"),
        (["skip", "2018-02-30"], "is not a date"),
        (["reschedule", "--start", "2019-03-07", "--weekday", "thursdy"], "is not a weekday"),
    ],
)
def test_usage_errors(syllabus_copy: Path, args: list[str], message: str) -> None:
    result = invoke("--file", str(syllabus_copy), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED

