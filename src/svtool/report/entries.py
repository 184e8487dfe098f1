"""One entry as a one-authority report shows it: a row of `queries.entry_rows` made into an
`EntryView`, in the checklist's words and order, with its text screened for personal data.

This runs once per entry, thousands of times for a busy authority, so the little it does is kept
cheap: lists shared by many entries are read once (cached), and absent facts are skipped at once.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from operator import itemgetter
from typing import Any

from svtool import checklist as cl
from svtool.report import queries as q
from svtool.report.context import EntryView, Fact
from svtool.report.personal import Screen

SHORT_ID = 8  # characters of an entry's id shown, enough for `svtool show`

_WORDS = {
    name: {c.id: c.text for c in choices}
    for name, choices in (
        ("strategies", cl.STRATEGIES),
        ("impacts", cl.IMPACTS),
        ("setting", cl.SETTINGS),
        ("source", cl.SOURCES),
        ("status", cl.FOLLOW_UP_STATUSES),
    )
}
# Checklist order, so an entry's strategies and impacts read in the same order as the summary's.
_RANK = {
    name: {c.id: n for n, c in enumerate(choices)}
    for name, choices in (("strategies", cl.STRATEGIES), ("impacts", cl.IMPACTS))
}
_EXTRA = {f.id: f for f in cl.EXTRA_FIELDS}
_EXTRA_WORDS = {f.id: {c.id: c.text for c in f.choices} for f in cl.EXTRA_FIELDS}
# Where each extra field is in an entry row (queries.ENTRY_COLUMNS).
_EXTRA_AT = tuple((f.id, q.ENTRY_COLUMNS.index(f"e.{f.id}")) for f in cl.EXTRA_FIELDS)
_extra_values = itemgetter(*(at for _, at in _EXTRA_AT))
# The extra fields' values (columns' defaults) on an entry that gives none, as most do.
_NO_FACTS = tuple("[]" if f.kind == "choices" else None for f in cl.EXTRA_FIELDS)
_SETTING_WORDS, _SOURCE_WORDS, _STATUS_WORDS = _WORDS["setting"], _WORDS["source"], _WORDS["status"]
_QUESTION_ORDER = {qid: n for n, qid in enumerate(cl.questions_by_id())}


@lru_cache(maxsize=1024)
def questions_of(listed: str | None) -> tuple[str, ...]:
    """Question ids from an entry's JSON list, in checklist order (ids not in it left out).

    Cached, like `_in_words`: thousands of entries share a few dozen different lists."""
    order = _QUESTION_ORDER
    ids = json.loads(listed) if listed else []
    return tuple(sorted((x for x in ids if x in order), key=order.__getitem__))


@lru_cache(maxsize=1024)
def _distinct(listed: str | None) -> frozenset[str]:
    return frozenset(json.loads(listed)) if listed else frozenset()


def list_counts(rows: list[tuple[Any, ...]], column: str) -> dict[str, int]:
    """Entries per id in one of the rows' JSON lists ("e.questions", "e.strategies" or
    "e.impacts"): an entry counts once for each id it gives, as in the store's link tables.

    Counted here from the rows the report reads anyway, not by SQL: each different list is read
    once and counted for every entry that gives it, which saves a pass over the link tables."""
    at = q.ENTRY_COLUMNS.index(column)
    found: dict[str, int] = {}
    for listed, n in Counter(row[at] for row in rows).items():
        for item in _distinct(listed):
            found[item] = found.get(item, 0) + n
    return found


@lru_cache(maxsize=1024)
def _in_words(kind: str, listed: str | None) -> tuple[str, ...]:
    """Ids from an entry's JSON list, in checklist order, in the checklist's words (unknown ids
    as given)."""
    ids: list[str] = json.loads(listed) if listed else []
    if not ids:
        return ()
    words, rank = _WORDS[kind], _RANK[kind]
    if len(ids) > 1:
        ids.sort(key=lambda x: rank.get(x, len(rank)))
    return tuple(words.get(x, x) for x in ids)


def _fact(field_id: str, value: Any) -> Fact | None:
    """An extra field's value in words, or None when the entry does not give it."""
    f = _EXTRA[field_id]
    if value is None or value == "[]" or value == "":
        return None
    if f.kind == "yes-no":
        text = "yes" if value else "no"
    elif f.kind == "count":
        text = f"{value:,}" if isinstance(value, int) else str(value)
    else:
        words = _EXTRA_WORDS[field_id]
        order = {c: n for n, c in enumerate(words)}
        chosen = sorted(json.loads(value), key=lambda c: order.get(c, len(order)))
        text = "; ".join(words.get(c, c) for c in chosen)
        if not text:
            return None
    return Fact(id=field_id, label=f.label, value=text)


def _facts(row: tuple[Any, ...]) -> tuple[Fact, ...]:
    """The extra fields an entry gives, checklist order; most give none, seen at one comparison."""
    if _extra_values(row) == _NO_FACTS:
        return ()
    return tuple(
        fact for field_id, at in _EXTRA_AT if (fact := _fact(field_id, row[at])) is not None
    )


def entry_view(
    row: tuple[Any, ...], questions: tuple[str, ...], attachments: list[str], screen: Screen
) -> EntryView:
    """One row of `queries.entry_rows` as the report shows it (`questions` from `questions_of`)."""
    (entry_id, summary, details, outcome, status, occurred_on, setting, source) = row[:8]
    learners, staff = row[8], row[9]
    tags = tuple(json.loads(row[19])) if row[19] != "[]" else ()
    text, tags, files = screen.entry(
        {"summary": summary, "details": details or "", "outcome": outcome or ""},
        tags,
        tuple(attachments),
        row[20],
    )
    return EntryView(
        id=entry_id,
        short_id=entry_id[:SHORT_ID],
        occurred_on=occurred_on,
        setting=_SETTING_WORDS.get(setting, setting),
        source=_SOURCE_WORDS.get(source, source),
        summary=text["summary"],
        details=text["details"],
        questions=questions,
        also_under=questions[1:],
        strategies=_in_words("strategies", row[17]),
        impacts=_in_words("impacts", row[18]),
        learners_affected=learners if isinstance(learners, int) else None,
        staff_affected=staff if isinstance(staff, int) else None,
        tags=tags,
        follow_up=_STATUS_WORDS.get(status, status),
        follow_up_id=status,
        outcome=text["outcome"],
        facts=_facts(row),
        attachments=files,
    )
