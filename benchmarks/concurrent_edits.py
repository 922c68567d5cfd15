"""Race two real `readgroup set-link` edits of the same file (different papers), many times,
and count what happened: both succeeded, one refused (exit 4), or a change lost (reported
success but absent from the file; this must stay 0).

    python benchmarks/concurrent_edits.py [PAIRS] [--papers N] [--command "python -m readgroup"]
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, clean_env  # noqa: E402
from generate import syllabus_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="?", type=int, default=100)
    parser.add_argument("--papers", type=int, default=22, help="Size of the generated syllabus.")
    parser.add_argument("--command", default=READGROUP, help="How to run readgroup (default: installed).")
    args = parser.parse_args()
    prefix = shlex.split(args.command)
    counts = {"both succeeded": 0, "one refused (exit 4)": 0, "changes lost": 0, "other outcomes": 0}
    with tempfile.TemporaryDirectory() as folder:
        pristine = syllabus_text(args.papers)
        target = Path(folder) / "papers.toml"
        for round_ in range(args.pairs):
            target.write_text(pristine, encoding="utf-8")
            edits = [("paper-0", f"https://a.example.org/{round_}"), ("paper-1", f"https://b.example.org/{round_}")]
            processes = [
                subprocess.Popen(
                    [*prefix, "--file", str(target), "set-link", paper, "notes", url],
                    env=clean_env(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for paper, url in edits
            ]
            codes = [process.wait() for process in processes]
            papers = {p["id"]: p for p in tomllib.loads(target.read_text(encoding="utf-8"))["papers"]}
            present = [papers[paper].get("links", {}).get("notes") == url for paper, url in edits]
            if any(code == 0 and not there for code, there in zip(codes, present, strict=True)):
                counts["changes lost"] += 1
            elif codes == [0, 0]:
                counts["both succeeded"] += 1
            elif sorted(codes) == [0, 4] and present == [code == 0 for code in codes]:
                counts["one refused (exit 4)"] += 1
            else:
                counts["other outcomes"] += 1
    print(f"pairs tried: {args.pairs} ({args.papers} papers)")
    for name, count in counts.items():
        print(f"  {name:<22} {count:4d}")


if __name__ == "__main__":
    main()
