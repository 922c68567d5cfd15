"""check-links against markdown-link-check (npm) on the same 1,000 links over 10 local hosts
that each answer after 50 ms; then peak memory at 1,000 and 10,000 links.

    python benchmarks/links.py

Needs npm (markdown-link-check is installed into ~/.cache/readgroup-bench on first run).
Nothing leaves the machine: every link points at 127.0.0.1 ... 127.0.0.10.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, clean_env, peak_mb  # noqa: E402

HOSTS = 10
DELAY = 0.05
KINDS = ("paper", "slides", "video", "code")
MLC_HOME = Path.home() / ".cache" / "readgroup-bench" / "markdown-link-check"


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
                lines.append(f'{kind} = "http://127.0.0.{n % HOSTS + 1}:{port}/doc/{n}"')
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def check_command(source: Path, concurrency: int, per_host: int) -> list[str]:
    return [READGROUP, "--file", str(source), "check-links", "--no-cache", "--json"] + [
        "--concurrency",
        str(concurrency),
        "--per-host",
        str(per_host),
    ]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def markdown_link_check() -> Path | None:
    binary = MLC_HOME / "node_modules" / ".bin" / "markdown-link-check"
    if not binary.exists() and shutil.which("npm"):
        MLC_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(MLC_HOME), "markdown-link-check"], check=False
        )
    return binary if binary.exists() else None


def main() -> None:
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "slow_hosts.py"), str(HOSTS), str(DELAY)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(server.stdout.readline().split()[1])  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as folder:
            run(Path(folder), port)
    finally:
        server.terminate()


def run(cwd: Path, port: int) -> None:
    env_cache = {"READGROUP_CACHE_DIR": str(cwd / "cache")}
    os.environ.update(env_cache)
    source = cwd / "papers.toml"
    source.write_text(syllabus(1000, port), encoding="utf-8")
    print(f"1,000 links over {HOSTS} hosts on 127.0.0.x, each answering after {DELAY * 1000:.0f} ms")
    startup = min(timed([READGROUP, "--file", str(source), "validate"], cwd) for _ in range(3))
    print(f"  readgroup start-up and load (validate): {startup:.2f} s")
    best_ours = math.inf
    for concurrency, per_host in ((20, 2), (50, 5), (100, 10)):
        parallel = min(concurrency, HOSTS * per_host)
        ideal = math.ceil(1000 / parallel) * DELAY
        command = check_command(source, concurrency, per_host)
        wall = min(timed(command, cwd) for _ in range(3))
        best_ours = min(best_ours, wall)
        print(
            f"  readgroup check-links --concurrency {concurrency:>3} --per-host {per_host:>2}: {wall:5.2f} s "
            f"(checking {wall - startup:5.2f} s; ideal {ideal:.2f} s; "
            f"{(wall - startup) / ideal:.2f}x ideal, {wall / ideal:.2f}x with start-up)"
        )

    binary = markdown_link_check()
    if binary is None:
        print("  markdown-link-check: npm not available; skipped")
    else:
        page = cwd / "page.md"
        subprocess.run(
            [READGROUP, "--file", str(source), "export", "markdown", "-o", str(page)],
            env=clean_env(),
            check=True,
            capture_output=True,
        )
        single = timed([str(binary), "-q", str(page)], cwd)
        print(f"  markdown-link-check, one file (its fixed 2 requests at a time): {single:5.2f} s")
        best_theirs = single
        # Its only way to go faster: split the page and run several processes at once.
        definitions = [
            line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("[p")
        ]
        for processes in (10, 25, 50):
            parts = []
            for index in range(processes):
                part = cwd / f"part{index}.md"
                chunk = definitions[index::processes]
                part.write_text(
                    "\n".join(f"[{n}]({line.split(': ', 1)[1]})" for n, line in enumerate(chunk)) + "\n"
                )
                parts.append(str(part))
            command = ["xargs", "-P", str(processes), "-n", "1", str(binary), "-q"]
            started = time.perf_counter()
            subprocess.run(
                command,
                input="\n".join(parts),
                text=True,
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - started
            best_theirs = min(best_theirs, wall)
            print(f"  markdown-link-check, {processes} processes in parallel (xargs -P): {wall:5.2f} s")
        print(
            f"  best readgroup {best_ours:.2f} s vs best markdown-link-check {best_theirs:.2f} s: "
            f"{best_theirs / best_ours:.1f}x faster"
        )

    for links in (1000, 10000):
        source.write_text(syllabus(links, port), encoding="utf-8")
        command = check_command(source, 50, 5)
        print(
            f"  peak memory at {links:>6,} links: {peak_mb(command, cwd):5.0f} MB "
            f"(validate alone: {peak_mb([READGROUP, '--file', str(source), 'validate'], cwd):5.0f} MB)"
        )


if __name__ == "__main__":
    main()
