"""HTTP/1.1 requests for link checks: asyncio's transports carry the bytes, h11 reads them.

h11 (a maintained, sans-I/O HTTP/1.1 library) parses every answer: status line, header fields,
interim answers (100 Continue), bare-LF line ends, HTTP/1.0, whether the connection stays open,
and a limit on the size of a head (max_incomplete_event_size). It replaced a hand-written parser
that cost less CPU, by a margin not worth owning a parser for. benchmarks/http_stacks.py, 1,000
HEADs, CPU seconds with the library imported, medians on a shared, loaded machine: the whole
checker 0.38 on h11 (0.36-0.40 over runs) against 0.19 with the hand parser, i.e. 0.2 ms a link,
small beside the command's start-up; in the same runs httpx 3.5, httpcore alone 2.2, aiohttp 0.35,
h11 alone on asyncio streams 0.32, a bare protocol reading only the status line 0.13. h11 fed from
an asyncio.Protocol and h11 on asyncio streams cost the same within noise; the protocol is used
because it sees bytes arriving on an idle connection, and resets, without private attributes.

By hand, because no library does it the way a link check needs: names resolved once per host on
daemon threads, every address seen before connecting (so that no redirect leads into a private
network), the next address tried when one does not answer, a few kept connections per site,
bodies never read.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import h11

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
    """One connection: the bytes that arrive go to h11, which says where the head of an answer
    ends (RFC 9112: status line, header fields, an empty line); any body is left unread."""

    def __init__(self) -> None:
        self.transport: asyncio.BaseTransport | None = None
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD)
        self.waiter: asyncio.Future[None] | None = None
        self.busy = False  # a request was sent and its answer is awaited
        self.lost = False
        self.error: BaseException | None = None
        self.answered = False  # any byte of an answer arrived on this connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.busy:  # bytes nobody asked for: a broken server's, never read
            self.lost = True
            self.close()
            return
        self.http.receive_data(data)
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

    async def request(
        self, method: str, target: Target, headers: list[tuple[str, str]]
    ) -> tuple[Answer, bool]:
        """The answer, and whether the connection can carry another request."""
        assert isinstance(self.transport, asyncio.WriteTransport)
        http = self.http
        try:
            data = http.send(h11.Request(method=method, target=target.target, headers=headers))
        except h11.LocalProtocolError:  # its message would quote the headers, credentials too
            raise NetError("protocol", "the request cannot be sent: a header is not valid HTTP") from None
        self.busy = True
        self.transport.write(data + (http.send(h11.EndOfMessage()) or b""))
        try:
            while True:
                event = http.next_event()
                if event is h11.NEED_DATA:
                    if self.lost:  # h11 is not told: an end before the head is all we need to know
                        if isinstance(self.error, OSError):  # reset, broken pipe, TLS alert
                            reason = self.error.strerror or self.error
                            raise NetError("closed", f"the connection broke: {reason}")
                        raise NetError("closed", "the server closed the connection without an answer")
                    self.waiter = asyncio.get_running_loop().create_future()
                    await self.waiter
                elif isinstance(event, h11.Response):
                    break
                # else an interim answer (100 Continue): the real one follows
        except h11.RemoteProtocolError as exc:
            endless = exc.error_status_hint == 431  # h11's max_incomplete_event_size was passed
            raise NetError(
                "protocol", "not a valid HTTP answer" + (": its headers never end" if endless else "")
            ) from None
        finally:
            self.busy = False
        answer = Answer(
            event.status_code, _header(event.headers, b"location"), _header(event.headers, b"retry-after")
        )
        # After HEAD, h11 knows that no body follows and reads the end of the answer at once; from
        # the versions and Connection headers it decides whether the connection stays open.
        reusable = False
        if method == "HEAD" and not self.lost:
            try:
                ended = isinstance(http.next_event(), h11.EndOfMessage)
            except h11.RemoteProtocolError:
                ended = False
            if ended and http.our_state is http.their_state is h11.DONE and not http.trailing_data[0]:
                http.start_next_cycle()
                reusable = True
        return answer, reusable

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


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
