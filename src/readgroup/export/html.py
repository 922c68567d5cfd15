"""The group's page: one self-contained HTML file, readable on a phone and on paper.

Inline CSS, no script, no font or image from the internet. Every text from the syllabus goes
through `html.escape`; links are the file's http(s) addresses (validated by the models).
Written by hand with f-strings rather than a template engine: the page is small, and one more
runtime dependency for it would cost every install.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from ..labels import LINK_DESCRIPTIONS, group_link_label, link_label, long_date, short_date, time_range
from ..models import Paper, Syllabus
from ..schedule import Session, next_session, progress, sessions, skipped_before
from .ics import session_anchor

_CSS = """
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--card:#f4f6f8;--accent:#0b57d0;--next:#fff4d6;
--next-edge:#e8a200;--miss:#b3261e;--line:#dde1e6}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#a8adb3;--bg:#161719;--card:#202226;
--accent:#8ab4f8;--next:#3a3017;--next-edge:#e8a200;--miss:#f28b82;--line:#3c4043}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:1rem;overflow-wrap:anywhere;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK TC","PingFang TC",
"Microsoft JhengHei",sans-serif;color:var(--fg);
background:var(--bg)}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .6rem}
h3{font-size:1.05rem;margin:0}
a{color:var(--accent)}
.group-line,.updated,.track,.full-title,.presenter,.hint{color:var(--muted)}
.group-line{margin:.2rem 0 .6rem}
.inline{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
.next-card{background:var(--next);border:2px solid var(--next-edge);border-radius:.6rem;padding:.8rem 1rem}
.next-card h2{margin:0 0 .3rem}
.when{font-weight:600;margin:.2rem 0 .6rem}
.sessions{list-style:none;padding:0;margin:0}
.session,.skip{display:grid;grid-template-columns:9.5rem 1fr;gap:.2rem 1rem;padding:.7rem .5rem;
border-top:1px solid var(--line)}
.session.held{opacity:.72}
.session.next{background:var(--next);border:2px solid var(--next-edge);border-radius:.5rem;opacity:1}
.date{font-weight:600;white-space:nowrap}
.badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;
background:var(--next-edge);color:#000;border-radius:.3rem;padding:0 .35rem;margin-top:.2rem}
.papers{list-style:none;padding:0;margin:0;display:grid;gap:.7rem}
.links{list-style:none;padding:0;margin:.25rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem}
.links a,.missing{display:inline-block;padding:.15rem .55rem;border-radius:1rem;font-size:.9rem;
text-decoration:none;border:1px solid var(--line);background:var(--card)}
.links a:hover,.links a:focus{text-decoration:underline}
.missing{color:var(--miss);border-style:dashed;background:none}
.skip{color:var(--muted);font-style:italic}
.tbd .date{color:var(--muted);white-space:normal}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-top:1px solid var(--line);vertical-align:middle}
td.n,th.n{white-space:nowrap;text-align:right}
td.bar{width:40%}
progress{width:100%;height:.8rem}
footer{margin-top:2rem;font-size:.85rem;color:var(--muted)}
@media (max-width:34rem){.session,.skip{grid-template-columns:1fr}.bar{display:none}}
@media print{:root{--fg:#000;--muted:#333;--bg:#fff;--card:#fff;--accent:#000;--next:#fff;--line:#999}
body{max-width:none;font-size:10.5pt;padding:0}.subscribe,.calendars{display:none}
.session,.skip{break-inside:avoid}.session.held{opacity:1}.next-card{break-inside:avoid}
.links a{border:none;padding:0 .3rem 0 0;text-decoration:underline}}
"""


@dataclass(frozen=True)
class Site:
    """Where the page's neighbours are: the calendar feeds and the JSON."""

    base_url: str | None = None
    calendar: str = "calendar.ics"
    schedule_json: str = "schedule.json"
    members: dict[str, str] = field(default_factory=dict)  # name -> members/NAME.ics


def _a(url: str, text: str, *, title: str | None = None, rel: str | None = None) -> str:
    attributes = f' href="{escape(url)}"'
    if title:
        attributes += f' title="{escape(title)}"'
    if rel:
        attributes += f' rel="{rel}"'
    return f"<a{attributes}>{escape(text)}</a>"


def page(syllabus: Syllabus, now: dt.datetime, site: Site | None = None) -> str:
    site = site or Site()
    group = syllabus.group
    upcoming = next_session(syllabus, now)
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(group.name)}: reading schedule</title>",
        f'<link rel="alternate" type="text/calendar" href="{escape(site.calendar)}" '
        f'title="{escape(group.name)}">',
        f"<style>{_CSS.strip()}</style>",
        "</head>",
        "<body>",
        *_header(syllabus, site),
        "<main>",
        *_next_card(syllabus, upcoming, now),
        *_schedule(syllabus, upcoming, now.date()),
        *_progress(syllabus, now.date()),
        *_member_calendars(site),
        "</main>",
        *_footer(now.date()),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(syllabus: Syllabus, site: Site) -> list[str]:
    group = syllabus.group
    line = f"{group.weekday.capitalize()}s {time_range(group.start_time, group.end_time)} ({group.timezone})"
    if group.venue:
        line += f" · {group.venue}"
    out = ["<header>", f"<h1>{escape(group.name)}</h1>", f'<p class="group-line">{escape(line)}</p>']
    if group.links:
        items = "".join(f"<li>{_a(url, group_link_label(name))}</li>" for name, url in group.links.items())
        out.append(f'<ul class="inline group-links" aria-label="Group links">{items}</ul>')
    subscribe = [_a(site.calendar, "Calendar (.ics)", title="Import or subscribe in any calendar app")]
    if site.base_url is not None:
        feed = f"{site.base_url}/{site.calendar}"
        webcal = "webcal://" + feed.split("://", 1)[-1]
        subscribe.insert(0, _a(webcal, "Subscribe to the calendar", title="Follows reschedules"))
    subscribe.append(_a(site.schedule_json, "JSON"))
    out.append('<ul class="inline subscribe">' + "".join(f"<li>{item}</li>" for item in subscribe) + "</ul>")
    out.append("</header>")
    return out


