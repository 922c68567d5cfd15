"""The syllabus as Markdown tables for a group site (GitHub, Jekyll/kramdown).

Reference-style links (`[Paper][lenet.paper]` with the address listed below the tables) so any
URL survives, GitHub and kramdown both render them, and `readgroup import` reads the page back
(link texts name the kind; reference labels give the paper's id). Written by hand: no
maintained library writes Markdown tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..labels import link_label, long_date, time_range
from ..models import Paper, Syllabus
from ..schedule import Session, next_session, sessions

MarkdownLayout = Literal["per-track", "side-by-side"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")
_SAFE_LABEL = re.compile(r"^[A-Za-z0-9_.-]+$")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def _date_cell(paper_date: dt.date | None) -> str:
    return paper_date.isoformat() if paper_date else "TBD"


def _links_cell(syllabus: Syllabus, paper: Paper, references: dict[str, str]) -> str:
    present = paper.links.present()
    parts = []
    for kind in syllabus.group.kinds():
        if kind in present:
            label = f"{paper.id}.{kind}"
            references[label] = present[kind]
            parts.append(f"[{link_label(kind)}][{label}]")
    # Lower case: `readgroup import` reads "(no pytorch video)" back as a missing kind.
    parts += [f"(no {link_label(kind).lower()})" for kind in paper.missing_kinds(syllabus.group)]
    return " ".join(parts)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(syllabus: Syllabus, layout: MarkdownLayout = "per-track", now: dt.datetime | None = None) -> str:
    """`now` marks the next session (a line above the tables); None leaves it out."""
    references: dict[str, str] = {}
    if layout == "per-track":
        body = _per_track(syllabus, references)
    else:
        body = _side_by_side(syllabus, references)
    intro = _intro(syllabus, references)
    upcoming = next_session(syllabus, now) if now is not None else None
    if upcoming is not None:
        intro += ["", _next_line(syllabus, upcoming)]
    out = [f"# {escape_markdown(syllabus.group.name)}", "", *intro, "", *body, ""]
    out += [f"[{label}]: {_destination(url)}" for label, url in references.items()]
    return "\n".join(out) + "\n"


def _next_line(syllabus: Syllabus, session: Session) -> str:
    assert session.date is not None
    group = syllabus.group
    papers = ", ".join(
        escape_markdown(paper.title)
        + (f" (presented by {escape_markdown(', '.join(paper.presenter))})" if paper.presenter else "")
        for paper in session.papers
    )
    when = f"{long_date(session.date)}, {time_range(group.start_time, group.end_time)}"
    return f"**Next meeting: {when}**: {papers}."


def _group_reference(name: str, index: int) -> str:
    # A reference label cannot hold `]`, and a name is any TOML key: fall back to its position.
    return f"group.{name}" if _SAFE_LABEL.match(name) else f"group.{index}"


def _intro(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    group = syllabus.group
    when = f"{group.weekday.capitalize()}s {group.start_time:%H:%M}-{group.end_time:%H:%M} ({group.timezone})"
    lines = [when + (f", {escape_markdown(group.venue)}" if group.venue else "") + "."]
    lines += ["", f"Links every paper needs: {', '.join(group.required) or 'none'}."]
    if group.links:
        parts = []
        for index, (name, url) in enumerate(group.links.items(), 1):
            label = _group_reference(name, index)
            references[label] = url
            parts.append(f"[{escape_markdown(name)}][{label}]")
        lines += ["", "Group links: " + " · ".join(parts)]
    if syllabus.skips:
        days = ", ".join(
            skip.date.isoformat() + (f" ({escape_markdown(skip.reason)})" if skip.reason else "")
            for skip in syllabus.skips
        )
        lines += ["", f"No meeting on {days}."]
    return lines


def _per_track(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    out: list[str] = []
    for track in syllabus.tracks:
        papers = [paper for paper in syllabus.papers if paper.track == track.id]
        if not papers:
            continue
        out += [f"## {escape_markdown(track.name)}", ""]
        out += [
            _row(["Date", escape_markdown(track.name), "Presenter", "Links"]),
            "| ---: | --- | --- | --- |",
        ]
        for session in sessions(syllabus):
            for paper in session.papers:
                if paper.track == track.id:
                    out.append(
                        _row(
                            [
                                _date_cell(paper.date),
                                escape_markdown(paper.title),
                                escape_markdown(", ".join(paper.presenter)),
                                _links_cell(syllabus, paper, references),
                            ]
                        )
                    )
        out.append("")
    return out


def _side_by_side(syllabus: Syllabus, references: dict[str, str]) -> list[str]:
    """Tracks next to each other, as the PyTorch Taipei page lays them out: a track's papers
    of one date share a row, titles and their links split by <br>."""
    columns: list[list[tuple[str, str, str]]] = []
    tracks = [t for t in syllabus.tracks if any(p.track == t.id for p in syllabus.papers)]
    for track in tracks:
        rows = []
        for session in sessions(syllabus):
            papers = [paper for paper in session.papers if paper.track == track.id]
            if papers:
                titles = "<br>".join(escape_markdown(paper.title) for paper in papers)
                links = "<br>".join(_links_cell(syllabus, paper, references) for paper in papers)
                rows.append((_date_cell(session.date), titles, links))
        columns.append(rows)
    header: list[str] = []
    for track in tracks:
        header += ["Date", escape_markdown(track.name), "Links"]
    out = [_row(header), _row(["---:", "---", "---"] * len(tracks))]
    for index in range(max((len(rows) for rows in columns), default=0)):
        cells: list[str] = []
        for rows in columns:
            cells += list(rows[index]) if index < len(rows) else ["", "", ""]
        out.append(_row(cells))
    return out


def _destination(url: str) -> str:
    """A link definition's address; in <...> when CommonMark would not take it bare
    (a parenthesis without its pair, a space), so Markdown parsers read it back whole."""
    if url.count("(") != url.count(")") or ")" in url.split("(", 1)[0] or any(c.isspace() for c in url):
        return f"<{url}>"
    return url
