"""HTTP/1.1 requests for link checks, on asyncio's transports, the answers parsed by hand.

Hand-written on purpose, after measuring (benchmarks/http_stacks.py: CPU seconds for 1,000
HEADs, the library already imported): httpx 3.0, httpcore alone 1.9, aiohttp 0.27 (and 0.37 more
to import it), h11 on asyncio streams 0.28, this module with the whole checker 0.19, a bare
protocol reading only the status line 0.11. A link check needs little of HTTP: resolve a host
once, connect to one of its addresses, send HEAD or GET, read the status line and headers (never
a body), keep the connection for the next HEAD to the same site. Resolving here also lets the
checker see every address before it connects to it.
"""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any, Literal

from .urls import Target

NetErrorKind = Literal["dns", "refused", "unreachable", "tls", "closed", "protocol"]
# Failures before any server answered: the network (or the name) is not there.
CONNECT_LEVEL: frozenset[NetErrorKind] = frozenset({"dns", "refused", "unreachable"})
_READ = 65536


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


_HEAD_END = re.compile(rb"\r?\n\r?\n")
_STATUS_LINE = re.compile(rb"HTTP/1\.([01]) ([1-9][0-9][0-9])(?:[ \t][^\r\n]*)?\r?")
MAX_HEAD = 64 * 1024  # status line and headers; more is not a web server's answer
CONNECT_FALLBACK = 2.0  # seconds before trying a host's next address


class _Connection(asyncio.Protocol):
    """One connection: sends a request, collects the head of the answer (RFC 9112: status line,
    header fields, an empty line) and leaves any body unread."""

    def __init__(self) -> None:
        self.transport: asyncio.BaseTransport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[None] | None = None
        self.lost = False
        self.error: BaseException | None = None
        self.answered = False  # any byte of an answer arrived on this connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self.answered = True
        self._wake()

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

    async def request(self, method: str, request: bytes) -> tuple[Answer, bool]:
        """The answer, and whether the connection can carry another request."""
        assert isinstance(self.transport, asyncio.WriteTransport)
        self.transport.write(request)
        while (end := _HEAD_END.search(self.buffer)) is None:
            if len(self.buffer) > MAX_HEAD:
                raise NetError("protocol", "not a valid HTTP answer: its headers never end")
            if self.lost:
                if isinstance(self.error, OSError):  # reset, broken pipe, TLS alert
                    raise NetError("closed", f"the connection broke: {self.error.strerror or self.error}")
                raise NetError("closed", "the server closed the connection without an answer")
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter
        head = bytes(self.buffer[: end.start()])
        del self.buffer[: end.end()]
        version, status, fields = _parse_head(head)
        if status < 200:  # 100 Continue and other interim answers: the real one follows
            return await self.request(method, b"")
        connection = {token.strip() for token in _text(fields.get(b"connection")).lower().split(",")}
        keep = "close" not in connection if version == 1 else "keep-alive" in connection
        reusable = method == "HEAD" and keep and not self.buffer and not self.lost
        location, wait = fields.get(b"location"), fields.get(b"retry-after")
        answer = Answer(
            status, None if location is None else _text(location), None if wait is None else _text(wait)
        )
        return answer, reusable

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def _text(value: bytes | None) -> str:
    """A header value: UTF-8 where servers send it raw (Location often does), else Latin-1."""
    if not value:
        return ""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _parse_head(head: bytes) -> tuple[int, int, dict[bytes, bytes]]:
    """(minor version, status, {lower-case field name: first value}) of an answer's head."""
    lines = head.split(b"\n")
    status_line = _STATUS_LINE.fullmatch(lines[0])
    if status_line is None:
        raise NetError("protocol", "not a valid HTTP answer")
    fields: dict[bytes, bytes] = {}
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t"):
            continue  # an obsolete continuation line: nothing a link check reads
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            raise NetError("protocol", "not a valid HTTP answer: a malformed header line")
        fields.setdefault(name.lower(), value.strip(b" \t\r"))
    return int(status_line[1]), int(status_line[2]), fields


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
        """A kept connection still open and quiet (stray bytes would be a broken server's)."""
        while self.idle:
            connection = self.idle.pop()
            if not connection.lost and not connection.buffer:
                connection.answered = False
                return connection
            connection.close()
        return None

    async def request(self, method: str, headers: list[tuple[str, str]], target: Target) -> Answer:
        lines = [f"{method} {target.target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        connection = self._idle()
        reused = connection is not None
        if connection is None:
            connection = await self._connect()
        try:
            try:
                answer, reusable = await connection.request(method, request)
            except NetError as exc:
                if not reused or exc.kind != "closed" or connection.answered:
                    raise
                # The server closed the kept connection just as it was used: once more on a new one.
                connection.close()
                connection = await self._connect()
                answer, reusable = await connection.request(method, request)
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
