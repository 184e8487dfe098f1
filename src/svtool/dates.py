"""Dates as reps type them: ISO first, the usual UK forms, and a few words."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

_UK_FORMATS = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%B %d %Y",
    "%d/%m/%y",
    "%d.%m.%y",
)
SEND_REFORMS_BEGAN = date(2014, 9, 1)


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
    for fmt in _UK_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(
        f"{text!r} is not a date; use YYYY-MM-DD (e.g. {today.isoformat()}), today or yesterday"
    )


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the microsecond, so that ordering by text is ordering by time."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
