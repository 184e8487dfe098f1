"""The report context's public figures (DfE's EHC plan statistics) and national map.

Part of the template contract described in context.py: every field has a `help` text, all text
is raw (templates escape it), and numbers come ready to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svtool.report.fields import doc


@dataclass(frozen=True)
class PublicValue:
    """One published figure, ready to show: a number in words, or why there is none."""

    text: str = doc(
        "The figure as shown: '33.3%' or '20,635'; or 'not published', 'suppressed', "
        "'not applicable' (DfE's symbols x, c, z) or 'not in this release' (no figure at all)."
    )
    number: float | None = doc("The number itself, or None when there is none.")
    status: Literal["number", "symbol", "missing"] = doc(
        "number; symbol (DfE published a symbol instead: see `text`); missing (no row)."
    )
    detail: str = doc(
        "What the figure is made of, when DfE publishes it: e.g. '783 of 2,354 plans; "
        "32.3% including exceptions' ('' if nothing to add)."
    )


@dataclass(frozen=True)
class PublicPoint:
    """One year of a published figure (for a time series)."""

    year: int = doc("The calendar year (for counts made each January, the year of that January).")
    when: str = doc("The period in words: '2024' or 'January 2025'.")
    value: PublicValue = doc("The authority's figure.")  # noqa: RUF009 - doc() is dataclasses.field with help
    after_break: bool = doc(
        "True from 2023, when DfE's collection changed (see `break_note`): not directly "
        "comparable with earlier years."
    )


@dataclass(frozen=True)
class PublicFigure:
    """One published measure for an authority, its latest year, beside England's."""

    id: str = doc("Stable id: within_20_weeks, requests_refused or plans_in_place.")
    label: str = doc(
        "What it is, in words, e.g. 'EHC plans issued within 20 weeks (excluding exceptions)'."
    )
    short_label: str = doc("A short form for table headings, e.g. 'Plans within 20 weeks'.")
    when: str = doc("The latest period DfE publishes for England: '2024' or 'January 2025'.")
    value: PublicValue = doc("The authority's figure for that period.")  # noqa: RUF009 - doc() is dataclasses.field with help
    england: PublicValue = doc("England's figure for the same period.")  # noqa: RUF009 - doc() is dataclasses.field with help
    series: tuple[PublicPoint, ...] = doc(
        "Every year the release covers, oldest first (the authority's figures)."
    )


@dataclass(frozen=True)
class PublicYear:
    """One year of an authority's public figures: a row of a year-by-year table."""

    year: int = doc("The calendar year (plans in place: counted in January of it).")
    values: tuple[PublicValue, ...] = doc(
        "One per figure, in the order of `public.figures`; where the figure does not cover the "
        "year, its text says so: 'not yet published' (e.g. a calendar year not yet over) or "
        "'not in this release'."
    )
    first_after_break: bool = doc(
        "True for the first year after DfE's break in the series (2023): draw a line above it."
    )


@dataclass(frozen=True)
class PublicSource:
    """Where the public figures come from, and what to say wherever they are shown."""

    source: str = doc(
        "The attribution line to print with the figures (publisher, release, year, licence)."
    )
    release_year: int = doc("DfE's reporting year of the release, e.g. 2025.")
    break_year: int = doc("The first year after the break in the series: 2023.")
    break_note: str = doc(
        "The break in the series from 2023, in words: say it wherever years are compared."
    )
    notes: tuple[str, ...] = doc(
        "What each figure counts, and what 'not published', 'suppressed' and 'not in this "
        "release' mean: sentences to print with the figures."
    )
    from_config: bool = doc(
        "True when the figures come from an ehcp-stats.csv in the user's config folder "
        "(a newer release published by head office) rather than the copy svtool ships."
    )


@dataclass(frozen=True)
class PublicFigures:
    """DfE's published EHC plan figures for one authority, with England's (`report.authority.public`)."""

    figures: tuple[PublicFigure, ...] = doc(
        "Plans issued within 20 weeks, requests refused and plans in place, in that order."
    )
    years: tuple[PublicYear, ...] = doc(
        "Every year the release covers and has a figure for the authority, oldest first, with "
        "each figure's value that year."
    )
    in_release: bool = doc("False when the release has no figures at all for this authority.")
    about: PublicSource = doc("Source line, release year and the break in series.")  # noqa: RUF009 - doc() is dataclasses.field with help


@dataclass(frozen=True)
class LegendItem:
    """One band of a map's shading."""

    band: str = doc(
        "The band's id, also its CSS class on the map: b1 to b5 (fewest to most), b0 (none) "
        "or bx (not part of this view)."
    )
    label: str = doc("The band in words, e.g. '3 to 5 entries', 'No evidence', 'Not in this view'.")
    authorities: int = doc("How many authorities fall in it.")


@dataclass(frozen=True)
class MapView:
    """One way of shading the map (all evidence, one programme, one strategy)."""

    id: str = doc("Stable id, usable in HTML ids: all, programme-dbv, strategy-hours-cap...")
    group: str = doc("Which kind of view: 'Evidence', 'Programme' or 'Strategy (question 2.1)'.")
    label: str = doc("A short label for a switch, e.g. 'Safety Valve' or 'Cap on support hours'.")
    title: str = doc(
        "What the shading shows, in a sentence, e.g. 'Entries about Safety Valve authorities'."
    )
    legend: tuple[LegendItem, ...] = doc("The bands used, lowest first, then none and not in view.")


@dataclass(frozen=True)
class MapShape:
    """One authority on the hex map."""

    code: str = doc("Its DfE code, or '' when the map's authority is not in svtool's list.")
    name: str = doc("Its name.")
    path: str = doc("SVG path data in the map's coordinates (`hexmap.view_box`).")
    bands: tuple[str, ...] = doc(
        "Its band in each view, in the order of `hexmap.views` (see LegendItem.band)."
    )
    title: str = doc("Its name and figures in words (for a tooltip).")


@dataclass(frozen=True)
class HexMap:
    """England's 153 authorities as a hex cartogram, shaded by the evidence (`report.across.national.map`)."""

    label: str = doc("What the map shows, in a sentence (for aria-label).")
    view_box: str = doc("The SVG viewBox: the selection's authorities, with a margin.")
    width: int = doc("viewBox width (for the aspect ratio).")
    height: int = doc("viewBox height.")
    views: tuple[MapView, ...] = doc(
        "The ways the map can be shaded; the first is the default (all evidence)."
    )
    shapes: tuple[MapShape, ...] = doc("Every authority on the map.")
    attribution: str = doc("The map's licence line, to print with it.")
    not_on_map: tuple[str, ...] = doc(
        "Authorities in the selection the map has no shape for (by name); normally none."
    )


@dataclass(frozen=True)
class NationalRow:
    """One authority's evidence and public figures (a row of the map's table)."""

    code: str = doc("DfE code.")
    name: str = doc("Authority name.")
    region: str = doc("Region.")
    programme_name: str = doc("Programme in words.")
    entries: int | None = doc(
        "Entries in the period (None where a shared report does not show it)."
    )
    strategies: str = doc(
        "2.1 strategies reported, with entries each, e.g. 'Cap on support hours 3; Delays 1' "
        "('' if none; in a shared report with small numbers suppressed, names only)."
    )
    public: tuple[PublicValue, ...] = doc(
        "Its latest public figures, in the order of `national.public`."
    )
    shown: str = doc(
        "`entries` as to print: '12', or in a shared report 'fewer than 5' or 'not shown'.",
        default="",
    )


@dataclass(frozen=True)
class PublicColumn:
    """One public measure as a column of the national table."""

    id: str = doc("within_20_weeks, requests_refused or plans_in_place.")
    label: str = doc("The measure in words.")
    short_label: str = doc("A short form for a table heading.")
    when: str = doc("The period shown: '2024' or 'January 2025'.")
    england: PublicValue = doc("England's figure.")  # noqa: RUF009 - doc() is dataclasses.field with help


@dataclass(frozen=True)
class NationalPicture:
    """The national picture: the map and, as its alternative, a table of every authority."""

    map: HexMap = doc("The hex map.")  # noqa: RUF009 - doc() is dataclasses.field with help
    rows: tuple[NationalRow, ...] = doc("Every authority in the selection, by name.")
    public: tuple[PublicColumn, ...] = doc(
        "The public figures shown per authority, with England's."
    )
    about: PublicSource = doc("Source line, release year and the break in series.")  # noqa: RUF009 - doc() is dataclasses.field with help
