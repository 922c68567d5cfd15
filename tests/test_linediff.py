"""The --dry-run diff: difflib's own below a few thousand lines, an anchored match above, and
either way a patch that turns the old text into the new one."""

from __future__ import annotations

import difflib
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readgroup import linediff

HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply(old: list[str], diff: list[str]) -> list[str]:
    """A unified diff applied strictly: every context and removed line must be where it says."""
    out: list[str] = []
    at = 0
    index = 2
    while index < len(diff):
        found = HUNK.match(diff[index])
        assert found, diff[index]
        index += 1
        old_length, new_length = int(found[2] or 1), int(found[4] or 1)
        begin = int(found[1]) - (1 if old_length else 0)
        assert begin >= at
        out.extend(old[at:begin])
        at = begin
        seen_old = seen_new = 0
        while seen_old < old_length or seen_new < new_length:
            line = diff[index]
            index += 1
            if line[0] in " -":
                assert old[at] == line[1:], (at, line)
                at += 1
                seen_old += 1
            if line[0] in " +":
                out.append(line[1:])
                seen_new += 1
        assert (seen_old, seen_new) == (old_length, new_length)
    out.extend(old[at:])
    return out


def syllabus(papers: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    lines = ["[group]\n", 'name = "x"\n', "\n"]
    for n in range(papers):
        lines += ["[[papers]]\n", f'id = "p{n}"\n', f'title = "Paper {n}"\n', 'track = "t"\n']
        lines += [f"date = 2030-01-{chance.randint(1, 28):02d}\n", "\n"]
    return lines


def reschedule(lines: list[str], seed: int) -> list[str]:
    """Every date changed, some papers removed, a comment added: what bulk edits do."""
    chance = random.Random(seed)
    out = []
    for line in lines:
        if line.startswith("date = "):
            line = f"date = 2031-02-{chance.randint(1, 28):02d}\n"
        elif line.startswith("title = ") and chance.random() < 0.01:
            out.append("# moved\n")
        out.append(line)
    return out


@pytest.mark.parametrize("papers", [3000, 20000])
def test_a_bulk_edit_of_a_long_file_gives_a_patch_that_applies(papers: int) -> None:
    old = syllabus(papers, 1)
    new = reschedule(old, 2)
    del new[600:612]  # two papers removed
    diff = list(linediff.unified_diff(old, new, "a/papers.toml", "b/papers.toml"))
    assert diff[:2] == ["--- a/papers.toml\n", "+++ b/papers.toml\n"]
    assert apply(old, diff) == new
    changed = sum(1 for line in diff if line.startswith("+date"))
    assert changed == papers - 2  # every date, nothing more


def test_small_files_get_difflibs_own_diff() -> None:
    old = syllabus(50, 3)
    new = reschedule(old, 4)
    expected = list(difflib.unified_diff(old, new, "a/f", "b/f"))
    assert list(linediff.unified_diff(old, new, "a/f", "b/f")) == expected


def test_no_change_no_diff() -> None:
    lines = syllabus(1000, 5)
    assert list(linediff.unified_diff(lines, list(lines), "a/f", "b/f")) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["a\n", "b\n", "c\n", "[[papers]]\n", "\n"]), max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["x\n", "a\n", "", "\n"])), max_size=20),
    st.integers(0, 3000),
)
def test_any_edit_round_trips_through_the_anchored_match(
    base: list[str], edits: list[tuple[int, str]], filler: int
) -> None:
    """Repeated lines (no anchors), unique ones, insertions and removals, above the size limit."""
    old = [f"line {n}\n" for n in range(linediff.SMALL)] + base + [f"tail {n}\n" for n in range(filler)]
    new = list(old)
    for where, text in edits:
        where = linediff.SMALL + min(where, len(base))
        if text:
            new.insert(where, text)
        elif where < len(new):
            del new[where]
    assert apply(old, list(linediff.unified_diff(old, new, "a/f", "b/f"))) == new or old == new
