"""Replace a file in one step and keep what it was: a temporary file beside it, flushed to
disk, given the file's mode, owner and group, then renamed over it.

Temporary files are named `.NAME.XXXXXXXX.readgroup-tmp`; a run killed half-way leaves one
behind, and the next run that holds the lock of NAME removes it.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import WriteRefused

TEMP_SUFFIX = ".readgroup-tmp"
_RANDOM = re.compile(r"[a-z0-9_]{8}")  # what tempfile puts between prefix and suffix


def real_path(path: Path) -> Path:
    """The file a path names once symlinks are followed (it may not exist yet)."""
    return Path(os.path.realpath(path))


def _prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files that earlier, killed runs left beside `target`. Call it only
    while holding the lock of `target`: nobody else is writing one then."""
    prefix = _prefix(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if (
            name.startswith(prefix)
            and name.endswith(TEMP_SUFFIX)
            and _RANDOM.fullmatch(name[len(prefix) : -len(TEMP_SUFFIX)])
        ):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


@dataclass(frozen=True)
class Seen:
    """What a file was when it was read, to notice another program writing it meanwhile."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> Seen:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def check_writable(path: Path, info: os.stat_result) -> None:
    """Refuse what a careful person would not overwrite. Root may write anything, so the
    mode bits are read rather than trusting a failed write to say so."""
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"{path} is not a regular file; nothing was written")
    if not mode & 0o222:
        raise WriteRefused(f"{path} is read-only (mode {mode:04o}); nothing was written")
    if not os.access(path, os.W_OK):
        raise WriteRefused(f"{path} is not writable for you (mode {mode:04o}); nothing was written")


def _default_mode() -> int:
    """What a shell redirect would give a new file: 0666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def replace_file(target: Path, new: bytes, *, like: os.stat_result | None, expect: Seen | None) -> None:
    """Put `new` at `target` in one rename. `like`: the file being replaced, whose mode, owner
    and group the new one gets (None: a new file). `expect`: refuse if `target` no longer is
    what was read (checked just before the rename)."""
    folder = target.parent
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=_prefix(target), suffix=TEMP_SUFFIX)
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        mode = stat.S_IMODE(like.st_mode) if like is not None else _default_mode()
        os.chmod(temporary, mode)
        if like is not None:
            _keep_owner(target, temporary, like, mode)
        if expect is not None:
            try:
                now = Seen.of(os.stat(target))
            except FileNotFoundError:
                now = None
            if now != expect:
                raise WriteRefused(
                    f"{target} changed since it was read; nothing was written (run the command again)"
                )
        os.replace(temporary, target)
        temporary = None
        sync_folder(folder)
    except OSError as exc:
        raise WriteRefused(f"cannot write {target}: {exc.strerror or exc}; the file is unchanged") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _keep_owner(target: Path, temporary: str, like: os.stat_result, mode: int) -> None:
    made = os.stat(temporary)
    if (made.st_uid, made.st_gid) == (like.st_uid, like.st_gid):
        return
    try:
        os.chown(temporary, like.st_uid, like.st_gid)
    except PermissionError:
        raise WriteRefused(
            f"cannot keep the owner and group of {target} (uid {like.st_uid}, gid {like.st_gid}) "
            "in a new copy; the file is unchanged"
        ) from None
    os.chmod(temporary, mode)  # chown clears set-id bits


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_into(path: Path, data: bytes, *, append: bool = False) -> None:
    """Write into a device, FIFO or terminal as a shell redirect does: open it, write, close.
    `append` for an open file of this process (/dev/stdout) that may be a regular file."""
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | (os.O_APPEND if append else 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
