"""The placeholders redaction leaves in place of personal data, and how the rules read them.

Redacted text is scanned again (an export of a redacted entry, `svtool scan` after `--redact`),
and must then hold nothing to find. A placeholder hides what stood there: a name, a date, a
phone number. The first scan saw those characters and judged the words around them with them;
the second cannot. So a placeholder is never itself a cue (its words 'child' or 'birth' say
nothing), and a word that touches one, with only spaces or punctuation between, is judged without
the evidence its position would give: that evidence is exactly what the placeholder hides
('Dear Mr Eriksson, Bill before Parliament' is no name after a name; 'Dear [name], Bill' must not
become one because a capital now follows a comma).
"""

from __future__ import annotations

import re

# By kind of finding.
PLACEHOLDERS: dict[str, str] = {
    "child_name": "[child]",
    "adult_name": "[name]",
    "upn": "[UPN]",
    "uln": "[ULN]",
    "nhs_number": "[NHS number]",
    "date_of_birth": "[date of birth]",
    "postcode": "[postcode]",
    "email": "[email]",
    "phone": "[phone]",
    "ni_number": "[NI number]",
    "address": "[address]",
}
# By role in the rep's people register (svtool.people).
ROLE_PLACEHOLDERS: dict[str, str] = {
    "child": "[child]",
    "parent": "[parent]",
    "staff": "[staff]",
    "other": "[name]",
}
REGISTER_LABELS = frozenset(ROLE_PLACEHOLDERS.values())
ALL = frozenset(PLACEHOLDERS.values()) | REGISTER_LABELS

PLACEHOLDER_RE = re.compile("|".join(map(re.escape, sorted(ALL, key=len, reverse=True))))
# Between a word and a placeholder it touches: spaces and punctuation, no word or number, but
# perhaps what is left of a word the placeholder ended ("[name]'s Grace", "[child]s mum").
_GAP_RE = re.compile(r"(?:['’]?[a-z]{1,2}(?![a-z]))?[^\w\[\]]*")
_REACH = 6


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Where placeholders stand in ``text`` (none without a '[', the usual case)."""
    if "[" not in text:
        return []
    return [m.span() for m in PLACEHOLDER_RE.finditer(text)]


def touches(text: str, held: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    """A placeholder right before ``start`` or right after ``end`` (either may be None: that
    side is not looked at), nothing but spaces and punctuation between."""
    for s, e in held:
        if (
            start is not None
            and e <= start
            and start - e <= _REACH
            and _GAP_RE.fullmatch(text, e, start)
        ):
            return True
        if end is not None and s >= end and s - end <= _REACH and _GAP_RE.fullmatch(text, end, s):
            return True
    return False
