"""Which links a check covers: every use of every link in the syllabus, in schedule order."""

from __future__ import annotations

import datetime as dt

from ..models import LinkKind, Syllabus
from .report import LinkUse


def collect(
    syllabus: Syllabus,
    *,
    kinds: list[LinkKind] | None = None,
    track: str | None = None,
    since: dt.date | None = None,
) -> list[LinkUse]:
    """Every link use in schedule order; group links too unless the selection is by kind or
    track (they have neither). Placeholders are listed so the report can show them."""
    from ..schedule import sessions

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
