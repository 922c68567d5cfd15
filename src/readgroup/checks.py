"""Checks that need the whole syllabus: cross references (errors) and advice (warnings).

Each check returns (key path, message) pairs; the loader adds file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .models import WEEKDAYS, Syllabus, is_placeholder
from .positions import KeyPath

Finding = tuple[KeyPath, str]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """', did you mean 'x'?' when a close choice exists, else ''."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {option.lower(): option for option in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f", did you mean {close[0]!r}?" if close else ""


def errors(syllabus: Syllabus) -> list[Finding]:
    found: list[Finding] = []
    track_ids: dict[str, int] = {}
    for i, track in enumerate(syllabus.tracks):
        if track.id in track_ids:
            found.append((("tracks", i, "id"), f"duplicate track id {track.id!r}"))
        track_ids.setdefault(track.id, i)

    skip_reasons: dict[object, str] = {}
    for i, skip in enumerate(syllabus.skips):
        if skip.date in skip_reasons:
            found.append((("skips", i, "date"), f"{skip.date} is listed as a skip twice"))
        skip_reasons.setdefault(skip.date, skip.reason)

    members: set[str] = set()
    for i, member in enumerate(syllabus.members):
        if member.name in members:
            found.append((("members", i, "name"), f"duplicate member {member.name!r}"))
        members.add(member.name)

    paper_ids: dict[str, int] = {}
    for i, paper in enumerate(syllabus.papers):
        if paper.id in paper_ids:
            first = paper_ids[paper.id]
            found.append((("papers", i, "id"), f"duplicate paper id {paper.id!r} (also papers[{first}])"))
        paper_ids.setdefault(paper.id, i)
        if paper.track not in track_ids:
            hint = did_you_mean(paper.track, track_ids) or f" (tracks: {', '.join(track_ids)})"
            found.append((("papers", i, "track"), f"unknown track {paper.track!r}{hint}"))
        if paper.date is not None and paper.date in skip_reasons:
            reason = skip_reasons[paper.date]
            why = f" ({reason})" if reason else ""
            found.append((("papers", i, "date"), f"{paper.date} is a day with no meeting{why}"))
        if members:
            for name in paper.presenter:
                if name not in members:
                    hint = did_you_mean(name, members)
                    found.append((("papers", i, "presenter"), f"{name!r} is not on the roster{hint}"))
    return found


def warnings(syllabus: Syllabus) -> list[Finding]:
    found: list[Finding] = []
    group = syllabus.group
    for name, url in group.links.items():
        if is_placeholder(url):
            found.append((("group", "links", name), f"placeholder link {url!r}"))

    meeting_day = WEEKDAYS.index(group.weekday)
    unavailable = {member.name: set(member.unavailable) for member in syllabus.members}
    first_use: dict[str, tuple[int, str]] = {}
    for i, paper in enumerate(syllabus.papers):
        for kind, url in paper.links.placeholders().items():
            found.append((("papers", i, "links", kind), f"placeholder link {url!r} counts as missing"))
        for kind, url in paper.links.present().items():
            earlier = first_use.setdefault(url, (i, kind))
            if earlier[0] != i:
                other = syllabus.papers[earlier[0]]
                found.append(
                    (
                        ("papers", i, "links", kind),
                        f"same URL as papers[{earlier[0]}].links.{earlier[1]} ({other.id})",
                    )
                )
        if paper.date is not None:
            if paper.date.weekday() != meeting_day:
                found.append(
                    (
                        ("papers", i, "date"),
                        f"{paper.date} is a {paper.date:%A}, not the group's meeting day "
                        f"({group.weekday.capitalize()})",
                    )
                )
            for name in paper.presenter:
                if paper.date in unavailable.get(name, ()):
                    found.append((("papers", i, "presenter"), f"{name} is unavailable on {paper.date}"))
    return found
