"""Small helpers shared by the benchmark scripts: run a command, time it, report peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
READGROUP = str(BIN / "readgroup")

_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


# As on a user's machine: pip compiles an installed package's .pyc files, and output is buffered.
# (With PYTHONDONTWRITEBYTECODE an editable install recompiles every module on every run.)
_NOT_A_USERS = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READGROUP_") and k not in _NOT_A_USERS}
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def wall(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, *, terminal: bool = False
) -> float:
    """Seconds `command` takes; with `terminal`, its stdout is a pseudo-terminal (colour, links)."""
    if not terminal:
        started = time.perf_counter()
        subprocess.run(
            command,
            cwd=cwd,
            env=clean_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        return time.perf_counter() - started
    import pty

    leader, follower = pty.openpty()
    started = time.perf_counter()
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=clean_env(env),
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    ) as process:
        os.close(follower)
        try:
            while os.read(leader, 65536):
                pass
        except OSError:  # the child closed its end
            pass
    elapsed = time.perf_counter() - started
    os.close(leader)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return elapsed


def median_wall(command: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None) -> float:
    return statistics.median(wall(command, cwd, env) for _ in range(runs))


def peak_mb(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Peak resident memory of `command` alone, measured from a fresh parent."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=cwd,
        env=clean_env(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024


def baseline_script(source: str | None, folder: Path) -> str | None:
    """A console script like pip's for another source tree (`--baseline DIR`, e.g. an older
    commit unpacked with `git archive`), run by this venv's interpreter and libraries."""
    if not source:
        return None
    script = folder / "readgroup-baseline"
    script.write_text(
        f"#!{sys.executable}\nimport re\nimport sys\nsys.path.insert(0, {str(Path(source) / 'src')!r})\n"
        "from readgroup.cli import main\nif __name__ == '__main__':\n"
        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def option(name: str) -> str | None:
    """`--name VALUE` from sys.argv (removed from it), else None."""
    if name in sys.argv:
        index = sys.argv.index(name)
        value = sys.argv[index + 1]
        del sys.argv[index : index + 2]
        return value
    return None


def scratch() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory()
