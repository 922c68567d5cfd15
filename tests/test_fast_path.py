"""The fast path (readgroup.fast) against Typer: same bytes out, same exit code, or it hands over.

Every case runs the installed script twice: with READGROUP_FASTPATH=off (Typer, which also
writes the snapshot) and with =require (the fast path, where a hand-over exits 70). A case the
fast path should answer must give the same stdout, stderr and exit code; a case it should hand
over must exit 70, and then the ordinary run (fast path on) must still equal Typer's.
"""

from __future__ import annotations

import json
import marshal
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from conftest import DATA, generated

from readgroup import snapshot
from readgroup.cli import app
from readgroup.cli.declared import source
from readgroup.fast import REQUIRE_EXIT

SCRIPT = Path(sys.executable).with_name("readgroup")
ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "readgroup" / "fast" / "table.py"
Result = tuple[str, str, int]


def run(args: list[str], cwd: Path, mode: str = "", env: dict[str, str] | None = None) -> Result:
    base = {k: v for k, v in os.environ.items() if k not in ("READGROUP_FILE", "READGROUP_TODAY")}
    base.update({"NO_COLOR": "1", "COLUMNS": "120", "READGROUP_FASTPATH": mode, **(env or {})})
    done = subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=base, capture_output=True, text=True, timeout=120
    )
    return done.stdout, done.stderr, done.returncode


