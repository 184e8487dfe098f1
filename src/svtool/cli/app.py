"""The command-line application: the Typer app every command registers on, the state each command
reads (which database), and the one place errors become exit codes.

Library exceptions become one-line messages on standard error (exit 2 for bad input, 1 for other
failures), so a rep never sees a traceback. Command modules import `app` and `state` from here;
this module imports none of them (svtool.cli assembles the commands).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from svtool import __version__
from svtool.errors import BadInput, Declined, SvtoolError

if TYPE_CHECKING:
    from typer._click.core import Context as ClickContext

    from svtool.store import Store

DEBUG_ENV = "SVTOOL_DEBUG"


class SvtoolGroup(TyperGroup):
    """Catches every library error once, for all commands."""

    def invoke(self, ctx: ClickContext) -> Any:
        from svtool import console

        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, EOFError):
            console.note("\nCancelled; nothing was saved.")
            ctx.exit(130)
        except Exception as e:
            if _is_framework_signal(e):
                raise
            code, message, hint = _describe(e)
            if os.environ.get(DEBUG_ENV) and not isinstance(e, SvtoolError):
                raise
            if isinstance(e, Declined):
                console.note(e.message)
            elif isinstance(e, BadInput):
                for problem in e.problems:
                    console.error(str(problem))
            else:
                console.error(message, hint)
            ctx.exit(code)


def _is_framework_signal(error: BaseException) -> bool:
    """Exit, Abort and usage errors belong to Typer/Click, which print them themselves."""
    return type(error).__module__.split(".")[0] in ("typer", "click")


def _describe(error: Exception) -> tuple[int, str, str | None]:
    """Exit code, message and hint for any error, so that nobody sees a traceback."""
    if isinstance(error, SvtoolError):
        return error.exit_code, error.message, error.hint
    from svtool.store import database_failure

    failure = database_failure(error)
    if failure is not None:
        return 1, *failure
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return 1, f"{error.strerror or error}{where}", None
    return (
        1,
        f"svtool met an unexpected problem ({type(error).__name__}: {error}); nothing was saved",
        f"Run again with {DEBUG_ENV}=1 to see the details, and tell the svtool developers.",
    )


app = typer.Typer(
    name="svtool",
    cls=SvtoolGroup,
    help=(
        "Record evidence about SEND support in Safety Valve and Delivering Better Value "
        "local authorities, report on it, and send it to NASUWT head office."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    db: Path

    def open_store(self, *, read_only: bool = False) -> Store:
        """The store, created and upgraded as needed; read_only never writes (for --dry-run)."""
        from svtool import console
        from svtool.health import check_folder, location_warning, upgraded_note
        from svtool.store import Store

        warning = location_warning(self.db)
        if warning:
            console.warn(warning)
        check_folder(self.db)
        store = Store(self.db, read_only=read_only)
        from svtool import people as people_register

        people_register.activate(self.db)  # its names are found by every scan this command makes
        note = upgraded_note(store)
        if note:
            console.note(note)
        return store


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"svtool {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="PATH",
        help="The database file (default: SVTOOL_DB, else your user data folder).",
        show_default=False,
    ),
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    from svtool.paths import resolve_db_path

    ctx.obj = State(db=resolve_db_path(db))


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    assert obj is not None
    return obj


def run() -> None:
    app(prog_name="svtool")
