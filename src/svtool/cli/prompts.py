"""Prompts that edit like a shell, for the walk: prompt_toolkit, as pgcli and litecli use it.

Every prompt has line editing (arrow keys, Home/End, Ctrl-A/E/W/U/K, Alt-B/F), history (up and down
recall what was typed at the same kind of prompt earlier in this run), and a default that is
already typed, so a rep changes it rather than types it again. The details prompt takes several
lines: Enter starts a new line, a paste arrives whole (blank lines included), and Esc then Enter,
Alt-Enter or Ctrl-D finishes. Loaded only when svtool asks in a terminal, so that commands given
in full start as quickly as before (README: Performance). Works on Windows consoles too.

History stays in memory for the run and is never written to disk: what reps type is evidence,
sometimes about children, and a history file would be a second, unprotected copy of it.

Prompts go to standard error with every other message; standard output is for data (`--json`).
Tests replace `_terminal` with prompt_toolkit's pipe input and a dummy output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer
    from prompt_toolkit.formatted_text import AnyFormattedText
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

FINISH_DETAILS = "Esc then Enter (or Ctrl-D)"
DETAILS_HOW = f"Finish with {FINISH_DETAILS}; Enter starts a new line; paste freely"

_sessions: dict[str, PromptSession[str]] = {}


def _terminal() -> tuple[Input | None, Output]:
    """The keyboard (standard input) and the screen (standard error)."""
    from prompt_toolkit.output import create_output

    return None, create_output(stdout=sys.stderr)


def _session(kind: str) -> PromptSession[str]:
    """One session per kind of prompt (authority, summary, details...), each with its history."""
    session = _sessions.get(kind)
    if session is None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory

        keyboard, screen = _terminal()
        session = PromptSession(history=InMemoryHistory(), input=keyboard, output=screen)
        _sessions[kind] = session
    return session


def forget() -> None:
    """Start afresh (a new walk in the same process: tests)."""
    _sessions.clear()


def _message(markup: str) -> AnyFormattedText:
    """svtool's own words, written with rich markup, as prompt_toolkit shows them."""
    from prompt_toolkit.formatted_text import ANSI

    from svtool.console import err

    with err.capture() as captured:
        err.print(markup, end="", soft_wrap=True)
    return ANSI(captured.get())


def _one_line_paste() -> Any:
    """A paste into a one-line prompt stays on that line (its line breaks become spaces), so
    nothing spills into the prompts after it."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.BracketedPaste)
    def _(event: Any) -> None:
        text = event.data.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        event.current_buffer.insert_text(text)

    return bindings


def completer_for(values: Iterable[str], anywhere: bool = False) -> Completer:
    """Offers the values that start with (or, anywhere, contain) what is typed, in any case."""
    from prompt_toolkit.completion import WordCompleter

    return WordCompleter(list(values), ignore_case=True, sentence=True, match_middle=anywhere)


def ask(
    markup: str,
    default: str = "",
    *,
    kind: str,
    completions: Iterable[str] | None = None,
    complete_anywhere: bool = False,
) -> str:
    """One line, with `default` already typed; completions are offered as the rep types."""
    completer = None if completions is None else completer_for(completions, complete_anywhere)
    answer = _session(kind).prompt(
        _message(markup),
        default=default,
        completer=completer,
        complete_while_typing=completer is not None,
        key_bindings=_one_line_paste(),
    )
    return answer.strip()


def ask_lines(markup: str, default: str = "", *, kind: str = "details") -> str:
    """Several lines (pasted paragraphs whole); Esc then Enter, Alt-Enter or Ctrl-D finishes."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()
    # A terminal sends Esc alone and prompt_toolkit waits only half a second for what follows
    # it, so "Esc, a pause, Enter" would start a new line. Esc alone arms Enter to finish
    # instead, until the text or the cursor moves.
    armed = False

    def disarm(_: object) -> None:
        nonlocal armed
        armed = False

    @bindings.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add("escape")
    def _(event: Any) -> None:
        nonlocal armed
        armed = True

    @bindings.add("enter", filter=Condition(lambda: armed))
    def _(event: Any) -> None:
        event.current_buffer.validate_and_handle()

    def toolbar() -> str:
        return " Enter now finishes the details" if armed else f" {DETAILS_HOW}"

    session = _session(kind)
    buffer = session.default_buffer
    buffer.on_text_changed += disarm
    buffer.on_cursor_position_changed += disarm
    try:
        answer = session.prompt(
            _message(markup),
            default=default,
            multiline=True,
            key_bindings=bindings,
            prompt_continuation="  ",
            bottom_toolbar=toolbar,
        )
    finally:
        buffer.on_text_changed -= disarm
        buffer.on_cursor_position_changed -= disarm
    return answer.strip("\n")


def confirm(markup: str, *, default: bool) -> bool:
    """y or n; Enter takes the default."""
    # Escaped: rich would read a bare [y/N] as a style and show nothing.
    hint = r"\[Y/n]" if default else r"\[y/N]"
    while True:
        answer = ask(f"{markup} [dim]{hint}[/] ", kind="yes-no").casefold()
        if not answer:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        from svtool.console import err

        err.print("[red]Please answer y or n.[/]")


def choose(markup: str, choices: dict[str, str], *, default: str) -> str:
    """One of a few letters (shown in the message); Enter takes the default."""
    while True:
        answer = ask(markup, kind="choice", completions=choices).casefold()
        if not answer:
            return default
        if answer in choices:
            return answer
        for key, word in choices.items():
            if word.casefold().startswith(answer):
                return key
        from svtool.console import err

        err.print(f"[red]Please type one of {', '.join(choices)}.[/]")
