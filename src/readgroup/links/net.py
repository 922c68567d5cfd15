"""HTTP/1.1 requests on asyncio streams, the protocol parsed by h11.

Hand-written on purpose: with httpx (and with httpcore alone) a run spent most of its time in
the HTTP stack's own Python code; h11 on asyncio streams checked the same 1,000 links 3-4x
faster than httpx and faster than aiohttp (figures in benchmarks/links.py). A link check needs
little: resolve a host once, connect to one of its addresses, send HEAD or GET, read the
status line and headers, keep the connection for the next request to the same site.
Resolving here also lets the checker see every address before it connects to it.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import h11

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
    """Every address of `host`, in the resolver's order of preference."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NetError("dns", "no such host (DNS)") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.protocol = h11.Connection(h11.CLIENT)
        self.answered = False  # any byte of an answer arrived on this connection

    async def request(self, method: str, target: Target, headers: list[tuple[str, str]]) -> Answer:
        """Send one request; read the status line and headers (and nothing of a body)."""
        try:
            request = h11.Request(method=method, target=target.target, headers=headers)
            self.writer.write(self.protocol.send(request) + (self.protocol.send(h11.EndOfMessage()) or b""))
            while True:
                event = self.protocol.next_event()
                if event is h11.NEED_DATA:
                    data = await self.reader.read(_READ)
                    if not data and not self.answered:
                        raise NetError("closed", "the server closed the connection without an answer")
                    self.answered = True
                    self.protocol.receive_data(data)
                elif isinstance(event, h11.Response):
                    answer = Answer(
                        event.status_code,
                        _header(event.headers, b"location"),
                        _header(event.headers, b"retry-after"),
                    )
                    if method == "HEAD":  # no body follows: h11 marks the end, the connection can be reused
                        while self.protocol.next_event() is h11.NEED_DATA:
                            data = await self.reader.read(_READ)
                            if not data:
                                break
                            self.protocol.receive_data(data)
                    return answer
                elif isinstance(event, h11.ConnectionClosed):
                    raise NetError("closed", "the server closed the connection without an answer")
        except h11.ProtocolError as exc:
            raise NetError("protocol", f"not a valid HTTP answer: {exc}") from None
        except OSError as exc:  # reset, broken pipe, TLS alert after the handshake
            raise NetError("closed", f"the connection broke: {exc.strerror or exc}") from None

    def reusable(self) -> bool:
        if self.protocol.our_state is h11.DONE and self.protocol.their_state is h11.DONE:
            self.protocol.start_next_cycle()
            self.answered = False
            return True
        return False

    def close(self) -> None:
        self.writer.close()


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
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
        failure = NetError("unreachable", "cannot connect")
        for address in self.addresses:
            try:
                reader, writer = await asyncio.open_connection(
                    address,
                    self.target.port,
                    ssl=self.tls,
                    server_hostname=self.target.host if self.tls else None,
                )
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
                return _Connection(reader, writer)
        raise failure

    async def request(self, method: str, headers: list[tuple[str, str]], target: Target) -> Answer:
        reused = bool(self.idle)
        connection = self.idle.pop() if reused else await self._connect()
        try:
            try:
                answer = await connection.request(method, target, headers)
            except NetError as exc:
                if not reused or exc.kind != "closed" or connection.answered:
                    raise
                # A kept-alive connection the server had already closed: once more on a new one.
                connection.close()
                connection = await self._connect()
                answer = await connection.request(method, target, headers)
        except BaseException:
            connection.close()
            raise
        if method == "HEAD" and not self.closed and connection.reusable():
            self.idle.append(connection)
        else:
            connection.close()  # a GET's body is not read: the connection cannot be reused
        return answer

    def close(self) -> None:
        self.closed = True
        while self.idle:
            self.idle.pop().close()
