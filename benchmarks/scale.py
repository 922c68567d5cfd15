"""How the reports scale: generated syllabi (default 1,000, 5,000 and 20,000 papers), cold
(no snapshot: Typer reads the TOML and writes one) and warm (the fast path answers from the
snapshot), against `tomllib.load` of the same file, and the peak memory of each report at the
largest size.

    python benchmarks/scale.py [SIZE ...] [--baseline DIR] [--runs N] [--reports a,b]

Every run of every command is interleaved with the others (the order rotates each round) and
the figures are medians of N rounds (default 3): wall time and CPU (user+sys) time, the steadier
of the two on a busy machine. The peer is `tomllib.load` of the same file timed inside its
process. --baseline DIR also times an older source tree ("before"), e.g. one unpacked with
`git archive <commit> | tar -x -C DIR`.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, baseline_script, clean_env, option, peak_mb, scratch  # noqa: E402
from generate import syllabus_text  # noqa: E402

REPORTS = {
    "schedule --json": ["schedule", "--json"],
    "next --json": ["next", "--json", "--today", "2019-01-01"],
    "missing --json": ["missing", "--json", "--today", "2019-01-01"],
    "progress --json": ["progress", "--json", "--today", "2019-01-01"],
    "validate": ["validate"],
}
TOMLLIB = (
    "import sys, time, tomllib; w, c = time.perf_counter(), time.process_time(); "
    "tomllib.load(open(sys.argv[1], 'rb')); print(time.perf_counter() - w, time.process_time() - c)"
)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall, cpu) seconds of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=clean_env(env), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in (0, 1), done.stderr
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, done.stdout


def main() -> None:
    baseline = option("--baseline")
    runs = int(option("--runs") or 3)
    chosen = option("--reports")
    reports = {k: v for k, v in REPORTS.items() if not chosen or k.split()[0] in chosen.split(",")}
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    with scratch() as folder_name:
        folder = Path(folder_name)
        before_script = baseline_script(baseline, folder)
        cache = folder / "cache"
        env = {"READGROUP_CACHE_DIR": str(cache)}
        for size in sizes:
            path = folder / f"papers-{size}.toml"
            path.write_text(syllabus_text(size), encoding="utf-8")
            jobs: dict[str, tuple[list[str], dict[str, str], bool]] = {}  # name -> command, env, cold
            for name, args in reports.items():
                command = [READGROUP, "--file", str(path), *args]
                jobs[f"{name}|cold"] = (command, env, True)
                jobs[f"{name}|warm"] = (command, env, False)
                if before_script:
                    jobs[f"{name}|before"] = ([before_script, *command[1:]], {}, False)
            jobs["tomllib|load"] = ([sys.executable, "-c", TOMLLIB, str(path)], {}, False)
            for name, (command, job_env, _) in jobs.items():  # warm .pyc files; check the fast path
                timed(command, folder, job_env)
                if name.endswith("|warm") and not name.startswith("validate"):
                    check = timed(command, folder, {**job_env, "READGROUP_FASTPATH": "require"})
                    assert check[2] == timed(command, folder, {**job_env, "READGROUP_FASTPATH": "off"})[2]
            samples: dict[str, list[tuple[float, float, str]]] = {name: [] for name in jobs}
            names = list(jobs)
            for round_ in range(runs):
                shift = round_ * len(names) // max(runs, 1)
                for name in names[shift:] + names[:shift]:
                    command, job_env, cold = jobs[name]
                    if cold:
                        shutil.rmtree(cache, ignore_errors=True)
                    samples[name].append(timed(command, folder, job_env))
            load_wall = statistics.median(float(s[2].split()[0]) for s in samples["tomllib|load"])
            load_cpu = statistics.median(float(s[2].split()[1]) for s in samples["tomllib|load"])
            print(f"\n{size:,} papers ({path.stat().st_size / 1e6:.1f} MB of TOML), medians of {runs} rounds")
            print(f"  peer: tomllib.load in-process: {load_wall:.3f} s wall, {load_cpu:.3f} s cpu")
            head = f"  {'report':<17}{'':>7}{'wall':>9}{'cpu':>9}{'wall/load':>11}{'cpu/load':>10}"
            print(head + (f"{'vs before (cpu)':>17}" if before_script else ""))
            for name in reports:
                for kind in ("cold", "warm", "before"):
                    if f"{name}|{kind}" not in samples:
                        continue
                    found = samples[f"{name}|{kind}"]
                    wall = statistics.median(s[0] for s in found)
                    cpu = statistics.median(s[1] for s in found)
                    line = f"  {name:<17}{kind:>7}{wall:>8.3f}s{cpu:>8.3f}s{wall / load_wall:>10.2f}x"
                    line += f"{cpu / load_cpu:>9.2f}x"
                    if before_script and kind != "before":
                        before_cpu = statistics.median(s[1] for s in samples[f"{name}|before"])
                        line += f"{cpu / before_cpu:>16.2f}x"
                    print(line)
        largest = folder / f"papers-{sizes[-1]}.toml"
        load_mb = peak_mb([sys.executable, "-c", TOMLLIB, str(largest)], folder)
        print(f"\npeak memory at {sizes[-1]:,} papers (tomllib.load alone {load_mb:.0f} MB)")
        for name, args in reports.items():
            command = [READGROUP, "--file", str(largest), *args]
            shutil.rmtree(cache, ignore_errors=True)
            cold_mb = peak_mb(command, folder, env)
            warm_mb = peak_mb(command, folder, env)
            line = f"  {name:<17} cold {cold_mb:4.0f} MB, warm {warm_mb:4.0f} MB"
            if before_script:
                line += f", before {peak_mb([before_script, *command[1:]], folder):4.0f} MB"
            print(line)

if __name__ == "__main__":
    main()
