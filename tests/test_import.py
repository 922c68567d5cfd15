"""import PAGE.md: the seed page gives the shipped syllabus; export then import gives it back."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, SEED, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readgroup.export import markdown
from readgroup.importer import import_page, slug, to_toml
from readgroup.loader import parse
from readgroup.models import LINK_KINDS, Syllabus

SHIPPED = tomllib.loads(DATA.read_text(encoding="utf-8"))


def _import_seed(tmp_path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    target = tmp_path / "new.toml"
    result = invoke("import", str(SEED), "--year", "2018", "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    return result, tomllib.loads(target.read_text(encoding="utf-8"))


def test_the_seed_page_gives_the_shipped_papers_tracks_and_links(tmp_path: Path) -> None:
    _, data = _import_seed(tmp_path)
    assert data["papers"] == SHIPPED["papers"]  # ids, titles, tracks, dates, every link
    assert data["tracks"] == SHIPPED["tracks"]
    assert data["group"]["required"] == SHIPPED["group"]["required"]
    assert data["group"]["venue"] == SHIPPED["group"]["venue"]
    assert (data["group"]["weekday"], data["group"]["start_time"]) == ("thursday", dt.time(19, 0))
    assert [skip["date"] for skip in data["skips"]] == [dt.date(2018, 4, 5)]


def test_missing_on_the_imported_file_matches_the_shipped_file(tmp_path: Path) -> None:
    _import_seed(tmp_path, "--timezone", "Asia/Taipei")
    imported = invoke("--file", str(tmp_path / "new.toml"), "missing", "--json")
    shipped = invoke("--file", str(DATA), "missing", "--json")
    assert imported.exit_code == shipped.exit_code == 0
    assert imported.stdout == shipped.stdout


def test_what_cannot_be_placed_is_reported(tmp_path: Path) -> None:
    result, data = _import_seed(tmp_path)
    notes = result.stderr
    assert "line 177: a table without a date column (6 rows) was not imported" in notes
    assert "no time zone; set to UTC" in notes
    assert "2018-04-05" in notes and "recorded as a skip" in notes
    assert "links in the text around the tables" in notes
    text = (tmp_path / "new.toml").read_text(encoding="utf-8")
    assert "#   - line 177: a table without a date column" in text  # kept in the file for the lead


def test_placeholders_and_blank_icons_are_missing_links(tmp_path: Path) -> None:
    _, data = _import_seed(tmp_path)
    papers = {paper["id"]: paper for paper in data["papers"]}
    assert "video" not in papers["vggnet"]["links"]  # [95]: https://youtu.be/
    assert papers["prevgg"]["links"] == {"paper": "http://people.idsia.ch/~juergen/ijcai2011.pdf"}


def test_labels_in_one_cell_name_separate_papers(tmp_path: Path) -> None:
    _, data = _import_seed(tmp_path)
    yolo = [paper for paper in data["papers"] if paper["title"].startswith("YOLO v")]
    assert [(p["title"], p["date"], p["links"]["code"]) for p in yolo] == [
        ("YOLO v1", dt.date(2018, 7, 5), "https://pjreddie.com/darknet/yolov1/"),
        ("YOLO v2", "TBD", "https://pjreddie.com/darknet/yolov2/"),
        ("YOLO v3", "TBD", "https://pjreddie.com/darknet/yolo/"),
    ]


def test_kind_map_overrides_what_an_icon_means() -> None:
    text = SEED.read_text(encoding="utf-8")
    imported = import_page(text, year=2018, kind_map={"m": "notes"})
    lenet = imported.data["papers"][0]
    assert lenet["links"]["notes"] == "https://hackmd.io/p/BkxYFCnOM#/" and "slides" not in lenet["links"]


def test_an_unknown_icon_is_reported_not_dropped_silently() -> None:
    page = "| | T | |\n|--|--|--|\n| 2019-01-03 | A | [![][x]][1] |\n\n[x]: icons/star.png\n[1]: https://a.example/1\n"
    imported = import_page(page)
    assert any("icon [x]" in note and "--kind-map" in note for note in imported.notes)
    assert imported.data["papers"][0]["links"] == {}
    assert import_page(page, kind_map={"x": "code"}).data["papers"][0]["links"] == {
        "code": "https://a.example/1"
    }


def test_short_dates_need_a_year() -> None:
    result = invoke("import", str(SEED))
    assert result.exit_code == 2 and "--year" in result.stderr


def test_dates_over_new_year_move_to_the_next_year() -> None:
    page = "| | T | |\n|--|--|--|\n| 12/27 | A | |\n| 1/03 | B | |\n"
    papers = import_page(page, year=2018).data["papers"]
    assert [p["date"] for p in papers] == [dt.date(2018, 12, 27), dt.date(2019, 1, 3)]


def test_a_page_without_a_schedule_is_a_data_error(tmp_path: Path) -> None:
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    result = invoke("import", str(page))
    assert result.exit_code == 3 and "no schedule table" in result.stderr


def test_import_does_not_replace_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "papers.toml"
    target.write_text("# mine\n", encoding="utf-8")
    result = invoke("import", str(SEED), "--year", "2018", "-o", str(target))
    assert result.exit_code == 4 and "--force" in result.stderr  # a refused write, as for every -o
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert invoke("import", str(SEED), "--year", "2018", "-o", str(target), "--force").exit_code == 0
    assert "[[papers]]" in target.read_text(encoding="utf-8")


def test_import_writes_to_stdout_for_a_pipe() -> None:
    result = invoke("import", str(SEED), "--year", "2018", "--timezone", "Asia/Taipei")
    assert result.exit_code == 0
    assert parse(result.stdout).papers[0].title == "LeNet"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Fast R-CNN", "fast-rcnn"), ("Pre-R-CNN", "pre-rcnn"), ("YOLO v2", "yolo-v2"), ("t-SNE", "tsne")],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


# -- the round trip ------------------------------------------------------------------------

_WORD = st.text(
    alphabet=st.characters(categories=["L", "N"]) | st.sampled_from(" |*_[]<>#\\&,()-"),
    min_size=1,
    max_size=12,
)
_TITLE = st.tuples(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ讀"), _WORD).map(
    lambda t: (t[0] + t[1]).strip()
)
_URL = st.from_regex(r"https://[a-z]{1,8}\.example/[A-Za-z0-9_()%~.-]{1,12}", fullmatch=True)


@st.composite
def syllabi(draw: st.DrawFn) -> Syllabus:
    names = draw(
        st.lists(
            st.sampled_from(["CNN", "Pre-R-CNN", "R-CNN", "Vision", "NLP 語言"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    titles = draw(
        st.lists(
            _TITLE.filter(lambda t: len(t) > 1 and t.lower() not in {"tbd", "tba", "tbc"}),
            min_size=1,
            max_size=8,
            unique_by=str.lower,
        )
    )
    start = dt.date(2018, 3, 8)
    papers = []
    for index, title in enumerate(titles):
        week = draw(st.none() | st.integers(0, 20))
        kinds = draw(st.lists(st.sampled_from(LINK_KINDS), unique=True, max_size=3))
        paper: dict[str, Any] = {
            "id": f"p{index}-{slug(title) or 'x'}",
            "title": title,
            "track": slug(draw(st.sampled_from(names))),
            "date": start + dt.timedelta(weeks=week) if week is not None else "TBD",
            "links": {kind: draw(_URL) for kind in kinds},
        }
        if draw(st.booleans()):
            paper["presenter"] = draw(st.sampled_from(["Alice", "Bob", "陳"]))
        papers.append(paper)
    raw = {
        "group": {
            "name": "Group",
            "timezone": "Asia/Taipei",
            "weekday": "thursday",
            "start_time": dt.time(19),
            "end_time": dt.time(21),
            "required": draw(st.lists(st.sampled_from(LINK_KINDS), unique=True, min_size=1, max_size=3)),
            "links": draw(
                st.dictionaries(st.sampled_from(["forum", "speakers", "all papers"]), _URL, max_size=2)
            ),
        },
        "tracks": [{"id": slug(name), "name": name} for name in names],
        "papers": papers,
    }
    return Syllabus.model_validate(raw)


def _facts(syllabus: Syllabus) -> dict[str, tuple[object, ...]]:
    return {
        paper.title: (
            paper.id if paper.links.present() else None,
            syllabus.track_name(paper.track),
            paper.date,
            paper.links.present(),
            paper.presenter,
        )
        for paper in syllabus.papers
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(syllabi(), st.sampled_from(["per-track", "side-by-side"]))
def test_export_markdown_then_import_gives_back_the_same_syllabus(syllabus: Syllabus, layout: str) -> None:
    page = markdown(syllabus, layout)  # type: ignore[arg-type]
    back = parse(to_toml(import_page(page), "page.md"))
    expected = _facts(syllabus)
    if layout == "side-by-side":  # that layout has no presenter column
        expected = {title: facts[:-1] + ([],) for title, facts in expected.items()}
    assert _facts(back) == expected
    assert back.group.required == syllabus.group.required
    assert back.group.links == syllabus.group.links


def test_a_missing_page_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("import", str(tmp_path / "nope.md"), "--year", "2018")
    assert result.exit_code == 2 and "nope.md" in result.stderr and "Traceback" not in result.output


def test_escaped_separators_stay_in_the_text() -> None:
    from readgroup.importer import split_cells

    assert split_cells(r"| A\| B | C\\ | D |") == [r"A\| B", "C\\\\", "D"]
    assert split_cells("| 3/08 | LeNet | links") == ["3/08", "LeNet", "links"]  # no closing pipe


def test_a_title_ending_in_a_backslash_round_trips_side_by_side() -> None:
    raw = {
        "group": {"name": "G", "weekday": "thursday", "start_time": dt.time(19), "end_time": dt.time(21)},
        "tracks": [{"id": "cnn", "name": "CNN"}],
        "papers": [
            {"id": "a", "title": "A\\", "track": "cnn", "date": dt.date(2018, 3, 8)},
            {"id": "b", "title": "B<br>", "track": "cnn", "date": dt.date(2018, 3, 8)},
        ],
    }
    syllabus = Syllabus.model_validate(raw)
    back = parse(to_toml(import_page(markdown(syllabus, "side-by-side")), "page.md"))
    assert [paper.title for paper in back.papers] == ["A\\", "B<br>"]
