"""`-o PATH` means one thing everywhere: through a symlink to its target, into a device or FIFO
as a shell redirect would, an existing regular file only with --force, errors as exit 4."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import DATA, ENV, SEED, invoke

SCRIPT = Path(sys.executable).with_name("readgroup")
ROOT = os.geteuid() == 0


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): a test that goes wrong
    replaces this node, not the machine's own device."""
    if not ROOT:
        pytest.skip("making a device node needs root")
    path = tmp_path / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "papers.csv"
    target.write_text("mine\n", encoding="utf-8")
    for args in (["export", "csv"], ["export", "markdown"], ["export", "json"], ["schema"]):
        refused = invoke(*args, "-o", str(target))
        assert refused.exit_code == 2, (args, refused.output)  # usage: add --force
        assert f"{target} already exists; add --force to replace it" in refused.stderr
        assert target.read_text(encoding="utf-8") == "mine\n"
    assert invoke("export", "csv", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,title,track,date")


def test_reschedule_output_follows_the_same_rule(syllabus_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "spring.toml"
    out.write_text("# mine\n", encoding="utf-8")
    args = ["--file", str(syllabus_copy), "reschedule", "--start", "2019-03-05", "-o", str(out)]
    refused = invoke(*args)
    assert refused.exit_code == 2 and "add --force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "# mine\n"
    assert invoke(*args, "--force").exit_code == 0
    assert "2019-03-07" in out.read_text(encoding="utf-8")


def test_a_new_file_gets_the_mode_a_shell_redirect_would(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert invoke("export", "ics", "-o", str(tmp_path / "group.ics")).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "group.ics").stat().st_mode) == 0o644


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    real = site / "group.ics"
    real.write_text("old\n", encoding="utf-8")
    os.chmod(real, 0o664)
    link = tmp_path / "group.ics"
    link.symlink_to(real)
    assert invoke("export", "ics", "-o", str(link)).exit_code == 2  # it exists: --force
    result = invoke("export", "ics", "-o", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert stat.S_IMODE(real.stat().st_mode) == 0o664
    assert sorted(p.name for p in site.iterdir()) == ["group.ics"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "schema.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    result = invoke("schema", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (tmp_path / "elsewhere.json").read_text(encoding="utf-8").startswith("{")


def test_a_device_is_written_into_and_stays_a_device(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    for args in (["export", "ics"], ["export", "csv"], ["schema"]):
        result = invoke(*args, "-o", str(null))
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(null.stat().st_mode), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_import_into_a_device_needs_no_force(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    result = invoke("import", str(SEED), "--year", "2018", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)


def _run(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    def limit_memory() -> None:  # a runaway read of an endless device fails fast, not the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, **ENV}
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_full_device_is_exit_4_not_a_memory_error(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    result = _run("--file", str(DATA), "export", "ics", "-o", str(full), cwd=tmp_path)
    assert result.returncode == 4, result.stderr
    assert result.stderr == f"readgroup: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_is_written_into_like_a_shell_redirect(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        result = _run("--file", str(DATA), "export", "csv", "-o", str(fifo), cwd=tmp_path)
    finally:
        if thread.is_alive() and not received:  # release the reader if the command never wrote
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        thread.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(b"id,title,track,date")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_is_the_output_stream(tmp_path: Path) -> None:
    result = _run("--file", str(DATA), "export", "csv", "-o", "/dev/stdout", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,title,track,date")


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("export", "ics", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_a_read_only_output_is_refused_even_with_force(tmp_path: Path) -> None:
    target = tmp_path / "group.ics"
    target.write_text("keep\n", encoding="utf-8")
    os.chmod(target, 0o444)
    result = invoke("export", "ics", "-o", str(target), "--force")
    assert result.exit_code == 4 and "read-only (mode 0444)" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep\n"
