"""Register names that are everyday words ('Will Read', 'Grace May') leave ordinary text alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID_LOG
from svtool import people
from svtool.pii.detector import find_personal_data, redact

WORDY = [("Will Read", "child"), ("Grace May", "parent"), ("Jayden Okafor", "child")]


def _register() -> people.Register:
    compiled = people.compiled([people.Person(n, r) for n, r in WORDY])
    assert compiled is not None
    return compiled


@pytest.mark.parametrize(
    "text",
    [
        "Panel in May refused 6 requests; the LA will review in June",
        "by God's grace it may work",
        "the LA will read the report. Will it help?",
        "We will see. May I add that the panel may refuse",
        "Grace period of 6 weeks; READ THE LETTER",
    ],
)
def test_everyday_words_stay_words(text: str) -> None:
    assert redact(text, register=_register()) == text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("spoke to Grace May at the gate", "spoke to [parent] at the gate"),
        ("Will Read has no TA", "[child] has no TA"),
        ("Mrs May rang again", "Mrs [parent] rang again"),
        ("then mrs may rang again", "then [parent] rang again"),  # the title goes too
        ("G. May came in", "[parent] came in"),
        ("then asked Grace's TA", "then asked [parent]'s TA"),
        ("grace's mum rang", "[parent]'s mum rang"),
        ("her mum Grace said no", "her mum [parent] said no"),
        ("sent home, then Will (Y4) was excluded", "sent home, then [child] (Y4) was excluded"),
        ("Okafor's mum", "[child]'s mum"),  # uncommon parts: anywhere, any case
        ("jayden waited", "[child] waited"),
    ],
)
def test_everyday_words_found_where_they_read_as_names(text: str, redacted: str) -> None:
    assert redact(text, register=_register()) == redacted


def test_titles_in_an_old_register_are_never_looked_for() -> None:
    reg = people.compiled([people.Person("Mrs Siobhan Ferguson-Whitaker", "parent")])
    assert redact("Dear Mr/Mrs/Ms,", register=reg) == "Dear Mr/Mrs/Ms,"
    assert redact("siobhan rang, mrs ferguson-whitaker", register=reg) == "[parent] rang, [parent]"


def _add(svtool: Any, name: str, role: str) -> Any:
    return svtool("people", "add", name, "--role", role)


def test_people_add_says_how_an_everyday_word_is_treated(svtool: Any) -> None:
    result = _add(svtool, "Will Read", "child")
    assert result.exit_code == 0
    assert "'Will' and 'Read' are everyday words" in result.stderr
    assert "only where they read as a name" in result.stderr
    plain = _add(svtool, "Jayden Okafor", "child")
    assert "everyday" not in plain.stderr


def test_people_add_leaves_titles_out_and_refuses_one_letter(svtool: Any) -> None:
    result = _add(svtool, "Mrs Siobhan Ferguson-Whitaker", "parent")
    assert result.exit_code == 0 and "Left out Mrs" in result.stderr
    listed = json.loads(svtool("people", "list", "--json").stdout)
    assert listed == [{"name": "Siobhan Ferguson-Whitaker", "role": "parent"}]
    for bad in ("X", "Mrs K", "Mr"):
        refused = _add(svtool, bad, "child")
        assert refused.exit_code == 2, bad
        assert "NAME" in refused.stderr and "Traceback" not in refused.output


def test_people_add_says_when_the_role_changes(svtool: Any) -> None:
    _add(svtool, "Grace May", "child")
    result = _add(svtool, "grace may", "parent")
    assert result.exit_code == 0
    assert "Changed Grace May from child to parent" in result.stderr
    assert "[parent]" in result.stderr


def test_ordinary_notes_keep_their_words_at_entry_and_export(
    svtool: Any, log_entry: Any, tmp_path: Path
) -> None:
    from test_exchange_support import jsonl, members

    _add(svtool, "Will Read", "child")
    _add(svtool, "Grace May", "parent")
    note = "Panel in May refused 6 requests; the LA will review in June"
    result = svtool("log", *VALID_LOG, "--details", note)
    assert result.exit_code == 0 and "Warning" not in result.stderr
    entry = log_entry("--redact", details="by God's grace it may work; Mrs May rang")
    assert entry["details"] == "by God's grace it may work; Mrs [parent] rang"
    assert json.loads(svtool("scan", "--json").stdout) == []
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    details = sorted(e["details"] for e in jsonl(members(out)["entries.jsonl"]))
    assert note in details


def test_a_detector_finding_takes_the_register_role() -> None:
    # the detector finds 'Grace' by itself here; the register says she is a parent
    found = find_personal_data("Grace rang about the taxi", _register())
    assert [f.placeholder for f in found] == ["[parent]"]
