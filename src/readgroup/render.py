"""Rich renderables for people. JSON never goes through here.

Text from the file (titles, names, URLs, reasons) never goes through Rich markup: every
renderable is built as `rich.text.Text` with styles, and links as `Style(link=url)`, so a
`[` in a title or a `]` in a URL is shown as written and cannot open or break a tag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group as Lines
from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from . import labels
from .errors import Problem
from .models import LinkKind, Paper, Skip, Syllabus
from .schedule import MissingEntry, Progress, Session, forum_link

if TYPE_CHECKING:
    from .links import Report as LinkReport
    from .plans import Assignment, Assignments, Move

LABELS: dict[LinkKind, str] = dict(labels.LABELS)


def label(kind: LinkKind) -> str:
    """A kind's short label; a group's own kinds are shown by name (always as Text, never markup)."""
    return LABELS.get(kind, kind)


def _styled(text: str, style: str) -> Text:
    """Styled as markup would style it: the text only, not the padding of a table cell."""
    return Text.assemble((text, style))


def _title(text: str) -> Text:
    """A table title (a plain string would be read as markup; Text skips the default style)."""
    return Text(text, style="table.title")


def _date(date: dt.date | None) -> str:
    return f"{date:%a %Y-%m-%d}" if date else "TBD"


def _presenters(paper: Paper, unassigned: str = "yellow") -> Text:
    return Text(", ".join(paper.presenter)) if paper.presenter else _styled("unassigned", unassigned)


def _link(text: str, url: str, style: str = "") -> Text:
    """`text` as a clickable link to `url` (no markup: any character of the URL is safe)."""
    return Text.assemble((text, Style.parse(style) + Style(link=url) if style else Style(link=url)))


def link_marks(paper: Paper, syllabus: Syllabus) -> Text:
    """Present kinds as clickable labels, missing required kinds as a red cross."""
    marks = [_link(label(kind), url, "green") for kind, url in paper.links.present().items()]
    marks += [_styled(f"✗{label(kind)}", "bold red") for kind in paper.missing_kinds(syllabus.group)]
    return Text(" ").join(marks)


def schedule_table(syllabus: Syllabus, sessions: list[Session], today: dt.date) -> Table:
    table = Table(title=_title(f"{syllabus.group.name}: schedule"), title_justify="left")
    table.add_column("Date", no_wrap=True)
    table.add_column("Track")
    table.add_column("Paper")
    table.add_column("Presenter")
    table.add_column("Links")
    rows: list[tuple[dt.date | None, int, list[Text], str]] = []
    for session in sessions:
        style = "dim" if session.date is not None and session.date < today else ""
        for index, paper in enumerate(session.papers):
            cells = [
                Text(_date(session.date) if index == 0 else ""),
                Text(syllabus.track_name(paper.track)),
                Text(paper.title),
                _presenters(paper),
                link_marks(paper, syllabus),
            ]
            rows.append((session.date, 0, cells, style))
    for skip in syllabus.skips:
        cells = [
            Text(_date(skip.date)),
            _styled("no meeting", "italic"),
            _styled(skip.reason, "italic"),
            Text(""),
            Text(""),
        ]
        rows.append((skip.date, -1, cells, "dim"))
    # Skips sort into the dated rows; TBD (None) stays last.
    rows.sort(key=lambda row: (row[0] is None, row[0] or dt.date.min, row[1]))
    for _, _, cells, style in rows:
        table.add_row(*cells, style=style or None)
    return table


def next_announcement(
    syllabus: Syllabus,
    session: Session | None,
    tbd: list[Paper],
    today: dt.date,
    *,
    skipped: Sequence[Skip] = (),
    mine: Sequence[Paper] = (),
) -> RenderableType:
    """`skipped`: days without a meeting before the session; `mine`: what the member presents."""
    group = syllabus.group
    skips: list[RenderableType] = [
        Text(f"No meeting on {_date(skip.date)}" + (f": {skip.reason}" if skip.reason else ""))
        for skip in skipped
    ]
    forum = forum_link(syllabus)
    end: list[RenderableType] = [Text.assemble("Forum: ", (forum[1], Style(link=forum[1])))] if forum else []
    if session is None or session.date is None:
        lines: list[RenderableType] = [
            Text("The syllabus is finished: no dated session is left.", style="bold")
        ]
        if tbd:
            lines.append(Text("Still to be scheduled (TBD):"))
            lines.extend(_paper_block(paper, syllabus) for paper in tbd)
        return Lines(*lines, *end)
    days = (session.date - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    header = Text.assemble(
        (
            f"Next meeting: {session.date:%A %Y-%m-%d}, {group.start_time:%H:%M}-{group.end_time:%H:%M}",
            "bold",
        ),
        f" ({group.timezone}, {when})",
    )
    body: list[RenderableType] = [*skips, header]
    if group.venue:
        body.append(Text(f"Where: {group.venue}"))
    if mine:
        body.append(Text("You present: " + ", ".join(paper.title for paper in mine), style="bold green"))
    body.append(Text("Read:"))
    body.extend(_paper_block(paper, syllabus) for paper in session.papers)
    return Lines(*body, *end)


def _paper_block(paper: Paper, syllabus: Syllabus) -> Text:
    block = Text.assemble(
        "  ",
        (paper.title, "bold"),
        f" ({syllabus.track_name(paper.track)}), presenter: ",
        _presenters(paper),
    )
    if paper.full_title:
        block.append("\n    ")
        block.append(paper.full_title, style="italic")
    present = paper.links.present()
    missing = paper.missing_kinds(syllabus.group)
    width = max(len(label(kind)) for kind in [*LABELS, *present, *missing])
    for kind, url in present.items():
        block.append(f"\n    {label(kind):<{width}}  ")
        block.append_text(_link(url, url))
    for kind in missing:
        block.append(f"\n    {label(kind):<{width}}  ")
        block.append("✗ missing", style="bold red")
    return block


def paper_details(paper: Paper, syllabus: Syllabus) -> RenderableType:
    when = _date(paper.date)
    return Lines(Text.assemble((paper.id, "bold"), f"  {when}"), _paper_block(paper, syllabus))


def _bar(done: int, total: int) -> RenderableType:
    from rich.progress_bar import ProgressBar

    return ProgressBar(total=max(total, 1), completed=done, width=24)


def progress_view(report: Progress) -> RenderableType:
    table = Table(title=_title(f"Progress on {report.today}"), title_justify="left")
    table.add_column("Track")
    table.add_column("Sessions held", justify="right")
    table.add_column("")
    table.add_column("Papers covered", justify="right")
    table.add_column("")
    for track in report.tracks:
        table.add_row(
            Text(track.name),
            Text(f"{track.sessions.done}/{track.sessions.total}"),
            _bar(track.sessions.done, track.sessions.total),
            Text(f"{track.papers.done}/{track.papers.total}"),
            _bar(track.papers.done, track.papers.total),
        )
    table.add_row(
        _styled("All", "bold"),
        _styled(f"{report.sessions.done}/{report.sessions.total}", "bold"),
        _bar(report.sessions.done, report.sessions.total),
        _styled(f"{report.papers.done}/{report.papers.total}", "bold"),
        _bar(report.papers.done, report.papers.total),
    )
    links = Table(title=_title("Papers with each link kind"), title_justify="left")
    links.add_column("Kind")
    links.add_column("Papers", justify="right")
    links.add_column("")
    for kind, count in report.links.items():
        links.add_row(Text(label(kind)), Text(f"{count.done}/{count.total}"), _bar(count.done, count.total))
    return Lines(table, links)


def missing_table(entries: list[MissingEntry], syllabus: Syllabus) -> RenderableType:
    if not entries:
        return Text("Nothing missing.", style="green")
    table = Table(title=_title("Missing links"), title_justify="left")
    table.add_column("Date", no_wrap=True)
    table.add_column("Paper")
    table.add_column("Track")
    table.add_column("Missing")
    previous: object = object()
    for entry in entries:
        paper = entry.paper
        table.add_row(
            Text(_date(paper.date) if paper.date != previous else ""),
            Text.assemble(paper.title, " ", (f"({paper.id})", "dim")),
            Text(syllabus.track_name(paper.track)),
            Text(" ").join(_styled(label(kind), "red") for kind in entry.missing),
        )
        previous = paper.date
    papers = len(entries)
    links = sum(len(entry.missing) for entry in entries)
    return Lines(
        table,
        Text(
            f"{links} missing link{'s' if links != 1 else ''} in {papers} paper{'s' if papers != 1 else ''}"
        ),
    )


def problem_lines(problems: list[Problem], file: str, label: str) -> str:
    return "\n".join(f"{label}: {problem.format(file)}" for problem in problems)


def assignments_view(report: Assignments, syllabus: Syllabus) -> RenderableType:
    parts: list[RenderableType] = []
    if report.member is not None:
        mine = report.next_paper
        if mine is None:
            parts.append(Text(f"{report.member} has no upcoming presentation."))
        else:
            who = report.member
            parts.append(_styled(f"{who}'s next presentation: {_date(mine.date)}, {mine.title}", "bold"))
    if not report.sessions:
        parts.append(Text("No upcoming sessions."))
        return Lines(*parts)
    table = Table(title=_title("Upcoming presenters"), title_justify="left")
    for column in ("Date", "Paper", "Track", "Presenter"):
        table.add_column(column, no_wrap=column == "Date")
    unassigned = 0
    for day, papers in report.sessions:
        for index, paper in enumerate(papers):
            unassigned += not paper.presenter
            mine_row = report.member is not None and report.member in paper.presenter
            table.add_row(
                Text(_date(day) if index == 0 else ""),
                Text(paper.title),
                Text(syllabus.track_name(paper.track)),
                _presenters(paper, unassigned="bold yellow"),
                style="bold" if mine_row else None,
            )
    parts.append(table)
    if unassigned:
        parts.append(_styled(f"{unassigned} unassigned", "yellow"))
    return Lines(*parts)


def rotation_view(plan: list[Assignment], syllabus: Syllabus) -> RenderableType:
    if not plan:
        return Text("No unassigned papers to fill.")
    table = Table(title=_title("Rotation plan"), title_justify="left")
    for column in ("Date", "Paper", "Track", "Presenter"):
        table.add_column(column, no_wrap=column == "Date")
    for item in plan:
        who = Text(item.presenter) if item.presenter else _styled("nobody available", "bold red")
        table.add_row(
            Text(_date(item.paper.date)),
            Text(item.paper.title),
            Text(syllabus.track_name(item.paper.track)),
            who,
        )
    return table


def moves_view(moves: list[Move], shown: int = 30) -> RenderableType:
    changed = [move for move in moves if move.old != move.new]
    if not changed:
        return Text("No session moves.")
    table = Table(title=_title(f"Sessions moved: {len(changed)} papers"), title_justify="left")
    for column in ("Paper", "From", "To"):
        table.add_column(column)
    for move in changed[:shown]:
        table.add_row(Text(move.paper.title), Text(_date(move.old)), Text(_date(move.new)))
    if len(changed) <= shown:
        return table
    return Lines(table, Text(f"... and {len(changed) - shown} more (--dry-run shows every changed line)"))


_VERDICT_STYLE = {
    "dead": "bold red",
    "invalid": "red",
    "blocked-redirect": "red",
    "timeout": "yellow",
    "unreachable": "yellow",
    "error": "yellow",
    "blocked": "magenta",
    "rate-limited": "magenta",
    "redirected": "cyan",
    "placeholder": "dim",
    "ok": "green",
}


def links_view(report: LinkReport, *, show_all: bool) -> RenderableType:
    """Problems grouped by week and paper (every link with `show_all`), then a summary."""
    table = Table(title=_title("Link check"), title_justify="left")
    for column in ("Date", "Paper", "Kind", "Verdict", "Status", "Link"):
        table.add_column(column, overflow="fold")
    last: tuple[object, object] | None = None
    for use in report.uses:
        result = report.results[use.url]
        if result.verdict == "ok" and not show_all:
            continue
        where = (use.date, use.paper_id)
        date = "" if where == last else (_date(use.date) if use.paper_id else "group")
        paper = "" if where == last else use.title or ""
        last = where
        link = Text(use.url)
        if result.final_url:
            link.append(f"\n→ {result.final_url}")
        if result.detail and result.verdict != "placeholder":
            link.append(f"\n{result.detail}", style="dim")
        style = _VERDICT_STYLE.get(result.verdict, "default")
        note = " (cached)" if result.cached else ""
        table.add_row(
            Text(date),
            Text(paper),
            Text(use.kind),
            Text.assemble((result.verdict, style), note),
            Text(str(result.status or "")),
            link,
        )
    counts = ", ".join(f"{count} {verdict}" for verdict, count in report.summary.items())
    cached = sum(1 for result in report.results.values() if result.cached)
    summary = f"{len(report.results)} links: {counts}" + (f" ({cached} from the cache)" if cached else "")
    if not table.row_count:
        return Lines(Text(summary))
    return Lines(table, Text(summary))
