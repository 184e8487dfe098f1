"""Checksums and patterns for structured UK identifiers.

Checksums decide, not issuance ranges: test ranges (NHS 999…, Ofcom drama phone numbers) and new
local authorities (940–943) must still be found.
"""

from __future__ import annotations

import re
from operator import mul

Span = tuple[int, int, str]

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O, S
_UPN_WEIGHTS = range(2, 13)
_MOD11_WEIGHTS = range(10, 1, -1)
# Compiled once: the validators run for every candidate number of every scanned note.
_SPACES_HYPHENS_RE = re.compile(r"[\s-]")
_NON_DIGITS_RE = re.compile(r"\D")
_NI_SHAPE_RE = re.compile(r"([A-Z]{2})(\d{6})([A-D]?)")


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
    total = sum(map(mul, map(int, body[:11]), _UPN_WEIGHTS))
    total += last_value * 13
    return UPN_ALPHABET[total % 23]


def is_valid_upn(value: str) -> bool:
    """True for a 13-character UPN (permanent or temporary) whose check letter matches."""
    value = _SPACES_HYPHENS_RE.sub("", value).upper()
    if len(value) != 13 or value[0] not in UPN_ALPHABET:
        return False
    return upn_check_letter(value[1:]) == value[0]


def _mod11_remainder(digits: str) -> int:
    total: int = sum(map(mul, map(int, digits[:9]), _MOD11_WEIGHTS))
    return total % 11


