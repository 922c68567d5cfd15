"""Edits change exactly the intended lines, keep everything else byte for byte, and write safely."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import tempfile
import tomllib
from pathlib import Path

import pytest
from conftest import DATA, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from readgroup.editing import AppendTable, RemoveKey, SetValue, apply_changes, write_atomically
from readgroup.errors import WriteRefused
from readgroup.loader import load, parse

SHIPPED = DATA.read_text(encoding="utf-8")
RAW = tomllib.loads(SHIPPED)
PAPERS = len(RAW["papers"])


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines removed from `old` and added in `new`."""
    removed: list[str] = []
    added: list[str] = []
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
presenters = st.one_of(names, st.lists(names, min_size=2, max_size=3))
dates = st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31))
urls = st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9/]{1,20}", fullmatch=True)
kinds = st.sampled_from(["paper", "slides", "video", "code", "pytorch", "pytorch_video", "notes"])

one_change = st.one_of(
    st.builds(lambda i, v: SetValue(("papers", i, "presenter"), v), st.integers(0, PAPERS - 1), presenters),
    st.builds(lambda i, v: SetValue(("papers", i, "date"), v), st.integers(0, PAPERS - 1), dates),
    st.builds(
        lambda i, k, v: SetValue(("papers", i, "links", k), v), st.integers(0, PAPERS - 1), kinds, urls
    ),
    st.builds(lambda i, k: RemoveKey(("papers", i, "links", k)), st.integers(0, PAPERS - 1), kinds),
)


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(one_change, min_size=1, max_size=4, unique_by=lambda c: c.path))
def test_random_edits_touch_only_their_lines(changes: list[SetValue | RemoveKey]) -> None:
    new_text, new_raw = apply_changes(SHIPPED, RAW, list(changes))
    assert tomllib.loads(new_text) == new_raw
    removed, added = changed_lines(SHIPPED, new_text)
    keys = {str(change.path[-1]) for change in changes}
    for line in removed + added:
        key = line.split("=", 1)[0].strip()
        assert key in keys or line == "[papers.links]", line
    for change in changes:
        node = new_raw
        for part in change.path[:-1]:
            node = node[part]
        if isinstance(change, SetValue):
            assert node[change.path[-1]] == change.value
        else:
            assert change.path[-1] not in node


def test_a_value_edit_keeps_the_trailing_comment() -> None:
    new_text, _ = apply_changes(SHIPPED, RAW, [SetValue(("papers", 19, "date"), dt.date(2018, 7, 19))])
    removed, added = changed_lines(SHIPPED, new_text)
    assert removed == ["date = 2018-07-12             # last dated meeting"]
    assert added == ["date = 2018-07-19             # last dated meeting"]


def test_shapes_the_line_editor_does_not_place_fall_back_to_tomlkit() -> None:
    text = SHIPPED.replace(
        '[[papers]]\nid = "ssd"\ntitle = "SSD"\ntrack = "rcnn"\ndate = 2018-07-12             # last dated meeting\n'
        '[papers.links]\npaper = "https://arxiv.org/pdf/1512.02325.pdf"\ncode = "https://github.com/weiliu89/caffe/tree/ssd"\n',
        '[[papers]]\nid = "ssd"\ntitle = "SSD"\ntrack = "rcnn"\ndate = 2018-07-12\n'
        'links = { paper = "https://arxiv.org/pdf/1512.02325.pdf" }  # inline\n',
    )
    raw = tomllib.loads(text)
    new_text, new_raw = apply_changes(
        text, raw, [SetValue(("papers", 19, "links", "video"), "https://v.org/ssd")]
    )
    assert new_raw["papers"][19]["links"] == {
        "paper": "https://arxiv.org/pdf/1512.02325.pdf",
        "video": "https://v.org/ssd",
    }
    assert (
        "# inline" in new_text
        and "# ---------------------------------------------------------------- CNN" in new_text
    )


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.replace("\n", "\r\n").encode("utf-8"))
    result = invoke("--file", str(path), "assign", "lenet", "Alice")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") == SHIPPED.count("\n") + 1
    assert b'presenter = "Alice"\r\n' in data


