"""Every legal citation svtool prints is one the project's legal note marks H or M, as the note writes it.

The note is tests/reference/legal/legal.md (a copy of shared/background/legal.md; see SOURCE.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svtool import checklist as cl
from svtool.brief import law
from svtool.brief.practices import PRACTICES

NOTE = Path(__file__).parent / "reference" / "legal" / "legal.md"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "background" / "legal.md"
URL_BASES = {
    "CFA": "https://www.legislation.gov.uk/ukpga/2014/6/section/",
    "Regs": "https://www.legislation.gov.uk/uksi/2014/1530/regulation/",
    "EqA": "https://www.legislation.gov.uk/ukpga/2010/15/section/",
    "Education Act 1996": "https://www.legislation.gov.uk/ukpga/1996/56/section/",
}
NAMES = {
    "CFA": "Children and Families Act 2014",
    "Regs": "Special Educational Needs and Disability Regulations 2014",
    "EqA": "Equality Act 2010",
    "Education Act 1996": "Education Act 1996",
}


def note_rows() -> dict[str, dict[str, str]]:
    """The note's table "Checklist item → duty", by its first column."""
    text = NOTE.read_text(encoding="utf-8")
    table = text[text.index("## 1. Checklist item") : text.index("## 2. Statutory timescales")]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] not in ("id", "---"):
            rows[cells[0]] = {"duty": cells[2], "provision": cells[3], "conf": cells[6]}
    return rows


def cited_sections(provision: str) -> set[tuple[str, str]]:
    """('CFA', '36'), ('Regs', '5')... for every section or regulation a row's provision names."""
    found = set()
    for group in provision.split(";"):
        group = group.strip()
        for abbrev in ("Education Act 1996", "CFA", "Regs", "EqA"):
            if group.startswith(abbrev):
                rest = group[len(abbrev) :]
                pattern = r"(?:^|,)\s*(\d+)" if abbrev == "Regs" else r"s\.(\d+)"
                found |= {(abbrev, n) for n in re.findall(pattern, rest)}
    return found


def test_note_is_parsed() -> None:
    rows = note_rows()
    assert len(rows) >= 20
    assert rows["2.1 delays"]["conf"] == "H"
    assert ("Regs", "13") in cited_sections(rows["2.1 delays"]["provision"])
    assert ("CFA", "36") in cited_sections(rows["2.1 extra-evidence"]["provision"])


def test_every_citation_is_a_row_marked_h_or_m() -> None:
    rows = note_rows()
    data = law.load()
    assert data.practices, "no citations at all"
    for practice, duty_ids in data.practices.items():
        row = rows[data.rows[practice]]
        grades = set(re.findall(r"\b[HML]\b", row["conf"]))
        assert grades and grades <= {"H", "M"}, (practice, row["conf"])
        sections = cited_sections(row["provision"])
        for duty in data.duties_for(practice):
            assert (duty.abbrev, duty.section) in sections, (practice, duty.id, row["provision"])
        assert duty_ids


def test_rows_marked_l_or_blank_cite_nothing() -> None:
    data = law.load()
    for row_id, row in note_rows().items():
        if not set(re.findall(r"\b[HM]\b", row["conf"])):
            assert row_id not in data.rows.values(), row_id


def test_citations_link_to_legislation_gov_uk_at_their_section() -> None:
    for duty in law.load().duties.values():
        assert duty.url == URL_BASES[duty.abbrev] + duty.section, duty.id
        assert duty.law == NAMES[duty.abbrev]
        assert duty.citation.startswith(duty.law + ", ")


def test_wording_follows_the_notes_rules() -> None:
    """Never says anyone is breaking the law; quotes only the note's Quotes, word for word."""
    text = NOTE.read_text(encoding="utf-8")
    quotes = " ".join(text[text.index("## Quotes") : text.index("## 1. Checklist item")].split())
    for duty in law.load().duties.values():
        words = f"{duty.summary} {duty.quote}".casefold()
        for banned in ("breaking the law", "unlawful", "illegal", "in breach", "breach of"):
            assert banned not in words, duty.id
        if duty.quote:
            assert f'"{duty.quote}"' in quotes, duty.id
        assert '"' not in duty.summary, "quote wording only in `quote`"
    assert "may engage" in law.CAUTION and "not legal advice" in law.CAUTION


def test_practices_cited_are_checklist_items() -> None:
    ids = set(cl.questions_by_id()) | {c.id for c in cl.STRATEGIES}
    data = law.load()
    assert set(data.practices) <= ids
    assert set(data.practices) <= set(PRACTICES)
    for practice, row in data.rows.items():
        assert row == practice or row == f"2.1 {practice}", (practice, row)


@pytest.mark.skipif(not SHARED.is_file(), reason="shared/ is not beside this checkout")
def test_copy_matches_the_shared_note() -> None:
    assert NOTE.read_bytes() == SHARED.read_bytes(), (
        "shared/background/legal.md changed: copy it to tests/reference/legal/ and check data/law.toml"
    )
