"""Edits lose nothing: one writer at a time, another program's change is never overwritten,
symlinks, owner and mode survive, read-only files are refused, killed runs leave nothing
that accumulates, comments in a replaced value are kept, and nothing changes means no write."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import DATA, invoke

import readgroup.filelock as filelock
from readgroup.editing import write_atomically
from readgroup.errors import WriteRefused

SHIPPED = DATA.read_text(encoding="utf-8")
SCRIPT = Path(sys.executable).with_name("readgroup")
ROOT = os.geteuid() == 0


def folder_names(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# -- one writer at a time ---------------------------------------------------------------------


def test_a_second_writer_waits_for_the_first_and_never_overwrites_it(
    syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writer A pauses between its check and its rename (the window where 5 in 100 pairs lost
    a change). B, started from the same original, must not get through in that window."""
    original = syllabus_copy.read_bytes()
    in_window, b_finished = threading.Event(), threading.Event()
    real_replace = os.replace
    a_thread: list[threading.Thread] = []

    def slow_replace(source: str, target: object) -> None:
        if threading.current_thread() in a_thread:
            in_window.set()
            b_finished.wait(timeout=1.0)  # without a lock, B writes during this wait
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", slow_replace)
    outcome: dict[str, object] = {}

    def writer(name: str, data: bytes) -> None:
        try:
            write_atomically(syllabus_copy, data, original=original)
            outcome[name] = "written"
        except WriteRefused as exc:
            outcome[name] = exc.message
        finally:
            if name == "b":
                b_finished.set()

    a = threading.Thread(target=writer, args=("a", original + b"# A\n"))
    a_thread.append(a)
    a.start()
    assert in_window.wait(timeout=10)
    b = threading.Thread(target=writer, args=("b", original + b"# B\n"))
    b.start()
    a.join(timeout=20)
    b.join(timeout=20)
    assert outcome["a"] == "written"
    assert "changed since it was read" in str(outcome["b"])
    assert syllabus_copy.read_bytes() == original + b"# A\n"
    assert folder_names(syllabus_copy) == ["papers.toml"]


def test_an_edit_is_refused_with_exit_4_while_another_holds_the_lock(
    syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filelock, "WAIT_SECONDS", 0.2)
    with filelock.locked(syllabus_copy):
        assert (syllabus_copy.parent / "papers.toml.lock").exists()
        result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4, result.output
    assert "is being changed by another readgroup command" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    assert folder_names(syllabus_copy) == ["papers.toml"]  # the lock file goes with the lock


def test_another_programs_change_during_the_write_is_detected(
    syllabus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that ignores our lock saves while the new copy is being flushed."""
    real_fsync = os.fsync

    def other_program_saves(descriptor: int) -> None:
        real_fsync(descriptor)
        if not syllabus_copy.read_text(encoding="utf-8").endswith("# theirs\n"):
            with open(syllabus_copy, "a", encoding="utf-8") as stream:
                stream.write("# theirs\n")

    monkeypatch.setattr(os, "fsync", other_program_saves)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4, result.output
    assert "changed since it was read" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED + "# theirs\n"
    assert folder_names(syllabus_copy) == ["papers.toml"]


# -- what the file is --------------------------------------------------------------------------


def test_a_symlinked_syllabus_stays_a_symlink_and_its_target_gets_the_edit(tmp_path: Path) -> None:
    real = tmp_path / "repo" / "papers.toml"
    real.parent.mkdir()
    real.write_text(SHIPPED, encoding="utf-8")
    link = tmp_path / "papers.toml"
    link.symlink_to(real)
    result = invoke("--file", str(link), "assign", "lenet", "Alice")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert 'presenter = "Alice"' in real.read_text(encoding="utf-8")
    assert sorted(p.name for p in real.parent.iterdir()) == ["papers.toml"]


@pytest.mark.skipif(not ROOT, reason="giving a file to another owner needs root")
def test_owner_group_and_mode_are_kept(syllabus_copy: Path) -> None:
    os.chown(syllabus_copy, 65534, 65534)
    os.chmod(syllabus_copy, 0o640)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 0, result.output
    info = syllabus_copy.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    assert 'presenter = "Alice"' in syllabus_copy.read_text(encoding="utf-8")


def test_a_read_only_file_is_refused_even_for_root(syllabus_copy: Path) -> None:
    os.chmod(syllabus_copy, 0o444)
    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 4, result.output
    assert "is read-only (mode 0444); nothing was written" in result.stderr
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
    assert stat.S_IMODE(syllabus_copy.stat().st_mode) == 0o444


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1", "HOME": str(cwd)}
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(SCRIPT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder another user can reach (pytest's own tmp folders are private to root)."""
    if not ROOT or not Path("/usr/bin/setpriv").exists():
        pytest.skip("needs root and setpriv to run as a less privileged user")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="readgroup-shared-"))
    os.chmod(folder, 0o755)
    if _as_nobody("--version", cwd=folder).returncode != 0:
        pytest.skip("the installed script cannot run as nobody here")
    yield folder
    import shutil

    shutil.rmtree(folder)


def test_as_another_user_a_file_it_may_not_write_is_refused(shared_folder: Path) -> None:
    os.chmod(shared_folder, 0o777)  # the folder is open, so a rename would go through
    target = shared_folder / "papers.toml"
    target.write_text(SHIPPED, encoding="utf-8")
    os.chmod(target, 0o644)  # root's file, readable by all, writable by root only
    result = _as_nobody("--file", str(target), "assign", "lenet", "Alice", cwd=shared_folder)
    assert result.returncode == 4, result.stderr
    assert "is not writable for you (mode 0644)" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == SHIPPED and target.stat().st_uid == 0
    assert sorted(p.name for p in shared_folder.iterdir()) == ["papers.toml"]


