"""The command layer: which file, global options anywhere, one meaning per option, readable help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import DATA, invoke

from readgroup.cli import app

SRC = Path(__file__).resolve().parents[1] / "src" / "readgroup"
MODULES = sorted(
    "readgroup." + ".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    for p in SRC.rglob("*.py")
    if p.name != "__main__.py"
)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """An import cycle shows up only when a module is the first one imported (pipx does this)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_private_name_is_imported_from_another_module() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("from ") and " import " in stripped:
                names = stripped.split(" import ", 1)[1].strip("() ").split(",")
                bare = [n.strip().split(" as ")[0] for n in names if n.strip()]
                if any(n.startswith("_") and not n.startswith("__") for n in bare):
                    offenders.append(f"{path.name}:{number}: {stripped}")
    assert offenders == []


def _syllabus(tmp_path: Path, name: str, group: str) -> Path:
    path = tmp_path / name
    text = DATA.read_text(encoding="utf-8").replace('name = "PyTorch Taipei"', f'name = "{group}"', 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_explicit_file_wins_over_the_environment_for_reads_and_edits(tmp_path: Path, where: str) -> None:
    a, b = _syllabus(tmp_path, "a.toml", "A"), _syllabus(tmp_path, "b.toml", "B")
    env = {"READGROUP_FILE": str(a)}
    flag = ["--file", str(b)]
    read = invoke(
        *(flag if where == "before" else []),
        "schedule",
        "--json",
        *(flag if where == "after" else []),
        env=env,
    )
    assert read.exit_code == 0, read.output
    assert '"name":"B"' in read.stdout.replace(" ", "")
    before_a = a.read_bytes()
    edit = invoke(
        *(flag if where == "before" else []),
        "assign",
        "lenet",
        "Alice",
        *(flag if where == "after" else []),
        env=env,
    )
    assert edit.exit_code == 0, edit.output
    assert a.read_bytes() == before_a
    assert 'presenter = "Alice"' in b.read_text(encoding="utf-8")


def test_the_environment_is_used_when_no_flag_is_given(tmp_path: Path) -> None:
    a = _syllabus(tmp_path, "a.toml", "A")
    result = invoke("schedule", "--json", env={"READGROUP_FILE": str(a)})
    assert '"name":"A"' in result.stdout.replace(" ", "")


def test_today_after_the_command_wins_over_before_and_over_the_environment() -> None:
    result = invoke(
        "--today",
        "2018-01-01",
        "progress",
        "--json",
        "--today",
        "2018-05-01",
        env={"READGROUP_TODAY": "2018-12-31"},
    )
    assert '"today":"2018-05-01"' in result.stdout.replace(" ", "")
    from_env = invoke("progress", "--json", env={"READGROUP_TODAY": "2018-05-01"})
    assert '"today":"2018-05-01"' in from_env.stdout.replace(" ", "")


def test_a_bad_today_in_the_environment_is_a_usage_error() -> None:
    result = invoke("next", env={"READGROUP_TODAY": "someday"})
    assert result.exit_code == 2 and "READGROUP_TODAY" in result.stderr


def test_today_takes_a_time_of_day_in_the_groups_zone() -> None:
    during = invoke("next", "--json", "--today", "2018-07-12T20:00")
    after = invoke("next", "--json", "--today", "2018-07-12T21:30")
    assert '"date":"2018-07-12"' in during.stdout.replace(" ", "")
    assert '"session":null' in after.stdout.replace(" ", "")  # SSD on 07-12 was the last dated session


def _fresh_folder_run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("readgroup")
    base = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_")}
    return subprocess.run(
        [str(script), *args],
        cwd=tmp_path,
        env={**base, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_edit_never_touches_the_shipped_example(tmp_path: Path) -> None:
    from readgroup.locate import shipped_file

    before = shipped_file().read_bytes()
    for env in ({}, {"READGROUP_FILE": ""}):
        result = _fresh_folder_run(tmp_path, "assign", "lenet", "Mallory", env=env)
        assert result.returncode == 2, result.stderr
        assert "readgroup init" in result.stderr and "Traceback" not in result.stderr
    assert shipped_file().read_bytes() == before


def test_a_read_from_the_shipped_example_says_so_once_on_stderr(tmp_path: Path) -> None:
    result = _fresh_folder_run(tmp_path, "next", "--today", "2018-03-20", env={"READGROUP_FILE": ""})
    assert result.returncode == 0, result.stderr
    assert "NIN" in result.stdout
    assert result.stderr.count("example shipped with readgroup") == 1


def test_a_new_file_may_start_from_the_shipped_example(tmp_path: Path) -> None:
    result = _fresh_folder_run(tmp_path, "reschedule", "--start", "2019-03-07", "-o", "spring.toml")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "spring.toml").is_file()


def _all_commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        found += [[name, s] for s in sub] if sub else [[name]]
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_help_shows_readable_metavars_and_the_global_options(command: list[str]) -> None:
    result = invoke(*command, "-h")
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.stdout and "<list" not in result.stdout and "<str>" not in result.stdout
    if command != ["schema"] and command != ["import"]:
        assert "--file" in result.stdout and "--today" in result.stdout


def test_help_text_shows_square_brackets() -> None:
    assert "[[members]]" in invoke("rotate", "-h").stdout


@pytest.mark.parametrize(
    "command", [["export", "csv"], ["export", "json"], ["schema"], ["export", "markdown"]]
)
def test_every_output_refuses_an_existing_file_without_force(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "out"
    target.write_text("mine", encoding="utf-8")
    result = invoke(*command, "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert invoke(*command, "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") != "mine"


def test_lists_are_given_by_repeating_or_by_commas() -> None:
    repeated = invoke("missing", "--json", "--kind", "slides", "--kind", "video")
    commas = invoke("missing", "--json", "--kind", "slides,video")
    assert repeated.exit_code == 0 and repeated.stdout == commas.stdout


def test_ctrl_c_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import readgroup.schedule

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(readgroup.schedule, "next_session", interrupted)
    result = invoke("next")
    assert result.exit_code == 130
    assert result.stderr == "readgroup: interrupted\n"
