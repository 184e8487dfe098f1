"""DfE's published figures on EHC plans, to set beside the evidence: England's and each authority's.

svtool ships a small extract (data/ehcp-stats.csv, made by scripts/extract_ehcp.py) of the
Department for Education's "Education, health and care plans" release: the authority totals of
timeliness (plans issued within 20 weeks), requests for assessment (and how many the authority
decided not to assess) and plans in place each January. Values are kept exactly as published,
including DfE's symbols for why a figure is missing (x, z, c...), and nothing is computed from them
here: where DfE publishes no percentage, svtool shows none.

Head office can publish a newer release: a file called ehcp-stats.csv in the user's config folder
takes precedence, once it passes the same checks (a bad file is refused with a clear message).
Rows are keyed by DfE's 3-digit LA code (`old_la_code`, the `la_code` of authorities.csv); DfE's
`new_la_code` keeps retired ONS codes for some authorities in some years, so it is never used.
The file is read once, and only when a report or brief asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from svtool.errors import SvtoolError
from svtool.paths import config_dir, data_file

FILENAME = "ehcp-stats.csv"
KEY_COLUMNS = ("time_period", "geographic_level", "old_la_code", "la_name")
NATIONAL, LOCAL = "National", "Local authority"
# DfE changed its collection from totals per authority to a record per child in 2023; the release
# says figures from then on are not directly comparable with earlier years.
BREAK_YEAR = 2023
PUBLISHER = "Department for Education"
RELEASE_TITLE = "Education, health and care plans"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."
BREAK_NOTE = (
    "From 2023 DfE builds these figures from a record for each child, where before it collected "
    "totals from each authority: DfE calls this a break in the series, so figures from 2023 on "
    "are not directly comparable with earlier years."
)
# The symbols of DfE's release (and the Government Statistical Service's standard ones it may use).
SYMBOLS: dict[str, str] = {
    "x": "not published",  # DfE: unavailable
    "z": "not applicable",
    "c": "suppressed",  # confidential: withheld to protect individuals
    "low": "fewer than half the smallest unit shown",
    "u": "low reliability",
}

Status = Literal["number", "symbol", "missing"]


@dataclass(frozen=True)
class Measure:
    """One figure svtool shows, and the columns of the release it comes from."""

    id: str
    label: str
    column: str  # the value shown (DfE's percentage, or a count)
    percent: bool
    numerator: str | None = None  # counts DfE publishes beside its percentage
    denominator: str | None = None
    january: bool = False  # caseload is counted each January; the rest per calendar year
    alternative: str | None = None  # a second published percentage, e.g. including exceptions
    alternative_label: str = ""


WITHIN_20_WEEKS = Measure(
    id="within_20_weeks",
    label="EHC plans issued within 20 weeks (excluding exceptions)",
    column="PC_plans_issued_20_weeks_ex",
    percent=True,
    numerator="plans_issued_20_weeks_ex",
    denominator="plans_issued_den_ex",
    alternative="pc_plans_issued_within_20_weeks",
    alternative_label="including exceptions",
)
REQUESTS_REFUSED = Measure(
    id="requests_refused",
    label="Requests for an EHC needs assessment refused (the authority decided not to assess)",
    column="request_not_assess_pc",
    percent=True,
    numerator="requests_decided_not_to_assess",
    denominator="requests_received_in_year",
)
PLANS_IN_PLACE = Measure(
    id="plans_in_place",
    label="EHC plans in place",
    column="ehcplans",
    percent=False,
    january=True,
)
MEASURES = (WITHIN_20_WEEKS, REQUESTS_REFUSED, PLANS_IN_PLACE)
PERCENT_COLUMNS = frozenset(
    c for m in MEASURES if m.percent for c in (m.column, m.alternative) if c is not None
)
VALUE_COLUMNS = tuple(
    dict.fromkeys(
        c
        for m in MEASURES
        for c in (m.denominator, m.numerator, m.column, m.alternative)
        if c is not None
    )
)
_AT = {c: i for i, c in enumerate(VALUE_COLUMNS)}
_CALENDAR = re.compile(r"^\d{4}$")
_ACADEMIC = re.compile(r"^(\d{4})(\d{2})$")
_LA_CODE = re.compile(r"^\d{3}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Value:
    """One published value: a number, DfE's symbol for why there is none, or no row at all."""

    number: float | None
    symbol: str | None = None  # x, z, c... when DfE published a symbol

    @property
    def status(self) -> Status:
        if self.number is not None:
            return "number"
        return "symbol" if self.symbol else "missing"

    @property
    def words(self) -> str:
        """Why there is no number, in words ('' when there is one)."""
        if self.number is not None:
            return ""
        return SYMBOLS.get(self.symbol or "", "not in this release")


