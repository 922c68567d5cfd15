"""`check-links --json` answered from the snapshot: the same domain calls as cli/links.py
(`collect_plain`, `check_links`), without Typer, whose parsing builds a Pydantic adapter for
every option (a third of a second before the first request), and without the models.

Only the plain forms are taken: `--json`, whole numbers and decimals written plainly, the
options below. Anything else (the report as a table, --deadline, --max-age, a value out of
range, an unknown kind or track) is handed to Typer, always before any request is sent, and
Typer says what is wrong. The ranges and the defaults are `links.Settings`' own, for both paths.
"""

from __future__ import annotations

from . import Declined

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    from ..links import LinkUse, Settings
    from .argv import Request

IMPLEMENTED = frozenset(
    {
        "kind",
        "track",
        "upcoming",
        "timeout",
        "concurrency",
        "per_host",
        "retries",
        "no_cache",
        "show_all",
        "json_",
    }
)


def prepare(
    request: Request, payload: dict[str, Any], today: dt.datetime | None
) -> tuple[list[LinkUse], Settings]:
    """The link uses to check and the settings, or Declined (nothing has been sent yet)."""
    from ..errors import UsageError
    from ..links import Settings, collect_plain
    from .answers import Run, chosen_kinds

    for name in request.options:
        if name not in IMPLEMENTED:
            raise Declined(f"option {name} of check-links")
    if not request.options.get("json_"):
        raise Declined("check-links as a table (Rich, a progress bar)")
    run = Run(request, payload, today)
    kinds = chosen_kinds(run) or None
    track = run.option("track")
    if track is not None:
        run.known_track(str(track))
    since = run.moment.date() if run.option("upcoming") else None
    defaults = Settings()
    try:
        settings = Settings(
            timeout=_number(run.option("timeout"), defaults.timeout, whole=False),
            concurrency=int(_number(run.option("concurrency"), defaults.concurrency)),
            per_host=int(_number(run.option("per_host"), defaults.per_host)),
            retries=int(_number(run.option("retries"), defaults.retries)),
        )
    except UsageError:
        raise Declined("a value out of range") from None
    return collect_plain(payload, kinds=kinds, track=track, since=since), settings


def _number(value: object, default: float, *, whole: bool = True) -> float:
    if value is None:
        return default
    text = str(value)
    integer, point, fraction = text.partition(".")
    plain = (
        integer.isascii() and integer.isdigit() and (not point or (fraction.isascii() and fraction.isdigit()))
    )
    if not plain or (whole and point):
        raise Declined(f"the value {text!r}")
    return int(text) if whole else float(text)


def check(request: Request, uses: list[LinkUse], settings: Settings, shipped_notice: str | None) -> int:
    """Check, then write what cli/links.py writes: warnings on stderr, the JSON report; exit 1
    when a link is dead, 130 on Ctrl-C."""
    from ..links import check_links
    from ..links.run import MAX_AGE
    from .answers import to_json
    from .run import emit, warn

    if shipped_notice:
        warn(shipped_notice)
    try:
        report = check_links(uses, settings, use_cache=not request.options.get("no_cache"), max_age=MAX_AGE)
    except KeyboardInterrupt:
        warn("readgroup: interrupted")  # as cli.App
        return 130
    for warning in report.warnings:
        warn(f"readgroup: {warning}")
    written = emit(to_json(report.to_json()))
    if written is not None:
        return written
    return 1 if report.dead else 0
