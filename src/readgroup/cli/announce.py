"""`readgroup announce`: next week's message for the group's chat, printed or posted."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated

import typer

from ..errors import UsageError
from .context import now, read
from .output import emit, warn
from .params import GlobalOptionsGroup, examples

app = typer.Typer(cls=GlobalOptionsGroup)


def _format(value: str) -> str:
    from ..announce.message import as_format

    try:
        return as_format(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _zone(value: str) -> str:
    from ..announce.message import check_zone

    try:
        return check_zone(value.strip())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def webhook_address(value: str, environ: Mapping[str, str]) -> str:
    """A URL, or env:NAME for the URL in $NAME (so it stays out of files and shell history)."""
    from ..announce.post import check_webhook

    if value.startswith("env:"):
        name = value[4:].strip()
        url = environ.get(name, "").strip()
        if not name or not url:
            raise UsageError(f"--post {value}: ${name or 'NAME'} is not set or is empty")
        return check_webhook(url)
    return check_webhook(value)


@app.command(
    epilog=examples(
        "readgroup announce --today 2018-03-20",
        "readgroup announce --format discord --timezone Europe/Berlin",
        "readgroup announce --format slack --post env:SLACK_WEBHOOK   # the URL is read from $SLACK_WEBHOOK",
        "readgroup announce --format markdown | pbcopy",
    )
)
def announce(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="text|markdown|discord|slack",
            parser=_format,
            help="How the message is written. Default: text, or the webhook's kind with --post.",
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            metavar="ZONE",
            parser=_zone,
            help="Also give the time in this IANA zone (the reader's), e.g. Europe/Berlin.",
            show_default=False,
        ),
    ] = None,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            metavar="URL|env:NAME",
            help="Post it to this Discord or Slack incoming webhook (env:NAME reads the URL from $NAME).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Next meeting's message for the group chat: when (in the group's zone, and --timezone),
    where, each paper with its presenter and links, what is not in yet, a skipped week, the forum.

    Printed to stdout, or with --post sent to a webhook: one retry on 429/5xx after Retry-After;
    on failure one line with the HTTP status on stderr and exit 4.
    """
    from ..announce.message import Format, announcement, as_format

    url = webhook_address(post, os.environ) if post is not None else None
    style: Format = as_format(fmt) if fmt is not None else "text"
    if fmt is None and url is not None:
        from ..announce.post import guess_format

        guessed = guess_format(url)
        if guessed is None:
            raise UsageError("which kind of webhook is it? add --format discord or --format slack")
        style = guessed
    if url is not None and style not in ("discord", "slack"):
        raise UsageError("--post needs --format discord or --format slack")
    opts, loaded = read(ctx)
    syllabus = loaded.syllabus
    moment = now(opts, syllabus)
    message = announcement(syllabus, moment, style, timezone)
    if url is None:
        emit(message)
        return
    from ..announce.post import payload
    from ..announce.post import post as send
    from ..schedule import next_session

    if next_session(syllabus, moment) is None:
        warn("readgroup: no upcoming meeting to announce; nothing was posted")
        return
    status = send(url, payload(style, message))
    warn(f"Posted the announcement ({style}); the webhook answered HTTP {status}.")
