"""What a link check is asked (Settings) and what it finds (Result, Report): plain data."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import UsageError

Verdict = Literal[
    "ok",
    "redirected",
    "dead",
    "blocked",
    "blocked-redirect",
    "rate-limited",
    "timeout",
    "unreachable",
    "error",
    "placeholder",
    "invalid",
]
# Worst first: the order of the summary.
VERDICTS: tuple[Verdict, ...] = (
    "dead",
    "invalid",
    "blocked-redirect",
    "timeout",
    "unreachable",
    "error",
    "blocked",
    "rate-limited",
    "redirected",
    "placeholder",
    "ok",
)


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
    timeout: float = 10.0  # one attempt at one link, redirects included, from DNS to the answer
    concurrency: int = 20  # requests in flight in all
    per_host: int = 4  # requests in flight to one host
    retries: int = 2  # extra attempts after a 429 or 5xx
    deadline: float = 300.0  # the whole run
    backoff: float = 0.5  # first wait when the server gives no Retry-After; doubles
    max_wait: float = 30.0  # longest Retry-After honoured before giving up
    max_redirects: int = 20
    user_agent: str = "readgroup-link-check/0.1"

    def __post_init__(self) -> None:
        """Values that make no sense are the user's mistake, said once, before any request. The
        one place the command's ranges are declared: the Typer path and the fast path both get them here."""
        limits: list[tuple[str, float, float, float, str]] = [
            ("--timeout", self.timeout, 0.1, 3600.0, " seconds"),
            ("--deadline", self.deadline, 0.001, 7 * 86400.0, " seconds (7 days)"),
            ("--concurrency", self.concurrency, 1, 1000, ""),
            ("--per-host", self.per_host, 1, 1000, ""),
            ("--retries", self.retries, 0, 100, ""),
        ]
        for option, value, low, high, unit in limits:
            if not (math.isfinite(value) and low <= value <= high):
                raise UsageError(f"{option}: {value:g} is out of range: from {low:g} to {high:g}{unit}")


@dataclass
class Report:
    uses: list[LinkUse]
    results: dict[str, Result]
    offline: bool = False  # no host at all could be reached
    warnings: list[str] = field(default_factory=list)
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
        links = [
            {
                "url": result.url,
                "verdict": result.verdict,
                "status": result.status,
                "final_url": result.final_url,
                "seconds": round(result.seconds, 3),
                "attempts": result.attempts,
                "cached": result.cached,
                "detail": result.detail,
                "uses": by_url.get(url, []),
            }
            for url, result in self.results.items()
        ]
        summary = {"checked": len(self.results), "offline": self.offline, "summary": self.summary}
        return summary | {"links": links}
