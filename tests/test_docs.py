"""Every command has help with examples and is documented in the README."""

from __future__ import annotations

import pytest
import typer.main
from conftest import ROOT, invoke

from readgroup.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_there_are_commands() -> None:
    assert {"next", "schedule", "show", "open", "progress", "missing", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_examples(command: str) -> None:
    result = invoke(command, "-h")
    assert result.exit_code == 0, result.output
    assert "Examples" in result.stdout and f"readgroup {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command: str) -> None:
    assert f"readgroup {command}" in README


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert "Usage" in result.output and "next" in result.output


def test_version() -> None:
    from readgroup import __version__

    assert invoke("--version").stdout.strip() == f"readgroup {__version__}"


GROUPS = {
    name: sorted(group.commands)
    for name, group in typer.main.get_command(app).commands.items()
    if hasattr(group, "commands")
}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("group", "command"), [(g, c) for g, commands in GROUPS.items() for c in commands])
def test_subcommand_has_help_with_examples_and_is_in_readme(group: str, command: str) -> None:
    result = invoke(group, command, "-h")
    assert result.exit_code == 0, result.output
    assert "Examples" in result.stdout and f"readgroup {group} {command}" in result.stdout
    assert f"readgroup {group} {command}" in README


def test_pre_commit_hooks_run_readgroup_commands() -> None:
    import shlex

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"readgroup-validate", "readgroup-missing"}
    for hook in hooks:
        program, *args = shlex.split(hook["entry"])
        assert program == "readgroup" and hook["pass_filenames"] is True
        result = invoke("--today", "2018-03-01", *args, str(ROOT / "data" / "papers.toml"))
        assert result.exit_code in (0, 1), result.output  # runs; 1 is missing --check finding gaps
        assert "pre-commit" in README and hook["id"] in README
