"""Entries as people read them: the card `show` prints and `log` confirms, and the words for
fields and values used by history and the walk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svtool import checklist as cl

if TYPE_CHECKING:
    from svtool.models import Entry


def render_entry(entry: Entry, attachments: list[str] | None = None) -> object:
    """A readable card for one entry (used by `show` and the confirmation in `log`)."""
    from rich.table import Table

    from svtool.console import text
    from svtool.dates import day_month_year

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    # A word longer than the screen (a web address, a document's reference) is folded onto the
    # next line, never cut short: the card is where a rep checks what they wrote.
    grid.add_column(overflow="fold")

    def row(label: str, value: object) -> None:
        if value not in (None, "", []):
            grid.add_row(label, text(value))

    row("Id", entry.id)
    row(
        "Authority",
        f"{entry.authority_name} ({entry.authority_code}), {programme_words(entry.programme)}",
    )
    row("Section", f"{entry.section}: {cl.sections_by_id()[entry.section].short_title}")
    for q in entry.questions:
        row(f"Question {q}", cl.questions_by_id()[q][1].text)
    row("Strategies", ", ".join(entry.strategies))
    row("Summary", entry.summary)
    row("Details", entry.details)
    row("Date", day_month_year(entry.occurred_on))
    row("Setting", cl.choice_text(cl.SETTINGS, entry.setting))
    row("Source", cl.choice_text(cl.SOURCES, entry.source))
    row("Learners affected", entry.learners_affected)
    row("Staff affected", entry.staff_affected)
    row("Impacts", ", ".join(entry.impacts))
    row("Tags", ", ".join(entry.tags))
    row("Follow-up", cl.choice_text(cl.FOLLOW_UP_STATUSES, entry.status))
    row("Outcome", entry.outcome)
    for f in cl.EXTRA_FIELDS:
        value = getattr(entry, f.id)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, list):
            value = ", ".join(value)
        row(f.label, value)
    for n, name in enumerate(attachments or [], start=1):
        row("Attachments" if n == 1 else "", name)
    row("Logged", when(entry.logged_at))
    if entry.revision > 1:
        row("Revision", f"{entry.revision}, made {when(entry.revised_at)} (see `svtool history`)")
    return grid


def when(stamp: str | None) -> str:
    """'2025-11-30T16:02:11.123456Z' as people read it, in their own time: 30 Nov 2025 16:02."""
    from svtool.dates import local_time

    return local_time(stamp) if stamp else ""


def programme_words(programme: str) -> str:
    from svtool.authorities import PROGRAMME_NAMES

    return (
        PROGRAMME_NAMES.get(programme, programme) if programme != "none" else "in neither programme"
    )


def field_label(name: str) -> str:
    """Words for a field name, for people (history, confirmations)."""
    labels = {
        "authority_code": "authority",
        "authority_name": "authority name",
        "occurred_on": "date",
        "learners_affected": "learners affected",
        "staff_affected": "staff affected",
        "status": "follow-up",
        **{f.id: f.label.casefold() for f in cl.EXTRA_FIELDS},
    }
    return labels.get(name, name.replace("_", " "))


def short(value: object) -> str:
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "…"
