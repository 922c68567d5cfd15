"""The published page as a person sees it: opened in headless Chromium (Debian's `chromium`).

Screenshots at phone and desktop widths go to the pytest tmp folder and, when
$READGROUP_SCREENSHOTS is set, to that folder too, to be looked at. Skipped, and said so,
when no Chromium is installed (`.ci/run` installs it where apt-get is available).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, invoke

from readgroup.loader import parse

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="browser tests skipped: no headless Chromium (apt-get install chromium; .ci/run does it where apt works)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
SIZES = {"phone": (390, 6400), "desktop": (1280, 3600)}  # tall enough for the whole page


def chromium(profile: Path, *args: str) -> str:
    assert BROWSER is not None
    result = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    syllabus = folder / "papers.toml"
    shutil.copyfile(DATA, syllabus)
    for paper, names in (("lenet", ["Alice"]), ("nin", ["Bob", "Alice"]), ("ssd", ["陳小明"])):
        assert invoke("--file", str(syllabus), "assign", paper, *names).exit_code == 0
    result = invoke("--file", str(syllabus), "--today", "2018-03-20", "publish", str(folder / "site"))
    assert result.exit_code == 0, result.output
    return folder / "site"


class Page(HTMLParser):
    """What a reader finds in the rendered DOM: titles, links, the next-session marker."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.titles: list[str] = []
        self.current: list[str] = []  # ids of elements with aria-current
        self.text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
        if "aria-current" in found:
            self.current.append(str(found.get("id")))
        if tag == "h3":
            self._in_title = True
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.titles[-1] += data


def test_the_rendered_page_has_every_paper_and_link_and_marks_the_next_session(
    site: Path, tmp_path: Path
) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", (site / "index.html").as_uri())
    page = Page()
    page.feed(dom)
    syllabus = parse(DATA.read_text(encoding="utf-8"))
    titles = [title.split(" · ")[0].strip() for title in page.titles]
    for paper in syllabus.papers:
        assert paper.title in titles, paper.title
        for url in paper.links.present().values():
            assert url in page.hrefs, url
    for url in syllabus.group.links.values():
        assert url in page.hrefs
    assert page.current == ["session-nin"]  # the next session, as of 2018-03-20
    text = " ".join(" ".join(page.text).split())
    assert "Next meeting Thursday 22 March 2018, 19:00–21:00 (Asia/Taipei)" in text
    assert "No meeting: Tomb-Sweeping Day holiday" in text
    assert "no slides yet" in text and "Presented by Bob, Alice" in text
    assert "PyTorch video" in page.text and "pytorch_video" not in text  # labels for people
    assert "Date to be decided" in text
    assert {"members/alice.ics", "members/bob.ics", "members/陳小明.ics", "calendar.ics"} <= set(page.hrefs)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_at_phone_and_desktop_widths(site: Path, tmp_path: Path) -> None:
    folders = [tmp_path / "screenshots"]
    if os.environ.get("READGROUP_SCREENSHOTS"):
        folders.append(Path(os.environ["READGROUP_SCREENSHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        shot = folders[0] / f"index-{name}.png"
        chromium(
            tmp_path / "profile",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            (site / "index.html").as_uri(),
        )
        assert _png_size(shot) == (width, height)
        for extra in folders[1:]:
            shutil.copyfile(shot, extra / shot.name)


def test_nothing_overflows_a_phone_screen(site: Path, tmp_path: Path) -> None:
    """Chromium will not make a window narrower than 500 px, so the page is laid out in a
    360-px frame and the frame's scroll width is compared with its width (no sideways scroll)."""
    probe = site.parent / "probe.html"
    probe.write_text(
        '<!doctype html><body style="margin:0">'
        '<iframe id="f" src="site/index.html" style="width:360px;height:900px;border:0"></iframe>'
        '<script>document.getElementById("f").addEventListener("load", function () {'
        "var d = this.contentDocument.documentElement;"
        'document.body.setAttribute("data-widths", d.clientWidth + " " + d.scrollWidth);});'
        "</script></body>",
        encoding="utf-8",
    )
    dom = chromium(tmp_path / "profile", "--allow-file-access-from-files", "--dump-dom", probe.as_uri())
    marker = dom.split('data-widths="', 1)[1].split('"', 1)[0]
    client, scroll = (int(part) for part in marker.split())
    assert client <= 360 and scroll <= client, f"the page is {scroll} px wide in a {client} px screen"


def test_the_page_prints(site: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "index.pdf"
    chromium(
        tmp_path / "profile",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        (site / "index.html").as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2
