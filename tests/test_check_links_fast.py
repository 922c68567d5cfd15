"""check-links --json answered by the fast path (readgroup.fast.links) against Typer's answer:
the same links, verdicts, stderr and exit code; every hand-over happens before a request."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from linkserver import LinkServer
from test_check_links import write_syllabus

from readgroup.cli.params import parse_duration
from readgroup.fast import REQUIRE_EXIT
from readgroup.links import Settings
from readgroup.links.run import MAX_AGE

SCRIPT = Path(sys.executable).with_name("readgroup")

pytestmark = pytest.mark.usefixtures("private_cache")


def run(path: Path, mode: str, *args: str) -> tuple[Any, str, int]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("READGROUP_") or k == "READGROUP_CACHE_DIR"
    }
    env.update(NO_COLOR="1", READGROUP_FASTPATH=mode)
    command = [str(SCRIPT), "--file", str(path), "check-links", "--no-cache", "--timeout", "2", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    data = json.loads(done.stdout) if done.stdout.startswith("{") else done.stdout
    if isinstance(data, dict):
        for link in data["links"]:
            link.pop("seconds")
    return data, done.stderr, done.returncode


def test_the_fast_path_answers_as_typer_does(tmp_path: Path, server: LinkServer) -> None:
    papers = [
        {
            "paper": server.url("/ok"),
            "slides": server.url("/redirect/1"),
            "video": "....",
            "code": server.url("/404"),
        },
        {"paper": server.url("/no-head"), "notes": "http://[::1/x"},
    ]
    path = write_syllabus(tmp_path, papers, {"forum": server.url("/403")})
    for args in (
        [],
        ["--kind", "paper,SLIDES", "--per-host", "1"],
        ["--upcoming", "--retries", "0"],
        ["--track", "t"],
    ):
        typer = run(path, "off", "--json", *args)  # also writes the snapshot
        server.requests.clear()
        fast = run(path, "require", "--json", *args)
        assert fast == typer, args
        assert server.requests, "the fast path checked nothing"
    assert typer[2] == 1  # a dead link
    assert {link["verdict"] for link in run(path, "require", "--json")[0]["links"]} == {
        "ok",
        "redirected",
        "placeholder",
        "dead",
        "blocked",
        "invalid",
    }


@pytest.mark.parametrize(
    "args",
    [
        [],  # the report as a table: Rich
        ["--json", "--timeout", "0.05"],  # out of range: Typer says so
        ["--json", "--concurrency", "0"],
        ["--json", "--retries", "1e2"],
        ["--json", "--kind", "slide"],  # Typer gives the hint
        ["--json", "--track", "nope"],
        ["--json", "--deadline", "1m"],
        ["--json", "--max-age", "1h"],
    ],
)
def test_the_fast_path_hands_over_before_any_request(
    tmp_path: Path, server: LinkServer, args: list[str]
) -> None:
    path = write_syllabus(tmp_path, [{"paper": server.url("/ok")}])
    run(path, "off", "--json")  # the snapshot
    server.requests.clear()
    assert run(path, "require", *args)[2] == REQUIRE_EXIT
    assert server.requests == []


def test_typer_declares_the_domain_defaults() -> None:
    """The fast path takes its defaults from Settings and MAX_AGE; Typer must declare the same."""
    import typer

    from readgroup.cli.links import app

    command = typer.main.get_command(app)
    defaults = {param.name: param.default for param in command.params}
    settings = Settings()
    assert (defaults["timeout"], defaults["concurrency"], defaults["per_host"], defaults["retries"]) == (
        settings.timeout,
        settings.concurrency,
        settings.per_host,
        settings.retries,
    )
    assert parse_duration(defaults["deadline"]) == dt.timedelta(seconds=settings.deadline)
    assert parse_duration(defaults["max_age"]) == dt.timedelta(seconds=MAX_AGE)
