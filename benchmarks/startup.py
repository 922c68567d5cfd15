"""Start-up cost of what members run many times a week, against the interpreter's own floor
(`python -c pass` in the same venv), interleaved so machine noise hits all alike.

    python benchmarks/startup.py [ROUNDS] [--baseline DIR]

warm: the snapshot of the syllabus exists (the fast path answers; checked before timing);
completion of a paper id is timed both ways: warm (the fast path) and through Typer;
cold: no snapshot (Typer answers and writes one; the cache folder is emptied before each run).
--baseline DIR: also time an older source tree (e.g. `git archive <commit> | tar -x -C DIR`)
with this venv's interpreter, as "before".
"""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, baseline_script, option, scratch, wall  # noqa: E402

TODAY = ["--today", "2018-03-20"]
COMPLETE = {"_READGROUP_COMPLETE": "complete_bash", "COMP_WORDS": "readgroup show ", "COMP_CWORD": "2"}


def main() -> None:
    baseline = option("--baseline")
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with scratch() as folder_name:
        folder = Path(folder_name)
        cwd = folder / "work"  # no ./data here: the shipped example is read
        cwd.mkdir()
        warm = {"READGROUP_CACHE_DIR": str(folder / "warm")}
        cold_dir = folder / "cold"
        cold = {"READGROUP_CACHE_DIR": str(cold_dir)}
        config = folder / "config"  # a member who said who they are: member = "..." in config.toml
        config.mkdir()
        (config / "config.toml").write_text('member = "Alice"\n', encoding="utf-8")
        before = baseline_script(baseline, folder)
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], {}),
            "next, warm": ([READGROUP, "next", *TODAY], warm),
            "next (clock), warm": ([READGROUP, "next"], warm),
            "next on a terminal, warm": ([READGROUP, "next"], {**warm, "NO_COLOR": ""}),
            "next, member configured, warm": (
                [READGROUP, "next"],
                {**warm, "READGROUP_CONFIG_DIR": f"{config}"},
            ),
            "next --json, warm": ([READGROUP, "next", "--json", *TODAY], warm),
            "next, cold": ([READGROUP, "next", *TODAY], cold),
            "next on a terminal, cold": ([READGROUP, "next"], {**cold, "NO_COLOR": ""}),
            "complete paper id, warm": ([READGROUP], {**warm, **COMPLETE}),
            "complete paper id (Typer)": ([READGROUP], {**warm, **COMPLETE, "READGROUP_FASTPATH": "off"}),
        }
        if before:
            commands["next, before"] = ([before, "next", *TODAY], {})
            commands["complete, before"] = ([before], COMPLETE)
        for name, (command, env) in commands.items():  # warm the file cache, .pyc files, snapshot
            wall(command, cwd, env, terminal="terminal" in name)
            if "warm" in name:  # the fast path must answer (exit 70 when it hands over)
                wall(command, cwd, {**env, "READGROUP_FASTPATH": "require"}, terminal="terminal" in name)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(rounds):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:  # rotate the order every round
                if "cold" in name:
                    shutil.rmtree(cold_dir, ignore_errors=True)
                command, env = commands[name]
                started = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[name].append(wall(command, cwd, env, terminal="terminal" in name))
                ended = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(ended.ru_utime - started.ru_utime + ended.ru_stime - started.ru_stime)
                time.sleep(0.01)
    floor = statistics.median(times["python -c pass"])
    floor_cpu = statistics.median(cpu["python -c pass"])
    print(f"{rounds} interleaved rounds, medians; ratio to `python -c pass` (the floor) in the same venv")
    print(f"  {'':<26}{'wall':>9}{'floor':>9}{'ratio':>7}{'cpu':>10}{'floor':>9}{'ratio':>7}")
    for name in commands:
        median = statistics.median(times[name])
        median_cpu = statistics.median(cpu[name])
        print(
            f"  {name:<26}{median * 1000:>7.1f}ms{floor * 1000:>7.1f}ms{median / floor:>7.2f}"
            f"{median_cpu * 1000:>8.1f}ms{floor_cpu * 1000:>7.1f}ms{median_cpu / floor_cpu:>7.2f}"
        )


if __name__ == "__main__":
    main()
