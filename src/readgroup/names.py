"""Finding what a person names on the command line: papers, link kinds, tracks; did-you-mean."""

from __future__ import annotations

from collections.abc import Sequence

from .checks import did_you_mean
from .errors import UsageError
from .models import LINK_KINDS, LinkKind, Paper, Syllabus
from .schedule import Session, find_paper, paper_names


def paper(syllabus: Syllabus, query: str) -> Paper:
    found = find_paper(syllabus, query)
    if found is None:
        hint = did_you_mean(query, paper_names(syllabus)) or " (see `readgroup schedule`)"
        raise UsageError(f"no paper {query!r}{hint}")
    return found


def link_kind(kind: str, syllabus: Syllabus | None = None) -> LinkKind:
    """A built-in kind, or one the syllabus declares in `[group] link_kinds`."""
    return link_kind_among(kind, syllabus.group.kinds() if syllabus is not None else LINK_KINDS)


def link_kind_among(kind: str, kinds: Sequence[str]) -> LinkKind:
    wanted = kind.strip().lower()
    for known in kinds:
        if wanted == known:
            return known
    hint = did_you_mean(kind, kinds) or f" (kinds: {', '.join(kinds)})"
    raise UsageError(f"unknown link kind {kind!r}{hint}")


def track(syllabus: Syllabus, track_id: str) -> str:
    return track_among(track_id, [t.id for t in syllabus.tracks])


def track_among(track_id: str, ids: list[str]) -> str:
    if track_id not in ids:
        hint = did_you_mean(track_id, ids) or f" (tracks: {', '.join(ids)})"
        raise UsageError(f"unknown track {track_id!r}{hint}")
    return track_id


def only_track(session: Session, track_id: str) -> Session:
    return Session(session.date, tuple(p for p in session.papers if p.track == track_id))
