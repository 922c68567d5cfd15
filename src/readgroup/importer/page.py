"""A schedule page as the importer sees it: its tables (each cell's source text), headings,
front matter and link definitions.

Markdown is parsed with markdown-it-py (CommonMark with GFM tables and strikethrough): it
finds tables with or without leading pipes, honours escaped pipes and code spans, and resolves
inline and reference links. CSV comes from the standard csv module.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Link definitions are handed to the inline parser with these stand-in addresses, so a parsed
# link still tells which definition (label) it came from: `export markdown` writes the paper
# id into the label (`[paper][lenet.paper]`), and icons are named by their label (`![][p]`).
REF_PREFIX = "readgroup-ref:"


class _Parser(MarkdownIt):
    """Addresses are kept as written: no percent-encoding, no punycode."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 (markdown-it's name)
        return url

    def normalizeLinkText(self, link: str) -> str:  # noqa: N802
        return link


@dataclass
class Row:
    line: int  # 1-based line of the row in the page
    cells: list[str]  # source text of each cell


@dataclass
class Table:
    number: int  # 1-based, in page order
    line: int  # 1-based line of the header row
    header: list[str]
    rows: list[Row]
    heading: str = ""  # the nearest heading above the table
    plain: bool = False  # cells are plain text (CSV), not Markdown


@dataclass
class Page:
    text: str
    tables: list[Table]
    definitions: dict[str, str] = field(default_factory=dict)  # label -> address as written
    headings: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, text)
    front_matter: list[str] = field(default_factory=list)
    prose_links: list[tuple[str, str]] = field(default_factory=list)  # (text, address) outside tables
    parser: InlineParser | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


# A cell longer than this is cut before its inline parse: markdown-it reads runs of `[` in
# linear time but slowly (about 0.1 ms a character), and no schedule cell is this long.
CELL_LIMIT = 4000


class InlineParser:
    """Parses a cell's source with the page's link definitions (each distinct source once)."""

    def __init__(self, md: MarkdownIt, references: dict[str, Any]) -> None:
        self.md = md
        self.cache: dict[str, list[Token]] = {}
        self.targets: list[tuple[str, str]] = []  # (label, address) by stand-in number
        stand_ins: dict[str, Any] = {}
        for label, reference in references.items():
            stand_ins[label] = {
                "href": f"{REF_PREFIX}{len(self.targets)}",
                "title": reference.get("title", ""),
            }
            self.targets.append((label.lower(), str(reference.get("href", ""))))
        self.references = stand_ins
        self.env: dict[str, Any] = {"references": stand_ins}

    def children(self, source: str) -> list[Token]:
        source = source[:CELL_LIMIT]
        if source not in self.cache:
            # the inline rules only read the definitions: one shared env, not a copy per cell
            tokens = self.md.parseInline(source, self.env)
            self.cache[source] = list(tokens[0].children or []) if tokens else []
        return self.cache[source]

    def resolve(self, href: str) -> tuple[str, str | None]:
        """(address, reference label) of a parsed link or image target."""
        if href.startswith(REF_PREFIX):
            number = href.removeprefix(REF_PREFIX)
            if number.isdigit() and int(number) < len(self.targets):
                label, address = self.targets[int(number)]
                return address, label
        return href, None


def markdown_parser() -> MarkdownIt:
    """CommonMark with what GitHub adds that schedules use: tables, strikethrough, and bare
    http(s) addresses as links (not bare domains: `ASP.NET` stays text)."""
    md = _Parser("commonmark", {"html": True, "linkify": True}).enable(["table", "strikethrough", "linkify"])
    if md.linkify is not None:
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    return md


