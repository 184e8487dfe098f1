"""Names, dates of birth and addresses: written forms, context rules and everyday look-alikes."""

from __future__ import annotations

import pytest

from svtool.pii.detector import find_personal_data


def found(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in find_personal_data(text)]


def name_texts(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind in ("child_name", "adult_name")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jack in Year 4 was sent home.", ["Jack"]),
        ("Spoke about Jack Smith today.", ["Jack Smith"]),
        ("SMITH, Oliver (Y6) refused.", ["SMITH, Oliver"]),
        ("JACK SMITH was excluded.", ["JACK SMITH"]),
        ("Report on J.S. attached.", ["J.S."]),
        ("JS in Year 4 has no TA.", ["JS"]),
        ("a boy called kai in Y3", ["kai"]),
        ("his mum sarah rang", ["sarah"]),
        ("a girl named Zebedee in reception", ["Zebedee"]),
        ("his son Tobiah is at home", ["Tobiah"]),
        ("Kacper's mum asked for a tribunal.", ["Kacper"]),
        ("Mary-Jane O'Neill in Year 2", ["Mary-Jane O'Neill"]),
    ],
)
def test_child_name_forms(text: str, expected: list[str]) -> None:
    assert name_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Met Mrs Okafor (SENCO).", [("Mrs Okafor", "adult_name")]),
        ("Dr Mensah agreed.", [("Dr Mensah", "adult_name")]),
        ("Cllr Barraclough chaired it.", [("Cllr Barraclough", "adult_name")]),
        ("Spoke to Mr D Hughes on Monday.", [("Mr D Hughes", "adult_name")]),
        ("Head teacher Gary Whitworth said no.", [("Gary Whitworth", "adult_name")]),
        ("emailed mrs jones about it", [("mrs jones", "adult_name")]),
    ],
)
def test_adult_name_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_child_and_adult_told_apart_by_context() -> None:
    got = found("Mrs Patel (SENCO) says Amelia in Year 3 needs a plan.")
    assert got == [("Mrs Patel", "adult_name"), ("Amelia", "child_name")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grace has ADHD and her TA was cut.", ["Grace"]),
        ("I spoke to Will's dad after school.", ["Will"]),
        ("a girl called May in Year 1", ["May"]),
        ("Hope Smith in Year 5", ["Hope Smith"]),
        # a rare name that is a common word, after a word that says a name comes next
        ("my son Comfort has autism", ["Comfort"]),
        ("Mum Comfort Adebayo has asked for help.", ["Comfort Adebayo"]),
        ("TA Wisdom Adebayo left in May.", ["Wisdom Adebayo"]),
        ("Dear Comfort, thank you", ["Comfort"]),
    ],
)
def test_word_like_names_in_name_context(text: str, expected: list[str]) -> None:
    assert name_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will the LA publish the policy?",
        "May half term letters went to 300 families.",
        "The grace period ends Friday. Hope to reply by then.",
        "Amber rating on the risk register.",
        "Mark scheme adapted for KS2.",
        "Schools Bill was dropped in 2022.",
        "Pupil A and Pupil B in Year 6 await assessment.",
        "Child C was refused; Pupil X (Y4) is waiting.",
        "The SENCO, head teacher and TA met the EP and the SALT.",
        "Kent (LA 886), Devon and Brent schools all report the same.",
        "Preston and Beverley schools; Chelsea and Kensington forum.",
        "Newton Europe, DfE, Ofsted, the ICB and Schools Forum.",
        "St George's Primary and Charles Darwin Academy lost funding.",
        "Alder Hey and Guy's and St Thomas' said no.",
        "Summer term data: 40% refused. Autumn term worse.",
        "SEN2 2023-24 return shows 1,240 plans; section 19 duty.",
        "Dr Barnardo's runs the service.",
        "Our lead Dream scheme was dropped.",  # a role before a rare name needs a surname
        "Thanks Treasury for the figures.",
    ],
)
def test_not_names(text: str) -> None:
    assert found(text) == []


# --- dates of birth ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 03/04/2016.", "03/04/2016"),
        ("d.o.b. 3.4.16, Year 3", "3.4.16"),
        ("born on 3rd May 2016 in Leeds", "3rd May 2016"),
        ("Date of birth: 2016-05-03", "2016-05-03"),
        ("her birthday is 12 March", "12 March"),
        ("aged 7, born March 2017", "March 2017"),
        ("14/06/2011 (DOB) on the form", "14/06/2011"),
    ],
)
def test_dates_of_birth(text: str, date: str) -> None:
    assert [(f.text, f.kind) for f in find_personal_data(text)] == [(date, "date_of_birth")]


