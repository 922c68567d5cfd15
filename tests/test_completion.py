"""Tab completion through Typer's own machinery (the environment a shell's completion script sets)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENV, runner

from readgroup.cli import app


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash would offer for `line` (the word being completed is the last, possibly empty)."""
    words = line.split(" ")
    result = runner.invoke(
        app,
        [],
        env={
            **ENV,
            "_READGROUP_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
        prog_name="readgroup",
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_paper_ids_for_show_open_and_assign() -> None:
    assert complete("readgroup show fast") == ["fast-rcnn", "faster-rcnn"]
    assert "lenet" in complete("readgroup open ")
    assert len(complete("readgroup show ")) == 22
    assert complete("readgroup assign yolo") == ["yolo-v1", "yolo-v2", "yolo-v3"]
    assert complete("readgroup set-link squ") == ["squeezenet"]


def test_titles_once_what_is_typed_matches_one() -> None:
    offered = complete("readgroup show Goo")
    assert offered == ["googlenet", "GoogLeNet"] or offered == ["GoogLeNet"]


def test_link_kinds_tracks_and_fixed_choices() -> None:
    assert complete("readgroup open nin sl") == ["slides"]
    assert complete("readgroup set-link nin pytorch") == ["pytorch", "pytorch_video"]
    assert complete("readgroup missing --kind slides,v") == ["slides,video"]
    assert complete("readgroup schedule --track ") == ["cnn", "pre-rcnn", "rcnn"]
    assert complete("readgroup export markdown --layout s") == ["side-by-side"]
    assert complete("readgroup reschedule --weekday tu") == ["tuesday"]


def test_member_names_from_the_roster_of_the_file_given_earlier(edited: object) -> None:
    path = edited(  # type: ignore[operator]
        "# ---------------------------------------------------------------- CNN",
        '[[members]]\nname = "Alice"\n\n[[members]]\nname = "Bob"\n',
    )
    assert complete(f"readgroup --file {path} assignments --member ") == ["Alice", "Bob"]
    assert complete(f"readgroup assign lenet --file {path} A") == ["Alice"]
    assert complete(f"readgroup rotate --file {path} --member B") == ["Bob"]
    # No roster in the shipped file: nothing to offer.
    assert complete("readgroup assignments --member ") == []


def test_a_file_given_earlier_is_the_one_completed_from(edited: object) -> None:
    path = edited('id = "lenet"', 'id = "lenet-5"')  # type: ignore[operator]
    assert complete(f"readgroup --file {path} show len") == ["lenet-5"]
    assert complete(f"readgroup show --file {path} len") == ["lenet-5"]
    assert complete("readgroup show len", env={"READGROUP_FILE": str(path)}) == ["lenet-5"]


def test_completion_fails_silently(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[group\n", encoding="utf-8")
    for line in (f"readgroup --file {broken} show ", f"readgroup --file {tmp_path}/none.toml show l"):
        result = runner.invoke(
            app,
            [],
            env={
                **ENV,
                "_READGROUP_COMPLETE": "complete_bash",
                "COMP_WORDS": line,
                "COMP_CWORD": str(line.count(" ")),
            },
            prog_name="readgroup",
        )
        assert result.exit_code == 0 and result.stdout.strip() == "" and result.stderr == ""


def test_zsh_gets_titles_as_descriptions() -> None:
    result = runner.invoke(
        app,
        [],
        env={**ENV, "_READGROUP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "readgroup show alex"},
        prog_name="readgroup",
    )
    assert '"alexnet":"AlexNet, 2018-03-08"' in result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_installed_script_completes_from_a_followed_or_shipped_file(tmp_path: Path, shell: str) -> None:
    script = Path(sys.executable).with_name("readgroup")
    env = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_")}
    env["_READGROUP_COMPLETE"] = f"complete_{shell}"
    env.update(COMP_WORDS="readgroup show le", COMP_CWORD="2", _TYPER_COMPLETE_ARGS="readgroup show le")
    result = subprocess.run([str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "lenet" in result.stdout and result.stderr == ""
