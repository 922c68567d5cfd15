"""Whatever bytes a file holds, the loader gives a syllabus or our own error, never a crash."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readgroup.errors import DataFileError
from readgroup.loader import load, parse
from readgroup.positions import format_path, key_lines

SHIPPED = DATA.read_text(encoding="utf-8")


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.toml"
    path.write_bytes(data)
    try:
        load(path)
    except DataFileError as exc:
        assert exc.problems and exc.message


@settings(max_examples=300)
@given(start=st.integers(0, len(SHIPPED)), length=st.integers(0, 40), junk=st.text(max_size=20))
def test_mangled_syllabus(start: int, length: int, junk: str) -> None:
    text = SHIPPED[:start] + junk + SHIPPED[start + length :]
    try:
        parse(text)
    except DataFileError as exc:
        assert all(problem.message for problem in exc.problems)


def test_key_lines_finds_paper_fields_and_links() -> None:
    lines = key_lines(SHIPPED)
    numbered = SHIPPED.splitlines()
    assert numbered[lines[("papers", 3, "id")] - 1] == 'id = "nin"'
    assert numbered[lines[("papers", 0, "links", "slides")] - 1].startswith("slides = ")
    assert numbered[lines[("group", "links", "forum")] - 1].startswith("forum = ")
    assert numbered[lines[("skips", 0)] - 1] == "[[skips]]"


def test_key_lines_skips_multiline_values() -> None:
    text = 'a = """\nb = 1\n"""\nc = [\n  "d = 2",\n]\ne = 3\n'
    lines = key_lines(text)
    assert ("b",) not in lines and ("d",) not in lines
    assert lines[("e",)] == 7


def test_format_path() -> None:
    assert format_path(("papers", 3, "links", "slide")) == "papers[3].links.slide"
