"""What following a group costs a read: `readgroup next` on ./data/papers.toml, on a fresh
followed copy (no network), on a day-old copy revalidated with a 304 from a local server, and
one Tab completion (`readgroup show l<TAB>`). Interleaved rounds, median wall time.

    python benchmarks/follow.py [ROUNDS]
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, clean_env  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "papers.toml"


def run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def age_copy(state_file: Path) -> None:
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["checked_at"] = time.time() - 2 * 86400
    state_file.write_text(json.dumps(state), encoding="utf-8")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site, local, member = root / "site", root / "local", root / "member"
        for path in (site, local / "data", member):
            path.mkdir(parents=True)
        shutil.copyfile(DATA, site / "papers.toml")
        shutil.copyfile(DATA, local / "data" / "papers.toml")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=site,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            env = {
                **clean_env(),
                "READGROUP_CONFIG_DIR": str(root / "cfg"),
                "READGROUP_CACHE_DIR": str(root / "c"),
            }
            env = {k: v for k, v in env.items() if "proxy" not in k.lower()}
            run([READGROUP, "follow", f"http://127.0.0.1:{port}/papers.toml"], member, env)
            state = root / "c" / "follow" / "state.json"
            completion = {**env, "_READGROUP_COMPLETE": "complete_bash", "COMP_WORDS": "readgroup show l"}
            completion["COMP_CWORD"] = "2"
            nxt = [READGROUP, "next", "--today", "2018-03-20"]
            cases = {
                "next on ./data/papers.toml": (nxt, local, env, None),
                "next on a fresh followed copy": (nxt, member, env, None),
                "next on a day-old copy (304)": (nxt, member, env, state),
                "Tab completion (show l)": ([READGROUP], member, completion, None),
            }
            times: dict[str, list[float]] = {name: [] for name in cases}
            for command, cwd, case_env, _ in cases.values():  # warm up
                run(command, cwd, case_env)
            for round_ in range(rounds):
                names = list(cases)
                names = names[round_ % len(names) :] + names[: round_ % len(names)]
                for name in names:
                    command, cwd, case_env, stale = cases[name]
                    if stale is not None:
                        age_copy(stale)
                    times[name].append(run(command, cwd, case_env))
        finally:
            server.terminate()
            server.wait()
    base = statistics.median(times["next on ./data/papers.toml"])
    print(
        f"{rounds} interleaved rounds, median wall time "
        f"(python {sys.version.split()[0]}, {os.cpu_count()} cpus)"
    )
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<32} {median * 1000:7.1f} ms   ratio {median / base:4.2f}")


if __name__ == "__main__":
    main()
