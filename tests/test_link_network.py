"""check-links where the network misbehaves: no way out at all, a server that drips its answer,
redirects into a private network, credentials in URLs, a broken cache, senseless values.
Every server is a real one on 127.0.0.x started here; "no network" is a resolver that fails
as it does on an offline CI runner, so nothing is ever sent off the machine."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import invoke
from linkserver import DrippingServer, LinkServer, RawServer, refused_url
from test_check_links import by_url, check, write_syllabus

from readgroup.links import urls

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture
def no_dns_for_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names under .invalid fail to resolve the way they do with no network (EAI_AGAIN);
    everything else resolves as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# -- 1. no network ---------------------------------------------------------------------------


@pytest.mark.usefixtures("no_dns_for_invalid")
def test_with_no_network_links_are_unreachable_not_dead(tmp_path: Path, private_cache: Path) -> None:
    papers = [{"paper": "http://papers.invalid/lenet.pdf", "slides": "https://slides.invalid/x"}]
    path = write_syllabus(tmp_path, papers, {"forum": refused_url()})
    private_cache.mkdir()
    kept = {"https://kept.invalid/": {"verdict": "ok", "status": 200, "final_url": None, "checked_at": 1e12}}
    (private_cache / "links.json").write_text(json.dumps(kept), encoding="utf-8")
    result, data = check(path)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("could not reach any host: offline?") == 1
    assert [link["verdict"] for link in data["links"]] == ["unreachable"] * 3
    assert data["offline"] is True and data["summary"] == {"unreachable": 3}
    assert by_url(data)["http://papers.invalid/lenet.pdf"]["detail"] == "no such host (DNS)"
    assert json.loads((private_cache / "links.json").read_text(encoding="utf-8")) == kept  # nothing forgotten

    text = invoke("--file", str(path), "check-links", "--timeout", "1")
    assert text.exit_code == 0 and "3 links: 3 unreachable" in text.stdout
    assert "could not reach any host: offline?" in text.stderr


@pytest.mark.usefixtures("no_dns_for_invalid")
def test_an_unknown_host_among_reachable_ones_is_dead(tmp_path: Path, server: LinkServer) -> None:
    papers = [{"paper": server.url("/ok"), "slides": "http://gone.invalid/slides", "video": refused_url()}]
    result, data = check(write_syllabus(tmp_path, papers))
    links = by_url(data)
    assert result.exit_code == 1
    assert (
        links["http://gone.invalid/slides"]["verdict"],
        links["http://gone.invalid/slides"]["detail"],
    ) == (
        "dead",
        "no such host (DNS)",
    )
    assert links[papers[0]["video"]]["detail"] == "connection refused"
    assert data["offline"] is False and "offline" not in result.stderr


def test_a_resolver_that_hangs_does_not_hold_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An offline runner with a nameserver configured: lookups hang. The run ends with its
    timeouts, without waiting for the lookups (released only after it has ended)."""
    import threading

    release, finished = threading.Event(), []
    real = socket.getaddrinfo

    def hanging(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(".invalid"):
            release.wait(60)
            finished.append(host)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    papers = [{"paper": f"http://host{n}.invalid/paper.pdf"} for n in range(10)]
    try:
        result, data = check(write_syllabus(tmp_path, papers), "--timeout", "0.5")
        assert finished == []  # the run did not wait for a single lookup
    finally:
        release.set()
    assert [link["verdict"] for link in data["links"]] == ["unreachable"] * 10
    assert "could not reach any host: offline?" in result.stderr and result.exit_code == 0


# -- 2. a total time per request ------------------------------------------------------------


def test_a_server_dripping_its_answer_still_times_out(tmp_path: Path) -> None:
    dripping = DrippingServer(interval=0.25)
    try:
        result, data = check(write_syllabus(tmp_path, [{"paper": dripping.base + "/slow"}]), "--retries", "0")
    finally:
        dripping.close()
    link = data["links"][0]
    assert (link["verdict"], link["detail"]) == ("timeout", "no answer within 1 s")
    assert dripping.sent < len(DrippingServer.ANSWER)  # given up before the answer was complete


# -- answers no library would send -----------------------------------------------------------


def test_odd_answers_get_honest_verdicts(tmp_path: Path) -> None:
    raw = RawServer(
        {
            "/lf-only": b"HTTP/1.0 200 OK\nServer: old\n\n",
            "/interim": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
            "/no-reason": b"HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
            "/utf8-location": "HTTP/1.1 301 Moved\r\nLocation: /lf-only?q=論文\r\n\r\n".encode(),
            "/garbage": b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
            "/bad-header": b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "/endless-header": b"HTTP/1.1 200 OK\r\nX-Big: " + b"x" * 70_000,
            "/hang-up": b"",
        }
    )
    try:
        papers = [{kind: raw.base + path} for kind, path in zip(["paper"] * 8, raw.answers, strict=True)]
        _, data = check(write_syllabus(tmp_path, papers), "--retries", "0")
    finally:
        raw.close()
    found = {link["url"].removeprefix(raw.base): (link["verdict"], link["status"]) for link in data["links"]}
    assert found == {
        "/lf-only": ("ok", 200),
        "/interim": ("ok", 204),
        "/no-reason": ("dead", 404),
        "/utf8-location": ("redirected", 200),
        "/garbage": ("error", None),
        "/bad-header": ("error", None),
        "/endless-header": ("error", None),
        "/hang-up": ("error", None),
    }
    details = {link["url"].removeprefix(raw.base): link["detail"] for link in data["links"]}
    assert details["/garbage"] == "not a valid HTTP answer"
    assert details["/hang-up"] == "the server closed the connection without an answer"
    assert by_url(data)[raw.base + "/utf8-location"]["final_url"] == raw.base + "/lf-only?q=論文"


# -- https -----------------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[LinkServer, Path]]:
    """A real HTTPS server on 127.0.0.1 with a certificate made here (openssl) and trusted by no one."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    running = LinkServer("127.0.0.1", tls=context)
    yield running, cert
    running.close()


def test_https_is_checked_and_an_untrusted_certificate_is_an_error(
    tmp_path: Path, tls_server: tuple[LinkServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls_server
    papers = [{"paper": server.url("/ok"), "slides": server.url("/redirect/1"), "video": server.url("/404")}]
    path = write_syllabus(tmp_path, papers)
    result, data = check(path)
    links = by_url(data)
    assert [links[url]["verdict"] for url in papers[0].values()] == ["error"] * 3
    assert "CERTIFICATE_VERIFY_FAILED" in links[server.url("/ok")]["detail"]
    assert data["offline"] is False and result.exit_code == 0  # the server was reached
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted
    result, data = check(path, "--no-cache")
    links = by_url(data)
    assert [links[url]["verdict"] for url in papers[0].values()] == ["ok", "redirected", "dead"]
    assert links[server.url("/redirect/1")]["final_url"] == server.url("/ok")
    assert result.exit_code == 1


# -- 3. redirects and credentials -----------------------------------------------------------


def away(server: LinkServer, to: str) -> str:
    return server.url("/away?to=" + quote(to, safe=""))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("fe80::1", False),
        ("fd00::1", False),
        ("100.64.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("0.0.0.0", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert urls.is_public(address) is public


def pretend_public(monkeypatch: pytest.MonkeyPatch, *addresses: str) -> None:
    """Tests can only run on loopback: let some loopback addresses stand for public ones."""
    real = urls.is_public
    monkeypatch.setattr(urls, "is_public", lambda address: address in addresses or real(address))


def test_a_redirect_from_a_public_site_into_a_private_network_is_not_followed(
    tmp_path: Path, server: LinkServer, other_host: LinkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pretend_public(monkeypatch, "127.0.0.2")
    port = server.base.rsplit(":", 1)[1]
    inside = [server.url("/ok"), f"http://localhost:{port}/ok"]  # an address, and a name resolving to one
    papers = [{"paper": away(other_host, inside[0]), "slides": away(other_host, inside[1])}]
    papers.append({"paper": away(other_host, other_host.url("/ok"))})  # public to public: followed
    result, data = check(write_syllabus(tmp_path, papers))
    links = by_url(data)
    for url, target in zip((papers[0]["paper"], papers[0]["slides"]), inside, strict=True):
        assert (links[url]["verdict"], links[url]["status"], links[url]["final_url"]) == (
            "blocked-redirect",
            302,
            target,
        )
    assert links[papers[1]["paper"]]["verdict"] == "redirected"
    assert server.requests == []  # nothing was sent inside
    assert result.exit_code == 0


def test_loopback_to_loopback_redirects_are_followed(
    tmp_path: Path, server: LinkServer, other_host: LinkServer
) -> None:
    papers = [{"paper": away(other_host, server.url("/ok"))}]
    _, data = check(write_syllabus(tmp_path, papers))
    assert (data["links"][0]["verdict"], data["links"][0]["final_url"]) == ("redirected", server.url("/ok"))


def test_credentials_in_links_are_never_shown_or_stored(
    tmp_path: Path, server: LinkServer, private_cache: Path
) -> None:
    host = server.base.removeprefix("http://")
    secret = f"http://reader:hunter2@{host}/ok"
    moved = server.url("/to-password")
    dead = f"http://TOKENabc123@{host}/404"
    path = write_syllabus(tmp_path, [{"paper": secret, "slides": moved, "video": dead}])
    result, data = check(path)
    shown = [result.stdout, result.stderr]
    text = invoke("--file", str(path), "check-links", "--all", "--no-cache", env={"COLUMNS": "200"})
    shown += [text.stdout, text.stderr, (private_cache / "links.json").read_text(encoding="utf-8")]
    for output in shown:
        for word in ("hunter2", "reader", "s3cr3t-token", "TOKENabc123"):
            assert word not in output
    links = by_url(data)
    assert links[f"http://***@{host}/ok"]["verdict"] == "ok"
    assert links[moved]["final_url"] == f"http://***@{host}/ok"
    assert f"http://***@{host}/404" in text.stdout
    assert urls.redact("https://u:p@[::1/x") == "https://***@[::1/x"  # unparsable URLs too


# -- 4. a broken cache ----------------------------------------------------------------------


def _entry(url: str, **fields: Any) -> dict[str, Any]:
    return {url: {"verdict": "ok", "status": 200, "final_url": None, "checked_at": 4e9} | fields}


BROKEN_CACHES: dict[str, Callable[[str], bytes]] = {
    "garbage bytes": lambda url: b"\xff\xfe\x00\x9c garbage \x00",
    "nested 100,000 deep": lambda url: b"[" * 100_000 + b"]" * 100_000,
    "Infinity": lambda url: json.dumps(_entry(url, checked_at=float("inf"))).encode(),
    "NaN": lambda url: json.dumps(_entry(url, checked_at=float("nan"))).encode(),
    "a list": lambda url: json.dumps([url]).encode(),
    "entry not an object": lambda url: json.dumps({url: "ok"}).encode(),
    "verdict a list": lambda url: json.dumps(_entry(url, verdict=["ok"])).encode(),
    "time a string": lambda url: json.dumps(_entry(url, checked_at="yesterday")).encode(),
    "status a string": lambda url: json.dumps(_entry(url, status="200 [bold]x")).encode(),
    "time a boolean": lambda url: json.dumps(_entry(url, checked_at=True)).encode(),
    "in the future": lambda url: json.dumps(_entry(url, checked_at=1e18)).encode(),
}


@pytest.mark.parametrize("content", BROKEN_CACHES.values(), ids=BROKEN_CACHES.keys())
def test_a_broken_cache_is_ignored_and_rebuilt(
    tmp_path: Path, server: LinkServer, private_cache: Path, content: Callable[[str], bytes]
) -> None:
    url = server.url("/ok")
    private_cache.mkdir()
    (private_cache / "links.json").write_bytes(content(url))
    result, data = check(write_syllabus(tmp_path, [{"paper": url}]))
    assert result.exit_code == 0, result.output
    assert (data["links"][0]["verdict"], data["links"][0]["cached"]) == ("ok", False)
    assert server.paths() == ["/ok"]  # checked, not taken from the broken cache
    rebuilt = json.loads((private_cache / "links.json").read_text(encoding="utf-8"))
    assert rebuilt[url]["verdict"] == "ok" and rebuilt[url]["status"] == 200


def test_a_folder_or_a_huge_file_in_the_caches_place(
    tmp_path: Path, server: LinkServer, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readgroup.links import cache

    url = server.url("/ok")
    path = write_syllabus(tmp_path, [{"paper": url}])
    (private_cache / "links.json" / "inside").mkdir(parents=True)  # a folder with something in it
    result, data = check(path)
    assert result.exit_code == 0 and data["links"][0]["verdict"] == "ok"
    assert "could not save the link cache" in result.stderr
    (private_cache / "links.json" / "inside").rmdir()  # an empty folder is replaced
    check(path)
    assert (private_cache / "links.json").is_file()

    monkeypatch.setattr(cache, "MAX_BYTES", 100)
    (private_cache / "links.json").write_text(json.dumps(_entry(url)) + " " * 200, encoding="utf-8")
    server.requests.clear()
    _, data = check(path)
    assert data["links"][0]["cached"] is False and server.paths() == ["/ok"]


# -- 5. values that make no sense -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--deadline", "9999999999d"],
        ["--deadline", "99999d"],
        ["--timeout", "-1"],
        ["--timeout", "inf"],
        ["--timeout", "nan"],
        ["--timeout", "1e9"],
        ["--concurrency", "0"],
        ["--concurrency", "-5"],
        ["--per-host", "0"],
        ["--retries", "-1"],
        ["--max-age", "9999999999d"],
    ],
)
def test_senseless_values_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = invoke(
        "--file", str(write_syllabus(tmp_path, [{"paper": "https://youtu.be/"}])), "check-links", *args
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and args[0] in result.output


def test_links_that_cannot_be_sent_are_invalid(tmp_path: Path, server: LinkServer) -> None:
    bad = ["http://127.0.0.1:99999/paper.pdf", "http://[::1/slides", "http://127.0.0.1:0/x"]
    papers = [{"paper": bad[0], "slides": bad[1], "video": bad[2], "notes": server.url("/ok")}]
    result, data = check(write_syllabus(tmp_path, papers))
    assert result.exit_code == 0, result.output
    links = by_url(data)
    assert [links[url]["verdict"] for url in bad] == ["invalid"] * 3
    assert "port" in links[bad[0]]["detail"].lower()
    assert server.paths() == ["/ok"]
