"""The installed console script, run as a user would: other folders, pipes, a full disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("readgroup")


def run(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_")}
    env.update(NO_COLOR="1", COLUMNS="120")
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, **kwargs
    )


def test_next_works_from_any_folder_on_the_shipped_syllabus(tmp_path: Path) -> None:
    result = run("next", "--today", "2018-03-20", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "NIN" in result.stdout and "2018-03-22" in result.stdout


def test_local_data_file_wins_over_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.toml").write_text(
        '[group]\nname = "Local"\nweekday = "monday"\nstart_time = 18:00:00\nend_time = 19:00:00\n'
        '[[tracks]]\nid = "a"\nname = "A"\n[[papers]]\nid = "x"\ntitle = "X"\ntrack = "a"\ndate = 2030-01-07\n',
        encoding="utf-8",
    )
    result = run("schedule", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["group"]["name"] == "Local"


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readgroup", "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("readgroup ")


def test_json_is_not_wrapped_when_piped(tmp_path: Path) -> None:
    result = run("schedule", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    rcnn = [p for s in data["sessions"] for p in s["papers"] if p["id"] == "rcnn"][0]
    assert rcnn["links"]["paper"].endswith("file=Girshick_Rich_Feature_Hierarchies_2014_CVPR_paper.pdf")


def big_syllabus(path: Path, papers: int) -> Path:
    weeks = "".join(
        f'[[papers]]\nid = "p{i}"\ntitle = "Paper {i}"\ntrack = "a"\n'
        f'[papers.links]\npaper = "https://example.org/{i}.pdf"\n'
        for i in range(papers)
    )
    path.write_text(
        '[group]\nname = "Big"\nweekday = "monday"\nstart_time = 18:00:00\nend_time = 19:00:00\n'
        '[[tracks]]\nid = "a"\nname = "A"\n' + weeks,
        encoding="utf-8",
    )
    return path


def test_stdout_closed_early_is_quiet(tmp_path: Path) -> None:
    # `true` exits before readgroup has started, so its write meets a closed pipe for sure
    # (some kernels take a large write whole, so `| head -1` alone may never see EPIPE).
    big = big_syllabus(tmp_path / "big.toml", 2000)
    script = f'"{SCRIPT}" -f "{big}" schedule --json 2>err | true; echo "${{PIPESTATUS[0]}}" > rc'
    subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    err = (tmp_path / "err").read_text()
    assert "Traceback" not in err and "Exception" not in err, err
    assert (tmp_path / "rc").read_text().strip() == "0"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_on_stdout_is_exit_4(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(SCRIPT), "schedule", "--json"], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    assert "readgroup: cannot write output: No space left on device" in result.stderr
