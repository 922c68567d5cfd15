"""The hot commands answered from a snapshot's plain data.

Each paper in the snapshot is already `contract.paper_json` (made by the Typer path with the
real models), so what is left here is choosing papers the way `schedule.py`, `plans.py` and
`names.py` do, the JSON envelopes of `contract.py`, and the plain-text layout of `render.py`'s
`next_announcement` / `paper_details` (the only Rich output simple enough to lay out by hand,
and only when Rich would print it without any escape codes). tests/test_fast_path.py holds all
of it to byte-identical output with the Typer path.

Dates are ISO strings (YYYY-MM-DD), which sort and compare as the dates do.
"""

from __future__ import annotations

import datetime as dt
import sys

from . import Declined
from .argv import Request

TYPE_CHECKING = False  # not `from typing import`: a costly import for a warm start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Json = dict[str, Any]  # plain JSON data from the snapshot
    Sessions = list[tuple[str | None, list[Json]]]


def answer(request: Request, payload: Json, today: dt.datetime | None) -> tuple[str, int]:
    """(stdout text, exit code)."""
    handler = HANDLERS[request.command]
    implemented = IMPLEMENTED[request.command]
    for name in request.options:
        if name not in implemented:
            raise Declined(f"option {name} of {request.command}")
    return handler(Run(request, payload, today))


class Run:
    __slots__ = ("request", "payload", "papers", "group", "_moment")

    def __init__(self, request: Request, payload: Json, today: dt.datetime | None) -> None:
        self.request = request
        self.payload = payload
        self.papers: list[Json] = payload["papers"]
        self.group: Json = payload["group"]
        self._moment = today

    def option(self, name: str, default: Any = None) -> Any:
        return self.request.options.get(name, default)

    @property
    def moment(self) -> dt.datetime:
        """--today, else now in the group's zone (cli.context.now)."""
        if self._moment is None:
            import time

            from ..zoneoffsets import wall_clock

            self._moment = wall_clock(self.payload.get("zone") or [], time.time())
        if self._moment is None:  # beyond the snapshot's table of the zone's offsets
            from ..globalopts import now_in

            self._moment = now_in(str(self.group["timezone"]))
        return self._moment

    def track_ids(self) -> list[str]:
        return [track_id for track_id, _ in self.payload["tracks"]]

    def known_track(self, name: str) -> str:
        if name not in self.track_ids():
            raise Declined(f"unknown track {name!r}")  # Typer says so, with a hint
        return name


# -- choosing papers (schedule.py, plans.py, names.py) -------------------------------------------


def sessions(papers: list[Json]) -> Sessions:
    """Dated sessions in date order (file order within a day), then the TBD papers."""
    by_date: dict[str, list[Json]] = {}
    undated: list[Json] = []
    for paper in papers:
        date = paper["date"]
        if date is None:
            undated.append(paper)
        else:
            by_date.setdefault(date, []).append(paper)
    found: Sessions = sorted(by_date.items())
    if undated:
        found.append((None, undated))
    return found


def _squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def find_paper(papers: list[Json], query: str) -> Json | None:
    """schedule.find_paper: by id or title, case-insensitively, then ignoring punctuation."""
    wanted = query.strip().lower()
    squashed = _squash(wanted)
    for paper in papers:
        if paper["id"] == wanted or str(paper["title"]).lower() == wanted:
            return paper
    for paper in papers:
        if _squash(str(paper["title"]).lower()) == squashed or _squash(str(paper["id"])) == squashed:
            return paper
    return None


# -- JSON (contract.py; written as cli.output.emit_json writes it) --------------------------------


def to_json(data: object) -> str:
    import json

    indent = 2 if sys.stdout.isatty() else None
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def _session_json(date: str | None, papers: list[Json]) -> Json:
    return {"date": date, "papers": papers}


def _schedule(run: Run) -> tuple[str, int]:
    if not run.option("json_"):
        raise Declined("schedule as a table (Rich)")
    found = sessions(run.papers)
    track = run.option("track")
    if track is not None:
        run.known_track(str(track))
        found = [(d, kept) for d, papers in found if (kept := [p for p in papers if p["track"] == track])]
    data = {"group": run.group, "sessions": [_session_json(d, papers) for d, papers in found]}
    return to_json(data), 0