@pytest.mark.parametrize(
    "text",
    [
        "Meeting on 12/03/2024, deadline 20 May 2024.",
        "Panel on 3rd October; reply within 15 working days.",
        "Draft plan issued 01.02.24 after 38 weeks.",
    ],
)
def test_ordinary_dates_are_not_personal(text: str) -> None:
    assert found(text) == []


def test_only_the_date_after_the_cue_is_a_birth_date() -> None:
    got = found("DOB 03/04/2016, meeting on 05/06/2024.")
    assert got == [("03/04/2016", "date_of_birth")]


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("lives at 14 Oak Road, Preston now", "14 Oak Road, Preston"),
        ("address 3a Victoria Terrace", "3a Victoria Terrace"),
        ("lives at 22 mill lane", "22 mill lane"),
        ("3 Oak Road, Leeds is hers", "3 Oak Road, Leeds"),  # at the very start of a note
        ("lives at 14 The Crescent, Bolton", "14 The Crescent, Bolton"),
        ("new address: Flat 4, 18 Southgate, Wakefield", "Flat 4, 18 Southgate, Wakefield"),
        ("moved to 12 Kingsway, Derby last week", "12 Kingsway, Derby"),
        ("c/o 9 Beechwood\nRotherham", "9 Beechwood\nRotherham"),
        ("lives at 7 Larch Spinney now", "7 Larch Spinney"),
        ("at 27 Station Approach since June", "27 Station Approach"),
    ],
)
def test_addresses(text: str, address: str) -> None:
    assert [(f.text, f.kind) for f in find_personal_data(text)] == [(address, "address")]


@pytest.mark.parametrize(
    "text",
    [
        "a 10 minute walk",
        "Year 6 Green class",
        "section 3 Park provision",
        "5 new places at Oak Hill",
        "5 The LA said no",
        "we saw 2 Broadway shows",
        "61 Northgate was busy",
    ],
)
def test_address_lookalikes(text: str) -> None:
    assert found(text) == []


# --- behaviour pinned by the speed work ------------------------------------------------------


def test_spaced_dob_abbreviation_is_a_cue() -> None:
    assert found("d. o. b. 3.4.16, Year 3") == [("3.4.16", "date_of_birth")]


def test_lower_case_street_with_strict_type_only() -> None:
    assert found("lives at 22 mill grove") == [("22 mill grove", "address")]
    assert found("lives at 22 mill grove, 10 minute walk") == [("22 mill grove", "address")]


def test_an_envelope_address_before_a_postcode() -> None:
    """Any street name, with a house number before it and a postcode after it."""
    assert found("31 Moor Allerton\nLS17 5AB") == [
        ("31 Moor Allerton", "address"),
        ("LS17 5AB", "postcode"),
    ]
    assert found("Year 6 Leeds LS17 5AB") == [("LS17 5AB", "postcode")]


def test_address_right_after_a_phone_number() -> None:
    assert found("Tel 0161 496 0999, 14 Oak Road") == [
        ("0161 496 0999", "phone"),
        ("14 Oak Road", "address"),
    ]


def test_naming_cue_must_be_a_word_of_its_own() -> None:
    assert name_texts("the so-called Zorbic scheme; a boy called Kai") == ["Kai"]


@pytest.mark.parametrize(
    "text",
    [
        "Jack in Year 4 was sent home.",
        "Met Mrs Okafor (SENCO).",
        "Head teacher Gary Whitworth said no.",
        "lives at 14 Oak Road, Preston now",
        "DOB 03/04/2016.",
        "Kacper's mum asked for a tribunal.",
    ],
)
def test_same_findings_when_lower_casing_changes_length(text: str) -> None:
    # 'İ'.lower() is two characters, so the rules fall back to reading the original text
    assert found(text + " İ") == found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Call Tom on 01392 123456 about the review.", "Tom"),
        ("Ask Grace tomorrow whether the panel met.", "Grace"),
        ("Email Will about the transport letter.", "Will"),
    ],
)
def test_a_reminder_to_contact_someone_names_them(text: str, name: str) -> None:
    # a name that is also a word is a name as the object of a verb of contact opening a note
    assert name in name_texts(text)


def test_a_verb_of_contact_before_a_place_or_a_term_names_nobody() -> None:
    assert name_texts("Chase Summer term funding; ring Hope Academy.") == []
