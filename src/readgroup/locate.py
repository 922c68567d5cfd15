"""Which syllabus file a command works on, and whether it may be edited.

Precedence, the same for every command: an explicit --file, then $READGROUP_FILE (an empty value
counts as unset), then ./data/papers.toml, then the cached copy of a followed group (see
`follow`), then the example shipped inside the package. Edits refuse the last two.

The fast path (readgroup.fast) calls `locate` on every run, so this module imports only `os`:
no pathlib, dataclasses or enum (each costs a measurable part of a warm start-up).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not `from typing import`: typing is a costly import for a warm start-up
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

DEFAULT_RELATIVE = os.path.join("data", "papers.toml")
FILE_VARIABLE = "READGROUP_FILE"

# Said on stderr by every read of the shipped example, by both the Typer path and the fast path.
SHIPPED_NOTICE = (
    "readgroup: no ./data/papers.toml here; reading the example shipped with readgroup "
    "(start your own with `readgroup init`, or read your group's with `readgroup follow URL`)"
)


class Origin:
    """Where the file came from (plain string constants, compared with ==)."""

    FLAG = "--file"
    ENVIRONMENT = "$READGROUP_FILE"
    FOLDER = "./data/papers.toml"
    FOLLOWED = "the followed group's copy"
    SHIPPED = "the example shipped with readgroup"


class Located:
    __slots__ = ("file", "origin", "url")

    def __init__(self, file: str, origin: str, url: str | None = None) -> None:
        self.file = file  # the path as given (str), for the fast path and the cache key
        self.origin = origin
        self.url = url  # where a followed copy comes from

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    @property
    def editable(self) -> bool:
        return self.origin not in (Origin.FOLLOWED, Origin.SHIPPED)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Located) and (self.file, self.origin, self.url) == (
            other.file,
            other.origin,
            other.url,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.origin, self.url))

    def __repr__(self) -> str:
        url = f", {self.url!r}" if self.url is not None else ""
        return f"Located({self.file!r}, {self.origin!r}{url})"


def shipped_name() -> str:
    """The PyTorch Taipei syllabus that ships with readgroup, as a path string."""
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "papers.toml")  # put there by the wheel build (pyproject force-include)
    if os.path.isfile(packaged):
        return packaged
    # A source checkout or editable install: <checkout>/src/readgroup -> <checkout>/data/papers.toml
    return os.path.join(os.path.dirname(os.path.dirname(here)), DEFAULT_RELATIVE)


def shipped_file() -> Path:
    from pathlib import Path

    return Path(shipped_name())


def locate(flag: Path | str | None, environ: Mapping[str, str]) -> Located:
    if flag is not None and str(flag) != "":
        return Located(str(flag), Origin.FLAG)
    from_env = environ.get(FILE_VARIABLE, "").strip()
    if from_env:
        return Located(from_env, Origin.ENVIRONMENT)
    # Anything at ./data/papers.toml, even a broken link or a folder, is the user's file: the
    # loader then says what is wrong with it rather than silently reading the example instead.
    if os.path.lexists(DEFAULT_RELATIVE):
        return Located(DEFAULT_RELATIVE, Origin.FOLDER)
    from .userconfig import config_path

    if os.path.lexists(config_path(environ)):  # no settings file, so no followed group
        from .userconfig import SettingsError, follow_copy, setting

        try:
            url = setting(environ, "follow")
        except SettingsError as exc:
            from .errors import DataFileError, Problem

            raise DataFileError(exc.path, [Problem(exc.message)]) from None
        if url:
            return Located(follow_copy(environ), Origin.FOLLOWED, url)
    return Located(shipped_name(), Origin.SHIPPED)


def for_edit(located: Located) -> Path:
    """The file an edit may change; never a followed copy nor the shipped example."""
    if located.origin == Origin.FOLLOWED:
        from .errors import UsageError

        raise UsageError(
            f"no syllabus file of your own to edit: this reads the copy of {located.url} that "
            "`readgroup follow` keeps, and a change to it would be lost at the next refresh; edit "
            "the group's own file (in a clone of its repository, or pass --file PATH)"
        )
    if not located.editable:
        from .errors import UsageError

        raise UsageError(
            "no syllabus file of your own to edit (looked for --file, $READGROUP_FILE and "
            "./data/papers.toml); start one with `readgroup init`, or pass --file PATH"
        )
    return located.path
