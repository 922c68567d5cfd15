"""Link health: which links of the syllabus still work, checked concurrently and politely.

`collect` lists every use of every link; `check` sends each distinct URL once (HEAD, then GET
when a server refuses HEAD), at most `per_host` at a time to one site, retrying 429 and 5xx
with backoff and `Retry-After`, all within a total deadline. Verdicts say what a lead should do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import os
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .models import LinkKind, Syllabus, is_placeholder

Verdict = Literal[
    "ok", "redirected", "dead", "blocked", "rate-limited", "timeout", "error", "placeholder", "invalid"
]
VERDICTS: tuple[Verdict, ...] = (
    "dead",
    "invalid",
    "timeout",
    "error",
    "blocked",
    "rate-limited",
    "redirected",
    "placeholder",
    "ok",
)
CACHEABLE: frozenset[Verdict] = frozenset({"ok", "redirected"})


@dataclass(frozen=True)
class LinkUse:
    """One place a link appears: a paper's link of some kind, or a group link."""

    url: str
    kind: str  # a link kind, or the group link's name
    paper_id: str | None = None
    title: str | None = None
    date: dt.date | None = None


@dataclass
class Result:
    url: str
    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    seconds: float = 0.0
    attempts: int = 0
    cached: bool = False
    detail: str = ""


@dataclass(frozen=True)
class Settings:
    timeout: float = 10.0  # one request
    concurrency: int = 20  # requests in flight in all
    per_host: int = 4  # requests in flight to one host
    retries: int = 2  # extra attempts after a 429 or 5xx
    deadline: float = 300.0  # the whole run
    backoff: float = 0.5  # first wait when the server gives no Retry-After; doubles
    max_wait: float = 30.0  # longest Retry-After honoured before giving up
    user_agent: str = "readgroup-link-check/0.1"


def collect(
    syllabus: Syllabus,
    *,
    kinds: list[LinkKind] | None = None,
    track: str | None = None,
    since: dt.date | None = None,
) -> list[LinkUse]:
    """Every link use in schedule order; group links too unless the selection is by kind or
    track (they have neither). Placeholders are listed so the report can show them."""
    from .schedule import sessions

    uses: list[LinkUse] = []
    for session in sessions(syllabus):
        if since is not None and session.date is not None and session.date < since:
            continue
        for paper in session.papers:
            if track is not None and paper.track != track:
                continue
            links = {**paper.links.present(), **paper.links.placeholders()}
            for kind, url in links.items():
                if kinds is None or kind in kinds:
                    uses.append(LinkUse(url, kind, paper.id, paper.title, paper.date))
    if kinds is None and track is None:
        uses += [LinkUse(url, name) for name, url in syllabus.group.links.items()]
    return uses


# -- the cache ------------------------------------------------------------------------------


def cache_path() -> Path:
    folder = os.environ.get("READGROUP_CACHE_DIR")
    if folder:
        return Path(folder) / "links.json"
    from platformdirs import user_cache_path

    return user_cache_path("readgroup") / "links.json"


def load_cache(path: Path, max_age: float, now: float) -> dict[str, Result]:
    """Results younger than `max_age` seconds. A missing or unreadable cache is an empty one."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    fresh: dict[str, Result] = {}
    if not isinstance(entries, dict):
        return fresh
    for url, entry in entries.items():
        try:
            if now - float(entry["checked_at"]) <= max_age and entry["verdict"] in CACHEABLE:
                fresh[url] = Result(
                    url, entry["verdict"], entry.get("status"), entry.get("final_url"), 0.0, 0, True
                )
        except (KeyError, TypeError, ValueError):
            continue
    return fresh


def save_cache(path: Path, results: Iterable[Result], now: float) -> None:
    """Keep successes (new ones stamped now); drop any link that failed this time."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, dict):
            entries = {}
    except (OSError, ValueError):
        entries = {}
    for result in results:
        if result.cached:
            continue
        if result.verdict in CACHEABLE:
            entries[result.url] = {
                "verdict": result.verdict,
                "status": result.status,
                "final_url": result.final_url,
                "checked_at": now,
            }
        else:
            entries.pop(result.url, None)  # failures are never cached
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


# -- checking -------------------------------------------------------------------------------


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


class _HostScheduler:
    """Hands out URLs round-robin over hosts, never more than `per_host` in flight to one.

    A fixed pool of workers asks it for work, so memory does not grow with the number of
    links, and a slow or rate-limited host holds only its own slots."""

    def __init__(self, urls: Iterable[str], per_host: int) -> None:
        self.pending: OrderedDict[str, deque[str]] = OrderedDict()
        for url in urls:
            self.pending.setdefault(_host(url), deque()).append(url)
        self.active: Counter[str] = Counter()
        self.per_host = per_host
        self.changed = asyncio.Condition()

    async def take(self) -> str | None:
        async with self.changed:
            while self.pending:
                for host, queue in self.pending.items():
                    if self.active[host] < self.per_host:
                        url = queue.popleft()
                        if queue:
                            self.pending.move_to_end(host)
                        else:
                            del self.pending[host]
                        self.active[host] += 1
                        return url
                await self.changed.wait()
            return None

    def finished(self, host: str) -> bool:
        return host not in self.pending and not self.active[host]

    async def release(self, url: str) -> None:
        async with self.changed:
            self.active[_host(url)] -= 1
            self.changed.notify_all()


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
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


# Servers that refuse HEAD answer one of these; the same URL is then fetched with GET.
_HEAD_REFUSED = frozenset({400, 403, 405, 406, 501})


