"""Read a syllabus page written in Markdown (like the PyTorch Taipei page) into syllabus data.

The page is a set of tables. A column whose cells are dates (`3/08`, `2018-03-08`, `另訂`,
`TBD`) starts a track: the next column holds titles (its header names the track), a column
headed "Presenter" holds presenters, the rest hold links. Links are reference-style icons
(`[![][p]][1]`, the icon's image file naming the kind), text links (`[slides](...)`), or blank
icons (`[    ][29]`: a missing link). Several papers in one cell are split by `<br>`, or
named by labels (`v2[...] <br> v3[...]`).

Written by hand: Markdown parsers (markdown-it, mistune) give tables as cells of rendered
inline text, which loses the icon ids and reference labels this format is made of. Anything
that cannot be placed is reported as a note, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .errors import UsageError
from .models import LINK_KINDS, TBD_WORDS, WEEKDAYS, LinkKind, is_placeholder

# Icon image file names (without extension) of the seed page, and what they show.
DEFAULT_ICON_KINDS: dict[str, LinkKind] = {
    "paper": "paper",
    "mt": "slides",
    "video": "video",
    "coding": "code",
    "pytorch": "pytorch",
    "video_t": "pytorch_video",
}
_TEXT_KINDS: dict[str, LinkKind] = {
    **{kind: kind for kind in LINK_KINDS},
    "pdf": "paper",
    "slide": "slides",
    "pytorch video": "pytorch_video",
    "note": "notes",
}
_PRESENTER_HEADERS = {"presenter", "presenters", "speaker", "speakers", "講者"}


class ImportProblem(ValueError):
    """The page cannot be imported as asked (a usage problem, not a file problem)."""


@dataclass
class Imported:
    data: dict[str, Any]  # shaped like data/papers.toml
    notes: list[str] = field(default_factory=list)  # what was assumed, or could not be placed


# -- small parsers ------------------------------------------------------------------------------

_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(\S*)")
_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# A backslash escapes the next character, so `\\<br>` is an escaped backslash and then a break.
_BR = re.compile(r"\\.|(<br\s*/?>)", re.IGNORECASE | re.DOTALL)
_IAL = re.compile(r"\{:[^}]*\}")  # kramdown attributes: {:target="_blank"}
_CELL_SPLIT = re.compile(r"\\.|(\|)", re.DOTALL)
_SHORT_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_UNESCAPE = re.compile(r"\\(.)")
_LINK = re.compile(
    r"""\[\s*!\[[^\]]*\]\[(?P<icon>[^\]]*)\]\s*\]\[(?P<icon_ref>[^\]]+)\]   # [![][p]][1]
      | \[\s*!\[[^\]]*\]\((?P<icon_src>[^)\s]*)\)\s*\]\((?P<icon_url>[^)\s]*)\)  # [![](p.png)](url)
      | \[(?P<text>(?:\\.|[^\]\\])*)\]\[(?P<ref>[^\]]*)\]             # [slides][ref], [   ][29]
      | \[(?P<text2>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]*)\)           # [slides](url)
      | \((?:no|missing)\s+(?P<absent>[a-z_ ]+)\)                      # (no video)
    """,
    re.VERBOSE,
)
_TIMES = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)\s*[~\-–—至到]\s*([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"
)
_EXPORT_INTRO = re.compile(  # "Thursdays 19:00-21:00 (Asia/Taipei), venue." as `export markdown` writes
    r"^(?P<weekday>[A-Za-z]+)s (?P<start>\d\d:\d\d)-(?P<end>\d\d:\d\d) "
    r"\((?P<zone>[^)]+)\)(?:, (?P<venue>.*))?\.$"
)
_VENUE = re.compile(r"^(?:地點|venue|where|location)\s*[:：]\s*(?P<venue>.+?)\s*(?:<br\s*/?>)?\s*$", re.I)
_REQUIRED_LINE = re.compile(r"^Links every paper needs: (?P<kinds>[a-z_, ]+)\.$")
_GROUP_LINKS_LINE = re.compile(r"^Group links: (?P<links>.+)$")
_SKIP_LINE = re.compile(r"^No meeting on (?P<days>.+)\.$")
_SKIP_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?: \(((?:\\.|[^)\\])*)\))?")
_FRONT_TITLE = re.compile(r"""^title:\s*["']?(?P<title>.*?)["']?\s*$""")


def slug(text: str) -> str:
    """'Fast R-CNN' -> 'fast-rcnn', 'Pre-R-CNN' -> 'pre-rcnn', 'YOLO v2' -> 'yolo-v2'.

    A one-letter word hyphenated to the next (R-CNN, U-Net, t-SNE) is one name, as the
    shipped syllabus writes it."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"(?<![a-z0-9])([a-z0-9])-(?=[a-z0-9])", r"\1", text.lower()))
    return "-".join(words)


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text).strip()


def split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    cells = [cell.strip() for cell in split_unescaped(_CELL_SPLIT, body)]
    if len(cells) > 1 and not cells[-1] and body.rstrip().endswith("|"):
        cells.pop()  # the closing pipe (an escaped one would have kept its cell's text)
    return cells


def split_unescaped(separator: re.Pattern[str], text: str) -> list[str]:
    """Split at the separator (the pattern's group 1) where it is not escaped by a backslash;
    the pattern's other branch consumes escape pairs so they are skipped whole."""
    parts, start = [], 0
    for match in separator.finditer(text):
        if match.group(1) is not None:
            parts.append(text[start : match.start()])
            start = match.end()
    return [*parts, text[start:]]


def _date_kind(cell: str) -> str:
    """'short', 'iso', 'tbd' or '' (not a date)."""
    text = cell.strip()
    if _SHORT_DATE.match(text):
        return "short"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "iso"
    if text.lower() in TBD_WORDS:
        return "tbd"
    return ""


# -- the page -----------------------------------------------------------------------------------


@dataclass
class _Table:
    line: int  # 1-based line of the header row
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _tables(lines: list[str]) -> list[_Table]:
    found: list[_Table] = []
    index = 0
    while index < len(lines) - 1:
        if lines[index].lstrip().startswith("|") and _SEPARATOR.match(lines[index + 1].strip()):
            table = _Table(index + 1, split_cells(lines[index]), [])
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                table.rows.append((index + 1, split_cells(lines[index])))
                index += 1
            found.append(table)
        else:
            index += 1
    return found


@dataclass
class _Token:
    kind: LinkKind | None  # None: not known yet (a blank icon) or unknown
    url: str | None  # None or a placeholder: missing
    blank: bool = False
    ref: str | None = None


@dataclass
class _Paper:
    title: str
    track: str
    date: dt.date | None
    line: int
    presenters: list[str] = field(default_factory=list)
    tokens: list[_Token] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str, year: int | None, kind_map: dict[str, LinkKind]) -> None:
        self.lines = text.splitlines()
        self.year = year
        self.kind_map = kind_map
        self.notes: list[str] = []
        self.definitions: dict[str, str] = {}
        for line in self.lines:
            match = _DEFINITION.match(line)
            if match:
                self.definitions.setdefault(match[1].strip().lower(), match[2])
        self.used_refs: set[str] = set()
        self.position_kinds: dict[int, Counter[LinkKind]] = {}

    def note(self, line: int, message: str) -> None:
        self.notes.append(f"line {line}: {message}")

    # dates ---------------------------------------------------------------------------------

    def date(self, cell: str, line: int, previous: dt.date | None) -> dt.date | None:
        kind = _date_kind(cell)
        if kind == "iso":
            try:
                return dt.date.fromisoformat(cell.strip())
            except ValueError:
                raise ImportProblem(f"line {line}: {cell.strip()!r} is not a real date") from None
        if kind == "tbd":
            return None
        match = _SHORT_DATE.match(cell.strip())
        assert match is not None
        if self.year is None:
            raise UsageError(f"line {line}: dates such as {cell.strip()!r} have no year; pass --year YYYY")
        month, day = int(match[1]), int(match[2])
        year = self.year if previous is None else previous.year
        if previous is not None and (month, day) < (previous.month, previous.day):
            year += 1  # a syllabus running over New Year
            self.note(line, f"{cell.strip()} comes after {previous.isoformat()}; read as {year}")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ImportProblem(f"line {line}: {cell.strip()!r} is not a real date in {year}") from None

    # links ---------------------------------------------------------------------------------

    def tokens(self, text: str, line: int) -> tuple[list[_Token], list[str]]:
        """The links of one line of a cell, and the free-text labels between them."""
        text = _IAL.sub("", text)
        tokens: list[_Token] = []
        labels: list[str] = []
        position = 0
        for match in _LINK.finditer(text):
            between = unescape(re.sub(r"<[^>]+>", "", text[position : match.start()]))
            if between:
                labels.append(between)
            position = match.end()
            token = self._token(match, line)
            if token is not None:
                tokens.append(token)
        rest = unescape(re.sub(r"<[^>]+>", "", text[position:]))
        if rest:
            labels.append(rest)
        return tokens, labels

    def _token(self, match: re.Match[str], line: int) -> _Token | None:
        if match["absent"] is not None:
            kind = _TEXT_KINDS.get(match["absent"].strip())
            return _Token(kind, None, blank=True) if kind else None
        if match["icon_ref"] is not None:
            icon = match["icon"].strip().lower()
            icon_url, icon_ref = self._target(match["icon_ref"], line)
            return _Token(self._icon_kind(icon, self.definitions.get(icon), line), icon_url, ref=icon_ref)
        if match["icon_url"] is not None:
            return _Token(self._icon_kind("", match["icon_src"], line), match["icon_url"])
        text = unescape(match["text"] if match["text"] is not None else match["text2"])
        ref: str | None
        if match["ref"] is not None:
            url, ref = self._target(match["ref"] or text, line)
        else:
            url, ref = match["url"], None
        if not text:
            return _Token(None, url, blank=True, ref=ref)
        kind = _TEXT_KINDS.get(text.lower().replace("_", " ")) or _TEXT_KINDS.get(text.lower())
        if kind is None:
            self.note(line, f"link {text!r} ({url or 'no address'}) is not a link kind; not imported")
            return None
        return _Token(kind, url, ref=ref)

    def _target(self, ref: str, line: int) -> tuple[str | None, str]:
        key = ref.strip().lower()
        self.used_refs.add(key)
        if key not in self.definitions:
            self.note(line, f"link [{ref}] has no definition on the page; counted as missing")
            return None, key
        return self.definitions[key], key

    def _icon_kind(self, icon: str, source: str | None, line: int) -> LinkKind | None:
        stem = PurePosixPath(source).stem.lower() if source else ""
        for key in (icon, stem):
            if key and key in self.kind_map:
                return self.kind_map[key]
        self.note(
            line, f"icon [{icon or stem}] ({source or 'no image'}) shows no known link kind; use --kind-map"
        )
        return None

    # tables --------------------------------------------------------------------------------

    def papers(self) -> list[_Paper]:
        found: list[_Paper] = []
        for table in _tables(self.lines):
            found += self._table(table)
        return found

    def _table(self, table: _Table) -> list[_Paper]:
        width = max([len(table.header), *(len(cells) for _, cells in table.rows)])
        date_columns = [
            column
            for column in range(width)
            if any(_cell(cells, column) for _, cells in table.rows)
            and all(_date_kind(_cell(cells, column)) for _, cells in table.rows if _cell(cells, column))
        ]
        if not date_columns:
            if table.rows:
                self.note(
                    table.line, f"a table without a date column ({len(table.rows)} rows) was not imported"
                )
            return []
        papers: list[_Paper] = []
        bounds = [*date_columns, width]
        for start, end in zip(bounds, bounds[1:], strict=False):
            papers += self._track(table, start, end)
        return papers

    def _track(self, table: _Table, start: int, end: int) -> list[_Paper]:
        header = [_cell(table.header, column) for column in range(end)]
        title_column = start + 1
        name = unescape(header[title_column]) if title_column < end else ""
        if not name:
            name = f"Track {start + 1}"
            self.note(
                table.line, f"column {title_column + 1} has no track name in its header; called {name!r}"
            )
        presenter_columns = [
            c for c in range(title_column + 1, end) if header[c].lower() in _PRESENTER_HEADERS
        ]
        link_columns = [c for c in range(title_column + 1, end) if c not in presenter_columns]
        papers: list[_Paper] = []
        previous: dt.date | None = None
        for number, cells in table.rows:
            title_cell = _cell(cells, title_column)
            link_cells = [_cell(cells, c) for c in link_columns]
            date_cell = _cell(cells, start)
            if not title_cell and not any(link_cells):
                if date_cell:
                    self.note(number, f"{date_cell} has no paper in {name}; not imported")
                continue
            when = self.date(date_cell, number, previous) if date_cell else None
            if not date_cell:
                self.note(number, f"{unescape(title_cell)!r} has no date; imported as TBD")
            previous = when or previous
            presenters = [
                unescape(name_)
                for c in presenter_columns
                for name_ in re.split(r",|、|<br\s*/?>", _cell(cells, c))
                if unescape(name_)
            ]
            papers += self._row(number, name, when, title_cell, link_cells, presenters)
        return papers

    def _row(
        self,
        number: int,
        track: str,
        when: dt.date | None,
        title_cell: str,
        link_cells: list[str],
        presenters: list[str],
    ) -> list[_Paper]:
        titles = [unescape(part) for part in split_unescaped(_BR, title_cell)]
        link_lines: list[tuple[list[_Token], list[str]]] = []
        for cell in link_cells:
            link_lines += [self.tokens(part, number) for part in split_unescaped(_BR, cell)]
        link_lines = link_lines or [([], [])]
        labels = [line_labels[0] if line_labels else "" for _, line_labels in link_lines]
        used_labels: set[str] = set()
        if len(titles) == 1 and len(link_lines) > 1 and all(labels) and len(set(labels)) == len(labels):
            base = _base_title(titles[0], labels)
            if base is not None:  # "YOLO v2&v3" with lines "v2[...]" and "v3[...]"
                titles = [f"{base} {label}" for label in labels]
                used_labels = set(labels)
        if len(titles) == 1:
            groups = [[token for tokens, _ in link_lines for token in tokens]]
        elif len(titles) == len(link_lines):
            groups = [tokens for tokens, _ in link_lines]
        else:
            self.note(
                number,
                f"{len(titles)} titles but {len(link_lines)} lines of links; "
                f"all links given to {titles[0]!r}",
            )
            groups = [[token for tokens, _ in link_lines for token in tokens]] + [[] for _ in titles[1:]]
        for _, line_labels in link_lines:
            for label in line_labels:
                if label not in used_labels:
                    self.note(number, f"text {label!r} among the links was not imported")
        papers = []
        for title, tokens in zip(titles, groups, strict=True):
            if not title:
                self.note(number, "links without a title were not imported")
                continue
            for position, token in enumerate(tokens):
                if token.kind is not None and not token.blank:
                    self.position_kinds.setdefault(position, Counter())[token.kind] += 1
            papers.append(_Paper(title, track, when, number, list(presenters), tokens))
        return papers


def _cell(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _base_title(title: str, labels: list[str]) -> str | None:
    found = title.find(labels[0])
    if found <= 0 or any(label not in title[found:] for label in labels):
        return None
    return title[:found].strip() or None


# -- assembling the syllabus --------------------------------------------------------------------


def import_page(
    text: str,
    *,
    year: int | None = None,
    kind_map: dict[str, LinkKind] | None = None,
    name: str | None = None,
    timezone: str | None = None,
    required: list[LinkKind] | None = None,
    source: str = "the page",
) -> Imported:
    reader = _Reader(text, year, {**DEFAULT_ICON_KINDS, **{k: k for k in LINK_KINDS}, **(kind_map or {})})
    found = reader.papers()
    if not found:
        raise ImportProblem(f"no schedule table found in {source} (a table with a column of dates)")
    papers = [_paper_data(reader, paper) for paper in found]
    _unique_ids(reader, papers)
    tracks: list[dict[str, str]] = []
    for paper in found:
        if not any(t["name"] == paper.track for t in tracks):
            tracks.append({"id": slug(paper.track) or f"track-{len(tracks) + 1}", "name": paper.track})
    track_ids = {t["name"]: t["id"] for t in tracks}
    for paper_data, paper in zip(papers, found, strict=True):
        paper_data["track"] = track_ids[paper.track]
    group = _group(reader, found, name, timezone, source)
    group["required"] = (
        required if required is not None else _required_on_page(reader) or _required(papers, found)
    )
    group_links = _group_links(reader)
    if group_links:
        group["links"] = group_links
    for paper_data in papers:
        paper_data.pop("_slots")
    data: dict[str, Any] = {"group": group, "tracks": tracks}
    skips = _skips(reader, [p.date for p in found if p.date], group["weekday"])
    if skips:
        data["skips"] = skips
    data["papers"] = papers
    unused = sorted(set(reader.definitions) - reader.used_refs - _icon_ids(reader))
    page_links = [
        key
        for key in unused
        if not is_placeholder(reader.definitions[key]) and "://" in reader.definitions[key]
    ]
    if page_links:
        shown = ", ".join(f"[{key}]" for key in page_links[:5]) + (", ..." if len(page_links) > 5 else "")
        reader.notes.append(
            f"{len(page_links)} link definitions outside the schedule tables were not imported ({shown})"
        )
    prose_links = [
        match[1]
        for line in reader.lines
        if not line.lstrip().startswith("|")
        for match in re.finditer(r"(?<!!)\[([^\]]+)\]\(\s*https?://[^)]*\)", line)
    ]
    if prose_links:
        shown = ", ".join(prose_links[:4]) + (", ..." if len(prose_links) > 4 else "")
        reader.notes.append(
            f"{len(prose_links)} links in the text around the tables ({shown}) were not imported; "
            "add the ones the group needs to [group.links]"
        )
    return Imported(data, reader.notes)


def _icon_ids(reader: _Reader) -> set[str]:
    return {key for key, url in reader.definitions.items() if re.search(r"\.(png|svg|gif|jpe?g)$", url, re.I)}


def _paper_data(reader: _Reader, paper: _Paper) -> dict[str, Any]:
    links: dict[str, str] = {}
    slots: set[LinkKind] = set()
    refs: list[str] = []
    for position, token in enumerate(paper.tokens):
        kind = token.kind
        if kind is None and token.blank:
            counts = reader.position_kinds.get(position)
            kind = counts.most_common(1)[0][0] if counts else None
            if kind is None:
                reader.note(paper.line, f"a blank link of {paper.title!r} could not be given a kind")
                continue
        if kind is None:
            continue  # reported where the icon was read
        slots.add(kind)
        if token.ref:
            refs.append(token.ref)
        if token.blank or token.url is None or is_placeholder(token.url):
            if token.url and not is_placeholder(token.url) and token.blank:
                reader.note(
                    paper.line, f"{paper.title}: a blank icon points at {token.url}; counted as missing"
                )
            continue
        if kind in links and links[kind] != token.url:
            reader.note(paper.line, f"{paper.title}: a second {kind} link {token.url} was not imported")
            continue
        links[kind] = token.url
    data: dict[str, Any] = {"id": _id_from_refs(refs) or slug(paper.title), "title": paper.title}
    data["track"] = paper.track
    data["date"] = paper.date if paper.date is not None else "TBD"
    if paper.presenters:
        data["presenter"] = paper.presenters[0] if len(paper.presenters) == 1 else paper.presenters
    data["links"] = {kind: links[kind] for kind in LINK_KINDS if kind in links}
    data["_slots"] = slots
    return data


def _id_from_refs(refs: list[str]) -> str | None:
    """`readgroup export markdown` names references `{id}.{kind}`; the id comes back from them."""
    ids = {ref.rsplit(".", 1)[0] for ref in refs if "." in ref and ref.rsplit(".", 1)[1] in LINK_KINDS}
    return (
        ids.pop()
        if len(ids) == 1 and re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", next(iter(ids)))
        else None
    )


def _unique_ids(reader: _Reader, papers: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for paper in papers:
        base = paper["id"] or "paper"
        candidate, number = base, 2
        while candidate in seen:
            candidate, number = f"{base}-{number}", number + 1
        if candidate != paper["id"]:
            reader.notes.append(f"{paper['title']!r}: id {base!r} was taken; using {candidate!r}")
        paper["id"] = candidate
        seen.add(candidate)


def _required_on_page(reader: _Reader) -> list[LinkKind] | None:
    """The line `export markdown` writes: "Links every paper needs: paper, slides, video."."""
    for line in reader.lines:
        match = _REQUIRED_LINE.match(line.strip())
        if match:
            kinds = [part.strip() for part in match["kinds"].split(",")]
            known: dict[str, LinkKind] = {kind: kind for kind in LINK_KINDS}
            return [known[kind] for kind in kinds if kind in known]  # in the page's order
    return None


def _group_links(reader: _Reader) -> dict[str, str]:
    """The line `export markdown` writes: "Group links: [forum][group.forum] · ..."."""
    for line in reader.lines:
        match = _GROUP_LINKS_LINE.match(line.strip())
        if match:
            found = {}
            for link in re.finditer(r"\[((?:\\.|[^\]\\])+)\]\[([^\]]+)\]", match["links"]):
                url, _ = reader._target(link[2], 0)
                if url is not None:
                    found[unescape(link[1])] = url
            return found
    return {}


def _required(papers: list[dict[str, Any]], found: list[_Paper]) -> list[LinkKind]:
    """The link kinds that have a place (a link, a blank icon, a '(no video)') in at least half
    of the papers: what the page expects of every paper."""
    counts: Counter[LinkKind] = Counter(kind for paper in papers for kind in paper["_slots"])
    kinds = [kind for kind in LINK_KINDS if counts[kind] * 2 >= len(papers)]
    return kinds or ["paper"]


def _group(
    reader: _Reader, found: list[_Paper], name: str | None, timezone: str | None, source: str
) -> dict[str, Any]:
    group: dict[str, Any] = {}
    intro = next((m for line in reader.lines if (m := _EXPORT_INTRO.match(line.strip()))), None)
    venue = next((m["venue"] for line in reader.lines if (m := _VENUE.match(line.strip()))), None)
    times = next((m for line in reader.lines if (m := _TIMES.search(line))), None)
    group["name"] = name or _page_title(reader.lines) or "Reading group"
    if intro is not None and intro["weekday"].lower() in WEEKDAYS:
        group["timezone"] = timezone or intro["zone"]
        group["weekday"] = intro["weekday"].lower()
        start, end = intro["start"], intro["end"]
        venue = unescape(intro["venue"]) if intro["venue"] else venue
    else:
        group["timezone"] = timezone or "UTC"
        if timezone is None:
            reader.notes.append("the page gives no time zone; set to UTC (pass --timezone, e.g. Asia/Taipei)")
        days = Counter(WEEKDAYS[p.date.weekday()] for p in found if p.date)
        group["weekday"] = days.most_common(1)[0][0] if days else "monday"
        if times is not None:
            start, end = f"{int(times[1]):02}:{times[2]}", f"{int(times[3]):02}:{times[4]}"
        else:
            start, end = "19:00", "21:00"
            reader.notes.append("the page gives no meeting time; 19:00-21:00 assumed, edit [group]")
    group["start_time"] = dt.time.fromisoformat(start)
    group["end_time"] = dt.time.fromisoformat(end)
    if venue:
        group["venue"] = venue
    return group


def _page_title(lines: list[str]) -> str | None:
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() == "---":
                break
            match = _FRONT_TITLE.match(line)
            if match:
                return match["title"] or None
    for line in lines:
        if line.startswith("# "):
            return unescape(line[2:])
    return None


def _skips(reader: _Reader, dates: list[dt.date], weekday: str) -> list[dict[str, Any]]:
    """Days listed as "No meeting on ..." (as `export markdown` writes them); otherwise the
    meeting days between the first and last session that have none, when every session
    falls on the meeting day."""
    for line in reader.lines:
        match = _SKIP_LINE.match(line.strip())
        if match:
            return [
                {"date": dt.date.fromisoformat(day), **({"reason": unescape(reason)} if reason else {})}
                for day, reason in _SKIP_DAY.findall(match["days"])
            ]
    if not dates or any(WEEKDAYS[day.weekday()] != weekday for day in dates):
        return []
    held = set(dates)
    day, last, skips = min(dates), max(dates), []
    while day < last:
        day += dt.timedelta(weeks=1)
        if day not in held and day < last:
            skips.append({"date": day, "reason": "no session on the page"})
            reader.notes.append(f"{day}: a {weekday} without a session between others; recorded as a skip")
    return skips


# -- writing --------------------------------------------------------------------------------------


def to_toml(imported: Imported, source: str) -> str:
    """The imported syllabus as a file a lead can read and edit: the notes as comments on top.
    Written line by line with tomlkit quoting each value (tomlkit building a whole document
    costs seconds at 5,000 papers)."""
    from .editing import toml_value

    data = imported.data
    out = [f"# Imported from {source} by `readgroup import`."]
    if imported.notes:
        out.append("# Check these notes from the import:")
        out += [f"#   - {note}" for note in imported.notes]
    out += ["", "[group]"]
    out += [f"{key} = {toml_value(value)}" for key, value in data["group"].items() if key != "links"]
    if data["group"].get("links"):
        out += [
            "",
            "[group.links]",
            *(f"{toml_value(k)} = {toml_value(v)}" for k, v in data["group"]["links"].items()),
        ]
    for track in data["tracks"]:
        out += ["", "[[tracks]]", *(f"{key} = {toml_value(value)}" for key, value in track.items())]
    for skip in data.get("skips", []):
        out += ["", "[[skips]]", *(f"{key} = {toml_value(value)}" for key, value in skip.items())]
    for paper in data["papers"]:
        out += ["", "[[papers]]"]
        out += [f"{key} = {toml_value(value)}" for key, value in paper.items() if key != "links"]
        if paper["links"]:
            out.append("[papers.links]")
            out += [f"{kind} = {toml_value(url)}" for kind, url in paper["links"].items()]
    return "\n".join(out) + "\n"
