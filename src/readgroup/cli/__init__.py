"""The command line: parse options, call the domain code, render. Nothing else.

Each command group lives in its own module with its own `typer.Typer()`, registered here with
`add_typer`; command modules import only `params` and `output` from this package, never this
module, so there is no import cycle. Heavy libraries (pydantic through the loader, Rich) are
imported inside the commands that need them: every command and Tab completion pays for start-up.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import ExitCode, ReadgroupError
from . import announce, edits, follow, links, publish, reports, site, syllabus
from .output import emit, fail
from .params import FileOption, GlobalOptionsGroup, NoColorOption, TodayOption


class App(GlobalOptionsGroup):
    """The root: maps the project's exceptions to one line on stderr and the documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReadgroupError as exc:
            fail(exc.message, exc.exit_code, prefixed=exc.prefixed)
        except KeyboardInterrupt:
            fail("interrupted", ExitCode.INTERRUPTED)


app = typer.Typer(
    cls=App,
    name="readgroup",
    help="Run a reading group's weekly paper syllabus: what's next, progress, missing links.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        emit(f"readgroup {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    file: FileOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Run a reading group's weekly paper syllabus from the terminal.

    Reads --file, else $READGROUP_FILE, else ./data/papers.toml, else a followed group's copy
    (readgroup follow URL), else the example shipped with readgroup. --file, --today and
    --no-color go before or after the command name.
    """
    # The global options are recorded by their callbacks (params.options reads them).


for group in (
    reports.app,
    follow.app,
    syllabus.app,
    edits.app,
    links.app,
    publish.app,
    announce.app,
    site.app,
):
    app.add_typer(group)


def main() -> None:
    # A run lives for well under a second and makes few reference cycles, while the cyclic
    # collector rescans every model of a large syllabus again and again (measured: half the
    # report time at 20,000 papers). Memory is still freed by reference counting.
    import gc

    gc.disable()
    app(prog_name="readgroup")