MISSING = Value(None)


@dataclass(frozen=True)
class Reading:
    """A measure for one area (an authority, or England) and one period, as published."""

    measure: Measure
    period: str  # DfE's time_period: 2024 (calendar year) or 202425 (January 2025)
    year: int  # the calendar year of the figure (2024; 2025 for January 2025)
    value: Value
    numerator: Value
    denominator: Value
    alternative: Value

    @property
    def when(self) -> str:
        """The period in words: '2024' or 'January 2025'."""
        return f"January {self.year}" if self.measure.january else str(self.year)

    @property
    def after_break(self) -> bool:
        return self.year >= BREAK_YEAR


def year_of(period: str) -> int:
    """2024 -> 2024; 202425 (the academic year 2024/25, counted in January) -> 2025."""
    academic = _ACADEMIC.match(period)
    return int(academic.group(1)) + 1 if academic else int(period)


@dataclass(frozen=True)
class Release:
    """The figures of one release, keyed by (time_period, DfE code; '' for England)."""

    rows: dict[tuple[str, str], tuple[str, ...]]  # values in the order of VALUE_COLUMNS
    path: Path
    from_config: bool  # True when the user's config folder supplied it
    england_periods: dict[str, tuple[str, ...]]  # measure id -> periods England has a value for
    latest_periods: dict[str, str | None]  # measure id -> the latest with a number for England

    @property
    def reporting_year(self) -> int:
        """DfE's 'reporting year': the January of its latest count of plans in place."""
        return max(year_of(p) for p in self.periods(PLANS_IN_PLACE))

    @property
    def source_line(self) -> str:
        return f"Source: {PUBLISHER}, {RELEASE_TITLE} ({self.reporting_year}). {LICENCE}"

    def periods(self, measure: Measure) -> tuple[str, ...]:
        """The periods the release covers for the measure (England has a value or a symbol)."""
        return self.england_periods.get(measure.id, ())

    def latest(self, measure: Measure) -> str | None:
        """The latest period with a number for England."""
        return self.latest_periods.get(measure.id)

    def reading(self, measure: Measure, la_code: str | None, period: str) -> Reading:
        """The measure for an authority (DfE code) or England (None) in one period."""
        row = self.rows.get((period, la_code or ""))

        def get(column: str | None) -> Value:
            if row is None or column is None:
                return MISSING
            return _parse(row[_AT[column]])

        return Reading(
            measure=measure,
            period=period,
            year=year_of(period),
            value=get(measure.column),
            numerator=get(measure.numerator),
            denominator=get(measure.denominator),
            alternative=get(measure.alternative),
        )

    def series(self, measure: Measure, la_code: str | None) -> list[Reading]:
        return [self.reading(measure, la_code, p) for p in self.periods(measure)]


def _parse(text: str) -> Value:
    text = text.strip()
    if not text:
        return MISSING
    if _NUMBER.match(text):
        return Value(float(text))
    return Value(None, text.casefold())


def _check_value(column: str, text: str) -> str | None:
    if not text or text.casefold() in SYMBOLS:
        return None
    if not _NUMBER.match(text):
        return (
            f"{column} {text!r} is neither a number nor one of DfE's symbols ({', '.join(SYMBOLS)})"
        )
    if column in PERCENT_COLUMNS and float(text) > 100:
        return f"{column} {text} is a percentage over 100"
    return None


def _check_key(period: str, level: str, code: str) -> list[str]:
    problems = []
    academic = _ACADEMIC.match(period)
    if not (_CALENDAR.match(period) or academic):
        problems.append(f"time_period {period!r} is not a year (2024) or academic year (202425)")
    elif academic and (int(academic.group(1)) + 1) % 100 != int(academic.group(2)):
        problems.append(f"time_period {period!r} is not an academic year such as 202425")
    if level not in (NATIONAL, LOCAL):
        problems.append(f"geographic_level {level!r} should be {NATIONAL!r} or {LOCAL!r}")
    elif level == LOCAL and not _LA_CODE.match(code):
        problems.append(f"old_la_code {code!r} is not a 3-digit DfE code")
    elif level == NATIONAL and code:
        problems.append(f"the England row has an old_la_code ({code!r}); leave it empty")
    return problems


