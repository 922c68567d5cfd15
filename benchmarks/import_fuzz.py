"""Fuzz `readgroup import` with many random and mutated pages and report what happened.

    .venv/bin/python benchmarks/import_fuzz.py [CASES_PER_KIND]

For each kind of input (pages built from real pieces, corpus pages with random edits, CSV
sheets): how many cases imported, how many ended in our own error, how many raised anything
else (a traceback: a bug), and the slowest case with its size.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_pages import OPTIONS, built_pages, csv_sheets, mutated_pages  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from readgroup.errors import ReadgroupError  # noqa: E402
from readgroup.importer import ImportProblem, import_page, validated_toml  # noqa: E402


def fuzz(name: str, strategy: st.SearchStrategy[str], cases: int, *, csv: bool = False) -> None:
    outcomes: Counter[str] = Counter()
    slowest = (0.0, 0)
    slowest_text = ""
    tracebacks: list[str] = []

    @settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy, OPTIONS)
    def run(text: str, options: dict[str, Any]) -> None:
        nonlocal slowest, slowest_text
        start = time.perf_counter()
        try:
            validated_toml(import_page(text, csv=csv, **options), "page")
            outcomes["imported"] += 1
        except (ImportProblem, ReadgroupError):
            outcomes["our error"] += 1
        except Exception:
            outcomes["traceback"] += 1
            tracebacks.append(traceback.format_exc(limit=3))
        took = time.perf_counter() - start
        if took > slowest[0]:
            slowest, slowest_text = (took, len(text)), text

    run()
    total = sum(outcomes.values())
    print(
        f"{name:<16} cases {total:5}  imported {outcomes['imported']:5}  "
        f"our error {outcomes['our error']:5}  "
        f"tracebacks {outcomes['traceback']:3}  slowest {slowest[0] * 1000:7.1f} ms ({slowest[1]} chars)"
    )
    if "-v" in sys.argv:
        print("    slowest input: " + repr(slowest_text[:300]))
    for text in tracebacks[:3]:
        print("    " + text.strip().replace("\n", "\n    "))


def main() -> None:
    cases = next((int(arg) for arg in sys.argv[1:] if arg.isdigit()), 1000)
    fuzz("built pages", built_pages(), cases)
    fuzz("mutated corpus", mutated_pages(), cases)
    fuzz("csv sheets", csv_sheets(), cases, csv=True)


if __name__ == "__main__":
    main()
