"""Which links a check covers: every use of every link in the syllabus, in schedule order.

It works on the snapshot's plain data (`readgroup.snapshot.plain`), so that a run answered
from a snapshot needs neither Pydantic nor the models; `collect` makes that data from a
validated syllabus first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .report import LinkUse

if TYPE_CHECKING:
    from ..models import LinkKind, Syllabus


def collect(
    syllabus: Syllabus,
    *,
    kinds: list[LinkKind] | None = None,
    track: str | None = None,
    since: dt.date | None = None,
) -> list[LinkUse]:
    """Every link use in schedule order; group links too unless the selection is by kind or
    track (they have neither). Placeholders are listed so the report can show them."""
    from ..snapshot import plain

    return collect_plain(plain(syllabus), kinds=kinds, track=track, since=since)


def collect_plain(
    payload: dict[str, Any],
    *,
    kinds: list[str] | None = None,
    track: str | None = None,
    since: dt.date | None = None,
) -> list[LinkUse]:
    """`collect` from a snapshot's payload: papers in their sessions' order (dated ones by date,
    file order within a day, then the TBD ones; as schedule.sessions)."""
    first = since.isoformat() if since is not None else None  # ISO dates compare as dates do
    dated: dict[str, list[dict[str, Any]]] = {}
    undated: list[dict[str, Any]] = []
    for paper in payload["papers"]:
        date = paper["date"]
        if date is None:
            undated.append(paper)
        elif first is None or date >= first:
            dated.setdefault(date, []).append(paper)
    placeholders: dict[str, dict[str, str]] = payload["placeholders"]
    uses: list[LinkUse] = []
    for date, papers in [*sorted(dated.items()), (None, undated)]:
        day = dt.date.fromisoformat(date) if date is not None else None
        for paper in papers:
            if track is not None and paper["track"] != track:
                continue
            links = {**paper["links"], **placeholders.get(paper["id"], {})}
            for kind, url in links.items():
                if kinds is None or kind in kinds:
                    uses.append(LinkUse(url, kind, paper["id"], paper["title"], day))
    if kinds is None and track is None:
        uses += [LinkUse(url, name) for name, url in payload["group"]["links"].items()]
    return uses
