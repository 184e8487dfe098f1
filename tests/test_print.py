"""Printing for real: the brief and a report printed to PDF by headless Chromium, read back with
pdftotext. Needs `chromium` and `pdftotext` (poppler-utils); skipped where they are missing.

The store is a rep's realistic year in Kent: varied sections, settings and sources, small and
large counts, a few summaries with personal data typed in, details over several lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

Svtool = Callable[..., Any]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM or not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
        reason="needs chromium and poppler-utils (pdftotext, pdfinfo)",
    ),
]

_COMMON = ("-a", "Kent")
KENT_YEAR: tuple[tuple[str, ...], ...] = (
    ("-q", "2.1", "--strategy", "hours-cap", "--summary", "Specialist teaching service outreach capped at 10 hours a term for the whole school, whatever the number of children", "--date", "2025-03-12", "--setting", "mainstream-primary", "--source", "first-hand", "--learners", "14", "--staff", "3", "--impact", "workload", "--tag", "outreach", "--status", "raised-with-la", "--details", "Head told staff meeting.\nCap applies from April.\nSENCO has 14 children on the list."),
    ("-q", "2.1", "--strategy", "hours-cap", "--summary", "Autism outreach reduced to one visit a half term; two pupils with plans now get no specialist input", "--date", "2025-05-20", "--setting", "mainstream-primary", "--source", "member-report", "--learners", "2", "--tag", "outreach"),
    ("-q", "2.1", "--strategy", "refusing-assessments", "--summary", "Three EHC needs assessment requests from the school refused in one term, each saying the school had not shown a graduated approach", "--date", "2025-04-03", "--setting", "mainstream-secondary", "--source", "first-hand", "--learners", "3", "--impact", "workload", "--status", "raised-with-la", "--outcome", "LA said it would review; no reply yet"),
    ("-q", "2.1", "--strategy", "refusing-assessments", "--summary", "Request for assessment for Jamie Collins (Year 4) refused within a week, parents told to wait a year", "--date", "2025-06-18", "--setting", "mainstream-primary", "--source", "member-report", "--learners", "1", "--status", "escalated", "--details", "Mum phoned on 07700 900123.\nCasework opened with the Local Association."),
    ("-q", "2.1", "--strategy", "extra-evidence", "--summary", "LA now requires two full terms of costed provision maps and an educational psychologist report before it will consider a request", "--date", "2025-02-10", "--setting", "la-service", "--source", "la-document", "--tag", "paperwork"),
    ("-q", "2.1", "--strategy", "extra-evidence", "--strategy", "refusing-assessments", "--summary", "SENCO spent 12 hours on one request form; it was returned for a missing signature", "--date", "2025-09-15", "--setting", "mainstream-primary", "--source", "first-hand", "--staff", "1", "--impact", "workload", "--impact", "wellbeing", "--tag", "paperwork"),
    ("-q", "2.1", "--strategy", "delays", "--summary", "Agreed 1:1 support in an EHC plan not in place 7 months after the plan was finalised", "--date", "2025-07-02", "--setting", "mainstream-secondary", "--source", "first-hand", "--learners", "1", "--staff", "2", "--impact", "teaching-and-learning", "--status", "raised-with-la"),
    ("-q", "2.1", "--strategy", "delays", "--summary", "Speech and language therapy in six children's plans not delivered since September", "--date", "2025-11-04", "--setting", "special-school", "--source", "member-report", "--learners", "6", "--impact", "other-learners"),
    ("-q", "2.1", "--strategy", "place-limits", "--summary", "Resourced provision for autism cut from 15 to 10 places despite a waiting list of 9", "--date", "2025-05-08", "--setting", "resourced-provision", "--source", "la-communication", "--learners", "9", "--tag", "places"),
    ("-q", "2.2", "--summary", "Pupil out of school on a reduced timetable of 2 hours a day for 5 months while waiting for a special school place", "--date", "2025-08-28", "--setting", "mainstream-secondary", "--source", "first-hand", "--learners", "1", "--impact", "attendance", "--impact", "exclusion"),
    ("-q", "3.1", "-q", "3.3", "--summary", "TAs redeployed from classes to cover 1:1 for pupils without funded support; class teachers covering SEND planning after school", "--date", "2025-10-01", "--setting", "mainstream-primary", "--source", "first-hand", "--staff", "4", "--impact", "workload", "--impact", "wellbeing"),
    ("-q", "3.3", "--summary", "SENCO signed off with stress after a term of rejected requests and parents' complaints", "--date", "2025-10-21", "--setting", "mainstream-primary", "--source", "member-report", "--staff", "1", "--impact", "wellbeing", "--impact", "staff-turnover"),
    ("-q", "4.1", "--posts-cut", "3", "--role-cut", "teaching-assistant", "--role-cut", "senco", "--summary", "Academy trust cut 3 TA posts and made the SENCO role part-time to balance the budget", "--date", "2025-06-30", "--setting", "mainstream-secondary", "--source", "meeting", "--staff", "3"),
    ("-q", "5.1", "--summary", "No NHS occupational therapy for children with plans in the south of the county; families told to pay privately", "--date", "2025-09-09", "--setting", "special-school", "--source", "member-report", "--learners", "11"),
    ("-q", "1.3", "--summary", "Safety Valve plan papers set a target to reduce new EHC plans by 20% over two years", "--date", "2025-01-22", "--setting", "la-service", "--source", "la-document", "--tag", "plan"),
    ("-q", "6.2", "--consulted", "schools-forum", "--consulted", "headteachers", "--summary", "Only the Schools Forum and headteachers' reference group were consulted on the high needs proposals; no staff or unions", "--date", "2025-03-26", "--setting", "la-service", "--source", "meeting"),
    ("-q", "1.2", "--summary", "No survey or meeting with school staff before the plan was agreed, confirmed by the LA officer at the JCC", "--date", "2025-04-24", "--setting", "la-service", "--source", "meeting", "--status", "raised-with-la"),
    ("-q", "2.1", "--strategy", "hours-cap", "--summary", "Educational psychology time cut to 2 sessions a year per school; call Mrs Patel on 01622 555 010 for detail", "--date", "2025-11-18", "--setting", "mainstream-primary", "--source", "first-hand", "--tag", "outreach"),
    ("-q", "4.2", "--staff-left", "2", "--summary", "Two specialist teachers left for agency work that pays more", "--date", "2025-07-15", "--setting", "special-school", "--source", "first-hand", "--staff", "2"),
)  # fmt: skip


@pytest.fixture
def kent_year(svtool: Svtool) -> None:
    for args in KENT_YEAR:
        result = svtool("log", *_COMMON, *args, "--yes")
        assert result.exit_code == 0, result.output


def print_pdf(html: Path, tmp_path: Path) -> Path:
    pdf = html.with_suffix(".pdf")
    profile = tmp_path / "chromium-profile"
    assert CHROMIUM
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         html.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert pdf.is_file()
    return pdf


def pages_of(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for n in range(1, int(match.group(1)) + 1)
    ]  # fmt: skip


class _Headings(HTMLParser):
    """The headings a printed page shows (the contents, a <nav>, is not printed)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._depth = 0
        self._nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._nav += tag == "nav"
        if tag in {"h2", "h3", "h4", "h5"} and not self._nav:
            self._depth += 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self._nav -= tag == "nav"
        if tag in {"h2", "h3", "h4", "h5"} and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.found[-1] += data


