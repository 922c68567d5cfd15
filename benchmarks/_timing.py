"""Small helpers shared by the benchmark scripts: run a command, time it, report peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
READGROUP = str(BIN / "readgroup")

_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_")}
    env["NO_COLOR"] = "1"
    return env


def wall(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def median_wall(command: list[str], cwd: Path, runs: int) -> float:
    return statistics.median(wall(command, cwd) for _ in range(runs))


def peak_mb(command: list[str], cwd: Path) -> float:
    """Peak resident memory of `command` alone, measured from a fresh parent."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024
