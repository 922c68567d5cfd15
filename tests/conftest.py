from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from linkserver import LinkServer
from typer.testing import CliRunner

from readgroup.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "papers.toml"


def generated(papers: int) -> str:
    """A syllabus of `papers` papers, made by benchmarks/generate.py (the benchmarks' own files)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.syllabus_text(papers)
    return text


SEED = Path(__file__).resolve().parent / "data" / "pytorch-taipei-2018.md"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "READGROUP_FILE": "", "READGROUP_TODAY": "", "READGROUP_MEMBER": ""}

runner = CliRunner()


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real config or cache folders, nor the tester's identity.
    XDG_* covers the tests that run the console script with READGROUP_* removed."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (("READGROUP_CONFIG_DIR", "config"), ("READGROUP_CACHE_DIR", "cache")):
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.delenv("READGROUP_MEMBER", raising=False)
    return home


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


# -- link checks: real servers on loopback, a cache folder of the test's own, no proxy --------


@pytest.fixture
def server() -> Iterator[LinkServer]:
    running = LinkServer("127.0.0.1")
    yield running
    running.close()


@pytest.fixture
def other_host() -> Iterator[LinkServer]:
    running = LinkServer("127.0.0.2")
    yield running
    running.close()


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The link tests' cache folder; no proxy from the tester's environment is used."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("READGROUP_CACHE_DIR", str(folder))
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    return folder