def test_as_another_user_a_folder_it_may_not_write_is_refused(shared_folder: Path) -> None:
    target = shared_folder / "papers.toml"
    target.write_text(SHIPPED, encoding="utf-8")
    os.chmod(target, 0o666)  # the file is writable, the folder (0755, root's) is not
    result = _as_nobody("--file", str(target), "assign", "lenet", "Alice", cwd=shared_folder)
    assert result.returncode == 4, result.stderr
    assert "cannot lock" in result.stderr and "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == SHIPPED


# -- killed runs -----------------------------------------------------------------------------

_KILLED = """
import os, signal, sys
from pathlib import Path
from readgroup.editing import save_edit
from readgroup.loader import load
from readgroup.plans import assign

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

os.replace = die  # killed just before the rename: the temporary file and the lock file stay
loaded = load(Path(sys.argv[1]))
paper = next(p for p in loaded.syllabus.papers if p.id == "lenet")
save_edit(loaded, assign(loaded.syllabus, paper, ["Killed"]))
"""


def test_a_killed_edit_leaves_nothing_that_accumulates(syllabus_copy: Path) -> None:
    for _ in range(2):
        killed = subprocess.run([sys.executable, "-c", _KILLED, str(syllabus_copy)], timeout=60)
        assert killed.returncode == -signal.SIGKILL
    strays = [name for name in folder_names(syllabus_copy) if name != "papers.toml"]
    assert "papers.toml.lock" in strays
    temporaries = [name for name in strays if name.endswith(".readgroup-tmp")]
    # One, not two: the second killed run already removed what the first one left.
    assert len(temporaries) == 1 and temporaries[0].startswith(".papers.toml.")
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED  # the original is whole

    result = invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice")
    assert result.exit_code == 0, result.output  # a stale lock file does not block the next edit
    assert folder_names(syllabus_copy) == ["papers.toml"]
    assert 'presenter = "Alice"' in syllabus_copy.read_text(encoding="utf-8")


def test_only_our_own_stale_temporaries_are_removed(syllabus_copy: Path) -> None:
    folder = syllabus_copy.parent
    ours = folder / ".papers.toml.abcd1234.readgroup-tmp"
    others = [
        folder / ".papers.toml.x.abcd1234.readgroup-tmp",  # belongs to papers.toml.x
        folder / ".papers.toml.notes.tmp",  # someone else's
        folder / "papers.toml.bak",
    ]
    for path in [ours, *others]:
        path.write_text("left over", encoding="utf-8")
    assert invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice").exit_code == 0
    assert not ours.exists() and all(path.exists() for path in others)


# -- comments and no-ops ---------------------------------------------------------------------


def test_comments_inside_a_replaced_multi_line_value_are_kept(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited(
        'id = "lenet"\ntitle = "LeNet"\n',
        'id = "lenet"\ntitle = "LeNet"\npresenter = [\n    "Alice",  # swapped with Bob on 3/01\n'
        '    "Bob",\n]  # co-presenters\n',
    )
    result = invoke("--file", str(path), "assign", "lenet", "Carol")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert '# swapped with Bob on 3/01\n# co-presenters\npresenter = "Carol"\n' in text
    assert "note: papers[0].presenter: kept 2 comment(s) of the old value" in result.stderr


def test_removing_a_value_says_which_comment_goes_with_it(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited(
        'code = "http://yann.lecun.com/exdb/lenet/index.html"',
        'code = "http://yann.lecun.com/exdb/lenet/index.html#top"  # the demo page',
    )
    result = invoke("--file", str(path), "set-link", "lenet", "code", "--remove")
    assert result.exit_code == 0, result.output
    assert "lenet/index.html" not in path.read_text(encoding="utf-8")
    assert "note: papers[0].links.code: the edit drops the comment '# the demo page'" in result.stderr


def test_the_same_value_written_another_way_is_not_a_change(edited) -> None:  # type: ignore[no-untyped-def]
    from readgroup.editing import SetValue, save_edit
    from readgroup.loader import load

    path = edited('id = "lenet"\ntitle = "LeNet"\n', "id = \"lenet\"\ntitle = \"LeNet\"\npresenter = 'Alice'\n")
    before = path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns
    result = save_edit(load(path), [SetValue(("papers", 0, "presenter"), "Alice")])
    assert not result.changed and not result.written
    assert (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns) == before
    assert folder_names(path) == ["papers.toml"]  # not even a lock file was made
    cli = invoke("--file", str(path), "assign", "lenet", "Alice")
    assert cli.exit_code == 0 and "Nothing to change; the file is untouched." in cli.stderr
    assert (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("papers", 0, "links", "video"), "not a url", "papers[0].links.video: not a web address"),
        (("papers", 1, "id"), "lenet", "papers[1].id: duplicate paper id 'lenet'"),
        (("group", "weekday"), "someday", "group.weekday: 'someday' is not one of"),
    ],
)
def test_an_edit_that_breaks_the_touched_table_or_the_whole_is_refused(
    syllabus_copy: Path, path: tuple[str | int, ...], value: str, message: str
) -> None:
    """Only the touched tables go through the models again; the problems still come out whole."""
    from readgroup.editing import SetValue, save_edit
    from readgroup.loader import load

    with pytest.raises(WriteRefused) as refused:
        save_edit(load(syllabus_copy), [SetValue(path, value)])
    assert "the edited file would not be valid; nothing was written" in refused.value.message
    assert message in refused.value.message and f"{syllabus_copy}:" in refused.value.message
    assert syllabus_copy.read_text(encoding="utf-8") == SHIPPED
