"""check-links against real servers on 127.0.0.1 and 127.0.0.2, started here. Nothing leaves
the machine: every URL in these syllabi points at loopback (or is a placeholder, never sent)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke
from linkserver import InFlight, LinkServer, SilentServer, refused_url

from readgroup.links.check import retry_after, verdict_for

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    running = SilentServer()
    yield running
    running.close()


def write_syllabus(
    folder: Path, papers: list[dict[str, str]], group_links: dict[str, str] | None = None
) -> Path:
    """A small valid syllabus: one Thursday session per paper, each paper's links as given."""
    lines = [
        '[group]\nname = "Test group"\ntimezone = "Asia/Taipei"\nweekday = "thursday"',
        "start_time = 19:00:00\nend_time = 21:00:00",
        "[group.links]\n" + "\n".join(f'{k} = "{v}"' for k, v in (group_links or {}).items()),
        '[[tracks]]\nid = "t"\nname = "T"',
    ]
    for index, links in enumerate(papers):
        day = dt.date(2018, 3, 8) + dt.timedelta(weeks=index)
        lines.append(f'[[papers]]\nid = "p{index}"\ntitle = "Paper {index}"\ntrack = "t"\ndate = {day}')
        lines.append("[papers.links]\n" + "\n".join(f'{kind} = "{url}"' for kind, url in links.items()))
    path = folder / "papers.toml"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def check(path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = invoke("--file", str(path), "check-links", "--json", "--timeout", "1", *args)
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def by_url(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {link["url"]: link for link in data["links"]}


def test_every_verdict_is_right_and_a_dead_link_exits_1(
    tmp_path: Path, server: LinkServer, silent: SilentServer
) -> None:
    u = server.url
    papers = [
        {"paper": u("/ok"), "slides": u("/redirect/2"), "video": u("/404")},
        {"paper": u("/410"), "slides": u("/403"), "video": u("/401")},
        {"paper": u("/no-head"), "slides": u("/moved-to-gone"), "video": u("/slow/3")},
        {"paper": refused_url(), "slides": silent.base + "/never", "video": "https://youtu.be/"},
        {"paper": u("/loop")},
    ]
    result, data = check(write_syllabus(tmp_path, papers), "--retries", "0")
    assert result.exit_code == 1
    links = by_url(data)
    expected = {
        u("/ok"): ("ok", 200, None),
        u("/redirect/2"): ("redirected", 200, u("/ok")),
        u("/404"): ("dead", 404, None),
        u("/410"): ("dead", 410, None),
        u("/403"): ("blocked", 403, None),
        u("/401"): ("blocked", 401, None),
        u("/no-head"): ("ok", 200, None),
        u("/moved-to-gone"): ("dead", 404, u("/404")),
        u("/slow/3"): ("timeout", None, None),
    }
    for url, (verdict, status, final) in expected.items():
        assert (links[url]["verdict"], links[url]["status"], links[url]["final_url"]) == (
            verdict,
            status,
            final,
        ), url
    refused = links[papers[3]["paper"]]
    assert (refused["verdict"], refused["detail"]) == ("dead", "connection refused")
    assert links[silent.base + "/never"]["verdict"] == "timeout"
    assert links["https://youtu.be/"]["verdict"] == "placeholder"
    assert links[u("/loop")]["verdict"] == "error" and "redirects" in links[u("/loop")]["detail"]
    assert ("GET", "/no-head") in server.requests  # HEAD refused, so GET
    assert data["summary"]["dead"] == 4


def test_retry_after_is_honoured(tmp_path: Path, server: LinkServer) -> None:
    path = write_syllabus(tmp_path, [{"paper": server.url("/retry-after/1")}])
    started = time.monotonic()
    result, data = check(path)
    link = data["links"][0]
    assert result.exit_code == 0
    assert (link["verdict"], link["attempts"]) == ("ok", 2)
    assert time.monotonic() - started >= 1.0 and link["seconds"] >= 1.0


def test_rate_limited_is_not_dead(tmp_path: Path, server: LinkServer) -> None:
    result, data = check(write_syllabus(tmp_path, [{"paper": server.url("/always-429")}]), "--retries", "1")
    assert data["links"][0]["verdict"] == "rate-limited" and data["links"][0]["attempts"] == 2
    assert result.exit_code == 0


def test_a_server_error_is_retried(tmp_path: Path, server: LinkServer) -> None:
    _, data = check(write_syllabus(tmp_path, [{"paper": server.url("/flaky")}]))
    assert (data["links"][0]["verdict"], data["links"][0]["attempts"]) == ("ok", 2)
    assert server.paths().count("/flaky") == 2


def test_each_address_is_checked_once(tmp_path: Path, server: LinkServer) -> None:
    shared = server.url("/ok")
    path = write_syllabus(tmp_path, [{"paper": shared}, {"slides": shared}], {"forum": shared})
    _, data = check(path)
    assert server.requests == [("HEAD", "/ok")]
    assert data["checked"] == 1
    uses = data["links"][0]["uses"]
    assert [use.get("paper") or use.get("group_link") for use in uses] == ["p0", "p1", "forum"]


def test_no_site_gets_more_than_per_host_requests_at_once(tmp_path: Path) -> None:
    both = InFlight()
    hosts = [LinkServer("127.0.0.1", shared=both), LinkServer("127.0.0.2", shared=both)]
    try:
        papers = [{"paper": hosts[0].url(f"/slow/0.2/{i}"), "slides": hosts[1].url(f"/slow/0.2/{i}")} for i in range(8)]
        _, data = check(write_syllabus(tmp_path, papers), "--per-host", "2", "--concurrency", "10")
    finally:
        for host in hosts:
            host.close()
    assert all(link["verdict"] == "ok" for link in data["links"])
    assert [host.max_in_flight for host in hosts] == [2, 2]
    assert both.peak == 4  # the two hosts were checked at the same time, not one after the other


def test_connections_to_a_site_are_kept_for_its_next_links(tmp_path: Path, server: LinkServer) -> None:
    papers = [{"paper": server.url(f"/slow/0/{i}")} for i in range(12)] + [{"paper": server.url("/no-head")}]
    _, data = check(write_syllabus(tmp_path, papers), "--per-host", "2")
    assert [link["verdict"] for link in data["links"]] == ["ok"] * 13
    assert len(server.requests) == 14  # /no-head: HEAD, then GET
    # Two at a time, each connection used again; only the GET's (its body unread) is not reused.
    assert len(server.clients) <= 3


def test_successes_are_cached_and_failures_checked_again(tmp_path: Path, server: LinkServer) -> None:
    papers = [{"paper": server.url("/ok"), "slides": server.url("/redirect/0"), "video": server.url("/404")}]
    path = write_syllabus(tmp_path, papers)
    check(path)
    server.requests.clear()
    result, data = check(path)
    assert sorted(set(server.paths())) == ["/404"]  # only the link that was not ok
    links = by_url(data)
    assert links[server.url("/ok")]["cached"] is True and links[server.url("/404")]["cached"] is False
    assert links[server.url("/redirect/0")]["verdict"] == "redirected"  # the cached verdict is kept
    assert result.exit_code == 1
    server.requests.clear()
    check(path, "--no-cache")
    assert {"/ok", "/redirect/0", "/404"} <= set(server.paths())


def test_cached_results_older_than_max_age_are_checked_again(
    tmp_path: Path, server: LinkServer, private_cache: Path
) -> None:
    path = write_syllabus(tmp_path, [{"paper": server.url("/ok")}])
    check(path)
    cache = private_cache / "links.json"
    entries = json.loads(cache.read_text(encoding="utf-8"))
    entries[server.url("/ok")]["checked_at"] -= 2 * 3600
    cache.write_text(json.dumps(entries), encoding="utf-8")
    server.requests.clear()
    check(path, "--max-age", "1h")
    assert server.paths() == ["/ok"]
    server.requests.clear()
    check(path, "--max-age", "1d")
    assert server.paths() == []


def test_the_deadline_bounds_the_whole_run(tmp_path: Path, silent: SilentServer) -> None:
    papers = [{"paper": f"{silent.base}/a{i}"} for i in range(3)]
    started = time.monotonic()
    _, data = check(write_syllabus(tmp_path, papers), "--timeout", "30", "--deadline", "1s")
    assert time.monotonic() - started < 10
    assert [link["verdict"] for link in data["links"]] == ["timeout"] * 3
    assert "deadline" in data["links"][0]["detail"]


def test_text_report_groups_problems_by_week_and_paper(tmp_path: Path, server: LinkServer) -> None:
    papers = [{"paper": server.url("/ok"), "video": server.url("/404")}, {"paper": server.url("/redirect/0")}]
    result = invoke("--file", str(write_syllabus(tmp_path, papers)), "check-links", "--timeout", "1")
    assert result.exit_code == 1
    out = result.stdout
    assert "Thu 2018-03-08" in out and "Paper 0" in out and "dead" in out and "404" in out
    assert "→ " + server.url("/ok") in out  # where the redirect went
    assert server.url("/ok") + " " not in out.replace("→ " + server.url("/ok"), "")  # ok links are not listed
    assert "3 links: 1 dead, 1 redirected, 1 ok" in out
    assert "checked 3/3 links" in result.stderr  # plain progress lines when not on a terminal


def test_selection_by_kind_and_track(tmp_path: Path, server: LinkServer) -> None:
    papers = [{"paper": server.url("/ok"), "video": server.url("/404")}]
    result, data = check(write_syllabus(tmp_path, papers, {"forum": server.url("/403")}), "--kind", "paper")
    assert [link["url"] for link in data["links"]] == [server.url("/ok")]
    assert result.exit_code == 0


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    path = write_syllabus(tmp_path, [{"paper": "https://youtu.be/"}])
    for args in (["--kind", "slide"], ["--max-age", "soon"], ["--track", "nope"], ["--per-host", "0"]):
        result = invoke("--file", str(path), "check-links", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("3", 0) == 3.0
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
    assert retry_after("Thu, 01 Jan 2026 00:00:10 GMT", now) == 10.0
    assert retry_after("whenever", now) is None and retry_after(None, now) is None


@pytest.mark.parametrize(
    ("status", "redirected", "verdict"),
    [
        (200, False, "ok"),
        (204, True, "redirected"),
        (404, True, "dead"),
        (410, False, "dead"),
        (403, False, "blocked"),
        (429, False, "rate-limited"),
        (503, False, "error"),
        (400, False, "error"),
    ],
)
def test_verdict_for(status: int, redirected: bool, verdict: str) -> None:
    assert verdict_for(status, redirected) == verdict