def _paper(syllabus: Syllabus, paper: Paper, *, anchor: bool = True) -> str:
    track = escape(syllabus.track_name(paper.track))
    identity = f' id="{escape(paper.id)}"' if anchor else ""
    out = [f'<li class="paper"{identity}>']
    out.append(f'<h3 class="title">{escape(paper.title)} <span class="track">· {track}</span></h3>')
    if paper.full_title:
        out.append(f'<div class="full-title">{escape(paper.full_title)}</div>')
    who = f"Presented by {', '.join(paper.presenter)}" if paper.presenter else "Presenter to be assigned"
    out.append(f'<div class="presenter">{escape(who)}</div>')
    links = [
        f"<li>{_a(url, link_label(kind), title=_description(kind), rel='noopener')}</li>"
        for kind, url in paper.links.present().items()
    ]
    links += [
        f'<li><span class="missing" title="{escape(_description(kind))}: not yet">'
        f"no {escape(link_label(kind).lower())} yet</span></li>"
        for kind in paper.missing_kinds(syllabus.group)
    ]
    if links:
        out.append(f'<ul class="links">{"".join(links)}</ul>')
    out.append("</li>")
    return "".join(out)


def _next_card(syllabus: Syllabus, upcoming: Session | None, now: dt.datetime) -> list[str]:
    group = syllabus.group
    out = ['<section class="next-card" id="next" aria-labelledby="next-title">']
    if upcoming is None or upcoming.date is None:
        out.append('<h2 id="next-title">The syllabus is finished</h2>')
        out.append(
            '<p class="hint">No dated meeting is left; see the papers still to be scheduled below.</p>'
        )
        return [*out, "</section>"]
    out.append('<h2 id="next-title">Next meeting</h2>')
    when = f"{long_date(upcoming.date)}, {time_range(group.start_time, group.end_time)} ({group.timezone})"
    out.append(f'<p class="when"><time datetime="{upcoming.date.isoformat()}">{escape(when)}</time></p>')
    if group.venue:
        out.append(f'<p class="venue">{escape(group.venue)}</p>')
    for skip in skipped_before(syllabus, upcoming, now):
        reason = f" ({skip.reason})" if skip.reason else ""
        out.append(f'<p class="hint">No meeting on {escape(long_date(skip.date) + reason)}.</p>')
    papers = "".join(_paper(syllabus, paper, anchor=False) for paper in upcoming.papers)
    out.append(f'<ul class="papers">{papers}</ul>')
    return [*out, "</section>"]