def test_appending_the_first_skip_goes_above_the_papers_and_their_comment() -> None:
    text = SHIPPED.replace('[[skips]]\ndate = 2018-04-05\nreason = "Tomb-Sweeping Day holiday"\n', "")
    new_text, _ = apply_changes(
        text, tomllib.loads(text), [AppendTable("skips", {"date": dt.date(2018, 4, 5), "reason": "x"})]
    )
    block = new_text.index("[[skips]]")
    assert block < new_text.index("# ---------------------------------------------------------------- CNN")
    parse(new_text)


# -- writing ----------------------------------------------------------------------------------


def test_write_keeps_permissions_and_leaves_no_temporary_file(syllabus_copy: Path) -> None:
    os.chmod(syllabus_copy, 0o640)
    original = syllabus_copy.read_bytes()
    write_atomically(syllabus_copy, original + b"# more\n", original=original)
    assert syllabus_copy.read_bytes().endswith(b"# more\n")
    assert oct(syllabus_copy.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in syllabus_copy.parent.iterdir()) == ["papers.toml"]


def test_a_file_changed_underneath_is_not_overwritten(syllabus_copy: Path) -> None:
    loaded = load(syllabus_copy)
    syllabus_copy.write_text(SHIPPED + "# a colleague's edit\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="changed since it was read"):
        write_atomically(syllabus_copy, b"new", original=loaded.data)
    assert syllabus_copy.read_text(encoding="utf-8").endswith("# a colleague's edit\n")


def test_cli_refuses_with_exit_4_when_the_file_changes_during_the_edit(
    syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readgroup.editing as editing

    real = editing.apply_changes

    def meddle(*args, **kwargs):  # type: ignore[no-untyped-def]
        syllabus_copy.write_text(SHIPPED + "# someone else\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(editing, "apply_changes", meddle)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4
    assert "changed since it was read" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED + "# someone else\n"


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("tempfile.mkstemp", errno.EACCES),  # permission denied on the folder (CI runs as root)
        ("os.fsync", errno.EIO),
        ("os.chmod", errno.EPERM),
        ("os.replace", errno.EACCES),
        ("os.fdopen", errno.ENOSPC),
    ],
)
def test_an_interrupted_write_leaves_the_original(
    syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: int
) -> None:

    module, name = target.split(".")
    owner = {"os": os, "tempfile": tempfile}[module]
    real = getattr(owner, name)
    calls = []

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        if name == "fsync" and len(calls) > 1:
            return real(*args, **kwargs)
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(owner, name, broken)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4, result.output
    assert os.strerror(error) in result.stderr and "the file is unchanged" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    assert sorted(p.name for p in syllabus_copy.parent.iterdir()) == ["papers.toml"]


def test_disk_full_while_writing(syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, descriptor: int, mode: str) -> None:
            self.stream = real_fdopen(descriptor, mode)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])  # half of it reached the disk
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", FullDisk)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4
    assert "No space left on device" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    assert sorted(p.name for p in syllabus_copy.parent.iterdir()) == ["papers.toml"]


def test_nothing_changes_means_no_write(syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice").exit_code == 0
    import readgroup.editing as editing

    monkeypatch.setattr(editing, "write_atomically", lambda *a, **k: pytest.fail("wrote"))
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 0 and "Nothing to change" in result.stderr
    result = invoke(
        "--file",
        str(syllabus_copy),
        "set-link",
        "lenet",
        "paper",
        "http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf",
    )
    assert result.exit_code == 0 and "Nothing to change" in result.stderr


def test_dry_run_prints_a_diff_and_writes_nothing(syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(syllabus_copy.parent.parent)
    where = f"{syllabus_copy.parent.name}/papers.toml"  # relative to the current folder
    result = invoke("--file", where, "set-link", "vggnet", "video", "https://youtu.be/abc", "--dry-run")
    assert result.exit_code == 0, result.output
    assert '+video = "https://youtu.be/abc"' in result.stdout
    assert result.stdout.startswith(f"--- a/{where}\n+++ b/{where}\n")
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED


def test_an_edit_that_would_break_the_file_is_refused(syllabus_copy: Path) -> None:
    result = invoke("--file", str(syllabus_copy), "skip", "2018-06-14", "--reason", "x")
    assert result.exit_code == 2 and "SPPNet meets on 2018-06-14; add --shift" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
