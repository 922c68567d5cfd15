from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from readgroup.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "papers.toml"
SEED = Path(__file__).resolve().parent / "data" / "pytorch-taipei-2018.md"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "READGROUP_FILE": "", "READGROUP_TODAY": ""}

runner = CliRunner()


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Snapshots and link results go to a folder of this run, never the user's cache; for the
    installed script too, even where a test strips the READGROUP_ variables (XDG_CACHE_HOME)."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    os.environ["READGROUP_CACHE_DIR"] = str(folder / "readgroup")
    os.environ["XDG_CACHE_HOME"] = str(folder / "xdg")


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def invoke_json(*args: str) -> Any:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def syllabus_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped syllabus, safe to break or edit."""
    target = tmp_path / "papers.toml"
    shutil.copyfile(DATA, target)
    return target


@pytest.fixture
def edited(syllabus_copy: Path) -> Callable[[str, str], Path]:
    """Replace one exact piece of text in a copy of the syllabus."""

    def edit(old: str, new: str) -> Path:
        text = syllabus_copy.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found: {old!r}"
        syllabus_copy.write_text(text.replace(old, new, 1), encoding="utf-8")
        return syllabus_copy

    return edit
