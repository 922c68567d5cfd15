"""The README's "Start your own group" transcript, replayed in an empty folder: real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ENV, ROOT, runner

from readgroup.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def story() -> list[tuple[str, list[str]]]:
    block = next(
        b for b in re.findall(r"```console\n(.*?)```", README, re.S) if b.startswith("$ readgroup init")
    )
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line.rstrip())
    return steps


def test_the_story_is_there() -> None:
    commands = [shlex.split(command)[1] for command, _ in story()]
    for step in ("init", "add", "move", "rotate", "skip", "validate"):
        assert step in commands


def test_start_your_own_group_transcript_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for command, shown in story():
        args = shlex.split(command)
        assert args[0] == "readgroup"
        result = runner.invoke(app, args[1:], env={**ENV, "COLUMNS": "100", "READGROUP_TODAY": "2026-02-20"})
        expected_code = 2 if shown and shown[-1].startswith("readgroup: ") else 0
        assert result.exit_code == expected_code, (command, result.output)
        assert [line.rstrip() for line in result.output.splitlines()] == shown, command
    assert (tmp_path / "data" / "papers.toml").is_file()
