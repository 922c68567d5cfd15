"""Words for people: link kinds, group links, dates and times as a group's page or post writes them.

One place, so the page, the Markdown export and the announcement say the same thing. The labels
read back through `readgroup import` (it matches link texts case-insensitively, `PyTorch video`
included). LABELS are the terminal's short labels (render.py and the fast path's plain text).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import`: the fast path imports this module (LABELS)
if TYPE_CHECKING:
    import datetime as dt

    from .models import LinkKind

# The terminal's short labels (render.py, and the fast path's plain text, which must match it).
LABELS: dict[str, str] = {
    "paper": "paper",
    "slides": "slides",
    "video": "video",
    "code": "code",
    "pytorch": "pytorch",
    "pytorch_video": "pt-video",
    "notes": "notes",
}

LINK_LABELS: dict[LinkKind, str] = {
    "paper": "Paper",
    "slides": "Slides",
    "video": "Video",
    "code": "Code",
    "pytorch": "PyTorch",
    "pytorch_video": "PyTorch video",
    "notes": "Notes",
}

# What each kind is, for a tooltip or a legend.
LINK_DESCRIPTIONS: dict[LinkKind, str] = {
    "paper": "the paper (PDF)",
    "slides": "the presenter's slides or notes",
    "video": "a recording or a lecture on the paper",
    "code": "official code or demo",
    "pytorch": "a PyTorch example",
    "pytorch_video": "a PyTorch lecture video",
    "notes": "written notes",
}


def group_link_label(name: str) -> str:
    """`all_papers` -> `all papers`: the key of a [group.links] entry as words."""
    import re

    return re.sub(r"[_\s]+", " ", name).strip() or name


def long_date(day: dt.date) -> str:
    """Thursday 22 March 2018: unambiguous in every country (no 03/22 vs 22/03)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """Thu 22 Mar."""
    return f"{day:%a} {day.day} {day:%b}"


def time_range(start: dt.time, end: dt.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def link_label(kind: LinkKind) -> str:
    """A kind's label for people; a group's own kinds (`[group] link_kinds`) by their name."""
    return LINK_LABELS.get(kind) or kind.replace("_", " ").capitalize()
