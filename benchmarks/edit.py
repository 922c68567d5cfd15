"""Edits on a generated 5,000-paper syllabus, next to what tomlkit alone takes to read and
write the same file (the reason edits are made line by line).

    python benchmarks/edit.py [PAPERS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, median_wall  # noqa: E402
from generate import syllabus_text  # noqa: E402

EDITS = {
    "assign": ["assign", "paper-2500", "Alice"],
    "set-link": ["set-link", "paper-2500", "notes", "https://notes.example.org/2500"],
    "skip --shift (mid-term)": ["skip", "2040-01-05", "--reason", "Holiday", "--shift"],
    "reschedule (every date)": ["reschedule", "--start", "2031-01-01"],
    "add": ["add", "New paper", "--track", "track-0", "--link", "paper=https://example.org/new.pdf"],
    "move": ["move", "paper-2500", "TBD"],
    "remove": ["remove", "paper-2500", "--yes"],
}


def main() -> None:
    papers = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        pristine = cwd / "pristine.toml"
        pristine.write_text(syllabus_text(papers), encoding="utf-8")
        text = pristine.read_text(encoding="utf-8")
        print(f"{papers:,} papers, {len(text.splitlines()):,} lines; median of 3 runs, fresh file each run")
        for name, args in EDITS.items():
            target = cwd / "papers.toml"
            times = []
            for _ in range(3):
                shutil.copyfile(pristine, target)
                times.append(median_wall([READGROUP, "--file", str(target), *args], cwd, 1))
            times.sort()
            print(f"  readgroup {name:<26} {times[1]:6.2f} s")
        import tomlkit

        started = time.perf_counter()
        tomlkit.dumps(tomlkit.parse(text))
        print(f"  tomlkit parse + dump alone         {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()
