"""The reports' read path saves memory without changing an answer: papers validated in slices
report the same problems as one validation, the JSON written in pieces is json.dumps's text,
the snapshot written blob by blob reads back whole, and shared field sets change no model."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import generated
from hypothesis import given, settings
from hypothesis import strategies as st

from readgroup import loader, snapshot
from readgroup.cli import output
from readgroup.errors import DataFileError

# Papers enough for three slices, broken in every slice and outside the papers.
BREAKS = [
    ('id = "paper-5"\n', 'id = "Paper 5"\n'),  # not a slug
    ('id = "paper-1500"\n', 'id = "paper-1500"\nslide = "x"\n'),  # unknown key
    ('paper = "https://host0.example.org/paper/2400"\n', 'paper = "not a url"\n'),
    ('id = "paper-2401"\n', 'id = "paper-2400"\n'),  # duplicate id (checks.py)
    ('venue = "Room 305"\n', 'venue = "Room 305"\nvenu = "x"\n'),
    ("# Generated for benchmarks.\n", "# Generated for benchmarks.\nextra = 1\n"),
]


def _problems(read: Any, path: Path) -> list[str]:
    """The message's lines: the count of problems, each listed one, the count of the rest."""
    with pytest.raises(DataFileError) as caught:
        read(path)
    return caught.value.message.splitlines()


@pytest.mark.parametrize("breaks", [BREAKS, BREAKS[:3], BREAKS[4:], [BREAKS[1]]])
def test_papers_in_slices_give_the_problems_of_one_validation(tmp_path: Path, breaks: list[Any]) -> None:
    text = generated(2500)
    for old, new in breaks:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "papers.toml"
    path.write_text(text, encoding="utf-8")
    whole = _problems(loader.load, path)  # keeps the TOML: one Syllabus.model_validate
    assert whole == _problems(loader.read, path)
    assert len([line for line in whole if "papers.toml:" in line and " problems" not in line]) == len(breaks)


def test_more_problems_than_listed_are_counted_alike(tmp_path: Path) -> None:
    text = generated(2500).replace('paper = "https://', 'paper = "ftp://')  # ~1,900 bad links
    text = text.replace("# Generated for benchmarks.\n", "# Generated for benchmarks.\nextra = 1\n")
    path = tmp_path / "papers.toml"
    path.write_text(text, encoding="utf-8")
    whole = _problems(loader.load, path)
    assert whole == _problems(loader.read, path)
    assert len(whole) == 1 + loader.MAX_REPORTED + 1 and "more (fix these first)" in whole[-1]


def test_a_report_read_equals_an_edit_load(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(generated(2500), encoding="utf-8")
    edit, report = loader.load(path), loader.read(path)
    assert report.syllabus == edit.syllabus
    assert report.text == edit.text and report.raw == edit.raw  # made again on demand
    first = report.syllabus.papers[0]
    assert first.model_fields_set == {"id", "title", "track", "date", "presenter", "links"}
    assert first.links.model_fields_set == {"paper", "slides", "video"}
    second = report.syllabus.papers[1]
    assert second.model_fields_set == {"id", "title", "track", "date", "links"}
    assert first.model_copy(update={"full_title": "New"}).model_fields_set >= {"full_title"}
    assert "full_title" not in report.syllabus.papers[6].model_fields_set  # the copy's set is its own


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=9) | st.dictionaries(st.text(max_size=3), inner, max_size=5),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(JSON, st.sampled_from([None, 2]))
def test_json_in_pieces_is_json_dumps(value: object, indent: int | None) -> None:
    batch, output.BATCH = output.BATCH, 2  # every list of three items is written in pieces
    try:
        pieces = "".join(output.json_chunks(value, indent))
    finally:
        output.BATCH = batch
    assert pieces == json.dumps(value, ensure_ascii=False, indent=indent)


def test_a_large_list_is_written_in_pieces() -> None:
    value = {"sessions": [{"date": "2018-03-08", "papers": [1, 2]}] * (output.BATCH * 3 + 1)}
    pieces = list(output.json_chunks(value, None))
    assert len(pieces) > 4 and "".join(pieces) == json.dumps(value)


def test_the_snapshot_reads_back_in_blobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READGROUP_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "papers.toml"
    path.write_text(generated(snapshot.PAPERS_PER_BLOB * 2 + 5), encoding="utf-8")
    os.utime(path, ns=(0, 0))  # long before the snapshot: trusted without hashing
    loaded = loader.read(path)
    snapshot.store(str(path), snapshot.stat_key(str(path)), loaded.data, loaded.syllabus, os.environ)
    payload = snapshot.read(str(path), os.environ)
    assert payload is not None and payload["papers"] == [
        {
            "id": paper.id,
            "title": paper.title,
            "track": paper.track,
            "date": paper.date.isoformat() if isinstance(paper.date, dt.date) else None,
            "presenters": paper.presenter,
            "links": paper.links.present(),
            "missing": paper.missing_kinds(loaded.syllabus.group),
        }
        for paper in loaded.syllabus.papers
    ]
    cache = Path(snapshot.cache_file(str(path), os.environ))
    data = cache.read_bytes()
    cut = data.rfind(b"paper-")  # inside the last blob, and at the end of the one before
    for damaged in (data[:cut], data[: len(data) - len(data) // 3]):
        cache.write_bytes(damaged)
        assert snapshot.read(str(path), os.environ) is None


BROKEN = [
    "[group]\nname = TBD\n",
    'a = "unclosed\n',
    "a = 1\na = 2\n",
    "a = 2018-02-30\n",
    "a = {\n  b = 1 }\n",  # TOML 1.1 only: newlines in an inline table
    'a = "\\e"\n',  # TOML 1.1 only: the \e escape
    "a = 19:00\n",  # TOML 1.1 only: a time without seconds
    "a = [1,,2]\n",
    "[[a]]\n[a]\n",
    "a = " + "[" * 2000 + "]" * 2000 + "\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_the_parser_refuses_what_tomllib_refuses_with_its_message(text: str) -> None:
    import tomllib

    with pytest.raises((tomllib.TOMLDecodeError, RecursionError)) as expected:
        tomllib.loads(text)
    with pytest.raises(DataFileError) as caught:
        loader.parse_toml(text, "f.toml")
    if isinstance(expected.value, tomllib.TOMLDecodeError):
        assert caught.value.problems == [loader.syntax_problem(str(expected.value), text)]
    else:
        assert "nested too deeply" in caught.value.message


@pytest.mark.parametrize("indent", [None, 2])
def test_the_lazy_schedule_is_written_as_the_whole_one(tmp_path: Path, indent: int | None) -> None:
    from readgroup import contract
    from readgroup.schedule import sessions

    path = tmp_path / "papers.toml"
    path.write_text(generated(2500), encoding="utf-8")
    syllabus = loader.read(path).syllabus
    found = sessions(syllabus)
    lazy = contract.schedule_json(syllabus, found, lazy=True)
    whole = contract.schedule_json(syllabus, found)
    assert "".join(output.json_chunks(lazy, indent)) == json.dumps(whole, ensure_ascii=False, indent=indent)
    assert "".join(output.json_chunks({"none": iter([])}, indent)) == json.dumps({"none": []}, indent=indent)
