"""Checking links over HTTP: each distinct URL once (HEAD, then GET when a server refuses HEAD),
at most `per_host` at a time to one site, retrying 429 and 5xx with backoff and `Retry-After`,
redirects followed by hand so that none leads from a public site into a private network, each
attempt bounded by `timeout` and the whole run by `deadline`."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import os
import ssl
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin

from ..placeholders import is_placeholder
from . import net, urls
from .report import Result, Settings, Verdict

REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Servers that refuse HEAD answer one of these; the same URL is then fetched with GET.
_HEAD_REFUSED = frozenset({400, 403, 405, 406, 501})


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    import email.utils  # only for the rare date form: it costs start-up time

    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def verdict_for(status: int, redirected: bool) -> Verdict:
    if 200 <= status < 300:
        return "redirected" if redirected else "ok"
    if status in (404, 410):
        return "dead"
    if status in (401, 403):
        return "blocked"
    if status == 429:
        return "rate-limited"
    return "error"


class _Stop(Exception):
    """An answer that settles a link's verdict before a final status (a refused redirect)."""

    def __init__(
        self, verdict: Verdict, detail: str, status: int | None = None, final_url: str | None = None
    ) -> None:
        super().__init__(detail)
        self.verdict, self.detail, self.status, self.final_url = verdict, detail, status, final_url


@dataclass
class Outcome:
    results: dict[str, Result]
    offline: bool  # links were sent and no host at all could be reached


def _quiet(task: asyncio.Task[list[str]]) -> None:
    """A lookup that fails after every link waiting for it gave up: not worth a logged warning."""
    if not task.cancelled():
        task.exception()


class _Checker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lookups: dict[str, asyncio.Task[list[str]]] = {}  # host -> its addresses, resolved once
        self.pools: dict[str, net.Pool] = {}  # Target.key -> open connections
        self.reached = False  # some TCP connection was made
        self.tls: ssl.SSLContext | None = None

    async def addresses_of(self, target: urls.Target) -> list[str]:
        lookup = self.lookups.get(target.host)
        if lookup is None:
            lookup = self.lookups[target.host] = asyncio.ensure_future(net.resolve(target.host, target.port))
            lookup.add_done_callback(_quiet)
        if lookup.done():
            return lookup.result()
        return await asyncio.shield(lookup)  # one link's timeout must not cancel the others' lookup

    async def pool_for(self, target: urls.Target) -> net.Pool:
        pool = self.pools.get(target.key)
        if pool is None:
            addresses = await self.addresses_of(target)
            pool = self.pools.setdefault(target.key, net.Pool(target, addresses, self.tls_for(target)))
        return pool

    def tls_for(self, target: urls.Target) -> ssl.SSLContext | None:
        if target.scheme != "https":
            return None
        if self.tls is None:
            if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
                self.tls = ssl.create_default_context()  # the roots the user points OpenSSL to
            else:
                import certifi  # the same trusted roots as browsers, wherever the system keeps none

                self.tls = ssl.create_default_context(cafile=certifi.where())
        return self.tls

    def close_host(self, host: str | None = None) -> None:
        """Free the connections to one host (every port and scheme), or to all."""
        for key, pool in list(self.pools.items()):
            if host is None or pool.target.host == host:
                del self.pools[key]
                self.reached |= pool.connected
                pool.close()

    async def ask(self, target: urls.Target, origin: urls.Target) -> net.Answer:
        headers = [("Host", target.host_header), ("User-Agent", self.settings.user_agent), ("Accept", "*/*")]
        if target.userinfo is not None and target.key == origin.key:  # credentials go to their own site only
            token = base64.b64encode(unquote(target.userinfo).encode()).decode("ascii")
            headers.append(("Authorization", f"Basic {token}"))
        pool = await self.pool_for(target)
        answer = await pool.request("HEAD", headers, target)
        if answer.status in _HEAD_REFUSED:
            answer = await pool.request("GET", headers, target)
        return answer

    async def follow(self, url: str, origin: urls.Target) -> tuple[net.Answer, str | None]:
        """The final answer and, when redirected, the address it came from."""
        current, current_url = origin, url
        for hop in range(self.settings.max_redirects + 1):
            answer = await self.ask(current, origin)
            if answer.status not in REDIRECTS or answer.location is None:
                return answer, (current_url if hop else None)
            try:
                next_url = urljoin(current_url, answer.location.strip())
                following = urls.parse(next_url)
            except ValueError as exc:  # urls.InvalidURL too
                detail = f"redirected to an address that cannot be checked: {exc}"
                raise _Stop("error", detail, answer.status) from None
            if await self.leaves_public(origin, following):
                detail = "redirected from a public site into a private network; not followed"
                raise _Stop("blocked-redirect", detail, answer.status, next_url)
            current, current_url = following, next_url
        raise _Stop("error", "too many redirects (a loop?)")

    async def leaves_public(self, origin: urls.Target, target: urls.Target) -> bool:
        """A redirect from a public address to loopback, private or link-local ones (by what
        the name resolves to). Links that start in a private network may go anywhere."""
        if not all(urls.is_public(address) for address in await self.addresses_of(origin)):
            return False
        try:
            addresses = await self.addresses_of(target)
        except net.NetError:
            return False  # the next hop fails with its own verdict
        return not all(urls.is_public(address) for address in addresses)

    async def check_one(self, url: str, target: urls.Target, deadline_at: float) -> Result:
        settings = self.settings
        started = time.monotonic()
        result = Result(url, "error")
        for attempt in range(settings.retries + 1):
            result.attempts = attempt + 1
            try:
                # A total for the attempt, not httpx-style per-read timeouts: a server that drips
                # one byte a second must not hold a link forever.
                async with asyncio.timeout(settings.timeout):
                    answer, final_url = await self.follow(url, target)
            except TimeoutError:
                result.verdict, result.detail = "timeout", f"no answer within {settings.timeout:g} s"
                break
            except net.NetError as exc:
                result.verdict = "dead" if exc.kind in net.CONNECT_LEVEL else "error"
                result.detail = exc.detail
                break
            except _Stop as stop:
                result.verdict, result.detail = stop.verdict, stop.detail
                result.status, result.final_url = stop.status, stop.final_url
                break
            status = answer.status
            result.status, result.final_url = status, final_url
            result.verdict = verdict_for(status, final_url is not None)
            result.detail = ""
            if status == 429 or status >= 500:
                result.detail = f"still {status} after {attempt + 1} tries" if attempt else ""
                if attempt < settings.retries:
                    wait = retry_after(answer.retry_after, time.time())
                    if wait is None:
                        wait = settings.backoff * 2**attempt
                    if wait > settings.max_wait or time.monotonic() + wait > deadline_at:
                        result.detail = f"HTTP {status}; asked to wait {wait:.0f} s, more than allowed"
                        break
                    await asyncio.sleep(wait)
                    continue
            break
        result.seconds = time.monotonic() - started
        return result


