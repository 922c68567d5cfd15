"""The rows of a schedule table into draft papers and days without a meeting."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import UsageError
from ..models import TBD_WORDS, LinkKind
from . import dates
from .cells import NOBODY, Line, cell_text, is_label_line, parse_cell, presenters_of, titles_of
from .columns import Block, cell, layout
from .links import LinkReader, Token, is_kind_word
from .page import CELL_LIMIT, Page, Table

_NO_MEETING = re.compile(
    r"^[(\[]?\s*(?:no (?:meeting|session|class|lecture|talk|reading group|journal club)s?\b"
    r"|cancel+ed\b|postponed\b"
    r"|bring your own paper|暫停|暂停|停課|停课|休會|休会|放假|휴강|휴회)",
    re.IGNORECASE,
)
_BREAK_WORDS = re.compile(
    r"\b(?:holiday|holidays|break|vacation|recess)\b|假期|放假|休假|연휴|방학", re.IGNORECASE
)


def no_meeting(text: str, *, title: bool = True) -> bool:
    """ "No meeting", "(cancelled)", "暫停一次"; in a title also a short "Spring break"."""
    text = text.strip()
    if _NO_MEETING.match(text):
        return True
    return title and len(text.split()) <= 4 and bool(_BREAK_WORDS.search(text))


@dataclass
class Draft:
    title: str
    track: str
    date: dt.date | None
    line: int
    presenters: list[str] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Skip:
    date: dt.date
    reason: str
    line: int


@dataclass
class TableResult:
    drafts: list[Draft] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    listed: list[dt.date] = field(default_factory=list)  # dated rows with nothing in them
    reason: str = ""  # why nothing was imported


class Reader(LinkReader):
    """Reads a page's tables; keeps what it noticed in `notes`."""

    def __init__(
        self,
        page: Page,
        kind_map: dict[str, LinkKind],
        *,
        year: int | None,
        date_order: dates.DateOrder | None,
        base_url: str | None,
    ) -> None:
        super().__init__(page, kind_map, base_url)
        self.year = year
        self.date_order = date_order
        self.cut: set[str] = set()
        self.parsed: dict[tuple[bool, str], list[Line]] = {}

    def lines(self, table: Table, source: str) -> list[Line]:
        if len(source) > CELL_LIMIT and source not in self.cut:
            self.cut.add(source)
            self.note(table.line, f"a cell of {len(source)} characters was read to character {CELL_LIMIT}")
        key = (table.plain, source)
        if key not in self.parsed:  # a cell is read for its column's kind, then for its row
            self.parsed[key] = parse_cell(None if table.plain else self.page.parser, source)
        return self.parsed[key]

    # -- a table ------------------------------------------------------------------------------

    def table(self, table: Table, track_name: str) -> TableResult:
        width = max([len(table.header), *(len(row.cells) for row in table.rows)], default=0)
        text = [
            [cell_text(self.lines(table, cell(row.cells, c))) for row in table.rows] for c in range(width)
        ]
        found = layout(table, text)
        if not found.blocks:
            return TableResult(reason=found.reason)
        result = TableResult()
        for block in found.blocks:
            self._block(table, block, text, block.track_name or track_name, result)
        if not result.drafts and not result.skips:
            result.reason = "its rows name no paper"
        return result

    def _dates(self, table: Table, block: Block, text: list[list[str]]) -> list[dates.Resolved | None]:
        if block.date is None:
            return [None] * len(table.rows)
        readings = [dates.read(value) for value in text[block.date]]
        order, note = dates.day_order(readings, self.date_order)
        if note:
            self.note(table.line, note)
        year, where = self.year, "or give it in a heading"
        if year is None and any(r.kind == "date" and r.year is None for r in readings):
            year, where = dates.page_year(
                self.page.headings, table.line, self.page.front_matter, self.page.text
            )
            if year is not None:
                self.note(
                    table.line, f"dates without a year are read in {year} ({where}); pass --year to change"
                )
        try:
            resolved = dates.resolve_column(readings, order, year, year_hint=where)
        except UsageError as exc:
            raise UsageError(f"line {table.line}: {exc.message}") from None
        for row, value in zip(table.rows, resolved, strict=True):
            if value is not None and value.note:
                self.note(row.line, value.note)
        return resolved

    def _block(self, table: Table, block: Block, text: list[list[str]], track: str, out: TableResult) -> None:
        resolved = self._dates(table, block, text)
        previous: dt.date | None = None
        previous_presenters: list[str] = []
        started = False
        for index, row in enumerate(table.rows):
            title_lines = self.lines(table, cell(row.cells, block.title))
            presenter_lines = [
                line for c in block.presenters for line in self.lines(table, cell(row.cells, c))
            ]
            presenter_text = " ".join(line.text for line in presenter_lines)
            title_text = cell_text(title_lines)
            date_text = text[block.date][index] if block.date is not None else ""
            reading = dates.read(date_text) if block.date is not None else dates.Reading("week")
            value = resolved[index]
            when: dt.date | None = value.date if value is not None else None
            if value is not None and value.date is None:
                reading = dates.Reading("bad")
            if reading.kind == "empty" and started:
                when = previous  # a row that continues the session above
            presenters = presenters_of(presenter_lines)
            if reading.kind == "date":
                # the row opens a session, even if it names no paper (a label such as `Advancing NMT:`)
                previous, started, previous_presenters = when, True, presenters
            marker = (
                no_meeting(presenter_text, title=False)
                or no_meeting(title_text)
                or title_text.strip() in ("--", "—")
            )
            if marker:
                if when is not None and reading.kind == "date" and title_text.strip() not in ("--", "—"):
                    said = [_unwrap(part) for part in (presenter_text, title_text) if _unwrap(part)]
                    out.skips.append(Skip(when, ": ".join(said) or "no meeting", row.line))
                continue
            if (
                title_text.lower() in NOBODY
                or title_text.lower() in TBD_WORDS
                or all(is_label_line(line) for line in title_lines if line.items)
            ):
                others = [
                    cell(row.cells, c).strip()
                    for c in range(len(row.cells))
                    if c not in (block.date, block.week)
                ]
                if when is not None and reading.kind == "date" and not any(others):
                    out.listed.append(when)
                continue
            if reading.kind == "empty" and started and not presenters:
                presenters = list(previous_presenters)
            if reading.kind == "bad":
                if not any(link.text for line in title_lines for link in line.links):
                    self.note(row.line, f"{date_text!r} is not a date; {title_text!r} was not imported")
                    continue
                self.note(row.line, f"{date_text!r} is not a date; {title_text!r} imported as TBD")
            elif reading.kind == "week":
                self.note(
                    row.line,
                    f"{title_text!r} has a week but no date ({date_text or 'no date'}); imported as TBD",
                )
            elif reading.kind == "empty" and not started:
                self.note(row.line, f"{title_text!r} has no date; imported as TBD")
            links = [(self.lines(table, cell(row.cells, c)), kind) for c, kind in block.links]
            track_here = track
            if block.track is not None and cell_text(self.lines(table, cell(row.cells, block.track))):
                track_here = cell_text(self.lines(table, cell(row.cells, block.track)))
            out.drafts += self._papers(row.line, track_here, when, title_lines, links, presenters)

    # -- a row ---------------------------------------------------------------------------------

    def _papers(
        self,
        number: int,
        track: str,
        when: dt.date | None,
        title_lines: list[Line],
        link_cells: list[tuple[list[Line], LinkKind | None]],
        presenters: list[str],
    ) -> list[Draft]:
        per_line: list[list[tuple[str, Token | None, list[Token]]]] = []
        extra: list[tuple[list[Token], list[str]]] = []
        for line in title_lines:
            found = titles_of(line, is_kind_word)
            if not found:
                if line.links:
                    extra.append(self.tokens(line, None, number))
                continue
            title_links = [link for _, link in found if link is not None]
            others = [link for link in line.links if link not in title_links]
            others_tokens, _ = self.tokens(line, None, number, only=others) if others else ([], [])
            entries = []
            for position, (title, link) in enumerate(found):
                paper = self._token(link, "paper", number) if link is not None else None
                entries.append((title, paper, others_tokens if position == len(found) - 1 else []))
            per_line.append(entries)
        link_lines: list[tuple[list[Token], list[str]]] = []
        for lines, kind in link_cells:
            link_lines += [self.tokens(line, kind, number) for line in lines]
        link_lines = [entry for entry in link_lines if entry[0] or entry[1]] or [([], [])]
        link_lines += extra
        if len(per_line) > 1 and not (
            all(entry[1] is not None for entries in per_line for entry in entries)
            or len(per_line) == len(link_lines)
        ):
            joined = " ".join(title for entries in per_line for title, _, _ in entries)
            first = next((entry for entries in per_line for entry in entries if entry[1] is not None), None)
            per_line = [
                [(joined, first[1] if first else None, [t for e in per_line for x in e for t in x[2]])]
            ]
        titles = [entry for entries in per_line for entry in entries]
        if not titles:
            return []
        labels = [line_labels[0] if line_labels else "" for _, line_labels in link_lines]
        used_labels: set[str] = set()
        if len(titles) == 1 and len(link_lines) > 1 and all(labels) and len(set(labels)) == len(labels):
            base = _base_title(titles[0][0], labels)
            if base is not None:  # "YOLO v2&v3" with lines "v2[...]" and "v3[...]"
                titles = [
                    (f"{base} {label}", titles[0][1] if i == 0 else None, [])
                    for i, label in enumerate(labels)
                ]
                used_labels = set(labels)
        if len(titles) == 1:
            groups = [[token for tokens, _ in link_lines for token in tokens]]
        elif len(titles) == len(link_lines):
            groups = [tokens for tokens, _ in link_lines]
        else:
            if any(tokens for tokens, _ in link_lines):
                self.note(
                    number,
                    f"{len(titles)} titles but {len(link_lines)} lines of links; "
                    f"all links given to {titles[0][0]!r}",
                )
            groups = [[token for tokens, _ in link_lines for token in tokens]] + [[] for _ in titles[1:]]
        for _, line_labels in link_lines:
            for label in line_labels:
                if label not in used_labels:
                    self.note(number, f"text {label!r} among the links was not imported")
        drafts = []
        for (title, paper, own), tokens in zip(titles, groups, strict=True):
            all_tokens = ([paper] if paper is not None else []) + own + tokens
            for position, token in enumerate(tokens):
                token.position = position
                if token.kind is not None and not token.blank:
                    self.position_kinds.setdefault(position, Counter())[token.kind] += 1
            drafts.append(Draft(title, track, when, number, list(presenters), all_tokens))
        return drafts

def _unwrap(text: str) -> str:
    """'(no meeting)' -> 'no meeting'; 'No meeting (MLK week)' stays."""
    text = text.strip()
    if len(text) > 1 and text[0] in "([" and text[-1] in ")]" and text.count("(") + text.count("[") == 1:
        return text[1:-1].strip()
    return text


def _base_title(title: str, labels: list[str]) -> str | None:
    found = title.find(labels[0])
    if found <= 0 or any(label not in title[found:] for label in labels):
        return None
    return title[:found].strip() or None
