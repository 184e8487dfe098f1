"""The entry schema: property-based checks that valid entries round-trip and bad ones are refused."""

from __future__ import annotations

import json
import uuid
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svtool import checklist as cl
from svtool.errors import BadInput
from svtool.evidence import Draft, build_entry
from svtool.models import Entry, validate_entry


@st.composite
def entries(draw: st.DrawFn) -> dict:
    section = draw(st.sampled_from(cl.SECTIONS))
    questions = draw(
        st.lists(st.sampled_from([q.id for q in section.questions]), min_size=1, unique=True)
    )
    strategies = (
        draw(st.lists(st.sampled_from(cl.choice_ids(cl.STRATEGIES)), unique=True))
        if "2.1" in questions
        else []
    )
    text = st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
        max_size=60,
    )
    data = {
        "id": str(uuid.uuid4()),
        "authority_code": "886",
        "authority_name": "Kent",
        "programme": "safety_valve",
        "section": section.id,
        "questions": questions,
        "strategies": strategies,
        "summary": draw(text.filter(lambda s: s.strip() != "")),
        "details": draw(
            st.text(max_size=200).filter(
                lambda s: (
                    all(c in "\t\n\r" or ord(c) >= 32 for c in s)
                    and not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) == 0x7F for c in s)
                )
            )
        ),
        "occurred_on": draw(
            st.dates(min_value=date(2014, 9, 1), max_value=date.today())
        ).isoformat(),
        "setting": draw(st.sampled_from(cl.choice_ids(cl.SETTINGS))),
        "source": draw(st.sampled_from(cl.choice_ids(cl.SOURCES))),
        "learners_affected": draw(st.none() | st.integers(0, 10_000)),
        "staff_affected": draw(st.none() | st.integers(0, 10_000)),
        "impacts": draw(st.lists(st.sampled_from(cl.choice_ids(cl.IMPACTS)), unique=True)),
        "tags": draw(
            st.lists(
                text.filter(lambda s: s.strip() != "" and len(s) <= 50), unique=True, max_size=3
            )
        ),
        "logged_at": "2025-11-29T10:00:00.000000Z",
    }
    return data


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(entries())
def test_valid_entries_round_trip_through_json(data):
    entry = validate_entry(data)
    again = Entry.model_validate(json.loads(json.dumps(entry.as_json())))
    assert again == entry
    assert entry.summary == data["summary"] and entry.details == data["details"]


@settings(max_examples=150)
@given(st.text(max_size=250))
def test_summary_is_stored_exactly_or_refused(summary):
    draft = Draft(
        authority="Kent", questions=["2.1"], strategies=["delays"], summary=summary, date="2025-01-01",
        setting="special-school", source="foi",
    )  # fmt: skip
    try:
        entry = build_entry(draft)
    except BadInput as e:
        assert [p.option for p in e.problems] == ["--summary"]
    else:
        assert entry.summary == summary
        assert 1 <= len(summary) <= 200


@settings(max_examples=100)
@given(st.text(max_size=12))
def test_section_and_question_ids_are_never_invented(word):
    draft = Draft(
        authority="Kent", section=word, summary="x", date="today", setting="other", source="other"
    )
    try:
        entry = build_entry(draft)
    except BadInput as e:
        assert {p.option for p in e.problems} <= {"--section", "--question", "--strategy"}
    else:
        assert entry.section in cl.sections_by_id()
        assert set(entry.questions) <= {q.id for q in cl.sections_by_id()[entry.section].questions}


def test_extra_keys_are_refused():
    data = {
        "id": str(uuid.uuid4()), "authority_code": "886", "authority_name": "Kent", "programme": "dbv",
        "section": "5", "questions": ["5.1"], "summary": "x", "occurred_on": "2025-01-01",
        "setting": "other", "source": "other", "logged_at": "2025-01-01T00:00:00Z", "child_name": "x",
    }  # fmt: skip
    try:
        validate_entry(data)
    except BadInput as e:
        assert any("child_name" in str(p) for p in e.problems)
    else:
        raise AssertionError("an unknown field was accepted")


def test_every_rule_is_applied_by_the_schema_to_its_field():
    """The rules live in svtool.rules; the schema must apply each one, to the field it names."""
    from pydantic import AfterValidator

    from svtool.models import Entry
    from svtool.rules import FIELD_RULES

    applied = {
        name: [m.func for m in info.metadata if isinstance(m, AfterValidator)]
        for name, info in Entry.model_fields.items()
    }
    assert {name: rules for name, rules in applied.items() if rules} == {
        name: [rule] for name, rule in FIELD_RULES.items()
    }
