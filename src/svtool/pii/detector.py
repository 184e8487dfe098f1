"""Combine the detectors, resolve overlaps and redact.

Structured identifiers win over names and dates when spans overlap, because their patterns are
stricter (a checksum or a fixed shape) than the name heuristics.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from svtool.pii.context import find_addresses, find_dates_of_birth
from svtool.pii.identifiers import find_identifiers
from svtool.pii.names import find_names
from svtool.pii.placeholders import PLACEHOLDERS
from svtool.pii.register import Register
from svtool.pii.tokens import Tokens

KINDS: tuple[str, ...] = (
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


Span = tuple[int, int, str]

_DIGIT = re.compile(r"\d")
_NAME_KINDS = ("child_name", "adult_name")

_PRIORITY: dict[str, int] = {
    "email": 0,
    "upn": 1,
    "nhs_number": 2,
    "uln": 2,
    "ni_number": 3,
    "phone": 4,
    "postcode": 5,
    "date_of_birth": 6,
    "address": 7,
    "adult_name": 8,
    "child_name": 8,
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: character offsets into the scanned text, its kind and value,
    and for a name from the rep's register the placeholder its role asks for ('[parent]')."""

    start: int
    end: int
    kind: str
    text: str
    label: str | None = None

    @property
    def placeholder(self) -> str:
        return self.label or PLACEHOLDERS[self.kind]


def _outside(start: int, end: int, hard: list[Span], text: str) -> list[tuple[int, int]]:
    """The parts of a name span no identifier covers ('Mrs Okafor' of 'Mrs Okafor JT 12 34 56 B',
    'Jack' of 'B Jack' where 'JT 12 34 56 B' is an NI number), without the gaps around them."""
    pieces, pos = [], start
    for s, e, _ in sorted(c for c in hard if c[0] < end and start < c[1]):
        pieces.append((pos, s))
        pos = max(pos, e)
    pieces.append((pos, end))
    kept = []
    for s, e in pieces:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum() and text[e - 1] != ".":
            e -= 1
        if e - s >= 2:
            kept.append((s, e))
    return kept


def _resolve(spans: Iterable[Span], text: str) -> list[Span]:
    """Keep the strongest span wherever two overlap; merge overlapping name spans into one."""
    by_position = sorted({s for s in spans if s[0] < s[1]})
    if all(a[1] <= b[0] for a, b in pairwise(by_position)):
        return by_position  # the usual case: nothing overlaps, so every span is kept as it is
    chosen: list[Span] = []
    # identifiers come first, so every one a name overlaps is chosen before the name
    ordered = sorted(by_position, key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0]))
    for span_start, span_end, kind in ordered:
        if kind not in _NAME_KINDS:
            if not any(c[0] < span_end and span_start < c[1] for c in chosen):
                chosen.append((span_start, span_end, kind))
            continue
        hard = [c for c in chosen if c[2] not in _NAME_KINDS]
        for start, end in _outside(span_start, span_end, hard, text):
            clash = [c for c in chosen if c[0] < end and start < c[1]]
            if not clash:
                chosen.append((start, end, kind))
                continue
            for c in clash:  # names only: the identifiers were cut out above
                chosen.remove(c)
            merged_start = min(start, *(c[0] for c in clash))
            merged_end = max(end, *(c[1] for c in clash))
            merged_kind = "adult_name" if "adult_name" in {c[2] for c in clash} else kind
            chosen.append((merged_start, merged_end, merged_kind))
    return sorted(chosen)


def find_personal_data(text: str, register: Register | None = None) -> list[Finding]:
    """Findings sorted by position, never overlapping. Names in the rep's ``register`` are
    always found, and a name finding that holds one takes its kind and placeholder."""
    lowered = text.lower()
    tok = Tokens(text, lowered)
    spans: list[tuple[int, int, str]] = []
    if _DIGIT.search(text):
        spans.extend(find_identifiers(text))
        spans.extend(find_dates_of_birth(text, lowered))
        spans.extend(find_addresses(text, lowered, tok))
    elif "@" in text:
        spans.extend(find_identifiers(text))  # only an email can be found without a digit
    spans.extend(find_names(text, lowered, tok))
    hits = register.find(text) if register else []
    spans.extend((s, e, k) for s, e, k, _ in hits)
    if not spans:
        return []
    resolved = _resolve(spans, text)
    # the register's role also names what the detector found by itself ('Grace rang', where
    # the register's 'Grace' is an everyday word the register alone would not take as a name)
    named = register.find(text, everyday_alone=True) if register else []
    if not named:
        return [Finding(s, e, k, text[s:e]) for s, e, k in resolved]
    found = []
    for s, e, k in resolved:
        inside = [h for h in named if h[0] < e and s < h[1]] if k in _NAME_KINDS else []
        if inside:  # the register's role decides: a parent's name is '[parent]'
            child = [h for h in inside if h[2] == "child_name"]
            best = (child or inside)[0]
            found.append(Finding(s, e, best[2], text[s:e], best[3]))
        else:
            found.append(Finding(s, e, k, text[s:e]))
    return found


def redact(
    text: str, findings: list[Finding] | None = None, register: Register | None = None
) -> str:
    """Replace each finding with its kind's placeholder; everything else is left byte-for-byte."""
    if findings is None:
        findings = find_personal_data(text, register)
    out: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f.placeholder)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def count_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts per kind, for export summaries that must not contain the values themselves."""
    return dict(Counter(f.kind for f in findings))
