"""Rich renderables for people. JSON never goes through here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Group as Lines
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from . import labels
from .errors import Problem
from .models import LinkKind, Paper, Syllabus
from .schedule import MissingEntry, Progress, Session

if TYPE_CHECKING:
    from .links import Report as LinkReport
    from .plans import Assignment, Assignments, Move

LABELS: dict[LinkKind, str] = dict(labels.LABELS)  # type: ignore[assignment]  # the keys are the kinds


def _date(date: dt.date | None) -> str:
    return f"{date:%a %Y-%m-%d}" if date else "TBD"


def _presenters(paper: Paper) -> str:
    return escape(", ".join(paper.presenter)) if paper.presenter else "[yellow]unassigned[/]"


def link_marks(paper: Paper, syllabus: Syllabus) -> str:
    """Present kinds as clickable labels, missing required kinds as a red cross."""
    marks = [
        f"[green][link={escape(url)}]{LABELS[kind]}[/link][/]" for kind, url in paper.links.present().items()
    ]
    marks += [f"[bold red]✗{LABELS[kind]}[/]" for kind in paper.missing_kinds(syllabus.group)]
    return " ".join(marks)


def schedule_table(syllabus: Syllabus, sessions: list[Session], today: dt.date) -> Table:
    table = Table(title=escape(f"{syllabus.group.name}: schedule"), title_justify="left")
    table.add_column("Date", no_wrap=True)
    table.add_column("Track")
    table.add_column("Paper")
    table.add_column("Presenter")
    table.add_column("Links")
    rows: list[tuple[dt.date | None, int, list[str], str]] = []
    for session in sessions:
        style = "dim" if session.date is not None and session.date < today else ""
        for index, paper in enumerate(session.papers):
            cells = [
                _date(session.date) if index == 0 else "",
                escape(syllabus.track_name(paper.track)),
                escape(paper.title),
                _presenters(paper),
                link_marks(paper, syllabus),
            ]
            rows.append((session.date, 0, cells, style))
    for skip in syllabus.skips:
        cells = [_date(skip.date), "[italic]no meeting[/]", f"[italic]{escape(skip.reason)}[/]", "", ""]
        rows.append((skip.date, -1, cells, "dim"))
    # Skips sort into the dated rows; TBD (None) stays last.
    rows.sort(key=lambda row: (row[0] is None, row[0] or dt.date.min, row[1]))
    for _, _, cells, style in rows:
        table.add_row(*cells, style=style or None)
    return table


def next_announcement(
    syllabus: Syllabus, session: Session | None, tbd: list[Paper], today: dt.date
) -> RenderableType:
    group = syllabus.group
    if session is None or session.date is None:
        lines: list[RenderableType] = [
            Text("The syllabus is finished: no dated session is left.", style="bold")
        ]
        if tbd:
            lines.append(Text("Still to be scheduled (TBD):"))
            lines.extend(_paper_block(paper, syllabus) for paper in tbd)
        return Lines(*lines)
    days = (session.date - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    header = (
        f"[bold]Next meeting: {session.date:%A %Y-%m-%d}, "
        f"{group.start_time:%H:%M}-{group.end_time:%H:%M}[/] ({escape(group.timezone)}, {when})"
    )
    body: list[RenderableType] = [header]
    if group.venue:
        body.append(f"Where: {escape(group.venue)}")
    body.append("Read:")
    body.extend(_paper_block(paper, syllabus) for paper in session.papers)
    return Lines(*body)


def _paper_block(paper: Paper, syllabus: Syllabus) -> RenderableType:
    lines = [
        f"  [bold]{escape(paper.title)}[/] ({escape(syllabus.track_name(paper.track))}), "
        f"presenter: {_presenters(paper)}"
    ]
    if paper.full_title:
        lines.append(f"    [italic]{escape(paper.full_title)}[/]")
    width = max(len(label) for label in LABELS.values())
    for kind, url in paper.links.present().items():
        lines.append(f"    {LABELS[kind]:<{width}}  [link={escape(url)}]{escape(url)}[/link]")
    for kind in paper.missing_kinds(syllabus.group):
        lines.append(f"    {LABELS[kind]:<{width}}  [bold red]✗ missing[/]")
    return "\n".join(lines)


def paper_details(paper: Paper, syllabus: Syllabus) -> RenderableType:
    when = _date(paper.date)
    return Lines(f"[bold]{escape(paper.id)}[/]  {when}", _paper_block(paper, syllabus))


def _bar(done: int, total: int) -> RenderableType:
    from rich.progress_bar import ProgressBar

    return ProgressBar(total=max(total, 1), completed=done, width=24)


def progress_view(report: Progress) -> RenderableType:
    table = Table(title=f"Progress on {report.today}", title_justify="left")
    table.add_column("Track")
    table.add_column("Sessions held", justify="right")
    table.add_column("")
    table.add_column("Papers covered", justify="right")
    table.add_column("")
    for track in report.tracks:
        table.add_row(
            escape(track.name),
            f"{track.sessions.done}/{track.sessions.total}",
            _bar(track.sessions.done, track.sessions.total),
            f"{track.papers.done}/{track.papers.total}",
            _bar(track.papers.done, track.papers.total),
        )
    table.add_row(
        "[bold]All[/]",
        f"[bold]{report.sessions.done}/{report.sessions.total}[/]",
        _bar(report.sessions.done, report.sessions.total),
        f"[bold]{report.papers.done}/{report.papers.total}[/]",
        _bar(report.papers.done, report.papers.total),
    )
    links = Table(title="Papers with each link kind", title_justify="left")
    links.add_column("Kind")
    links.add_column("Papers", justify="right")
    links.add_column("")
    for kind, count in report.links.items():
        links.add_row(LABELS[kind], f"{count.done}/{count.total}", _bar(count.done, count.total))
    return Lines(table, links)


def missing_table(entries: list[MissingEntry], syllabus: Syllabus) -> RenderableType:
    if not entries:
        return Text("Nothing missing.", style="green")
    table = Table(title="Missing links", title_justify="left")
    table.add_column("Date", no_wrap=True)
    table.add_column("Paper")
    table.add_column("Track")
    table.add_column("Missing")
    previous: object = object()
    for entry in entries:
        paper = entry.paper
        table.add_row(
            _date(paper.date) if paper.date != previous else "",
            f"{escape(paper.title)} [dim]({escape(paper.id)})[/]",
            escape(syllabus.track_name(paper.track)),
            " ".join(f"[red]{LABELS[kind]}[/]" for kind in entry.missing),
        )
        previous = paper.date
    papers = len(entries)
    links = sum(len(entry.missing) for entry in entries)
    return Lines(
        table,
        f"{links} missing link{'s' if links != 1 else ''} in {papers} paper{'s' if papers != 1 else ''}",
    )


def problem_lines(problems: list[Problem], file: str, label: str) -> str:
    return "\n".join(f"{label}: {problem.format(file)}" for problem in problems)


def assignments_view(report: Assignments, syllabus: Syllabus) -> RenderableType:
    parts: list[RenderableType] = []
    if report.member is not None:
        mine = report.next_paper
        if mine is None:
            parts.append(f"{escape(report.member)} has no upcoming presentation.")
        else:
            who = escape(report.member)
            parts.append(f"[bold]{who}'s next presentation: {_date(mine.date)}, {escape(mine.title)}[/]")
    if not report.sessions:
        parts.append("No upcoming sessions.")
        return Lines(*parts)
    table = Table(title="Upcoming presenters", title_justify="left")
    for column in ("Date", "Paper", "Track", "Presenter"):
        table.add_column(column, no_wrap=column == "Date")
    unassigned = 0
    for day, papers in report.sessions:
        for index, paper in enumerate(papers):
            unassigned += not paper.presenter
            mine_row = report.member is not None and report.member in paper.presenter
            table.add_row(
                _date(day) if index == 0 else "",
                escape(paper.title),
                escape(syllabus.track_name(paper.track)),
                _presenters(paper) if paper.presenter else "[bold yellow]unassigned[/]",
                style="bold" if mine_row else None,
            )
    parts.append(table)
    if unassigned:
        parts.append(f"[yellow]{unassigned} unassigned[/]")
    return Lines(*parts)


def rotation_view(plan: list[Assignment], syllabus: Syllabus) -> RenderableType:
    if not plan:
        return Text("No unassigned papers to fill.")
    table = Table(title="Rotation plan", title_justify="left")
    for column in ("Date", "Paper", "Track", "Presenter"):
        table.add_column(column, no_wrap=column == "Date")
    for item in plan:
        who = escape(item.presenter) if item.presenter else "[bold red]nobody available[/]"
        table.add_row(
            _date(item.paper.date),
            escape(item.paper.title),
            escape(syllabus.track_name(item.paper.track)),
            who,
        )
    return table


def moves_view(moves: list[Move], shown: int = 30) -> RenderableType:
    changed = [move for move in moves if move.old != move.new]
    if not changed:
        return Text("No session moves.")
    table = Table(title=f"Sessions moved: {len(changed)} papers", title_justify="left")
    for column in ("Paper", "From", "To"):
        table.add_column(column)
    for move in changed[:shown]:
        table.add_row(escape(move.paper.title), _date(move.old), _date(move.new))
    if len(changed) <= shown:
        return table
    return Lines(table, f"... and {len(changed) - shown} more (--dry-run shows every changed line)")


_VERDICT_STYLE = {
    "dead": "bold red",
    "invalid": "red",
    "timeout": "yellow",
    "error": "yellow",
    "blocked": "magenta",
    "rate-limited": "magenta",
    "redirected": "cyan",
    "placeholder": "dim",
    "ok": "green",
}


def links_view(report: LinkReport, *, show_all: bool) -> RenderableType:
    """Problems grouped by week and paper (every link with `show_all`), then a summary."""
    table = Table(title="Link check", title_justify="left")
    for column in ("Date", "Paper", "Kind", "Verdict", "Status", "Link"):
        table.add_column(column, overflow="fold")
    last: tuple[object, object] | None = None
    for use in report.uses:
        result = report.results[use.url]
        if result.verdict == "ok" and not show_all:
            continue
        where = (use.date, use.paper_id)
        date = "" if where == last else (_date(use.date) if use.paper_id else "group")
        paper = "" if where == last else escape(use.title or "")
        last = where
        link = escape(use.url)
        if result.final_url:
            link += f"\n→ {escape(result.final_url)}"
        if result.detail and result.verdict != "placeholder":
            link += f"\n[dim]{escape(result.detail)}[/]"
        style = _VERDICT_STYLE.get(result.verdict, "")
        note = " (cached)" if result.cached else ""
        table.add_row(
            date, paper, use.kind, f"[{style}]{result.verdict}[/]{note}", str(result.status or ""), link
        )
    counts = ", ".join(f"{count} {verdict}" for verdict, count in report.summary.items())
    cached = sum(1 for result in report.results.values() if result.cached)
    summary = f"{len(report.results)} links: {counts}" + (f" ({cached} from the cache)" if cached else "")
    if not table.row_count:
        return Lines(summary)
    return Lines(table, summary)
