"""One writer at a time: an exclusive lock on `NAME.lock` beside the file being written.

Hand-written because the usual library (filelock) leaves the lock file behind on POSIX,
and a stray `papers.toml.lock` would sit in every group's git repository. Like git's
lockfile the lock has a name people recognise, but it is held with flock(2), so a killed
run can never leave a file locked for good: the kernel releases the lock with the process,
and the next run takes over the stale lock file and removes it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WriteRefused

LOCK_SUFFIX = ".lock"
WAIT_SECONDS = 5.0  # how long a second editor waits for the first before giving up


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + LOCK_SUFFIX)


@contextmanager
def locked(target: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of `target` (a real path, not a symlink) for the `with` block."""
    path = lock_path(target)
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            # Read-only is enough for flock, so a lock file left by another user still works.
            descriptor = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise WriteRefused(
                f"cannot lock {target} ({path}: {exc.strerror or exc}); nothing was written"
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise WriteRefused(
                    f"{target} is being changed by another readgroup command (lock {path}); "
                    "nothing was written, try again in a moment"
                ) from None
            time.sleep(0.02)
            continue
        if _still_there(descriptor, path):
            break
        os.close(descriptor)  # the previous holder removed this lock file as we opened it
    try:
        yield
    finally:
        # Remove the file before letting go of it, so nobody can lock a file that is gone.
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(descriptor)


def _still_there(descriptor: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
