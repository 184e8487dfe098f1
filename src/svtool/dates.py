"""Dates as reps type them, and times as they read them.

ISO dates are read by the standard library; everything else ("3rd November 2025", "03.11.2025",
"3 Nov", "2025/11/03") by dateutil's parser, loaded only then, because it costs more to import than
`svtool log` with an ISO date takes in all. Numbers are read day first (the UK order) unless the
year comes first; a day and month without a year mean the most recent one that has passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

SEND_REFORMS_BEGAN = date(2014, 9, 1)
# Month names are spelled out here rather than taken from strftime's %b and %B, which follow the
# locale (LC_TIME): dates on screens, in reports and in briefs are in English whatever language the
# computer is set to, and anything that calls locale.setlocale must not change them.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_SHORT = tuple(name[:3] for name in MONTHS)  # "Sep", as %b writes it, not "Sept"
_YEAR_FIRST = re.compile(r"\s*\d{4}\D")
# Two different defaults show which parts the text did not give (the parser fills them in).
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2))  # both leap years: "29 Feb" can be read
_PARTS = ("year", "month", "day")


def parse_date(text: str, today: date | None = None) -> date:
    """Parse a date; raise ValueError with a message that says what would be right."""
    today = today or date.today()
    t = text.strip().casefold()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    readings = _read(text)
    if readings is None:
        raise ValueError(
            f"{text!r} is not a date; use e.g. {today:%d/%m/%Y} (day first), "
            f"{today.day} {today:%B %Y}, {today.isoformat()}, today or yesterday"
        )
    first, second = readings
    missing = [part for part in _PARTS if getattr(first, part) != getattr(second, part)]
    if missing == ["year"]:
        return _most_recent(first.month, first.day, today, text)
    if missing:
        parts = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "") + missing[-1]
        raise ValueError(
            f"{text!r} is not a whole date (it has no {parts}); "
            f"give the day, month and year, e.g. {today.day} {today:%B %Y}"
        )
    return first.date()


def _read(text: str) -> tuple[datetime, datetime] | None:
    from dateutil.parser import ParserError, parse

    year_first = bool(_YEAR_FIRST.match(text))
    try:
        return (
            parse(text, dayfirst=not year_first, yearfirst=year_first, default=_DEFAULTS[0]),
            parse(text, dayfirst=not year_first, yearfirst=year_first, default=_DEFAULTS[1]),
        )
    except (ParserError, ValueError, OverflowError):
        return None


def _most_recent(month: int, day: int, today: date, text: str) -> date:
    """A day and month without a year: the latest such day on or before today."""
    for year in range(today.year, today.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if candidate <= today:
            return candidate
    raise ValueError(f"{text!r} is not a date; give the year too")


def local_time(stamp: str) -> str:
    """A stored UTC time ('2025-11-30T16:02:11.123456Z') in the reader's own time zone:
    '30 Nov 2025 16:02', with the zone's short name (GMT, BST) where the system has one."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    zone = local.tzname() or ""
    suffix = f" {zone}" if zone and len(zone) <= 5 else ""
    return f"{local.day} {local:%b %Y %H:%M}{suffix}"


def day_month_year(day: date | str) -> str:
    """A date as people in the UK write it on a screen or in a report: '3 Nov 2025' (an ISO
    string is read first; text that is not an ISO date is given back as it is)."""
    if isinstance(day, date):
        return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"
    try:
        return day_month_year(date.fromisoformat(day))
    except ValueError:
        return day


def span_words(
    since: str | None, until: str | None, show: Callable[[str], str] = day_month_year
) -> str | None:
    """'1 Sep 2025 to 1 Dec 2025', 'from 1 Sep 2025' or 'up to 1 Dec 2025' for ISO bounds, each
    written by `show`; None when there is neither."""
    if since and until:
        return f"{show(since)} to {show(until)}"
    if since:
        return f"from {show(since)}"
    if until:
        return f"up to {show(until)}"
    return None


def day_month_year_long(day: date) -> str:
    """A date with its month in full, for a document read outside the union: '3 November 2025'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the microsecond, so that ordering by text is ordering by time."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
