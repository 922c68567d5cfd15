"""The command line, parsed with the table generated from the Typer declaration (table.py).

Only the plain forms are understood: `--name value`, `--name=value`, `-x value` and flags, global
options before or after the command, arguments anywhere after it. Anything else (`--help`,
`--`, `-xvalue`, an empty value, a value that starts with `-`, an unknown option, a missing or
extra argument) raises Declined, and Typer parses the run (and says what is wrong, if anything).
"""

from __future__ import annotations

from . import Declined
from .table import COMMANDS, ROOT

GLOBALS = ("file", "today", "no_color")  # lent to every command by cli.params.GlobalOptionsGroup


class Request:
    """One run: the command, its options by parameter name, its arguments, the global options."""

    __slots__ = ("command", "options", "arguments", "globals")

    def __init__(self, command: str) -> None:
        self.command = command
        self.options: dict[str, object] = {}
        self.arguments: list[str] = []
        self.globals: dict[str, object] = {}


def parse(argv: list[str], *, incomplete: bool = False) -> Request:
    """`incomplete`: the words before the one being completed, so a missing argument is fine."""
    request: Request | None = None
    given_globals: dict[str, object] = {}
    table = ROOT
    index = 0
    while index < len(argv):
        token = argv[index]
        index += 1
        if not token.startswith("-") and token:
            if request is None:
                if token not in COMMANDS:
                    raise Declined(f"command {token!r} is not a fast one")
                request = Request(token)
                table = COMMANDS[token][0]
            else:
                request.arguments.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        spec = table.get(name)
        if spec is None:
            raise Declined(f"option {token!r}")
        dest, kind = spec
        if kind == "flag":
            if equals:
                raise Declined(f"a value for the flag {name}")
            given: object = True
        elif kind in ("value", "values"):
            if not equals:
                if index >= len(argv):
                    raise Declined(f"no value after {name}")
                value = argv[index]
                index += 1
            if not value or value.startswith("-"):
                raise Declined(f"the value {value!r} of {name}")
            given = value
        else:
            raise Declined(f"option {name} of kind {kind}")
        if dest in GLOBALS:
            given_globals[dest] = given  # the later one wins, as in cli.params
        elif request is None:
            raise Declined(f"root option {name}")
        elif kind == "values":
            request.options.setdefault(dest, [])
            request.options[dest].append(given)  # type: ignore[attr-defined]
        else:
            request.options[dest] = given
    if request is None:
        raise Declined("no command")
    request.globals = given_globals
    declared = COMMANDS[request.command][1]
    required = [name for name in declared if not name.endswith("...")]  # `files...`: any number
    given = len(request.arguments)
    too_many = given > len(required) and len(required) == len(declared)
    if too_many or (given < len(required) and not incomplete):
        raise Declined("the arguments")
    return request