_FRONT_MATTER_FENCES = {"---", "+++"}
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def read_markdown(text: str) -> Page:
    lines = text.splitlines()
    front: list[str] = []
    body_lines = list(lines)
    if lines and lines[0].strip() in _FRONT_MATTER_FENCES:
        fence = lines[0].strip()
        for index in range(1, len(lines)):
            if lines[index].strip() == fence:
                front = lines[1:index]
                body_lines[: index + 1] = [""] * (index + 1)  # keep line numbers
                break
    blocks = markdown_parser().disable("inline")  # cells are parsed one by one, later
    env: dict[str, Any] = {}
    tokens = blocks.parse("\n".join(body_lines), env)
    md = markdown_parser()
    page = Page(text, [], front_matter=front)
    references: dict[str, Any] = env.get("references", {})
    page.definitions = {label.lower(): str(ref.get("href", "")) for label, ref in references.items()}
    page.parser = InlineParser(md, references)
    covered: set[int] = set()
    heading = ""
    pending: Table | None = None
    in_head = False
    row_line = 0
    cells: list[str] = []
    for index, token in enumerate(tokens):
        if token.map and token.type in ("table_open", "fence", "code_block", "html_block"):
            covered.update(range(token.map[0], token.map[1]))
        if token.type == "heading_open" and index + 1 < len(tokens):
            heading = tokens[index + 1].content.strip()
            page.headings.append(((token.map or [0])[0] + 1, heading))
        elif token.type == "table_open":
            pending = Table(0, (token.map or [0])[0] + 1, [], [], heading)
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row_line, cells = (token.map or [0])[0] + 1, []
        elif token.type == "inline" and pending is not None:
            cells.append(token.content)
        elif token.type == "tr_close" and pending is not None:
            if in_head:
                pending.header = cells
            else:
                pending.rows.append(Row(row_line, cells))
        elif token.type == "table_close" and pending is not None:
            page.tables.append(pending)
            pending = None
        elif token.type == "inline" and any(mark in token.content for mark in ("](", "][", "http")):
            page.prose_links += _links_of(page.parser, page.parser.children(token.content))
    page.tables += _lenient_tables(body_lines, covered, page.headings)
    page.tables.sort(key=lambda table: table.line)
    for number, table in enumerate(page.tables, 1):
        table.number = number
    return page


def _links_of(parser: InlineParser, children: list[Token]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    text: list[str] | None = None
    address = ""
    for child in children:
        if child.type == "link_open":
            address, _ = parser.resolve(str(child.attrs.get("href", "")))
            text = []
        elif child.type == "link_close" and text is not None:
            found.append(("".join(text).strip(), address))
            text = None
        elif text is not None and child.type in ("text", "code_inline"):
            text.append(child.content)
    return found


def _lenient_tables(lines: list[str], covered: set[int], headings: list[tuple[int, str]]) -> list[Table]:
    """Tables GFM does not accept but kramdown (Jekyll's Markdown) does: a header row whose
    width differs from its delimiter row, as on the seed page. Written by hand because no
    maintained parser implements kramdown's table rules in Python; only lines markdown-it did
    not already place are looked at."""
    found: list[Table] = []
    index = 0
    while index < len(lines) - 1:
        if (
            index not in covered
            and lines[index].lstrip().startswith("|")
            and _DELIMITER_ROW.match(lines[index + 1].strip())
        ):
            heading = next((text for line, text in reversed(headings) if line <= index + 1), "")
            table = Table(0, index + 1, split_cells(lines[index]), [], heading)
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|") and index not in covered:
                table.rows.append(Row(index + 1, split_cells(lines[index])))
                index += 1
            found.append(table)
        else:
            index += 1
    return found


_CELL_SPLIT = re.compile(r"\\.|(\|)", re.DOTALL)


def split_cells(line: str) -> list[str]:
    """A kramdown table row into its cells' source (escaped pipes stay in the text)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    parts, start = [], 0
    for match in _CELL_SPLIT.finditer(body):
        if match.group(1) is not None:
            parts.append(body[start : match.start()])
            start = match.end()
    cells = [cell.strip() for cell in [*parts, body[start:]]]
    if len(cells) > 1 and not cells[-1] and body.rstrip().endswith("|"):
        cells.pop()  # the closing pipe
    return cells


def read_csv(text: str) -> Page:
    """A spreadsheet export: the first row with two or more filled cells is the header."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    table = Table(1, 1, [], [], "", plain=True)
    for number, cells in enumerate(rows, 1):
        cells = [cell.strip() for cell in cells]
        if not table.header:
            if sum(1 for cell in cells if cell) >= 2:
                table.header, table.line = cells, number
            continue
        if any(cells):
            table.rows.append(Row(number, cells))
    return Page(text, [table] if table.header else [])
