"""Scoring an import of a real page against the answer written by hand for it.

Each page in tests/data/import_corpus/ has NAME.md (the page), NAME.source.json (where it came
from) and NAME.expected.json (what a person reading the page says is on it). A point per fact:
the number of papers, the skip days, each checked paper's title, date, presenter and links,
that no listed non-title became a paper, that ids are readable slugs, that no Markdown leaked.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "data" / "import_corpus"
_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_MARKUP = re.compile(r"\*\*|~~|\]\(|<br|\[!|(?<!\w)__\w")  # `Filling in the___` is a real title


@dataclass
class Score:
    name: str
    points: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.points += 1
        else:
            self.misses.append(what)


def pages() -> list[str]:
    return sorted(path.name.removesuffix(".expected.json") for path in CORPUS.glob("*.expected.json"))


def expected(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def run_import(import_page: Callable[..., Any], name: str) -> Any:
    """The importer's answer for a page, with the options a user would pass; only the options
    the importer knows are given (the old importer knew fewer)."""
    text = (CORPUS / f"{name}.md").read_text(encoding="utf-8")
    options = expected(name).get("options", {})
    known = inspect.signature(import_page).parameters
    return import_page(text, **{key: value for key, value in options.items() if key in known})


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _presenters(paper: dict[str, Any]) -> list[str]:
    value = paper.get("presenter")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def score(name: str, data: dict[str, Any] | None, error: str | None = None) -> Score:
    want = expected(name)
    result = Score(name)
    papers: list[dict[str, Any]] = list(data["papers"]) if data else []
    count = want["papers"]
    low, high = (count, count) if isinstance(count, int) else count
    result.check(
        low <= len(papers) <= high,
        f"{len(papers)} papers, expected {count}" + (f" ({error})" if error else ""),
    )
    if "skips" in want:
        skips = sorted(_date(skip["date"]) for skip in (data or {}).get("skips", []))
        result.check(skips == sorted(want["skips"]), f"skips {skips}, expected {want['skips']}")
    by_title: dict[str, dict[str, Any]] = {}
    for paper in papers:
        by_title.setdefault(paper["title"], paper)  # the first of papers sharing a title
    for check in want.get("check", []):
        paper = by_title.get(check["title"])
        result.check(paper is not None, f"no paper titled {check['title']!r}")
        if "date" in check:
            got = _date(paper["date"]) if paper else None
            result.check(got == check["date"], f"{check['title']!r}: date {got}, expected {check['date']}")
        if "presenter" in check:
            wanted = check["presenter"]
            wanted = [] if wanted is None else [wanted] if isinstance(wanted, str) else wanted
            got_presenters = _presenters(paper) if paper else None
            result.check(
                got_presenters == wanted,
                f"{check['title']!r}: presenters {got_presenters}, expected {wanted}",
            )
        if "links" in check:
            links = paper.get("links", {}) if paper else None
            result.check(
                links == check["links"], f"{check['title']!r}: links {links}, expected {check['links']}"
            )
    invented = sorted(set(want.get("not_titles", [])) & set(by_title))
    result.check(not invented and bool(data), f"not papers, imported as papers: {invented}")
    ids = [paper.get("id", "") for paper in papers]
    result.check(
        bool(data) and len(set(ids)) == len(ids) and all(_SLUG.fullmatch(i) for i in ids),
        f"ids not unique readable slugs: {ids[:6]}",
    )
    leaked = [
        text for paper in papers for text in [paper["title"], *_presenters(paper)] if _MARKUP.search(text)
    ]
    result.check(bool(data) and not leaked, f"Markdown left in titles or presenters: {leaked[:3]}")
    return result
