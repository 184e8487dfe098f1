"""Checksums and patterns for structured UK identifiers.

Checksums decide, not issuance ranges: test ranges (NHS 999…, Ofcom drama phone numbers) and new
local authorities (940–943) must still be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O, S


def upn_check_letter(body: str) -> str | None:
    """Return the check letter for the 12 characters after it, or None if they are malformed.

    A temporary UPN ends in a letter, which counts as its index in the check alphabet.
    """
    body = body.upper()
    if len(body) != 12 or not body[:11].isdigit():
        return None
    last = body[11]
    if last.isdigit():
        last_value = int(last)
    elif last in UPN_ALPHABET:
        last_value = UPN_ALPHABET.index(last)
    else:
        return None
    total = sum(int(ch) * weight for weight, ch in enumerate(body[:11], start=2))
    total += last_value * 13
    return UPN_ALPHABET[total % 23]


def is_valid_upn(value: str) -> bool:
    """True for a 13-character UPN (permanent or temporary) whose check letter matches."""
    value = re.sub(r"[\s-]", "", value).upper()
    if len(value) != 13 or value[0] not in UPN_ALPHABET:
        return False
    return upn_check_letter(value[1:]) == value[0]


def _mod11_remainder(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False)) % 11


def is_valid_nhs_number(value: str) -> bool:
    """NHS Data Dictionary modulus 11: check = 11 - r, 11 means 0, 10 means invalid."""
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - _mod11_remainder(digits)
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def is_valid_uln(value: str) -> bool:
    """ESFA ILR rule: first digit non-zero, r = weighted sum mod 11, r = 0 invalid, check = 10 - r."""
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) != 10 or not digits.isdigit() or digits[0] == "0":
        return False
    r = _mod11_remainder(digits)
    return r != 0 and 10 - r == int(digits[9])


def is_valid_ni_number(value: str) -> bool:
    """HMRC prefix rules (no checksum exists); the suffix letter may be missing."""
    v = re.sub(r"[\s-]", "", value).upper()
    m = re.fullmatch(r"([A-Z]{2})(\d{6})([A-D]?)", v)
    if not m:
        return False
    prefix = m.group(1)
    if prefix[0] in "DFIQUV" or prefix[1] in "DFIQUVO":
        return False
    return prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


# A reference or order number that happens to pass a checksum is still not personal data.
_REF_CUE = re.compile(
    r"(?:\b(?:po|p\.o\.|purchase order|order|invoice|inv|ref|reference|case|"
    r"urn|laestab|account|acc|a/c|sort code|tel|phone|ticket|claim|crn|"
    r"company|charity|registration|reg)\b\.?\s*(?:no\.?|number|#)?\s*[:#]?\s*)$",
    re.IGNORECASE,
)
_NHS_CUE = re.compile(r"\bnhs\b|\bchi\b|health", re.IGNORECASE)
_ULN_CUE = re.compile(r"\buln\b|unique learner|learner number", re.IGNORECASE)
_UPN_CUE = re.compile(r"\bupn\b|pupil number|unique pupil", re.IGNORECASE)

_UPN_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z])[ -]?(\d{3})[ -]?(\d{4})[ -]?(\d{2})[ -]?(\d{2}[0-9A-Za-z])"
    r"(?![A-Za-z0-9])"
)
_TEN_DIGITS_RE = re.compile(
    r"(?<![\d£$.,/+])(?:\d{3}[ -]\d{3}[ -]\d{4}|\d{10}|\d{5} \d{5}|\d{4} \d{3} \d{3})(?![\d/])"
)
_NI_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2})[ -]?(\d{2})[ -]?(\d{2})[ -]?(\d{2})(?:[ -]?([A-Da-d]))?"
    r"(?![A-Za-z0-9])"
)
_NI_CUE = re.compile(r"\bni\b|\bnino\b|national insurance|n\.i\.", re.IGNORECASE)
_EMAIL_LOCAL_MAX = 80  # RFC 5321: 64 characters before the '@', 255 after
_EMAIL_DOMAIN_MAX = 256
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![\w-])"
)
# Outward code (BS 7666 positions), optional space, inward code; any case.
_POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2}|GIR ?0AA)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# UK phone shapes: +44 or 0, then 9–10 further digits with spaces, hyphens, dots or brackets.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?\(?|\(0|0)"
    r"[1-9](?:[ ().-]{0,2}\d){8,9}(?![\d])"
)


def _preceded_by(text: str, start: int, pattern: re.Pattern[str], window: int = 40) -> bool:
    return bool(pattern.search(text[max(0, start - window) : start]))


def find_upns(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Span]:
    """Valid check letter, or an explicit UPN cue for a mistyped one."""
    for m in _UPN_RE.finditer(text, max(0, lo), len(text) if hi is None else min(hi, len(text))):
        raw = m.group(0)
        if is_valid_upn(raw) or (raw.isupper() and _preceded_by(text, m.start(), _UPN_CUE, 25)):
            yield m.start(), m.end(), "upn"


def find_ten_digit_ids(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Span]:
    """NHS numbers and ULNs: the two checksums cannot both pass, so they decide the kind."""
    for m in _TEN_DIGITS_RE.finditer(
        text, max(0, lo), len(text) if hi is None else min(hi, len(text))
    ):
        raw = m.group(0)
        before = text[max(0, m.start() - 30) : m.start()]
        if _REF_CUE.search(before) and not (_NHS_CUE.search(before) or _ULN_CUE.search(before)):
            continue
        if is_valid_nhs_number(raw):
            yield m.start(), m.end(), "nhs_number"
        elif is_valid_uln(raw):
            yield m.start(), m.end(), "uln"
        elif _NHS_CUE.search(before[-20:]):
            yield m.start(), m.end(), "nhs_number"
        elif _ULN_CUE.search(before[-20:]):
            yield m.start(), m.end(), "uln"


def find_ni_numbers(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Span]:
    """Suffix letter required unless an NI cue precedes, to spare codes like 'AB123456'."""
    for m in _NI_RE.finditer(text, max(0, lo), len(text) if hi is None else min(hi, len(text))):
        raw = m.group(0)
        if not is_valid_ni_number(raw):
            continue
        if not (m.group(1).isupper() or m.group(1).islower()):
            continue  # 'Ab123456' is a word fragment, not a NINO
        if m.group(5) or _preceded_by(text, m.start(), _NI_CUE, 30):
            yield m.start(), m.end(), "ni_number"


def find_emails(text: str) -> Iterator[Span]:
    """Only the text around each '@' is matched, so notes without one cost a single find."""
    at = text.find("@")
    pos = 0
    while at != -1:
        lo = max(pos, at - _EMAIL_LOCAL_MAX)
        for m in _EMAIL_RE.finditer(text, lo, at + _EMAIL_DOMAIN_MAX):
            yield m.start(), m.end(), "email"
            pos = m.end()
        at = text.find("@", max(at + 1, pos))


def find_postcodes(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Span]:
    """Shape only: postcodes have no check character, so any case and spacing is accepted."""
    for m in _POSTCODE_RE.finditer(
        text, max(0, lo), len(text) if hi is None else min(hi, len(text))
    ):
        yield m.start(), m.end(), "postcode"


def find_phones(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Span]:
    """Judge by UK shape: 10 national digits (9 for some 01 numbers), leading 1/2/3/7/8."""
    for m in _PHONE_RE.finditer(text, max(0, lo), len(text) if hi is None else min(hi, len(text))):
        raw = m.group(0).rstrip(" -.")
        digits = re.sub(r"\D", "", raw)
        if digits.startswith("0044"):
            national = digits[4:]
        elif digits.startswith("44") and raw.lstrip().startswith("+"):
            national = digits[2:]
        else:
            national = digits[1:]
        if national.startswith("0"):
            national = national[1:]  # +44 (0)20 …
        if not national or national[0] not in "12378":
            continue
        if len(national) == 10 or (len(national) == 9 and national[0] == "1"):
            yield m.start(), m.start() + len(raw), "phone"


# Runs of six or more digits (UPN, ULN, NHS, NI, phone) or the inward half of a postcode, in one
# pass: a postcode's inward digit can never be part of a six-digit run. A run is only tried at the
# first digit of a number: one that fails there fails at every later digit too.
_DIGIT_RUN_OR_INWARD_RE = re.compile(
    r"\d(?:(?<!\d\d)((?:[ ().-]{0,2}\d){5,})|[A-Za-z]{2}(?![A-Za-z0-9]))"
)
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_SEPARATORS = str.maketrans("", "", " ().-")


def _letter_before(text: str, start: int) -> bool:
    """UPNs and NI numbers start with letters right before their digits ('B801…', 'JT 12…')."""
    if start and text[start - 1].isalpha():
        return True
    return start > 1 and text[start - 1] in " -" and text[start - 2].isalpha()


def find_identifiers(text: str) -> list[Span]:
    """All structured identifiers, with the exact patterns run only near likely candidates.

    One scan finds runs of six or more digits and the inward half of postcodes. Each run only
    gets the patterns its digit count allows (a UPN has 11 digits in one run, a ten-digit number
    10, a phone at least 9, an NI number 6 after letters), which keeps scanning thousands of notes
    fast.
    """
    spans: list[Span] = []
    if "@" in text:
        spans.extend(find_emails(text))
    for m in _DIGIT_RUN_OR_INWARD_RE.finditer(text):
        start = m.start()
        if m.group(1) is None:
            if text[start + 1 : m.end()] not in _ORDINALS:  # "1st", "22nd" are not postcodes
                spans.extend(find_postcodes(text, start - 6, m.end()))
            continue
        lo, hi = start - 8, m.end() + 3
        digits = len(m.group().translate(_SEPARATORS))
        lettered = _letter_before(text, start)
        if lettered and digits >= 11:
            spans.extend(find_upns(text, lo, hi))
        if digits >= 10:
            spans.extend(find_ten_digit_ids(text, lo, hi))
        if lettered:
            spans.extend(find_ni_numbers(text, lo, hi))
        if digits >= 9:
            spans.extend(find_phones(text, lo, hi))
    return sorted(set(spans))
