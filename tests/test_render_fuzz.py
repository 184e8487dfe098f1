"""Fuzzing what svtool SHOWS, not only what it stores: random brackets, rich markup, ANSI escapes,
control and bidirectional characters in every text field, then every command that displays them
(list, show, search, history, report, and the errors that quote what was typed), as a terminal and
through a pipe. Each screen must show the text as written, with active characters replaced by
visible stand-ins, and never fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_LOG
from svtool import console
from svtool.textsafe import visible

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
PIECES = [
    "[", "]", "[/]", "[/x]", "[item 4]", "[/appendix]", "[name]", "[UPN]", "[sic]", "[red]",
    "[/red]", "[bold magenta]", "[link=http://x]", ":smile:", "\\[", "\\", "[[", "]]",
    "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x1b[2J", "\x07", "\x08", "\r", "\x9b", "\x85",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c", "\u2028", "\u2029", "\u200b",
    "Zoë", "e\u0301", "🙂", "עברית", "中文", "%s", "{0}", "<b>", "&amp;", "*", "_", "`", "#",
    " ", "  ", "word", "Pupil A", "\n", "\n\n", "\t",
]  # fmt: skip
# svtool refuses C0 controls other than tab, newline and carriage return (and ESC with them) when
# text is stored, so the stored fields draw from what can be stored; errors get everything.
TERMINAL_COMMANDS = {"\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x1b[2J", "\x07", "\x08"}
STORABLE = [p for p in PIECES if p not in TERMINAL_COMMANDS]
ONE_LINE = [p for p in STORABLE if p not in ("\n", "\n\n", "\r")]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
LINE = st.lists(st.sampled_from(ONE_LINE), min_size=1, max_size=12).map("".join).filter(str.strip)
TAG = LINE.filter(lambda t: len(t) <= 50)
MULTI = st.lists(st.sampled_from(STORABLE), min_size=1, max_size=16).map("".join)


def screens(terminal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.delenv("NO_COLOR", raising=False)
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setattr(console, "_plain", lambda: False)
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setattr(console, "_plain", lambda: True)
    for name in ("out", "err"):
        console.__dict__.pop(name, None)


@pytest.fixture(params=[False, True], ids=["pipe", "terminal"])
def terminal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    screens(request.param, monkeypatch)
    yield request.param
    for name in ("out", "err"):
        console.__dict__.pop(name, None)


def screen_of(result: Any) -> str:
    assert "Traceback" not in result.output
    assert "unexpected problem" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), result.output
    text = SGR.sub("", result.stdout + result.stderr)
    assert visible(text) == text, f"an active character reached the screen: {text!r}"
    return text


def squeeze(text: str) -> str:
    """Text without the spaces and line breaks a screen adds or moves (padding, wrapping)."""
    return re.sub(r"[\s\u23ce]+", "", text)


def assert_shown(value: str, screen: str, *, one_line: bool) -> None:
    assert squeeze(visible(value.expandtabs(8), one_line=one_line)) in squeeze(screen)


def log(svtool: Callable[..., Any], **fields: str) -> tuple[Any, str | None]:
    args = list(VALID_LOG)
    for key, value in fields.items():
        option = "--" + key
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    result = svtool("log", *args, "--json")
    entry_id = json.loads(result.stdout)["id"] if result.exit_code == 0 else None
    return result, entry_id


@FUZZ
@given(summary=LINE, details=MULTI, outcome=MULTI, tag=TAG)
def test_every_screen_shows_text_as_written(svtool, terminal, summary, details, outcome, tag):
    result, entry_id = log(svtool, summary=summary, details=details, outcome=outcome, tag=tag)
    screen_of(result)
    assert entry_id is not None, result.output  # every one of these can be stored
    stored = json.loads(svtool("show", entry_id, "--json").stdout)
    assert stored["summary"] == summary and stored["details"] == details  # JSON keeps it exact

    listed = screen_of(svtool("list"))
    assert_shown(summary, listed, one_line=True)

    shown = screen_of(svtool("show", entry_id))
    for value in (summary, details, outcome, *stored["tags"]):
        assert_shown(value, shown, one_line=False)

    edited = svtool("edit", entry_id, "--summary", f"{summary} {tag}"[:200], "--yes")
    screen_of(edited)
    history = screen_of(svtool("history", entry_id))
    if edited.exit_code == 0:
        assert_shown(f"{summary} {tag}"[:200].replace("\n", " ")[:77], history, one_line=True)

    screen_of(svtool("search", "word"))
    screen_of(svtool("search", summary))
    screen_of(svtool("report", "--authority", "Kent"))
    screen_of(svtool("delete", entry_id, "--reason", tag, "--yes"))
    screen_of(svtool("history", entry_id))


@FUZZ
@given(typed=TEXT)
def test_errors_show_what_was_typed_safely(svtool, terminal, typed):
    for args in (
        ["show", typed],
        ["authorities", typed],
        ["list", "--since", typed],
        ["list", "--authority", typed],
        ["log", *VALID_LOG, "--date", typed],
        ["log", *VALID_LOG, "--setting", typed],
        ["report", "--authority", typed],
        ["config", "set", "name", typed],
    ):
        screen_of(svtool(*args))
