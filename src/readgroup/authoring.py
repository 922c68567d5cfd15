"""Starting and keeping a syllabus: the new file of `init`, and what `add`, `move` and
`remove` change. Pure functions, no I/O; they raise UsageError for what a lead got wrong."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .editing import AppendTable, Change, RemoveTable, SetValue, toml_value
from .errors import UsageError
from .models import LINK_KINDS, WEEKDAYS, Paper, Syllabus, Weekday, check_url, is_placeholder
from .plans import check_members, paper_index, presenter_value, unavailable

# -- names ------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Fast R-CNN' -> 'fast-rcnn', 'YOLO v2' -> 'yolo-v2': the importer's rule (a one-letter
    word hyphenated to the next, as in R-CNN or U-Net, is one name)."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"(?<![a-z0-9])([a-z0-9])-(?=[a-z0-9])", r"\1", text.lower()))
    return "-".join(words)


def weekday_named(text: str) -> Weekday | None:
    """'tue', 'Tuesday', 'TUES' -> 'tuesday'; None when it names no single day."""
    wanted = text.strip().lower().rstrip(".")
    if len(wanted) < 2:
        return None
    plural = len(wanted) > 3 and wanted.endswith("s")
    found = [day for day in WEEKDAYS if day.startswith(wanted) or (plural and wanted[:-1] == day)]
    return found[0] if len(found) == 1 else None


# Names of a weekday a comment may use: English, and Chinese as the first group writes
# (每週四 = every Thursday).
_CHINESE_DAYS = "一二三四五六日"


_ABBREVIATIONS = {"tuesday": ["tues"], "wednesday": ["weds"], "thursday": ["thur", "thurs"]}


def weekday_words(day: Weekday) -> re.Pattern[str]:
    """Thursday, Thursdays, Thu, Thu., Thurs; 週四, 周四, 星期四, 禮拜四."""
    short = [day[:3], *_ABBREVIATIONS.get(day, [])]
    english = rf"\b(?:{day}s?|(?:{'|'.join(short)})\.?)(?![a-z])"
    number = "[日天]" if day == "sunday" else _CHINESE_DAYS[WEEKDAYS.index(day)]
    return re.compile(rf"{english}|(?:週|周|星期|禮拜|礼拜){number}", re.IGNORECASE)


def comments_naming(text: str, day: Weekday) -> list[tuple[int, str]]:
    """(line, comment) for each comment in the file that names `day`."""
    pattern = weekday_words(day)
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        comment = _comment(line)
        if comment and not comment.startswith("#:") and pattern.search(comment):
            found.append((number, comment))
    return found


def _comment(line: str) -> str | None:
    """The `# ...` part of a TOML line, outside strings. Hand-written: tomllib drops comments
    and a tomlkit parse of the whole file costs seconds on a large syllabus."""
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is None:
            if char == "#":
                return line[index:].strip()
            if char in "\"'":
                quote = line[index : index + 3] if line[index : index + 3] in ('"""', "'''") else char
                index += len(quote)
                continue
        elif line.startswith(quote, index):
            index += len(quote)
            quote = None
            continue
        elif char == "\\" and quote.startswith('"'):
            index += 1
        index += 1
    return None


# -- init ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewGroup:
    name: str
    timezone: str
    weekday: Weekday
    start_time: dt.time
    end_time: dt.time
    venue: str = ""
    tracks: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=lambda: ["paper", "slides"])


def track_ids(names: list[str]) -> list[tuple[str, str]]:
    """(id, name) per track; the id is the slug of the name."""
    tracks: list[tuple[str, str]] = []
    for name in names:
        track_id = slug(name)
        if not track_id:
            raise UsageError(f"track {name!r} needs a name with letters a-z or digits, for its id")
        if any(track_id == known for known, _ in tracks):
            raise UsageError(f"two tracks would have the id {track_id!r}; name them apart")
        tracks.append((track_id, name.strip()))
    return tracks


