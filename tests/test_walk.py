"""The walk, driven key by key through prompt_toolkit's pipe input (as a terminal would send them):
line editing, history, pasted paragraphs, prefilled answers to correct, completion, changing a step
instead of discarding, and the follow-up status."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from test_render_fuzz import LINE, MULTI

ENTER = "\r"
FINISH = "\x1b\r"  # Esc then Enter ends the details
CTRL_A, CTRL_D, CTRL_U, CTRL_W = "\x01", "\x04", "\x15", "\x17"
LEFT, RIGHT = "\x1b[D", "\x1b[C"
BACKSPACE = "\x7f"
NOTES = (
    "The LA wrote to the SENCO on Monday.\n"
    "\n"
    "Outreach is now capped at 10 hours a term, for the whole school [item 4].\n"
    "\n"
    "1\n"
    "today"
)


def paste(text: str) -> str:
    """What a terminal sends for a paste (bracketed paste mode)."""
    return f"\x1b[200~{text}\x1b[201~"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    """A keyboard for the walk: keys sent here reach its prompts as if typed in a terminal."""
    from svtool import console
    from svtool.cli import prompts

    with create_pipe_input() as pipe:
        monkeypatch.setattr(prompts, "_terminal", lambda: (pipe, DummyOutput()))
        monkeypatch.setattr(console, "can_ask", lambda: True)
        prompts.forget()
        # A walk still waiting for keys when they have all been used would wait for ever: the
        # keyboard is unplugged after a while, so the prompt ends (EOF) and the test fails.
        unplug = threading.Timer(600, pipe.close)
        unplug.start()
        yield pipe
        unplug.cancel()
        prompts.forget()


def walk(*answers: str) -> str:
    return "".join(answers)


START = walk("Kent", ENTER, "2", ENTER, "2.1", ENTER, "hours-cap", ENTER)
FIELDS = walk(ENTER, "1", ENTER, "1", ENTER, ENTER * 5)  # date (today) .. follow-up (not raised)
REST = FIELDS + ENTER  # and yes, save it


@pytest.fixture
def logged(svtool: Callable[..., Any]) -> Callable[..., tuple[Any, list[dict[str, Any]]]]:
    def run(*args: str) -> tuple[Any, list[dict[str, Any]]]:
        result = svtool("log", *args)
        entries = json.loads(svtool("list", "--json").stdout)
        return result, entries

    return run


def test_pasted_paragraphs_arrive_whole_and_nothing_spills(keys, logged):
    keys.send_text(
        walk(START, "Outreach capped", ENTER, paste(NOTES), FINISH, CTRL_U, "3 Nov 2025", ENTER)
        + walk("1", ENTER, "1", ENTER, "6", ENTER, ENTER, ENTER, ENTER, ENTER, ENTER)
    )
    result, entries = logged()
    assert result.exit_code == 0, result.output
    (entry,) = entries
    assert entry["details"] == NOTES  # blank lines and all, nothing taken as later answers
    assert entry["occurred_on"] == "2025-11-03"
    assert entry["learners_affected"] == 6
    assert "Esc then Enter" in result.stderr  # the walk says how to finish


def test_typed_details_over_several_lines_finish_with_ctrl_d(keys, logged):
    keys.send_text(
        walk(START, "Outreach capped", ENTER, "First line", ENTER, ENTER, "Second", CTRL_D, REST)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["details"] == "First line\n\nSecond"


def test_arrow_keys_and_home_edit_the_line(keys, logged):
    keys.send_text(
        walk(START, "Outrech capped", CTRL_A, RIGHT * 5, "a", ENTER)  # Home, 5 right, insert
        + walk("Capped", LEFT * 6, "Hours ", FINISH, REST)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["summary"] == "Outreach capped"
    assert entry["details"] == "Hours Capped"


def test_a_too_long_summary_is_corrected_not_retyped(keys, logged):
    # "n": not moved to the details, but kept to be cut down
    keys.send_text(walk(START, "x" * 205, ENTER, "n", ENTER, BACKSPACE * 5, ENTER, FINISH, REST))
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert "205 characters" in result.stderr or "too long" in result.stderr
    assert entry["summary"] == "x" * 200


def test_a_mistyped_authority_is_corrected(keys, logged):
    keys.send_text(walk("Kentt", ENTER, BACKSPACE, ENTER, "2", ENTER, "2.1", ENTER, "3", ENTER))
    keys.send_text(walk("Outreach capped", ENTER, FINISH, REST))
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["authority_name"] == "Kent"


def test_authority_names_complete_as_you_type():
    from prompt_toolkit.document import Document

    from svtool.cli.prompts import completer_for
    from svtool.cli.steps import authority_names

    completer = completer_for(authority_names(), anywhere=True)

    def offered(typed: str) -> list[str]:
        return [c.text for c in completer.get_completions(Document(typed), None)]  # type: ignore[arg-type]

    assert offered("northumb") == ["Northumberland"]
    assert "Windsor and Maidenhead" in offered("windsor")
    assert {"Kent", "Kensington and Chelsea"} <= set(offered("Ken"))


def test_editing_flagged_text_starts_from_what_was_typed(keys, logged):
    keys.send_text(
        walk(START, "Contact jo.bloggs@example.org about outreach", ENTER)
        + walk("e", ENTER, CTRL_W * 3, "the SENCO about outreach", ENTER)
        + walk("Ask jo.bloggs@example.org", FINISH, "e", ENTER, CTRL_W, "the SENCO", FINISH)
        + REST
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["summary"] == "Contact the SENCO about outreach"
    assert entry["details"] == "Ask the SENCO"
    assert "looks like an email address" in result.stderr
    assert "The summary looks clear now." in result.stderr
    assert "The details look clear now." in result.stderr


def test_a_flagged_name_can_join_the_people_register(keys, logged, svtool):
    """'a' adds the flagged name with the role the rep picks; the text is scanned again, so the
    name now gets its role's placeholder, and later entries find it in any case."""
    keys.send_text(
        walk(START, "Tobi Adeyemi still has no outreach", ENTER)
        + walk("a", ENTER, "parent", ENTER, ENTER)  # add as a parent, then replace
        + walk("Capped at 10 hours", FINISH)
        + REST
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert "is in your people register (parent)" in result.stderr
    assert "Tobi Adeyemi" not in entry["summary"]
    assert entry["summary"].endswith("still has no outreach")
    listed = json.loads(svtool("people", "list", "--json").stdout)
    assert [(p["name"], p["role"]) for p in listed] == [("Tobi Adeyemi", "parent")]


def test_no_at_save_offers_to_change_a_step_with_history(keys, logged):
    from svtool.cli import prompts

    keys.send_text(
        walk(START, "First version", ENTER, FINISH, FIELDS, "n", ENTER)
        + walk("summary", ENTER, CTRL_U, "Second version", ENTER, "n", ENTER)
        + walk("5", ENTER, " again", ENTER, ENTER)  # step 5 is the summary: change it again
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert "Not saved yet" in result.stderr
    assert entry["summary"] == "Second version again"
    # Up and Down at the summary prompt recall these (tried for real in a terminal; with
    # keys from a pipe, history loads after the keys are read, so it is checked here).
    assert prompts._sessions["summary"].history.get_strings() == [
        "First version", "Second version", "Second version again",
    ]  # fmt: skip


def test_changing_the_section_asks_for_its_questions(keys, logged):
    keys.send_text(
        walk(START, "Two TA posts cut", ENTER, FINISH, FIELDS, "n", ENTER)
        + walk("checklist", ENTER, "4", ENTER, "4.1", ENTER, "2", ENTER, ENTER, ENTER)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["section"] == "4" and entry["questions"] == ["4.1"]
    assert entry["strategies"] == [] and entry["posts_cut"] == 2


def test_discarding_saves_nothing(keys, logged):
    keys.send_text(
        walk(START, "Outreach capped", ENTER, FINISH, FIELDS, "n", ENTER, "d", ENTER, "y", ENTER)
    )
    result, entries = logged()
    assert result.exit_code == 1
    assert "Not saved" in result.stderr
    assert "Error" not in result.stderr  # the rep's own choice, not a failure
    assert entries == []


def test_the_walk_asks_for_follow_up(keys, logged):
    keys.send_text(
        walk(START, "Outreach capped", ENTER, FINISH, ENTER, "1", ENTER, "1", ENTER, ENTER, ENTER)
        + walk(ENTER, ENTER, "raised-with-la", ENTER, "LA agreed to review", ENTER, ENTER)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert "Follow-up" in result.stderr
    assert entry["status"] == "raised-with-la"
    assert entry["outcome"] == "LA agreed to review"


def test_edit_walk_starts_from_the_current_values(keys, svtool, log_entry):
    entry = log_entry(summary="Outreach capped at 10 hours")
    keys.send_text(ENTER * 4 + walk(CTRL_W, "12 hours", ENTER, FINISH) + ENTER * 12)
    result = svtool("edit", entry["id"])
    assert result.exit_code == 0, result.output
    shown = json.loads(svtool("show", entry["id"], "--json").stdout)
    assert shown["summary"] == "Outreach capped at 10 12 hours"
    assert shown["revision"] == 2


def test_prompts_are_loaded_only_for_the_walk():
    import subprocess
    import sys

    code = (
        "import sys; from svtool.__main__ import main; sys.argv = ['svtool', 'checklist', '--json'];"
        "\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'prompt_toolkit' not in sys.modules, 'prompt_toolkit loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(typo=LINE, summary=LINE, details=MULTI)
def test_walk_screens_show_pasted_text_safely(keys, logged, typo, summary, details):
    """Whatever is pasted (brackets, markup, bidi and C1 characters, blank lines) reaches the
    entry exactly, and the walk's screens (the card, the review) show it without obeying it."""
    from test_render_fuzz import assert_shown, screen_of

    # Generated text can hold a name ("Zoë"), and the personal-data review would then take the
    # keys meant for the next prompts; that review has tests of its own, so here it finds nothing.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("svtool.pii.detector.find_personal_data", lambda text, register=None: [])
        keys.send_text(walk(paste(typo), ENTER, CTRL_U, START, paste(summary), ENTER))
        keys.send_text(walk(paste(details), FINISH, REST))
        result, entries = logged()
    screen = screen_of(result)
    stored = next(e for e in entries if e["id"] == result.stdout.strip())
    assert stored["summary"] == summary.strip()
    assert stored["details"] == details.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    assert_shown(stored["summary"], screen, one_line=False)
    assert "no English local authority matches" in screen  # the typo, quoted safely


def test_esc_a_pause_then_enter_finishes_the_details(keys):
    """A terminal sends Esc alone; a rep who pauses before Enter still finishes, rather than
    starting a new line and being stuck in the box."""
    import time

    from svtool.cli import prompts

    def type_slowly() -> None:
        keys.send_text("Outreach capped\x1b")
        time.sleep(2)  # longer than prompt_toolkit waits for what follows an Esc
        keys.send_text(ENTER + "not part of it" + CTRL_D)

    typist = threading.Thread(target=type_slowly)
    typist.start()
    try:
        assert prompts.ask_lines("Details") == "Outreach capped"
    finally:
        typist.join()


def test_yes_no_questions_show_what_to_type(monkeypatch):
    """[y/N] is shown, not read as a style and dropped."""
    from prompt_toolkit.formatted_text import fragment_list_to_text, to_formatted_text

    from svtool.cli import prompts

    shown: list[str] = []

    def answer(markup: str, **_: object) -> str:
        shown.append(fragment_list_to_text(to_formatted_text(prompts._message(markup))))
        return "y"

    monkeypatch.setattr(prompts, "ask", answer)
    assert prompts.confirm("Discard this entry?", default=False)
    assert prompts.confirm("Save it?", default=True)
    assert shown == ["Discard this entry? [y/N] ", "Save it? [Y/n] "]


def test_the_id_shown_at_review_is_the_id_saved(keys, logged):
    import re

    keys.send_text(
        walk(START, "First version", ENTER, FINISH, FIELDS, "n", ENTER)
        + walk("summary", ENTER, CTRL_U, "Second version", ENTER, ENTER)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    shown = set(re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", result.stderr))
    assert shown == {entry["id"]}


def test_a_mistyped_choice_brings_a_suggestion(keys, logged):
    keys.send_text(
        walk(START, "Outreach capped", ENTER, FINISH, ENTER, "primery", ENTER)
        + walk(CTRL_U, "1", ENTER, "1", ENTER, ENTER * 5, ENTER)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert "Did you mean 1 (mainstream-primary)?" in " ".join(result.stderr.split())
    assert entry["setting"] == "mainstream-primary"


def test_a_long_pasted_summary_can_move_to_the_details(keys, logged):
    note = (
        "The LA refused to assess three pupils this term. "
        + "Panel said the school had not shown enough graduated response, again. " * 4
    ).strip()
    assert len(note) > 200
    keys.send_text(
        walk(START, paste(note), ENTER, ENTER, ENTER)  # move it; keep the first sentence
        + walk(ENTER, "More to add.", FINISH, CTRL_U, "3 Nov 2025", ENTER)  # the details, shown
        + walk("1", ENTER, "1", ENTER, ENTER * 5, ENTER)
    )
    result, (entry,) = logged()
    assert result.exit_code == 0, result.output
    assert entry["summary"] == "The LA refused to assess three pupils this term."
    assert entry["details"] == note + "\nMore to add."
    assert entry["occurred_on"] == "2025-11-03"
