"""Tab completion of what only the syllabus knows: paper ids and titles, tracks, members; and of
fixed choices (link kinds, layouts, weekdays).

Typer calls these with the command line parsed so far, so a --file given earlier is respected.
A completion must never print or fail: anything that goes wrong gives no candidates. A followed
group's copy is read as it is, never refreshed (no network while the user presses Tab).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import typer

from .. import candidates
from ..candidates import Candidates, matching

Table = dict[str, Any]


def syllabus(ctx: typer.Context) -> dict[str, Any]:
    """The file's TOML as parsed, not validated: a completion should not pay for the models
    (pydantic is most of a report's start-up), and a half-edited file still completes."""
    try:
        import tomllib

        from ..locate import locate
        from .params import options

        path = locate(options(ctx).file, os.environ).path
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except Exception:  # noqa: BLE001  (anything at all: a completion stays silent)
        return {}


def _tables(raw: dict[str, Any], key: str) -> list[Table]:
    found = raw.get(key)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _text(table: Table, key: str) -> str:
    value = table.get(key)
    return value.strip() if isinstance(value, str) else ""


def papers(ctx: typer.Context, incomplete: str) -> Candidates:
    """Paper ids (with the title and date as help); titles too once what is typed matches one."""
    return candidates.papers(
        ((_text(p, "id"), _text(p, "title"), _date(p.get("date"))) for p in _tables(syllabus(ctx), "papers")),
        incomplete,
    )


def _date(value: object) -> str | None:
    """As the snapshot has it: a date as YYYY-MM-DD, anything else (TBD, a word, nothing) None."""
    return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else None


def tracks(ctx: typer.Context, incomplete: str) -> Candidates:
    found = [(_text(t, "id"), _text(t, "name")) for t in _tables(syllabus(ctx), "tracks")]
    return matching([(id_, name) for id_, name in found if id_], incomplete)


def members(ctx: typer.Context, incomplete: str) -> Candidates:
    """The roster ([[members]], else the presenters); for `--member A,B` the part after the comma."""
    raw = syllabus(ctx)
    roster = [_text(m, "name") for m in _tables(raw, "members")]
    if not any(roster):
        for paper in _tables(raw, "papers"):
            named = paper.get("presenter")
            roster += [named] if isinstance(named, str) else [n for n in named or [] if isinstance(n, str)]
    head, comma, last = incomplete.rpartition(",")
    names = matching([(name, "member") for name in dict.fromkeys(roster) if name], last)
    return [(head + comma + name, help_) for name, help_ in names]


def link_kinds(ctx: typer.Context, incomplete: str) -> Candidates:
    """The built-in kinds and the group's own (`[group] link_kinds`)."""
    from ..models import LINK_KINDS

    group = syllabus(ctx).get("group")
    own = group.get("link_kinds") if isinstance(group, dict) else None
    declared = [k for k in own if isinstance(k, str)] if isinstance(own, list) else []
    kinds = dict.fromkeys([*LINK_KINDS, *declared])
    return matching([(kind, "link kind") for kind in kinds], incomplete)


def link_kind_lists(ctx: typer.Context, incomplete: str) -> Candidates:
    """For `--kind a,b`: complete the part after the last comma."""
    head, comma, last = incomplete.rpartition(",")
    return [(head + comma + value, help_) for value, help_ in link_kinds(ctx, last)]


def layouts(incomplete: str) -> Candidates:
    choices = [("per-track", "one table per track"), ("side-by-side", "tracks next to each other")]
    return matching(choices, incomplete)


def weekdays(incomplete: str) -> Candidates:
    from ..models import WEEKDAYS

    return matching([(day, "meeting day") for day in WEEKDAYS], incomplete)
