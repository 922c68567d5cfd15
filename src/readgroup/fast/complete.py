"""Tab completion of a paper (`readgroup show le<Tab>`), as Typer's completion prints it.

The candidates come from candidates.papers, the rule cli/complete.py gives Typer, here fed from
the snapshot instead of the TOML. Answered here only in the plain case: bash, zsh or fish
(`get-args`); the words before the one being completed are global options, a command from
table.PAPER_COMMANDS and its options, with no argument yet; the word does not look like an
option; and every help text (zsh, fish) is one Typer's Rich rendering gives back unchanged.
Typer completes everything else (option names and values, other arguments) and writes the
snapshot this reads.
"""

from __future__ import annotations

import os
import sys

from .. import candidates, snapshot
from ..locate import locate
from . import Declined
from .argv import parse
from .table import PAPER_COMMANDS
from .text import unchanged_by_rich

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

# Any of these makes Typer's Rich console a terminal (or a notebook), whose width rules differ.
_TERMINAL_VARIABLES = (
    "FORCE_COLOR",
    "PY_COLORS",
    "GITHUB_ACTIONS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JPY_PARENT_PID",
    "DATABRICKS_RUNTIME_VERSION",
)


def split_arg_string(string: str) -> list[str]:
    """Typer's (Click's) split_arg_string, copied: importing it would import Typer."""
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def _words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """(complete words after the program name, the incomplete word), as each Typer shell class."""
    if shell == "bash":
        words = split_arg_string(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _zsh_escape(value: str) -> str:
    """typer._completion_classes.ZshComplete.format_completion's escape."""
    return (
        value.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def console_width(environ: Mapping[str, str]) -> int:
    """The width of Typer's Rich console (rich.console.Console.size, in the cases answered here)."""
    fixed = environ.get("TERMINAL_WIDTH")  # typer.rich_utils.MAX_WIDTH
    if fixed is not None:
        if not fixed.isdigit() or int(fixed) < 1:
            raise Declined("$TERMINAL_WIDTH")
        return int(fixed)
    if any(name in environ for name in _TERMINAL_VARIABLES) or environ.get("TERM") in ("dumb", "unknown"):
        raise Declined("a console Rich sizes otherwise")
    width = 0
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _help(written: str, shown: str, width: int) -> str:
    """`shown` (the help as Typer escapes it) as Typer prints it after Rich renders it, or Declined.

    `written`, the help before escaping, must hold no markup, emoji code or control character;
    the escapes add only backslashes, which Rich keeps unless a `[` follows.
    """
    unchanged_by_rich(written)
    cells = sum(1 if ch < "\x7f" else 2 for ch in shown)  # at least Rich's cell width
    if cells >= width:
        raise Declined("a help text Rich would wrap")
    return shown


def complete(instruction: str, environ: Mapping[str, str]) -> int:
    shell = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}.get(instruction)
    if shell is None or (shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args"):
        raise Declined(f"completion {instruction!r}")
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        raise Declined("stdout is not UTF-8")
    try:
        words, incomplete = _words(shell, environ)
    except (KeyError, ValueError):
        raise Declined("the completion variables") from None
    if incomplete.startswith("-") or "=" in incomplete or "--" in words:
        raise Declined("completing an option")
    request = parse(words, incomplete=True)  # Declined when the last word wants a value
    if request.command not in PAPER_COMMANDS or request.arguments:
        raise Declined("not a paper argument")
    file = request.globals.get("file")
    try:
        where = locate(file if isinstance(file, str) else None, environ)
    except Exception:  # noqa: BLE001  (Typer's completion stays silent; it is asked instead)
        raise Declined("finding the file") from None
    payload = snapshot.read(where.file, environ)
    if payload is None:
        raise Declined("no snapshot of this file")
    found = ((paper["id"], paper["title"], paper["date"]) for paper in payload["papers"])
    offered = [(v, h) for v, h in candidates.papers(found, incomplete) if v.startswith(incomplete)]
    if shell == "bash":
        text = "\n".join(value for value, _ in offered)
    elif shell == "zsh":
        width = console_width(environ)
        items = [f'"{_zsh_escape(v)}":"{_help(h, _zsh_escape(h), width)}"' for v, h in offered]
        text = "_arguments '*: :((" + "\n".join(items) + "))'" if items else "_files"
    else:
        width = console_width(environ)
        # re.sub(r"\s", " ", help) as Typer does; `\s` is what str.isspace() calls space
        spaced = ["".join(" " if ch.isspace() else ch for ch in h) for _, h in offered]
        text = "\n".join(f"{v}\t{_help(h, h, width)}" for (v, _), h in zip(offered, spaced, strict=True))
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0
