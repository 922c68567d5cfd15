"""How the reports scale: generated syllabi of 1,000, 5,000 and 20,000 papers.

python benchmarks/scale.py [SIZE ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import READGROUP, median_wall, peak_mb  # noqa: E402
from generate import syllabus_text  # noqa: E402

REPORTS = {
    "validate": ["validate"],
    "schedule --json": ["schedule", "--json"],
    "missing --json": ["missing", "--json", "--today", "2019-01-01"],
    "progress --json": ["progress", "--json", "--today", "2019-01-01"],
}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        for size in sizes:
            path = cwd / f"papers-{size}.toml"
            path.write_text(syllabus_text(size), encoding="utf-8")
            results[size] = {}
            for name, args in REPORTS.items():
                command = [READGROUP, "--file", str(path), *args]
                results[size][name] = (median_wall(command, cwd, 3), peak_mb(command, cwd))
    print(f"{'report':<18}" + "".join(f"{size:>10,} papers" for size in sizes) + "   peak MB (largest)")
    for name in REPORTS:
        cells = "".join(f"{results[size][name][0]:>14.2f} s" for size in sizes)
        print(f"{name:<18}{cells}   {results[sizes[-1]][name][1]:8.1f}")
    if 5000 in results and 20000 in results:
        print("growth 20,000 / 5,000 papers (linear is 4.0):")
        for name in REPORTS:
            print(f"  {name:<18} {results[20000][name][0] / results[5000][name][0]:.2f}x")


if __name__ == "__main__":
    main()
