"""The meeting brief as a Word document: the same parts and words as brief.md and brief.html."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svtool.report.word import Doc

if TYPE_CHECKING:
    from svtool.brief.context import BriefContext


def brief_docx(b: BriefContext) -> bytes:
    doc = Doc(b.title, base_pt=10, margin_mm=16)
    doc.para("NASUWT evidence brief", muted=True, size=9)
    doc.heading(b.title, 1)
    doc.para(f"{b.subtitle}.")
    doc.para(" ".join(x for x in (b.programme, b.prepared_by) if x), muted=True)

    doc.heading("What we are seeing", 2)
    doc.para(" ".join(b.headline))
    if b.public_figures:
        doc.para(bold="Published figures", keep_with_next=True)
        for f in b.public_figures:
            p = doc.bullet(f"{f.label}: ")
            p.add_run(f.value).bold = True
            if f.comparison:
                doc.lines(p, f" ({f.comparison})", muted=True)
        if b.public_source:
            doc.para(b.public_source, muted=True, size=9)
    for practice in b.practices:
        doc.heading(f"{practice.label} ({practice.reports})", 3)
        for example in practice.examples:
            p = doc.bullet(f"“{example.text}” ")
            doc.lines(p, f"({example.setting}, {example.month})", muted=True)
        if practice.see_also:
            doc.para(practice.see_also, muted=True)
    if b.also_seen:
        doc.para(f"Also reported: {'; '.join(b.also_seen)}.")

    doc.heading("What the law says", 2)
    doc.para(b.law_intro, muted=True, size=9.5)
    for d in b.duties:
        p = doc.bullet(
            d.summary + (f" The Act says: “{d.quote}”" if d.quote else ""), bold=f"{d.citation}. "
        )
        doc.lines(p, f" Relevant to: {'; '.join(d.practices)}. ", muted=True)
        doc.link(p, d.url, d.link)
    if not b.duties:
        doc.para(
            "None of the practices reported so far is linked to a particular duty in this brief."
        )

    doc.heading("Questions for the authority", 2)
    for question in b.questions:
        doc.bullet(question, numbered=True)
    if b.open_questions:
        if b.questions:
            doc.para("We would also like to know:", keep_with_next=True)
        for question in b.open_questions:
            doc.bullet(question, numbered=True)
    if b.asks:
        doc.heading("Our asks", 2)
        for ask in b.asks:
            doc.bullet(ask)
    doc.para(f"{b.note} Made with svtool {b.svtool_version}.", muted=True, size=8.5)
    return doc.bytes()
