"""Word documents (.docx) with python-docx: real headings, real tables, A4 pages.

Imported only when a Word document is asked for (python-docx and lxml take a while to load), by
word_report (reports) and word_brief (the brief). User text goes in as text runs: Word has no
markup to escape, and line breaks inside a text become real line breaks. Dates are not broken
over two lines (`wholedates`): ISO ones take Word's non-breaking hyphen, and written ones in a
table's narrow columns non-breaking spaces.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from svtool.report.wholedates import iso_parts, whole

MUTED = RGBColor(0x4A, 0x4A, 0x4A)
NUMBER_MM = 28.0  # a column of numbers (wide enough for "fewer than 5")
KEEP_WHOLE_ROWS = 16  # tables up to this many rows (with the header) are kept on one page
_XML_BAD = {c for c in range(32) if c not in (9, 10, 13)}


def clean(text: str) -> str:
    """Text Word can hold: XML forbids most control characters (svtool never stores them, but a
    document must not fail to open because of one)."""
    if any(ord(ch) in _XML_BAD for ch in text):
        return "".join(ch for ch in text if ord(ch) not in _XML_BAD)
    return text


class Doc:
    """A Word document being written, top to bottom."""

    def __init__(self, title: str, *, base_pt: float = 10.5, margin_mm: float = 18) -> None:
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        self.margin_mm = margin_mm
        self.text_mm = 210 - 2 * margin_mm
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(margin_mm))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"  # Liberation Sans has its metrics: pages come out the same
        normal.font.size = Pt(base_pt)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (
            ("Heading 1", 18),
            ("Heading 2", 14),
            ("Heading 3", 12),
            ("Heading 4", 11),
        ):
            style = self.doc.styles[name]
            style.font.size = Pt(size)
            style.paragraph_format.space_before = Pt(10 if name != "Heading 1" else 0)
            style.paragraph_format.space_after = Pt(3)
            style.paragraph_format.keep_with_next = True
        self.doc.core_properties.title = clean(title)
        self.doc.core_properties.author = "svtool"

    def landscape(self) -> None:
        """From here on, A4 turned sideways, on a new page: for a table too wide to stand."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        self.text_mm = 297 - 2 * self.margin_mm

    def heading(self, text: str, level: int) -> None:
        _text_run(self.doc.add_heading(level=level), text)

    def para(
        self, text: str = "", *, bold: str = "", muted: bool = False, size: float | None = None,
        style: str | None = None, keep_with_next: bool = False,
    ) -> Any:  # fmt: skip
        """A paragraph: an optional bold lead-in, then text whose line breaks are kept."""
        p = self.doc.add_paragraph(style=style)
        if bold:
            _text_run(p, bold).bold = True
        self.lines(p, text, muted=muted, size=size)
        if keep_with_next:
            p.paragraph_format.keep_with_next = True
        return p

    def lines(
        self,
        p: Any,
        text: str,
        *,
        muted: bool = False,
        size: float | None = None,
        cell: bool = False,
    ) -> None:
        for n, line in enumerate(text.replace("\r\n", "\n").split("\n")):
            if n:
                p.add_run().add_break()  # a line break inside the paragraph, like <br>
            run = _text_run(p, line, cell=cell)
            if muted:
                run.font.color.rgb = MUTED
            if size:
                run.font.size = Pt(size)

    def bullet(self, text: str, *, bold: str = "", numbered: bool = False) -> Any:
        return self.para(text, bold=bold, style="List Number" if numbered else "List Bullet")

    def link(self, p: Any, url: str, text: str) -> None:
        """A clickable link (python-docx has no call for one: the XML is written here)."""
        rel = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "0B4F9C")
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.extend([style, color, underline])
        run.append(props)
        t = OxmlElement("w:t")
        t.text = clean(text)
        run.append(t)
        link.append(run)
        p._p.append(link)

    def table(
        self,
        caption: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: Sequence[int] = (),
        widths_mm: Sequence[float] = (),
    ) -> Any:
        """A captioned table with a header row repeated on each page; the caption stays with it.
        Without headers, a plain table of label and value (an entry's facts)."""
        if caption:
            cap = self.doc.add_paragraph(style="Caption")
            cap.add_run(clean(caption))
            cap.paragraph_format.keep_with_next = True
        cols = len(headers) or max((len(r) for r in rows), default=1)
        table = self.doc.add_table(rows=1 if headers else 0, cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        if headers:
            for i, text in enumerate(headers):
                self._cell(table.rows[0].cells[i], text, bold=True, right=i in numeric)
            _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for i, text in enumerate(values):
                self._cell(cells[i], text, right=i in numeric)
        if not widths_mm:  # numbers narrow, words share the rest of the text width
            words = [i for i in range(cols) if i not in numeric]
            rest = self.text_mm - NUMBER_MM * (cols - len(words))
            widths_mm = [
                NUMBER_MM if i in numeric else rest / max(1, len(words)) for i in range(cols)
            ]
        table.autofit = False
        for i, width in enumerate(widths_mm):
            table.columns[i].width = Mm(width)  # the grid LibreOffice and Word lay out by
        # A short table is kept on one page, as the HTML keeps it (and an entry's facts stay
        # together): every row but the last keeps with the next. A long one may break
        # between rows, never inside one.
        keep_whole = len(table.rows) <= KEEP_WHOLE_ROWS
        for n, row in enumerate(table.rows, start=1):
            _cant_split(row)
            for i, width in enumerate(widths_mm):
                row.cells[i].width = Mm(width)
                if keep_whole and n < len(table.rows):
                    for p in row.cells[i].paragraphs:
                        p.paragraph_format.keep_with_next = True
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def _cell(self, cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        self.lines(p, text, cell=True)
        for run in p.runs:
            run.bold = bold or None
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _text_run(p: Any, text: str, *, cell: bool = False) -> Any:
    """A run of one line of text whose ISO dates cannot be broken over two lines (nor, in a
    table's cell, where columns are narrow, its written dates)."""
    run = p.add_run()
    text = clean(text)
    for part in iso_parts(whole(text) if cell else text):
        if part is None:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        elif part:
            run._r.add_t(part)
    return run


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _cant_split(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    props.append(flag)
