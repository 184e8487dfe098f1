"""The two output streams: data to standard output, messages and prompts to standard error."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

# No file= so that rich looks up sys.stdout/sys.stderr when writing (CliRunner swaps them).
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON for scripts: plain text, never wrapped or coloured."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def error(message: str, hint: str | None = None) -> None:
    err.print(f"[bold red]Error:[/] {_escape(message)}")
    if hint:
        err.print(f"  {_escape(hint)}")


def warn(message: str) -> None:
    err.print(f"[yellow]Warning:[/] {_escape(message)}")


def note(message: str) -> None:
    err.print(_escape(message))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