# Every value of a row at once (joined by a separator no CSV value here holds): the common case of
# a good row costs one match instead of one per value.
_SEP = "\x1f"
_GOOD_VALUES = re.compile(rf"(?:(?:\d+(?:\.\d+)?|{'|'.join(SYMBOLS)})?{_SEP})*", re.IGNORECASE)
_PERCENT_AT = tuple(i for i, c in enumerate(VALUE_COLUMNS) if c in PERCENT_COLUMNS)


def _check_values(values: list[str]) -> list[str]:
    if _GOOD_VALUES.fullmatch(_SEP.join(values) + _SEP) and not any(
        values[i] and values[i][0].isdigit() and float(values[i]) > 100 for i in _PERCENT_AT
    ):
        return []
    found = (_check_value(c, v) for c, v in zip(VALUE_COLUMNS, values, strict=True))
    return [p for p in found if p]


def load_csv(path: Path, *, from_config: bool = False, check: bool = True) -> Release:
    """Read and check a figures file; SvtoolError says what is wrong with a bad one.

    check=False skips the checks of every value, for the copy svtool ships (its tests check it).
    """
    import csv

    hint = (
        "Fix the file or remove it to use the figures that ship with svtool."
        if from_config
        else None
    )
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in (*KEY_COLUMNS, *VALUE_COLUMNS) if c not in header]
            if missing:
                from svtool.words import plural

                raise SvtoolError(
                    f"The EHC plan figures {path} lack {plural(len(missing), 'the column')} "
                    f"{', '.join(missing)}",
                    hint=hint,
                )
            lines = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise SvtoolError(f"Cannot read the EHC plan figures {path}: {e}", hint=hint) from e
    at = [header.index(c) for c in (*KEY_COLUMNS, *VALUE_COLUMNS)]
    in_order = at == list(range(len(at)))  # svtool's own layout: no columns to pick
    width = max(at) + 1
    keys = len(KEY_COLUMNS)
    problems: list[str] = []
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    for n, line in enumerate(lines, start=2):
        if not line:
            continue
        if len(line) < width:
            problems.append(f"line {n}: has {len(line)} values, not {len(header)}")
            continue
        fields = line[:width] if in_order else [line[i] for i in at]
        if check:
            fields = [v.strip() for v in fields]
            found = _check_key(*fields[:3]) + _check_values(fields[keys:])
            problems.extend(f"line {n}: {p}" for p in found)
            if found:
                continue
        period, _, code, name = fields[:keys]
        if (period, code) in rows:
            where = f"DfE code {code} ({name})" if code else "England"
            problems.append(f"line {n}: a second row for {where} in {period}")
        rows[(period, code)] = tuple(fields[keys:])
    periods = {m.id: _england_periods(rows, m) for m in MEASURES}
    latest = {
        m.id: next(
            (
                p
                for p in reversed(periods[m.id])
                if _parse(rows[(p, "")][_AT[m.column]]).number is not None
            ),
            None,
        )
        for m in MEASURES
    }
    release = Release(rows, path, from_config, periods, latest)
    if not problems:
        problems.extend(
            f"no England figure for {m.column}" for m in MEASURES if release.latest(m) is None
        )
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise SvtoolError(f"The EHC plan figures {path} are not valid: {shown}", hint=hint)
    return release


def _england_periods(rows: dict[tuple[str, str], tuple[str, ...]], m: Measure) -> tuple[str, ...]:
    """Periods whose England row has the measure's column (a number or a symbol), oldest first."""
    found = [
        period
        for (period, code), row in rows.items()
        if code == "" and bool(_ACADEMIC.match(period)) == m.january and row[_AT[m.column]]
    ]
    return tuple(sorted(found, key=year_of))


def override_path() -> Path:
    return config_dir() / FILENAME


@cache
def release() -> Release:
    """The figures to show: the config folder's ehcp-stats.csv if there is one, else svtool's."""
    override = override_path()
    if override.is_file():
        return load_csv(override, from_config=True)
    return load_csv(data_file(FILENAME), check=False)
