"""Two real `readgroup` edits of the same file, started together, many times: no change is
ever lost. Each pair ends with both changes in the file, or with the loser refused (exit 4)
and its change absent. (benchmarks/concurrent_edits.py runs hundreds of pairs and counts.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import DATA

SCRIPT = Path(sys.executable).with_name("readgroup")
PAIRS = 30


def race(folder: Path, round_: int) -> tuple[list[int], list[bool], list[str]]:
    """Start two set-link edits on different papers at once: (exit codes, whether each change
    is in the file afterwards, stderr of each)."""
    target = folder / "papers.toml"
    shutil.copyfile(DATA, target)
    env = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_")}
    env["NO_COLOR"] = "1"
    edits = [("lenet", f"https://a.example.org/{round_}"), ("alexnet", f"https://b.example.org/{round_}")]
    processes = [
        subprocess.Popen(
            [str(SCRIPT), "--file", str(target), "set-link", paper, "notes", url],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paper, url in edits
    ]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    papers = {p["id"]: p for p in tomllib.loads(target.read_text(encoding="utf-8"))["papers"]}
    present = [papers[paper].get("links", {}).get("notes") == url for paper, url in edits]
    return [process.returncode for process in processes], present, errors


def test_racing_edits_never_lose_a_change(tmp_path: Path) -> None:
    for round_ in range(PAIRS):
        codes, present, errors = race(tmp_path, round_)
        for code, there, error in zip(codes, present, errors, strict=True):
            assert code in (0, 4), error
            assert there == (code == 0), (round_, codes, present, errors)  # success means it is there
            if code == 4:
                assert "changed since it was read" in error or "being changed by another" in error
        assert 0 in codes, (round_, errors)  # the first to take the lock always succeeds
        assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.toml"]
