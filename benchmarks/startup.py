"""Start-up cost of `readgroup next` and `readgroup missing --json` against a bare import of the
libraries they use, in the same virtual environment, interleaved so machine noise hits all alike.

    python benchmarks/startup.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, wall  # noqa: E402


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    commands = {
        "bare import": [sys.executable, "-c", "import typer, rich.console, rich.table, pydantic"],
        "readgroup next": [READGROUP, "next", "--today", "2018-03-20"],
        "readgroup missing --json": [READGROUP, "missing", "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as folder:  # any folder: the shipped syllabus is used
        cwd = Path(folder)
        for command in commands.values():  # warm the file cache and .pyc files
            wall(command, cwd)
        for round_ in range(rounds):
            names = list(commands)
            names = names[round_ % 3 :] + names[: round_ % 3]  # rotate the order every round
            for name in names:
                times[name].append(wall(commands[name], cwd))
                time.sleep(0.01)
    base = statistics.median(times["bare import"])
    print(f"{rounds} interleaved rounds, median wall time")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<26} {median * 1000:7.1f} ms   ratio {median / base:4.2f}")


if __name__ == "__main__":
    main()
