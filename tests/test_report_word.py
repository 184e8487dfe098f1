"""Word reports as a reader sees them: what README says they hold, and tables laid out so that
names and dates read whole. Read back with python-docx (LibreOffice is not needed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_report_data import log_dataset

Svtool = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


def word(svtool: Svtool, tmp_path: Path, *args: str) -> Any:
    import docx

    target = tmp_path / "report.docx"
    result = svtool("report", *args, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return docx.Document(str(target))


def readme_sentence(starting: str) -> str:
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(re.escape(starting) + r".*?\.(?= [A-Z`]|$)", text)
    assert found, starting
    return found.group(0)


def test_readme_says_whether_the_word_report_has_the_map(
    svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
) -> None:
    document = word(svtool, tmp_path, "--all")
    pictures = len(document.inline_shapes)
    text = "\n".join(p.text for p in document.paragraphs)
    claim = readme_sentence("A Word document (`.docx`")
    if pictures:
        assert "no map" not in claim, claim
    else:
        assert "no map" in claim, claim
        # ...and the document itself says where the map is.
        assert "The HTML report (--output report.html) draws these authorities on a hex map" in text
    assert readme_sentence("**The national picture and the public figures.**").startswith(
        "**The national picture and the public figures.** A report across authorities as a web "
        "page (HTML) opens with a map"
    )


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH_YEAR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(table: Any, column: int) -> float:
    width = table.columns[column].width
    assert width is not None
    return float(width.mm)


@pytest.mark.parametrize("args", [("--all",), ("-a", "Kent")])
def test_a_date_is_never_broken_over_two_lines(
    svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Word breaks a line after a hyphen and at a space: a date's hyphens are non-breaking
    (w:noBreakHyphen, so no text run holds '2025-03-02' whole), and so are its spaces in a table,
    where columns are narrow ('January 2025'),
    and a column holding a date is wide enough for it (10.5 pt Arial)."""
    document = word(svtool, tmp_path, *args)
    body = document.element.body
    texts = [t.text or "" for t in body.iter(f"{W}t")]
    assert [t for t in texts if ISO_DATE.search(t)] == []
    cells = [
        t.text or ""
        for t in body.iter(f"{W}t")
        if next(t.iterancestors(f"{W}tc"), None) is not None
    ]
    assert [t for t in cells if MONTH_YEAR.search(t)] == []
    assert body.findall(f".//{W}noBreakHyphen"), "no date was written at all"
    assert any("\u00a0" in t for t in cells)
    for table in document.tables:
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                for date in re.findall(r"\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\u00a0\d{4}", cell.text):
                    # about 1.9 mm a character, and 1.9 mm margins each side
                    assert mm(table, i) >= len(date) * 1.9 + 3.8, (
                        date,
                        table.rows[0].cells[i].text,
                    )


def test_the_authority_columns_hold_every_name(
    svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The longest word in an authority's name ('Northamptonshire': 30 mm in 10.5 pt Arial, and
    the cell's margins) fits its column, so no name is broken inside a word."""
    document = word(svtool, tmp_path, "--all")
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Authority"]
    assert len(tables) == 3  # entries per authority, section 6, every authority
    for table in tables:
        assert mm(table, 0) >= 40, [c.text for c in table.rows[0].cells]
        assert sum(mm(table, i) for i in range(len(table.columns))) <= page_width(document, table)


def page_width(document: Any, table: Any) -> float:
    """The text width of the section the table is in (its section ends at the next sectPr)."""
    from docx.section import Section

    element = table._tbl
    while element is not None:
        if element.tag == f"{W}sectPr":
            break
        found = element.find(f"{W}pPr/{W}sectPr")
        if found is not None:
            element = found
            break
        element = element.getnext()
    assert element is not None
    section = Section(element, document.part)
    return float(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) + 0.1
