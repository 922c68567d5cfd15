"""The syllabus as CSV: one row per paper, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from ..models import LinkKind, Syllabus
from ..schedule import sessions

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection);
# a leading apostrophe makes it text, as OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_text(syllabus: Syllabus) -> str:
    """One row per paper, in schedule order; links one column per kind."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    kinds: tuple[LinkKind, ...] = syllabus.group.kinds()
    writer.writerow(["id", "title", "track", "date", "presenters", *kinds, "missing"])
    for session in sessions(syllabus):
        for paper in session.papers:
            present = paper.links.present()
            row = [
                paper.id,
                paper.title,
                paper.track,
                paper.date.isoformat() if paper.date else "",
                "; ".join(paper.presenter),
                *(present.get(kind, "") for kind in kinds),
                " ".join(paper.missing_kinds(syllabus.group)),
            ]
            writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