def is_valid_nhs_number(value: str) -> bool:
    """NHS Data Dictionary modulus 11: check = 11 - r, 11 means 0, 10 means invalid."""
    digits = _SPACES_HYPHENS_RE.sub("", value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - _mod11_remainder(digits)
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def is_valid_uln(value: str) -> bool:
    """ESFA ILR rule: first digit non-zero, r = weighted sum mod 11, r = 0 invalid, check = 10 - r."""
    digits = _SPACES_HYPHENS_RE.sub("", value)
    if len(digits) != 10 or not digits.isdigit() or digits[0] == "0":
        return False
    r = _mod11_remainder(digits)
    return r != 0 and 10 - r == int(digits[9])


def is_valid_ni_number(value: str) -> bool:
    """HMRC prefix rules (no checksum exists); the suffix letter may be missing."""
    v = _SPACES_HYPHENS_RE.sub("", value).upper()
    m = _NI_SHAPE_RE.fullmatch(v)
    if not m:
        return False
    prefix = m.group(1)
    if prefix[0] in "DFIQUV" or prefix[1] in "DFIQUVO":
        return False
    return prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


# A reference or order number that happens to pass a checksum is still not personal data.
REF_WORDS = (
    "po",
    "p.o.",
    "purchase order",
    "order",
    "invoice",
    "inv",
    "ref",
    "reference",
    "case",
    "urn",
    "laestab",
    "account",
    "acc",
    "a/c",
    "sort code",
    "tel",
    "phone",
    "ticket",
    "claim",
    "crn",
    "company",
    "charity",
    "registration",
    "reg",
)
# 'ref no: ' must end right before the number, so the text before it is reversed and the reversed
# cue ('\s*[:#]?\s*(on|rebmun|#)? fer') matched once at its start, instead of searching every
# position for '\bref\b\.?\s*(no|number|#)?\s*[:#]?\s*$'.
_REF_CUE_REVERSED = re.compile(
    r"\s*[:#]?\s*(?:\.?on|rebmun|#)?\s*\.?\b(?:"
    + "|".join(re.escape(w[::-1]) for w in REF_WORDS)
    + r")\b",
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
    before = text[max(0, start - window) : start]
    if "]" in before:  # a placeholder left by redaction ('[UPN]') is no cue
        before = before[before.rindex("]") + 1 :]
    return bool(pattern.search(before))


# The finders below add to ``spans`` instead of yielding: they run for every candidate number of
# every note, and a generator per call costs more than the patterns themselves.


def _add_upns(text: str, lo: int, hi: int, spans: list[Span]) -> None:
    """Valid check letter, or an explicit UPN cue for a mistyped one."""
    for m in _UPN_RE.finditer(text, lo, hi):
        raw = m.group()
        if is_valid_upn(raw) or (raw.isupper() and _preceded_by(text, m.start(), _UPN_CUE, 25)):
            spans.append((m.start(), m.end(), "upn"))


def _checksum_kind(digits: str) -> str | None:
    """is_valid_nhs_number, then is_valid_uln, for ten digits: one weighted sum serves both."""
    r = _mod11_remainder(digits)
    last = int(digits[9])
    if r != 1 and (11 - r) % 11 == last:  # check 11 - r, where 11 means 0 and 10 is invalid
        return "nhs_number"
    if digits[0] != "0" and r != 0 and 10 - r == last:
        return "uln"
    return None


def _add_ten_digit_ids(text: str, lo: int, hi: int, spans: list[Span]) -> None:
    """NHS numbers and ULNs: the two checksums cannot both pass, so they decide the kind."""
    pos = lo
    while (m := _TEN_DIGITS_RE.search(text, pos, hi)) is not None:
        # a shape that fails ('0182 999 000' of a phone and the NHS number after it) may hide
        # one that starts a little later: look again from the next digit, not from its end
        start = m.start()
        pos = start + 1
        before = text[max(0, start - 30) : start]
        if "]" in before:  # a placeholder left by redaction ('ULN is [ULN]. PO …') is no cue
            before = before[before.rindex("]") + 1 :]
        kind = _checksum_kind(m.group().replace(" ", "").replace("-", ""))
        if kind is None:
            if _NHS_CUE.search(before[-20:]):
                kind = "nhs_number"
            elif _ULN_CUE.search(before[-20:]):
                kind = "uln"
            else:
                continue
        # a reference cue only matters for a number that would otherwise be kept
        if _REF_CUE_REVERSED.match(before[::-1]) and not (
            _NHS_CUE.search(before) or _ULN_CUE.search(before)
        ):
            continue
        spans.append((start, m.end(), kind))
        pos = m.end()


def _add_ni_numbers(text: str, lo: int, hi: int, spans: list[Span]) -> None:
    """Suffix letter required unless an NI cue precedes, to spare codes like 'AB123456'."""
    for m in _NI_RE.finditer(text, lo, hi):
        if not is_valid_ni_number(m.group()):
            continue
        letters = m.group(1)
        if not (letters.isupper() or letters.islower()):
            continue  # 'Ab123456' is a word fragment, not a NINO
        if m.group(5) or _preceded_by(text, m.start(), _NI_CUE, 30):
            spans.append((m.start(), m.end(), "ni_number"))


def _add_emails(text: str, spans: list[Span]) -> None:
    """Only the text around each '@' is matched, so notes without one cost a single find."""
    at = text.find("@")
    pos = 0
    while at != -1:
        lo = max(pos, at - _EMAIL_LOCAL_MAX)
        for m in _EMAIL_RE.finditer(text, lo, at + _EMAIL_DOMAIN_MAX):
            spans.append((m.start(), m.end(), "email"))
            pos = m.end()
        at = text.find("@", max(at + 1, pos))


def _add_phones(text: str, lo: int, hi: int, spans: list[Span]) -> None:
    """Judge by UK shape: 10 national digits (9 for some 01 numbers), leading 1/2/3/7/8."""
    pos = lo
    while (m := _PHONE_RE.search(text, pos, hi)) is not None:
        # a shape that is no phone ('09.2015 07700' of a date and the number after it) may
        # still start one a little later: look again from the next character, not its end
        pos = m.start() + 1
        raw = m.group().rstrip(" -.")
        digits = _NON_DIGITS_RE.sub("", raw)
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
            spans.append((m.start(), m.start() + len(raw), "phone"))
            pos = m.start() + len(raw)


# Runs of six or more digits (UPN, ULN, NHS, NI, phone) or the inward half of a postcode, in one
# pass: a postcode's inward digit can never be part of a six-digit run. A run is only tried at the
# first digit of a number: one that fails there fails at every later digit too. The possessive
# quantifiers only spare the engine backtracking that can never succeed (a separator is not a
# digit), so they match exactly what the greedy ones did.
_DIGIT_RUN_OR_INWARD = r"\d(?:(?<!\d\d)((?:[ ().-]{0,2}+\d){5,}+)|[A-Za-z]{2}(?![A-Za-z0-9]))"
_DIGIT_RUN_OR_INWARD_RE = re.compile(_DIGIT_RUN_OR_INWARD)
# The same with [0-9] for \d, which the regex engine tests much faster: identical on a note whose
# characters are all below U+0100, as no decimal digit but 0-9 lies there.
_LATIN1_DIGIT_RUN_OR_INWARD_RE = re.compile(_DIGIT_RUN_OR_INWARD.replace(r"\d", "[0-9]"))
# An NI number's digits can only start a run (letters come right before them, and a run starts at
# the first digit of a number), so its two letters, optional separator and word start must sit
# right before the run: runs after 'UPN B', 'NHS ' or 'number ' skip the NI pattern altogether.
_NI_LETTERS_BEFORE_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ -]?\Z")
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_SEPARATORS = str.maketrans("", "", " ().-")


def _may_hold_phone(window: str) -> bool:
    """Every phone shape holds a '+' or a '0' (+44, 0044, (0…, 0…): '943 476 5919' needs no look."""
    return "0" in window or "+" in window


def _is_latin1(text: str) -> bool:
    """True if every character is below U+0100 (a cheap copy for such a note, else a quick error)."""
    if text.isascii():
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


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
        _add_emails(text, spans)
    n = len(text)
    scan = _LATIN1_DIGIT_RUN_OR_INWARD_RE if _is_latin1(text) else _DIGIT_RUN_OR_INWARD_RE
    for m in scan.finditer(text):
        start, end = m.span()
        run = m.group(1)
        if run is None:
            if text[start + 1 : end] not in _ORDINALS:  # "1st", "22nd" are not postcodes
                # shape only: postcodes have no check character, so any case and spacing will do
                for p in _POSTCODE_RE.finditer(text, max(0, start - 6), end):
                    spans.append((p.start(), p.end(), "postcode"))
            continue
        lo, hi = max(0, start - 8), min(n, end + 3)
        digits = len(run.translate(_SEPARATORS)) + 1
        lettered = _letter_before(text, start)
        if lettered and digits >= 11:
            _add_upns(text, lo, hi, spans)
        if digits >= 10:
            _add_ten_digit_ids(text, lo, hi, spans)
        if lettered and _NI_LETTERS_BEFORE_RE.search(text, max(0, start - 3), start):
            _add_ni_numbers(text, lo, hi, spans)
        if digits >= 9 and _may_hold_phone(text[lo:hi]):
            _add_phones(text, lo, hi, spans)
    return sorted(set(spans))
