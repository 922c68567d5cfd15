"""Real HTTP servers on 127.0.0.x for the link-check tests: each route behaves like a kind of
site a syllabus links to (fine, moved, gone, blocked, rate-limited, flaky, slow)."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote


class InFlight:
    """Requests being answered right now, and the most there ever were at once."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


class LinkServer:
    def __init__(
        self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, shared: InFlight | None = None
    ) -> None:
        """`shared`: a count of requests in flight kept together with other servers."""
        self.requests: list[tuple[str, str]] = []
        self.clients: set[tuple[str, int]] = set()  # one (address, port) per connection
        self.seen: Counter[str] = Counter()
        self.in_flight = InFlight()
        self.meters = [self.in_flight] + ([shared] if shared is not None else [])
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), _Handler)
        self.server.daemon_threads = True
        self.server.owner = self  # type: ignore[attr-defined]
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.base = f"{scheme}://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def max_in_flight(self) -> int:
        return self.in_flight.peak

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for _, path in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _route(self, method: str) -> None:
        owner: LinkServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path
        with owner.lock:
            owner.requests.append((method, path))
            owner.clients.add(self.client_address)
            owner.seen[path] += 1
            first = owner.seen[path] == 1
        for meter in owner.meters:
            meter.enter()
        try:
            self._answer(method, path, first)
        finally:
            for meter in owner.meters:
                meter.leave()

    def _answer(self, method: str, path: str, first: bool) -> None:
        parts = path.strip("/").split("/")
        if path == "/ok":
            return self._send(200)
        if parts[0] == "redirect":  # /redirect/N: a chain of N+1 hops ending at /ok
            hops = int(parts[1])
            return self._send(301 if hops else 302, location="/ok" if hops == 0 else f"/redirect/{hops - 1}")
        if path == "/moved-to-gone":
            return self._send(301, location="/404")
        if path.startswith("/away?to="):  # a redirect to any address, given URL-encoded
            return self._send(302, location=unquote(path.partition("=")[2]))
        if path == "/to-password":  # a redirect to a URL carrying a user name and password
            return self._send(302, location=f"http://bot:s3cr3t-token@{self.headers['Host']}/ok")
        if path == "/loop":
            return self._send(302, location="/loop")
        if parts[0] in ("401", "403", "404", "410"):
            return self._send(int(parts[0]))
        if parts[0] == "retry-after":  # 429 asking to wait N seconds, then fine
            return self._send(429, retry_after=parts[1]) if first else self._send(200)
        if path == "/always-429":
            return self._send(429, retry_after="1")
        if path == "/flaky":  # one server error, then fine
            return self._send(500) if first else self._send(200)
        if path == "/no-head":
            return self._send(405 if method == "HEAD" else 200)
        if parts[0] == "slow":  # /slow/SECONDS[/anything]
            time.sleep(float(parts[1]))
            return self._send(200)
        return self._send(404)

    def _send(self, status: int, *, location: str | None = None, retry_after: str | None = None) -> None:
        body = b"" if self.command == "HEAD" else b"readgroup test page\n"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", str(len(body) if self.command != "HEAD" else 0))
        self.end_headers()
        if body:
            self.wfile.write(body)


class SilentServer:
    """Accepts connections (the kernel does, from the backlog) and never answers."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((host, 0))
        self.socket.listen(64)
        self.base = f"http://{host}:{self.socket.getsockname()[1]}"

    def close(self) -> None:
        self.socket.close()


def refused_url(host: str = "127.0.0.1") -> str:
    """An address where nothing listens: the connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    return f"http://{host}:{port}/paper.pdf"


class DrippingServer:
    """Answers every request with a valid 200, one byte every `interval` seconds: no single read
    waits long, but the whole answer takes `interval` x its length (about 15 s). It stops
    writing as soon as the client hangs up, and after one answer per connection."""

    ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Slow: " + b"." * 24 + b"\r\n\r\n"

    def __init__(self, interval: float = 0.25, host: str = "127.0.0.1") -> None:
        self.interval = interval
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((host, 0))
        self.socket.listen(8)
        self.base = f"http://{host}:{self.socket.getsockname()[1]}"
        self.sent = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(client,), daemon=True).start()

    def _drip(self, client: socket.socket) -> None:
        with client:
            client.recv(65536)
            for byte in self.ANSWER:
                try:
                    client.sendall(bytes([byte]))
                except OSError:
                    return
                self.sent += 1
                time.sleep(self.interval)

    def close(self) -> None:
        self.socket.close()


class RawServer:
    """Answers each request with the exact bytes given for its path, then hangs up: for answers
    no well-behaved server library would send."""

    def __init__(self, answers: dict[str, bytes], host: str = "127.0.0.1") -> None:
        self.answers = answers
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((host, 0))
        self.socket.listen(16)
        self.base = f"http://{host}:{self.socket.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            with client:
                request = client.recv(65536)
                path = request.split(b" ", 2)[1].decode().split("?")[0] if request.count(b" ") >= 2 else ""
                try:
                    client.sendall(self.answers.get(path, b""))
                except OSError:
                    pass

    def close(self) -> None:
        self.socket.close()
