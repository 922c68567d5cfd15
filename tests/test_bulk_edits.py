"""Edits that touch many tables (remove, skip --shift, reschedule) write exactly the bytes
they wrote before they were made fast: each result (the file, the notes, the --dry-run diff) is
pinned by its SHA-256 in tests/data/bulk_edits.json, recorded from the whole-file editor.

Regenerate (only when an output change is intended): READGROUP_RECORD=1 pytest tests/test_bulk_edits.py
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, generated, invoke

GOLDEN = Path(__file__).resolve().parent / "data" / "bulk_edits.json"


def commented(papers: int) -> str:
    """A generated syllabus written the ways leads write: comments above headers and after
    values, blocks without a blank line between them, a multi-line presenter list."""
    text = generated(papers)
    count = iter(range(10**6))

    def header(match: re.Match[str]) -> str:
        n = next(count)
        above = f"# week note {n}\n" if n % 5 == 0 else ""
        return f"{above}{match.group()}"

    text = re.sub(r"^\[\[(?:papers|skips)\]\]\n", header, text, flags=re.MULTILINE)
    text = re.sub(
        r"^(date = \d{4}-\d\d-\d\d)\n",
        lambda m: f"{m[1]}   # moved? {len(m[1])}\n",
        text,
        count=9,
        flags=re.MULTILINE,
    )
    text = text.replace(
        'code = "https://host3.example.org/code/3"\n\n',
        'code = "https://host3.example.org/code/3"\n# after the last key\n\n',
    )
    text = text.replace(
        'video = "https://host5.example.org/video/25"\n\n', 'video = "https://host5.example.org/video/25"\n'
    )
    text = text.replace(
        'presenter = "Member 0"\n', 'presenter = [\n  "Member 0",  # lead\n  "Member 1",\n]\n', 1
    )
    return text


FILES = {
    "shipped": lambda: DATA.read_text(encoding="utf-8"),
    "generated": lambda: generated(150),
    "commented": lambda: commented(150),
    "commented-crlf": lambda: commented(60).replace("\n", "\r\n"),
}

COMMANDS = {
    "shipped": [
        ["remove", "zfnet", "--yes"],
        ["remove", "lenet", "--yes"],
        ["remove", "yolo-v3", "--yes"],
        ["skip", "2018-05-03", "--reason", "Holiday", "--shift"],
        ["reschedule", "--start", "2019-03-07"],
        ["reschedule", "--start", "2019-03-07", "--skip", "2019-04-04"],
        ["reschedule", "--start", "2019-03-07", "--keep-presenters", "--keep-skips"],
        ["reschedule", "--start", "2019-09-03", "--weekday", "tue"],
    ],
    "generated": [
        ["remove", "paper-75", "--yes"],
        ["skip", "{date75}", "--reason", "Holiday", "--shift"],
        ["reschedule", "--start", "2031-01-01"],
    ],
    "commented": [
        ["remove", "paper-75", "--yes"],
        ["remove", "paper-0", "--yes"],
        ["remove", "paper-149", "--yes"],
        ["skip", "{date75}", "--reason", "Holiday", "--shift"],
        ["skip", "2018-03-15", "--reason", "Holiday", "--shift"],
        ["reschedule", "--start", "2031-01-01"],
        ["reschedule", "--start", "2031-01-01", "--keep-presenters", "--keep-skips", "--skip", "2031-02-06"],
        ["reschedule", "--start", "2031-01-01", "--weekday", "friday"],
    ],
    "commented-crlf": [
        ["remove", "paper-30", "--yes"],
        ["skip", "{date30}", "--reason", "Holiday", "--shift"],
        ["reschedule", "--start", "2031-01-01"],
    ],
}

CASES = [(name, command) for name, commands in COMMANDS.items() for command in commands]


def _date_of(text: str, paper: str) -> str:
    block = text[text.index(f'id = "{paper}"') :]
    return re.search(r"^date = (\S+)", block, re.MULTILINE)[1]  # type: ignore[index]


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _outcome(tmp_path: Path, name: str, command: list[str]) -> dict[str, object]:
    text = FILES[name]()
    args = [
        part.format(
            date75=_date_of(text, "paper-75") if "paper-75" in text else "",
            date30=_date_of(text, "paper-30") if "paper-30" in text else "",
        )
        for part in command
    ]
    path = tmp_path / "papers.toml"
    path.write_bytes(text.encode("utf-8"))
    dry = invoke("--file", str(path), *[a for a in args if a != "--yes"], "--dry-run")
    assert path.read_bytes() == text.encode("utf-8"), "a dry run wrote the file"
    result = invoke("--file", str(path), *args)
    notes = [
        line.replace(str(path), "PATH")
        for line in result.stderr.splitlines()
        if line.startswith(("note:", "warning:"))
    ]
    return {
        "exit": [dry.exit_code, result.exit_code],
        "file": _sha(path.read_bytes()),
        "dry_run": _sha(dry.stdout.replace(str(path).lstrip("/"), "PATH")),
        "notes": notes,
    }


def _key(name: str, command: list[str]) -> str:
    return f"{name}: {' '.join(command)}"


@pytest.mark.parametrize(("name", "command"), CASES, ids=[_key(n, c) for n, c in CASES])
def test_bulk_edits_write_the_same_bytes_as_before(tmp_path: Path, name: str, command: list[str]) -> None:
    outcome = _outcome(tmp_path, name, command)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("READGROUP_RECORD"):
        golden[_key(name, command)] = outcome
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert outcome["exit"] == [0, 0]
    assert outcome == golden[_key(name, command)]


def test_the_dry_run_diff_is_the_written_change(tmp_path: Path) -> None:
    """--dry-run of a reschedule prints exactly the change the edit then writes."""
    import subprocess

    path = tmp_path / "papers.toml"
    shutil.copyfile(DATA, path)
    before = path.read_text(encoding="utf-8")
    dry = invoke("--file", str(path), "reschedule", "--start", "2019-03-07", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert path.read_text(encoding="utf-8") == before
    patch = tmp_path / "change.diff"
    patch.write_text(dry.stdout.replace(str(path).lstrip("/"), "papers.toml"), encoding="utf-8")
    result = invoke("--file", str(path), "reschedule", "--start", "2019-03-07")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    path.write_text(before, encoding="utf-8")
    applied = subprocess.run(
        ["patch", "-p1", "-s", "-i", str(patch)], cwd=tmp_path, capture_output=True, text=True
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert path.read_text(encoding="utf-8") == after


def test_bulk_edits_take_the_one_pass_editor_and_match_the_whole_file_editor() -> None:
    """remove, skip --shift and reschedule on a large commented file go through `bulk`, and
    its text and notes are the whole-file line editor's."""
    import datetime as dt
    import tomllib

    from readgroup import textedit
    from readgroup.bulk import edit_bulk
    from readgroup.changes import RemoveTable, expected_data
    from readgroup.loader import parse
    from readgroup.plans import reschedule, skip

    text = commented(150)
    raw = tomllib.loads(text)
    syllabus = parse(text)
    plans = [
        [RemoveTable("papers", 75)],
        skip(syllabus, dt.date.fromisoformat(_date_of(text, "paper-75")), "Holiday", shift=True)[0],
        reschedule(syllabus, dt.date(2031, 1, 1), keep_presenters=True)[0],
    ]
    for changes in plans:
        fast: list[str] = []
        new = edit_bulk(text, raw, expected_data(raw, changes), changes, textedit.edit_lines, fast)
        assert new is not None
        whole: list[str] = []
        assert new == textedit._edit_lines(text, changes, whole)  # noqa: SLF001
        assert fast == whole


def test_a_bulk_edit_with_a_bad_value_is_refused_with_its_line(tmp_path: Path) -> None:
    import datetime as dt

    from readgroup.changes import SetValue
    from readgroup.editing import save_edit
    from readgroup.errors import WriteRefused
    from readgroup.loader import load

    path = tmp_path / "papers.toml"
    path.write_text(generated(150), encoding="utf-8")
    loaded = load(path)
    changes = [SetValue(("papers", i, "date"), dt.date(2030, 1, 3)) for i in range(100)]
    changes.append(SetValue(("papers", 120, "date"), dt.date(3001, 1, 1)))
    with pytest.raises(WriteRefused) as refused:
        save_edit(loaded, changes)  # type: ignore[arg-type]
    assert "papers[120].date" in refused.value.message and "out of range" in refused.value.message
    assert path.read_text(encoding="utf-8") == generated(150)
