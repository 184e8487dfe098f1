"""What report templates receive: one typed, documented structure, `ReportContext`.

This is a contract with template authors (`svtool report --template FILE`): every field carries a
`help` text, `describe()` prints them all, and a test checks that nothing is undocumented. Templates
see the context as the single variable `report`. All text here is raw: templates escape it (HTML by
autoescape, Markdown with the `md` filter). Numbers are ready to show; `bar` values are 0-100 widths.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from svtool.report.context_national import NationalPicture, PublicFigures
from svtool.report.fields import doc

SHOWN_WORDS = "'1,234', or in a shared report 'fewer than 5' or 'not shown'."
SHOWN = "The count as to print: " + SHOWN_WORDS


@dataclass(frozen=True)
class Count:
    """One labelled number, e.g. a strategy and how many entries report it."""

    id: str = doc("Stable id: a checklist id, a DfE code or a month (YYYY-MM).")
    label: str = doc("The words to show for it (the checklist's own wording).")
    count: int | None = doc("How many entries; None where a shared report does not show it.")
    bar: int = doc("Bar length, 0-100: the count as a percentage of the largest shown in its list.")
    shown: str = doc(SHOWN, default="")


@dataclass(frozen=True)
class Total:
    """A sum of numbers that reps gave on some entries (e.g. learners affected)."""

    total: int | None = doc("The sum over the entries that gave a number (None: not shown).")
    entries: int | None = doc("How many entries gave a number (None: not shown).")
    shown: str = doc("The total as to print: " + SHOWN_WORDS, default="")
    entries_shown: str = doc("The entries as to print: " + SHOWN_WORDS, default="")


@dataclass(frozen=True)
class Period:
    """The dates the report covers."""

    since: str | None = doc("--since as YYYY-MM-DD, or None for no lower bound.")
    until: str | None = doc("--until as YYYY-MM-DD, or None for no upper bound.")
    first: str | None = doc("Date of the earliest entry in the report (YYYY-MM-DD), None if none.")
    last: str | None = doc("Date of the latest entry in the report (YYYY-MM-DD), None if none.")
    text: str = doc("The period in words, e.g. '1 Sep 2025 to 31 Dec 2025' or 'all dates'.")


@dataclass(frozen=True)
class AuthorityInfo:
    """A local authority as listed in svtool's authorities list."""

    code: str = doc("Three-digit DfE (LA) code, e.g. 886.")
    ons_code: str = doc("ONS code, e.g. E10000016.")
    name: str = doc("Name, e.g. Kent.")
    region: str = doc("English region, e.g. South East.")
    programme: str = doc("Programme id: safety_valve, dbv or none.")
    programme_name: str = doc(
        "Programme in words: Safety Valve, Delivering Better Value, neither programme."
    )
    programme_since: str | None = doc(
        "When it joined the programme (as listed), or None if unknown."
    )


@dataclass(frozen=True)
class Fact:
    """A fact the checklist asks for under one question (e.g. 4.1: posts cut), as given."""

    id: str = doc("The field's id, e.g. posts_cut or consulted.")
    label: str = doc("The checklist's label, e.g. 'Posts cut'.")
    value: str = doc(
        "The value in words: yes or no, a number, or the choices given joined by '; '."
    )


@dataclass(frozen=True)
class EntryView:
    """One piece of evidence as shown in a report."""

    id: str = doc("The entry's full id (UUID).")
    short_id: str = doc("The first 8 characters of the id, enough for `svtool show`.")
    occurred_on: str = doc("When it happened (YYYY-MM-DD).")
    setting: str = doc("Where, in words (e.g. Mainstream primary school).")
    source: str = doc("How the rep knows, in words.")
    summary: str = doc("The one-line summary (user text).")
    details: str = doc("The full account (user text, may hold several lines; may be empty).")
    questions: tuple[str, ...] = doc("Every question id the entry answers, checklist order.")
    also_under: tuple[str, ...] = doc(
        "The other question ids it answers (it is listed once, under the first)."
    )
    strategies: tuple[str, ...] = doc("For 2.1: the strategies reported, in words.")
    impacts: tuple[str, ...] = doc("Impacts reported, in words.")
    learners_affected: int | None = doc("Learners affected, if given.")
    staff_affected: int | None = doc("Staff affected, if given.")
    tags: tuple[str, ...] = doc("The rep's own tags (user text).")
    follow_up: str = doc("Follow-up status in the checklist's words, e.g. 'Not raised yet'.")
    follow_up_id: str = doc("Follow-up status id, e.g. not-raised or raised-with-la.")
    outcome: str = doc("What came of raising it (user text, may hold several lines; may be empty).")
    facts: tuple[Fact, ...] = doc(
        "The question-specific facts the entry gives (e.g. DfE extended the timescale), "
        "checklist order; facts not given are left out."
    )
    attachments: tuple[str, ...] = doc(
        "Names of the documents attached to the entry, by name (user text; never their content)."
    )


