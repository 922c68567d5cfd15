"""What one table cell holds: lines (split at `<br>`) of text spans and links, from
markdown-it's inline tokens; and the title, presenters or labels read from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .page import InlineParser

# Kramdown attribute lists such as {:target="_blank"} follow links on Jekyll pages.
_IAL = re.compile(r"\{:[^{}\n]{0,300}\}")
# `[text][label]` whose label has no definition stays text in CommonMark; it is still a
# (missing) link to the reader. Bounded, with no nesting, so it runs in linear time.
_UNDEFINED_REF = re.compile(r"\[([^\[\]\n]{0,300})\]\[([^\[\]\n]{1,100})\]")
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"'<>]{0,2000})["']""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass
class Link:
    url: str | None  # as written; None: a reference without a definition
    text: str = ""  # visible text, markup removed
    label: str | None = None  # the reference label of [text][label]
    icon: str | None = None  # what an image inside the link is called (label, file name, alt)
    icon_keys: tuple[str, ...] = ()
    icon_src: str | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not self.icon_keys


@dataclass
class Span:
    text: str
    emphasis: bool = False
    code: bool = False
    depth: int = 0  # parenthesis depth where the span starts


@dataclass
class Line:
    items: list[Span | Link] = field(default_factory=list)

    @property
    def links(self) -> list[Link]:
        return [item for item in self.items if isinstance(item, Link)]

    @property
    def spans(self) -> list[Span]:
        return [item for item in self.items if isinstance(item, Span)]

    @property
    def text(self) -> str:
        return clean("".join(item.text for item in self.items))

    def outside_links(self) -> str:
        return clean("".join(item.text for item in self.spans))


def clean(text: str) -> str:
    return _SPACES.sub(" ", _IAL.sub("", text)).strip()


# Without any of these a cell is plain text, and markdown-it's inline parse can be skipped.
_INLINE_SYNTAX = re.compile(r"[\[\]*_~`<>!\\&{]|https?:", re.IGNORECASE)


def parse_cell(parser: InlineParser | None, source: str) -> list[Line]:
    if parser is None:
        return plain_cell(source)
    if not _INLINE_SYNTAX.search(source):
        return [Line([Span(source)])]
    lines = [Line()]
    link: Link | None = None
    emphasis = 0
    depth = 0
    for token in parser.children(source):
        kind = token.type
        if kind in ("strong_open", "em_open"):
            emphasis += 1
        elif kind in ("strong_close", "em_close"):
            emphasis = max(0, emphasis - 1)
        elif kind == "link_open":
            address, label = parser.resolve(str(token.attrs.get("href", "")))
            link = Link(address, label=label)
        elif kind == "link_close" and link is not None:
            link.text = clean(link.text)
            lines[-1].items.append(link)
            link = None
        elif kind == "image":
            src, label = parser.resolve(str(token.attrs.get("src", "")))
            alt = clean(token.content)
            keys = tuple(k for k in (label, PurePosixPath(src).stem.lower() if src else "", alt.lower()) if k)
            if link is not None:
                link.icon, link.icon_keys, link.icon_src = (label or alt or src), keys, src
            # an image outside a link shows nothing to import
        elif kind == "html_inline":
            tag = token.content.strip().lower()
            if tag.startswith("<br"):
                if link is None:
                    lines.append(Line())
            elif tag.startswith("<a ") and link is None:
                match = _HREF.search(token.content)
                link = Link(match[1] if match else None)
            elif tag.startswith("</a") and link is not None:
                link.text = clean(link.text)
                lines[-1].items.append(link)
                link = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text = token.content if kind in ("text", "code_inline") else " "
            if link is not None:
                link.text += text
            elif kind == "text":
                for piece in _split_undefined_refs(text):
                    if isinstance(piece, Link):
                        lines[-1].items.append(piece)
                    else:
                        lines[-1].items.append(Span(piece, emphasis=emphasis > 0, depth=depth))
                        depth = max(
                            0,
                            depth
                            + piece.count("(")
                            + piece.count("（")
                            - piece.count(")")
                            - piece.count("）"),
                        )
            else:
                lines[-1].items.append(
                    Span(text, code=kind == "code_inline", emphasis=emphasis > 0, depth=depth)
                )
    if link is not None:  # an <a> never closed
        link.text = clean(link.text)
        lines[-1].items.append(link)
    return lines


def _split_undefined_refs(text: str) -> list[str | Link]:
    pieces: list[str | Link] = []
    position = 0
    for match in _UNDEFINED_REF.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(Link(None, text=clean(match[1]), label=match[2].strip().lower()))
        position = match.end()
    pieces.append(text[position:])
    return [piece for piece in pieces if not isinstance(piece, str) or piece]


_BARE_URL = re.compile(r"(?:https?://|www\.)\S{1,2000}")


def plain_cell(text: str) -> list[Line]:
    """A spreadsheet cell: plain text, lines split at newlines, bare addresses are links."""
    lines = []
    for raw in text.splitlines() or [""]:
        line = Line()
        position = 0
        for match in _BARE_URL.finditer(raw):
            if raw[position : match.start()]:
                line.items.append(Span(raw[position : match.start()]))
            url = match[0] if match[0].startswith("http") else "https://" + match[0]
            line.items.append(Link(url, text=match[0]))
            position = match.end()
        if raw[position:]:
            line.items.append(Span(raw[position:]))
        lines.append(line)
    return lines


def cell_text(lines: list[Line]) -> str:
    return clean(" ".join(line.text for line in lines))


# -- titles -----------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"^(?:[\s,;/&、，；]|\band\b|\bor\b|和|與|与|及)*$", re.IGNORECASE)


def is_label_line(line: Line) -> bool:
    """`Advancing NMT:` or `- On Memory aspect` in code: a heading inside a cell, not a paper."""
    spans = [span for span in line.spans if span.text.strip()]
    return (
        bool(spans)
        and not line.links
        and all(span.code or span.text.strip() in (":", "：") for span in spans)
    )


def _drop_code_label(line: Line) -> Line:
    """`by Copy Mechanism`: Authors. **Title** -> Authors. **Title**"""
    items = list(line.items)
    while items and isinstance(items[0], Span) and not items[0].text.strip():
        items.pop(0)
    if len(items) >= 2 and isinstance(items[0], Span) and items[0].code:
        following = items[1]
        if isinstance(following, Span) and following.text.lstrip().startswith((":", "：")):
            rest = following.text.lstrip()[1:]
            return Line([Span(rest, following.emphasis, following.code, following.depth), *items[2:]])
    return line


def titles_of(line: Line, is_kind_word: object) -> list[tuple[str, Link | None]]:
    """The papers one line of a title cell names: (title, its link or None).

    A link whose text is a title (not `pdf`, not `(source)`) is the paper link and its text the
    title; several such links joined only by separators name several papers. Otherwise one
    emphasised span among other text (`Authors, *Title*`) is the title; otherwise the text."""
    assert callable(is_kind_word)
    if is_label_line(line):
        return []
    line = _drop_code_label(line)
    title_links = [
        link
        for link in line.links
        if link.text
        and not link.icon_keys
        and not is_kind_word(link.text)
        and not link.text.startswith(("(", "（"))
    ]
    if title_links:
        between = _between_links(line, title_links)
        if len(title_links) > 1 and all(_SEPARATORS.match(text) for text in between):
            return [(link.text, link) for link in title_links]
        return [(title_links[0].text, title_links[0])]
    emphasised = [span for span in line.spans if span.emphasis and span.text.strip() and span.depth == 0]
    if emphasised:
        runs = _runs(line)
        if len(runs) == 1 and clean(runs[0]) != line.outside_links():
            return [(clean(runs[0]), None)]
    text = line.outside_links() if line.links else line.text
    return [(text, None)] if text else []


def _between_links(line: Line, links: list[Link]) -> list[str]:
    texts, current, seen = [], "", 0
    for item in line.items:
        if isinstance(item, Link) and item in links:
            if seen:
                texts.append(current)
            current, seen = "", seen + 1
        elif seen and seen < len(links):
            current += item.text
    return texts


def _runs(line: Line) -> list[str]:
    """Consecutive emphasised spans at parenthesis depth 0, as texts."""
    runs: list[str] = []
    current: list[str] | None = None
    for item in line.items:
        if isinstance(item, Span) and item.emphasis and item.depth == 0:
            if current is None:
                current = []
            current.append(item.text)
        elif current is not None:
            runs.append("".join(current))
            current = None
    if current is not None:
        runs.append("".join(current))
    return [run for run in runs if run.strip()]


# -- presenters -------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"\s*(?:[,;、，；&＆]|\band\b)\s*", re.IGNORECASE)
_COUNT_NOTE = re.compile(r"[(（][^()（）a-zA-Z\u00c0-\uffff]{0,20}[)）]\s*[\d/]*\s*$")
NOBODY = frozenset(
    {"", "-", "--", "—", "–", "缺", "?", "??", ".", "n/a", "na", "none", "tbd", "tba", "tbc", "x"}
    | {"待定", "未定", "待补充", "待補充", "待确定", "待確定", "미정"}
    | {"to be added", "to be decided", "to be announced"}
)  # "nobody yet" in a presenter cell; "no paper yet" in a title cell


def presenters_of(lines: list[Line]) -> list[str]:
    names: list[str] = []
    for line in lines:
        for part in _NAME_SPLIT.split(line.text):
            name = _COUNT_NOTE.sub("", part).strip().lstrip("?").strip()
            if name.startswith("[") and name.endswith("]"):
                continue  # [volunteer/?holiday]: a slot to fill, not a name
            if name.lower() not in NOBODY and name not in names:
                names.append(name)
    return names
