"""Sessions, what is next, progress and missing links: pure functions of a syllabus and a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .globalopts import now_in as now_in  # re-exported: "now" is decided in one place
from .models import LinkKind, Paper, Skip, Syllabus


@dataclass(frozen=True)
class Session:
    """The papers that share a meeting date; `date` is None for the TBD papers."""

    date: dt.date | None
    papers: tuple[Paper, ...]


def sessions(syllabus: Syllabus) -> list[Session]:
    """Dated sessions in date order (file order within a day), then one TBD session if any."""
    by_date: dict[dt.date, list[Paper]] = defaultdict(list)
    undated: list[Paper] = []
    for paper in syllabus.papers:
        if paper.date is None:
            undated.append(paper)
        else:
            by_date[paper.date].append(paper)
    found = [Session(date, tuple(papers)) for date, papers in sorted(by_date.items())]
    if undated:
        found.append(Session(None, tuple(undated)))
    return found


def dated_sessions(syllabus: Syllabus) -> list[Session]:
    return [session for session in sessions(syllabus) if session.date is not None]


def tbd_papers(syllabus: Syllabus) -> list[Paper]:
    return [paper for paper in syllabus.papers if paper.date is None]




def next_session(syllabus: Syllabus, now: dt.datetime) -> Session | None:
    """The first session on or after `now`: today's counts until its end time has passed."""
    end = syllabus.group.end_time
    for session in dated_sessions(syllabus):
        assert session.date is not None
        if session.date > now.date() or (session.date == now.date() and now.time() < end):
            return session
    return None


def presented_by(session: Session | None, member: str | None) -> list[Paper]:
    return [p for p in session.papers if member in p.presenter] if session and member else []


@dataclass(frozen=True)
class Count:
    done: int
    total: int


@dataclass(frozen=True)
class TrackProgress:
    id: str
    name: str
    sessions: Count
    papers: Count


@dataclass(frozen=True)
class Progress:
    today: dt.date
    sessions: Count
    papers: Count
    tracks: list[TrackProgress]
    links: dict[LinkKind, Count] = field(default_factory=dict)


def progress(syllabus: Syllabus, today: dt.date) -> Progress:
    """Held = dated before today. Session totals count dated sessions; paper totals count all
    papers, TBD ones included, since they are still to be read."""

    def count(papers: list[Paper]) -> tuple[Count, Count]:
        dates = {p.date for p in papers if p.date is not None}
        held = {d for d in dates if d < today}
        covered = sum(1 for p in papers if p.date is not None and p.date < today)
        return Count(len(held), len(dates)), Count(covered, len(papers))

    by_track: dict[str, list[Paper]] = defaultdict(list)
    for paper in syllabus.papers:
        by_track[paper.track].append(paper)
    tracks = []
    for track in syllabus.tracks:
        session_count, paper_count = count(by_track[track.id])
        tracks.append(TrackProgress(track.id, track.name, session_count, paper_count))

    kinds = syllabus.group.kinds()
    present: dict[LinkKind, int] = dict.fromkeys(kinds, 0)
    for paper in syllabus.papers:
        for kind in paper.links.present():
            present[kind] = present.get(kind, 0) + 1
    total = len(syllabus.papers)
    links = {kind: Count(count, total) for kind, count in present.items()}
    session_count, paper_count = count(list(syllabus.papers))
    return Progress(today, session_count, paper_count, tracks, links)


@dataclass(frozen=True)
class MissingEntry:
    paper: Paper
    missing: list[LinkKind]


def missing(
    syllabus: Syllabus,
    today: dt.date,
    *,
    kinds: list[LinkKind] | None = None,
    track: str | None = None,
    upcoming: bool = False,
    past: bool = False,
    within: dt.timedelta | None = None,
) -> list[MissingEntry]:
    """Papers lacking a required link kind, in session order (TBD last).

    `upcoming` keeps papers dated today or later and TBD ones; `past` keeps those before today;
    `within` keeps sessions from today to today + within, never TBD papers (for CI: a finished
    or future term does not fail every commit).
    """
    found: list[MissingEntry] = []
    for session in sessions(syllabus):
        is_past = session.date is not None and session.date < today
        if (upcoming and is_past) or (past and not is_past):
            continue
        if within is not None and (session.date is None or is_past or session.date > today + within):
            continue
        for paper in session.papers:
            if track is not None and paper.track != track:
                continue
            lacking = paper.missing_kinds(syllabus.group)
            if kinds:
                lacking = [kind for kind in lacking if kind in kinds]
            if lacking:
                found.append(MissingEntry(paper, lacking))
    return found


def find_paper(syllabus: Syllabus, query: str) -> Paper | None:
    """By id or title, case-insensitively (spaces and dashes ignored in the title)."""
    wanted = query.strip().lower()
    squashed = _squash(wanted)
    for paper in syllabus.papers:
        if paper.id == wanted or paper.title.lower() == wanted:
            return paper
    for paper in syllabus.papers:
        if _squash(paper.title.lower()) == squashed or _squash(paper.id) == squashed:
            return paper
    return None


def paper_names(syllabus: Syllabus) -> list[str]:
    return [paper.id for paper in syllabus.papers] + [paper.title for paper in syllabus.papers]


def _squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


# -- what a member hears about the next meeting -----------------------------------------------


def skipped_before(syllabus: Syllabus, session: Session, now: dt.datetime) -> list[Skip]:
    """Days without a meeting between the previous dated session and `session`, from today on:
    "no meeting on 5 April" is news in the week before, not after it."""
    if session.date is None:
        return []
    previous = max(
        (p.date for p in syllabus.papers if p.date is not None and p.date < session.date), default=None
    )
    return sorted(
        (
            skip
            for skip in syllabus.skips
            if skip.date < session.date
            and (previous is None or skip.date > previous)
            and skip.date >= now.date()
        ),
        key=lambda skip: skip.date,
    )


# Group-link names and hosts that say "this is where the group talks".
_FORUM_NAMES = ("forum", "chat", "discord", "slack", "discussion", "community", "telegram", "matrix")
_FORUM_HOSTS = ("discord.gg", "discord.com", "slack.com", "t.me", "matrix.to", "gitter.im", "zulipchat.com")


def forum_link(syllabus: Syllabus) -> tuple[str, str] | None:
    """(name, url) of the group's chat or forum: a link named like one, else one on a chat host."""
    links = syllabus.group.links
    lowered = {name.lower(): name for name in links}
    for wanted in _FORUM_NAMES:
        if wanted in lowered:
            return lowered[wanted], links[lowered[wanted]]
    for name, url in links.items():
        host = url.split("://", 1)[-1].split("/", 1)[0].lower()
        if any(host == h or host.endswith("." + h) for h in _FORUM_HOSTS):
            return name, url
    return None
