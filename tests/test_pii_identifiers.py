"""Checksums and written forms of the structured identifiers, and look-alikes that must pass."""

from __future__ import annotations

import pytest

from svtool.pii.detector import find_personal_data
from svtool.pii.identifiers import (
    is_valid_nhs_number,
    is_valid_ni_number,
    is_valid_uln,
    is_valid_upn,
    upn_check_letter,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in find_personal_data(text)]


# --- UPN -------------------------------------------------------------------------------------


def test_upn_checksum_known_values() -> None:
    assert is_valid_upn("B801200005001")
    assert not is_valid_upn("A801200005001")
    assert upn_check_letter("801200005001") == "B"


def test_upn_new_authorities_are_not_rejected() -> None:
    # 940-943 were created after python-stdnum's LA list; only the checksum decides
    for la in ("940", "941", "942", "943"):
        body = la + "123424012"
        letter = upn_check_letter(body)
        assert letter is not None
        assert is_valid_upn(letter + body)


def test_temporary_upn_ending_in_letter() -> None:
    body = "88612342401" + "K"
    letter = upn_check_letter(body)
    assert letter is not None
    assert is_valid_upn(letter + body)
    assert not is_valid_upn(("A" if letter != "A" else "B") + body)


@pytest.mark.parametrize(
    "bad", ["B80120000500", "B8012000050011", "I801200005001", "", "B80120000500X1"]
)
def test_upn_malformed(bad: str) -> None:
    assert not is_valid_upn(bad)


@pytest.mark.parametrize(
    "text", ["UPN B801200005001 on file", "upn: b801200005001.", "(B801200005001)"]
)
def test_upn_found_in_text(text: str) -> None:
    assert [k for _, k in kinds(text)] == ["upn"]


def test_upn_with_wrong_check_letter_not_found_without_cue() -> None:
    assert kinds("Code A801200005001 on the invoice") == []


# --- NHS number and ULN ----------------------------------------------------------------------


def test_nhs_checksum() -> None:
    assert is_valid_nhs_number("943 476 5919")
    assert not is_valid_nhs_number("943 476 5918")
    assert is_valid_nhs_number("9990000018")
    assert not is_valid_nhs_number("999 123 4560")  # often quoted, but fails the check


def test_uln_checksum() -> None:
    assert is_valid_uln("1234567899")
    assert not is_valid_uln("1234567890")
    assert not is_valid_uln("0234567899")  # first digit must not be 0


def test_no_number_is_both_nhs_and_uln() -> None:
    for n in range(1_000_000_000, 1_000_000_000 + 20_000, 7):
        s = str(n)
        assert not (is_valid_nhs_number(s) and is_valid_uln(s))


@pytest.mark.parametrize("form", ["999 000 0018", "9990000018", "999-000-0018"])
def test_nhs_forms(form: str) -> None:
    assert kinds(f"NHS no {form} on the letter") == [(form, "nhs_number")]


def test_uln_found_and_told_apart_from_nhs() -> None:
    assert kinds("ULN 1234567899 for college") == [("1234567899", "uln")]
    assert kinds("learner 1234567899 and patient 9990000018") == [
        ("1234567899", "uln"),
        ("9990000018", "nhs_number"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "PO 4500123457 raised for outreach",
        "Purchase order 4500123457",
        "Invoice ref 9990000018 paid",  # passes the checksum, but a reference cue says otherwise
        "£1,234,567,890 budget",
        "Case number 1234567890",
    ],
)
def test_reference_numbers_not_flagged(text: str) -> None:
    assert kinds(text) == []


# --- NI number -------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["JT 12 34 56 B", "JT123456B", "jt123456b", "JT 123456 B"])
def test_ni_forms(form: str) -> None:
    assert kinds(f"NI number {form} for the form") == [(form, "ni_number")]
    assert is_valid_ni_number(form)


@pytest.mark.parametrize("bad", ["GB123456A", "QQ123456A", "DA123456A", "AO123456A", "ZZ123456A"])
def test_ni_invalid_prefixes(bad: str) -> None:
    assert not is_valid_ni_number(bad)
    assert kinds(f"code {bad} here") == []


def test_ni_without_suffix_needs_cue() -> None:
    assert kinds("stock code AB123456 ordered") == []
    assert kinds("NI no. AB123456") == [("AB123456", "ni_number")]


# --- postcode, email, phone ------------------------------------------------------------------


@pytest.mark.parametrize("pc", ["SW1A 1AA", "sw1a 1aa", "M14 5RT", "B338TH", "EC1V 9LT", "PR1 2AB"])
def test_postcodes(pc: str) -> None:
    assert kinds(f"lives near {pc} now") == [(pc, "postcode")]


@pytest.mark.parametrize(
    "text", ["Year 6 1st term", "KS2 SATs", "Y10 pupils", "the 22nd", "Q1 2AB"]
)
def test_postcode_lookalikes(text: str) -> None:
    assert [k for _, k in kinds(text) if k == "postcode"] == []


def test_email() -> None:
    assert kinds("write to j.o'neill+sen@example.org today") == [
        ("j.o'neill+sen@example.org", "email")
    ]


@pytest.mark.parametrize(
    "ph",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)20 7946 0123",
        "020 7946 0123",
        "(01632) 960123",
        "01632 960123",
        "0113 496 0123",
        "0161-496-0999",
        "029 2018 0123",
        "0800 123 4567",
        "0300 123 4567",
    ],
)
def test_phone_forms(ph: str) -> None:
    assert kinds(f"ring {ph} after 4") == [(ph, "phone")]


@pytest.mark.parametrize(
    "text",
    [
        "meeting on 01/02/2024",
        "budget £12,000,000",
        "0.5% transfer",
        "URN 123456 and LA 886",
        "2023-2024 figures",
        "05 06 07 08",
        "06 2024 1234",
    ],
)
def test_phone_lookalikes(text: str) -> None:
    assert kinds(text) == []


def test_emails_found_around_each_at_sign_only() -> None:
    text = "meet @ 3pm; email a.b@example.org or c@example.com, not @handle"
    assert [t for t, k in kinds(text) if k == "email"] == ["a.b@example.org", "c@example.com"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UPN B801200005001 07700 900123", [("B801200005001", "upn"), ("07700 900123", "phone")]),
        ("NI JT123456B 9990000018", [("JT123456B", "ni_number"), ("9990000018", "nhs_number")]),
        ("2023-24 and 2023-2024 then 999 000 0018", [("999 000 0018", "nhs_number")]),
    ],
)
def test_identifiers_next_to_other_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected
