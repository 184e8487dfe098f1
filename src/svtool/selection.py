"""Turning filter options (`--authority`, `--since`, ...) into a store filter, with every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TypeVar

from svtool import checklist as cl
from svtool.authorities import resolve
from svtool.dates import parse_date
from svtool.errors import BadInput, Problem
from svtool.evidence import parse_question, parse_section
from svtool.store import EntryFilter

T = TypeVar("T")


def _check_ids(values: list[str], allowed: list[str], option: str, what: str) -> list[Problem]:
    problems = []
    for v in values:
        if v not in allowed:
            close = difflib.get_close_matches(v, allowed, n=2, cutoff=0.5)
            hint = (
                f"did you mean {' or '.join(close)}?"
                if close
                else f"use one of: {', '.join(allowed)}"
            )
            problems.append(Problem(option, f"{v!r} is not a {what}; {hint}"))
    return problems


def build_filter(
    *,
    authority: str | None = None,
    section: str | None = None,
    questions: list[str] | None = None,
    strategies: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    statuses: list[str] | None = None,
    search: str | None = None,
) -> EntryFilter:
    problems: list[Problem] = []

    def attempt(option: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except BadInput as e:
            problems.extend(e.problems)
        except ValueError as e:
            problems.append(Problem(option, str(e)))
        return None

    flt = EntryFilter(tags=list(tags or []))
    if authority:
        found = attempt("--authority", lambda: resolve(authority))
        if found:
            flt.authority_codes = [found.la_code]
    if section:
        flt.section = attempt("--section", lambda: parse_section(section))
    flt.questions = [parse_question(q) for q in questions or []]
    problems += _check_ids(
        flt.questions, list(cl.questions_by_id()), "--question", "checklist question"
    )
    flt.strategies = list(strategies or [])
    problems += _check_ids(flt.strategies, cl.choice_ids(cl.STRATEGIES), "--strategy", "strategy")
    flt.statuses = list(statuses or [])
    problems += _check_ids(
        flt.statuses, cl.choice_ids(cl.FOLLOW_UP_STATUSES), "--status", "follow-up status"
    )
    if search is not None:
        if not search.strip():
            problems.append(Problem("--search", "give at least one word to search for"))
        flt.search = search
    start = attempt("--since", lambda: parse_date(since)) if since else None
    end = attempt("--until", lambda: parse_date(until)) if until else None
    if start and end and start > end:
        problems.append(
            Problem("--until", f"{end.isoformat()} is before --since {start.isoformat()}")
        )
    flt.since = start.isoformat() if start else None
    flt.until = end.isoformat() if end else None
    if problems:
        raise BadInput(problems)
    return flt