@dataclass(frozen=True)
class QuestionEvidence:
    """One checklist question and the evidence for it."""

    id: str = doc("Question id, e.g. 2.1 or 1.7.1.")
    text: str = doc("The question in the briefing's words.")
    parent: str | None = doc("For a sub-question (1.7.1), the id of its parent question.")
    count: int | None = doc("Entries answering this question (an entry may answer several).")
    entries: tuple[EntryView, ...] = doc(
        "Entries listed under this question (each entry appears once; none in a shared report)."
    )
    shown: str = doc(SHOWN, default="")


@dataclass(frozen=True)
class SectionEvidence:
    """One checklist section and the evidence for it."""

    id: str = doc("Section id: 1 to 6, or other.")
    title: str = doc("The section's title in the briefing's words.")
    short_title: str = doc("A short title for charts and tables.")
    count: int | None = doc("Entries in this section.")
    bar: int = doc("Bar length, 0-100, relative to the section with most entries.")
    questions: tuple[QuestionEvidence, ...] = doc("Every question of the section, checklist order.")
    shown: str = doc(SHOWN, default="")


@dataclass(frozen=True)
class CoverageGap:
    """A section with questions that have no evidence yet."""

    section_id: str = doc("Section id.")
    section_title: str = doc("The section's title in the briefing's words.")
    questions: tuple[QuestionEvidence, ...] = doc(
        "Its questions with no evidence (count 0, no entries)."
    )


@dataclass(frozen=True)
class AuthorityReport:
    """The report on one authority (`report.authority` when `report.kind == "authority"`)."""

    authority: AuthorityInfo = doc("The authority.")  # noqa: RUF009 - doc() is dataclasses.field with help
    entries: int = doc("Entries in the period.")
    settings: tuple[Count, ...] = doc(
        "Entries per setting, most first (settings with none left out)."
    )
    sources: tuple[Count, ...] = doc("Entries per source, most first (sources with none left out).")
    sections: tuple[SectionEvidence, ...] = doc(
        "Every checklist section, with questions and entries."
    )
    questions_answered: int = doc("Checklist questions with at least one entry.")
    questions_total: int = doc("Checklist questions in all.")
    coverage: tuple[CoverageGap, ...] = doc(
        "Questions with no evidence yet, by section (all, if none)."
    )
    strategies: tuple[Count, ...] = doc(
        "For 2.1: entries reporting each strategy, checklist order."
    )
    strategy_entries: int = doc("Entries answering question 2.1.")
    learners_affected: Total = doc("Learners affected: total over entries that gave a number.")  # noqa: RUF009 - doc() is dataclasses.field with help
    staff_affected: Total = doc("Staff affected: total over entries that gave a number.")  # noqa: RUF009 - doc() is dataclasses.field with help
    staff_impacts: tuple[Count, ...] = doc(
        "Impacts on staff: entries reporting each, checklist order."
    )
    learner_impacts: tuple[Count, ...] = doc(
        "Impacts on learners: entries reporting each, checklist order."
    )
    timeline: tuple[Count, ...] = doc(
        "Entries per month (id YYYY-MM), every month from first to last."
    )
    follow_up: tuple[Count, ...] = doc(
        "Entries per follow-up status (id: status id), the checklist's order, zeros included "
        "(none in a shared report: follow-up is internal)."
    )
    public: PublicFigures = doc(  # noqa: RUF009 - doc() is dataclasses.field with help
        "DfE's published EHC plan figures for the authority beside England's (timeliness, "
        "requests refused, plans in place), with their years, source line and break in series."
    )
    entries_shown: str = doc("`entries` as to print: " + SHOWN_WORDS, default="")
    strategy_entries_shown: str = doc("`strategy_entries` as to print.", default="")


