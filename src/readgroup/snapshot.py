"""A cache of the validated syllabus, so the read-only commands can skip TOML and Pydantic.

The Typer path writes it after every successful read (`store`); the fast path (readgroup.fast)
reads it (`read`) and answers from it, or hands the run back to Typer when there is none.

What it holds: plain data only (dicts, lists, strings, ints, None), already in the JSON shapes
of `contract` (each paper is `contract.paper_json`), so the fast path needs neither Pydantic nor
the models. Serialised with `marshal`, which is built in (no import at all) and loads these types
faster than pickle or json.

When it is trusted, checked cheapest first: the cache format, the readgroup version, the
interpreter, the mtime and size of every module of the installed package (an edited editable
install is a different program), the syllabus file's absolute path, then the file's stat key
(size, mtime_ns, ctime_ns, inode, device). When the stat key matches and the file's ctime is
more than two seconds older than the snapshot, the file has not been written since: every
write moves ctime, which no user-space call can set back. Otherwise (the stat differs, or the
file was written within two seconds of the snapshot, where a coarse file-system clock could hide
a second write: git's "racy" entries) the file is read and its BLAKE2b digest must match the one
of the bytes that were validated. Anything else (no file, a corrupt or foreign cache, any key
that differs) means "no snapshot", never an error.

The file goes to $READGROUP_CACHE_DIR/syllabus/, else the user cache folder's syllabus/, one
file per syllabus path, written to a temporary name and renamed over the old one.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys

from . import __version__

TYPE_CHECKING = False  # not `from typing import`: the fast path imports this module
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from .models import Syllabus

FORMAT = 2  # bump when the payload's shape changes
MAGIC = b"readgroup snapshot\n"
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; every other file system is finer
_LENGTH = 8  # bytes of the header's length after MAGIC

StatKey = tuple[int, int, int, int, int]


def folder(environ: Mapping[str, str]) -> str:
    """$READGROUP_CACHE_DIR/syllabus, else the user cache folder of platformdirs + /syllabus."""
    base = environ.get("READGROUP_CACHE_DIR")
    if base:
        return os.path.join(base, "syllabus")
    return os.path.join(user_cache_dir(environ), "syllabus")


def user_cache_dir(environ: Mapping[str, str]) -> str:
    from .userdirs import user_dir

    return user_dir("cache", environ)


def cache_file(path: str, environ: Mapping[str, str]) -> str:
    import zlib

    # The name only spreads paths over files; the header holds the whole path and is checked.
    name = f"{zlib.crc32(os.fsencode(path)):08x}.marshal"
    return os.path.join(folder(environ), name)


def stat_key(path: str) -> StatKey | None:
    """The key of a regular file (symlinks followed), else None: only regular files are cached."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def code_key() -> tuple[tuple[str, int, int], ...]:
    """(module, mtime_ns, size) of every module of the installed package."""
    root = os.path.dirname(os.path.abspath(__file__))
    found = []
    for folder_path, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder_path, name)
                info = os.stat(path)
                found.append((os.path.relpath(path, root), info.st_mtime_ns, info.st_size))
    return tuple(found)


def _code_unchanged(recorded: object) -> bool:
    if not isinstance(recorded, tuple) or not recorded:
        return False
    root = os.path.dirname(os.path.abspath(__file__))
    for name, mtime_ns, size in recorded:
        try:
            info = os.stat(os.path.join(root, name))
        except OSError:
            return False
        if info.st_mtime_ns != mtime_ns or info.st_size != size:
            return False
    return True


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=32).hexdigest()


def _identity() -> tuple[int, str, str]:
    return (FORMAT, __version__, sys.implementation.cache_tag or "")


# -- reading (the fast path) -------------------------------------------------------------------


def read(file: str, environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The payload stored for this file if every key still holds, else None."""
    path = os.path.abspath(file)
    key = stat_key(path)
    if key is None:
        return None
    try:
        with open(cache_file(path, environ), "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    if not data.startswith(MAGIC):
        return None
    view = memoryview(data)
    start = len(MAGIC) + _LENGTH
    end = start + int.from_bytes(view[len(MAGIC) : start], "big")
    try:
        header = marshal.loads(view[start:end])
        if not (isinstance(header, tuple) and len(header) == 6 and header[0] == _identity()):
            return None
        _, recorded_path, recorded_key, recorded_digest, written_ns, code = header
        if recorded_path != path or not _code_unchanged(code):
            return None
        if key != recorded_key or written_ns - max(recorded_key[1], recorded_key[2]) < RACY_NS:
            with open(path, "rb") as handle:
                if digest(handle.read()) != recorded_digest:
                    return None
            # The same bytes: record the new stat key, so the next run need not hash again.
            _refresh(path, key, header, view[end:], environ)
        payload = marshal.loads(view[end:])
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None
    return payload if isinstance(payload, dict) else None


def _refresh(
    path: str, key: StatKey, header: tuple[Any, ...], body: memoryview, environ: Mapping[str, str]
) -> None:
    import time

    now = time.time_ns()
    if now - max(key[1], key[2]) < RACY_NS:
        return  # still within the racy window: keep hashing for now
    identity, _, _, recorded_digest, _, code = header
    _write(cache_file(path, environ), (identity, path, key, recorded_digest, now, code), body)


# -- writing (the Typer path) ------------------------------------------------------------------


def build(syllabus: Syllabus) -> dict[str, Any]:
    """The plain data the fast path answers from, made by the same `contract` functions."""
    from . import contract
    from .member import roster
    from .schedule import forum_link

    group = syllabus.group
    return {
        "group": contract.group_json(group),
        "tracks": [[track.id, track.name] for track in syllabus.tracks],
        "kinds": list(group.kinds()),  # the built-in ones, then the group's own
        "papers": contract.papers_json(syllabus),
        "full_titles": {paper.id: paper.full_title for paper in syllabus.papers if paper.full_title},
        # {id: {kind: value}} of the papers with placeholder links (check-links lists them)
        "placeholders": {
            paper.id: found for paper in syllabus.papers if (found := paper.links.placeholders())
        },
        "skips": [[skip.date.isoformat(), skip.reason] for skip in syllabus.skips],
        "forum": list(forum) if (forum := forum_link(syllabus)) else None,
        "roster": roster(syllabus),
    }


def store(
    file: str, before: StatKey | None, data: bytes, syllabus: Syllabus, environ: Mapping[str, str]
) -> None:
    """Record the syllabus validated from `data`, read from `file` whose stat key was `before`.

    Nothing is written when the file changed while it was read. A cache that cannot be written
    (read-only home, full disk) is skipped silently: the next run is merely not fast.
    """
    path = os.path.abspath(file)
    if before is None or stat_key(path) != before:
        return
    import time

    header = (_identity(), path, before, digest(data), time.time_ns(), code_key())
    _write(cache_file(path, environ), header, marshal.dumps(build(syllabus)))


def _write(target: str, header: tuple[Any, ...], body: bytes | memoryview) -> None:
    """Atomically: a temporary file in the same folder, renamed over the old snapshot."""
    head = marshal.dumps(header)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(MAGIC + len(head).to_bytes(_LENGTH, "big") + head)
            handle.write(body)
        os.replace(temporary, target)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
