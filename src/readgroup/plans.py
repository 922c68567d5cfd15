"""What an edit should change, worked out from the syllabus: pure functions, no I/O.

Each planner returns the `Change`s for `editing.apply_changes` plus what a lead needs to
see (moves, assignments). Papers are addressed by their index in the file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .editing import AppendTable, Change, RemoveKey, RemoveTable, SetValue
from .errors import UsageError
from .models import LATEST, WEEKDAYS, LinkKind, Paper, Syllabus, Weekday, is_placeholder
from .schedule import sessions


def meeting_days(after: dt.date, weekday: Weekday, skips: set[dt.date]) -> Iterator[dt.date]:
    """Meeting days strictly after `after`, in order, leaving out skipped days. They stop at the
    last date a file may hold (models.LATEST), long before date arithmetic would overflow."""
    target = WEEKDAYS.index(weekday)
    day = after + dt.timedelta(days=(target - after.weekday() - 1) % 7 + 1)
    while day <= LATEST:
        if day not in skips:
            yield day
        day += dt.timedelta(weeks=1)
    raise UsageError(f"the meetings would run past {LATEST}, the last date a syllabus may hold")


def paper_index(syllabus: Syllabus, paper: Paper) -> int:
    return paper_indices(syllabus)[paper.id]


def paper_indices(syllabus: Syllabus) -> dict[str, int]:
    """Position of each paper in the file (edits address papers by it)."""
    return {paper.id: i for i, paper in enumerate(syllabus.papers)}


def presenter_value(names: list[str]) -> str | list[str]:
    """One presenter is written as a string, co-presenters as a list, as a lead would."""
    return names[0] if len(names) == 1 else list(names)


# -- presenters ---------------------------------------------------------------------------


def check_members(syllabus: Syllabus, names: list[str]) -> None:
    """With a roster, every name must be on it."""
    from .checks import did_you_mean

    roster = [member.name for member in syllabus.members]
    if not roster:
        return
    for name in names:
        if name not in roster:
            hint = did_you_mean(name, roster) or f" (roster: {', '.join(roster)})"
            raise UsageError(f"{name!r} is not on the roster{hint}")


def unavailable(syllabus: Syllabus, name: str, day: dt.date | None) -> bool:
    return day is not None and any(m.name == name and day in m.unavailable for m in syllabus.members)


def assign(syllabus: Syllabus, paper: Paper, names: list[str], *, force: bool = False) -> list[Change]:
    if not names or any(not name.strip() for name in names):
        raise UsageError("give at least one presenter name")
    check_members(syllabus, names)
    if not force:
        for name in names:
            if unavailable(syllabus, name, paper.date):
                raise UsageError(f"{name} is unavailable on {paper.date}; add --force to assign anyway")
    path = ("papers", paper_index(syllabus, paper), "presenter")
    if list(paper.presenter) == names:
        return []
    return [SetValue(path, presenter_value(names))]


@dataclass(frozen=True)
class Assignment:
    paper: Paper
    presenter: str | None  # None: nobody could take it (everyone unavailable)


def rotation(
    syllabus: Syllabus,
    members: list[str],
    *,
    start: dt.date,
    track: str | None = None,
    overwrite: bool = False,
) -> list[Assignment]:
    """Fill the dated papers from `start` on that have no presenter (all of them with
    `overwrite`): fewest presentations first, then longest since the last one, then roster
    order; never on a day the member is unavailable; never the presenter of the paper just
    before when anyone else can take it. The same input always gives the same plan."""
    if not members:
        raise UsageError("no members to rotate: give --members A,B,C or add [[members]] to the file")
    ordered = [paper for session in sessions(syllabus) if session.date for paper in session.papers]

    def is_target(paper: Paper) -> bool:
        assert paper.date is not None
        if paper.date < start or (track is not None and paper.track != track):
            return False
        return overwrite or not paper.presenter

    targets = {paper.id for paper in ordered if is_target(paper)}
    current = {paper.id: [] if paper.id in targets else list(paper.presenter) for paper in ordered}
    count: Counter[str] = Counter()
    last: dict[str, dt.date] = {}
    for paper in ordered:
        for name in current[paper.id]:
            count[name] += 1
            if paper.date is not None:
                last[name] = max(last.get(name, dt.date.min), paper.date)
    plan: list[Assignment] = []
    previous: list[str] = []
    for paper in ordered:
        if paper.id not in targets:
            previous = current[paper.id]
            continue
        free = [name for name in members if not unavailable(syllabus, name, paper.date)]
        pool = [name for name in free if name not in previous] or free
        if not pool:
            plan.append(Assignment(paper, None))
            previous = []
            continue
        chosen = min(pool, key=lambda n: (count[n], last.get(n, dt.date.min), members.index(n)))
        count[chosen] += 1
        assert paper.date is not None
        last[chosen] = paper.date
        current[paper.id] = [chosen]
        previous = [chosen]
        plan.append(Assignment(paper, chosen))
    return plan


def rotation_changes(syllabus: Syllabus, plan: list[Assignment]) -> list[Change]:
    index = paper_indices(syllabus)
    return [
        SetValue(("papers", index[a.paper.id], "presenter"), a.presenter)
        for a in plan
        if a.presenter is not None and list(a.paper.presenter) != [a.presenter]
    ]


# -- links --------------------------------------------------------------------------------


def set_link(syllabus: Syllabus, paper: Paper, kind: LinkKind, url: str | None) -> list[Change]:
    """Set (or with url=None, remove) one link. Placeholders are refused: leave it missing."""
    path = ("papers", paper_index(syllabus, paper), "links", kind)
    if url is None:
        return [RemoveKey(path)] if paper.links.get(kind) is not None else []
    from .models import check_url

    text = url.strip()
    if is_placeholder(text):
        raise UsageError(f"{text!r} is a placeholder, not a link; a missing link is simply left out")
    try:
        check_url(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return [] if paper.links.get(kind) == text else [SetValue(path, text)]


# -- dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    paper: Paper
    old: dt.date
    new: dt.date


def _date_changes(syllabus: Syllabus, moves: list[Move]) -> list[Change]:
    index = paper_indices(syllabus)
    return [SetValue(("papers", index[m.paper.id], "date"), m.new) for m in moves if m.old != m.new]


def clashes(syllabus: Syllabus, moves: list[Move]) -> list[tuple[str, Move]]:
    """(presenter, move) for each presenter a move puts on a day they are unavailable."""
    return [
        (name, move)
        for move in moves
        if move.new != move.old
        for name in move.paper.presenter
        if unavailable(syllabus, name, move.new)
    ]


def skip(
    syllabus: Syllabus, day: dt.date, reason: str, *, shift: bool, force: bool = False
) -> tuple[list[Change], list[Move]]:
    """Record a day without a meeting. With `shift`, that day's session and every later dated
    session move to the next meeting day, in order, keeping each session's papers together.
    A day the group does not meet on is refused unless `force`: it is nearly always a typo."""
    if any(s.date == day for s in syllabus.skips):
        raise UsageError(f"{day} is already a day without a meeting")
    on_day = [p for p in syllabus.papers if p.date == day]
    weekday = syllabus.group.weekday
    if not on_day and day.weekday() != WEEKDAYS.index(weekday) and not force:
        raise UsageError(
            f"{day} is a {day:%A} and the group meets on {weekday.capitalize()}s, so there is no "
            "meeting to skip (a typo?); add --force to record it anyway"
        )
    if on_day and not shift:
        titles = ", ".join(p.title for p in on_day)
        verb = "meets" if len(on_day) == 1 else "meet"
        raise UsageError(f"{titles} {verb} on {day}; add --shift to move it and every later session")
    changes: list[Change] = [AppendTable("skips", {"date": day, "reason": reason})]
    moves: list[Move] = []
    if shift:
        skipped = {s.date for s in syllabus.skips} | {day}
        later = [s for s in sessions(syllabus) if s.date is not None and s.date >= day]
        previous = day - dt.timedelta(days=1)
        for session in later:
            assert session.date is not None
            new = next(meeting_days(max(session.date, previous), syllabus.group.weekday, skipped))
            moves.extend(Move(paper, session.date, new) for paper in session.papers)
            previous = new
    return changes + _date_changes(syllabus, moves), moves


def reschedule(
    syllabus: Syllabus,
    start: dt.date,
    *,
    weekday: Weekday | None = None,
    skip_days: list[dt.date] | None = None,
    keep_presenters: bool = False,
    keep_skips: bool = False,
) -> tuple[list[Change], list[Move]]:
    """Run the syllabus again for a new cohort: dated sessions, in order, onto consecutive
    meeting days from `start` on, leaving out `skip_days` (recorded as skips). TBD papers stay
    TBD. Last term's presenters and skip days are dropped unless kept."""
    day_name = weekday or syllabus.group.weekday
    new_skips = sorted(set(skip_days or []))
    kept = syllabus.skips if keep_skips else []
    skipped = {s.date for s in kept} | set(new_skips)
    days = meeting_days(start - dt.timedelta(days=1), day_name, skipped)
    moves: list[Move] = []
    for session in sessions(syllabus):
        if session.date is None:
            continue
        new = next(days)
        moves.extend(Move(paper, session.date, new) for paper in session.papers)
    changes: list[Change] = []
    if weekday is not None and weekday != syllabus.group.weekday:
        changes.append(SetValue(("group", "weekday"), weekday))
    if not keep_skips:
        changes += [RemoveTable("skips", i) for i in range(len(syllabus.skips))]
    if not keep_presenters:
        changes += [
            RemoveKey(("papers", i, "presenter"))
            for i, paper in enumerate(syllabus.papers)
            if paper.presenter
        ]
    known = {s.date for s in kept}
    changes += [
        AppendTable("skips", {"date": d, "reason": "no meeting"}) for d in new_skips if d not in known
    ]
    return changes + _date_changes(syllabus, moves), moves


# -- the assignments report -----------------------------------------------------------------


@dataclass(frozen=True)
class Assignments:
    member: str | None
    next_paper: Paper | None  # the member's next presentation
    sessions: list[tuple[dt.date, list[Paper]]]


def assignments(
    syllabus: Syllabus, today: dt.date, *, weeks: int | None = None, member: str | None = None
) -> Assignments:
    upcoming = [
        (s.date, list(s.papers)) for s in sessions(syllabus) if s.date is not None and s.date >= today
    ]
    mine = (
        next((p for _, papers in upcoming for p in papers if member in p.presenter), None) if member else None
    )
    if weeks is not None:
        upcoming = upcoming[:weeks]
    return Assignments(member, mine, upcoming)


def only_member(report: Assignments) -> Assignments:
    """The sessions where the report's member presents, and only their papers in them."""
    mine = [(day, [p for p in papers if report.member in p.presenter]) for day, papers in report.sessions]
    return Assignments(report.member, report.next_paper, [(day, papers) for day, papers in mine if papers])
