"""The two output streams: data to standard output, messages and prompts to standard error.

rich is loaded only when something needs it (a table, colour on a terminal): a script that logs
an entry and reads one line back should not pay for it.

This is where a rep's text meets rich. Text that came from a person (or a file, or a bundle) goes
to rich only as a `Text` made by `text()` (never as a markup string), so square brackets such as
[item 4], [UPN] or [red] are shown as written, and terminal controls are shown, not obeyed
(svtool.textsafe). Markup is for svtool's own words only.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from svtool.textsafe import json_safe, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

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
    """JSON for scripts: plain text, never wrapped or coloured.

    The exact text, with characters a terminal would obey written as \\u escapes (json.dumps
    already does so for C0 controls): a program reads the same string, a screen shows no harm.
    """
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def write_document(content: str, fmt: str) -> None:
    """A report or brief sent to standard output. Through a pipe or into a file it goes exactly as
    made (Markdown for Word or an e-mail); on a terminal, Markdown is shown as formatted text,
    since a rep reading it there wants headings and tables, not '#' and '|'. Characters that
    would command a terminal are shown, not obeyed, either way."""
    from svtool.textsafe import visible

    if fmt != "md" or not stdout_is_terminal():
        sys.stdout.write(visible(content))
        return
    from rich.markdown import Markdown

    made: Console = globals().get("out") or __getattr__("out")
    made.print(Markdown(visible(content)))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _stderr_console() -> Console:
    made: Console = globals().get("err") or __getattr__("err")
    return made


def _plain() -> bool:
    """Messages need no colour when standard error is not a terminal, or colour is refused."""
    return not sys.stderr.isatty() or bool(os.environ.get("NO_COLOR"))


def text(value: object, style: str = "", *, one_line: bool = False) -> Text:
    """A rep's text for rich: shown exactly as written, never read as markup or obeyed."""
    from rich.text import Text

    return Text(visible(str(value), one_line=one_line), style=style)


def join(*parts: str | Text | tuple[str, str], style: str = "") -> Text:
    """svtool's own words (plain str or (str, style)) joined with Texts made by `text()`.

    A plain str here is svtool's fixed wording and is not parsed as markup either.
    """
    from rich.text import Text

    return Text.assemble(*parts, style=style)


def can_ask() -> bool:
    """Whether svtool can ask questions: standard input is a terminal (tests say yes here)."""
    return sys.stdin.isatty()


def error(message: str, hint: str | None = None) -> None:
    """Messages often quote what was typed, so they are shown like any of a rep's text."""
    if _plain():
        sys.stderr.write(f"Error: {visible(message)}\n" + (f"  {visible(hint)}\n" if hint else ""))
        return
    _stderr_console().print(join(("Error:", "bold red"), " ", text(message)))
    if hint:
        _stderr_console().print(join("  ", text(hint)))


def warn(message: str) -> None:
    if _plain():
        sys.stderr.write(f"Warning: {visible(message)}\n")
        return
    _stderr_console().print(join(("Warning:", "yellow"), " ", text(message)))


def note(message: str) -> None:
    """Plain text everywhere: notes carry no colour, so they never need rich."""
    sys.stderr.write(f"{visible(message)}\n")
