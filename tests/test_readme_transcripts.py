"""The README's transcripts of read-only commands on the shipped syllabus are real output."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT, invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands whose output depends only on the shipped syllabus (no network, no clock, no files);
# JSON is shown indented as on a terminal, so it is left out.
READ_ONLY = ("next", "missing", "progress", "schedule", "show", "announce")


def transcripts() -> list[tuple[str, list[str]]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        if block.startswith("$ readgroup init"):
            continue  # a new group's own file, replayed by test_readme_new_group.py
        command, shown = None, []
        for line in [*block.splitlines(), "$ end"]:
            if line.startswith("$ "):
                if command and shown:
                    found.append((command, shown))
                command, shown = line[2:], []
            else:
                shown.append(line)
    return [
        (command, shown)
        for command, shown in found
        if shlex.split(command)[:2][-1] in READ_ONLY
        and not any(part in command for part in ("--file", "|", "--json", "--post"))
    ]


@pytest.mark.parametrize(("command", "shown"), transcripts(), ids=lambda value: str(value)[:40])
def test_transcript_matches_the_real_output(command: str, shown: list[str]) -> None:
    args = shlex.split(command)[1:]
    result = invoke(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    expected = [line.rstrip() for line in shown if "..." not in line]
    assert actual[: len(expected)] == expected


def test_there_are_transcripts_to_check() -> None:
    assert len(transcripts()) >= 3
