"""The stable JSON shapes of every report (see product.md, "JSON contract")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .models import Group, Paper, Skip, Syllabus
from .schedule import Count, MissingEntry, Progress, Session, forum_link

if TYPE_CHECKING:
    from .plans import Assignments

Json = dict[str, Any]


def group_json(group: Group) -> Json:
    return group.model_dump(mode="json")


def paper_json(paper: Paper, group: Group) -> Json:
    return {
        "id": paper.id,
        "title": paper.title,
        "track": paper.track,
        "date": paper.date.isoformat() if paper.date else None,
        "presenters": list(paper.presenter),
        "links": paper.links.present(),  # a fresh dict
        "missing": paper.missing_kinds(group),
    }


def session_json(session: Session, group: Group) -> Json:
    return {
        "date": session.date.isoformat() if session.date else None,
        "papers": [paper_json(paper, group) for paper in session.papers],
    }


def schedule_json(syllabus: Syllabus, sessions: list[Session], *, lazy: bool = False) -> Json:
    """With `lazy`, "sessions" is an iterator that makes each session's JSON when it is asked
    for: cli.output.emit_json writes it as it goes (json.dumps cannot), so the JSON of a
    100,000-paper schedule never exists whole."""
    group = syllabus.group
    made = (session_json(session, group) for session in sessions)
    return {"group": group_json(group), "sessions": made if lazy else list(made)}


def next_json(
    syllabus: Syllabus,
    session: Session | None,
    tbd: list[Paper],
    *,
    skipped: Sequence[Skip] = (),
    member: str | None = None,
    mine: Sequence[Paper] = (),
) -> Json:
    """`session` and `tbd` are the contract; the other keys were added later, never changed."""
    group = syllabus.group
    return {
        "session": session_json(session, group) if session else None,
        "tbd": [paper_json(paper, group) for paper in tbd],
        "skipped": [{"date": skip.date.isoformat(), "reason": skip.reason} for skip in skipped],
        "forum": forum[1] if (forum := forum_link(syllabus)) else None,
        "member": member,
        "you_present": [paper.id for paper in mine],
    }


def missing_json(entries: list[MissingEntry]) -> list[Json]:
    return [
        {
            "date": entry.paper.date.isoformat() if entry.paper.date else None,
            "paper": entry.paper.id,
            "title": entry.paper.title,
            "missing": list(entry.missing),
        }
        for entry in entries
    ]


def _count(count: Count, done: str) -> Json:
    return {done: count.done, "total": count.total}


def progress_json(report: Progress) -> Json:
    return {
        "today": report.today.isoformat(),
        "sessions": _count(report.sessions, "held"),
        "papers": _count(report.papers, "covered"),
        "tracks": [
            {
                "id": track.id,
                "name": track.name,
                "sessions": _count(track.sessions, "held"),
                "papers": _count(track.papers, "covered"),
            }
            for track in report.tracks
        ],
        "links": {kind: _count(count, "present") for kind, count in report.links.items()},
    }


def assignments_json(report: Assignments, syllabus: Syllabus, today: dt.date, member: str | None) -> Json:
    group = syllabus.group
    return {
        "today": today.isoformat(),
        "member": member,
        "next": paper_json(report.next_paper, group) if report.next_paper else None,
        "sessions": [
            {"date": day.isoformat(), "papers": [paper_json(p, group) for p in papers]}
            for day, papers in report.sessions
        ],
    }
