"""The shapes real schedule pages take (issue 10), each on a small page written for the test."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from readgroup.errors import UsageError
from readgroup.importer import ImportProblem, import_page, slug

D = dt.date


def papers(text: str, **options: Any) -> list[dict[str, Any]]:
    return list(import_page(text, **options).data["papers"])


def test_a_spreadsheet_with_us_dates_topics_skips_and_several_presenters() -> None:
    sheet = (
        "Date,Topic,Title,Presenter,Slides\n"
        "1/16/2024,Vision,ResNet,Alice; Bob,https://a.example/s1\n"
        "1/23/2024,,No meeting (MLK week),,\n"
        '1/30/2024,Language,"Attention, Is All You Need",Carol and Dan,\n'
        "2/6/2024,Vision,ViT,\"Eve, Frank\",\n"
    )
    imported = import_page(sheet, csv=True)
    found = imported.data["papers"]
    assert [(p["title"], p["date"], p.get("presenter")) for p in found] == [
        ("ResNet", D(2024, 1, 16), ["Alice", "Bob"]),
        ("Attention, Is All You Need", D(2024, 1, 30), ["Carol", "Dan"]),
        ("ViT", D(2024, 2, 6), ["Eve", "Frank"]),
    ]
    assert found[0]["links"] == {"slides": "https://a.example/s1"}
    assert [t["name"] for t in imported.data["tracks"]] == ["Vision", "Language"]
    assert imported.data["skips"] == [{"date": D(2024, 1, 23), "reason": "No meeting (MLK week)"}]


def test_import_picks_a_csv_by_its_extension(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Date,Paper,Speaker\n2024-01-16,ResNet,Alice\n2024-01-23,ViT,Bob\n", encoding="utf-8")
    result = invoke("import", str(sheet), "-o", str(tmp_path / "new.toml"))
    assert result.exit_code == 0, result.output
    data = tomllib.loads((tmp_path / "new.toml").read_text(encoding="utf-8"))
    assert [(p["title"], p["presenter"]) for p in data["papers"]] == [("ResNet", "Alice"), ("ViT", "Bob")]


TWO_TERMS = """# Group

## Fall 2020

| Date | Paper |
|--|--|
| 9/10 | A |
| 9/17 | B |

## Spring 2021