def _printable(text: str) -> str:
    """Text fit for a comment line: no line breaks or other control characters."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _align(line: str, comment: str) -> str:
    return f"{line:<34}# {comment}\n"


def new_file_text(group: NewGroup) -> str:
    """A new syllabus with comments that show how to fill it in; it loads with no warning."""
    if not group.tracks:
        raise UsageError("a syllabus needs at least one track: --track NAME (repeatable)")
    if group.end_time <= group.start_time:
        raise UsageError(
            f"--end-time {group.end_time:%H:%M} is not after --start-time {group.start_time:%H:%M}"
        )
    kinds = ", ".join(LINK_KINDS)
    lines = [
        "#:schema ./papers.schema.json\n",
        f"# The reading group syllabus of {_printable(group.name)}, kept with readgroup.\n",
        "# Add papers with `readgroup add`, date them with `readgroup move`, share them out with\n",
        "# `readgroup rotate`; or edit by hand: every readgroup edit keeps these comments.\n",
        "# `readgroup validate --strict` checks the file.\n",
        "\n",
        "[group]\n",
        f"name = {toml_value(group.name)}\n",
        _align(f"timezone = {toml_value(group.timezone)}", 'IANA zone; "today" is computed in it'),
        _align(f"weekday = {toml_value(group.weekday)}", "the regular meeting day"),
        _align(f"start_time = {group.start_time:%H:%M:%S}", "local times, no quotes"),
        f"end_time = {group.end_time:%H:%M:%S}\n",
        f"venue = {toml_value(group.venue)}\n",
        _align(f"required = {toml_value(group.required)}", "link kinds every paper should have"),
        f"# Built-in link kinds: {kinds}.\n",
        '# A group\'s own kinds go here, e.g. link_kinds = ["colab", "blog"]\n',
        "\n",
        "# Links for members, by any name:\n",
        "# [group.links]\n",
        '# forum = "https://example.org/our-forum"\n',
        "\n",
        "# Days without a meeting ([[skips]]): readgroup skip YYYY-MM-DD --reason TEXT [--shift]\n",
        "# An optional roster; when there is one, presenters must be on it:\n",
        "# [[members]]\n",
        '# name = "Alice"\n',
        "# unavailable = [2026-05-05]\n",
    ]
    for number, (track_id, name) in enumerate(track_ids(group.tracks)):
        header = _align("[[tracks]]", "in reading order; papers name one") if number == 0 else "[[tracks]]\n"
        lines += ["\n", header]
        lines += [f"id = {toml_value(track_id)}\n", f"name = {toml_value(name)}\n"]
    lines += ["\n", '# Papers: readgroup add "Title" --track ID [--date YYYY-MM-DD] (no date: TBD)\n']
    return "".join(lines)


# -- add, move, remove --------------------------------------------------------------------------


def check_day(syllabus: Syllabus, day: dt.date, *, force: bool) -> None:
    """A paper's date must not be a skip day, and should be the group's meeting day."""
    for skip in syllabus.skips:
        if skip.date == day:
            why = f" ({skip.reason})" if skip.reason else ""
            raise UsageError(f"{day} is a day without a meeting{why}")
    weekday = syllabus.group.weekday
    if day.weekday() != WEEKDAYS.index(weekday) and not force:
        raise UsageError(
            f"{day} is a {day:%A}; the group meets on {weekday.capitalize()}s. "
            "Add --force to use that day anyway"
        )


def check_presenters(syllabus: Syllabus, names: list[str], day: dt.date | None, *, force: bool) -> None:
    check_members(syllabus, names)
    busy = [name for name in names if unavailable(syllabus, name, day)]
    if busy and not force:
        raise UsageError(f"{', '.join(busy)} unavailable on {day}; add --force to use that day anyway")


def parse_links(syllabus: Syllabus, pairs: list[str]) -> dict[str, str]:
    """KIND=URL pairs, each kind built in or declared by the group, each URL a real address."""
    from . import names

    links: dict[str, str] = {}
    for pair in pairs:
        kind, sep, url = pair.partition("=")
        if not sep or not url.strip():
            raise UsageError(
                f"--link {pair!r}: write KIND=URL, e.g. --link paper=https://arxiv.org/abs/1512.0"
            )
        found = names.link_kind(kind, syllabus)
        links[found] = checked_url(url)
    return links


def checked_url(url: str) -> str:
    text = url.strip()
    if is_placeholder(text):
        raise UsageError(f"{text!r} is a placeholder, not a link; a missing link is simply left out")
    try:
        return check_url(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def add(
    syllabus: Syllabus,
    title: str,
    track: str,
    *,
    date: dt.date | None = None,
    paper_id: str | None = None,
    presenters: list[str] | None = None,
    links: dict[str, str] | None = None,
    force: bool = False,
) -> tuple[Change, str]:
    """The new [[papers]] table (appended after the last one) and its id."""
    from . import names

    if not title.strip():
        raise UsageError("give the paper a title")
    names.track(syllabus, track)
    new_id = (paper_id or slug(title)).strip()
    if not new_id:
        raise UsageError(f"cannot make an id from {title!r}; give one with --id, e.g. --id resnet")
    existing = next((p for p in syllabus.papers if p.id == new_id), None)
    if existing is not None:
        raise UsageError(f"there is already a paper {new_id!r} ({existing.title}); give another --id")
    if date is not None:
        check_day(syllabus, date, force=force)
    check_presenters(syllabus, presenters or [], date, force=force)
    item: dict[str, Any] = {"id": new_id, "title": title.strip(), "track": track}
    if date is not None:
        item["date"] = date
    if presenters:
        item["presenter"] = presenter_value(presenters)
    if links:
        item["links"] = dict(links)
    return AppendTable("papers", item), new_id


def move(syllabus: Syllabus, paper: Paper, day: dt.date | None, *, force: bool = False) -> list[Change]:
    """Date a TBD paper, move a dated one, or (day None) make it TBD again."""
    if day == paper.date:
        return []
    if day is not None:
        check_day(syllabus, day, force=force)
        busy = [name for name in paper.presenter if unavailable(syllabus, name, day)]
        if busy and not force:
            raise UsageError(
                f"{', '.join(busy)} (presenting {paper.title}) unavailable on {day}; "
                "add --force to move it anyway, then `readgroup assign`"
            )
    value: Any = day if day is not None else "TBD"
    return [SetValue(("papers", paper_index(syllabus, paper), "date"), value)]


def remove(syllabus: Syllabus, paper: Paper) -> list[Change]:
    return [RemoveTable("papers", paper_index(syllabus, paper))]
