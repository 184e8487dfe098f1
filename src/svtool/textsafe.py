"""A rep's text as a screen shows it: every character they wrote, none of them a command.

Evidence is stored exactly as written. On a screen (a terminal, or a pipe that ends in one), a few
characters would act instead of being read: escape sequences recolour or rewrite the terminal, a
carriage return overwrites the line, and bidirectional overrides (U+202E and friends) reorder what
follows so that text reads differently from what is stored. `visible` replaces each of those with
a visible stand-in; everything else, square brackets and all, is left exactly as it is. JSON output
never goes through here: it carries the exact text.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline are handled by the caller's choice), DEL, lone surrogates,
# the bidirectional marks, embeddings, overrides and isolates, and the line and paragraph separators
# some terminals treat as new lines.
_ACTIVE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_ACTIVE_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
RETURN_NEWLINE = re.compile("\r\n")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␍ for CR, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str, *, one_line: bool = False) -> str:
    """The text with every active character replaced by a visible stand-in.

    With one_line, line breaks become ⏎ and tabs a space, for a table cell or a one-line list.
    """
    if one_line:
        text = RETURN_NEWLINE.sub("\n", text).replace("\n", " \u23ce ").replace("\t", " ")
        return _ACTIVE_ONE_LINE.sub(_stand_in, text)
    return _ACTIVE.sub(_stand_in, RETURN_NEWLINE.sub("\n", text))


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps) with every active character as a \\u escape: the same data."""
    return _ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