| Date | Paper |
|--|--|
| 2/4 | C |
"""


def test_one_table_or_all_of_them() -> None:
    assert [(p["title"], p["date"]) for p in papers(TWO_TERMS, table=2)] == [("C", D(2021, 2, 4))]
    everything = import_page(TWO_TERMS, table="all").data
    assert [(p["title"], p["date"]) for p in everything["papers"]] == [
        ("A", D(2020, 9, 10)),
        ("B", D(2020, 9, 17)),
        ("C", D(2021, 2, 4)),
    ]  # each table's year from its own heading
    assert [t["name"] for t in everything["tracks"]] == ["Fall 2020", "Spring 2021"]
    with pytest.raises(ImportProblem, match="has 2 tables; there is no table 3"):
        import_page(TWO_TERMS, table=3)


def test_day_month_order_from_the_values_or_the_option() -> None:
    page = "| Date | Paper |\n|--|--|\n| 3/4/2021 | A |\n| 10/4/2021 | B |\n"
    assert [p["date"] for p in papers(page)] == [D(2021, 3, 4), D(2021, 10, 4)]  # read as M/D, noted
    assert [p["date"] for p in papers(page, date_order="dmy")] == [D(2021, 4, 3), D(2021, 4, 10)]
    decided = "| Date | Paper |\n|--|--|\n| 3/4/2021 | A |\n| 17/4/2021 | B |\n"
    assert [p["date"] for p in papers(decided)] == [D(2021, 4, 3), D(2021, 4, 17)]  # 17 is a day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2020/12/12", D(2020, 12, 12)),
        ("Dec.9.2020", D(2020, 12, 9)),
        ("8th August, 2020", D(2020, 8, 8)),
        ("23 May", D(2020, 5, 23)),
        ("9/5 (Thu)", D(2020, 9, 5)),
        ("Mon Mar 30", D(2020, 3, 30)),
        ("3月8日", D(2020, 3, 8)),
        ("3월 8일", D(2020, 3, 8)),
    ],
)
def test_date_formats(cell: str, expected: dt.date) -> None:
    assert papers(f"| Date | Paper |\n|--|--|\n| {cell} | A |\n", year=2020)[0]["date"] == expected


def test_newest_first_tables_go_back_over_new_year() -> None:
    page = "| Date | Paper |\n|--|--|\n| 1/17 | C |\n| 1/10 | B |\n| 12/20 | A |\n"
    assert [p["date"] for p in papers(page, year=2021)] == [D(2021, 1, 17), D(2021, 1, 10), D(2020, 12, 20)]


def test_weeks_without_dates_are_tbd_with_a_note() -> None:
    imported = import_page("| Week | Paper |\n|--|--|\n| Week 1 | A |\n| Week 2 | B |\n")
    assert [p["date"] for p in imported.data["papers"]] == ["TBD", "TBD"]
    assert any("has a week but no date" in note for note in imported.notes)


def test_several_papers_in_one_cell_decided_by_links_and_shape() -> None:
    page = (
        "| Date | Paper |\n|--|--|\n"
        "| 2021-01-07 | [A](https://a.example/a)<br>[B](https://a.example/b) |\n"
        "| 2021-01-14 | [C](https://a.example/c), [D](https://a.example/d) and [E](https://a.example/e) |\n"
        "| 2021-01-21 | **A title long enough<br>to be wrapped** |\n"
        "| 2021-01-28 | **Title**<br>[![](icons/paper.png)](https://a.example/f) |\n"
    )
    found = papers(page)
    assert [(p["title"], p["links"].get("paper")) for p in found] == [
        ("A", "https://a.example/a"),
        ("B", "https://a.example/b"),
        ("C", "https://a.example/c"),
        ("D", "https://a.example/d"),
        ("E", "https://a.example/e"),
        ("A title long enough to be wrapped", None),
        ("Title", "https://a.example/f"),
    ]


def test_rows_that_are_not_papers() -> None:
    page = (
        "| Date | Paper | Presenter |\n|--|--|--|\n"
        "| 2021-01-07 | A | Alice |\n"
        "| 2021-01-14 | 暫停一次 | |\n"
        "| 2021-01-21 | -- | |\n"
        "| 2021-01-28 | Bring your own paper | |\n"
        "| 2021-02-04 |  | Bob |\n"
        "| 2021-02-11 | B | - |\n"
        "| 2021-02-18 | C | 缺 |\n"
    )
    imported = import_page(page)
    assert [(p["title"], p.get("presenter")) for p in imported.data["papers"]] == [
        ("A", "Alice"),
        ("B", None),
        ("C", None),
    ]
    skips = {skip["date"] for skip in imported.data["skips"]}
    assert {D(2021, 1, 14), D(2021, 1, 28)} <= skips


def test_skips_are_inferred_only_for_a_weekly_cadence() -> None:
    fortnightly = "| Date | Paper |\n|--|--|\n| 2021-01-07 | A |\n| 2021-01-21 | B |\n| 2021-02-04 | C |\n"
    assert "skips" not in import_page(fortnightly).data
    weekly = "| Date | Paper |\n|--|--|\n| 2021-01-07 | A |\n| 2021-01-14 | B |\n| 2021-01-28 | C |\n"
    assert import_page(weekly).data["skips"] == [{"date": D(2021, 1, 21), "reason": "no session on the page"}]


def test_links_relative_bare_domains_and_placeholders() -> None:
    page = (
        "| Date | Paper | Slides | Code |\n|--|--|--|--|\n"
        "| 2021-01-07 | [A](papers/a.pdf) | [1](https://deepart.io) | [repo](https://youtu.be/) |\n"
    )
    left_out = import_page(page)
    assert left_out.data["papers"][0]["links"] == {"slides": "https://deepart.io"}
    assert any("relative links (papers/a.pdf)" in note and "--base-url" in note for note in left_out.notes)
    resolved = papers(page, base_url="https://github.com/o/r/blob/main/")
    assert resolved[0]["links"]["paper"] == "https://github.com/o/r/blob/main/papers/a.pdf"


def test_icons_typed_by_alt_text_and_link_columns_by_header() -> None:
    page = (
        "| Date | Paper | Slides | Resources |\n|--|--|--|--|\n"
        "| 2021-01-07 | A | [A's deck](https://a.example/s) | [![video](x.png)](https://a.example/v) |\n"
    )
    assert papers(page)[0]["links"] == {"slides": "https://a.example/s", "video": "https://a.example/v"}


def test_titles_presenters_and_ids_carry_no_markdown() -> None:
    page = "| Date | Presenter | Paper |\n|--|--|--|\n| 2021-01-07 | **[Alice](https://a.example)** | ~~Old~~ **New** |\n"
    paper = papers(page)[0]
    assert (paper["title"], paper["presenter"], paper["id"]) == ("New", "Alice", "new")


def test_ids_for_cjk_titles_are_readable_and_unique() -> None:
    page = "| 日期 | 論文 | 講者 |\n|--|--|--|\n| 2021-01-07 | 注意力機制 | 王 |\n| 2021-01-14 | 注意力機制 | 陳 |\n"
    assert [p["id"] for p in papers(page)] == ["zhu-yi-li-ji-zhi", "zhu-yi-li-ji-zhi-2"]
    assert slug("발표 자료") == "bal-pyo-ja-lyo"  # anyascii's romanisation


def test_nothing_to_import_says_which_tables_were_seen_and_why(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "| When | What |\n|--|--|\n| 9:00 | Intro |\n\n| Date | Paper |\n|--|--|\n| soon | A |\n", encoding="utf-8"
    )
    result = invoke("import", str(page))
    assert result.exit_code == 3, result.output
    assert "table 1 (line 1): its date column 'When' holds ['9:00'], not dates" in result.stderr
    assert "table 2 (line 5): its date column 'Date' holds ['soon'], not dates" in result.stderr
    assert "Dates can be written as 2018-03-08" in result.stderr


def test_the_cli_takes_table_date_order_and_base_url(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(TWO_TERMS.replace("| A |", "| [A](a.pdf) |"), encoding="utf-8")
    target = tmp_path / "new.toml"
    result = invoke(
        "import", str(page), "--table", "1", "--date-order", "dmy", "--base-url", "https://x.example/", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    # 9/17 can only be month/day, so the values win over --date-order
    assert [(p["title"], p["date"]) for p in data["papers"]] == [("A", D(2020, 9, 10)), ("B", D(2020, 9, 17))]
    assert data["papers"][0]["links"] == {"paper": "https://x.example/a.pdf"}
    assert invoke("import", str(page), "--table", "x").exit_code == 2


def test_a_year_is_needed_only_when_the_page_gives_none() -> None:
    with pytest.raises(UsageError, match="pass --year"):
        import_page("| Date | Paper |\n|--|--|\n| 3/08 | A |\n")


def test_the_next_term_layout_one_date_column_two_halves() -> None:
    """The seed group's next term: one date column, then per track `**Title**<br>icons` and a
    presenter column."""
    page = (
        "| Date | CNN | Presenter | RNN | Presenter |\n|--|--|--|--|--|\n"
        "| 3/07 | **LeNet**<br>[![][p]][1] [![][m]][2] | Alice | **LSTM**<br>[![][p]][3] | Bob |\n"
        "| 3/14 | **AlexNet**<br>[![][p]][4] | - | **GRU**<br>[      ][5] | Carol |\n\n"
        "[p]: icons/paper.png\n[m]: icons/mt.png\n[1]: https://a.example/1\n[2]: https://a.example/2\n"
        "[3]: https://a.example/3\n[4]: https://a.example/4\n[5]: ....\n"
    )
    imported = import_page(page, year=2019)
    found = [(p["title"], p["track"], p["date"], p.get("presenter"), p["links"]) for p in imported.data["papers"]]
    assert found == [
        ("LeNet", "cnn", D(2019, 3, 7), "Alice", {"paper": "https://a.example/1", "slides": "https://a.example/2"}),
        ("AlexNet", "cnn", D(2019, 3, 14), None, {"paper": "https://a.example/4"}),
        ("LSTM", "rnn", D(2019, 3, 7), "Bob", {"paper": "https://a.example/3"}),
        ("GRU", "rnn", D(2019, 3, 14), "Carol", {}),
    ]
