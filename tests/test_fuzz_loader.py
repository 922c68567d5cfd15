"""Fuzz the real commands with broken files: our own message and exit code, never a traceback.

Random bytes and mutations of the shipped syllabus (byte flips, lost or doubled lines, control
characters, brackets, huge numbers, deep nesting, long lines) go through `validate`, `next`,
`schedule --json` and `show lenet` with --file. Hypothesis's deadline catches a slow case
(a pattern or scan that is not linear) without any wall-clock assert here.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from conftest import DATA, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutate, random_bytes

SHIPPED = DATA.read_bytes()
COMMANDS = [["validate"], ["next", "--today", "2018-03-20"], ["schedule", "--json"], ["show", "lenet"]]
# Each case runs four commands (about 0.1 s each, mostly Typer building its command tree), so
# the budget is small here; benchmarks/fuzz_loader.py runs thousands. The deadline is per case:
# the slow patterns this found took 5 to 25 seconds on one long or deeply nested line.
BUDGET = {"mutated": 30, "random": 10, "header": 10}


def fuzz(name: str) -> settings:
    return settings(
        max_examples=BUDGET[name],
        deadline=dt.timedelta(seconds=5),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def check_every_command(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    for command in COMMANDS:
        result = invoke("--file", str(path), *command)
        where = f"{command}: {result.output[-2000:]}"
        # An uncaught exception would be stored here instead of SystemExit.
        assert result.exception is None or isinstance(result.exception, SystemExit), where
        assert "Traceback" not in result.output, where
        if command[0] == "show" and result.exit_code == 2:
            assert "readgroup: no paper 'lenet'" in result.stderr, where  # the mutation removed it
            continue
        assert result.exit_code in (0, 1, 3), where
        if result.exit_code == 3:
            assert result.stderr.startswith(str(path)), where  # our positioned message
            assert "\x1b" not in result.stderr, where  # nothing from the file reaches the terminal raw
        if result.exit_code == 0 and command[0] != "schedule":
            assert "\x1b" not in result.stdout, where


@fuzz("mutated")
@given(rng=st.randoms(use_true_random=False))
def test_mutated_syllabus(tmp_path: Path, rng: random.Random) -> None:
    check_every_command(tmp_path / "papers.toml", mutate(SHIPPED, rng))


@fuzz("random")
@given(data=st.binary(max_size=600))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    check_every_command(tmp_path / "papers.toml", data)


@fuzz("header")
@given(rng=st.randoms(use_true_random=False))
def test_random_bytes_after_a_valid_header(tmp_path: Path, rng: random.Random) -> None:
    """Junk after the [group] table gets past the first line, into the schema and positions."""
    head = SHIPPED[: SHIPPED.index(b"[[tracks]]")]
    check_every_command(tmp_path / "papers.toml", head + random_bytes(rng))
