"""Checks that need the whole syllabus: cross references (errors) and advice (warnings).

Each check returns (key path, message) pairs; the loader adds file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from .models import LINK_KINDS, WEEKDAYS, Syllabus, is_placeholder
from .positions import KeyPath
from .safetext import quote, shorten

Finding = tuple[KeyPath, str]


_MAX_CHOICES = 2000
_MAX_WORD = 200


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """', did you mean 'x'?' when a close choice exists, else ''."""
    options = list(choices)
    # difflib compares the word with every choice: bound the work a hostile file can ask for.
    fuzzy = len(options) <= _MAX_CHOICES and len(word) <= _MAX_WORD
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6) if fuzzy else []
    if not close:
        lowered = {option.lower(): option for option in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f", did you mean {quote(close[0])}?" if close else ""


def _records(raw: Mapping[str, Any], table: str) -> list[tuple[int, Mapping[str, Any]]]:
    items = raw.get(table)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, Mapping)]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def errors(raw: Mapping[str, Any]) -> list[Finding]:
    """Cross-reference errors, checked on the parsed TOML rather than the models so they
    are reported together with schema errors, not one run later."""
    found: list[Finding] = []
    track_ids: dict[str, int] = {}
    for i, track in _records(raw, "tracks"):
        track_id = _text(track.get("id"))
        if track_id is None:
            continue
        if track_id in track_ids:
            found.append((("tracks", i, "id"), f"duplicate track id {quote(track_id)}"))
        track_ids.setdefault(track_id, i)

    skip_reasons: dict[object, str] = {}
    for i, skip in _records(raw, "skips"):
        day = skip.get("date")
        if not isinstance(day, dt.date):
            continue
        if day in skip_reasons:
            found.append((("skips", i, "date"), f"{day} is listed as a skip twice"))
        skip_reasons.setdefault(day, _text(skip.get("reason")) or "")

    members: set[str] = set()
    for i, member in _records(raw, "members"):
        name = _text(member.get("name"))
        if name is None:
            continue
        if name in members:
            found.append((("members", i, "name"), f"duplicate member {quote(name)}"))
        members.add(name)

    kinds = _link_kinds(raw)
    known = frozenset(kinds)
    group = raw.get("group")
    if isinstance(group, Mapping):
        found += _required_kinds(group.get("required"), ("group", "required"), kinds)

    paper_ids: dict[str, int] = {}
    for i, paper in _records(raw, "papers"):
        if "required" in paper:
            found += _required_kinds(paper["required"], ("papers", i, "required"), kinds)
        links = paper.get("links")
        if isinstance(links, Mapping) and not known.issuperset(links):
            found += [
                (("papers", i, "links", kind), f"unknown link kind{_kind_hint(kind, kinds)}")
                for kind in links
                if kind not in known
            ]
        paper_id = _text(paper.get("id"))
        if paper_id is not None:
            if paper_id in paper_ids:
                first = paper_ids[paper_id]
                message = f"duplicate paper id {quote(paper_id)} (also papers[{first}])"
                found.append((("papers", i, "id"), message))
            paper_ids.setdefault(paper_id, i)
        track_ref = _text(paper.get("track"))
        if track_ref is not None and track_ids and track_ref not in track_ids:
            hint = did_you_mean(track_ref, track_ids) or f" (tracks: {shorten(', '.join(track_ids))})"
            found.append((("papers", i, "track"), f"unknown track {quote(track_ref)}{hint}"))
        day = paper.get("date")
        if isinstance(day, dt.date) and day in skip_reasons:
            why = f" ({skip_reasons[day]})" if skip_reasons[day] else ""
            found.append((("papers", i, "date"), f"{day} is a day with no meeting{why}"))
        presenters = paper.get("presenter", [])
        names = [presenters] if isinstance(presenters, str) else presenters
        if members and isinstance(names, list):
            for name in names:
                if isinstance(name, str) and name not in members:
                    hint = did_you_mean(name, members)
                    found.append((("papers", i, "presenter"), f"{quote(name)} is not on the roster{hint}"))
    return found


def _link_kinds(raw: Mapping[str, Any]) -> list[str]:
    """The built-in link kinds and the ones the group declares in `[group] link_kinds`."""
    group = raw.get("group")
    declared = group.get("link_kinds") if isinstance(group, Mapping) else None
    own = [kind for kind in declared if isinstance(kind, str)] if isinstance(declared, list) else []
    return list(dict.fromkeys([*LINK_KINDS, *own]))


def _kind_hint(kind: str, kinds: list[str]) -> str:
    return did_you_mean(kind, kinds) or (
        f" (expected one of: {', '.join(kinds)}; a kind of your own goes in [group] link_kinds)"
    )


def _required_kinds(value: object, path: KeyPath, kinds: list[str]) -> list[Finding]:
    if not isinstance(value, list):
        return []
    return [
        ((*path, i), f"{kind!r} is not a link kind{_kind_hint(kind, kinds)}")
        for i, kind in enumerate(value)
        if isinstance(kind, str) and kind not in kinds
    ]


def warnings(syllabus: Syllabus) -> list[Finding]:
    found: list[Finding] = []
    group = syllabus.group
    for name, url in group.links.items():
        if is_placeholder(url):
            found.append((("group", "links", name), f"placeholder link {quote(url)}"))

    seen: set[str] = set()
    for i, kind in enumerate(group.link_kinds):
        if kind in LINK_KINDS:
            found.append(
                (("group", "link_kinds", i), f"{kind!r} is a built-in link kind; no need to declare it")
            )
        elif kind in seen:
            found.append((("group", "link_kinds", i), f"{kind!r} is declared twice"))
        seen.add(kind)

    meeting_day = WEEKDAYS.index(group.weekday)
    unavailable = {member.name: set(member.unavailable) for member in syllabus.members}
    first_use: dict[str, tuple[int, str]] = {}
    for i, paper in enumerate(syllabus.papers):
        for kind, url in paper.links.placeholders().items():
            found.append((("papers", i, "links", kind), f"placeholder link {quote(url)} counts as missing"))
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
