"""The hooks in .pre-commit-hooks.yaml, run by pre-commit itself on commits in a throwaway repository.

The group's repository names a git clone of this project's hooks at a commit, as a user's config
does. The only change: `language: system` (a config may override it) runs the `readgroup` of
this environment instead of pip-installing readgroup into a new one, which needs the network.
Everything else, entry, files and pass_filenames, is the shipped definition.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

HOOKS = ("readgroup-validate", "readgroup-missing")

# Tuesdays; "today" for the hooks is Monday 2026-03-02.
NEW_FILE = """\
[group]
name = "Vision Club"
timezone = "Europe/Berlin"
weekday = "tuesday"
start_time = 18:30:00
end_time = 20:00:00
required = ["paper", "slides"]

[[tracks]]
id = "cnn"
name = "CNN"

[[papers]]
id = "resnet"
title = "ResNet"
track = "cnn"
date = {date}
[papers.links]
paper = "https://arxiv.org/abs/1512.03385"
slides = "https://example.org/resnet.pdf"

[[papers]]
id = "vit"
title = "ViT"
track = "cnn"
[papers.links]
paper = "https://arxiv.org/abs/2010.11929"
"""


def git(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    bin_folder = str(Path(sys.executable).parent)  # this environment's readgroup and pre-commit
    return {
        **os.environ,
        "PATH": bin_folder + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "READGROUP_TODAY": "2026-03-02",
        "READGROUP_FILE": "",
        "GIT_AUTHOR_NAME": "Lead",
        "GIT_AUTHOR_EMAIL": "lead@example.org",
        "GIT_COMMITTER_NAME": "Lead",
        "GIT_COMMITTER_EMAIL": "lead@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
    }


@pytest.fixture
def group_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A repository of hooks (this project's manifest at a commit) and a group's repository using it."""
    hooks = tmp_path / "readgroup-hooks"
    hooks.mkdir()
    shutil.copyfile(ROOT / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml")
    assert git(hooks, "init", "-q", env=env).returncode == 0
    git(hooks, "add", ".", env=env)
    assert git(hooks, "commit", "-qm", "hooks", env=env).returncode == 0
    rev = git(hooks, "rev-parse", "HEAD", env=env).stdout.strip()

    repo = tmp_path / "group"
    repo.mkdir()
    assert git(repo, "init", "-q", env=env).returncode == 0
    config = [f"repos:\n  - repo: {hooks.as_uri()}\n    rev: {rev}\n    hooks:\n"]
    config += [f"      - id: {hook}\n        language: system\n" for hook in HOOKS]
    (repo / ".pre-commit-config.yaml").write_text("".join(config), encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml", env=env)
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def commit(repo: Path, env: dict[str, str], files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name, env=env)
    return git(repo, "commit", "-m", "syllabus", env=env)


def test_a_valid_syllabus_commits(group_repo: Path, env: dict[str, str]) -> None:
    result = commit(group_repo, env, {"data/papers.toml": NEW_FILE.format(date="2026-03-03")})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "readgroup validate" in output and "Passed" in output
    assert git(group_repo, "log", "--oneline", env=env).stdout.count("syllabus") == 1


def test_a_broken_papers_toml_at_the_root_is_caught(group_repo: Path, env: dict[str, str]) -> None:
    # Before, the hook read ./data/papers.toml (or the shipped example) and passed this.
    broken = NEW_FILE.format(date="2026-03-03").replace('weekday = "tuesday"', "weekday = tuesday")
    result = commit(group_repo, env, {"papers.toml": broken})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "papers.toml:4:11: TOML syntax error" in output and 'quote text values: "tuesday"' in output
    assert git(group_repo, "log", "--oneline", env=env).stdout == ""


def test_missing_blocks_a_session_in_the_next_two_weeks(group_repo: Path, env: dict[str, str]) -> None:
    text = NEW_FILE.format(date="2026-03-10").replace('slides = "https://example.org/resnet.pdf"\n', "")
    result = commit(group_repo, env, {"data/papers.toml": text})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ResNet (resnet)" in output and "slides" in output
    assert "ViT" not in output  # TBD papers never block


def test_missing_lets_a_later_session_and_tbd_papers_pass(group_repo: Path, env: dict[str, str]) -> None:
    # A session 29 days ahead and a TBD paper, both without slides: not this fortnight's problem.
    text = NEW_FILE.format(date="2026-03-31").replace('slides = "https://example.org/resnet.pdf"\n', "")
    result = commit(group_repo, env, {"data/papers.toml": text})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hooks_check_the_files_they_are_given() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        assert hook["pass_filenames"] is True and hook["files"] == r"(^|/)papers\.toml$"
    assert {hook["id"]: hook["entry"] for hook in hooks} == {
        "readgroup-validate": "readgroup validate",
        "readgroup-missing": "readgroup missing --check --within 14d",
    }


def test_done_a_new_group_from_init_to_a_checked_commit(group_repo: Path, env: dict[str, str]) -> None:
    """init, three adds, a move, rotate, a skip --shift and validate --strict with the installed
    script; then pre-commit on the commit and Taplo on the file."""

    def readgroup(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["readgroup", *args], cwd=group_repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stdout + done.stderr)
        return done

    readgroup(
        *("init", "--name", "Vision Club", "--timezone", "Europe/Berlin", "--weekday", "tue"),
        *("--start-time", "18:30", "--end-time", "20:00", "--track", "CNN", "--track", "Detection"),
    )
    readgroup(
        "add",
        "ResNet",
        "--track",
        "cnn",
        "--date",
        "2026-03-03",
        "--link",
        "paper=https://arxiv.org/abs/1512.03385",
    )
    readgroup("add", "Fast R-CNN", "--track", "detection", "--date", "2026-03-10")
    readgroup("add", "YOLO", "--track", "detection")
    readgroup("move", "yolo", "2026-03-17")
    readgroup("rotate", "--member", "Alice,Bob", "--yes")
    readgroup("skip", "2026-03-10", "--reason", "Exam week", "--shift")
    readgroup("validate", "--strict")

    git(group_repo, "add", "data", env=env)
    blocked = git(group_repo, "commit", "-m", "syllabus", env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output  # ResNet meets tomorrow without slides
    # Fast R-CNN (03-17) and YOLO (03-24) lack links too, but meet more than 14 days from today.
    assert "ResNet (resnet)" in output and "Fast R-CNN" not in output and "YOLO" not in output

    readgroup("set-link", "resnet", "slides", "https://example.org/resnet.pdf")
    git(group_repo, "add", "data", env=env)
    passed = git(group_repo, "commit", "-m", "syllabus", env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    taplo = subprocess.run(
        [str(Path(sys.executable).with_name("taplo")), "lint", "--no-auto-config", "papers.toml"],
        cwd=group_repo / "data",
        capture_output=True,
        text=True,
        check=False,
    )
    assert taplo.returncode == 0, taplo.stderr
