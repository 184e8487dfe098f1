"""DfE's published EHC plan figures, in words, for reports and briefs (see svtool.publicstats).

Numbers are shown as DfE publishes them: percentages to one decimal place, counts whole. Where DfE
published a symbol, its meaning is shown instead ('not published', 'suppressed'...); where the
release has no row, 'not in this release'. Nothing is computed from the counts.
"""

from __future__ import annotations

from svtool import publicstats as ps
from svtool.report.context_national import (
    PublicColumn,
    PublicFigure,
    PublicFigures,
    PublicPoint,
    PublicSource,
    PublicValue,
    PublicYear,
)

SHORT_LABELS = {
    ps.WITHIN_20_WEEKS.id: "Plans within 20 weeks",
    ps.REQUESTS_REFUSED.id: "Requests refused",
    ps.PLANS_IN_PLACE.id: "EHC plans in place",
}
NOTES = (
    "Plans issued within 20 weeks: new EHC plans issued within the 20-week time limit, as a "
    "share of those issued in the year, leaving out the cases where the law allows an exception "
    "(DfE also publishes the share including them).",
    "Requests refused: requests for an EHC needs assessment that the authority decided not to "
    "assess, as a share of requests received in the year; DfE publishes this percentage from "
    "2023 only.",
    "EHC plans in place: plans the authority maintains, counted in January.",
    "'Not published' means DfE gives no figure (its symbol x); 'suppressed' means DfE withheld "
    "it (c); 'not in this release' means the release has no row for the authority that year.",
)
UNITS = {
    ps.WITHIN_20_WEEKS.id: "plans",
    ps.REQUESTS_REFUSED.id: "requests",
}


def _count(v: ps.Value) -> str:
    return f"{round(v.number):,}" if v.number is not None else v.words


def _number(v: ps.Value, percent: bool) -> str:
    if v.number is None:
        return v.words
    return f"{v.number:.1f}%" if percent else f"{round(v.number):,}"


def value(reading: ps.Reading) -> PublicValue:
    """One reading in words, with the counts behind it where DfE publishes them."""
    m = reading.measure
    details = []
    # "x of y" only beside DfE's own percentage: before 2023 the counts are on another basis.
    shown = reading.value.number is not None
    if shown and reading.numerator.number is not None and reading.denominator.number:
        details.append(
            f"{_count(reading.numerator)} of {_count(reading.denominator)} {UNITS.get(m.id, '')}".rstrip()
        )
    if reading.alternative.number is not None:
        details.append(f"{_number(reading.alternative, m.percent)} {m.alternative_label}")
    return PublicValue(
        text=_number(reading.value, m.percent),
        number=reading.value.number,
        status=reading.value.status,
        detail="; ".join(details),
    )


def source(release: ps.Release) -> PublicSource:
    return PublicSource(
        source=release.source_line,
        release_year=release.reporting_year,
        break_year=ps.BREAK_YEAR,
        break_note=ps.BREAK_NOTE,
        notes=NOTES,
        from_config=release.from_config,
    )


def _latest(release: ps.Release, m: ps.Measure) -> str:
    period = release.latest(m)
    assert period is not None  # load_csv refuses a release without one
    return period


def authority_figures(la_code: str) -> PublicFigures:
    """The authority's latest figures beside England's, and every year's, for a report or brief."""
    release = ps.release()
    figures = []
    for m in ps.MEASURES:
        period = _latest(release, m)
        latest = release.reading(m, la_code, period)
        figures.append(
            PublicFigure(
                id=m.id,
                label=m.label,
                short_label=SHORT_LABELS[m.id],
                when=latest.when,
                value=value(latest),
                england=value(release.reading(m, None, period)),
                series=tuple(
                    PublicPoint(r.year, r.when, value(r), r.after_break)
                    for r in release.series(m, la_code)
                ),
            )
        )
    years = sorted({p.year for f in figures for p in f.series})
    by_year = [{p.year: p.value for p in f.series} for f in figures]
    in_release = any(p.value.status != "missing" for f in figures for p in f.series)
    rows = tuple(
        PublicYear(
            year=y,
            values=tuple(values.get(y) or _no_figure(y, values) for values in by_year),
            first_after_break=y == ps.BREAK_YEAR,
        )
        for y in years
        # years the authority has no row for at all (it did not exist yet) are left out
        if any(values.get(y) and values[y].status != "missing" for values in by_year)
    )
    return PublicFigures(
        figures=tuple(figures), years=rows, in_release=in_release, about=source(release)
    )


def _no_figure(year: int, series: dict[int, PublicValue]) -> PublicValue:
    """A year a figure's series does not reach, in words: after its last year, DfE has not
    published it yet (a calendar year not over when plans in place were counted)."""
    later = bool(series) and year > max(series)
    return PublicValue(
        text="not yet published" if later else "not in this release",
        number=None,
        status="missing",
        detail="",
    )


BRIEF_LABELS = {
    ps.WITHIN_20_WEEKS.id: "New EHC plans issued within 20 weeks ({when}, excluding exceptions)",
    ps.REQUESTS_REFUSED.id: "Requests for an EHC needs assessment refused ({when})",
    ps.PLANS_IN_PLACE.id: "EHC plans in place ({when})",
}
BRIEF_BREAK_NOTE = (
    "DfE changed how it collects these figures in 2023, so earlier years are not directly "
    "comparable."
)


def brief_lines(la_code: str) -> tuple[list[tuple[str, str, str]], str]:
    """For a brief: (label with its year, the authority's figure, England's in words) for each
    figure, and the line to print under them (source, licence, the break in series)."""
    figures = authority_figures(la_code)
    lines = [
        (
            BRIEF_LABELS[f.id].format(when=f.when),
            f.value.text,
            f"England: {f.england.text}",
        )
        for f in figures.figures
    ]
    return lines, f"{figures.about.source} {BRIEF_BREAK_NOTE}"


def columns() -> tuple[PublicColumn, ...]:
    """The latest figure of each measure, as columns of a table of authorities, with England's."""
    release = ps.release()
    result = []
    for m in ps.MEASURES:
        period = _latest(release, m)
        england = release.reading(m, None, period)
        result.append(
            PublicColumn(
                id=m.id,
                label=m.label,
                short_label=SHORT_LABELS[m.id],
                when=england.when,
                england=value(england),
            )
        )
    return tuple(result)


def latest_values(la_code: str) -> tuple[PublicValue, ...]:
    """An authority's latest figures, in the order of `columns()`."""
    release = ps.release()
    return tuple(value(release.reading(m, la_code, _latest(release, m))) for m in ps.MEASURES)


def about() -> PublicSource:
    return source(ps.release())
