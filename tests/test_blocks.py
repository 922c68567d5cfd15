"""Edits of a large file touch only the blocks of the tables they change, and give up (to the
whole-file editor) whenever a block cannot be told apart for sure."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import DATA

from readgroup.blocks import edit_blocks, headers_are_clear
from readgroup.changes import AppendTable, Change, RemoveKey, SetValue, expected_data
from readgroup.textedit import apply_changes, comments, edit_lines, split_comment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import syllabus_text  # noqa: E402

SHIPPED = DATA.read_text(encoding="utf-8")
LARGE = syllabus_text(300)


def by_blocks(text: str, changes: list[Change]) -> str | None:
    raw = tomllib.loads(text)
    return edit_blocks(text, raw, expected_data(raw, changes), changes, lambda t, c: edit_lines(t, c, []))


EDITS: list[list[Change]] = [
    [SetValue(("papers", 15, "presenter"), ["Ann", "Bo"])],
    [SetValue(("papers", 16, "links", "notes"), "https://n.example.org/16")],
    [RemoveKey(("papers", 17, "links", "paper")), SetValue(("papers", 3, "date"), dt.date(2019, 1, 3))],
    [AppendTable("skips", {"date": dt.date(2030, 1, 3), "reason": "Holiday"})],
    [SetValue(("group", "venue"), "Room 101"), SetValue(("group", "links", "chat"), "https://c.example.org")],
]


@pytest.mark.parametrize("changes", EDITS)
@pytest.mark.parametrize("text", [SHIPPED, LARGE], ids=["shipped", "generated"])
def test_block_edits_read_back_as_intended_and_touch_only_their_blocks(text: str, changes: list[Change]) -> None:
    raw = tomllib.loads(text)
    new = by_blocks(text, changes)
    assert new is not None, "the block editor gave up on a plain file"
    assert tomllib.loads(new) == expected_data(raw, changes)
    assert apply_changes(text, raw, changes)[0] == new
    assert len(new.splitlines()) - len(text.splitlines()) <= 5


def test_a_multi_line_string_anywhere_sends_the_edit_to_the_whole_file() -> None:
    text = SHIPPED.replace('title = "NIN"', 'title = """NIN\n[[papers]]\nid = "fake"\n"""', 1)
    change: list[Change] = [SetValue(("papers", 21, "presenter"), "Ann")]
    assert not headers_are_clear(text) and by_blocks(text, change) is None
    new, data = apply_changes(text, tomllib.loads(text), change)
    assert tomllib.loads(new) == data and data["papers"][21]["presenter"] == "Ann"


@pytest.mark.parametrize("line", ['  [true],', "[[ inf ]],", '["quoted"],', "[1, 2],"])
def test_a_line_inside_an_array_that_looks_like_a_header_is_not_trusted(line: str) -> None:
    text = SHIPPED.replace('id = "lenet"\n', f'id = "lenet"\nrequired = [\n{line}\n]\n', 1)
    text = text.replace("required = [\n", "x_matrix = [\n", 1)  # any array; validity is not the point
    assert not headers_are_clear(text)
    assert by_blocks(text, [SetValue(("papers", 0, "presenter"), "Ann")]) is None


def test_a_sub_table_away_from_its_element_makes_the_block_editor_give_up() -> None:
    text = (
        '[group]\nname = "G"\n\n[[papers]]\nid = "a"\n[papers.links]\npaper = "https://p.org/a"\n'
        '[[papers]]\nid = "b"\n[other]\nx = 1\n[papers.links]\nvideo = "https://v.org/b"\n'
    )
    change: list[Change] = [RemoveKey(("papers", 1, "links", "video"))]
    assert by_blocks(text, change) is None  # papers[1].links sits after [other]
    new, data = apply_changes(text, tomllib.loads(text), change)
    assert tomllib.loads(new) == data and "video" not in data["papers"][1].get("links", {})


def test_elements_written_inline_are_not_mistaken_for_headers() -> None:
    text = 'papers = [{ id = "a" }]\n[group]\nname = "G"\n'
    assert by_blocks(text, [SetValue(("papers", 0, "id"), "b")]) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('url = "https://x.org/#a"  # real', ("url = \"https://x.org/#a\"", "  # real")),
        ("lit = 'a#b' # c", ("lit = 'a#b'", " # c")),
        ('esc = "a\\"#b"', ('esc = "a\\"#b"', "")),
        ("n = 1#c\r\n", ("n = 1", "#c")),
    ],
)
def test_split_comment_knows_strings(line: str, expected: tuple[str, str]) -> None:
    assert split_comment(line) == expected


def test_comments_skips_multi_line_strings() -> None:
    text = 'a = """x # not\n# not either\n""" # yes\nb = [\n  1, # one\n]\n# last\n'
    assert comments(text) == ["# yes", "# one", "# last"]


def test_a_new_paper_with_links_is_placed_by_the_block_editor_after_the_last_ones_sub_tables() -> None:
    item = {"id": "new", "title": "New", "track": "track-0", "links": {"paper": "https://e.org/new.pdf"}}
    new = by_blocks(LARGE, [AppendTable("papers", item)])
    assert new is not None and new.startswith(LARGE.rstrip("\n"))
    assert tomllib.loads(new)["papers"][-1] == item
    assert new.endswith('[[papers]]\nid = "new"\ntitle = "New"\ntrack = "track-0"\n[papers.links]\npaper = "https://e.org/new.pdf"\n\n')


def test_removing_a_paper_goes_to_the_whole_file_editor_and_names_the_comments_it_drops() -> None:
    from readgroup.changes import RemoveTable

    changes: list[Change] = [RemoveTable("papers", 150), SetValue(("papers", 151, "title"), "Moved up")]
    assert by_blocks(LARGE, changes) is None  # every later index shifts
    text = LARGE.replace('[[papers]]\nid = "paper-150"', '# about 150\n[[papers]]\nid = "paper-150"')
    raw = tomllib.loads(text)
    notes: list[str] = []
    new, data = apply_changes(text, raw, changes, notes=notes)
    assert tomllib.loads(new) == data == expected_data(raw, changes)
    assert data["papers"][150]["title"] == "Moved up" and len(data["papers"]) == 299
    assert notes == ["papers[150]: the edit drops the comment '# about 150'"]
    removed = text.split('# about 150\n')[1].split("[[papers]]\nid = \"paper-151\"")[0]
    assert new == text.replace("# about 150\n" + removed, "").replace(
        'id = "paper-151"\ntitle = "Paper 151"', 'id = "paper-151"\ntitle = "Moved up"'
    )
