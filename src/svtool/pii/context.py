"""Dates of birth and street addresses: ordinary-looking text made personal by its context.

A date is only personal when the text says it is a birth date; meeting dates and deadlines are the
evidence itself and must survive redaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from svtool.pii.placeholders import PLACEHOLDER_RE
from svtool.pii.tokens import Tokens

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
# 'born', 'DOB', 'd.o.b.', 'date of birth', 'birth date', 'birthday'. Each starts with b or d and
# the word-start test comes after that letter ((?<!\w.) is \b before it), so the regex engine only
# stops at a b or a d instead of trying every position of the window.
_DOB_CUE_BEFORE = re.compile(
    r"b(?:(?<!\w.)orn\b|irth\s*date|(?<!\w.)irthday\b)"
    r"|d(?:(?<!\w.)ob\b|(?<!\w.)\.\s?o\.\s?b\b\.?|ate\s+of\s+birth|(?<!\w.)ob:)",
    re.IGNORECASE,
)
_DOB_CUE_AFTER = re.compile(
    r"\s*[(\[,-]?\s*(?:\(?\s*dob\b|\(?d\.o\.b|is (?:his|her|their) (?:date of )?birth|"
    r"(?:date of )?birth\b|birthday\b)",
    re.IGNORECASE,
)
_LONGEST_DATE = len("30th of September, 2016") + 8
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]|\n")

_STREET_TYPES = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|gardens|gdns|"
    r"place|pl|court|ct|terrace|grove|hill|row|walk|square|sq|mews|rise|view|parade|green|park|"
    r"meadow|meadows|fields|croft|vale|wharf|yard|gate|boulevard|end|hall|lees|bank|"
    # more of the Royal Mail's thoroughfare words
    r"approach|chase|circle|circus|copse|cottages|dene|drove|embankment|esplanade|field|garth|"
    r"glade|glen|heights|highway|hollow|lawns?|mount|nook|orchard|paddocks?|pastures|path|"
    r"promenade|quay|ridge|spinney|wynd|brow|fold|villas)"
)
_ADDRESS_RE = re.compile(
    r"(?<![\w£$.,/:-])(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?"
    r"(\d{1,4}[a-z]?)(?:[^\S\n]*[-–][^\S\n]*\d{1,4})?,?[^\S\n]+"
    rf"((?:[A-Za-z][a-z'’]+[^\S\n]+){{1,3}}{_STREET_TYPES})\b\.?"
    r"(?-i:,\s*[A-Z][a-z]+(?:[ -](?:upon|on|under|in|le|[A-Z][a-z]+))*)?",
    re.IGNORECASE,
)
# UK address shapes with no street-type word after the street's name. A named street is 'The'
# and one or two capitalised words ('The Paddocks') or one word built on a street-type ending
# ('Northgate', 'Kingsway', 'Parkside'); with a town after it (', Halifax', or on the next line)
# or a postcode, it is an address. Any one to three capitalised words after a house number are
# one too when a postcode follows, as on an envelope.
_TOWN = r"[A-Z][a-z]+(?:[ -](?:(?:upon|on|under|in|le|en)[ -])*[A-Z][a-z]+)*"
_HOUSE = r"(?<![\w£$.,/:-])(?<!\d[ -])(\d{1,4}[a-z]?),?[^\S\n]+"
_NAMED_STREET_RE = re.compile(
    _HOUSE + r"((?:The[^\S\n]+[A-Z][a-z'’]+(?:[^\S\n]+[A-Z][a-z'’]+)?)|[A-Z][a-z]+(?:gate|way|side"
    r"|field|fields|wood|bank|moor|croft|hurst|dale|ley|lea|ford|thorpe|holme|garth|lands|mead"
    r"|brook|green|hill|hey|royd|shaw|well|wells))\b"
    rf"((?:,[^\S\n]*|,?[^\S\n]*\n[^\S\n]*){_TOWN}\b)?"
)
_ANY_STREET_RE = re.compile(
    _HOUSE + r"([A-Z][a-z'’]+(?:[^\S\n]+[A-Z][a-z'’]+){0,2})\b"
    rf"((?:,[^\S\n]*|,?[^\S\n]*\n[^\S\n]*){_TOWN}\b)?"
)
_POSTCODE_AHEAD_RE = re.compile(
    r",?\s{1,3}[A-Z]{1,2}\d[A-Z\d]?[^\S\n]?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
# A placeholder right before a house number may hide a word that made the number no address
# ('June 14 Oak Road', 'Mrs P 14 Oak Road'): the first scan saw it and decided.
_HELD_BEFORE_RE = re.compile(rf"(?:{PLACEHOLDER_RE.pattern})[^\S\n]*\Z")
_FLAT_BEFORE_RE = re.compile(r"(?i:flat|apartment|apt|unit)[^\S\n]+\d{1,4}[a-z]?,?[^\S\n]+\Z")
_NUMBER_CONTEXT_STOP = re.compile(  # whole words: 'Joy 14 Oak Road' is no 'Y 14'
    r"(?<![a-z])(?:year|yr|y|section|para|paragraph|page|p|room|level|stage|key stage|ks|tier|band|"
    r"phase|item|step|point|class|group|week|weeks|chapter|clause|reg|regulation|£|no\.?|"
    r"jan|january|feb|february|mar|march|apr|april|may|june?|july?|aug|august|sept?|september|"
    r"oct|october|nov|november|dec|december)[^\S\n]*\Z",  # 'page 14', but not across a line
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
_SAINT_AFTER_RE = re.compile(r"\.? [A-Z]")
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


_DOB_GATE = ("born", "dob", "d.o.b", "birth", "d. o")
_DOB_GATE_RE = re.compile(r"b(?:orn|irth)|d(?:ob|\.o\.b|\. o)")
_CUE_REACH = 40  # "date  of  birth" starts before its gate word "birth"
_ADDRESS_CANDIDATE_RE = re.compile(r"\d{1,4}[a-zA-Z]?,?\s+[A-Za-z]")
_ADDRESS_CAPITAL_END_RE = re.compile(r"\d{1,4}[a-zA-Z]?,?\s+[A-Z]\Z")
_DIGITS = frozenset("0123456789")
_BEFORE_CAPITAL = _DIGITS | frozenset(", \t\n\r\xa0")
# Lower-case streets need an unmistakable type (' road', ' lane' …: Tokens.lower_cues), and only
# within reach of one are they looked for.
_STREET_REACH = 100


_CUE_AFTER_WORDS = ("dob", "d.o.b", "birth")
# 'DOB [date of birth]': a cue whose date redaction already replaced belongs to nothing else.
_PLACEHOLDER_AHEAD_RE = re.compile(r"[\s:.)-]{0,3}\[")


def _in_placeholder(text: str, idx: int) -> bool:
    """Inside '[date of birth]', the placeholder redaction leaves, which is no cue."""
    return text.rfind("[", 0, idx) > text.rfind("]", 0, idx)


def find_dates_of_birth(text: str, lowered: str | None = None) -> Iterator[Span]:
    """The first date after a birth cue (same sentence), or a date followed by '(DOB)'.

    Dates are only looked for next to a cue, so meeting dates elsewhere cost nothing.
    """
    low = text.lower() if lowered is None else lowered
    first = _DOB_GATE_RE.search(low)
    if first is None:
        return
    # every cue contains a gate word, so only the stretch around the first and last ones is read
    n = len(text)
    lo, hi = 0, n
    if len(low) == n:
        lo = max(0, first.start() - _CUE_REACH)
        hi = max(map(low.rfind, _DOB_GATE)) + _CUE_REACH
    for cue in _DOB_CUE_BEFORE.finditer(text, lo, hi):
        if _PLACEHOLDER_AHEAD_RE.match(text, cue.end()) or _in_placeholder(text, cue.start()):
            continue  # 'DOB [date of birth]': its date is already redacted
        # a date that starts within reach, read whole: one cut at the edge ('03/04/20' of
        # '03/04/2016') would leave its last digits in the redacted text
        m = _DATE_RE.search(text, cue.end(), min(n, cue.end() + 45 + _LONGEST_DATE))
        if (
            m is not None
            and m.start() <= cue.end() + 45
            and not _SENTENCE_BREAK.search(text, cue.end(), m.start())
            # what a placeholder hid may have been long or ended a sentence: the first scan,
            # which saw it, found no date of birth here, or it would not be there now
            and not PLACEHOLDER_RE.search(text, cue.end(), m.start())
        ):
            yield m.start(), m.end(), "date_of_birth"
    for word in _CUE_AFTER_WORDS:
        idx = low.find(word)
        while idx != -1:
            if (
                _DATE_RE.match(text, idx + len(word) + 1)
                or _DATE_RE.match(text, idx + len(word) + 2)
                or _PLACEHOLDER_AHEAD_RE.match(text, idx + len(word))
                or _in_placeholder(text, idx)
            ):
                idx = low.find(word, idx + 1)
                continue  # "DOB 03/04/2016": this cue belongs to the date after it
            for m in _DATE_RE.finditer(text, max(0, idx - 30), idx):
                if _DOB_CUE_AFTER.match(text, m.end()) and not PLACEHOLDER_RE.search(
                    text, m.end(), idx
                ):
                    yield m.start(), m.end(), "date_of_birth"
            idx = low.find(word, idx + 1)


def _candidate_starts(text: str, tok: Tokens) -> list[int]:
    """Where a house number may start: before a capitalised word, or near a lower-case street type.

    A capitalised street name starts a token, so the tokens shared with the name rules are checked
    instead of scanning every digit of the note; lower-case streets ('22 mill lane') are only looked
    for within reach of a street-type word.
    """
    found: set[int] = set()
    before, digits = _BEFORE_CAPITAL, _DIGITS
    # the number is followed by whitespace right before the capital, and never by a full stop
    # ('Year 5. The'): both are tested before the regex is run
    for s in [
        s
        for s in tok.starts
        if s >= 2
        and (text[s - 2] in before or (s > 2 and text[s - 3] in digits))
        and text[s - 1].isspace()
        and text[s - 2] != "."
    ]:
        m = _ADDRESS_CAPITAL_END_RE.search(text, max(0, s - 24), s + 1)
        if m is not None:
            found.add(m.start())
    streets = tok.lower_cues()[1]
    if tok.low is not None:  # offsets in the lower-cased note are offsets in the note
        for idx in streets:
            for m in _ADDRESS_CANDIDATE_RE.finditer(text, max(0, idx - _STREET_REACH), idx):
                found.add(m.start())
    elif streets:
        found.update(m.start() for m in _ADDRESS_CANDIDATE_RE.finditer(text))
    return sorted(found)


def find_addresses(
    text: str, lowered: str | None = None, tok: Tokens | None = None
) -> Iterator[Span]:
    """House number + street name + street type, optionally followed by ', Town'."""
    held = "[" in text
    for start in _candidate_starts(text, Tokens(text, lowered) if tok is None else tok):
        if held and _HELD_BEFORE_RE.search(text, max(0, start - 20), start):
            continue
        m = _ADDRESS_RE.match(text, start)
        if m is None:
            end = _shaped_address(text, start)
            if end is not None and not _NUMBER_CONTEXT_STOP.search(
                text[max(0, start - 12) : start]
            ):
                yield _with_flat(text, start), end, "address"
            continue
        if _NUMBER_CONTEXT_STOP.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        street_words = m.group(2).split()
        if street_words[0].lower() in _ADDRESS_START_WORDS:
            if street_words[0] == "The" and (end := _shaped_address(text, start)) is not None:
                yield _with_flat(text, start), end, "address"  # '14 The Crescent, Bolton'
            continue
        if not any(w[0].isupper() for w in street_words) and (
            street_words[-1].lower().rstrip(".") not in _STRICT_TYPES
        ):
            continue  # "10 minute walk": lower-case streets only with an unmistakable type
        if street_words[-1].lower() == "st" and _SAINT_AFTER_RE.match(text, m.end(2)):
            continue  # '… and St Thomas' Hospital': a saint, not a street
        yield _with_flat(text, m.start()), m.end(), "address"


def _shaped_address(text: str, start: int) -> int | None:
    """Where an address without a street-type word ends, if one starts at ``start``."""
    m = _NAMED_STREET_RE.match(text, start)
    if m is not None and (m.group(3) or _POSTCODE_AHEAD_RE.match(text, m.end())):
        return m.end()
    m = _ANY_STREET_RE.match(text, start)
    if m is not None and _POSTCODE_AHEAD_RE.match(text, m.end()):
        return m.end()
    return None


def _with_flat(text: str, start: int) -> int:
    """'Flat 2, 61 Northgate': the flat's number is part of the address."""
    flat = _FLAT_BEFORE_RE.search(text, max(0, start - 20), start)
    return start if flat is None else flat.start()
