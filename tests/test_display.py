"""A rep's text is shown exactly as written on every screen: square brackets are never rich
markup, and characters that would command a terminal (escape sequences, bidirectional overrides)
are shown, not obeyed. JSON keeps the exact text.

Each screen is checked twice: through a pipe (no colour), and as a terminal would get it (rich
forced to colour, so any text mistaken for markup would change the styles it emits).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from svtool import console
from svtool.textsafe import visible

SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes rich itself emits on a terminal
BRACKETS = "Budget cut, see minutes [item 4] and [/appendix]; [name] [UPN] [sic] [red]x[/red] [/]"
TRICKY = "Notes \u202eevil\u202c, \u009b31m C1, [bold]not bold[/bold]"


@pytest.fixture(params=["pipe", "terminal"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Fresh, wide consoles (so no line wraps inside a field), plain or as on a terminal."""
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.delenv("NO_COLOR", raising=False)
    if request.param == "terminal":
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setattr(console, "_plain", lambda: False)
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name in ("out", "err"):
        monkeypatch.delitem(console.__dict__, name, raising=False)
    yield request.param
    for name in ("out", "err"):
        console.__dict__.pop(name, None)


def shown(result: Any) -> str:
    """What reached the screen, with rich's own colour codes taken out."""
    text = SGR.sub("", result.stdout + result.stderr)
    assert "\x1b" not in text, text  # nothing but rich's colours may reach a terminal
    return text


def assert_safe(text: str) -> None:
    assert visible(text) == text, f"an active character reached the screen: {text!r}"


