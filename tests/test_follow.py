"""A member follows a group's published papers.toml: a cached copy, refreshed at most daily,
read offline with a note, never edited. Real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, invoke

from readgroup import follow


class FileServer:
    """Serves one file at /papers.toml with an ETag, answering If-None-Match with 304."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.owner = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/papers.toml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def etag(self) -> str:
        return f'"{hash(self.body) & 0xFFFFFFFF:x}"'

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner: FileServer = self.server.owner  # type: ignore[attr-defined]
        owner.requests.append(dict(self.headers))
        if self.path != "/papers.toml":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == owner.etag:
            self.send_response(304)
            self.send_header("ETag", owner.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", owner.etag)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(owner.body)))
        self.end_headers()
        self.wfile.write(owner.body)


@pytest.fixture
def server() -> Iterator[FileServer]:
    found = FileServer(DATA.read_bytes())
    yield found
    found.close()


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Another machine: a folder with no data/papers.toml, no proxies."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    return folder


def age(days: float) -> None:
    """Pretend the copy was last checked `days` ago (a day passes)."""
    state = follow.load_state(os.environ, follow.followed_url(os.environ) or "")
    assert state.checked_at is not None
    follow.save_state(os.environ, replace(state, checked_at=state.checked_at - days * 86400, failed_at=None))


def test_follow_then_read_fresh_without_any_request(server: FileServer, elsewhere: Path) -> None:
    result = invoke("follow", server.url)
    assert result.exit_code == 0, result.output
    assert f"Following PyTorch Taipei (22 papers) from {server.url}." in result.stdout
    assert len(server.requests) == 1
    nxt = invoke("next", "--today", "2018-03-20")
    assert nxt.exit_code == 0, nxt.output
    assert "NIN" in nxt.stdout and nxt.stderr == ""  # not the shipped example, and no note
    for command in ("schedule", "progress", "missing"):
        assert invoke(command).exit_code in (0, 1)
    assert len(server.requests) == 1  # a fresh copy costs no network at all


def test_a_day_later_a_conditional_request_keeps_the_copy(server: FileServer, elsewhere: Path) -> None:
    assert invoke("follow", server.url).exit_code == 0
    age(1.5)
    result = invoke("next", "--today", "2018-03-20")
    assert result.exit_code == 0 and result.stderr == ""
    assert server.requests[-1].get("If-None-Match") == server.etag
    state = follow.load_state(os.environ, server.url)
    assert state.checked_at is not None and time.time() - state.checked_at < 60


def test_a_changed_file_replaces_the_copy(server: FileServer, elsewhere: Path) -> None:
    assert invoke("follow", server.url).exit_code == 0
    server.body = server.body.replace(b'name = "PyTorch Taipei"', b'name = "PyTorch Taipei, spring"')
    age(2)
    data = json.loads(invoke("schedule", "--json").stdout)
    assert data["group"]["name"] == "PyTorch Taipei, spring"


def test_a_broken_upstream_file_never_replaces_a_good_copy(server: FileServer, elsewhere: Path) -> None:
    assert invoke("follow", server.url).exit_code == 0
    good = follow.copy_path(os.environ).read_bytes()
    server.body = server.body.replace(b"[papers.links]\n", b'[papers.links]\nslide = "x"\n', 1)
    age(2)
    result = invoke("next", "--today", "2018-03-20")
    assert result.exit_code == 0, result.output
    assert "NIN" in result.stdout
    assert (
        "the followed group's file is broken now" in result.stderr
        and "did you mean 'slides'" in result.stderr
    )
    assert follow.copy_path(os.environ).read_bytes() == good
    again = invoke("next", "--today", "2018-03-20")  # within the retry pause: the same note
    assert "the followed group's file is broken now" in again.stderr
    refresh = invoke("follow", "--refresh")
    assert refresh.exit_code == 3 and "is kept" in refresh.stderr


def test_offline_the_copy_is_read_with_a_note_and_the_server_is_not_asked_again_soon(
    server: FileServer, elsewhere: Path
) -> None:
    assert invoke("follow", server.url).exit_code == 0
    online = invoke("next", "--today", "2018-03-20")
    server.close()
    age(2)
    offline = invoke("next", "--today", "2018-03-20")
    assert offline.exit_code == 0, offline.output
    assert offline.stdout == online.stdout
    assert "readgroup: could not refresh the followed syllabus (connection refused)" in offline.stderr
    assert "(2 days ago)" in offline.stderr
    state = follow.load_state(os.environ, server.url)
    assert state.failed_at is not None
    # Within the retry pause the note stays and no connection is tried (failed_at is unchanged).
    again = invoke("next", "--today", "2018-03-20")
    assert "could not refresh" in again.stderr
    assert follow.load_state(os.environ, server.url).failed_at == state.failed_at


def test_edits_refuse_a_followed_copy(server: FileServer, elsewhere: Path) -> None:
    assert invoke("follow", server.url).exit_code == 0
    before = follow.copy_path(os.environ).read_bytes()
    for edit in (["assign", "lenet", "Alice"], ["set-link", "nin", "notes", "https://example.org/n"]):
        result = invoke(*edit)
        assert result.exit_code == 2, result.output
        assert f"the copy of {server.url} that `readgroup follow` keeps" in result.stderr
        assert "--file PATH" in result.stderr
    assert follow.copy_path(os.environ).read_bytes() == before
    # A new file may still start from it.
    out = invoke("reschedule", "--start", "2019-03-07", "-o", "spring.toml")
    assert out.exit_code == 0, out.output and (elsewhere / "spring.toml").is_file()


def test_a_local_file_wins_over_the_followed_copy(server: FileServer, elsewhere: Path) -> None:
    assert invoke("follow", server.url).exit_code == 0
    (elsewhere / "data").mkdir()
    (elsewhere / "data" / "papers.toml").write_bytes(
        DATA.read_bytes().replace(b'name = "PyTorch Taipei"', b'name = "Local"')
    )
    assert json.loads(invoke("schedule", "--json").stdout)["group"]["name"] == "Local"
    again = invoke("follow", server.url)
    assert "note: here ./data/papers.toml wins over the followed copy" in again.stderr


def test_follow_status_and_stop_keep_the_config_files_comments(
    server: FileServer, elsewhere: Path, own_settings: Path
) -> None:
    config = own_settings / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('# who I am\nmember = "Alice"  # me\n', encoding="utf-8")
    assert invoke("follow", server.url).exit_code == 0
    assert (
        config.read_text(encoding="utf-8") == f'# who I am\nmember = "Alice"  # me\nfollow = "{server.url}"\n'
    )
    status = invoke("follow")
    assert status.exit_code == 0 and f"Following {server.url}" in status.stdout
    data = json.loads(invoke("follow", "--json").stdout)
    assert data["url"] == server.url and data["etag"] == server.etag
    stopped = invoke("follow", "--stop")
    assert stopped.exit_code == 0 and "Stopped following" in stopped.stdout
    assert config.read_text(encoding="utf-8") == '# who I am\nmember = "Alice"  # me\n'
    assert not follow.copy_path(os.environ).exists()
    assert "example shipped with readgroup" in invoke("next").stderr
    assert invoke("follow").stdout.startswith("Not following any group.")


def test_what_cannot_be_followed(
    server: FileServer, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = invoke("follow", server.url.replace("papers.toml", "nope.toml"))
    assert missing.exit_code == 3 and "the server answered 404 Not Found" in missing.stderr
    not_http = invoke("follow", "file:///etc/passwd")
    assert not_http.exit_code == 2 and "not an http(s) address" in not_http.stderr
    page = invoke("follow", "https://github.com/pecu/readgroup/blob/main/data/papers.toml")
    assert page.exit_code == 2
    assert "https://raw.githubusercontent.com/pecu/readgroup/main/data/papers.toml" in page.stderr
    server.body = b"<!DOCTYPE html><html><body>hello</body></html>"
    html = invoke("follow", server.url)
    assert html.exit_code == 3 and "is a web page, not the raw papers.toml" in html.stderr
    server.body = DATA.read_bytes()
    monkeypatch.setattr(follow, "MAX_BYTES", 1000)
    big = invoke("follow", server.url)
    assert big.exit_code == 3 and "larger than" in big.stderr
    # Nothing was followed by any of these.
    assert follow.followed_url(os.environ) is None and "Traceback" not in big.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_member_on_another_machine_follows_asks_goes_offline_and_asks_again(tmp_path: Path) -> None:
    """The whole story with the console script and Python's own http.server."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "papers.toml").write_bytes(DATA.read_bytes())
    port = _free_port()
    http = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        home = tmp_path / "member"
        home.mkdir()
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("READGROUP_") and "proxy" not in k.lower()
        }
        env.update(
            NO_COLOR="1",
            COLUMNS="120",
            READGROUP_CONFIG_DIR=str(home / "config"),
            READGROUP_CACHE_DIR=str(home / "cache"),
        )
        script = Path(sys.executable).with_name("readgroup")

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(script), *args], cwd=home, env=env, capture_output=True, text=True, timeout=60
            )

        url = f"http://127.0.0.1:{port}/papers.toml"
        followed = run("follow", url)
        assert followed.returncode == 0, followed.stderr
        online = run("next", "--today", "2018-04-01")
        assert online.returncode == 0 and online.stderr == "", online.stderr
        assert "No meeting on Thu 2018-04-05: Tomb-Sweeping Day holiday" in online.stdout
    finally:
        http.terminate()
        http.wait(timeout=10)
    state_file = home / "cache" / "follow" / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["checked_at"] -= 86400 + 60  # a day later
    state_file.write_text(json.dumps(state), encoding="utf-8")
    offline = run("next", "--today", "2018-04-01")
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout == online.stdout
    assert "could not refresh the followed syllabus (connection refused)" in offline.stderr
    edit = run("skip", "2018-04-19", "--reason", "exams")
    assert edit.returncode == 2 and "readgroup follow" in edit.stderr


def test_tab_completion_reads_the_followed_copy_without_the_network(
    server: FileServer, elsewhere: Path
) -> None:
    from conftest import ENV, runner

    from readgroup.cli import app

    assert invoke("follow", server.url).exit_code == 0
    age(3)
    asked = len(server.requests)
    env = {
        **ENV,
        "_READGROUP_COMPLETE": "complete_bash",
        "COMP_WORDS": "readgroup show ss",
        "COMP_CWORD": "2",
    }
    result = runner.invoke(app, [], env=env, prog_name="readgroup")
    assert result.stdout.split() == ["ss", "ssd"] and result.stderr == ""
    assert len(server.requests) == asked


def test_last_modified_alone_revalidates_too(tmp_path: Path, elsewhere: Path) -> None:
    """Python's own http.server sends Last-Modified and no ETag; it answers If-Modified-Since."""
    import functools
    from http.server import SimpleHTTPRequestHandler

    site = tmp_path / "site"
    site.mkdir()
    (site / "papers.toml").write_bytes(DATA.read_bytes())
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/papers.toml"
        assert invoke("follow", url).exit_code == 0
        first = follow.load_state(os.environ, url)
        assert first.etag is None and first.last_modified
        age(2)
        assert invoke("next").exit_code == 0
        after = follow.load_state(os.environ, url)
        assert after.fetched_at == first.fetched_at  # no new content arrived: a 304
        assert after.checked_at is not None and first.checked_at is not None
        assert after.checked_at >= first.checked_at
    finally:
        httpd.shutdown()
        httpd.server_close()
