"""The checklist is the briefing's: ids are a contract, wording is the briefing's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

from svtool import checklist as cl

BRIEFING = Path(__file__).resolve().parents[2] / "shared" / "briefing.txt"
EXPECTED_QUESTIONS = {
    "1": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.7.1", "1.7.2"],
    "2": ["2.1", "2.2"],
    "3": ["3.1", "3.2", "3.3", "3.4"],
    "4": ["4.1", "4.2"],
    "5": ["5.1"],
    "6": ["6.1", "6.2", "6.3", "6.4"],
    "other": ["other"],
}


def _briefing_text() -> str:
    text = BRIEFING.read_text(encoding="utf-8") if BRIEFING.exists() else ""
    return re.sub(r"\s+", " ", text)


def test_ids_are_the_published_contract(svtool):
    result = svtool("checklist", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    got = {s["id"]: [q["id"] for q in s["questions"]] for s in data["sections"]}
    assert got == EXPECTED_QUESTIONS
    q21 = next(q for s in data["sections"] for q in s["questions"] if q["id"] == "2.1")
    assert [s["id"] for s in q21["strategies"]] == [
        "refusing-assessments", "extra-evidence", "hours-cap", "delays", "place-limits", "other",
    ]  # fmt: skip
    for s in data["sections"]:
        assert set(s) >= {"id", "title", "questions"}
        for q in s["questions"]:
            assert set(q) >= {"id", "text"}


def test_wording_is_the_briefings_own():
    briefing = _briefing_text()
    if not briefing:  # the briefing lives beside the repo in shared/; CI has a copy
        return
    for section in cl.SECTIONS:
        if section.id != "other":
            assert section.title in briefing, section.id
        for q in section.questions:
            if q.id != "other":
                assert q.text in briefing, q.id
    for strategy in cl.STRATEGIES:
        if strategy.id != "other":
            assert strategy.text in briefing, strategy.id


def test_enumerations_hold_the_required_ids():
    assert {
        "mainstream-primary", "mainstream-secondary", "all-through", "special-school",
        "resourced-provision", "alternative-provision", "early-years", "post-16", "la-service", "other",
    } <= set(cl.choice_ids(cl.SETTINGS))  # fmt: skip
    assert {
        "first-hand", "member-report", "la-document", "meeting", "foi", "la-communication", "media", "other",
    } <= set(cl.choice_ids(cl.SOURCES))  # fmt: skip
    assert {
        "workload", "wellbeing", "teaching-and-learning", "other-learners", "behaviour", "exclusion",
        "attendance", "staff-turnover",
    } <= set(cl.choice_ids(cl.IMPACTS))  # fmt: skip


def test_ids_are_unique_everywhere():
    questions = [q.id for s in cl.SECTIONS for q in s.questions]
    assert len(questions) == len(set(questions))
    for choices in (cl.SETTINGS, cl.SOURCES, cl.IMPACTS, cl.STRATEGIES, cl.ROLES, cl.CONSULTEES):
        ids = cl.choice_ids(choices)
        assert len(ids) == len(set(ids))
    words = [w for s in cl.SECTIONS for w in s.words]
    assert len(words) == len(set(words))


def test_tree_shows_sections_questions_and_strategies(svtool):
    result = svtool("checklist")
    assert result.exit_code == 0
    out = re.sub(r"\s+", " ", result.stdout)
    assert "1.7.1" in out and "Has the DfE extended the timescale" in out
    assert "hours-cap" in out
    assert "Who is being consulted?" in out


def test_tree_lists_every_choice_id(svtool):
    out = svtool("checklist").stdout
    for choice in ("raised-with-la", "teaching-assistant", "schools-forum", "la-communication"):
        assert choice in out