@pytest.fixture
def logged(log_entry: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return log_entry(
        summary=BRACKETS,
        details=f"First paragraph [item 4].\n\n{TRICKY}\n[/appendix]",
        tag="[UPN]",
        outcome="LA said [sic] no",
    )


def test_list_shows_brackets_as_written(svtool, logged, screen):
    result = svtool("list")
    assert result.exit_code == 0, result.output
    assert BRACKETS in shown(result)
    assert "1 entry" in shown(result)


def test_list_keeps_working_after_an_entry_with_a_closing_tag(svtool, log_entry, screen):
    log_entry(summary="Budget cut, see minutes [item 4] and [/appendix]")
    log_entry(summary="Second entry")
    result = svtool("list")
    assert result.exit_code == 0, result.output
    assert "unexpected problem" not in result.output
    assert "[/appendix]" in shown(result) and "Second entry" in shown(result)


def test_narrow_list_shows_brackets_and_neutralises_controls(
    svtool, log_entry, screen, monkeypatch
):
    log_entry(summary=f"{BRACKETS} {TRICKY}")
    monkeypatch.setenv("COLUMNS", "50")
    console.__dict__.pop("out", None)
    result = svtool("list")
    flat = "".join(shown(result).split())
    assert "".join(visible(BRACKETS).split()) in flat
    assert "<U+202E>" in flat
    assert_safe(shown(result))


def test_show_gives_every_field_as_written(svtool, logged, screen):
    result = svtool("show", logged["id"])
    assert result.exit_code == 0, result.output
    text = shown(result)
    assert BRACKETS in text
    assert "First paragraph [item 4]." in text
    assert visible(TRICKY) in text
    assert "[/appendix]" in text and "[UPN]" in text and "LA said [sic] no" in text
    assert_safe(text)


def test_show_json_keeps_the_exact_text(svtool, logged):
    data = json.loads(svtool("show", logged["id"], "--json").stdout)
    assert data["summary"] == BRACKETS
    assert TRICKY in data["details"]


def test_search_shows_matches_with_brackets(svtool, logged, screen):
    result = svtool("search", "minutes")
    assert result.exit_code == 0, result.output
    text = shown(result)
    assert "[item 4]" in text and "[/appendix]" in text and "[red]x[/red]" in text
    assert_safe(text)


def test_search_neutralises_controls_in_snippets(svtool, logged, screen):
    result = svtool("search", "Notes")
    assert result.exit_code == 0, result.output
    text = shown(result)
    assert "<U+202E>evil" in text
    assert_safe(text)


def test_search_for_bracketed_words_shows_the_query(svtool, logged, screen):
    result = svtool("search", "[red]budget")
    assert result.exit_code == 0, result.output
    assert "[red]budget" in shown(result)


def test_history_shows_old_and_new_text_as_written(svtool, logged, screen):
    edit = svtool("edit", logged["id"], "--summary", "Now [b]bold?[/b] and \u202eback", "--yes")
    assert edit.exit_code == 0, edit.output
    result = svtool("history", logged["id"])
    assert result.exit_code == 0, result.output
    text = shown(result)
    assert "[item 4]" in text and "Now [b]bold?[/b] and <U+202E>back" in text
    assert_safe(text)


def test_delete_reason_in_history_is_shown_as_written(svtool, logged, screen):
    svtool("delete", logged["id"], "--reason", "dup of [item 4] [/x]", "--yes")
    svtool("restore", logged["id"])
    text = shown(svtool("history", logged["id"]))
    assert "dup of [item 4] [/x]" in text


def test_report_on_screen_keeps_brackets_and_neutralises_controls(svtool, logged, screen):
    result = svtool("report", "--authority", "Kent")
    assert result.exit_code == 0, result.output
    text = shown(result)
    assert "[item 4]" in text and "[UPN]" in text
    assert "<U+202E>" in text
    assert_safe(text)


def test_errors_quote_what_was_typed_as_written(svtool, screen):
    result = svtool("show", "[red]abc\u202edef[/red]")
    assert result.exit_code in (1, 2)
    text = shown(result)
    assert "[red]abc" in text
    assert_safe(text)
    result = svtool("authorities", "[bold]Nowhere[/]")
    assert result.exit_code == 2
    assert "[bold]Nowhere[/]" in shown(result)


def test_config_values_are_shown_as_written(svtool, screen):
    assert svtool("config", "set", "name", "Sam [rep] \u202eX").exit_code == 0
    text = shown(svtool("config", "list"))
    assert "Sam [rep] <U+202E>X" in text


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["report", "--help"], "placeholders such as [child]"),
        (["export", "--help"], "placeholders such as [UPN]"),
        (["browse", "--help"], 'pip install "svtool[browse]"'),
        (["people", "--help"], "replaced by [child], [parent], [staff] or [name]"),
        (["--help"], "replaced by [child], [parent], [staff] or [name]"),
    ],
)
def test_help_shows_square_brackets(svtool, screen, command, words):
    result = svtool(*command)
    assert result.exit_code == 0
    assert words in " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown(result)).split())


def test_visible_neutralises_only_active_characters():
    assert visible("[red]x[/red] Zoë 🙂 עברית\tok\nnext") == "[red]x[/red] Zoë 🙂 עברית\tok\nnext"
    assert visible("a\x1b[31mb\rc\u202ed\u2066e\x9bf\u2028g") == (
        "a\u241b[31mb\u240dc<U+202E>d<U+2066>e<U+009B>f<U+2028>g"
    )
    assert visible("line\r\nnext") == "line\nnext"
    assert visible("one\ntwo\tthree", one_line=True) == "one \u23ce two three"


def test_a_word_longer_than_the_screen_is_folded_not_cut(svtool, log_entry, screen, monkeypatch):
    address = "https://democracy.example.gov.uk/documents/s12345/High-Needs-Recovery-Plan-v7.pdf"
    entry = log_entry(summary="Plan published", details=f"See {address} page 4.")
    monkeypatch.setenv("COLUMNS", "60")
    console.__dict__.pop("out", None)
    result = svtool("show", entry["id"])
    assert result.exit_code == 0, result.output
    flat = "".join(SGR.sub("", shown(result)).split())
    assert address in flat
    assert "…" not in shown(result)
