"""Realistic evidence notes for the benchmarks, some carrying the personal data reps are told not to
record (it slips in: a child's first name, a parent's phone number, a UPN, a date of birth, a
postcode) and some of the look-alikes notes are full of (Year 6, 20 weeks, meeting dates, money).

Nothing here comes from the detector's own name lists or rules: first names are the 600 commonest
names of school-age children in England and Wales from the ONS baby-name counts
(`first_names_ons.txt`; see NAMES-SOURCE.md), surnames the commonest in England and Wales as
widely published, and identifiers are made to their public formats. The detector finds what it
finds in them; the benchmarks time that real work, they do not score it.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_NAMES = [n for n in (HERE / "first_names_ons.txt").read_text("utf-8").split() if n]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
]
STREETS = [
    "Station Road",
    "Church Lane",
    "Park Avenue",
    "Victoria Street",
    "Mill Lane",
    "The Crescent",
    "Queens Road",
]

# Words of ordinary evidence notes, for filler sentences.
WORDS = [
    "the",
    "authority",
    "school",
    "SENCO",
    "outreach",
    "support",
    "hours",
    "assessment",
    "EHCP",
    "request",
    "refused",
    "panel",
    "evidence",
    "delay",
    "term",
    "pupils",
    "learners",
    "class",
    "teacher",
    "assistant",
    "budget",
    "plan",
    "target",
    "review",
    "provision",
    "specialist",
    "place",
    "resource",
    "base",
    "waiting",
    "list",
    "months",
    "funding",
    "cut",
    "capped",
    "staff",
    "workload",
    "wellbeing",
    "governors",
    "meeting",
    "forum",
    "consultation",
    "health",
    "referral",
    "CAMHS",
    "deadline",
    "letter",
    "email",
    "parents",
    "carers",
    "behaviour",
    "exclusion",
    "timetable",
    "part-time",
    "attendance",
    "safety",
    "colleagues",
    "leaders",
    "headteacher",
    "trust",
    "academy",
    "primary",
    "secondary",
    "special",
    "transport",
    "annual",
    "banding",
    "top-up",
    "decision",
    "appeal",
]

# Sentences as reps write them; {x} slots are filled below.
PLAIN = [
    "The LA refused the request for an EHC needs assessment at the first panel.",
    "Outreach support has been capped at {n} hours a term for the whole school.",
    "The SENCO was told the school must show two full cycles of assess, plan, do, review first.",
    "Specialist places at the resource base have been cut from {n} to {m}.",
    "Speech therapy was reduced from weekly sessions to one visit a term.",
    "The annual review was {n} weeks late and the plan has not been updated.",
    "Year {y} pupils with EHC plans are on part-time timetables while they wait for a place.",
    "Teaching assistants have been redeployed to cover classes, so one-to-one support has stopped.",
    "The Schools Forum was told high-needs top-up funding will fall by {n}% next year.",
    "Colleagues report working {n} extra hours a week to write evidence for panel.",
    "The authority's consultation on banding closed after only {n} days.",
    "CAMHS waiting lists are now {n} months for an initial appointment.",
    "Transport was withdrawn for {n} learners without any assessment of need.",
    "The headteacher was told to stop naming the Safety Valve agreement in letters to parents.",
    "The panel met on {date} and deferred every request from mainstream schools.",
    "Funding of £{money} was withdrawn from the school's notional SEN budget.",
]
PERSONAL = [
    "{child} in Year {y} has had no one-to-one support since {month}.",
    "{child} {surname} was sent home at lunchtime for the third week running.",
    "Mum ({adult} {surname}) rang the school on {phone} in tears about the refusal.",
    "The pupil's UPN is {upn} and the request was logged on {date}.",
    "{child}, born {dob}, is still without a place.",
    "The family live at {house} {street}, {postcode}, too far from the nearest special school.",
    "Contact the parent at {email} for the appeal papers.",
    "{initials} has waited {n} months for speech and language therapy.",
    "NHS number {nhs} was on the referral the LA returned.",
]
# Words for the search benchmark, with known frequencies: one rare word, set into a few notes.
RARE = "The case is now going to the First-tier Tribunal (SEND) after mediation failed."


def _upn(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    return rng.choice(letters) + "".join(rng.choice(string.digits) for _ in range(12))


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            d = "".join(map(str, [*digits, check]))
            return f"{d[:3]} {d[3:6]} {d[6:]}"


def _postcode(rng: random.Random) -> str:
    area = rng.choice(["ME", "CT", "TN", "DA", "BR", "LS", "M"])
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def _fill(template: str, rng: random.Random) -> str:
    """The template with each of its slots filled (only those it has are made)."""
    child, adult, surname = rng.choice(FIRST_NAMES), rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    makers = {
        "n": lambda: rng.randint(2, 40),
        "m": lambda: rng.randint(1, 10),
        "y": lambda: rng.randint(1, 11),
        "money": lambda: f"{rng.randint(5, 400)},000",
        "date": lambda: f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2025",
        "month": lambda: rng.choice(["September", "January", "Easter", "half term"]),
        "child": lambda: child,
        "adult": lambda: adult,
        "surname": lambda: surname,
        "initials": lambda: f"{child[0]}.{surname[0]}.",
        "phone": lambda: f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "upn": lambda: _upn(rng),
        "nhs": lambda: _nhs(rng),
        "dob": lambda: (
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2010, 2019)}"
        ),
        "house": lambda: rng.randint(1, 120),
        "street": lambda: rng.choice(STREETS),
        "postcode": lambda: _postcode(rng),
        "email": lambda: f"{adult.lower()}.{surname.lower()}{rng.randint(1, 99)}@example.com",
    }
    return template.format(**{name: makers[name]() for name in _slots(template)})


def _slots(template: str) -> list[str]:
    found = _SLOTS.get(template)
    if found is None:
        found = _SLOTS[template] = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    return found


_SLOTS: dict[str, list[str]] = {}
MONTHS = ["March", "June", "October", "November"]


def _filler(rng: random.Random) -> str:
    sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16)))
    return sentence[0].upper() + sentence[1:] + "."


def note(rng: random.Random, low: int, high: int, *, personal: bool, rare: bool = False) -> str:
    """One note of `low` to `high` characters; with personal data in it if `personal`."""
    target = rng.randint(low, high)
    sentences: list[str] = []
    if personal:
        sentences.append(_fill(rng.choice(PERSONAL), rng))
    if rare:
        sentences.append(RARE)
    size = sum(len(s) + 1 for s in sentences)
    while size < target:
        sentence = _fill(rng.choice(PLAIN), rng) if rng.random() < 0.5 else _filler(rng)
        sentences.append(sentence)
        size += len(sentence) + 1
    rng.shuffle(sentences)
    text = ""
    for sentence in sentences:
        gap = "\n\n" if text and rng.random() < 0.15 else " "
        text = f"{text}{gap}{sentence}" if text else sentence
    return text[:high].strip()


def summary(rng: random.Random, *, personal: bool) -> str:
    """One line, as the schema requires (at most 160 characters here)."""
    text = _fill(rng.choice(PERSONAL), rng) if personal else _fill(rng.choice(PLAIN), rng)
    return " ".join(text.split())[:160]
