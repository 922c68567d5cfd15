"""The console script: answer the hot read-only commands from the snapshot, else run Typer.

A member runs `readgroup next` and Tab-completes paper ids many times a week; through Typer and
Pydantic each run costs about twenty bare interpreter start-ups. When the syllabus has a valid
snapshot (readgroup.snapshot, written by the last Typer run on that file) and the command line
is one this package fully understands, the answer comes from the snapshot without importing
Typer, Pydantic or Rich. Everything else is handed to Typer unchanged: help, errors, unknown
options, Rich tables and colour, a stale or missing snapshot. tests/test_fast_path.py runs a
matrix of commands and files through both paths and requires the same stdout, stderr and exit
code.

$READGROUP_FASTPATH=off turns the fast path off; =require makes a hand-over exit 70 with the
reason on stderr instead (for tests and benchmarks, which must know which path answered).
"""

from __future__ import annotations


class Declined(Exception):
    """The fast path does not answer this run; Typer does."""


REQUIRE_EXIT = 70


def main() -> None:
    import os
    import sys

    mode = os.environ.get("READGROUP_FASTPATH", "")
    if mode != "off":
        from .run import attempt

        try:
            code = attempt(sys.argv[1:], os.environ)
        except Declined as reason:
            if mode == "require":
                sys.stderr.write(f"readgroup: fast path declined: {reason}\n")
                sys.exit(REQUIRE_EXIT)
        else:
            sys.exit(code)
    from ..cli import main as typer_main

    typer_main()
