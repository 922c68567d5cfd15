"""Export, import, publish and announce on a generated 5,000-paper syllabus (target: each under 2 s).

    python benchmarks/publish.py [PAPERS]

Times the installed `readgroup` end to end (start-up included), median of 3 runs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, median_wall, peak_mb  # noqa: E402
from generate import syllabus_text  # noqa: E402


def main() -> None:
    papers = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        source = cwd / "papers.toml"
        source.write_text(syllabus_text(papers), encoding="utf-8")
        page = cwd / "page.md"
        runs = {
            "export ics": ["export", "ics", "-o", str(cwd / "out.ics"), "--force"],
            "export markdown (per-track)": ["export", "markdown", "-o", str(page), "--force"],
            "export markdown (side-by-side)": [
                "export",
                "markdown",
                "--layout",
                "side-by-side",
                "-o",
                str(cwd / "s.md"),
                "--force",
            ],
            "export csv": ["export", "csv", "-o", str(cwd / "out.csv"), "--force"],
            "import page.md": ["import", str(page), "-o", str(cwd / "back.toml"), "--force"],
            # The first run writes the site; the later ones (the median) compare with it and
            # write nothing: the steady state of a CI job that publishes on every push.
            "publish site (unchanged)": ["publish", str(cwd / "site"), "--today", "2019-01-01"],
            "announce --format discord": ["announce", "--format", "discord", "--today", "2019-01-01"],
        }
        baseline = median_wall([READGROUP, "--file", str(source), "validate"], cwd, 3)
        print(f"{papers:,} papers; median of 3 runs; `validate` (load only) takes {baseline:.2f} s")
        site = cwd / "site"
        for name, args in runs.items():
            command = [READGROUP, "--file", str(source), *args]
            seconds = median_wall(command, cwd, 3)
            print(
                f"  readgroup {name:<32} {seconds:6.2f} s  ({seconds / baseline:4.1f}x validate)  "
                f"peak {peak_mb(command, cwd):5.0f} MB"
            )
        files = [p for p in site.rglob("*") if p.is_file()]
        page = (site / "index.html").stat().st_size
        total = sum(p.stat().st_size for p in files)
        print(f"  site: {len(files)} files, {total:,} bytes; index.html {page:,} bytes")


if __name__ == "__main__":
    main()
