"""What the brief's templates and Word writer receive: one typed structure, `BriefContext`.

Python computes every word and number here (counts already suppressed where the brief is shared);
templates only lay it out, as the variable `brief`. Text is raw: templates escape it.

Public figures (`public_figures`) are the place for published statistics shown beside the evidence,
such as the DfE's EHC plan figures for the authority: each is a label, a value and its source line.
"""

from __future__ import annotations

from dataclasses import dataclass

from svtool.report.context import AuthorityInfo
from svtool.report.fields import doc


@dataclass(frozen=True)
class Example:
    """A short, anonymised example quoted from a rep's summary."""

    text: str = doc("The summary with personal data replaced, shortened to about 160 characters.")
    setting: str = doc("Where, in lower-case words: 'mainstream primary school'.")
    month: str = doc("When, as a month: 'November 2025'.")


@dataclass(frozen=True)
class PracticeSeen:
    """One practice the evidence shows (a question 2.1 strategy or another checklist question)."""

    id: str = doc("The checklist question id or 2.1 strategy id.")
    label: str = doc("The practice in plain words.")
    reports: str = doc("How many reports, in words: '6 reports', 'fewer than 5 reports'.")
    examples: tuple[Example, ...] = doc(
        "One or two examples, most specific and recent first (none when every report of it is "
        "quoted under another practice already)."
    )
    see_also: str = doc(
        "When there are no examples: 'The report quoted under “…” above.' ('' otherwise).",
        default="",
    )


@dataclass(frozen=True)
class DutyCited:
    """A duty that practices in the evidence may engage."""

    citation: str = doc(
        "The Act or Regulations and section: 'Children and Families Act 2014, section 42'."
    )
    url: str = doc("The provision on legislation.gov.uk.")
    link: str = doc("The address to print: 'legislation.gov.uk/ukpga/2014/6/section/42'.")
    summary: str = doc("What the law requires, in one or two plain sentences.")
    quote: str = doc("The statutory wording, where the brief quotes it ('' otherwise).")
    practices: tuple[str, ...] = doc("The practices seen that may engage it (their labels).")


@dataclass(frozen=True)
class PublicFigure:
    """A published figure shown beside the evidence (e.g. the DfE's EHC plan statistics)."""

    label: str = doc("What it measures: 'EHC plans issued within 20 weeks (2024)'.")
    value: str = doc("The figure as shown: '41.2%'.")
    comparison: str = doc("A comparison in words, or '': 'England: 46.4%'.")


@dataclass(frozen=True)
class BriefContext:
    """Everything the brief shows, as the template variable `brief`."""

    title: str = doc(
        "The first heading: the authority and the period, 'Kent, January to November 2025'."
    )
    subtitle: str = doc("One line under it saying what the brief is.")
    authority: AuthorityInfo = doc("The authority.")  # noqa: RUF009 - doc() is dataclasses.field with help
    programme: str = doc("The authority's programme in a sentence, or ''.")
    period: str = doc("The period in words: 'January to November 2025'.")
    prepared_by: str = doc("'Prepared by NASUWT Kent Local Association, 3 December 2025.'")
    headline: tuple[str, ...] = doc(
        "What we are seeing, in a few sentences (figures suppressed when shared)."
    )
    public_figures: tuple[PublicFigure, ...] = doc(
        "Published figures beside the evidence (may be empty)."
    )
    public_source: str = doc("The source line for the public figures, or ''.")
    practices: tuple[PracticeSeen, ...] = doc("Practices shown in detail, most reported first.")
    also_seen: tuple[str, ...] = doc("Other practices reported, by label (no room for detail).")
    law_intro: str = doc("The caution that introduces What the law says.")
    duties: tuple[DutyCited, ...] = doc("Duties the practices shown may engage, each once.")
    questions: tuple[str, ...] = doc(
        "Questions the evidence raises, in the order of the practices."
    )
    open_questions: tuple[str, ...] = doc(
        "Questions with no evidence yet that the authority can answer."
    )
    asks: tuple[str, ...] = doc("The Local Association's own asks (may be empty).")
    suppressed: bool = doc("True when counts of 1 to 4 are shown as 'fewer than 5'.")
    note: str = doc("The closing note on how the brief was made (anonymised, small numbers).")
    generated_at: str = doc("When it was made (UTC, to the minute).")
    svtool_version: str = doc("The svtool version that made it.")
    entries: int = doc("Entries behind the brief (for the rep's message; never shown when shared).")
    fits: bool = doc("Whether the brief is estimated to fit on two A4 pages (long asks may not).")
