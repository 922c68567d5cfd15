"""Random schedule pages for fuzzing the importer: pages built from the pieces real pages are
made of (headers in several languages, dates in many formats, links, icons, markup), and real
corpus pages with random edits. Shared by tests/test_import_fuzz.py and benchmarks/import_fuzz.py."""

from __future__ import annotations

from corpus import CORPUS, pages
from hypothesis import strategies as st

HEADERS = [
    "Date",
    "date",
    "When",
    "Week",
    "#",
    "Paper",
    "Title",
    "Topic",
    "Presenter",
    "Speaker",
    "Who",
    "Slides",
    "ppt",
    "Video",
    "Code",
    "Notes",
    "Links",
    "Resources",
    "Time",
    "Place",
    "Category",
    "日期",
    "講者",
    "论文",
    "内容",
    "分享人",
    "발표자",
    "논문",
    "날짜",
    "主持",
    "",
    "CNN",
    "Why should we care",
]
DATES = [
    "2018-03-08",
    "3/08",
    "08/03",
    "15/03/2018",
    "3/8/2018",
    "Dec.9.2020",
    "8th August, 2020",
    "23 May",
    "9/5 (Thu)",
    "Mon Mar 30",
    "Nov. 16th",
    "3月8日",
    "3월 8일",
    "20181022-20181104",
    "Week 3",
    "TBD",
    "另訂",
    "",
    "",
    ".",
    "202?-??-??",
    "later",
    "2/30",
    "13/13",
    "09-12",
    "12/27",
    "1/03",
    "2020/12/12",
]
TEXT = [
    "LeNet",
    "A, B and C",
    "v3&v4",
    "**Bold Title**",
    "*em*",
    "~~struck~~",
    "`code`:",
    "`label`",
    "No meeting",
    "(no meeting)",
    "暫停一次",
    "holiday",
    "cancelled",
    "--",
    "-",
    "缺",
    "Bring your own paper",
    "[Paper](https://a.example/p)",
    "[pdf](https://a.example/x.pdf)",
    "[1](https://a.example/1)",
    "[slides][s1]",
    "[   ][29]",
    "[x][nope]",
    "[![][p]][1]",
    "[![](icons/video.png)](https://youtu.be/x)",
    "![][m]",
    "<br>",
    "<br/>",
    "A<br>B",
    "https://deepart.io",
    "[rel](docs/a.pdf)",
    "[mail](mailto:a@b.c)",
    "\\|",
    "|",
    "\\",
    '{:target="_blank"}',
    '<a href="https://a.example/h">H</a>',
    "<small>x</small>",
    "Alice, Bob",
    "Alice and Bob",
    "Åsa (1/0)",
    "[volunteer/?holiday]",
    "TBD",
    "待补充",
    "(",
    ")",
    "[",
    "]",
    "javascript:alert(1)",
    "[j](javascript:alert(1))",
    "**",
    "__",
    "&nbsp;",
    "12:15–1:15 p.m.",
    "19:00-21:00",
]
DEFINITIONS = [
    "[1]: https://a.example/1",
    "[29]: ....",
    "[p]: ../icons/paper.png",
    "[m]: icons/mt.png",
    "[s1]: https://a.example/slides",
    "[group.forum]: https://a.example/forum",
]
PROSE = [
    "# Reading group 2019",
    "## Spring 2021",
    "### 2022-2023（秋）",
    "地點: Room 305 <br>",
    "Thursdays 19:00-21:00 (Asia/Taipei), Room.",
    "Links every paper needs: paper, slides.",
    "Group links: [forum][group.forum]",
    "No meeting on 2018-04-05 (holiday).",
    "---",
    "+++",
    'title: "A page"',
    "date: 2018-02-28",
    "Some prose with [a link](https://a.example/prose).",
    "",
]
MARKDOWN_CHARS = "|-:*_[]()!<>`\\#{}~ \n\t.,/0123456789aZ講"


@st.composite
def cells(draw: st.DrawFn, column: int) -> str:
    if column == 0 and draw(st.integers(0, 3)):
        return draw(st.sampled_from(DATES))
    parts = draw(st.lists(st.sampled_from(TEXT) | st.text(alphabet=MARKDOWN_CHARS, max_size=8), max_size=3))
    return " ".join(parts).replace("\n", " ")


@st.composite
def tables(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 6))
    header = [draw(st.sampled_from(HEADERS)) for _ in range(width)]
    if draw(st.integers(0, 3)):  # mostly schedule-like: a date column, then a title column
        header[0] = draw(st.sampled_from(["Date", "日期", "When", "", "날짜"]))
        if width > 1:
            header[1] = draw(st.sampled_from(["Paper", "Title", "論文", "Topic", "CNN", "What"]))
    lead = draw(st.sampled_from(["| ", ""]))
    lines = [
        lead + " | ".join(header) + " |",
        lead + " | ".join(["---"] * draw(st.integers(width - 1, width + 1))),
    ]
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(cells(column)) for column in range(draw(st.integers(max(width - 1, 1), width + 1)))]
        lines.append(lead + " | ".join(row) + draw(st.sampled_from([" |", ""])))
    return "\n".join(lines)


@st.composite
def built_pages(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(st.sampled_from(PROSE) | tables(), min_size=1, max_size=6))
    blocks += draw(st.lists(st.sampled_from(DEFINITIONS), max_size=4))
    return "\n\n".join(blocks) + "\n"


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    text = (CORPUS / f"{draw(st.sampled_from(pages()))}.md").read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 40)))
        text = text[:start] + draw(st.text(alphabet=MARKDOWN_CHARS, max_size=20)) + text[end:]
    return text


@st.composite
def csv_sheets(draw: st.DrawFn) -> str:
    header = ["Date", "Title", *draw(st.lists(st.sampled_from(HEADERS), max_size=4))]
    if not draw(st.integers(0, 3)):
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        row = [
            draw(st.sampled_from(DATES if i == 0 else DATES + TEXT)).replace(",", " ")
            for i in range(len(header))
        ]
        rows.append(",".join(f'"{value}"' if draw(st.booleans()) else value for value in row))
    return "\n".join(rows) + "\n"


OPTIONS = st.fixed_dictionaries(
    {
        "year": st.none() | st.sampled_from([2018, 2021]),
        "date_order": st.none() | st.sampled_from(["mdy", "dmy"]),
        "table": st.none() | st.sampled_from(["all", 1, 2]),
        "base_url": st.none() | st.just("https://a.example/base/"),
    }
)
