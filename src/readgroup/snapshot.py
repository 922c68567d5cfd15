"""A cache of the validated syllabus, so the read-only commands can skip TOML and Pydantic.

The Typer path writes it after every successful read (`store`); the fast path (readgroup.fast)
reads it (`read`) and answers from it, or hands the run back to Typer when there is none.

What it holds: plain data only (dicts, lists, strings, ints, None), already in the JSON shapes
of `contract` (each paper is `contract.paper_json`), so the fast path needs neither Pydantic nor
the models. Serialised with `marshal`, which is built in (no import at all) and loads these types
faster than pickle or json. The body is a run of length-prefixed marshal blobs: the payload with
its paper count in place of "papers", then the papers in slices of PAPERS_PER_BLOB, each made,
written and dropped before the next (at 100,000 papers the whole list and its marshal bytes took
150 MB on top of the models).

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
    from collections.abc import Iterable, Iterator, Mapping
    from typing import Any

    from .models import Syllabus

FORMAT = 3  # bump when the payload's shape or the file's layout changes
MAGIC = b"readgroup snapshot\n"
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; every other file system is finer
_LENGTH = 8  # bytes of the length before the header and before each blob of the body
PAPERS_PER_BLOB = 1000

StatKey = tuple[int, int, int, int, int]


def folder(environ: Mapping[str, str]) -> str:
    """syllabus/ in readgroup's cache folder ($READGROUP_CACHE_DIR, else the user's cache folder)."""
    from .userconfig import cache_folder

    return os.path.join(cache_folder(environ), "syllabus")


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


_CODE_CHECKED: dict[object, bool] = {}  # a run reads two snapshots (settings, syllabus): check once


def _code_unchanged(recorded: object) -> bool:
    if not isinstance(recorded, tuple) or not recorded:
        return False
    if recorded not in _CODE_CHECKED:
        _CODE_CHECKED[recorded] = _same_code(recorded)
    return _CODE_CHECKED[recorded]


def _same_code(recorded: tuple[Any, ...]) -> bool:
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
        return _payload(view[end:])
    except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
        return None


def _payload(body: memoryview) -> dict[str, Any] | None:
    """The payload from the body's blobs, or None when they do not add up (a truncated file)."""
    blobs = _blobs(body)
    payload = marshal.loads(next(blobs))
    if not isinstance(payload, dict) or not isinstance(payload["papers"], int):
        return None
    papers: list[Any] = []
    for blob in blobs:
        papers.extend(marshal.loads(blob))
    if len(papers) != payload["papers"]:
        return None
    payload["papers"] = papers
    return payload


def _blobs(body: memoryview) -> Iterator[memoryview]:
    start = 0
    while start < len(body):
        size = int.from_bytes(body[start : start + _LENGTH], "big")
        start += _LENGTH
        if size > len(body) - start:
            raise ValueError("truncated")
        yield body[start : start + size]
        start += size


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
    """The plain data the fast path answers from, made by the same `contract` functions;
    "papers" holds their number here, and `paper_blobs` the papers themselves."""
    import time

    from . import contract, zoneoffsets
    from .member import roster
    from .schedule import forum_link

    group = syllabus.group
    return {
        "group": contract.group_json(group),
        "tracks": [[track.id, track.name] for track in syllabus.tracks],
        "kinds": list(group.kinds()),  # the built-in ones, then the group's own
        "papers": len(syllabus.papers),
        "full_titles": {paper.id: paper.full_title for paper in syllabus.papers if paper.full_title},
        # {id: {kind: value}} of the papers with placeholder links (check-links lists them)
        "placeholders": {
            paper.id: found for paper in syllabus.papers if (found := paper.links.placeholders())
        },
        "skips": [[skip.date.isoformat(), skip.reason] for skip in syllabus.skips],
        "forum": list(forum) if (forum := forum_link(syllabus)) else None,
        "roster": roster(syllabus),
        "zone": zoneoffsets.table(group.timezone, time.time()),  # the clock there, without zoneinfo
    }


def plain(syllabus: Syllabus) -> dict[str, Any]:
    """The payload `read` gives back, made from the models (when there is no snapshot yet)."""
    from .contract import paper_json

    payload = build(syllabus)
    payload["papers"] = [paper_json(paper, syllabus.group) for paper in syllabus.papers]
    return payload


def paper_blobs(syllabus: Syllabus) -> Iterator[bytes]:
    """`contract.paper_json` of every paper, marshalled PAPERS_PER_BLOB at a time."""
    from .contract import paper_json

    group = syllabus.group
    papers = syllabus.papers
    for start in range(0, len(papers), PAPERS_PER_BLOB):
        yield marshal.dumps([paper_json(paper, group) for paper in papers[start : start + PAPERS_PER_BLOB]])


def store(
    file: str, before: StatKey | None, data: bytes, syllabus: Syllabus, environ: Mapping[str, str]
) -> None:
    """Record the syllabus validated from `data`, read from `file` whose stat key was `before`.

    Nothing is written when the file changed while it was read. A cache that cannot be written
    (read-only home, full disk) is skipped silently: the next run is merely not fast.
    """
    store_payload(file, before, data, build(syllabus), environ, paper_blobs(syllabus))


def store_payload(
    file: str,
    before: StatKey | None,
    data: bytes,
    payload: dict[str, Any],
    environ: Mapping[str, str],
    papers: Iterable[bytes] = (),
) -> None:
    """Record `payload` (with "papers": how many `papers` blobs hold) as what `data`, read from
    `file` whose stat key was `before`, means. The user's settings are kept this way too (see
    userconfig). Plain data only: a payload marshal cannot write is not kept."""
    path = os.path.abspath(file)
    if before is None or stat_key(path) != before:
        return
    try:
        first = marshal.dumps(payload)
    except ValueError:  # a type marshal does not know (a TOML date in the settings)
        return
    import itertools
    import time

    header = (_identity(), path, before, digest(data), time.time_ns(), code_key())
    _write(cache_file(path, environ), header, itertools.chain([first], papers))


def _write(target: str, header: tuple[Any, ...], body: memoryview | Iterable[bytes]) -> None:
    """Atomically: a temporary file in the same folder, renamed over the old snapshot. The body
    is the bytes of an earlier one, or blobs to write one by one, each after its length."""
    head = marshal.dumps(header)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(MAGIC + len(head).to_bytes(_LENGTH, "big") + head)
            if isinstance(body, memoryview):
                handle.write(body)
            else:
                for blob in body:
                    handle.write(len(blob).to_bytes(_LENGTH, "big"))
                    handle.write(blob)
        os.replace(temporary, target)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
