"""What each column of a schedule table is for, from its header (in English, Chinese, Korean
and a few more) and, for the date, from its values.

Written by hand: the vocabulary of schedule headers is this project's knowledge, not a
library's. Matching is by whole words for Latin script and by substring for CJK.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from ..models import LinkKind
from .dates import looks_like_dates
from .page import Table

Role = Literal[
    "date",
    "title",
    "topic",
    "presenter",
    "links",
    "time",
    "place",
    "track",
    "week",
    "index",
    "ignore",
    "kind",
    "",
]

# Checked in this order; the first role with a word in the header wins ("Slides/Resources"
# is slides, "Topic/Paper" is a title, "Date & Time" is a date). A word after "=" names the
# role only as the whole header ("What", not "What actually happened").
_ROLE_WORDS: list[tuple[Role | LinkKind, tuple[str, ...]]] = [
    (
        "ignore",
        ("host", "chair", "moderator", "主持", "사회", "why should we care", "conf", "conference", "status"),
    ),
    (
        "date",
        (
            "date",
            "dates",
            "=day",
            "=when",
            "日期",
            "날짜",
            "일자",
            "일시",
            "日付",
            "阅读日期",
            "閱讀日期",
            "fecha",
            "datum",
        ),
    ),
    ("week", ("week", "wk", "周数", "週數", "週次", "周次", "주차", "semana", "woche")),
    ("index", ("#", "=no", "=no.", "idx", "index", "=number", "序号", "序號", "編號", "编号", "번호", "nr")),
    (
        "presenter",
        (
            "presenter",
            "presenters",
            "speaker",
            "speakers",
            "=lead",
            "=leads",
            "leader",
            "led by",
            "=who",
            "=person",
            "=people",
            "discussant",
            "discussants",
            "presented by",
            "reviewer",
            "volunteer",
            "=name",
            "=names",
            "講者",
            "讲者",
            "主講",
            "主讲",
            "報告人",
            "报告人",
            "報告者",
            "分享",
            "發表",
            "发表",
            "導讀",
            "导读",
            "領讀",
            "领读",
            "講師",
            "讲师",
            "발표자",
            "발제자",
            "발표",
            "발제",
            "ponente",
            "referent",
        ),
    ),
    (
        "slides",
        (
            "slides",
            "slide",
            "ppt",
            "pptx",
            "deck",
            "materials",
            "material",
            "投影片",
            "簡報",
            "简报",
            "幻灯片",
            "講義",
            "讲义",
            "슬라이드",
            "발표자료",
            "자료",
        ),
    ),
    (
        "video",
        (
            "video",
            "videos",
            "recording",
            "recordings",
            "youtube",
            "影片",
            "视频",
            "視頻",
            "录像",
            "錄影",
            "录播",
            "錄播",
            "视频记录",
            "영상",
            "녹화",
        ),
    ),
    ("code", ("code", "repo", "repository", "github", "implementation", "程式", "代码", "代碼", "코드")),
    (
        "notes",
        (
            "notes",
            "note",
            "summary",
            "blog",
            "blogs",
            "review",
            "writeup",
            "write-up",
            "筆記",
            "笔记",
            "摘要",
            "心得",
            "정리",
            "리뷰",
            "후기",
        ),
    ),
    ("paper", ("pdf", "=link", "=url", "arxiv", "paper link", "論文連結", "论文链接")),
    (
        "links",
        (
            "links",
            "resources",
            "resource",
            "=content",
            "=contents",
            "=session",
            "資源",
            "资源",
            "連結",
            "链接",
            "링크",
        ),
    ),
    (
        "title",
        (
            "paper",
            "papers",
            "title",
            "titles",
            "=reading",
            "=readings",
            "article",
            "=what",
            "paper title",
            "=talk",
            "lecture",
            "chapter",
            "論文",
            "论文",
            "題目",
            "题目",
            "標題",
            "标题",
            "主題",
            "主题",
            "內容",
            "内容",
            "講題",
            "讲题",
            "논문",
            "주제",
            "제목",
            "título",
            "titel",
        ),
    ),
    ("topic", ("topic", "topics", "subject", "theme")),
    (
        "track",
        (
            "track",
            "category",
            "categories",
            "=area",
            "=field",
            "類別",
            "类别",
            "分類",
            "分类",
            "카테고리",
            "분야",
        ),
    ),
    ("time", ("time", "hour", "hours", "時間", "时间", "시간")),
    ("place", ("place", "venue", "room", "location", "=where", "地點", "地点", "장소", "教室")),
]
_LINK_KINDS_OF_ROLES = {"slides", "video", "code", "notes", "paper"}
_WORD = re.compile(r"[a-z#]+(?:\.)?|[a-z]+")


def normalise_header(text: str) -> str:
    text = re.sub(r"&nbsp;|<[^<>]{0,200}>|\[\d{1,3}\]|[*_`~]", " ", text[:300])
    kept = "".join(
        char for char in text if not unicodedata.category(char).startswith(("S", "C")) or char in "#&"
    )  # emoji and symbols out ("日期🕣")
    return re.sub(r"\s+", " ", kept).strip().lower()


def header_role(text: str) -> Role | LinkKind:
    header = normalise_header(text)
    if not header:
        return ""
    words = set(re.findall(r"[a-z0-9#.]+", header)) | set(re.findall(r"[a-z]+", header))
    for role, keywords in _ROLE_WORDS:
        for keyword in keywords:
            if keyword.startswith("="):
                if header.strip(" :()[]") == keyword[1:]:
                    return role
            elif keyword.isascii():
                if (" " in keyword and keyword in header) or keyword in words:
                    return role
            elif keyword in header:
                return role
    return ""


@dataclass
class Block:
    """The columns of one date column's papers (tables can hold several, side by side)."""

    date: int | None
    title: int
    track_name: str | None  # from a title header that is a name ("CNN"), not a role word
    presenters: list[int] = field(default_factory=list)
    links: list[tuple[int, LinkKind | None]] = field(default_factory=list)  # (column, kind or typed by text)
    track: int | None = None
    week: int | None = None


