"""Links in cells: their kind (from the column, an icon, or the link text) and address
(placeholders kept as missing, relative ones resolved with --base-url or left out)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin

from ..models import LinkKind, check_url, is_placeholder
from .cells import Line, Link, clean
from .page import Page

_TEXT_KINDS: dict[str, LinkKind] = {
    **{word: "paper" for word in ("paper", "pdf", "arxiv", "論文", "论文", "논문")},
    **{
        word: "slides"
        for word in (
            "slides",
            "slide",
            "ppt",
            "pptx",
            "deck",
            "投影片",
            "簡報",
            "简报",
            "幻灯片",
            "슬라이드",
            "발표자료",
        )
    },
    **{
        word: "video"
        for word in ("video", "youtube", "recording", "watch", "影片", "视频", "視頻", "观看", "觀看", "영상")
    },
    **{word: "code" for word in ("code", "github", "repo", "程式", "代码", "코드")},
    **{
        word: "notes"
        for word in ("notes", "note", "blog", "review", "summary", "筆記", "笔记", "리뷰", "정리")
    },
    "pytorch": "pytorch",
    "pytorch video": "pytorch_video",
    "pytorch_video": "pytorch_video",
}
_ABSENT = re.compile(r"\((?:no|missing)\s+([a-z_ ]{1,30})\)")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]{0,20}):", re.IGNORECASE)
def kind_of_text(text: str) -> LinkKind | None:
    key = text.strip().strip("[]()（）").strip().lower().replace("_", " ")
    if key in _TEXT_KINDS:
        return _TEXT_KINDS[key]
    words = key.split()
    if 1 < len(words) <= 3:
        for word in reversed(words):
            if word in _TEXT_KINDS:
                return _TEXT_KINDS[word]
    return None


def is_kind_word(text: str) -> bool:
    """Link text that names a kind of link (`pdf`, `[1]`), not a paper ("Jumpstart Your Paper")."""
    key = text.strip().strip("[]()（）").strip().lower().replace("_", " ")
    return key in _TEXT_KINDS or bool(re.fullmatch(r"\d{1,3}|link|here|url|pdf|download", key))


@dataclass
class Token:
    kind: LinkKind | None  # None: not known yet (a blank icon)
    url: str | None  # None or a placeholder: missing
    blank: bool = False
    ref: str | None = None
    position: int = -1  # place among the row's link-column links (a blank icon takes its neighbours' kind)


class LinkReader:
    """What the rows reader knows about links, and the notes it makes about them."""

    def __init__(self, page: Page, kind_map: dict[str, LinkKind], base_url: str | None) -> None:
        self.page = page
        self.kind_map = kind_map
        self.base_url = base_url
        self.notes: list[str] = []
        self.used_refs: set[str] = set()
        self.relative: list[str] = []
        self.position_kinds: dict[int, Counter[LinkKind]] = {}

    def note(self, line: int, message: str) -> None:
        self.notes.append(f"line {line}: {message}")

    # -- links ---------------------------------------------------------------------------------

    def tokens(
        self, line: Line, kind: LinkKind | None, number: int, *, only: list[Link] | None = None
    ) -> tuple[list[Token], list[str]]:
        """The links of one line of a cell, and the free text between them."""
        tokens: list[Token] = []
        labels: list[str] = []
        for item in line.items:
            if isinstance(item, Link):
                if only is not None and item not in only:
                    continue
                token = self._token(item, kind, number)
                if token is not None:
                    tokens.append(token)
            elif only is None:
                text = item.text
                for absent in _ABSENT.finditer(text):
                    absent_kind = kind_of_text(absent[1])
                    if absent_kind is not None:
                        tokens.append(Token(absent_kind, None, blank=True))
                rest = clean(_ABSENT.sub("", text)).strip(" ·|/,;")
                if rest.strip() and line.links:
                    labels.append(rest.strip())
        return tokens, labels

    def _token(self, link: Link, kind: LinkKind | None, number: int) -> Token | None:
        if link.label:
            self.used_refs.add(link.label.lower())
        if link.url is None and link.label:
            self.note(number, f"link [{link.label}] has no definition on the page; counted as missing")
        if link.icon_keys:
            icon_kind = next((self.kind_map[key] for key in link.icon_keys if key in self.kind_map), None)
            if icon_kind is None and kind is None:
                self.note(
                    number,
                    f"icon [{link.icon}] ({link.icon_src or 'no image'}) shows no known link kind; "
                    "use --kind-map",
                )
                return None
            kind = kind or icon_kind
        elif not link.blank and kind is None:
            kind = kind_of_text(link.text)
            if kind is None:
                self.note(
                    number,
                    f"link {link.text!r} ({link.url or 'no address'}) is not a link kind; not imported",
                )
                return None
        return Token(kind, self._address(link.url, number), blank=link.blank, ref=link.label)

    def _address(self, url: str | None, number: int) -> str | None:
        if url is None or is_placeholder(url):
            return url
        url = url.strip()
        if url.startswith("//"):
            return "https:" + url
        scheme = _SCHEME.match(url)
        if scheme:
            if scheme[1].lower() in ("http", "https") and _is_web_address(url):
                return url
            self.note(number, f"{url} is not a web address; left out")
            return None
        if self.base_url:
            joined = urljoin(self.base_url, url)
            if _is_web_address(joined):
                return joined
            self.note(number, f"{joined} is not a web address; left out")
            return None
        self.relative.append(url)
        return None


def _is_web_address(url: str) -> bool:
    """What the syllabus model accepts as a link (`https:/host` with one slash is not)."""
    try:
        check_url(url)
    except ValueError:
        return False
    return True


