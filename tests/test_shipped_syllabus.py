"""The shipped data/papers.toml carries every fact of the seed page, and nothing more."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from conftest import DATA, ROOT, SEED

from readgroup.loader import load
from readgroup.models import is_placeholder

ICON_KINDS = {"p": "paper", "m": "slides", "v": "video", "c": "code", "t": "pytorch", "vt": "pytorch_video"}


def seed_links() -> Counter[tuple[str, str]]:
    """(kind, url) pairs the page's schedule table shows, read straight from its Markdown:
    every `[![][icon]][ref]` in a table row, resolved against `[ref]: url` definitions."""
    text = SEED.read_text(encoding="utf-8")
    definitions = dict(re.findall(r"^\[([^\]]+)\]:\s*(\S+)\s*$", text, flags=re.M))
    table = [line for line in text.splitlines() if re.match(r"^\| *(\d+/\d+|另訂)", line)]
    pairs: Counter[tuple[str, str]] = Counter()
    for row in table:
        for icon, ref in re.findall(r"\[ ?!\[\]\[(\w+)\]\]\[([^\]]+)\]", row):
            url = definitions[ref]
            if not is_placeholder(url):
                pairs[(ICON_KINDS[icon], url)] += 1
    return pairs


def shipped_links() -> Counter[tuple[str, str]]:
    syllabus = load(DATA).syllabus
    return Counter((kind, url) for p in syllabus.papers for kind, url in p.links.present().items())


def test_seed_copy_is_the_shared_original() -> None:
    original = ROOT.parent / "shared" / "seeds" / "pytorch-taipei-2018.md"
    if original.exists():  # shared/ sits beside the clone on developer machines and in CI
        assert original.read_bytes() == SEED.read_bytes()


def test_every_link_on_the_page_is_in_the_file_under_its_kind() -> None:
    assert shipped_links() == seed_links()


def test_links_per_kind() -> None:
    per_kind = Counter(kind for kind, _ in shipped_links().elements())
    assert per_kind == {"paper": 22, "slides": 6, "video": 5, "code": 5, "pytorch": 2, "pytorch_video": 1}


def test_papers_tracks_and_dates() -> None:
    syllabus = load(DATA).syllabus
    assert len(syllabus.papers) == 22
    by_track = Counter(p.track for p in syllabus.papers)
    assert by_track == {"cnn": 8, "pre-rcnn": 6, "rcnn": 8}
    dates = sorted({p.date for p in syllabus.papers if p.date})
    assert len(dates) == 18  # "預計進行18周": eighteen weeks
    assert dates[0] == dt.date(2018, 3, 8) and dates[-1] == dt.date(2018, 7, 12)
    assert all(d.weekday() == 3 for d in dates)  # Thursdays
    assert dt.date(2018, 4, 5) not in dates
    shared = {d: [p.id for p in syllabus.papers if p.date == d] for d in dates}
    assert shared[dt.date(2018, 3, 8)] == ["lenet", "alexnet"]
    assert shared[dt.date(2018, 4, 12)] == ["vggnet", "resnet"]
    assert [p.id for p in syllabus.papers if p.date is None] == ["yolo-v2", "yolo-v3"]


def test_page_dates_match_file_dates() -> None:
    text = SEED.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if re.match(r"^\| *(\d+/\d+|另訂)", line)]
    page_dates = set()
    for row in table:
        for month, day in re.findall(r"\| *(\d+)/(\d+) *\|", row):
            page_dates.add(dt.date(2018, int(month), int(day)))
    syllabus = load(DATA).syllabus
    assert page_dates == {p.date for p in syllabus.papers if p.date}


def test_group_facts() -> None:
    group = load(DATA).syllabus.group
    assert (group.weekday, group.timezone) == ("thursday", "Asia/Taipei")
    assert (group.start_time, group.end_time) == (dt.time(19), dt.time(21))
    assert group.venue == "台灣大學普通教學館305教室"
    assert group.links["forum"] == "https://discord.gg/jMCVCbJ"
    for name in ("speakers", "all_papers", "practice"):
        assert group.links[name] in SEED.read_text(encoding="utf-8")
    skips = load(DATA).syllabus.skips
    assert [(s.date, s.reason) for s in skips] == [(dt.date(2018, 4, 5), "Tomb-Sweeping Day holiday")]


def test_shipped_file_has_no_warnings() -> None:
    assert load(DATA).warnings() == []


def test_packaged_copy_matches_data_file() -> None:
    from readgroup.locate import shipped_file

    assert Path(shipped_file()).read_bytes() == DATA.read_bytes()
