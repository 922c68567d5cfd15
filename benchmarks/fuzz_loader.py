"""Fuzz the loader through the real commands, many more cases than the test suite runs.

    python benchmarks/fuzz_loader.py [N] [--seed S]

Each case is random bytes or a mutation of the shipped data/papers.toml (see tests/mutations.py:
byte flips, lost or doubled lines, control characters, brackets, huge numbers, deep nesting,
long lines), run through `validate`, `next`, `schedule --json` and `show lenet` with Typer's
CliRunner. Prints the number of cases, the tracebacks found (an uncaught exception, an exit code
other than 0/1/3, or 2 from `show` for any reason but a lost paper), and the slowest case with
its time, and how many outputs held raw control characters. A case with a traceback is saved
under benchmarks/fuzz-found/ to replay with `readgroup -f`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mutations import mutate, random_bytes  # noqa: E402

from readgroup.cli import app  # noqa: E402

COMMANDS = [["validate"], ["next", "--today", "2018-03-20"], ["schedule", "--json"], ["show", "lenet"]]
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "READGROUP_FILE": "", "READGROUP_TODAY": ""}
RAW = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | {"\u202e"}


def problem(command: list[str], result: object) -> str | None:
    exception = getattr(result, "exception", None)
    code = getattr(result, "exit_code", None)
    stderr = str(getattr(result, "stderr", ""))
    if exception is not None and not isinstance(exception, SystemExit):
        return f"{command}: uncaught {type(exception).__name__}: {exception}"
    if command[0] == "show" and code == 2 and "no paper 'lenet'" in stderr:
        return None
    if code not in (0, 1, 3):
        return f"{command}: exit {code}: {stderr[-300:]}"
    return None


def leak(command: list[str], result: object) -> str | None:
    """Raw control characters from the file on the terminal (JSON escapes its own)."""
    stdout = "" if "--json" in command else str(getattr(result, "stdout", ""))
    for stream, text in (("stderr", str(getattr(result, "stderr", ""))), ("stdout", stdout)):
        raw = sorted({ch for ch in text if ch in RAW})
        if raw:
            return f"{command}: {stream} holds {', '.join(repr(ch) for ch in raw)}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", nargs="?", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    shipped = (ROOT / "data" / "papers.toml").read_bytes()
    runner = CliRunner()
    found: list[str] = []
    leaks: list[str] = []
    slowest = (0.0, -1, "")
    kinds = {"mutated": 0, "random": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.toml"
        for case in range(args.cases):
            kind = "random" if rng.random() < 0.2 else "mutated"
            kinds[kind] += 1
            data = random_bytes(rng, 600) if kind == "random" else mutate(shipped, rng)
            path.write_bytes(data)
            case_started = time.perf_counter()
            for command in COMMANDS:
                result = runner.invoke(app, ["--file", str(path), *command], env=ENV)
                trouble = problem(command, result)
                if trouble:
                    saved = ROOT / "benchmarks" / "fuzz-found" / f"case-{args.seed}-{case}.toml"
                    saved.parent.mkdir(exist_ok=True)
                    saved.write_bytes(data)
                    found.append(f"case {case} ({saved.name}): {trouble}")
                shown = leak(command, result)
                if shown:
                    leaks.append(f"case {case}: {shown}")
            took = time.perf_counter() - case_started
            if took > slowest[0]:
                slowest = (took, case, kind)
    total = time.perf_counter() - started

    print(
        f"cases: {args.cases} ({kinds['mutated']} mutated, {kinds['random']} random bytes), seed {args.seed}"
    )
    per_case = total / args.cases * 1000
    print(f"commands run: {args.cases * len(COMMANDS)} in {total:.1f} s ({per_case:.0f} ms a case)")
    print(f"tracebacks found: {len(found)}")
    for line in found[:20]:
        print(f"  {line}")
    print(f"raw control characters in the output: {len(leaks)}")
    for line in leaks[:5]:
        print(f"  {line}")
    print(f"slowest case: #{slowest[1]} ({slowest[2]}), {slowest[0] * 1000:.0f} ms for the four commands")


if __name__ == "__main__":
    main()
