"""Reports as Word documents: the same parts, figures and words as report.md and report.html,
with real headings (Heading 1-4) and real tables (a header row repeated on each page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svtool.dates import day_month_year
from svtool.report import word_public
from svtool.report.suppress import HIDDEN
from svtool.report.word import Doc

if TYPE_CHECKING:
    from svtool.report.context import (
        AcrossReport,
        AuthorityReport,
        Count,
        EntryView,
        ReportContext,
        Total,
    )


def report_docx(report: ReportContext) -> bytes:
    doc = Doc(report.title)
    doc.para("NASUWT evidence: Safety Valve and Delivering Better Value", muted=True, size=9)
    doc.heading(report.title, 1)
    if report.authority is not None:
        _authority(doc, report, report.authority)
    elif report.across is not None:
        _across(doc, report, report.across)
    doc.para(
        f"Generated at {report.generated_at} by svtool {report.svtool_version} "
        f"(checklist version {report.checklist_version}).",
        muted=True,
        size=8.5,
    )
    doc.para(_footer(report), muted=True, size=8.5)
    return doc.bytes()


def _footer(report: ReportContext) -> str:
    if not report.shared:
        return "This report holds evidence that may be sensitive: keep it as safe as the svtool database."
    words = "Made for sharing: no individual entries or follow-up; personal data replaced with placeholders"
    if report.suppressed:
        words += (
            "; counts from 1 to 4 shown as “fewer than 5”, and other counts not shown where they "
            "would give one away"
        )
    return words + "."


def _many(shown: str, one: str, more: str) -> str:
    if shown == HIDDEN:
        return f"{more} (number not shown)"
    return f"{shown} {one if shown == '1' else more}"


def _facts(doc: Doc, rows: list[tuple[str, str]]) -> None:
    doc.table("", [], rows, widths_mm=(35, doc.text_mm - 35))


def _counts(
    doc: Doc, caption: str, head: str, items: tuple[Count, ...], label: str = "label"
) -> None:
    doc.table(
        caption,
        [head, "Entries"],
        [[str(getattr(c, label)), c.shown] for c in items],
        numeric=(1,),
    )


def _total(t: Total) -> str:
    return t.shown if t.entries != 0 else "not recorded"


def _period(report: ReportContext) -> str:
    p = report.period
    if not p.first or not p.last:
        return p.text
    return f"{p.text} (evidence dated {day_month_year(p.first)} to {day_month_year(p.last)})"


# -- one authority ---------------------------------------------------------------------------


def _authority(doc: Doc, report: ReportContext, r: AuthorityReport) -> None:
    a = r.authority
    facts = [
        ("Authority", f"{a.name} (DfE code {a.code}, ONS code {a.ons_code})"),
        ("Region", a.region),
        (
            "Programme",
            a.programme_name + (f" since {a.programme_since}" if a.programme_since else ""),
        ),
    ]
    if report.narrowed:
        facts.append(("Selection", report.narrowed))
    facts += [
        ("Period", _period(report)),
        (
            "Evidence",
            f"{_many(r.entries_shown, 'entry', 'entries')} from {len(r.settings)} "
            f"setting{'s' if len(r.settings) != 1 else ''} and {len(r.sources)} "
            f"source{'s' if len(r.sources) != 1 else ''}",
        ),
    ]
    _facts(doc, facts)
    if not r.entries:
        dated = " in this period" if report.period.since or report.period.until else ""
        doc.para(
            f"No evidence has been logged for {a.name}{dated}. Every question in the checklist "
            "below is still open: each one is something to look for.",
            bold="",
        )
        doc.heading("The checklist", 2)
        _gaps(doc, r)
        word_public.authority_figures(doc, a.name, r.public)
        return
    doc.heading("Summary", 2)
    doc.heading("Evidence by section", 3)
    _counts(
        doc,
        "Entries per checklist section",
        "Section",
        tuple(_as_count(s.id, s.title, s.count, s.shown) for s in r.sections),
    )
    doc.heading("Strategies used to limit access (question 2.1)", 3)
    doc.para(f"Entries answering question 2.1: {r.strategy_entries_shown}.")
    _counts(doc, "Entries reporting each strategy", "Strategy", r.strategies)
    doc.heading("People affected", 3)
    doc.table(
        "Totals of the numbers reps gave",
        ["Who", "Total", "Entries giving a number"],
        [
            ["Learners affected", _total(r.learners_affected), r.learners_affected.entries_shown],
            ["Staff affected", _total(r.staff_affected), r.staff_affected.entries_shown],
        ],
        numeric=(1, 2),
    )
    if r.follow_up:
        doc.heading("Follow-up", 3)
        _counts(doc, "Entries per follow-up status", "Status", r.follow_up)
    doc.heading("Impacts", 3)
    _counts(doc, "Entries reporting each impact on staff", "Impact", r.staff_impacts)
    _counts(doc, "Entries reporting each impact on learners", "Impact", r.learner_impacts)
    doc.heading("Settings and sources", 3)
    _counts(doc, "Entries per setting", "Setting", r.settings)
    _counts(doc, "Entries per source", "Source", r.sources)
    doc.heading("Timeline", 3)
    _counts(doc, "Entries per month", "Month", r.timeline)
    word_public.authority_figures(doc, a.name, r.public)

    doc.heading("Checklist coverage", 2)
    doc.para(f"{r.questions_answered} of {r.questions_total} checklist questions have evidence.")
    doc.table(
        "Entries per checklist question",
        ["Question", "Entries"],
        [
            [(f"{q.id} " if q.id != "other" else "") + q.text, q.shown]
            for s in r.sections
            for q in s.questions
        ],
        numeric=(1,),
    )
    if r.coverage:
        doc.heading("Still to look for", 3)
        doc.para("These questions have no evidence yet, so they are worth looking for next.")
        _gaps(doc, r)
    if report.shared:
        return
    doc.heading("Evidence", 2)
    doc.para(
        "Entries are listed under the first question they answer; the counts include them under "
        "every question they answer.",
        muted=True,
    )
    for s in r.sections:
        if not s.count:
            continue
        doc.heading(_secno(s.id) + s.title, 3)
        for q in s.questions:
            if not q.entries:
                continue
            doc.heading((f"{q.id} " if q.id != "other" else "") + q.text, 4)
            for e in q.entries:
                _entry(doc, e)


def _as_count(id: str, label: str, count: int | None, shown: str) -> Count:
    from svtool.report.context import Count

    return Count(id=id, label=(_secno(id) + label), count=count, bar=0, shown=shown)


def _secno(section_id: str) -> str:
    return f"{section_id}. " if section_id != "other" else ""


def _gaps(doc: Doc, r: AuthorityReport) -> None:
    for gap in r.coverage:
        doc.para(bold=_secno(gap.section_id) + gap.section_title, keep_with_next=True)
        for q in gap.questions:
            doc.bullet(q.text, bold=f"{q.id} " if q.id != "other" else "")


def _entry(doc: Doc, e: EntryView) -> None:
    doc.para(e.summary, bold=f"{e.occurred_on}: ", keep_with_next=True)
    facts = [
        ("Entry", e.short_id),
        ("Setting", e.setting),
        ("Source", e.source),
        ("Follow-up", e.follow_up),
    ]
    if e.outcome:
        facts.append(("Outcome", e.outcome))
    if e.also_under:
        facts.append(("Also answers", ", ".join(e.also_under)))
    if e.strategies:
        facts.append(("Strategies", "; ".join(e.strategies)))
    if e.impacts:
        facts.append(("Impacts", "; ".join(e.impacts)))
    if e.learners_affected is not None:
        facts.append(("Learners affected", f"{e.learners_affected:,}"))
    if e.staff_affected is not None:
        facts.append(("Staff affected", f"{e.staff_affected:,}"))
    facts += [(f.label, f.value) for f in e.facts]
    if e.tags:
        facts.append(("Tags", ", ".join(e.tags)))
    if e.attachments:
        facts.append(("Attachments", ", ".join(e.attachments)))
    doc.table("", [], facts, widths_mm=(35, doc.text_mm - 35))
    if e.details:
        doc.para(e.details)


# -- across authorities ----------------------------------------------------------------------


def _across(doc: Doc, report: ReportContext, r: AcrossReport) -> None:
    having = "has" if len(r.rows) == 1 else "have"
    facts = [("Authorities", f"{r.selection_counted}, of which {len(r.rows):,} {having} evidence")]
    if report.narrowed:
        facts.append(("Selection", report.narrowed))
    facts += [("Period", _period(report)), ("Evidence", _many(r.entries_shown, "entry", "entries"))]
    _facts(doc, facts)
    dated = " in this period" if report.period.since or report.period.until else ""
    doc.heading("Entries per authority", 2)
    if r.rows:
        doc.table(
            "Authorities with evidence, most entries first",
            ["Authority", "DfE code", "Programme", "Entries", "Sections", "Latest"],
            [
                [
                    x.authority.name,
                    x.authority.code,
                    x.authority.programme_name,
                    x.shown,
                    str(x.sections),
                    x.last or "",
                ]
                for x in r.rows
            ],
            numeric=(3, 4),
            # room for the longest names on two lines; a date fits its column whole
            widths_mm=(doc.text_mm - 118, 20, 32, 20, 20, 26),
        )
    else:
        doc.para(f"No authority in the selection has evidence{dated}.")
    doc.heading("Strategies reported most (question 2.1)", 2)
    _counts(doc, "Entries reporting each strategy", "Strategy", r.strategies)
    doc.heading("Evidence by section", 2)
    _counts(
        doc,
        "Entries per checklist section",
        "Section",
        tuple(_as_count(c.id, c.label, c.count, c.shown) for c in r.sections),
    )
    doc.heading(r.comparison.heading, 2)
    groups = r.comparison.groups
    names = [g.name for g in groups]
    doc.table(
        "The programme groups side by side",
        ["", *names],
        [
            ["Authorities", *(f"{g.authorities:,}" for g in groups)],
            ["With evidence", *(f"{g.with_evidence:,}" for g in groups)],
            ["Entries", *(g.shown for g in groups)],
            ["Entries per authority", *(g.per_authority for g in groups)],
        ],
        numeric=tuple(range(1, len(groups) + 1)),
    )
    for caption, head, rows in (
        ("Share of authorities reporting each strategy", "Strategy", r.comparison.strategies),
        ("Share of authorities with evidence in each section", "Section", r.comparison.sections),
    ):
        doc.table(
            caption,
            [head, *names],
            [
                [x.label, *(f"{s.authorities} of {s.of} ({s.percent}%)" for s in x.shares)]
                for x in rows
            ],
            numeric=tuple(range(1, len(groups) + 1)),
        )
    doc.heading("Intelligence about Safety Valve negotiations (section 6)", 2)
    if r.negotiations:
        doc.table(
            "Authorities with section 6 evidence, by name",
            ["Authority", "Entries", "Questions", "Latest", "Latest summary"],
            [
                [
                    n.authority.name,
                    n.shown,
                    ", ".join(n.questions),
                    n.last,
                    n.latest_summary
                    + (f" (entry {n.latest_short_id})" if n.latest_short_id else ""),
                ]
                for n in r.negotiations
            ],
            numeric=(1,),
            widths_mm=(44, 20, 24, 26, doc.text_mm - 114),
        )
    else:
        doc.para(f"No authority in the selection has section 6 evidence{dated}.")
    doc.heading("Timeline", 2)
    if r.timeline:
        _counts(doc, "Entries per month", "Month", r.timeline)
    else:
        doc.para("No entries.")
    doc.heading("Authorities with no evidence yet", 2)
    if r.no_evidence:
        have = "has" if len(r.no_evidence) == 1 else "have"
        n = len(r.no_evidence)
        doc.para(
            f"{n:,} {'authority' if n == 1 else 'authorities'} in the selection {have} no "
            f"evidence{dated} (SV: Safety Valve; DBV: Delivering Better Value):"
        )
        marks = {"safety_valve": " (SV)", "dbv": " (DBV)"}
        doc.para("; ".join(a.name + marks.get(a.programme, "") for a in r.no_evidence) + ".")
    else:
        doc.para("Every authority in the selection has evidence.")
    word_public.national_table(doc, r.national, r.national_heading)
