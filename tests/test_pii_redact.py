"""Redaction: placeholders replace findings, nothing else changes, and placeholders stay clean."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool.pii import (
    KINDS,
    PLACEHOLDERS,
    Finding,
    count_by_kind,
    find_personal_data,
    redact,
)

CORPUS = Path(__file__).parent / "pii_corpus" / "notes.jsonl"
PII_SNIPPETS = [
    "Jack Smith",
    "Mrs Okafor",
    "B801200005001",
    "999 000 0018",
    "1234567899",
    "JT 12 34 56 B",
    "PR1 2AB",
    "j.bloggs@example.org",
    "07700 900123",
    "DOB 03/04/2016",
    "14 Oak Road",
    "a boy called kai",
]
FILLERS = [
    "The LA refused the EHCP after 20 weeks.",
    "Schools Forum cut £1.2m (12%).",
    "Pupil A in Year 6",
    "URN 123456, LA 886",
    "meeting on 12/03/2024",
    "SENCO and head teacher",
    "\n",
    " ",
    ", ",
]


def test_api_shape() -> None:
    assert KINDS == (
        "child_name",
        "adult_name",
        "upn",
        "uln",
        "nhs_number",
        "date_of_birth",
        "postcode",
        "email",
        "phone",
        "ni_number",
        "address",
    )
    assert set(PLACEHOLDERS) == set(KINDS)
    assert PLACEHOLDERS["upn"] == "[UPN]"
    assert PLACEHOLDERS["child_name"] == "[child]"
    assert PLACEHOLDERS["adult_name"] == "[name]"


def test_redact_example() -> None:
    text = "Jack Smith (UPN B801200005001) rang 07700 900123 on 12/03/2024."
    assert redact(text) == "[child] (UPN [UPN]) rang [phone] on 12/03/2024."
    assert count_by_kind(find_personal_data(text)) == {"child_name": 1, "upn": 1, "phone": 1}


def test_redact_with_given_findings_only_touches_those() -> None:
    text = "Jack rang 07700 900123"
    only_phone = [f for f in find_personal_data(text) if f.kind == "phone"]
    assert redact(text, only_phone) == "Jack rang [phone]"


def test_findings_are_sorted_non_overlapping_and_exact() -> None:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    for row in rows:
        found = find_personal_data(row["text"])
        for a, b in itertools.pairwise(found):
            assert a.end <= b.start
        for f in found:
            assert row["text"][f.start : f.end] == f.text
            assert f.kind in KINDS


def check_round_trip(text: str) -> None:
    findings = find_personal_data(text)
    out = redact(text, findings)
    # outside the findings the text is unchanged, in order
    pos = 0
    rebuilt: list[str] = []
    for f in findings:
        rebuilt.append(text[pos : f.start])
        rebuilt.append(PLACEHOLDERS[f.kind])
        pos = f.end
    rebuilt.append(text[pos:])
    assert out == "".join(rebuilt)
    for f in findings:
        if text.count(f.text) == 1:  # a repeated value may be personal in one place only
            assert f.text not in out
    # placeholders are never detected as personal data themselves
    again = find_personal_data(out)
    placeholder_spans = []
    pos_out = 0
    pos_in = 0
    for f in findings:
        pos_out += f.start - pos_in
        placeholder_spans.append((pos_out, pos_out + len(PLACEHOLDERS[f.kind])))
        pos_out += len(PLACEHOLDERS[f.kind])
        pos_in = f.end
    for g in again:
        assert not any(s < g.end and g.start < e for s, e in placeholder_spans), g


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PII_SNIPPETS + FILLERS), min_size=1, max_size=12))
def test_round_trip_on_assembled_notes(parts: list[str]) -> None:
    check_round_trip(" ".join(parts))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_round_trip_on_arbitrary_text(text: str) -> None:
    check_round_trip(text)


def test_redacted_corpus_keeps_no_gold_value() -> None:
    """Identifiers everywhere, and names of the dev split (the test split's made-up names are
    found from context alone, and bench/pii_eval.py measures how often)."""
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    rng = random.Random(1)
    for row in rng.sample(rows, 120):
        out = redact(row["text"])
        for span in row["spans"]:
            if span["kind"].endswith("_name") and row["id"].startswith("test"):
                continue
            value = row["text"][span["start"] : span["end"]]
            if len(value) >= 6:
                assert value not in out, (row["id"], value)


def test_finding_is_frozen() -> None:
    f = Finding(0, 4, "child_name", "Jack")
    try:
        f.start = 2  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Finding must be immutable")


# --- redaction you can trust: what redaction leaves, a second scan finds nothing in --------------

CORPORA = [
    CORPUS,
    Path(__file__).parent / "pii_heldout" / "dev.jsonl",
    Path(__file__).parent / "pii_heldout" / "heldout.jsonl",
]
_TEXTS = {
    path.name: [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    for path in CORPORA
}
# Sentences to recombine come from the corpora one may read; the held-out one is only counted.
_SENTENCES = sorted(
    {
        s.strip()
        for name in ("notes.jsonl", "dev.jsonl")
        for t in _TEXTS[name]
        for s in t.replace("\n", ". ").split(". ")
        if s.strip()
    }
)


@pytest.mark.parametrize("name", sorted(_TEXTS))
def test_redacted_corpora_scan_clean(name: str) -> None:
    """Every note of every corpus, redacted, holds nothing the detector would find."""
    left = sum(1 for t in _TEXTS[name] if find_personal_data(redact(t)))
    assert left == 0, f"{left} redacted notes of {name} still hold findings"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6),
    st.sampled_from([". ", "\n", " "]),
)
def test_redacted_notes_scan_clean(sentences: list[str], glue: str) -> None:
    """Notes stitched from sentences of the corpora in any order: new neighbours, new contexts."""
    text = glue.join(sentences)
    assert find_personal_data(redact(text)) == []
