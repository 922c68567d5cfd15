"""Exit codes and the project's exceptions.

Domain code raises these; only the `cli` package turns them into a message on stderr and an
exit code, so the mapping lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .safetext import excerpt, visible


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS_FOUND = 1  # missing --check, dead links, validate --strict with warnings
    USAGE = 2
    DATA = 3  # the data file cannot be read or is invalid
    WRITE = 4  # a write was refused or failed
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


@dataclass(frozen=True)
class Problem:
    """One error or warning about the data file, positioned for a person to fix."""

    message: str
    where: str = ""  # key path such as papers[3].links.slide
    line: int | None = None
    column: int | None = None
    source: str | None = None  # the offending line, for syntax errors
    hint: str | None = None

    def format(self, file: str) -> str:
        """Text from the file (key, line, values) is shown escaped and the line cut to an
        excerpt around the column, so nothing in it reaches the terminal raw."""
        position = file
        if self.line is not None:
            position += f":{self.line}"
            if self.column is not None:
                position += f":{self.column}"
        where, message = visible(self.where), visible(self.message)
        lines = [f"{position}: {where}: {message}" if where else f"{position}: {message}"]
        if self.source is not None:
            shown, caret = excerpt(self.source, self.column)
            lines.append(f"    {shown}")
            if caret is not None:
                lines.append("    " + " " * (caret - 1) + "^")
        if self.hint:
            lines.append(f"  hint: {visible(self.hint)}")
        return "\n".join(lines)

    def to_json(self, file: str) -> dict[str, object]:
        return {
            "file": file,
            "line": self.line,
            "column": self.column,
            "where": visible(self.where),
            "message": visible(self.message),
            "hint": visible(self.hint) if self.hint else self.hint,
        }


class ReadgroupError(Exception):
    """An expected failure with a message for people and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE
    prefixed = True  # "readgroup: " before the message; file problems start with the file instead

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ReadgroupError):
    exit_code = ExitCode.USAGE


class DataFileError(ReadgroupError):
    """The data file cannot be read or does not describe a valid syllabus."""

    exit_code = ExitCode.DATA
    prefixed = False

    def __init__(self, file: str, problems: list[Problem], *, hidden: int = 0) -> None:
        """`hidden`: how many more problems were found than are listed (a hostile file can hold
        hundreds of thousands)."""
        self.file = file
        self.problems = problems
        details = [p.format(file) for p in problems]
        if len(problems) + hidden > 1:
            details.insert(0, f"{file}: {len(problems) + hidden:,} problems")
        if hidden:
            details.append(f"{file}: ... and {hidden:,} more (fix these first)")
        super().__init__("\n".join(details))


class WriteRefused(ReadgroupError):
    exit_code = ExitCode.WRITE