HEAD = (
    '[group]\nname = "Club [bold]x[/bold]"\ntimezone = "Europe/Paris"\nweekday = "monday"\n'
    'start_time = 18:30:00\nend_time = 20:00:00\nvenue = "Salle 2, étage"\n'
    'required = ["paper", "slides"]\n[group.links]\nforum = "https://forum.example.org/"\n'
    '[[tracks]]\nid = "a"\nname = "Alpha"\n[[tracks]]\nid = "b"\nname = "Béta"\n'
    '[[skips]]\ndate = 2030-01-14\nreason = "Holiday"\n'
    '[[members]]\nname = "Ann"\n[[members]]\nname = "Bo"\n'
)
LOCAL = HEAD + (
    '[[papers]]\nid = "x"\ntitle = "X net"\nfull_title = "The X network"\ntrack = "a"\ndate = 2030-01-07\n'
    'presenter = ["Ann", "Bo"]\n[papers.links]\npaper = "https://example.org/x.pdf"\nvideo = "...."\n'
    '[[papers]]\nid = "y"\ntitle = "Y [bold]net[/bold]"\ntrack = "b"\ndate = 2030-01-21\npresenter = "Bo"\n'
    '[[papers]]\nid = "z"\ntitle = ":smile: Z"\ntrack = "a"\ndate = 2030-01-21\nrequired = ["code"]\n'
    '[[papers]]\nid = "w"\ntitle = "W 網路"\ntrack = "b"\ndate = "TBD"\n'
    '[papers.links]\nslides = "https://example.org/w"\n'
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fast")
    (root / "empty-folder").mkdir()
    (root / "local" / "data").mkdir(parents=True)
    (root / "local" / "data" / "papers.toml").write_text(LOCAL, encoding="utf-8")
    (root / "big.toml").write_text(generated(800), encoding="utf-8")
    (root / "none.toml").write_text(HEAD, encoding="utf-8")
    (root / "copy.toml").write_bytes(DATA.read_bytes())
    return {"root": root}


REPORTS = [
    ["next"],
    ["next", "--json"],
    ["schedule", "--json"],
    ["missing", "--json"],
    ["progress", "--json"],
    ["assignments", "--json"],
]
# (arguments, extra environment, whether the fast path answers)
SHIPPED = [
    *[([*args, "--today", day], {}, True) for args in REPORTS for day in ("2018-03-20", "2019-01-01")],
    (["next", "--today", "2018-03-22T20:59"], {}, True),
    (["next", "--today", "2018-03-22T21:00", "--json"], {}, True),
    (["--today", "2018-01-01", "next"], {}, True),
    (["--today", "2018-01-01", "next", "--today", "2018-05-01", "--no-color"], {}, True),
    (["next", "--json"], {"READGROUP_TODAY": "2018-04-01"}, True),
    (["next", "--json", "--today", "2018-06-01"], {"READGROUP_TODAY": "2018-04-01"}, True),
    (["next", "--json"], {"READGROUP_TODAY": " "}, True),
    (["next"], {"READGROUP_TODAY": "someday"}, False),
    (["next", "--today", "2018-13-01"], {}, False),
    (["next", "--today="], {}, False),
    (["schedule", "--json", "--track", "rcnn"], {}, True),
    (["schedule", "--json", "-t", "cnn"], {}, True),
    (["schedule", "--json", "--track=cnm"], {}, False),
    (["schedule"], {}, False),
    (["missing", "--json", "--kind", "slides,video", "--upcoming", "--today", "2018-04-01"], {}, True),
    (["missing", "--json", "-k", "Video", "-k", "code", "--past", "--today", "2018-04-01"], {}, True),
    (["missing", "--json", "--track", "cnn", "--check"], {}, True),
    (["missing", "--json", "--kind", "slide"], {}, False),
    (["missing", "--json", "--upcoming", "--past"], {}, False),
    (["missing", "--check"], {}, False),
    (["assignments", "--json", "--member", "Mallory", "--weeks", "2", "--today", "2018-03-01"], {}, True),
    (["assignments", "--json", "-w", "0"], {}, False),
    (["assignments", "--json", "--weeks", "x"], {}, False),
    (["show", "lenet"], {}, True),
    (["show", "lenet", "--json"], {}, True),
    (["show", "--json", "Fast R-CNN"], {}, True),
    (["show", "yolo-v3"], {}, True),
    (["show", "lenat"], {}, False),
    (["show"], {}, False),
    (["show", "lenet", "alexnet"], {}, False),
    (["progress", "--json", "--today", "2018-05-01", "--no-color"], {}, True),
    (["progress"], {}, False),
    (["next", "--today", "2018-03-20"], {"FORCE_COLOR": "1"}, False),  # Rich writes colour codes
    (["show", "lenet"], {"TTY_COMPATIBLE": "1"}, False),
    (["show", "lenet", "--json"], {"FORCE_COLOR": "1"}, True),
    (["next", "--help"], {}, False),
    (["-h"], {}, False),
    ([], {}, False),
    (["--version"], {}, False),
    (["next", "--bogus"], {}, False),
    (["next", "--json=1"], {}, False),
    (["validate"], {}, False),
    (["next", "--", "x"], {}, False),
]
LOCAL_CASES = [
    *[([*args, "--today", day], {}, True) for args in REPORTS for day in ("2030-01-07", "2031-01-01")],
    (["next", "--today", "2030-01-07T19:00"], {}, True),
    (["next", "--today", "2030-01-08"], {}, False),  # title with [bold]: Rich renders it
    (["show", "x"], {}, True),
    (["show", "w"], {}, True),
    (["show", "z"], {}, False),  # :smile: is an emoji code for Rich
    (["show", "y", "--json"], {}, True),
    (["show", "z", "--json"], {}, True),
    (["missing", "--json", "--kind", "code"], {}, True),
    (["assignments", "--json", "--member", "Bo", "--today", "2030-01-01"], {}, True),
    # From main: days without a meeting, the forum, the member the user says they are, --all.
    (["next", "--json", "--today", "2030-01-08"], {}, True),
    (["next", "--json", "--today", "2030-01-15"], {}, True),
    (["next", "--json", "--today", "2030-01-01"], {"READGROUP_MEMBER": "bo"}, True),
    (["next", "--today", "2030-01-01"], {"READGROUP_MEMBER": "Ann"}, True),
    (["next", "--today", "2030-01-01"], {"READGROUP_MEMBER": "Anne"}, False),  # Typer warns
    (["next", "--today", "2030-01-01"], {"READGROUP_MEMBER": " "}, True),
    (["assignments", "--json", "--member", "bo", "--all", "--today", "2030-01-01"], {}, True),
    (["assignments", "--json", "-a", "--today", "2030-01-01"], {"READGROUP_MEMBER": "Bo"}, True),
    (["assignments", "--json", "--today", "2030-01-01"], {"READGROUP_MEMBER": "Bo"}, True),
    (["assignments", "--json", "--today", "2030-01-01"], {"READGROUP_MEMBER": "Bob"}, False),
    (["assignments", "--json", "--member", "Bob"], {}, False),
    (["missing", "--json", "--within", "14d"], {}, False),
    (["missing", "--json", "data/papers.toml"], {}, False),
]


def _same_links(result: Result) -> Result:
    """Rich numbers each terminal hyperlink at random (id=...): the one byte that may differ."""
    out, err, code = result
    return re.sub(r"\x1b]8;id=\d+;", "\x1b]8;id=N;", out), err, code


def check(args: list[str], cwd: Path, env: dict[str, str], fast: bool) -> None:
    typer_run = run(args, cwd, "off", env)
    fast_run = run(args, cwd, "require", env)
    if fast:
        assert fast_run == typer_run, f"fast path differs for {args} {env}"
    else:
        assert fast_run[2] == REQUIRE_EXIT, f"fast path answered {args} {env}: {fast_run}"
        assert _same_links(run(args, cwd, "", env)) == _same_links(typer_run)


@pytest.mark.parametrize(("args", "env", "fast"), SHIPPED, ids=[" ".join(c[0]) + str(c[1]) for c in SHIPPED])
def test_the_shipped_example_from_any_folder(
    files: dict[str, Path], args: list[str], env: dict[str, str], fast: bool
) -> None:
    check(args, files["root"] / "empty-folder", env, fast)


@pytest.mark.parametrize(("args", "env", "fast"), LOCAL_CASES, ids=[" ".join(c[0]) for c in LOCAL_CASES])
def test_the_folders_own_file_with_odd_text(
    files: dict[str, Path], args: list[str], env: dict[str, str], fast: bool
) -> None:
    check(args, files["root"] / "local", env, fast)


@pytest.mark.parametrize(
    "how", ["flag before", "flag after", "short flag", "environment", "flag over environment"]
)
@pytest.mark.parametrize("name", ["big.toml", "none.toml"])
@pytest.mark.parametrize(
    "args", [["schedule", "--json"], ["next", "--today", "2020-06-01"], ["progress", "--json"]]
)
def test_other_files_by_flag_or_environment(
    files: dict[str, Path], how: str, name: str, args: list[str]
) -> None:
    path = str(files["root"] / name)
    other = str(files["root"] / "copy.toml")
    placed = {
        "flag before": (["--file", path, *args], {}),
        "flag after": ([*args, f"--file={path}"], {}),
        "short flag": ([*args, "-f", path], {}),
        "environment": (args, {"READGROUP_FILE": path}),
        "flag over environment": ([*args, "--file", path], {"READGROUP_FILE": other}),
    }
    command, env = placed[how]
    check(command, files["root"] / "local", env, True)


OWN_KINDS = HEAD.replace(
    'required = ["paper", "slides"]', 'required = ["paper", "colab"]\nlink_kinds = ["colab"]'
) + (
    '[[papers]]\nid = "x"\ntitle = "X"\ntrack = "a"\ndate = 2030-01-07\n'
    '[papers.links]\npaper = "https://example.org/x.pdf"\ncolab = "https://example.org/x"\n'
    '[[papers]]\nid = "y"\ntitle = "Y"\ntrack = "b"\ndate = 2030-01-21\n'
)


@pytest.mark.parametrize(
    ("args", "fast"),
    [
        (["progress", "--json"], True),
        (["missing", "--json", "--kind", "colab"], True),
        (["schedule", "--json"], True),
        (["next", "--json", "--today", "2030-01-01"], True),
        (["next", "--today", "2030-01-01"], True),  # a group's own kind, by name
        (["show", "y"], True),
    ],
)
def test_a_groups_own_link_kinds(tmp_path: Path, args: list[str], fast: bool) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.toml").write_text(OWN_KINDS, encoding="utf-8")
    check(args, tmp_path, {}, fast)


# -- on a terminal: Rich's escape codes (bold, colours, OSC 8 links) written by the fast path too ---


def run_on_terminal(args: list[str], cwd: Path, mode: str, env: dict[str, str]) -> Result:
    """The installed script with stdout on a pseudo-terminal (as a member runs it)."""
    base = {k: v for k, v in os.environ.items() if k not in ("READGROUP_FILE", "READGROUP_TODAY", "NO_COLOR")}
    base.update({"TERM": "xterm-256color", "COLUMNS": "100", "READGROUP_FASTPATH": mode, **env})
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=base,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        err = process.stderr.read().decode() if process.stderr else ""
    os.close(leader)
    out = b"".join(chunks).decode().replace("\r\n", "\n")  # the terminal's line discipline
    return out, err, process.returncode


TERMINAL = [
    ("empty-folder", ["next", "--today", "2018-03-20"], {}, True),
    ("empty-folder", ["next", "--today", "2019-01-01"], {}, True),  # finished; TBD papers
    ("empty-folder", ["show", "lenet"], {}, True),
    ("empty-folder", ["show", "yolo-v3"], {"NO_COLOR": "1"}, True),
    ("empty-folder", ["next", "--today", "2018-03-20", "--no-color"], {}, True),
    ("empty-folder", ["next", "--today", "2018-03-20"], {"COLORTERM": "truecolor"}, True),
    ("empty-folder", ["next", "--today", "2018-03-20"], {"TERM": "dumb"}, False),
    ("empty-folder", ["next", "--today", "2018-03-20"], {"FORCE_COLOR": "1"}, False),
    ("empty-folder", ["schedule"], {}, False),  # a table: Rich's
    ("local", ["next", "--today", "2030-01-01"], {}, True),  # full title, missing marks, forum
    ("local", ["next", "--today", "2030-01-01"], {"READGROUP_MEMBER": "ann"}, True),  # You present
    ("local", ["next", "--today", "2030-01-08"], {}, False),  # markup in a title: Rich's
    ("local", ["show", "w"], {}, True),
]


@pytest.mark.parametrize(
    ("folder", "args", "env", "fast"), TERMINAL, ids=[" ".join(c[1]) + str(c[2]) for c in TERMINAL]
)
def test_on_a_terminal_the_same_escape_codes(
    files: dict[str, Path], folder: str, args: list[str], env: dict[str, str], fast: bool
) -> None:
    cwd = files["root"] / folder
    typer_run = _same_links(run_on_terminal(args, cwd, "off", env))
    fast_run = run_on_terminal(args, cwd, "require", env)
    if fast:
        assert _same_links(fast_run) == typer_run
        assert "\x1b[" in typer_run[0] or "NO_COLOR" in env or "--no-color" in args or "TERM" in env
        ids = re.findall(r"\x1b]8;id=(\d+);", fast_run[0])
        assert len(set(ids)) == len(ids), "every link has its own id"
    else:
        assert fast_run[2] == REQUIRE_EXIT, fast_run
        assert _same_links(run_on_terminal(args, cwd, "", env)) == typer_run


def test_a_member_in_the_settings_file(files: dict[str, Path]) -> None:
    config = Path(os.environ["READGROUP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    local = files["root"] / "local"
    try:
        (config / "config.toml").write_text('member = "bo"\n', encoding="utf-8")
        check(["next", "--today", "2030-01-01"], local, {}, True)
        assert "You present: X net" in run(["next", "--today", "2030-01-01"], local, "require")[0]
        check(["assignments", "--json", "--today", "2030-01-01"], local, {}, True)
        check(["assignments", "--json", "--all", "--today", "2030-01-01"], local, {}, True)
        (config / "config.toml").write_text('member = ""\n', encoding="utf-8")
        check(["next", "--today", "2030-01-01"], local, {}, True)
        (config / "config.toml").write_text("member = 3\n", encoding="utf-8")  # Typer says what is wrong
        check(["next", "--today", "2030-01-01"], local, {}, False)
        (config / "config.toml").write_text("member = \n", encoding="utf-8")
        check(["next", "--json", "--today", "2030-01-01"], local, {}, False)
    finally:
        (config / "config.toml").unlink()


def test_a_missing_file_goes_to_typer(files: dict[str, Path]) -> None:
    check(["next", "--file", str(files["root"] / "nothing.toml")], files["root"], {}, False)


def test_the_table_is_what_the_typer_app_declares() -> None:
    assert TABLE.read_text(encoding="utf-8") == source(app), (
        "regenerate it: python -m readgroup.cli.declared > src/readgroup/fast/table.py"
    )


def test_a_warm_run_imports_neither_typer_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    # The user's own folders, as on a member's machine (not the tests' READGROUP_*_DIR).
    env = {k: v for k, v in os.environ.items() if k not in ("READGROUP_CACHE_DIR", "READGROUP_CONFIG_DIR")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    off = {**env, "READGROUP_FASTPATH": "off"}
    subprocess.run([str(SCRIPT), "next", "--json"], cwd=tmp_path, env=off, capture_output=True, check=True)
    for args in (["next", "--today", "2018-03-20"], ["next"], ["schedule", "--json"]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "readgroup", *args],
            cwd=tmp_path,
            env={**env, "READGROUP_FASTPATH": "require"},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        imported = {
            line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line
        }
        assert "readgroup" in imported
        # typing: a tenth of a warm run on its own (a runtime `from typing import ...` slipped in once)
        # zoneinfo: the clock at the group comes from the snapshot's table of offsets
        heavy = {"typer", "pydantic", "pydantic_core", "rich", "tomllib", "click", "typing", "zoneinfo"}
        assert imported.isdisjoint(heavy), imported & heavy


# -- the snapshot is never trusted when the file changed ------------------------------------------


def _cache_of(path: Path) -> Path:
    return Path(snapshot.cache_file(str(path), os.environ))


def test_an_edit_of_the_same_size_and_mtime_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_bytes(DATA.read_bytes())
    args = ["--file", str(path), "show", "lenet", "--json"]
    run(args, tmp_path, "off")
    assert run(args, tmp_path, "require")[2] == 0
    before = os.stat(path)
    text = DATA.read_text(encoding="utf-8").replace('title = "LeNet"', 'title = "LeNot"', 1)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    assert run(args, tmp_path, "require")[2] == REQUIRE_EXIT
    out, _, code = run(args, tmp_path)
    assert code == 0 and '"title": "LeNot"' in out
    assert run(args, tmp_path, "require") == (out, "", 0)  # the Typer run stored the new snapshot


def test_a_touch_without_a_change_keeps_the_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_bytes(DATA.read_bytes())
    args = ["--file", str(path), "next", "--json", "--today", "2018-03-20"]
    expected = run(args, tmp_path, "off")
    os.utime(path, ns=(1, 1_000_000_000))  # a checkout that rewrote the same bytes
    assert run(args, tmp_path, "require") == expected  # the hash matched
    assert run(args, tmp_path, "require") == expected


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", snapshot.MAGIC + b"\xff" * 8, "truncated", "other version", "other file"],
)
def test_a_corrupt_or_foreign_snapshot_is_ignored(tmp_path: Path, damage: bytes | str) -> None:
    path = tmp_path / "papers.toml"
    path.write_bytes(DATA.read_bytes())
    args = ["--file", str(path), "schedule", "--json"]
    expected = run(args, tmp_path, "off")
    cache = _cache_of(path)
    data = cache.read_bytes()
    start = len(snapshot.MAGIC) + 8
    end = start + int.from_bytes(data[len(snapshot.MAGIC) : start], "big")
    header = list(marshal.loads(data[start:end]))
    if damage == "truncated":
        cache.write_bytes(data[: len(data) - 100])
    elif isinstance(damage, str):
        if damage == "other version":
            header[0] = (header[0][0], "0.0.0", header[0][2])
        else:
            header[1] = str(tmp_path / "other.toml")
        head = marshal.dumps(tuple(header))
        cache.write_bytes(snapshot.MAGIC + len(head).to_bytes(8, "big") + head + data[end:])
    else:
        cache.write_bytes(damage)
    assert run(args, tmp_path, "require")[2] == REQUIRE_EXIT
    assert run(args, tmp_path) == expected
    assert run(args, tmp_path, "require") == expected  # rewritten by the Typer run


def test_no_snapshot_for_what_is_not_a_regular_file(tmp_path: Path) -> None:
    assert snapshot.stat_key(str(tmp_path)) is None
    assert snapshot.read(str(tmp_path), os.environ) is None


@pytest.mark.parametrize("kind", ["cache", "config"])
@pytest.mark.parametrize(
    "env", [{"XDG": "/x/folder", "HOME": "/home/a"}, {"HOME": "/home/a"}, {"XDG": "rel", "HOME": "/h"}]
)
def test_the_user_folders_are_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, kind: Literal["cache", "config"], env: dict[str, str]
) -> None:
    import platformdirs

    from readgroup.userdirs import user_dir

    variable = f"XDG_{kind.upper()}_HOME"
    monkeypatch.delenv(variable, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(variable if key == "XDG" else key, value)
    expected = getattr(platformdirs, f"user_{kind}_dir")("readgroup")
    assert user_dir(kind, os.environ) == expected
    if kind == "cache":
        monkeypatch.delenv("READGROUP_CACHE_DIR")
        assert snapshot.folder(os.environ) == os.path.join(expected, "syllabus")
        monkeypatch.setenv("READGROUP_CACHE_DIR", "/c")
        assert snapshot.folder(os.environ) == os.path.join("/c", "syllabus")


# -- Tab completion -------------------------------------------------------------------------------
# Paper ids and titles (candidates.papers, with help for zsh and fish): the fast path answers the
# plain cases from the snapshot; everything else hands over and must still give Typer's output.

COMPLETIONS = [
    ("bash", "readgroup show ", {}, True),
    ("bash", "readgroup show fa", {}, True),
    ("bash", "readgroup show Fa", {}, True),  # titles, once what is typed matches one
    ("bash", "readgroup --file FILE open r", {}, True),
    ("bash", "readgroup assign --today 2018-01-01 y", {}, True),
    ("bash", "readgroup show --json le", {}, True),
    ("bash", "readgroup show --js", {}, False),
    ("bash", "readgroup sh", {}, False),
    ("bash", "readgroup set-link lenet ", {}, False),
    ("bash", "readgroup assign lenet ", {}, False),
    ("bash", "readgroup show --file ", {}, False),
    ("bash", "readgroup show -- le", {}, False),
    ("zsh", "readgroup show ", {}, True),
    ("zsh", "readgroup show fast", {}, True),
    ("zsh", "readgroup remove YOLO", {}, True),
    ("zsh", "readgroup show nothing", {}, True),
    ("zsh", "readgroup open -f FILE le", {}, True),
    ("zsh", "readgroup move y", {"COLUMNS": "30"}, True),
    ("zsh", "readgroup move y", {"COLUMNS": "16"}, False),  # Rich would wrap a help text
    ("zsh", "readgroup show ", {"TERMINAL_WIDTH": "200"}, True),
    ("zsh", "readgroup show ", {"FORCE_COLOR": "1"}, False),
    ("fish", "readgroup show a", {}, True),
    ("fish", "readgroup show Y", {}, True),
    ("fish", "readgroup show --", {}, False),
    ("fish", "readgroup show a", {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}, False),
]


def complete(shell: str, line: str, cwd: Path, env: dict[str, str], fast: bool) -> None:
    env = {"_READGROUP_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line, **env}
    if shell == "bash":
        words = line.split()
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - (0 if line.endswith(" ") else 1)))
    if shell == "fish":
        env.setdefault("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    check([], cwd, env, fast)
    if fast:
        out = run([], cwd, "require", env)[0]
        assert out.strip() not in ("", "_files") or "nothing" in line, out


@pytest.mark.parametrize(
    ("shell", "line", "env", "fast"), COMPLETIONS, ids=[c[0] + " " + c[1] + str(c[2]) for c in COMPLETIONS]
)
def test_papers_complete_alike(
    files: dict[str, Path], shell: str, line: str, env: dict[str, str], fast: bool
) -> None:
    copy = files["root"] / "copy.toml"
    cwd = files["root"] / "empty-folder"
    for where in ([], ["--file", str(copy)]):  # the snapshots Tab reads
        run([*where, "next", "--json"], cwd, "off")
    complete(shell, line.replace("FILE", str(copy)), cwd, env, fast)


@pytest.mark.parametrize(
    ("shell", "line", "fast"),
    [
        ("bash", "readgroup show ", True),
        ("zsh", "readgroup show ", False),  # "Y [bold]net[/bold]": Rich reads markup in help
        ("zsh", "readgroup show x", True),
        ("zsh", "readgroup show w", True),  # wide characters: within the width
        ("fish", "readgroup show z", False),  # ":smile: Z": an emoji code for Rich
        ("fish", "readgroup show X", True),
    ],
)
def test_odd_titles_complete_alike(files: dict[str, Path], shell: str, line: str, fast: bool) -> None:
    cwd = files["root"] / "local"
    run(["next", "--json"], cwd, "off")
    complete(shell, line, cwd, {}, fast)


def test_a_tbd_word_completes_as_tbd_both_ways(tmp_path: Path) -> None:
    """The snapshot knows a date or none; the TOML may say "TBA": both offer "TBD"."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.toml").write_text(
        LOCAL.replace('date = "TBD"', 'date = " tba "'), encoding="utf-8"
    )
    run(["next", "--json"], tmp_path, "off")
    env = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    complete("fish", "readgroup show w", tmp_path, env, True)
    assert (
        run(
            [],
            tmp_path,
            "off",
            {**env, "_READGROUP_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "readgroup show w"},
        )[0]
        == "w\tW 網路, TBD\n"
    )


def test_output_errors_are_the_same(files: dict[str, Path]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    cwd = files["root"] / "empty-folder"
    results = []
    for mode in ("off", "require"):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [str(SCRIPT), "schedule", "--json"],
                cwd=cwd,
                env={**os.environ, "READGROUP_FASTPATH": mode},
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
            )
        results.append((done.stderr, done.returncode))
    assert results[0] == results[1] and results[0][1] == 4


# -- a followed group's copy: answered while fresh (no refresh due), else Typer refreshes -----------


def test_a_followed_groups_copy_is_answered_while_fresh(tmp_path: Path) -> None:
    from test_follow import FileServer

    server = FileServer(DATA.read_bytes())
    try:
        member = tmp_path / "member"
        member.mkdir()
        env = {"READGROUP_CONFIG_DIR": str(member / "config"), "READGROUP_CACHE_DIR": str(member / "cache")}
        env.update(READGROUP_MEMBER="", HTTP_PROXY="", http_proxy="", ALL_PROXY="", all_proxy="")
        assert run(["follow", server.url], member, "off", env)[2] == 0
        args = ["next", "--today", "2018-03-20"]
        check(args, member, env, True)  # fresh: the same answer, no network
        check(["show", "lenet", "--json"], member, env, True)
        asked = len(server.requests)
        state_file = member / "cache" / "follow" / "state.json"
        state = json.loads(state_file.read_text(encoding="utf-8"))
        state["checked_at"] -= 2 * 86400  # two days later: a refresh is due
        state_file.write_text(json.dumps(state), encoding="utf-8")
        assert run(args, member, "require", env)[2] == REQUIRE_EXIT
        assert len(server.requests) == asked  # the fast path never asks the server
        expected = run(args, member, "", env)  # Typer: a conditional GET, 304
        assert len(server.requests) == asked + 1 and expected[2] == 0
        assert run(args, member, "require", env) == expected  # fresh again
    finally:
        server.close()


def test_the_settings_are_read_anew_when_the_config_file_changes(files: dict[str, Path]) -> None:
    """What config.toml said is kept like a snapshot; an edit of the same size and mtime is seen."""
    config = Path(os.environ["READGROUP_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    local = files["root"] / "local"
    args = ["next", "--json", "--today", "2030-01-01"]
    try:
        config.write_text('member = "Bo"\n', encoding="utf-8")
        assert json.loads(run(args, local)[0])["member"] == "Bo"
        assert json.loads(run(args, local, "require")[0])["member"] == "Bo"
        before = os.stat(config)
        config.write_text('member = "Xy"\n', encoding="utf-8")  # not on the roster
        os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert run(args, local, "require")[2] == REQUIRE_EXIT  # Typer warns
        config.write_text('member = "Ann"\nsince = 2024-01-01\n', encoding="utf-8")  # a date: not kept
        assert json.loads(run(args, local, "require")[0])["member"] == "Ann"
    finally:
        config.unlink()
