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
_INLINE = re.compile(r"([\\`*_\[\]<>&|~^!])")
# At the start of a line: heading #, quote > (already inline), list markers - + *,
# setext underline =, and ordered-list markers "12." / "12)".
_LINE_START = re.compile(r"^([#=+\-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _line(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def md_inline(value: object) -> str:
    """User text on one line (a summary, a table cell, a heading): newlines become spaces."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _line(" ".join(part for part in text.split("\n")))


def md_block(value: object) -> str:
    """User text of several lines (details): lines kept, blank lines separate paragraphs."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_line(part) for part in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