@dataclass(frozen=True)
class AuthorityRow:
    """One authority's line in a report across authorities."""

    authority: AuthorityInfo = doc("The authority.")  # noqa: RUF009 - doc() is dataclasses.field with help
    entries: int | None = doc(
        "Entries in the period (None where a shared report does not show it)."
    )
    bar: int = doc("Bar length, 0-100, relative to the authority with most entries.")
    sections: int = doc("How many checklist sections have evidence.")
    last: str | None = doc("Date of its latest entry (YYYY-MM-DD).")
    shown: str = doc("`entries` as to print: " + SHOWN_WORDS, default="")


@dataclass(frozen=True)
class Share:
    """How many authorities in a group reported something."""

    authorities: int = doc("Authorities in the group with at least one such entry.")
    of: int = doc("Authorities in the group (in the selection).")
    percent: int = doc("authorities / of, as a whole percentage.")


@dataclass(frozen=True)
class ProgrammeGroup:
    """Safety Valve, Delivering Better Value or neither: one column of the comparison."""

    id: str = doc("Programme id: safety_valve, dbv or none.")
    name: str = doc("Programme in words.")
    authorities: int = doc("Authorities of this programme in the selection.")
    with_evidence: int = doc("Of those, how many have any evidence in the period.")
    entries: int | None = doc("Entries for them in the period (None where not shown).")
    per_authority: str = doc(
        "Entries per authority in the group, one decimal place ('not shown' if its entries are not)."
    )
    shown: str = doc("`entries` as to print: " + SHOWN_WORDS, default="")


@dataclass(frozen=True)
class ShareRow:
    """One strategy or section across the programme groups."""

    id: str = doc("Strategy or section id.")
    label: str = doc("Its words (short title for a section).")
    shares: tuple[Share, ...] = doc("One per group, in the order of `comparison.groups`.")


@dataclass(frozen=True)
class Comparison:
    """Safety Valve vs Delivering Better Value vs other authorities, side by side."""

    groups: tuple[ProgrammeGroup, ...] = doc("The programme groups present in the selection.")
    strategies: tuple[ShareRow, ...] = doc("Share of authorities reporting each 2.1 strategy.")
    sections: tuple[ShareRow, ...] = doc("Share of authorities with evidence in each section.")
    heading: str = doc(
        "The groups shown, to head the comparison: 'Safety Valve, Delivering Better Value and "
        "other authorities', or e.g. 'Safety Valve authorities' in a report on one programme."
    )


@dataclass(frozen=True)
class NegotiationIntel:
    """An authority with intelligence about Safety Valve negotiations (section 6)."""

    authority: AuthorityInfo = doc("The authority.")  # noqa: RUF009 - doc() is dataclasses.field with help
    entries: int | None = doc("Section 6 entries in the period (None where not shown).")
    questions: tuple[str, ...] = doc("Section 6 question ids with evidence, e.g. 6.1, 6.3.")
    last: str = doc("Date of the latest section 6 entry.")
    latest_summary: str = doc("Summary of the latest section 6 entry (user text).")
    latest_short_id: str = doc("First 8 characters of that entry's id ('' in a shared report).")
    shown: str = doc("`entries` as to print: " + SHOWN_WORDS, default="")