def _words(text: str) -> str:
    """Text without its spaces: a heading's "1.2" and its question are spaced by CSS, not text."""
    return "".join(text.split())


def headings(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    return [_words(h) for h in parser.found if _words(h)]


def test_report_headings_stay_whole_and_with_what_follows(
    svtool: Svtool, kent_year: None, tmp_path: Path
) -> None:
    """No heading is split across two pages, and none is the last thing on a page."""
    target = tmp_path / "kent.html"
    assert svtool("report", "-a", "Kent", "-o", str(target)).exit_code == 0
    html = target.read_text(encoding="utf-8")
    pages = [_words(p) for p in pages_of(print_pdf(target, tmp_path))]
    assert len(pages) > 3
    for heading in headings(html):
        holding = [n for n, page in enumerate(pages) if heading in page]
        assert holding, f"heading split across pages: {heading!r}"
        for n in holding:
            if n < len(pages) - 1:
                assert not pages[n].endswith(heading), f"page {n + 1} ends with {heading!r}"


def test_brief_prints_on_two_pages(svtool: Svtool, kent_year: None, tmp_path: Path) -> None:
    asks = tmp_path / "asks.txt"
    asks.write_text(
        "Publish the number of EHC needs assessment requests refused each term, by phase\n"
        "Restore outreach hours to 2024 levels until the sufficiency review reports\n"
        "Meet NASUWT and the other unions before the next Schools Forum\n",
        encoding="utf-8",
    )
    target = tmp_path / "brief.html"
    result = svtool("brief", "-a", "Kent", "--asks", str(asks), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    pages = pages_of(print_pdf(target, tmp_path))
    assert len(pages) <= 2
    assert "Questions for the authority" in pages[-1] and "Our asks" in pages[-1]


def test_all_authorities_print_names_those_without_evidence_once(
    svtool: Svtool, kent_year: None, tmp_path: Path
) -> None:
    """Printed, the report across authorities names the authorities without evidence in one
    paragraph, not again in 150 rows of the map's table (which the screen still shows whole)."""
    for authority in ("Essex", "Medway"):
        result = svtool(
            "log", "-a", authority, "-q", "2.1", "--strategy", "delays", "--summary", "Late",
            "--date", "2025-06-01", "--setting", "la-service", "--source", "foi", "--yes",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    target = tmp_path / "all.html"
    assert svtool("report", "--all", "-o", str(target)).exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert html.count('<th scope="row">Hartlepool</th>') == 1  # on screen: every authority
    printed = " ".join(pages_of(print_pdf(target, tmp_path)))
    assert printed.count("Hartlepool") == 1
    assert printed.count("Medway") >= 2  # in the table of evidence and in the map's table
    assert len(pages_of(target.with_suffix(".pdf"))) <= 8
