"""Where `-o PATH` output goes, with one meaning everywhere.

- A symlink is followed: its target gets the output, the link stays.
- A device, FIFO or terminal (/dev/null, /dev/stdout, a named pipe) is written into, as a
  shell redirect would; it is never replaced by a regular file.
- An existing regular file is replaced only with `force` (without it: UsageError, exit 2;
  never when it is read-only);
  the replacement is atomic and keeps the file's mode, owner and group.
- A new file gets the mode a shell redirect would give it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .atomic import check_writable, real_path, remove_stale_temporaries, replace_file, write_into
from .errors import UsageError, WriteRefused
from .filelock import locked


def _existing(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None


def _refuse_existing(path: Path) -> UsageError:
    # A usage error (exit 2), as everywhere -o is given: the user must add --force.
    return UsageError(f"{path} already exists; add --force to replace it, or choose another --output")


def check_output(path: Path, *, force: bool) -> None:
    """Fail early, before slow work, when `write_output(path, ..., force=force)` would refuse."""
    info = _existing(path)
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path} is a folder; give a file name to --output")
    if stat.S_ISREG(info.st_mode) and not _through_a_descriptor(path):
        if not force:
            raise _refuse_existing(path)
        check_writable(path, info)


def write_output(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` as described above; WriteRefused (or UsageError for a folder)."""
    check_output(path, force=force)
    info = _existing(path)
    if info is not None and (not stat.S_ISREG(info.st_mode) or _through_a_descriptor(path)):
        write_into(path, data, append=_through_a_descriptor(path))
        return
    target = real_path(path)
    with locked(target):
        remove_stale_temporaries(target)
        info = _existing(target)
        if info is not None:
            if not force:
                raise _refuse_existing(path)
            check_writable(path, info)
        replace_file(target, data, like=info, expect=None)


def _through_a_descriptor(path: Path) -> bool:
    """/dev/stdout, /dev/fd/N, /proc/self/fd/N: an open file of this process (perhaps a shell
    redirect to a regular file), written into rather than replaced."""
    text = os.path.abspath(path)
    return text.startswith(("/dev/fd/", "/dev/std", "/proc/"))