@dataclass(frozen=True)
class AcrossReport:
    """The report across authorities (`report.across` when `report.kind == "across"`)."""

    selection: str = doc("Which authorities, in words, e.g. 'Safety Valve authorities in London'.")
    selection_counted: str = doc(
        "The selection with its size, to start a line: 'All 153 English local authorities' or "
        "'12 Safety Valve authorities in London'."
    )
    authorities: int = doc("Authorities in the selection.")
    entries: int = doc("Entries for them in the period.")
    rows: tuple[AuthorityRow, ...] = doc(
        "Authorities with evidence: most entries first, then by name."
    )
    strategies: tuple[Count, ...] = doc(
        "2.1 strategies: entries reporting each, most reported first."
    )
    sections: tuple[Count, ...] = doc("Entries per checklist section, checklist order.")
    comparison: Comparison = doc("The programme groups side by side.")  # noqa: RUF009 - doc() is dataclasses.field with help
    negotiations: tuple[NegotiationIntel, ...] = doc(
        "Authorities with section 6 evidence, by name."
    )
    no_evidence: tuple[AuthorityInfo, ...] = doc(
        "Authorities in the selection with no evidence, by name."
    )
    timeline: tuple[Count, ...] = doc(
        "Entries per month (id YYYY-MM), every month from first to last."
    )
    national: NationalPicture = doc(  # noqa: RUF009 - doc() is dataclasses.field with help
        "The hex map of the authorities shaded by evidence, and its table: every authority in "
        "the selection with its entries, strategies and DfE's latest EHC plan figures."
    )
    national_heading: str = doc(
        "The heading of that table: 'Every authority: evidence and public figures', or for a "
        "narrower selection e.g. 'Safety Valve authorities in London: evidence and public figures'."
    )
    entries_shown: str = doc("`entries` as to print: " + SHOWN_WORDS, default="")


@dataclass(frozen=True)
class PersonalData:
    """What the personal-data detector found in the user text the report shows."""

    entries: int = doc("Entries whose shown text has at least one finding.")
    items: int = doc("Findings in all (each possible name, number, address...).")
    kinds: tuple[Count, ...] = doc(
        "Findings per kind (id: the detector's kind, label: in words, plural when count > 1), "
        "most first."
    )
    summary: str = doc(
        "The findings in words, most first, e.g. '2 names, 1 phone number' ('' if none)."
    )
    redacted: bool = doc(
        "True when the report was made with --redact: every finding was replaced by a "
        "placeholder such as [child] or [phone], so the report holds none of them."
    )


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template gets, as the variable `report`."""

    kind: Literal["authority", "across"] = doc(
        "Which report: one authority, or across authorities."
    )
    title: str = doc("The report's title.")
    generated_at: str = doc(
        "When it was made (UTC, to the minute): the only line that changes per run."
    )
    svtool_version: str = doc("The svtool version that made it.")
    checklist_version: int = doc("The checklist version its sections and questions come from.")
    period: Period = doc("The dates covered.")  # noqa: RUF009 - doc() is dataclasses.field with help
    authority: AuthorityReport | None = doc("The one-authority report, when kind is 'authority'.")  # noqa: RUF009 - doc() is dataclasses.field with help
    across: AcrossReport | None = doc("The cross-authority report, when kind is 'across'.")  # noqa: RUF009 - doc() is dataclasses.field with help
    personal_data: PersonalData = doc(  # noqa: RUF009 - doc() is dataclasses.field with help
        "Possible personal data in the text shown (found, or replaced with --redact)."
    )
    shared: bool = doc(
        "Made with --share, for others: no entries, entry ids or follow-up; text redacted.",
        default=False,
    )
    suppressed: bool = doc(
        "Counts of 1 to 4 are shown as 'fewer than 5' (and others hidden where they would give "
        "one away): print the `shown` fields.",
        default=False,
    )
    narrowed: str = doc(
        "The --tag/--question/--status choice in words, e.g. 'only entries tagged transport' "
        "('' when none).",
        default="",
    )


def describe(cls: type[Any] = ReportContext, prefix: str = "report") -> list[str]:
    """Every variable a template can use, with its type and help: `report.period.text (str): ...`."""
    hints = typing.get_type_hints(cls)
    lines: list[str] = []
    for f in dataclasses.fields(cls):
        name = f"{prefix}.{f.name}"
        hint = hints[f.name]
        lines.append(f"{name} ({_type_name(hint)}): {f.metadata['help']}")
        for inner in _dataclasses_in(hint):
            item = f"{name}[]" if typing.get_origin(hint) is tuple else name
            lines.extend(describe(inner, item))
    return lines


def _type_name(hint: Any) -> str:
    text = re.sub(r"svtool\.report\.\w+\.", "", str(hint).replace("typing.", ""))
    return text.replace("<class '", "").replace("'>", "")


def _dataclasses_in(hint: Any) -> list[type[Any]]:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return [hint]
    found: list[type[Any]] = []
    if typing.get_origin(hint) in (tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            found.extend(_dataclasses_in(arg))
    return found
