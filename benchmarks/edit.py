"""Edits on a generated syllabus next to a `validate` of the same file (the target: an edit
costs at most 1.3 times a validate), and what tomlkit alone takes to read and write it (the
reason edits are made line by line).

    python benchmarks/edit.py [PAPERS] [--runs N] [--command "python -m readgroup"]

Times are CPU seconds (user + system) of the command, the median of N runs on a fresh copy
each, so that a busy machine does not blur the ratio; wall-clock medians are shown beside.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, clean_env  # noqa: E402
from generate import syllabus_text  # noqa: E402

COMMANDS = {
    "validate": ["validate"],
    "assign": ["assign", "paper-{mid}", "Alice"],
    "set-link": ["set-link", "paper-{mid}", "notes", "https://notes.example.org/{mid}"],
    "skip (appends a [[skips]])": ["skip", "2400-01-06", "--reason", "Holiday"],
    "skip --shift (mid-term)": ["skip", "{shift_day}", "--reason", "Holiday", "--shift"],
    "reschedule (every date)": ["reschedule", "--start", "2031-01-01"],
    "add": ["add", "New paper", "--track", "track-0", "--link", "paper=https://example.org/new.pdf"],
    "move": ["move", "paper-{mid}", "TBD"],
    "remove": ["remove", "paper-{mid}", "--yes"],
}


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("papers", nargs="?", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", default=READGROUP, help="How to run readgroup (default: installed).")
    parser.add_argument("--only", nargs="*", help="Only these rows (names as printed).")
    args = parser.parse_args()
    prefix = shlex.split(args.command)
    mid = args.papers // 2
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        pristine = cwd / "pristine.toml"
        pristine.write_text(syllabus_text(args.papers), encoding="utf-8")
        text = pristine.read_text(encoding="utf-8")
        shift_day = _date_of(text, f"paper-{mid}")
        print(
            f"{args.papers:,} papers, {len(text.splitlines()):,} lines; median of {args.runs} runs, "
            f"fresh file each run; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
        )
        print(f"  {'':<36} {'CPU s':>7} {'wall s':>7} {'CPU / validate':>15}")
        rows = {k: v for k, v in COMMANDS.items() if not args.only or k in args.only or k == "validate"}
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
        target = cwd / "papers.toml"
        for _ in range(args.runs):  # interleaved, so a burst of load hits every row alike
            for name, template in rows.items():
                shutil.copyfile(pristine, target)
                command = [part.format(mid=mid, shift_day=shift_day) for part in template]
                results[name].append(run([*prefix, "--file", str(target), *command], cwd))
        base = statistics.median(cpu for cpu, _ in results["validate"])
        for name, times in results.items():
            cpu = statistics.median(c for c, _ in times)
            wall = statistics.median(w for _, w in times)
            print(f"  readgroup {name:<26} {cpu:7.2f} {wall:7.2f} {cpu / base:14.2f}x")
        import tomlkit

        started = time.process_time()
        tomlkit.dumps(tomlkit.parse(text))
        print(f"  tomlkit parse + dump alone           {time.process_time() - started:7.2f}")


def _date_of(text: str, paper: str) -> str:
    at = text.index(f'id = "{paper}"')
    line = next(line for line in text[at:].splitlines() if line.startswith("date = "))
    return line.split("=", 1)[1].strip()


if __name__ == "__main__":
    main()
