"""Escaping user text for Markdown, so an entry can never change a report's structure.

CommonMark lets a backslash make any ASCII punctuation character literal. We escape every character
that can start inline markup anywhere (emphasis, code, links, images, raw HTML, entities, tables,
strikethrough), plus what can start a block at the beginning of a line (headings, quotes, lists,
thematic breaks, setext underlines, fences). Leading spaces are dropped so no line becomes an
indented code block. Tested against markdown-it-py's commonmark preset (security R-REP-04).
"""

from __future__ import annotations

import re

# Inline: emphasis *_, code `, links/images []!, raw HTML and autolinks <>, entities &,
# tables |, strikethrough ~, the escape character itself, and footnote/superscript ^.
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>&|~^!"})
# At the start of a line: heading #, list markers - +, setext underline = (> and * are inline),
# and ordered-list markers "12." / "12)".
_LINE_START = frozenset("#=+-")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def _line(text: str) -> str:
    # split() drops leading spaces (no indented code) and folds tabs and no-break spaces.
    text = " ".join(text.split()).translate(_INLINE)
    if text[:1] in _LINE_START:
        return "\\" + text
    if text[:1].isdigit():
        return _ORDERED.sub(r"\1\\\2", text)
    return text


def md_inline(value: object) -> str:
    """User text on one line (a summary, a table cell, a heading): line breaks become spaces."""
    return _line(str(value))


def md_block(value: object) -> str:
    """User text of several lines (details): lines kept, blank lines separate paragraphs."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for part in text.split("\n"):
        line = _line(part)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
