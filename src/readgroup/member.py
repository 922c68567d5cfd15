"""Who the person at the terminal is, and finding a member's name in a syllabus.

A member says who they are once: $READGROUP_MEMBER, else `member = "..."` in the config file
(see `settings`). Names match the group's roster case-insensitively: the `[[members]]` table,
else everyone named as a presenter in the file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import UsageError
from .models import Syllabus

MEMBER_VARIABLE = "READGROUP_MEMBER"


@dataclass(frozen=True)
class Identity:
    name: str
    source: str  # where it was said: "$READGROUP_MEMBER" or the config file's path


def configured(environ: Mapping[str, str] = os.environ) -> Identity | None:
    from_env = environ.get(MEMBER_VARIABLE, "").strip()
    if from_env:
        return Identity(from_env, f"${MEMBER_VARIABLE}")
    from .settings import config_file, setting

    name = setting(environ, "member")
    return Identity(name, str(config_file(environ))) if name else None


def roster(syllabus: Syllabus) -> list[str]:
    """`[[members]]` in file order, else the presenters in the order they first appear."""
    if syllabus.members:
        return [member.name for member in syllabus.members]
    names: dict[str, None] = {}
    for paper in syllabus.papers:
        names.update(dict.fromkeys(paper.presenter))
    return list(names)


def find(syllabus: Syllabus, name: str, *, source: str = "") -> str:
    """The roster's spelling of `name` (case-insensitive). With no roster at all, `name` itself."""
    import difflib

    known = roster(syllabus)
    if not known:
        return name.strip()
    wanted = name.strip().casefold()
    for candidate in known:
        if candidate.casefold() == wanted:
            return candidate
    where = f" ({source})" if source else ""
    folded = {candidate.casefold(): candidate for candidate in known}
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.6)  # case-insensitively
    listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    hint = f", did you mean {folded[close[0]]!r}?" if close else f" (roster: {listed})"
    raise UsageError(f"{name!r}{where} is not on this group's roster{hint}")
