"""Tab completion of a paper id (`readgroup show le<Tab>`), as Typer's completion prints it.

Dormant: PAPER arguments now complete through cli/complete.py (ids and titles, with help), which
this does not reproduce, so table.PAPER_COMMANDS is empty and every completion goes to Typer.

Answered here only in the plain case: bash, zsh or fish (`get-args`), the words before the one
being completed are global options and a command from table.PAPER_COMMANDS with no argument
yet, and the word does not look like an option. Typer completes everything else (option names,
option values, other arguments) and writes the snapshot this reads.
"""

from __future__ import annotations

import sys

from .. import snapshot
from ..locate import locate
from . import Declined
from .argv import parse
from .table import PAPER_COMMANDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


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


def complete(instruction: str, environ: Mapping[str, str]) -> int:
    shell = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}.get(instruction)
    if shell is None or (shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args"):
        raise Declined(f"completion {instruction!r}")
    try:
        words, incomplete = _words(shell, environ)
    except (KeyError, ValueError):
        raise Declined("the completion variables") from None
    if incomplete.startswith("-") or "=" in incomplete or "--" in words:
        raise Declined("completing an option")
    request = parse(words, incomplete=True)
    if request.command not in PAPER_COMMANDS or request.arguments or request.options:
        raise Declined("not a paper argument")
    file = request.globals.get("file")
    payload = snapshot.read(locate(file if isinstance(file, str) else None, environ).file, environ)
    if payload is None:
        raise Declined("no snapshot of this file")
    ids = [str(paper["id"]) for paper in payload["papers"] if str(paper["id"]).startswith(incomplete)]
    if shell == "zsh":
        quoted = "\n".join(f'"{_zsh_escape(value)}"' for value in ids)
        text = f"_arguments '*: :(({quoted}))'" if ids else "_files"
    else:
        text = "\n".join(ids)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0
