"""A second group adopts readgroup: init, add, move, remove, as a new user runs them."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import ENV, invoke, runner

from readgroup.cli import app

INIT = (
    "init",
    "--name",
    "Vision Club",
    "--timezone",
    "Europe/Berlin",
    "--weekday",
    "Tuesday",
    "--start-time",
    "18:30",
    "--end-time",
    "20:00",
    "--venue",
    "Room 2.14",
    "--track",
    "CNN",
    "--track",
    "Object Detection",
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new group's repository, as the current folder; its syllabus will be ./data/papers.toml."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def started(folder: Path) -> Path:
    result = invoke(*INIT)
    assert result.exit_code == 0, result.output
    return folder / "data" / "papers.toml"


def answer(text: str, *args: str) -> Any:
    """Run with `text` typed at the prompts."""
    return runner.invoke(app, list(args), input=text, env=ENV)


def run(*args: str) -> str:
    result = invoke("--today", "2026-03-01", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(code: int, *args: str) -> str:
    result = invoke("--today", "2026-03-01", *args)
    assert result.exit_code == code, result.output
    return str(result.stderr)


# -- init -------------------------------------------------------------------------------------


def test_init_writes_a_commented_file_that_validates_strictly(started: Path) -> None:
    text = started.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./papers.schema.json\n# The reading group syllabus of Vision Club")
    data = tomllib.loads(text)
    assert data["group"] == {
        "name": "Vision Club",
        "timezone": "Europe/Berlin",
        "weekday": "tuesday",
        "start_time": __import__("datetime").time(18, 30),
        "end_time": __import__("datetime").time(20, 0),
        "venue": "Room 2.14",
        "required": ["paper", "slides"],
    }
    assert data["tracks"] == [
        {"id": "cnn", "name": "CNN"},
        {"id": "object-detection", "name": "Object Detection"},
    ]
    assert 'weekday = "tuesday"               # the regular meeting day' in text
    assert '# A group\'s own kinds go here, e.g. link_kinds = ["colab", "blog"]' in text
    assert (started.parent / "papers.schema.json").is_file()
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "data/papers.toml: ok, 0 papers in 0 sessions, 2 tracks, 0 warnings\n"


def test_init_never_replaces_a_file(started: Path) -> None:
    before = started.read_bytes()
    assert "data/papers.toml already exists; init never replaces a syllabus" in refused(2, *INIT)
    assert started.read_bytes() == before


def test_init_without_a_terminal_names_what_is_missing(folder: Path) -> None:
    message = refused(2, "init", "--name", "X", "--weekday", "tue")
    assert "init needs --timezone, --start-time, --end-time, --track" in message
    assert not (folder / "data").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weekday", "tuz"), "'tuz' is not a weekday"),
        (("--start-time", "7pm"), "'7pm' is not a time of day; use HH:MM"),
        (("--timezone", "Berlin"), "--timezone 'Berlin' is not a time zone"),
        (("--end-time", "18:00"), "--end-time 18:00 is not after --start-time 18:30"),
    ],
)
def test_init_refuses_bad_settings(folder: Path, args: tuple[str, ...], message: str) -> None:
    changed = list(INIT)
    changed[changed.index(args[0]) + 1] = args[1]
    assert message in refused(2, *changed)
    assert not (folder / "data" / "papers.toml").exists()


def test_init_asks_in_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readgroup.cli import syllabus

    monkeypatch.setattr(syllabus, "interactive", lambda: True)
    answers = "Paper Club\nAsia/Taipei\nthurs\n\n21:30\nNTU 305\nCNN, R-CNN\n"
    result = answer(answers, "init")
    assert result.exit_code == 0, result.output
    data = tomllib.loads((folder / "data" / "papers.toml").read_text(encoding="utf-8"))
    assert data["group"]["weekday"] == "thursday" and str(data["group"]["start_time"]) == "19:00:00"
    assert [t["id"] for t in data["tracks"]] == ["cnn", "rcnn"]


def test_init_with_file_and_dry_run(folder: Path) -> None:
    result = invoke("--file", "spring.toml", *INIT, "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.startswith("#:schema ./papers.schema.json\n") and not (folder / "spring.toml").exists()
    )
    assert invoke("--file", "spring.toml", *INIT).exit_code == 0
    assert (folder / "spring.toml").is_file() and (folder / "papers.schema.json").is_file()


# -- add, move, remove --------------------------------------------------------------------------


def test_add_appends_a_paper_and_keeps_every_other_line(started: Path) -> None:
    before = started.read_text(encoding="utf-8")
    run(
        "add",
        "ResNet",
        "--track",
        "cnn",
        "--date",
        "2026-03-03",
        "--link",
        "paper=https://arxiv.org/abs/1512.03385",
    )
    run("add", "Fast R-CNN", "--track", "object-detection", "--presenter", "Alice", "--presenter", "Bob")
    after = started.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        "\n[[papers]]\n"
        'id = "resnet"\ntitle = "ResNet"\ntrack = "cnn"\ndate = 2026-03-03\n'
        '[papers.links]\npaper = "https://arxiv.org/abs/1512.03385"\n'
        "\n[[papers]]\n"
        'id = "fast-rcnn"\ntitle = "Fast R-CNN"\ntrack = "object-detection"\npresenter = ["Alice", "Bob"]\n'
    )
    shown = invoke("show", "fast-rcnn", "--json")
    assert shown.exit_code == 0 and '"date": null' in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ResNet", "--track", "cnm"), "unknown track 'cnm', did you mean 'cnn'?"),
        (("ResNet", "--track", "cnn", "--link", "slide=https://x.org/a.pdf"), "did you mean 'slides'?"),
        (("ResNet", "--track", "cnn", "--link", "paper=...."), "'....' is a placeholder, not a link"),
        (
            ("ResNet", "--track", "cnn", "--date", "2026-03-04"),
            "2026-03-04 is a Wednesday; the group meets on Tuesdays",
        ),
        (("卷積網路", "--track", "cnn"), "give one with --id"),
    ],
)
def test_add_refuses_mistakes(started: Path, args: tuple[str, ...], message: str) -> None:
    before = started.read_bytes()
    assert message in refused(2, "add", *args)
    assert started.read_bytes() == before


def test_add_refuses_a_second_paper_with_the_same_id(started: Path) -> None:
    run("add", "ResNet", "--track", "cnn")
    assert "there is already a paper 'resnet' (ResNet); give another --id" in refused(
        2, "add", "resnet", "-t", "cnn"
    )
    run("add", "ResNet", "--track", "cnn", "--id", "resnet-v2")


def test_move_dates_moves_and_undates(started: Path) -> None:
    run("add", "ViT", "--track", "cnn")
    run("move", "vit", "2026-03-10")
    assert "date = 2026-03-10\n" in started.read_text(encoding="utf-8")
    run("move", "ViT", "2026-03-17")
    assert "date = 2026-03-17\n" in started.read_text(encoding="utf-8")
    run("move", "vit", "TBD")
    assert 'date = "TBD"\n' in started.read_text(encoding="utf-8")
    assert "no paper 'vti', did you mean 'vit'?" in refused(2, "move", "vti", "2026-03-10")
    assert "is a Monday; the group meets on Tuesdays" in refused(2, "move", "vit", "2026-03-09")
    run("move", "vit", "2026-03-09", "--force")


def test_move_to_a_skip_day_or_a_presenters_day_off_is_refused(started: Path) -> None:
    text = started.read_text(encoding="utf-8")
    started.write_text(
        text + '\n[[members]]\nname = "Alice"\nunavailable = [2026-03-17]\n\n[[skips]]\ndate = 2026-03-24\n',
        encoding="utf-8",
    )
    run("add", "ViT", "--track", "cnn", "--date", "2026-03-10", "--presenter", "Alice")
    assert "2026-03-24 is a day without a meeting" in refused(2, "move", "vit", "2026-03-24")
    assert "Alice (presenting ViT) unavailable on 2026-03-17" in refused(2, "move", "vit", "2026-03-17")


def test_remove_takes_the_whole_table_out(started: Path) -> None:
    before = started.read_text(encoding="utf-8")
    run("add", "ResNet", "--track", "cnn", "--link", "paper=https://arxiv.org/abs/1512.03385")
    with_one = started.read_text(encoding="utf-8")
    run("add", "ViT", "--track", "cnn")
    assert "add --yes (or --dry-run)" in refused(2, "remove", "vit")
    diff = run("remove", "vit", "--dry-run")
    assert '-id = "vit"' in diff and '-id = "resnet"' not in diff
    run("remove", "vit", "--yes")
    assert started.read_text(encoding="utf-8") == with_one
    run("remove", "resnet", "--yes")
    assert started.read_text(encoding="utf-8") == before


def test_remove_asks_in_a_terminal(started: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readgroup.cli import syllabus

    run("add", "ViT", "--track", "cnn")
    monkeypatch.setattr(syllabus, "interactive", lambda: True)
    kept = started.read_text(encoding="utf-8")
    result = answer("n\n", "remove", "vit")
    assert result.exit_code == 0 and "Nothing removed." in result.stderr
    assert started.read_text(encoding="utf-8") == kept
    result = answer("y\n", "remove", "vit")
    assert result.exit_code == 0 and "Removed ViT (vit)" in result.stderr
    assert 'id = "vit"' not in started.read_text(encoding="utf-8")


def test_remove_on_the_shipped_layout_keeps_neighbours_and_comments(syllabus_copy: Path) -> None:
    text = syllabus_copy.read_text(encoding="utf-8")
    result = invoke("--file", str(syllabus_copy), "remove", "zfnet", "--yes")
    assert result.exit_code == 0, result.output
    lines = text.splitlines(keepends=True)
    first = lines.index('id = "zfnet"\n') - 1  # its [[papers]] header
    assert lines[first] == "[[papers]]\n" and lines[first + 9] == "\n"  # the blank line after it
    assert syllabus_copy.read_text(encoding="utf-8") == "".join(lines[:first] + lines[first + 10 :])


def test_dry_run_diff_applies_with_git(started: Path, folder: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("no git")
    diff = run("add", "ResNet", "--track", "cnn", "--date", "2026-03-03", "--dry-run")
    assert diff.startswith("--- a/data/papers.toml\n+++ b/data/papers.toml\n")
    (folder / "change.diff").write_text(diff, encoding="utf-8")
    applied = subprocess.run(["git", "apply", "change.diff"], cwd=folder, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert 'id = "resnet"' in started.read_text(encoding="utf-8")
    assert invoke("validate", "--strict").exit_code == 0


# -- the whole story ----------------------------------------------------------------------------


def test_done_scenario_a_new_group_from_init_to_a_shifted_term(started: Path) -> None:
    run(
        "add",
        "ResNet",
        "--track",
        "cnn",
        "--date",
        "2026-03-03",
        "--link",
        "paper=https://arxiv.org/abs/1512.03385",
    )
    run("add", "Fast R-CNN", "--track", "object-detection", "--date", "2026-03-10")
    run("add", "YOLO", "--track", "object-detection")
    run("move", "yolo", "2026-03-17")
    run("rotate", "--member", "Alice,Bob", "--start", "2026-03-01", "--yes")
    shown = run("skip", "2026-03-10", "--reason", "Exam week", "--shift")
    assert "Fast R-CNN │ Tue 2026-03-10 │ Tue 2026-03-17" in shown
    assert invoke("validate", "--strict").exit_code == 0
    data = tomllib.loads(started.read_text(encoding="utf-8"))
    assert [(p["id"], str(p["date"]), p["presenter"]) for p in data["papers"]] == [
        ("resnet", "2026-03-03", "Alice"),
        ("fast-rcnn", "2026-03-17", "Bob"),
        ("yolo", "2026-03-24", "Alice"),
    ]
    assert [(str(s["date"]), s["reason"]) for s in data["skips"]] == [("2026-03-10", "Exam week")]
    # The skip lands after the tracks, before the papers; init's comments are all still there.
    text = started.read_text(encoding="utf-8")
    assert text.index("[[skips]]") < text.index("# Papers: readgroup add") < text.index("[[papers]]")
    assert "# Days without a meeting ([[skips]])" in text



def test_an_edited_value_keeps_its_comment_in_its_column(syllabus_copy: Path) -> None:
    before = "date = 2018-07-12             # last dated meeting\n"
    assert before in syllabus_copy.read_text(encoding="utf-8")
    result = invoke("--file", str(syllabus_copy), "move", "ssd", "TBD")
    assert result.exit_code == 0, result.output
    after = 'date = "TBD"                  # last dated meeting\n'
    assert after in syllabus_copy.read_text(encoding="utf-8") and after.index("#") == before.index("#")


def test_init_leaves_an_existing_schema_alone(folder: Path) -> None:
    (folder / "data").mkdir()
    (folder / "data" / "papers.schema.json").write_text("{}\n", encoding="utf-8")
    result = invoke(*INIT)
    assert result.exit_code == 0, result.output
    assert "data/papers.schema.json was already there and is left as it is." in result.stderr
    assert (folder / "data" / "papers.schema.json").read_text(encoding="utf-8") == "{}\n"


def test_remove_takes_a_comment_right_after_the_last_key_along(syllabus_copy: Path) -> None:
    text = syllabus_copy.read_text(encoding="utf-8")
    result = invoke("--file", str(syllabus_copy), "remove", "vggnet", "--yes")
    assert result.exit_code == 0, result.output
    lines = text.splitlines(keepends=True)
    first = lines.index('id = "vggnet"\n') - 1
    last = lines.index("# video: blank icon on the page (target was a bare https://youtu.be/)\n", first)
    assert lines[last + 1] == "\n" and lines[last + 2] == "[[papers]]\n"
    assert syllabus_copy.read_text(encoding="utf-8") == "".join(lines[:first] + lines[last + 2 :])
