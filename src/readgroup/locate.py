"""Which syllabus file a command works on, and whether it may be edited.

Precedence, the same for every command: an explicit --file, then $READGROUP_FILE (an empty value
counts as unset), then ./data/papers.toml, then the cached copy of a followed group (see
`follow`), then the example shipped inside the package. Edits refuse the last two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import UsageError

DEFAULT_RELATIVE = Path("data") / "papers.toml"
FILE_VARIABLE = "READGROUP_FILE"


class Origin(Enum):
    FLAG = "--file"
    ENVIRONMENT = "$READGROUP_FILE"
    FOLDER = "./data/papers.toml"
    FOLLOWED = "the followed group's copy"
    SHIPPED = "the example shipped with readgroup"


@dataclass(frozen=True)
class Located:
    path: Path
    origin: Origin
    url: str | None = None  # where a followed copy comes from

    @property
    def editable(self) -> bool:
        return self.origin not in (Origin.FOLLOWED, Origin.SHIPPED)


def shipped_file() -> Path:
    """The PyTorch Taipei syllabus that ships with readgroup."""
    here = Path(__file__).resolve().parent
    packaged = here / "papers.toml"  # put there by the wheel build (pyproject force-include)
    if packaged.is_file():
        return packaged
    return here.parents[1] / DEFAULT_RELATIVE  # a source checkout or editable install


def locate(flag: Path | None, environ: Mapping[str, str]) -> Located:
    if flag is not None and str(flag) != "":
        return Located(flag, Origin.FLAG)
    from_env = environ.get(FILE_VARIABLE, "").strip()
    if from_env:
        return Located(Path(from_env), Origin.ENVIRONMENT)
    # Anything at ./data/papers.toml, even a broken link or a folder, is the user's file: the
    # loader then says what is wrong with it rather than silently reading the example instead.
    if DEFAULT_RELATIVE.exists() or DEFAULT_RELATIVE.is_symlink():
        return Located(DEFAULT_RELATIVE, Origin.FOLDER)
    from .follow import copy_path, followed_url

    url = followed_url(environ)
    if url:
        return Located(copy_path(environ), Origin.FOLLOWED, url)
    return Located(shipped_file(), Origin.SHIPPED)


def for_edit(located: Located) -> Path:
    """The file an edit may change; never a followed copy nor the shipped example."""
    if located.origin is Origin.FOLLOWED:
        raise UsageError(
            f"no syllabus file of your own to edit: this reads the copy of {located.url} that "
            "`readgroup follow` keeps, and a change to it would be lost at the next refresh; edit "
            "the group's own file (in a clone of its repository, or pass --file PATH)"
        )
    if not located.editable:
        raise UsageError(
            "no syllabus file of your own to edit (looked for --file, $READGROUP_FILE and "
            "./data/papers.toml); start one with `readgroup init`, or pass --file PATH"
        )
    return located.path
