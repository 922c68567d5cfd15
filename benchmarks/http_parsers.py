"""The HTTP/1.1 parsers check-links could use, on their own: CPU to write 1,000 HEAD requests and
read their answers (status line and headers) with h11 and with httptools (llhttp), and what
importing each costs. No network; medians of a few rounds.

    pip install h11                 # readgroup depends on httptools only
    python benchmarks/http_parsers.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n"
HEADERS = [("Host", "127.0.0.1:8000"), ("User-Agent", "readgroup-link-check/0.1"), ("Accept", "*/*")]
N = 1000


def with_h11() -> None:
    import h11

    for n in range(N):
        connection = h11.Connection(h11.CLIENT, max_incomplete_event_size=65536)
        connection.send(h11.Request(method="HEAD", target=f"/doc/{n}", headers=HEADERS))
        connection.send(h11.EndOfMessage())
        connection.receive_data(ANSWER)
        assert connection.next_event().status_code == 200  # type: ignore[union-attr]
        assert isinstance(connection.next_event(), h11.EndOfMessage)


class _Head:
    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        self.done = True


def with_httptools() -> None:
    import httptools

    for n in range(N):
        lines = [f"HEAD /doc/{n} HTTP/1.1"] + [f"{name}: {value}" for name, value in HEADERS]
        ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        head = _Head()
        parser = httptools.HttpResponseParser(head)
        parser.feed_data(ANSWER)
        assert head.done and parser.get_status_code() == 200 and parser.should_keep_alive()


def import_cost(module: str) -> float:
    code = f"import time; t = time.process_time(); import {module}; print(time.process_time() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs)


def main() -> None:
    for name, function in (("h11", with_h11), ("httptools", with_httptools)):
        function()  # imported and warm
        runs = []
        for _ in range(5):
            started = time.process_time()
            function()
            runs.append(time.process_time() - started)
        module = "h11" if name == "h11" else "httptools"
        print(
            f"{name:>9}: {statistics.median(runs) * 1000:6.1f} ms CPU per {N:,} HEADs, "
            f"import {import_cost(module) * 1000:4.0f} ms"
        )


if __name__ == "__main__":
    main()
