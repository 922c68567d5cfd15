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
