"""Escaping user text for Markdown, so an entry can never change a report's structure.

CommonMark lets a backslash make any ASCII punctuation character literal. To keep reports readable
on a terminal, a character is escaped only where it could start markup (tested
against markdown-it-py's commonmark preset):

- always: code `, emphasis *, tables |, strikethrough ~ and superscript/footnote ^;
- a backslash before punctuation or at the end (it would escape, or break the line);
- `_` unless inside a word (CommonMark never opens or closes emphasis there: snake_case stays);
- `]` before `(` or `:` (an inline link or image needs `](`, a link reference definition `]:`;
  with neither possible, a bare `[text]` is never a link, so `[child]` placeholders stay as they are);
- `<` before a letter, `/`, `!` or `?` (raw HTML, autolinks, comments), `&` before a letter, digit
  or `#` (entities), and `<` or `&` at the very end, since the template's next character is not
  known here (templates never put `(` or `:` straight after user text, so a final `]`, as in a
  `[phone]` placeholder, stays);
- `#` ending the text after a space (it would close a heading and vanish);
- at the start of a line: headings #, quotes >, list markers - + and "12." / "12)", and setext
  underlines =.

Leading spaces are dropped so no line becomes an indented code block. Line breaks inside a text
are hard breaks (backslash, newline), so "Line one / Line two" stays on two lines everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Every branch starts with its character, so the regex engine skips ahead to candidates quickly.
_ESCAPE = re.compile(
    r"[`*|~^]"
    r"|\\(?=[!-/:-@\[-`{-~]|$)"
    r"|_(?!(?<=[^\W_]_)[^\W_])"
    r"|\](?=[(:])"
    r"|<(?=[A-Za-z/!?]|$)"
    r"|&(?=[A-Za-z0-9#]|$)"
    r"|#(?<= #)(?=#*$)"
)
# Any character that might need escaping: most text has none, and this test is cheap.
_CANDIDATE = re.compile(r"[`*|~^\\_\]<&#]")
# In ASCII text, the same or whitespace to fold (tabs, form feeds...; \r is gone by then), looked
# for one by one: in a long text each `in` is a fast scan in C, quicker than a character class.
_ASCII_UNUSUAL = "`*|~^\\_]<&#\t\x0b\x0c\x1c\x1d\x1e\x1f"
_LINE_START = frozenset("#=+->")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


@lru_cache(maxsize=4096)
def _line(text: str) -> str:
    # split() drops leading spaces (no indented code) and folds tabs and no-break spaces.
    text = " ".join(text.split())
    if _CANDIDATE.search(text):
        text = _ESCAPE.sub(r"\\\g<0>", text)
    return _line_start(text)


def _line_start(text: str) -> str:
    """`text` (folded and escaped) with what would make markup at the start of a line escaped."""
    first = text[:1]
    if first in _LINE_START:
        return "\\" + text
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", text)
    return text


def md_inline(value: object) -> str:
    """User text on one line (a summary, a table cell, a heading): line breaks become spaces."""
    return _line(str(value))


def md_block(value: object, indent: int = 0) -> str:
    """User text of several lines (details): each line break kept as a hard break (a backslash at
    the end of the line, which CommonMark, GFM, pandoc and Word importers all read as a line
    break), blank lines separating paragraphs. `indent` spaces start every line after the first,
    so the text can continue a list item ("- Outcome: ...")."""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Plain text (most details): ASCII with nothing to escape and single spaces between words, so
    # each line needs only trimming, not splitting into words and joining again.
    plain = text.isascii() and "  " not in text and not any(c in text for c in _ASCII_UNUSUAL)
    out: list[str] = []
    for part in text.split("\n"):
        line = _line_start(part.strip(" ")) if plain else _line(part)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    for n in range(len(out) - 1):
        if out[n] and out[n + 1]:
            out[n] += "\\"
    return ("\n" + " " * indent).join(out).replace("\n" + " " * indent + "\n", "\n\n")


def md_join(values: Iterable[object], sep: str = "") -> str:
    """Several user texts on one line (tags, file names), each as `md_inline` makes it, joined by
    `sep`: what `map("md") | join(sep)` gives, without Jinja calling a filter for every item."""
    return sep.join(map(md_inline, values))
