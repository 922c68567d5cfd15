"""Posting an announcement to a Discord or Slack incoming webhook.

One POST with a timeout; on 429 or a 5xx, one retry after the server's Retry-After (capped).
No retry after a timeout or a dropped connection: the message may have arrived, and a second
post would show it twice. The webhook address is a secret (its path is the token), so errors
name only its host.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExitCode, ReadgroupError, UsageError
from .message import DISCORD_LIMIT, SLACK_LIMIT, Format

TIMEOUT = 10.0  # seconds for connecting and for the answer
MAX_WAIT = 60.0  # the longest Retry-After honoured; longer is a failure


class PostFailed(ReadgroupError):
    exit_code = ExitCode.WRITE


def payload(fmt: Format, message: str) -> dict[str, Any]:
    """Discord: {"content"} (with mentions off: text from the file never pings anyone);
    Slack: {"text"}."""
    if fmt == "discord":
        if len(message) > DISCORD_LIMIT:
            raise UsageError(f"the message has {len(message)} characters; Discord takes {DISCORD_LIMIT}")
        return {"content": message, "allowed_mentions": {"parse": []}}
    if fmt == "slack":
        if len(message) > SLACK_LIMIT:
            raise UsageError(f"the message has {len(message)} characters; Slack takes {SLACK_LIMIT}")
        return {"text": message}
    raise UsageError("--post needs --format discord or --format slack")


def guess_format(url: str) -> Format | None:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"):
        return "discord"
    if host == "hooks.slack.com":
        return "slack"
    return None


def check_webhook(url: str) -> str:
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError("the webhook must be an http:// or https:// address")
    return text


def retry_after(value: str | None, now: dt.datetime | None = None) -> float:
    """Seconds to wait: `Retry-After: 5` or an HTTP date; 1 s when absent or unreadable."""
    if value is None:
        return 1.0
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return 1.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def post(
    url: str,
    body: dict[str, Any],
    *,
    timeout: float = TIMEOUT,
    max_wait: float = MAX_WAIT,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST `body` as JSON; the final HTTP status on success, PostFailed otherwise."""
    import httpx

    host = urlsplit(url).hostname or "the webhook"
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for attempt in (1, 2):
            try:
                response = client.post(url, json=body)
            except httpx.TimeoutException:
                raise PostFailed(
                    f"posting to {host} timed out after {timeout:g} s; it may not have arrived"
                ) from None
            except httpx.HTTPError as exc:
                reason = str(exc).split("\n", 1)[0] or type(exc).__name__
                raise PostFailed(f"could not reach {host}: {reason}") from None
            status = response.status_code
            if 200 <= status < 300:
                return status
            retryable = status == 429 or status >= 500
            if retryable and attempt == 1:
                wait = retry_after(response.headers.get("Retry-After"))
                if wait <= max_wait:
                    sleep(wait)
                    continue
                raise PostFailed(f"{host} answered HTTP {status} and asked to wait {wait:.0f} s; not posted")
            raise PostFailed(f"{host} answered HTTP {status}{_detail(response)}; not posted")
    raise AssertionError("unreachable")  # pragma: no cover


def _detail(response: Any) -> str:
    """The first line of a short error body (Slack says `invalid_token`, Discord a JSON message)."""
    text = "".join(ch for ch in response.text.strip().split("\n", 1)[0][:120] if ch.isprintable())
    return f" ({text})" if text and "<" not in text else ""