async def _request(client: Any, url: str) -> Any:
    """HEAD, then GET (body not read) when the server refuses HEAD."""
    response = await client.head(url)
    if response.status_code in _HEAD_REFUSED:
        async with client.stream("GET", url) as streamed:
            return streamed
    return response


async def _check_one(client: Any, url: str, settings: Settings, deadline_at: float) -> Result:
    import httpx

    started = time.monotonic()
    result = Result(url, "error")
    for attempt in range(settings.retries + 1):
        result.attempts = attempt + 1
        try:
            response = await _request(client, url)
        except httpx.TimeoutException:
            result.verdict, result.detail = "timeout", f"no answer within {settings.timeout:g} s"
            break
        except httpx.ConnectError as exc:
            result.verdict, result.detail = "dead", _connect_detail(exc)
            break
        except httpx.TooManyRedirects:
            result.verdict, result.detail = "error", "too many redirects (a loop?)"
            break
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            result.verdict, result.detail = "invalid", str(exc)
            break
        except httpx.HTTPError as exc:
            result.verdict, result.detail = "error", f"{type(exc).__name__}: {exc}"
            break
        status = response.status_code
        redirected = bool(response.history)
        result.status = status
        result.final_url = str(response.url) if redirected else None
        result.verdict = verdict_for(status, redirected)
        result.detail = ""
        if status == 429 or status >= 500:
            result.detail = f"still {status} after {attempt + 1} tries" if attempt else ""
        if (status == 429 or status >= 500) and attempt < settings.retries:
            wait = retry_after(response.headers.get("retry-after"), time.time())
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


def _connect_detail(exc: BaseException) -> str:
    """httpx wraps the socket error; the cause chain says whether the host is unknown or
    refused the connection."""
    import socket

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "no such host (DNS)"
        cause = cause.__cause__ or cause.__context__
    return str(exc) or "cannot connect"


async def check(
    urls: list[str], settings: Settings, on_result: Callable[[Result], None] | None = None
) -> dict[str, Result]:
    """Check each URL once. Placeholders and malformed URLs are never sent."""
    import httpx

    results: dict[str, Result] = {}
    for url in dict.fromkeys(urls):
        if is_placeholder(url):
            results[url] = Result(url, "placeholder", detail="a placeholder, not a link")
        elif urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            results[url] = Result(url, "invalid", detail="not an http(s) address")
        else:
            continue
        if on_result:
            on_result(results[url])
    to_send = [url for url in dict.fromkeys(urls) if url not in results]
    scheduler = _HostScheduler(to_send, settings.per_host)
    deadline_at = time.monotonic() + settings.deadline
    # One small client per host, not one shared pool: httpcore's pool scans all its connections
    # for every request (O(connections x queued), encode/httpcore#1035), which at 100
    # connections cost more CPU than the checks. One TLS context is shared by all of them.
    tls = httpx.create_ssl_context()
    clients: dict[str, httpx.AsyncClient] = {}

    def client_for(host: str) -> httpx.AsyncClient:
        if host not in clients:
            clients[host] = httpx.AsyncClient(
                follow_redirects=True,
                timeout=httpx.Timeout(settings.timeout),
                limits=httpx.Limits(
                    max_connections=settings.per_host, max_keepalive_connections=settings.per_host
                ),
                headers={"User-Agent": settings.user_agent},
                verify=tls,
            )
        return clients[host]

    async def worker() -> None:
        while (url := await scheduler.take()) is not None:
            host = _host(url)
            try:
                result = await _check_one(client_for(host), url, settings, deadline_at)
            finally:
                await scheduler.release(url)
            results[url] = result
            if on_result:
                on_result(result)
            if scheduler.finished(host) and host in clients:
                await clients.pop(host).aclose()  # done with this site: free its connections

    workers = [asyncio.create_task(worker()) for _ in range(max(1, min(settings.concurrency, len(to_send))))]
    try:
        async with asyncio.timeout(settings.deadline):
            await asyncio.gather(*workers)
    except TimeoutError:
        for task in workers:
            task.cancel()
    finally:
        for client in clients.values():
            await client.aclose()
    for url in to_send:
        if url not in results:
            results[url] = Result(
                url, "timeout", detail=f"not checked within the {settings.deadline:g} s deadline"
            )
            if on_result:
                on_result(results[url])
    return results


# -- the report -----------------------------------------------------------------------------


@dataclass
class Report:
    uses: list[LinkUse]
    results: dict[str, Result]
    summary: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        counts = Counter(result.verdict for result in self.results.values())
        self.summary = {verdict: counts[verdict] for verdict in VERDICTS if counts[verdict]}

    @property
    def dead(self) -> int:
        return self.summary.get("dead", 0)

    def to_json(self) -> dict[str, Any]:
        by_url: dict[str, list[dict[str, Any]]] = {}
        for use in self.uses:
            where: dict[str, Any] = {"kind": use.kind}
            if use.paper_id is not None:
                where |= {
                    "paper": use.paper_id,
                    "title": use.title,
                    "date": use.date.isoformat() if use.date else None,
                }
            else:
                where["group_link"] = use.kind
            by_url.setdefault(use.url, []).append(where)
        links = []
        for url, result in self.results.items():
            entry = asdict(result)
            entry["seconds"] = round(result.seconds, 3)
            entry["uses"] = by_url.get(url, [])
            links.append(entry)
        return {"checked": len(self.results), "summary": self.summary, "links": links}
