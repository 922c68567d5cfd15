"""Score `readgroup import` on the corpus of real pages (tests/data/import_corpus/).

    .venv/bin/python benchmarks/import_corpus.py

Prints each page's points against its hand-written answer and what was missed. The corpus test
(tests/test_import_corpus.py) asserts the same score, so it may only go up.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus import pages, run_import, score  # noqa: E402

from readgroup.importer import import_page  # noqa: E402


def main() -> None:
    points = total = 0
    for name in pages():
        try:
            result = score(name, run_import(import_page, name).data)
        except Exception as exc:  # the old importer raised on most pages; count them as 0
            result = score(name, None, f"{type(exc).__name__}: {exc}")
        points, total = points + result.points, total + result.total
        print(f"{result.points:3}/{result.total:<3} {name}")
        for miss in result.misses[: 6 if "-v" in sys.argv else 2]:
            print(f"          - {miss[:160]}")
    print(f"corpus score: {points}/{total} ({100 * points / total:.0f}%)")


if __name__ == "__main__":
    main()