async def check(
    links: list[str], settings: Settings, on_result: Callable[[Result], None] | None = None
) -> Outcome:
    """Check each URL once. Placeholders and URLs that cannot be sent are never sent."""
    results: dict[str, Result] = {}
    pending: dict[str, deque[tuple[str, urls.Target]]] = {}  # host -> its links not yet taken
    for url in dict.fromkeys(links):
        if is_placeholder(url):
            results[url] = Result(url, "placeholder", detail="a placeholder, not a link")
        else:
            try:
                target = urls.parse(url)
            except urls.InvalidURL as exc:
                results[url] = Result(url, "invalid", detail=str(exc))
            else:
                pending.setdefault(target.host, deque()).append((url, target))
                continue
        if on_result:
            on_result(results[url])
    to_send = [url for queue in pending.values() for url, _ in queue]
    total = len(to_send)
    if not total:
        return Outcome(results, offline=False)

    # The per-host limit as tokens: a host has one token in `ready` per request it may still
    # start, handed round-robin over hosts to a fixed pool of workers, so memory does not
    # grow with the number of links and a slow or rate-limited host holds only its own slots.
    ready: asyncio.Queue[str | None] = asyncio.Queue()
    tokens: Counter[str] = Counter()
    for round_ in range(settings.per_host):
        for host, queue in pending.items():
            if round_ < len(queue):
                ready.put_nowait(host)
                tokens[host] += 1
    checker = _Checker(settings)
    deadline_at = time.monotonic() + settings.deadline
    workers = max(1, min(settings.concurrency, total))
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while (host := await ready.get()) is not None:
            url, target = pending[host].popleft()
            try:
                result = await checker.check_one(url, target, deadline_at)
            finally:
                if pending[host]:
                    ready.put_nowait(host)
                else:
                    tokens[host] -= 1
                    if not tokens[host]:  # done with this host: free its connections
                        del pending[host]
                        checker.close_host(host)
            results[url] = result
            if on_result:
                on_result(result)
            remaining -= 1
            if not remaining:
                for _ in range(workers):
                    ready.put_nowait(None)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        async with asyncio.timeout(settings.deadline):
            await asyncio.gather(*tasks)
    except TimeoutError:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        checker.close_host()
    for url in to_send:
        if url not in results:
            detail = f"not checked within the {settings.deadline:g} s deadline"
            results[url] = Result(url, "timeout", detail=detail)
            if on_result:
                on_result(results[url])
    offline = not checker.reached
    if offline:  # nothing answered at all: the network is missing, not every link dead
        for url in to_send:
            result = results[url]
            if result.status is None and result.verdict in ("dead", "timeout", "error"):
                result.verdict = "unreachable"
    return Outcome(results, offline=offline)