def _next_session(run: Run) -> tuple[str | None, list[Json]] | None:
    """schedule.next_session: today's session counts until its end time has passed."""
    moment = run.moment
    today = moment.date().isoformat()
    end = dt.time.fromisoformat(str(run.group["end_time"]))
    for date, papers in sessions(run.papers):
        if date is not None and (date > today or (date == today and moment.time() < end)):
            return date, papers
    return None


def _next(run: Run) -> tuple[str, int]:
    said = configured_member()
    member = _on_roster(run, said) if said else None  # off the roster: Typer warns
    session = _next_session(run)
    tbd = [paper for paper in run.papers if paper["date"] is None]
    skipped = _skipped_before(run, session[0]) if session is not None else []
    forum: list[str] | None = run.payload["forum"]
    mine = [p for p in session[1] if member in p["presenters"]] if session and member else []
    if run.option("json_"):
        data = {
            "session": _session_json(*session) if session else None,
            "tbd": tbd,
            "skipped": [{"date": date, "reason": reason} for date, reason in skipped],
            "forum": forum[1] if forum else None,
            "member": member,
            "you_present": [paper["id"] for paper in mine],
        }
        return to_json(data), 0
    from .text import next_text

    return next_text(run, session, tbd, skipped, forum[1] if forum else None, mine), 0


def _skipped_before(run: Run, date: str | None) -> list[tuple[str, str]]:
    """schedule.skipped_before: days without a meeting after the previous dated session, from today."""
    if date is None:
        return []
    today = run.moment.date().isoformat()
    dated = [p["date"] for p in run.papers if p["date"] is not None and p["date"] < date]
    previous = max(dated, default=None)
    skips: list[list[str]] = run.payload["skips"]
    found = [
        (day, reason)
        for day, reason in skips
        if day < date and (previous is None or day > previous) and day >= today
    ]
    return sorted(found, key=lambda skip: skip[0])


def _on_roster(run: Run, name: str) -> str:
    """member.find: the roster's spelling of `name`; Typer says when it is not on the roster."""
    known: list[str] = run.payload["roster"]
    if not known:
        return name.strip()
    wanted = name.strip().casefold()
    for candidate in known:
        if candidate.casefold() == wanted:
            return candidate
    raise Declined("a name not on the roster")


def configured_member() -> str | None:
    """member.configured: $READGROUP_MEMBER, else `member = "..."` in config.toml; Declined when
    the config file is not readable TOML with text there (Typer says what is wrong)."""
    import os

    from ..userconfig import SettingsError, setting

    from_env = os.environ.get("READGROUP_MEMBER", "").strip()
    if from_env:
        return from_env
    try:
        return setting(os.environ, "member")
    except SettingsError:
        raise Declined("the config file") from None


def _show(run: Run) -> tuple[str, int]:
    paper = find_paper(run.papers, run.request.arguments[0])
    if paper is None:
        raise Declined("no such paper")  # Typer says so, with a did-you-mean
    if run.option("json_"):
        return to_json(paper), 0
    from .text import show_text

    return show_text(run, paper), 0


def _count(papers: list[Json], today: str) -> tuple[Json, Json]:
    dates = {p["date"] for p in papers if p["date"] is not None}
    held = {d for d in dates if d < today}
    covered = sum(1 for p in papers if p["date"] is not None and p["date"] < today)
    return {"held": len(held), "total": len(dates)}, {"covered": covered, "total": len(papers)}


