"""HTTP/1.1 requests for link checks: asyncio's transports carry the bytes, llhttp reads them.

llhttp (Node's HTTP parser, through httptools: maintained, and what uvicorn parses with) reads
every answer: status line, header fields, interim answers (100 Continue), bare-LF line ends (a
leniency turned on here), HTTP/1.0, whether the connection stays open. It replaced h11, which
parses the same things in pure Python: benchmarks/http_parsers.py, 1,000 HEADs written and their
answers read, CPU: h11 93-115 ms, httptools 3-5 ms; importing h11 45 ms, httptools 15-19. The whole
`check-links --json` of benchmarks/links.py (100 in flight, 10 per host) went from 0.65 to 0.40 s
of CPU. Earlier figures (benchmarks/http_stacks.py, the checker alone): h11 0.38 s, a hand-written
parser 0.19, aiohttp 0.35, httpx 3.5. The request head is written here (a few lines of text),
refusing any byte that could cut a header short or forge another.

By hand, because no library does it the way a link check needs: names resolved once per host on
daemon threads, every address seen before connecting (so that no redirect leads into a private
network), the next address tried when one does not answer, a few kept connections per site,
bodies never read.
"""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import httptools

from .urls import Target

NetErrorKind = Literal["dns", "refused", "unreachable", "tls", "closed", "protocol"]
# Failures before any server answered: the network (or the name) is not there.
CONNECT_LEVEL: frozenset[NetErrorKind] = frozenset({"dns", "refused", "unreachable"})


