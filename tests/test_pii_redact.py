"""Redaction: placeholders replace findings, nothing else changes, and placeholders stay clean."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool.pii.detector import KINDS, Finding, count_by_kind, find_personal_data, redact
from svtool.pii.placeholders import PLACEHOLDERS

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


# Placeholders as neighbours: what redaction hides, the first scan read the words around it by
# ('Dear Mr Eriksson, Bill before Parliament': no name after a name). Each hider below is found
# by the detector; after it come the words a second scan might misread without it: names that
# are words, capitalised words after a comma, places whose first word a name took.
_HIDERS = [
    "Mr Eriksson", "Mrs Okafor", "Jack Smith", "Mrs K", "J. Whitfield", "J.S.", "SMITH, Oliver",
    "Chukwuemeka Obi", "jayden", "mrs jones", "Zebedee (Y3)", "Mrs Okafor-Smith",
    "B801200005001", "JT 12 34 56 B", "999 000 0018", "07700 900123", "14 Oak Road.",
    "DOB 03/04/2016", "PR1 2AB", "j.bloggs@example.org", "1) Kacper",
]  # fmt: skip
_GAPS = [", ", " ", ". ", " - ", "\n", " and ", "'s ", ": ", " (", "; ", ") ", "s ", " & "]
_WORDS = [
    "Bill", "Will", "Grace", "May", "Summer", "Hope", "Mark", "Rose", "Faith", "Joy", "Precious",
    "Patience", "Amber", "Frank", "Dawn", "River", "Drew", "Robin", "Miles", "Sunny", "Jack",
    "Art", "Guy", "Lee", "Sandy", "June", "will", "grace", "hope", "rose", "patience", "Newton",
    "Europe", "Academy", "Hospital", "Parliament", "PO", "Panel",
]  # fmt: skip
_AFTER = [
    "before Parliament", "was passed", "said no", "rang", "needs a plan", "will come", "term",
    "(mum)", "'s mum", "and Grace", "Europe's report", "4500123457", "03/04/2016", "School",
    "Academy", "", ".", ", thanks",
]  # fmt: skip


def _neighbours(hider: str, gap: str, word: str, after: str, hider_first: bool) -> str:
    return f"{hider}{gap}{word} {after}" if hider_first else f"{word} {after}{gap}{hider}"


_NEIGHBOURS = st.builds(
    _neighbours,
    *map(st.sampled_from, (_HIDERS, _GAPS, _WORDS, _AFTER)),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_NEIGHBOURS, min_size=1, max_size=3),
    st.lists(st.sampled_from(_SENTENCES), max_size=1),
    st.sampled_from([" ", ". ", "\n"]),
)
def test_words_next_to_placeholders_scan_clean(
    neighbours: list[str], sentences: list[str], glue: str
) -> None:
    """Whatever stood next to a finding, the redacted note holds nothing more to find."""
    text = glue.join(sentences + neighbours)
    assert find_personal_data(redact(text)) == [], redact(text)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("Dear Mr Eriksson, Bill before Parliament", "Dear [name], Bill before Parliament"),
        ("Sandy and Will 07700 900123", "Sandy and Will [phone]"),
        ("DOB 03/04/2016\nwill rang", "DOB [date of birth]\nwill rang"),
        ("Mrs Okafor-Smith\nNewton Europe's report", "[name]\nNewton Europe's report"),
    ],
)
def test_what_a_placeholder_hid_still_counts(text: str, redacted: str) -> None:
    redacts_clean(text, redacted)


def test_a_name_beside_an_identifier_keeps_its_own_part() -> None:
    """'B Jack' read as an initial and a name overlaps the NI number: Jack is still a name."""
    assert found_texts("Met JT 12 34 56 B Jack - meeting at 3") == ["JT 12 34 56 B", "Jack"]
    assert found_texts("Mrs Okafor JT 12 34 56 B rang") == ["Mrs Okafor", "JT 12 34 56 B"]


def test_a_phone_right_after_a_date_is_found() -> None:
    assert found_texts("DOB 30.09.2015 07700 900123 (Reception)") == [
        "30.09.2015",
        "07700 900123",
    ]


def redacts_clean(text: str, redacted: str) -> None:
    """`text` redacts to `redacted`, and a second scan of that finds nothing."""
    assert redact(text) == redacted
    assert find_personal_data(redacted) == []


def found_texts(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("Jack Smith PO 4500123457", "[name] PO 4500123457"),
        ("Mrs K and PO 4500123457 raised", "[name] and PO 4500123457 raised"),
        ("Chukwuemeka Obi Order 4500123457", "[name] Order 4500123457"),
    ],
)
def test_a_reference_cue_is_no_part_of_a_name(text: str, redacted: str) -> None:
    """The cue that spares a reference number stays beside it, so a rescan spares it too."""
    redacts_clean(text, redacted)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[child] 943 476 5919", ["943 476 5919"]),  # a rep's own placeholder hides no cue
        ("[name], 14 Oak Road, Leeds", ["14 Oak Road, Leeds"]),
        ("Guy 14 Oak Road", ["14 Oak Road"]),  # the y of Guy is no "Y 14"
    ],
)
def test_identifiers_next_to_a_placeholder_are_still_found(text: str, found: list[str]) -> None:
    assert found_texts(text) == found


def test_an_nhs_number_right_after_a_phone_is_found() -> None:
    """'0182 999 000' of the two looks like ten digits and fails: the real one starts later."""
    assert found_texts("Tel (0115) 496 0182 999 000 0018 (NHS)") == [
        "(0115) 496 0182",
        "999 000 0018",
    ]


def test_a_date_of_birth_is_redacted_whole_or_not_at_all() -> None:
    """A date that starts within reach of its cue is read to its end, not cut at the edge."""
    text = "DOB as we heard it at the meeting, Tue: 03/04/2016"  # '03/04/20' once, '16' left
    assert redact(text) == "DOB as we heard it at the meeting, Tue: [date of birth]"
    assert find_personal_data("DOB 03/04/2016s [child] and [child] DOB 03/04/2016s") == []
