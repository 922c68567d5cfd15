"""Inputs that make backtracking regular expressions slow, through `import_page`.

    .venv/bin/python benchmarks/import_pathological.py [--old PATH_TO_OLD_IMPORTER_DIR]

Prints seconds per input at two sizes and the ratio between them: about 2 for linear work
(double the input, double the time), about 4 for quadratic, 8 for cubic. With --old, runs the
importer as it was before the rewrite (a copy of the old module) in a subprocess with a time limit.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

from readgroup.errors import ReadgroupError
from readgroup.importer import ImportProblem, import_page

TABLE = "| Date | Paper | Links |\n|--|--|--|\n"


def venue(n: int) -> str:  # the 39 s case: a long "venue:" line full of spaces
    return "地點: a" + " " * n + "b\n\n" + TABLE + "| 2018-03-08 | A | |\n"


def brackets(n: int) -> str:  # runs of [ in a cell
    return TABLE + "| 2018-03-08 | A | " + "[" * n + " |\n"


def bang_brackets(n: int) -> str:
    return TABLE + "| 2018-03-08 | A | " + "[![" * (n // 3) + " |\n"


def emphasis(n: int) -> str:
    return TABLE + "| 2018-03-08 | " + "*a_" * (n // 3) + " | |\n"


def undefined_refs(n: int) -> str:
    return TABLE + "| 2018-03-08 | A | " + "[x][" * (n // 4) + " |\n"


def parens(n: int) -> str:
    return TABLE + "| 2018-03-08 | A (" + "(" * n + " | |\n"


def times(n: int) -> str:
    return "19:00" + "-" * n + "\n\n" + TABLE + "| 2018-03-08 | A | |\n"


def title_line(n: int) -> str:
    return "---\ntitle: '" + " " * n + "x\n---\n\n" + TABLE + "| 2018-03-08 | A | |\n"


def rows(n: int) -> str:
    return TABLE + "".join(
        f"| 2018-03-08 | Paper {i} | [pdf](https://a.example/{i}) |\n" for i in range(n // 40)
    )


CASES: dict[str, Callable[[int], str]] = {
    "venue line of spaces": venue,
    "runs of [": brackets,
    "runs of [![": bang_brackets,
    "emphasis runs": emphasis,
    "undefined [x][ refs": undefined_refs,
    "open parentheses": parens,
    "time with dashes": times,
    "front-matter title": title_line,
    "rows (x 1/40)": rows,
}


def run(text: str) -> float:
    start = time.perf_counter()
    try:
        import_page(text, year=2018)
    except (ImportProblem, ReadgroupError):
        pass
    return time.perf_counter() - start


def run_old(old: str, text: str, limit: float) -> str:
    code = (
        "import sys,time; sys.path.insert(0, sys.argv[1]); from old_importer import import_page\n"
        "text = sys.stdin.read(); t = time.perf_counter()\n"
        "try: import_page(text, year=2018)\nexcept Exception: pass\n"
        "print(f'{time.perf_counter() - t:.3f}')"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, old], input=text, capture_output=True, text=True, timeout=limit
        )
        return done.stdout.strip() + " s" if done.returncode == 0 else "error"
    except subprocess.TimeoutExpired:
        return f">{limit:.0f} s"


def main() -> None:
    old = sys.argv[sys.argv.index("--old") + 1] if "--old" in sys.argv else None
    small, large = 20_000, 40_000
    print(
        f"{'input':<22} {small:>8} chars {large:>8} chars  ratio" + ("   old importer, 3 KB" if old else "")
    )
    for name, make in CASES.items():
        a, b = run(make(small)), run(make(large))
        extra = f"   {run_old(old, make(3_000), 60)}" if old else ""
        print(f"{name:<22} {a:>12.3f} s {b:>12.3f} s  {b / max(a, 1e-6):5.1f}{extra}")


if __name__ == "__main__":
    main()
