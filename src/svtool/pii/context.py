"""Dates of birth and street addresses: ordinary-looking text made personal by its context.

A date is only personal when the text says it is a birth date; meeting dates and deadlines are the
evidence itself and must survive redaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?(?:\s+\d{{4}}|\s+'\d{{2}})?"
    rf"|{_MONTH}\s+\d{{1,2}}{_ORD}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH},?\s+\d{{4}}"
    r"|(?<=born )(?:in\s+)?\d{4}|(?<=born in )\d{4}"
    r")(?![\w/])",
    re.IGNORECASE,
)
_DOB_CUE_BEFORE = re.compile(
    r"(?:\bborn\b|\bdob\b|\bd\.\s?o\.\s?b\b\.?|date\s+of\s+birth|birth\s*date|\bbirthday\b|"
    r"\bdob:)",
    re.IGNORECASE,
)
_DOB_CUE_AFTER = re.compile(
    r"\s*[(\[,-]?\s*(?:\(?\s*dob\b|\(?d\.o\.b|is (?:his|her|their) (?:date of )?birth|"
    r"(?:date of )?birth\b|birthday\b)",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]|\n")

_STREET_TYPES = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|gardens|gdns|"
    r"place|pl|court|ct|terrace|grove|hill|row|walk|square|sq|mews|rise|view|parade|green|park|"
    r"meadow|meadows|fields|croft|vale|wharf|yard|gate|boulevard|end|hall|lees|bank)"
)
_ADDRESS_RE = re.compile(
    r"(?<![\w£$.,/:-])(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?"
    r"(\d{1,4}[a-z]?)(?:\s*[-–]\s*\d{1,4})?,?\s+"
    rf"((?:[A-Za-z][a-z'’]+\s+){{1,3}}{_STREET_TYPES})\b\.?"
    r"(?-i:,\s*[A-Z][a-z]+(?:[ -](?:upon|on|under|in|le|[A-Z][a-z]+))*)?",
    re.IGNORECASE,
)
_NUMBER_CONTEXT_STOP = re.compile(
    r"(?:year|yr|y|section|para|paragraph|page|p|room|level|stage|key stage|ks|tier|band|"
    r"phase|item|step|point|class|group|week|weeks|chapter|clause|reg|regulation|£|no\.?)\s*$",
    re.IGNORECASE,
)
_ADDRESS_START_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "by",
        "with",
        "year",
        "years",
        "week",
        "weeks",
        "hours",
        "pupils",
        "children",
        "staff",
        "schools",
        "days",
        "months",
        "minutes",
        "places",
        "plans",
        "minute",
        "min",
        "mins",
        "mile",
        "miles",
        "km",
        "metre",
        "metres",
        "more",
        "new",
        "other",
        "extra",
    ]
)
_STRICT_TYPES = frozenset(
    [
        "road",
        "rd",
        "street",
        "lane",
        "avenue",
        "ave",
        "close",
        "drive",
        "crescent",
        "gardens",
        "terrace",
        "grove",
        "mews",
    ]
)


_DOB_GATE = ("born", "dob", "d.o.b", "birth")
_ADDRESS_CANDIDATE_RE = re.compile(r"\d{1,4}[a-zA-Z]?,?\s+[A-Za-z]")
_ADDRESS_CAPITAL_RE = re.compile(r"\d{1,4}[a-zA-Z]?,?\s+[A-Z]")
_LOWER_STREET_GATE = (" road", " street", " lane", " avenue", " drive", " crescent", " close")
_STREET_WORDS = frozenset(
    w + p for w in _STREET_TYPES.strip("(?:)").split("|") for p in ("", ",", ".", ";", ")", ":")
)


_CUE_AFTER_WORDS = ("dob", "d.o.b", "birth")


def find_dates_of_birth(text: str, lowered: str | None = None) -> Iterator[Span]:
    """The first date after a birth cue (same sentence), or a date followed by '(DOB)'.

    Dates are only looked for next to a cue, so meeting dates elsewhere cost nothing.
    """
    low = text.lower() if lowered is None else lowered
    if not any(g in low for g in _DOB_GATE):
        return
    n = len(text)
    for cue in _DOB_CUE_BEFORE.finditer(text):
        m = _DATE_RE.search(text, cue.end(), min(n, cue.end() + 45))
        if m is not None and not _SENTENCE_BREAK.search(text, cue.end(), m.start()):
            yield m.start(), m.end(), "date_of_birth"
    for word in _CUE_AFTER_WORDS:
        idx = low.find(word)
        while idx != -1:
            if _DATE_RE.match(text, idx + len(word) + 1) or _DATE_RE.match(
                text, idx + len(word) + 2
            ):
                idx = low.find(word, idx + 1)
                continue  # "DOB 03/04/2016": this cue belongs to the date after it
            for m in _DATE_RE.finditer(text, max(0, idx - 30), idx):
                if _DOB_CUE_AFTER.match(text, m.end()):
                    yield m.start(), m.end(), "date_of_birth"
            idx = low.find(word, idx + 1)


def find_addresses(
    text: str, lowered: str | None = None, words: frozenset[str] | None = None
) -> Iterator[Span]:
    """House number + street name + street type, optionally followed by ', Town'."""
    low = text.lower() if lowered is None else lowered
    if words is not None and words.isdisjoint(_STREET_WORDS):
        return
    lower_case_streets = any(g in low for g in _LOWER_STREET_GATE)
    candidates = _ADDRESS_CANDIDATE_RE if lower_case_streets else _ADDRESS_CAPITAL_RE
    for cand in candidates.finditer(text):
        m = _ADDRESS_RE.match(text, cand.start())
        if m is None:
            continue
        if _NUMBER_CONTEXT_STOP.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        street_words = m.group(2).split()
        if street_words[0].lower() in _ADDRESS_START_WORDS:
            continue
        if not any(w[0].isupper() for w in street_words) and (
            street_words[-1].lower().rstrip(".") not in _STRICT_TYPES
        ):
            continue  # "10 minute walk": lower-case streets only with an unmistakable type
        yield m.start(), m.end(), "address"
