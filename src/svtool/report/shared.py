"""The counts a report prints: every one as text (`shown`), and small ones suppressed when shared.

`show_authority` and `show_across` take a report built from the store and return it with each
count's `shown` filled in. With `suppress=True` (`report --share`), counts of 1 to 4 become
"fewer than 5" and their `count` None, and the relations between the report's tables go into a
suppression Sheet (see suppress.py), so that no total or neighbouring row gives one away:
- entries per section, setting, source and month each add up to the report's entries;
- within a section, every entry answers at least one of its questions (a cover);
- across authorities: authorities' entries add up to their programme group's, the groups' to the
  whole; an authority with evidence in n sections has at least n entries.
Strategies, impacts and people affected relate to nothing else shown that could pin them down.
"""

from __future__ import annotations

from dataclasses import replace

from svtool.report.context import (
    AcrossReport,
    AuthorityReport,
    AuthorityRow,
    Count,
    Total,
)
from svtool.report.suppress import HIDDEN, Sheet


def _n(value: int | None) -> int:
    return value or 0


def _bars(items: tuple[Count, ...]) -> tuple[Count, ...]:
    """Bar lengths relative to the largest count still shown (a hidden count draws no bar)."""
    largest = max((c.count or 0 for c in items), default=0)
    return tuple(
        replace(c, bar=round(100 * (c.count or 0) / largest) if largest else 0) for c in items
    )


class _Counts:
    """Registers a report's counts on a Sheet, then hands back their shown forms."""

    def __init__(self, suppress: bool) -> None:
        self.sheet = Sheet(suppress=suppress)

    def add(self, value: int | None) -> int:
        return self.sheet.add(_n(value))

    def table(
        self, items: tuple[Count, ...], total: int | None = None, kind: str = "sum"
    ) -> list[int]:
        handles = [self.add(c.count) for c in items]
        if total is not None:
            (self.sheet.sum if kind == "sum" else self.sheet.cover)(total, handles)
        return handles

    def count(self, c: Count, h: int) -> Count:
        shown = self.sheet.shown(h)
        return replace(c, count=shown.value, shown=shown.text)

    def counts(self, items: tuple[Count, ...], handles: list[int]) -> tuple[Count, ...]:
        return _bars(tuple(self.count(c, h) for c, h in zip(items, handles, strict=True)))

    def total(self, t: Total, total_h: int, entries_h: int) -> Total:
        a, b = self.sheet.shown(total_h), self.sheet.shown(entries_h)
        return replace(t, total=a.value, entries=b.value, shown=a.text, entries_shown=b.text)


def show_authority(r: AuthorityReport, *, suppress: bool, shared: bool) -> AuthorityReport:
    c = _Counts(suppress)
    n = c.add(r.entries)
    sections = c.table(tuple(Count(s.id, s.title, _n(s.count), 0) for s in r.sections), n)
    questions = []
    for s, sh in zip(r.sections, sections, strict=True):
        qs = [c.add(q.count) for q in s.questions]
        if s.count:
            c.sheet.cover(sh, qs)
        questions.append(qs)
    settings = c.table(r.settings, n)
    sources = c.table(r.sources, n)
    timeline = c.table(r.timeline, n)
    strategies = c.table(r.strategies)
    staff_impacts, learner_impacts = c.table(r.staff_impacts), c.table(r.learner_impacts)
    follow_up = c.table(r.follow_up, n)
    learners = (c.add(r.learners_affected.total), c.add(r.learners_affected.entries))
    staff = (c.add(r.staff_affected.total), c.add(r.staff_affected.entries))
    q21 = next(
        (
            h
            for s, qs in zip(r.sections, questions, strict=True)
            for q, h in zip(s.questions, qs, strict=True)
            if q.id == "2.1"
        ),
        c.add(r.strategy_entries),
    )
    c.sheet.solve()
    new_sections = []
    largest = 0
    for s, sh, qs in zip(r.sections, sections, questions, strict=True):
        shown = c.sheet.shown(sh)
        largest = max(largest, shown.value or 0)
        new_questions = tuple(
            replace(
                q,
                count=c.sheet.shown(h).value,
                shown=c.sheet.shown(h).text,
                entries=() if shared else q.entries,
            )
            for q, h in zip(s.questions, qs, strict=True)
        )
        new_sections.append(
            replace(s, count=shown.value, shown=shown.text, questions=new_questions)
        )
    new_sections = [
        replace(s, bar=round(100 * (s.count or 0) / largest) if largest else 0)
        for s in new_sections
    ]
    return replace(
        r,
        entries_shown=c.sheet.shown(n).text,
        strategy_entries_shown=c.sheet.shown(q21).text,
        sections=tuple(new_sections),
        settings=c.counts(r.settings, settings),
        sources=c.counts(r.sources, sources),
        timeline=c.counts(r.timeline, timeline),
        strategies=c.counts(r.strategies, strategies),
        staff_impacts=c.counts(r.staff_impacts, staff_impacts),
        learner_impacts=c.counts(r.learner_impacts, learner_impacts),
        follow_up=() if shared else c.counts(r.follow_up, follow_up),
        learners_affected=c.total(r.learners_affected, *learners),
        staff_affected=c.total(r.staff_affected, *staff),
    )


def show_across(r: AcrossReport, *, suppress: bool, shared: bool) -> AcrossReport:
    c = _Counts(suppress)
    n = c.add(r.entries)
    rows = {row.authority.code: c.add(row.entries) for row in r.rows}
    for row in r.rows:
        c.sheet.at_least(rows[row.authority.code], row.sections)
    programme = {row.authority.code: row.authority.programme for row in r.rows}
    groups = []
    for g in r.comparison.groups:
        gh = c.add(g.entries)
        members = [h for code, h in rows.items() if programme[code] == g.id]
        c.sheet.sum(gh, members)
        groups.append(gh)
    c.sheet.sum(n, groups)
    sections = c.table(r.sections, n)
    timeline = c.table(r.timeline, n)
    strategies = c.table(r.strategies)
    intel = [c.add(i.entries) for i in r.negotiations]
    c.sheet.solve()

    def show_row(x: AuthorityRow) -> AuthorityRow:
        shown = c.sheet.shown(rows[x.authority.code])
        return replace(x, entries=shown.value, shown=shown.text)

    new_rows = tuple(show_row(x) for x in r.rows)
    largest = max((x.entries or 0 for x in new_rows), default=0)
    new_rows = tuple(
        replace(x, bar=round(100 * (x.entries or 0) / largest) if largest else 0) for x in new_rows
    )
    new_groups = []
    for g, h in zip(r.comparison.groups, groups, strict=True):
        shown = c.sheet.shown(h)
        per = g.per_authority if shown.value is not None else HIDDEN
        new_groups.append(replace(g, entries=shown.value, shown=shown.text, per_authority=per))
    new_intel = tuple(
        replace(
            i,
            entries=c.sheet.shown(h).value,
            shown=c.sheet.shown(h).text,
            latest_short_id="" if shared else i.latest_short_id,
        )
        for i, h in zip(r.negotiations, intel, strict=True)
    )
    return replace(
        r,
        entries_shown=c.sheet.shown(n).text,
        rows=new_rows,
        comparison=replace(r.comparison, groups=tuple(new_groups)),
        sections=c.counts(r.sections, sections),
        timeline=c.counts(r.timeline, timeline),
        strategies=c.counts(r.strategies, strategies),
        negotiations=new_intel,
    )