@dataclass
class Layout:
    blocks: list[Block]
    reason: str = ""  # why the table is not a schedule (blocks is then empty)


def cell(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def layout(table: Table, column_text: list[list[str]]) -> Layout:
    """The blocks of a table; column_text holds each column's cells as plain text."""
    width = len(column_text)
    roles = [header_role(cell(table.header, column)) for column in range(width)]
    dates = [
        column
        for column in range(width)
        if roles[column] in ("date", "time", "", "week")
        and looks_like_dates(column_text[column], strict=roles[column] != "date")
    ]
    shown = ", ".join(repr(h.strip()) for h in table.header if h.strip()) or "no header"
    if not dates:
        week = next((c for c in range(width) if roles[c] == "week"), None)
        title = next((c for c in range(width) if roles[c] in ("title", "topic")), None)
        if week is not None and title is not None:
            return Layout([_block(table, roles, week, title, width, week_column=True)])
        date_like = [c for c in range(width) if roles[c] == "date"]
        if date_like:
            values = [v for v in column_text[date_like[0]] if v.strip()][:3]
            return Layout(
                [], f"its date column {table.header[date_like[0]].strip()!r} holds {values!r}, not dates"
            )
        return Layout([], f"no column of dates (headers: {shown})")
    bounds = [*dates, width]
    blocks: list[Block] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        # columns before the first date column belong to it (presenter-first tables)
        low = 0 if start == dates[0] else start
        headers = [cell(table.header, column) for column in range(width)]
        halves = _halves(roles, headers, start, end)
        if halves:  # one date column, several title + presenter groups: a track each
            for first, last in zip(halves, [*halves[1:], end], strict=False):
                blocks.append(_block(table, roles, start, first, last, low=first))
            continue
        title = _title_column(roles, headers, column_text, start, low, end)
        if title is None:
            continue
        blocks.append(_block(table, roles, start, title, end, low=low))
    if not blocks:
        return Layout([], f"no title or paper column next to the dates (headers: {shown})")
    return Layout(blocks)


def _halves(roles: list[Role | LinkKind], headers: list[str], date: int, end: int) -> list[int]:
    """Title columns of `| Date | CNN | Presenter | RNN | Presenter |`: named title columns
    after the date, alternating with presenter columns, two or more of each."""
    titles = [
        c
        for c in range(date + 1, end)
        if roles[c] in ("title", "topic")
        or (roles[c] == "" and bool(headers[c].strip()) and short_name(headers[c]))
    ]
    presenters = [c for c in range(date + 1, end) if roles[c] == "presenter"]
    if len(titles) < 2 or len(titles) != len(presenters):
        return []
    alternating = all(t < p for t, p in zip(titles, presenters, strict=True)) and all(
        p < t for p, t in zip(presenters, titles[1:], strict=False)
    )
    return titles if alternating else []


def short_name(header: str) -> bool:
    words = normalise_header(header).split()
    return len(words) <= 2 and len(header.strip()) <= 24


def _title_column(
    roles: list[Role | LinkKind], headers: list[str], text: list[list[str]], date: int, low: int, end: int
) -> int | None:
    columns = [c for c in range(low, end) if c != date]
    for wanted in ("title", "topic"):
        found = next((c for c in columns if roles[c] == wanted), None)
        if found is not None:
            return found
    after = date + 1
    if after < end and roles[after] == "track" and short_name(headers[after]):
        return after  # `export markdown` heads the title column with the track's name ("Track-0")
    # else the first column after the date that has no other use, when it is named by a short
    # name (the seed's "CNN") or not at all, and has text in it
    for column in columns:
        if column > date and roles[column] not in ("presenter", "time", "place", "index", "week", "ignore"):
            if roles[column] == "" and short_name(headers[column]) and any(v.strip() for v in text[column]):
                return column
            break
    return None


def _block(
    table: Table,
    roles: list[Role | LinkKind],
    date: int,
    title: int,
    end: int,
    *,
    low: int | None = None,
    week_column: bool = False,
) -> Block:
    low = date if low is None else low
    header = normalise_header(cell(table.header, title))
    name = cell(table.header, title).strip() if roles[title] in ("", "track") and header else None
    block = Block(None if week_column else date, title, name, week=date if week_column else None)
    has_title = roles[title] == "title"
    for column in range(low, end):
        if column in (date, title):
            continue
        role = roles[column]
        if role == "presenter":
            block.presenters.append(column)
        elif role in _LINK_KINDS_OF_ROLES:
            block.links.append((column, role))
        elif role == "links" or (role == "" and column > title):
            block.links.append((column, None))
        elif role == "track" or (role == "topic" and has_title):
            block.track = column if block.track is None else block.track
    return block
