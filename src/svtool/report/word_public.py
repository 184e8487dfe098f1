"""DfE's EHC plan figures in Word reports: the same tables and words as _public.md and
_national.md (the authority beside England, year by year; every authority in a report across
authorities), with the notes, the break in series and the source line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svtool.report.context_national import (
        NationalPicture,
        PublicFigures,
        PublicSource,
        PublicValue,
    )
    from svtool.report.word import Doc


def _with_detail(v: PublicValue) -> str:
    return f"{v.text} ({v.detail})" if v.detail else v.text


def authority_figures(doc: Doc, name: str, p: PublicFigures) -> None:
    doc.heading(f"Published figures: {name} beside England", 2)
    if not p.in_release:
        doc.para(
            f"DfE's release has no EHC plan figures for {name}; England's are shown for reference."
        )
    doc.table(
        "DfE's EHC plan statistics, latest year",
        ["Figure", "Year", name, "England"],
        [[f.label, f.when, _with_detail(f.value), _with_detail(f.england)] for f in p.figures],
        numeric=(2, 3),
        widths_mm=(doc.text_mm - 117, 27, 45, 45),  # 'January 2025' whole
    )
    if p.years:
        doc.table(
            f"{name}'s figures each year (plans in place are counted each January; DfE's break "
            f"in the series comes before {p.about.break_year})",
            ["Year", *(f.short_label for f in p.figures)],
            [
                [
                    f"{y.year}{' (new series)' if y.first_after_break else ''}",
                    *(v.text for v in y.values),
                ]
                for y in p.years
            ],
            numeric=tuple(range(1, len(p.figures) + 1)),
            widths_mm=(40, *((doc.text_mm - 40) / len(p.figures),) * len(p.figures)),
        )
    _about(doc, p.about)


def national_table(doc: Doc, n: NationalPicture, heading: str) -> None:
    doc.landscape()  # seven columns, the names and strategies with room to read
    doc.heading(heading, 2)
    doc.para(
        "The HTML report (--output report.html) draws these authorities on a hex map of England.",
        keep_with_next=True,
    )
    doc.table(
        "Entries and 2.1 strategies per authority, beside DfE's latest EHC plan figures",
        [
            "Authority",
            "Programme",
            "Entries",
            "Strategies reported (2.1)",
            *(f"{c.short_label}, {c.when}" for c in n.public),
        ],
        [
            ["England", "", "", "", *(c.england.text for c in n.public)],
            *(
                [r.name, r.programme_name, r.shown, r.strategies, *(v.text for v in r.public)]
                for r in n.rows
            ),
        ],
        numeric=(2, *range(4, 4 + len(n.public))),
        # a column for each figure as wide as its date ('January 2025'), the rest for words
        widths_mm=(50, 36, 22, doc.text_mm - 108 - 30 * len(n.public), *(30,) * len(n.public)),
    )
    _about(doc, n.about)


def _about(doc: Doc, about: PublicSource) -> None:
    for note in about.notes:
        doc.bullet(note)
    doc.bullet(about.break_note)
    if about.from_config:
        doc.bullet(
            "These figures come from the ehcp-stats.csv in your svtool config folder (DfE's "
            f"{about.release_year} release), not the copy svtool ships."
        )
    doc.para(about.source, muted=True, size=8.5)