def _schedule(syllabus: Syllabus, upcoming: Session | None, today: dt.date) -> list[str]:
    rows: list[tuple[tuple[bool, dt.date], str]] = []
    for session in sessions(syllabus):
        classes = ["session"]
        extra = ""
        if session.date is None:
            classes.append("tbd")
            date = '<div class="date">Date to be decided</div>'
        else:
            label = f"{short_date(session.date)} {session.date.year}"
            date = f'<div class="date"><time datetime="{session.date.isoformat()}">{escape(label)}</time>'
            if upcoming is not None and session.date == upcoming.date:
                classes.append("next")
                extra = ' aria-current="date"'
                date += '<br><span class="badge">Next</span>'
            elif session.date < today:
                classes.append("held")
            date += "</div>"
        papers = "".join(_paper(syllabus, paper) for paper in session.papers)
        html = (
            f'<li class="{" ".join(classes)}" id="{escape(session_anchor(session))}"{extra}>'
            f'{date}<ul class="papers">{papers}</ul></li>'
        )
        rows.append(((session.date is None, session.date or dt.date.max), html))
    for skip in syllabus.skips:
        label = f"{short_date(skip.date)} {skip.date.year}"
        reason = f": {skip.reason}" if skip.reason else ""
        html = (
            f'<li class="skip"><div class="date"><time datetime="{skip.date.isoformat()}">{escape(label)}'
            f"</time></div><div>No meeting{escape(reason)}</div></li>"
        )
        rows.append(((False, skip.date), html))
    rows.sort(key=lambda row: row[0])
    return [
        '<section aria-labelledby="schedule-title">',
        '<h2 id="schedule-title">Schedule</h2>',
        '<ol class="sessions">',
        *(html for _, html in rows),
        "</ol>",
        "</section>",
    ]


def _progress(syllabus: Syllabus, today: dt.date) -> list[str]:
    report = progress(syllabus, today)
    rows = [
        (track.name, track.sessions.done, track.sessions.total, track.papers.done, track.papers.total)
        for track in report.tracks
    ]
    rows.append(("All", report.sessions.done, report.sessions.total, report.papers.done, report.papers.total))
    out = [
        '<section aria-labelledby="progress-title">',
        f'<h2 id="progress-title">Progress on {escape(long_date(today))}</h2>',
        "<table>",
        '<thead><tr><th scope="col">Track</th><th scope="col" class="n">Sessions held</th>'
        '<th scope="col" class="n">Papers read</th>'
        '<th scope="col" class="bar"><span hidden>Bar</span></th></tr></thead>',
        "<tbody>",
    ]
    for name, held, sessions_total, covered, papers_total in rows:
        out.append(
            f'<tr><th scope="row">{escape(name)}</th><td class="n">{held} of {sessions_total}</td>'
            f'<td class="n">{covered} of {papers_total}</td>'
            f'<td class="bar"><progress max="{max(papers_total, 1)}" value="{covered}">'
            f"{covered} of {papers_total}</progress></td></tr>"
        )
    return [*out, "</tbody>", "</table>", "</section>"]


def _member_calendars(site: Site) -> list[str]:
    if not site.members:
        return []
    items = "".join(f"<li>{_a(path, name)}</li>" for name, path in site.members.items())
    return [
        '<section class="calendars" aria-labelledby="calendars-title">',
        '<h2 id="calendars-title">Presenters\' own calendars</h2>',
        '<p class="hint">Only the talks of one member, to subscribe to or import.</p>',
        f'<ul class="inline">{items}</ul>',
        "</section>",
    ]


def _footer(today: dt.date) -> list[str]:
    legend = " · ".join(f"{link_label(kind)}: {text}" for kind, text in LINK_DESCRIPTIONS.items())
    return [
        "<footer>",
        f'<p class="updated">Updated {escape(long_date(today))} by readgroup.</p>',
        f"<p>{escape(legend)}.</p>",
        "</footer>",
    ]


def _description(kind: str) -> str:
    return LINK_DESCRIPTIONS.get(kind, link_label(kind))