def _progress(run: Run) -> tuple[str, int]:
    if not run.option("json_"):
        raise Declined("progress as a table (Rich)")
    today = run.moment.date().isoformat()
    by_track: dict[str, list[Json]] = {}
    for paper in run.papers:
        by_track.setdefault(paper["track"], []).append(paper)
    tracks = []
    for track_id, name in run.payload["tracks"]:
        held, covered = _count(by_track.get(track_id, []), today)
        tracks.append({"id": track_id, "name": name, "sessions": held, "papers": covered})
    kinds: list[str] = run.payload["kinds"]
    present = dict.fromkeys(kinds, 0)
    for paper in run.papers:
        for kind in paper["links"]:
            present[kind] = present.get(kind, 0) + 1
    total = len(run.papers)
    held, covered = _count(run.papers, today)
    data = {
        "today": today,
        "sessions": held,
        "papers": covered,
        "tracks": tracks,
        "links": {kind: {"present": count, "total": total} for kind, count in present.items()},
    }
    return to_json(data), 0


def chosen_kinds(run: Run) -> list[str]:
    """cli.params.split_list, then names.link_kind for each."""
    values: list[str] = run.option("kind") or []
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    known: list[str] = run.payload["kinds"]
    kinds = [part.strip().lower() for part in parts]
    if any(kind not in known for kind in kinds):
        raise Declined("an unknown link kind")
    return kinds


def _missing(run: Run) -> tuple[str, int]:
    if not run.option("json_"):
        raise Declined("missing as a table (Rich)")
    if run.request.arguments:
        raise Declined("missing FILE...")
    upcoming, past = bool(run.option("upcoming")), bool(run.option("past"))
    if upcoming and past:
        raise Declined("--upcoming with --past")
    kinds = chosen_kinds(run)
    track = run.option("track")
    if track is not None:
        run.known_track(str(track))
    today = run.moment.date().isoformat()
    entries = []
    for date, papers in sessions(run.papers):
        is_past = date is not None and date < today
        if (upcoming and is_past) or (past and not is_past):
            continue
        for paper in papers:
            if track is not None and paper["track"] != track:
                continue
            lacking: list[str] = paper["missing"]
            if kinds:
                lacking = [kind for kind in lacking if kind in kinds]
            if lacking:
                entries.append(
                    {"date": paper["date"], "paper": paper["id"], "title": paper["title"], "missing": lacking}
                )
    return to_json(entries), 1 if run.option("check") and entries else 0


def _weeks(run: Run) -> int | None:
    value = run.option("weeks")
    if value is None:
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise Declined("--weeks")  # Typer's IntRange says what is wrong
    return int(text)


def _assignments(run: Run) -> tuple[str, int]:
    """plans.assignments + contract.assignments_json."""
    if not run.option("json_"):
        raise Declined("assignments as a table (Rich)")
    # The member (--member; one the user's config names is Typer's) filters the report unless --all.
    given = run.option("name")
    everyone = bool(run.option("everyone"))
    member = None
    if given is not None:
        member = _on_roster(run, str(given))
    elif not everyone and (said := configured_member()):
        member = _on_roster(run, said)
    weeks = _weeks(run)
    today = run.moment.date().isoformat()
    upcoming = [(d, papers) for d, papers in sessions(run.papers) if d is not None and d >= today]
    mine = None
    if member:
        mine = next((p for _, papers in upcoming for p in papers if member in p["presenters"]), None)
    if weeks is not None:
        upcoming = upcoming[:weeks]
    if member is not None and not everyone:  # plans.only_member
        only = [(d, [p for p in papers if member in p["presenters"]]) for d, papers in upcoming]
        upcoming = [(d, papers) for d, papers in only if papers]
    data = {
        "today": today,
        "member": member,
        "next": mine,
        "sessions": [_session_json(d, papers) for d, papers in upcoming],
    }
    return to_json(data), 0


HANDLERS: dict[str, Callable[[Run], tuple[str, int]]] = {
    "schedule": _schedule,
    "next": _next,
    "show": _show,
    "progress": _progress,
    "missing": _missing,
    "assignments": _assignments,
}
# The options each handler implements; any other option of the command goes to Typer.
IMPLEMENTED = {
    "schedule": {"track", "json_"},
    "next": {"json_"},
    "show": {"json_"},
    "progress": {"json_"},
    "missing": {"kind", "track", "upcoming", "past", "check", "json_"},
    "assignments": {"name", "weeks", "everyone", "json_"},
}
