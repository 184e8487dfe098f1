"""Keeping the brief to two A4 pages: an estimate of its length, and the plans that shorten it.

The estimate counts lines of body text as the printed HTML and the Word document set them (10 pt
Arial or its metric twin Liberation Sans, A4, 12-16 mm margins: about 90 characters a line and 55
lines a page), with headings and gaps as fractions of a line. It errs long, so that a brief it
passes prints on two pages in Chromium and in LibreOffice (checked by hand: see README).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from svtool.brief.context import BriefContext

CHARS = 90  # characters of body text in a line
SMALL_CHARS = 100  # in the smaller print of notes
BUDGET = 116.0  # two pages hold about 125 (measured), less a margin for the unexpected


@dataclass(frozen=True)
class Plan:
    """How much detail the brief gives."""

    detailed: int  # practices shown with examples
    two_examples: int  # of those, how many get a second example
    open_questions: int  # questions with no evidence yet to ask


# From the fullest brief to the shortest: the first that fits is used.
PLANS = (
    Plan(6, 3, 3),
    Plan(6, 2, 3),
    Plan(6, 1, 3),
    Plan(5, 1, 3),
    Plan(5, 1, 2),
    Plan(4, 1, 2),
    Plan(4, 0, 2),
    Plan(4, 0, 1),
    Plan(3, 0, 1),
)


def _text(text: str, chars: int = CHARS) -> float:
    return float(max(1, ceil(len(text) / chars)))


def lines(b: BriefContext) -> float:
    """About how many lines of body text the brief takes when printed."""
    n = 1.2 + 2.2 + _text(b.subtitle) + _text(f"{b.programme} {b.prepared_by}", SMALL_CHARS) + 0.5
    n += 2.6 + _text(" ".join(b.headline)) + 0.6  # What we are seeing
    if b.public_figures:
        n += 1.2 + sum(
            _text(f"{f.label}: {f.value} ({f.comparison})") + 0.15 for f in b.public_figures
        )
        n += _text(b.public_source, SMALL_CHARS) * 0.9 + 0.4
    for p in b.practices:
        n += 1.9 + sum(
            _text(f"“{x.text}” ({x.setting}, {x.month})", CHARS - 3) + 0.15 for x in p.examples
        )
        if p.see_also:
            n += _text(p.see_also) + 0.3
    if b.also_seen:
        n += _text("Also reported: " + "; ".join(b.also_seen)) + 0.6
    n += 2.6 + _text(b.law_intro, SMALL_CHARS) * 0.9 + 0.4  # What the law says
    for d in b.duties:
        words = (
            f"{d.citation} {d.link}. {d.summary} {d.quote} Relevant to: {'; '.join(d.practices)}."
        )
        n += _text(words, CHARS - 3) + 0.3
    n += 2.6  # Questions for the authority
    n += sum(_text(x, CHARS - 3) + 0.15 for x in (*b.questions, *b.open_questions))
    if b.open_questions and b.questions:
        n += 1.4
    if b.asks:
        n += 2.6 + sum(_text(x, CHARS - 3) + 0.15 for x in b.asks)
    return n + 1.5 + _text(f"{b.note} Made with svtool {b.svtool_version}.", SMALL_CHARS) * 0.9