class NetError(Exception):
    def __init__(self, kind: NetErrorKind, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None = None
    retry_after: str | None = None


async def resolve(host: str, port: int) -> list[str]:
    """Every address of `host`, in the resolver's order of preference.

    Not loop.getaddrinfo: it runs in the loop's default executor, whose threads asyncio.run
    waits for at the end, so a resolver that hangs (an offline runner with a nameserver
    configured) would hold the run long after its timeouts. Here each lookup has a daemon
    thread that nobody waits for once its answer is no longer wanted."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[tuple[Any, ...]]] = loop.create_future()

    def settle(outcome: list[tuple[Any, ...]] | BaseException) -> None:
        if answer.done():
            return
        if isinstance(outcome, BaseException):
            answer.set_exception(outcome)
        else:
            answer.set_result(outcome)

    def lookup() -> None:
        outcome: list[tuple[Any, ...]] | BaseException
        try:
            outcome = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            outcome = exc
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the run is over
            pass

    # One thread per distinct host; the checker's workers bound how many wait at once.
    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    try:
        infos = await answer
    except (OSError, UnicodeError) as exc:
        raise NetError("dns", "no such host (DNS)") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


MAX_HEAD = 64 * 1024  # status line and headers; more is not a web server's answer
CONNECT_FALLBACK = 2.0  # seconds before trying a host's next address


class _Connection(asyncio.Protocol):
    """One connection: the bytes that arrive go to llhttp (httptools), which says where the head
    of an answer ends (RFC 9112: status line, header fields, an empty line); a body is left
    unread. llhttp does not know that the request was HEAD, so it is only asked for the head:
    interim answers (1xx) are skipped, and the connection is kept when llhttp says it may be
    and nothing arrived after the head."""

    def __init__(self) -> None:
        self.transport: asyncio.BaseTransport | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.busy = False  # a request was sent and its answer is awaited
        self.lost = False
        self.error: BaseException | None = None
        self.answered = False  # any byte of an answer arrived on this connection
        self.parser = httptools.HttpResponseParser(self)  # a fresh one for each request
        self.headers: list[tuple[bytes, bytes]] = []
        self.head: int | None = None  # the status of the final answer's head, once it has ended
        self.size = 0  # bytes of the head so far
        self.invalid: str | None = None  # why the answer is not HTTP
        self.after = False  # bytes (a body, another answer) came after the head
        self.keep = False  # llhttp says the connection may carry another request

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.busy:  # bytes nobody asked for: a broken server's, never read
            self.lost = True
            self.close()
            return
        self.answered = True
        if self.head is not None:
            self.after = True
        elif self.invalid is None:
            self.size += len(data)
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                if self.head is None:
                    self.invalid = "not a valid HTTP answer"
                else:
                    self.after = True  # the answer is read; what follows it is not ours
            if self.head is None and self.size > MAX_HEAD and self.invalid is None:
                self.invalid = "not a valid HTTP answer: its headers never end"
        self._wake()

    # llhttp's callbacks
    def on_message_begin(self) -> None:
        if self.head is not None:
            self.after = True
        self.headers = []

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if not 100 <= status < 200 or status == 101:  # else an interim answer: the real one follows
            self.head = status
            self.keep = self.parser.should_keep_alive()  # asked now: llhttp resets it once a message ends

    def on_body(self, body: bytes) -> None:
        if self.head is not None:
            self.after = True

    def eof_received(self) -> bool:
        self.lost = True
        self._wake()
        return False  # let the transport close itself

    def connection_lost(self, exc: BaseException | None) -> None:
        self.lost, self.error = True, exc
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def request(
        self, method: str, target: Target, headers: list[tuple[str, str]]
    ) -> tuple[Answer, bool]:
        """The answer, and whether the connection can carry another request."""
        assert isinstance(self.transport, asyncio.WriteTransport)
        lines = [f"{method} {target.target} HTTP/1.1"] + [f"{name}: {value}" for name, value in headers]
        head = "\r\n".join(lines) + "\r\n\r\n"
        if _UNSENDABLE.search(head[:-4].replace("\r\n", "\n")):  # a header would be cut or forged
            raise NetError("protocol", "the request cannot be sent: a header is not valid HTTP")
        self.parser = httptools.HttpResponseParser(self)
        self.parser.set_dangerous_leniencies(lenient_optional_cr_before_lf=True)  # bare LF, as h11 took
        self.headers, self.head, self.size, self.invalid, self.after, self.keep = (
            [],
            None,
            0,
            None,
            False,
            False,
        )
        self.busy = True
        self.transport.write(head.encode("latin-1"))
        try:
            while self.head is None:
                if self.invalid is not None:
                    raise NetError("protocol", self.invalid)
                if self.lost:  # an end before the head is all we need to know
                    if isinstance(self.error, OSError):  # reset, broken pipe, TLS alert
                        reason = self.error.strerror or self.error
                        raise NetError("closed", f"the connection broke: {reason}")
                    raise NetError("closed", "the server closed the connection without an answer")
                self.waiter = asyncio.get_running_loop().create_future()
                await self.waiter
        finally:
            self.busy = False
        answer = Answer(self.head, _header(self.headers, b"location"), _header(self.headers, b"retry-after"))
        reusable = method == "HEAD" and self.keep and not (self.lost or self.after)
        return answer, reusable

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


# Anything but visible ASCII, space and tab in the head (the line breaks between lines aside):
# a value with CR or LF in it would end its header early and start another.
_UNSENDABLE = re.compile(r"[^\t\n\x20-\x7e]")


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    """A header's first value: UTF-8 where servers send it raw (Location often does), else Latin-1."""
    for key, value in headers:
        if key == name:
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return value.decode("latin-1")
    return None


class Pool:
    """Open connections to one site (scheme, host, port), to reuse for its next links."""

    def __init__(self, target: Target, addresses: list[str], tls: ssl.SSLContext | None) -> None:
        self.target = target
        self.addresses = addresses
        self.tls = tls
        self.idle: list[_Connection] = []
        self.connected = False  # a TCP connection to this site was made at least once
        self.closed = False

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        failure = NetError("unreachable", "cannot connect")
        for index, address in enumerate(self.addresses):
            # An address that does not answer (an IPv6 route that drops packets) gets a few
            # seconds before the next one is tried; the last one, the rest of the attempt.
            wait = CONNECT_FALLBACK if index < len(self.addresses) - 1 else None
            try:
                async with asyncio.timeout(wait):
                    _, connection = await loop.create_connection(
                        _Connection,
                        address,
                        self.target.port,
                        ssl=self.tls,
                        server_hostname=self.target.host if self.tls else None,
                    )
            except TimeoutError:
                failure = NetError("unreachable", "cannot connect: no answer")
            except ssl.SSLError as exc:  # the server answered, but not with a certificate we trust
                self.connected = True
                raise NetError("tls", f"TLS: {exc.reason or exc}") from None
            except ConnectionRefusedError:
                failure = NetError("refused", "connection refused")
            except OSError as exc:
                unreachable = exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
                detail = "network unreachable" if unreachable else f"cannot connect: {exc.strerror or exc}"
                failure = NetError("unreachable", detail)
            else:
                self.connected = True
                return connection
        raise failure

    def _idle(self) -> _Connection | None:
        """A kept connection still open (one that sent stray bytes has closed itself)."""
        while self.idle:
            connection = self.idle.pop()
            if not connection.lost:
                connection.answered = False
                return connection
            connection.close()
        return None

    async def request(self, method: str, headers: list[tuple[str, str]], target: Target) -> Answer:
        connection = self._idle()
        reused = connection is not None
        if connection is None:
            connection = await self._connect()
        try:
            try:
                answer, reusable = await connection.request(method, target, headers)
            except NetError as exc:
                if not reused or exc.kind != "closed" or connection.answered:
                    raise
                # The server closed the kept connection just as it was used: once more on a new one.
                connection.close()
                connection = await self._connect()
                answer, reusable = await connection.request(method, target, headers)
        except BaseException:
            connection.close()
            raise
        if reusable and not self.closed:
            self.idle.append(connection)
        else:
            connection.close()  # a GET's body is not read: the connection cannot be reused
        return answer

    def close(self) -> None:
        self.closed = True
        while self.idle:
            self.idle.pop().close()
