"""A page's schedule tables into the data of a syllabus file: papers with ids, tracks,
skips, and the group (meeting day and time, venue, required links) as far as the page says."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import LINK_KINDS, WEEKDAYS, LinkKind, is_placeholder
from . import dates
from .group import group_data, group_links_on_page, required_on_page, skips_on_page
from .ids import slug, unique_ids
from .page import Page, read_csv, read_markdown
from .rows import Draft, Reader, Skip

DEFAULT_ICON_KINDS: dict[str, LinkKind] = {
    "paper": "paper",
    "mt": "slides",
    "video": "video",
    "coding": "code",
    "pytorch": "pytorch",
    "video_t": "pytorch_video",
}
ACCEPTED_DATES = (
    "2018-03-08, 2018/03/08, 20180308, 3/8 or 8/3 (with --date-order), 3/8/2018, 08-03-2018, "
    "Mar 8, Dec.9.2020, 8th August 2020, 23 May, 3月8日, 3월 8일, Week 3, TBD"
)


class ImportProblem(ValueError):
    """The page cannot be imported as asked (nothing in it is a schedule)."""


@dataclass
class Imported:
    data: dict[str, Any]  # shaped like data/papers.toml
    notes: list[str] = field(default_factory=list)  # what was assumed, or could not be placed


def import_page(
    text: str,
    *,
    year: int | None = None,
    kind_map: dict[str, LinkKind] | None = None,
    name: str | None = None,
    timezone: str | None = None,
    required: list[LinkKind] | None = None,
    source: str = "the page",
    table: int | str | None = None,
    date_order: dates.DateOrder | None = None,
    base_url: str | None = None,
    csv: bool = False,
) -> Imported:
    """Import a Markdown page (or, with csv=True, a spreadsheet export).

    table: the 1-based number of the table to import, or "all" (the default imports every
    table that holds a schedule)."""
    page = read_csv(text) if csv else read_markdown(text)
    reader = Reader(
        page,
        {**DEFAULT_ICON_KINDS, **{k: k for k in LINK_KINDS}, **(kind_map or {})},
        year=year,
        date_order=date_order,
        base_url=base_url,
    )
    drafts, skips, listed = _tables(reader, page, table, source)
    papers = [_paper_data(reader, draft) for draft in drafts]
    unique_ids(papers, reader.notes)
    tracks: list[dict[str, str]] = []
    for draft in drafts:
        if not any(t["name"] == draft.track for t in tracks):
            tracks.append({"id": slug(draft.track) or f"track-{len(tracks) + 1}", "name": draft.track})
    _unique_track_ids(tracks)
    track_ids = {t["name"]: t["id"] for t in tracks}
    for paper_data, draft in zip(papers, drafts, strict=True):
        paper_data["track"] = track_ids[draft.track]
    held = sorted({draft.date for draft in drafts if draft.date})
    group = group_data(page, held, name, timezone, source, reader.notes)
    group["required"] = required if required is not None else required_on_page(page) or _required(papers)
    links = group_links_on_page(page, reader)
    if links:
        group["links"] = links
    for paper_data in papers:
        paper_data.pop("_slots")
    data: dict[str, Any] = {"group": group, "tracks": tracks}
    all_skips = skips_on_page(page) or _skips(reader, held, skips, listed, group["weekday"])
    if all_skips:
        data["skips"] = all_skips
    data["papers"] = papers
    _left_out(reader, page)
    return Imported(data, list(dict.fromkeys(reader.notes)))  # each note once


def import_source(text: str, file_name: str, **options: Any) -> Imported:
    """A page or a spreadsheet, told apart by the file name (.csv, .tsv) or, failing that, by
    the content (no table pipes, commas or tabs on the first line)."""
    lowered = file_name.lower()
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    is_csv = lowered.endswith((".csv", ".tsv")) or (
        not lowered.endswith((".md", ".markdown"))
        and "|" not in first
        and (first.count(",") >= 2 or "\t" in first)
    )
    return import_page(text, csv=is_csv, source=file_name, **options)


def _tables(
    reader: Reader, page: Page, wanted: int | str | None, source: str
) -> tuple[list[Draft], list[Skip], list[dt.date]]:
    if isinstance(wanted, int) and not 1 <= wanted <= len(page.tables):
        raise ImportProblem(f"{source} has {len(page.tables)} tables; there is no table {wanted}")
    chosen = page.tables if wanted in (None, "all") else [page.tables[int(wanted) - 1]]
    drafts: list[Draft] = []
    skips: list[Skip] = []
    listed: list[dt.date] = []
    verdicts: list[str] = []
    several = sum(1 for table in page.tables if table.rows) > 1
    for table in chosen:
        track = (table.heading if several or not table.heading else table.heading) or "Papers"
        result = reader.table(table, _plain_heading(track))
        if result.reason:
            verdicts.append(f"table {table.number} (line {table.line}): {result.reason}")
            if wanted is None and table.rows:
                what = (
                    "a table without a date column"
                    if result.reason.startswith("no column of dates")
                    else "a table"
                )
                reader.note(table.line, f"{what} ({len(table.rows)} rows) was not imported: {result.reason}")
            continue
        drafts += result.drafts
        skips += result.skips
        listed += result.listed
    if not drafts:
        seen = "\n".join(f"  - {verdict}" for verdict in verdicts) or "  - no tables at all"
        raise ImportProblem(
            f"no schedule table found in {source} (a table with a column of dates and one of titles).\n"
            f"Tables seen:\n{seen}\nDates can be written as {ACCEPTED_DATES}."
        )
    return drafts, skips, listed


def _plain_heading(text: str) -> str:
    return re.sub(r"<[^<>]{0,200}>|[*_`#]", "", text).strip() or "Papers"


def _unique_track_ids(tracks: list[dict[str, str]]) -> None:
    seen: set[str] = set()
    for track in tracks:
        base, number = track["id"], 2
        while track["id"] in seen:
            track["id"], number = f"{base}-{number}", number + 1
        seen.add(track["id"])


def _paper_data(reader: Reader, draft: Draft) -> dict[str, Any]:
    links: dict[str, str] = {}
    slots: set[LinkKind] = set()
    refs: list[str] = []
    for token in draft.tokens:
        kind = token.kind
        if kind is None and token.blank:
            counts = reader.position_kinds.get(token.position)
            kind = counts.most_common(1)[0][0] if counts else None
            if kind is None:
                reader.note(draft.line, f"a blank link of {draft.title!r} could not be given a kind")
                continue
        if kind is None:
            continue
        slots.add(kind)
        if token.ref:
            refs.append(token.ref)
        if token.blank or token.url is None or is_placeholder(token.url):
            if token.url and not is_placeholder(token.url) and token.blank:
                reader.note(
                    draft.line, f"{draft.title}: a blank icon points at {token.url}; counted as missing"
                )
            continue
        if kind in links and links[kind] != token.url:
            reader.note(draft.line, f"{draft.title}: a second {kind} link {token.url} was not imported")
            continue
        links[kind] = token.url
    data: dict[str, Any] = {"id": _id_from_refs(refs) or slug(draft.title), "title": draft.title}
    data["track"] = draft.track
    data["date"] = draft.date if draft.date is not None else "TBD"
    if draft.presenters:
        data["presenter"] = draft.presenters[0] if len(draft.presenters) == 1 else draft.presenters
    data["links"] = {kind: links[kind] for kind in LINK_KINDS if kind in links}
    data["_slots"] = slots
    return data


def _id_from_refs(refs: list[str]) -> str | None:
    """`readgroup export markdown` names references `{id}.{kind}`; the id comes back from them."""
    ids = {ref.rsplit(".", 1)[0] for ref in refs if "." in ref and ref.rsplit(".", 1)[1] in LINK_KINDS}
    if len(ids) != 1:
        return None
    found = ids.pop()
    return found if re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", found) else None


def _required(papers: list[dict[str, Any]]) -> list[LinkKind]:
    """The link kinds that have a place (a link, a blank icon, a '(no video)') in at least half
    of the papers: what the page expects of every paper."""
    counts: Counter[LinkKind] = Counter(kind for paper in papers for kind in paper["_slots"])
    kinds = [kind for kind in LINK_KINDS if counts[kind] * 2 >= len(papers)]
    return kinds or ["paper"]


def _skips(
    reader: Reader, held: list[dt.date], marked: list[Skip], listed: list[dt.date], weekday: str
) -> list[dict[str, Any]]:
    """Days the page marks as no meeting; and, when the group really meets weekly on one day,
    the meeting days between sessions that have none (at most two in a row: a longer gap is a
    break between terms, not skipped meetings)."""
    found: dict[dt.date, str] = {skip.date: skip.reason for skip in marked if skip.date not in held}
    days = sorted(set(held) | set(found))
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    weekly = (
        len(days) >= 3
        and all(WEEKDAYS[day.weekday()] == weekday for day in days)
        and all(gap % 7 == 0 for gap in gaps)
        and sum(1 for gap in gaps if gap == 7) * 2 >= len(gaps)
    )
    if weekly:
        for a, b in zip(days, days[1:], strict=False):
            missing = (b - a).days // 7 - 1
            if 1 <= missing <= 2:
                for step in range(1, missing + 1):
                    day = a + dt.timedelta(weeks=step)
                    reason = "listed with no session" if day in listed else "no session on the page"
                    found.setdefault(day, reason)
                    reader.notes.append(
                        f"{day}: a {weekday} without a session between others; recorded as a skip"
                    )
    return [{"date": day, "reason": reason} for day, reason in sorted(found.items())]


def _left_out(reader: Reader, page: Page) -> None:
    if reader.relative:
        shown = ", ".join(reader.relative[:3]) + (", ..." if len(reader.relative) > 3 else "")
        reader.notes.append(
            f"{len(reader.relative)} relative links ({shown}) were left out; pass --base-url to resolve them"
        )
    icons = {key for key, url in page.definitions.items() if re.search(r"\.(png|svg|gif|jpe?g)$", url, re.I)}
    unused = sorted(set(page.definitions) - reader.used_refs - icons)
    page_links = [
        key for key in unused if not is_placeholder(page.definitions[key]) and "://" in page.definitions[key]
    ]
    if page_links:
        shown = ", ".join(f"[{key}]" for key in page_links[:5]) + (", ..." if len(page_links) > 5 else "")
        reader.notes.append(
            f"{len(page_links)} link definitions outside the schedule tables were not imported ({shown})"
        )
    prose = [text for text, url in page.prose_links if url.startswith(("http://", "https://")) and text]
    if prose:
        shown = ", ".join(prose[:4]) + (", ..." if len(prose) > 4 else "")
        reader.notes.append(
            f"{len(prose)} links in the text around the tables ({shown}) were not imported; "
            "add the ones the group needs to [group.links]"
        )
