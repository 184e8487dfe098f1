"""Dates kept on one line: a narrow table column in a web page, a printout or Word must never
break '1 October 2025' after '1 October', or '2025-10-01' after '2025-'.

Written dates ('January 2025', 'Oct 2025', '1 October 2025') take non-breaking spaces: a
character every font has, so they read the same everywhere. ISO dates keep their ordinary
hyphens, which analysts copy and search for; HTML keeps them whole with CSS (`time` does not
wrap) and Word with its own non-breaking hyphen (`word.Doc`, which splits them with `iso_parts`).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
WRITTEN_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{_MONTH}) \d{{4}}\b")
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def whole(text: str) -> str:
    """The text with the spaces inside each written date made non-breaking."""
    return WRITTEN_DATE.sub(lambda m: m.group(0).replace(" ", NBSP), text)


def iso_parts(text: str) -> list[str | None]:
    """The text split at the hyphens inside ISO dates, each such hyphen written None:
    '2025-10-01.' -> ['2025', None, '10', None, '01.']. Text without one is one part."""
    parts: list[str | None] = []
    start = 0
    for m in ISO_DATE.finditer(text):
        year, month, day = m.group(0).split("-")
        parts += [text[start : m.start()] + year, None, month, None]
        start = m.end() - len(day)
    parts.append(text[start:])
    return parts
