"""The two output streams: data to standard output, messages and prompts to standard error.

rich is loaded only when something needs it (a table, colour on a terminal): a script that logs
an entry and reads one line back should not pay for it.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    out: Console
    err: Console


def __getattr__(name: str) -> Any:
    """`console.out` and `console.err` are made on first use (PEP 562)."""
    if name not in ("out", "err"):
        raise AttributeError(name)
    from rich.console import Console

    # No file= so that rich looks up sys.stdout/sys.stderr when writing (CliRunner swaps them).
    consoles = {
        "out": Console(highlight=False, soft_wrap=False),
        "err": Console(stderr=True, highlight=False, soft_wrap=True),
    }
    globals().update(consoles)
    return consoles[name]


def print_json(data: Any) -> None:
    """JSON for scripts: plain text, never wrapped or coloured."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _stderr_console() -> Console:
    made: Console = globals().get("err") or __getattr__("err")
    return made


def _plain() -> bool:
    """Messages need no colour when standard error is not a terminal, or colour is refused."""
    return not sys.stderr.isatty() or bool(os.environ.get("NO_COLOR"))


def error(message: str, hint: str | None = None) -> None:
    if _plain():
        sys.stderr.write(f"Error: {message}\n" + (f"  {hint}\n" if hint else ""))
        return
    _stderr_console().print(f"[bold red]Error:[/] {_escape(message)}")
    if hint:
        _stderr_console().print(f"  {_escape(hint)}")


def warn(message: str) -> None:
    if _plain():
        sys.stderr.write(f"Warning: {message}\n")
        return
    _stderr_console().print(f"[yellow]Warning:[/] {_escape(message)}")


def note(message: str) -> None:
    """Plain text everywhere: notes carry no colour, so they never need rich."""
    sys.stderr.write(f"{message}\n")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
