"""Building a report's data from the store: `build_report` is the one function that does it.

SQLite does the counting (see queries.py; a one-authority report counts its questions, strategies
and impacts from the entries it lists); this module turns the answers into the typed context,
in checklist order and in the checklist's words, so templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime, timezone

from svtool import __version__
from svtool import checklist as cl
from svtool.authorities import Authority
from svtool.bulk import gc_paused
from svtool.dates import MONTHS_SHORT, span_words
from svtool.report import queries as q
from svtool.report.context import (
    AcrossReport,
    AuthorityInfo,
    AuthorityReport,
    AuthorityRow,
    Comparison,
    Count,
    CoverageGap,
    EntryView,
    NegotiationIntel,
    Period,
    ProgrammeGroup,
    QuestionEvidence,
    ReportContext,
    SectionEvidence,
    Share,
    ShareRow,
    Total,
)
from svtool.report.context_national import NationalPicture
from svtool.report.entries import SHORT_ID, entry_view, list_counts, questions_of
from svtool.report.options import ReportRequest
from svtool.report.personal import Screen
from svtool.report.public import authority_figures
from svtool.report.shared import show_across, show_authority
from svtool.store import Store

NEGOTIATIONS_SECTION = "6"
PROGRAMME_ORDER = ("safety_valve", "dbv", "none")


def build_report(
    store: Store, request: ReportRequest, now: datetime | None = None
) -> ReportContext:
    """The whole report's data for a checked request."""
    v = q.visible(request.filter)
    stamp = (
        (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    )
    screen = Screen(redact=request.redact)
    try:
        with gc_paused():  # a busy authority's report makes hundreds of thousands of objects
            return _build(store, request, v, stamp, screen)
    finally:
        q.release(store.conn)


def _build(
    store: Store, request: ReportRequest, v: q.Visible, stamp: str, screen: Screen
) -> ReportContext:
    if request.authority is not None:
        a = request.authority
        q.select(store.conn, v)
        totals = q.totals(store.conn)
        authority = show_authority(
            _authority_report(store, totals, a, screen),
            suppress=request.suppress,
            shared=request.share,
        )
        return ReportContext(
            kind="authority",
            title=f"Evidence report: {a.name}",
            generated_at=stamp,
            svtool_version=__version__,
            checklist_version=cl.CHECKLIST_VERSION,
            period=_period(request, totals.first, totals.last),
            authority=authority,
            across=None,
            personal_data=screen.result(),
            shared=request.share,
            suppressed=request.suppress,
            narrowed=request.narrowed,
        )
    across, first, last, counts = _across_report(store, v, request, screen)
    across = show_across(across, suppress=request.suppress, shared=request.share)
    if request.suppress:  # the map and its table say no more than the rows above them
        shown = {row.authority.code: row.shown for row in across.rows}
        across = replace(across, national=_national(request, *counts, shown))
    return ReportContext(
        kind="across",
        title=f"Evidence across authorities: {request.selection_text}",
        generated_at=stamp,
        svtool_version=__version__,
        checklist_version=cl.CHECKLIST_VERSION,
        period=_period(request, first, last),
        authority=None,
        across=across,
        personal_data=screen.result(),
        shared=request.share,
        suppressed=request.suppress,
        narrowed=request.narrowed,
    )


# -- helpers ---------------------------------------------------------------------------------


def info(a: Authority) -> AuthorityInfo:
    return AuthorityInfo(
        code=a.la_code,
        ons_code=a.ons_code,
        name=a.name,
        region=a.region,
        programme=a.programme,
        programme_name=a.programme_name,
        programme_since=a.programme_since or None,
    )


def _period(request: ReportRequest, first: str | None, last: str | None) -> Period:
    text = span_words(request.since, request.until) or "all dates"
    return Period(since=request.since, until=request.until, first=first, last=last, text=text)


def _bar(n: int, largest: int) -> int:
    return round(100 * n / largest) if largest else 0


def counts(
    items: list[tuple[str, str, int]], *, drop_zero: bool = False, by_count: bool = False
) -> tuple[Count, ...]:
    """Counts with bar lengths; optionally without zeros and sorted most first (stable)."""
    if drop_zero:
        items = [i for i in items if i[2]]
    if by_count:
        items = sorted(items, key=lambda i: -i[2])
    largest = max((i[2] for i in items), default=0)
    return tuple(Count(id=i, label=label, count=n, bar=_bar(n, largest)) for i, label, n in items)


def choice_counts(
    choices: tuple[cl.Choice, ...], found: dict[str, int], **kw: bool
) -> tuple[Count, ...]:
    return counts([(c.id, c.text, found.get(c.id, 0)) for c in choices], **kw)


def timeline(found: dict[str, int]) -> tuple[Count, ...]:
    """Every month from the first with evidence to the last, empty months included."""
    if not found:
        return ()
    first, last = min(found), max(found)
    year, month = int(first[:4]), int(first[5:7])
    items = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        items.append((key, f"{MONTHS_SHORT[month - 1]} {year}", found.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return counts(items)


# -- one authority ---------------------------------------------------------------------------


def _authority_report(
    store: Store, totals: q.Totals, a: Authority, screen: Screen
) -> AuthorityReport:
    conn = store.conn
    listed: dict[str, list[EntryView]] = {}
    rows = q.entry_rows(conn) if totals.entries else []
    files = q.attachment_names(conn) if totals.entries else {}
    for row in rows:
        qs = questions_of(row[16])
        if qs:
            view = entry_view(row, qs, files.get(row[0], []), screen)
            listed.setdefault(qs[0], []).append(view)
    by_question = list_counts(rows, "e.questions")
    by_section = q.count_by(conn, "section") if totals.entries else {}
    largest = max(by_section.values(), default=0)
    sections = []
    gaps = []
    for s in cl.SECTIONS:
        questions = tuple(
            QuestionEvidence(
                id=x.id,
                text=x.text,
                parent=x.parent,
                count=by_question.get(x.id, 0),
                entries=tuple(listed.get(x.id, ())),
            )
            for x in s.questions
        )
        n = by_section.get(s.id, 0)
        sections.append(
            SectionEvidence(s.id, s.title, s.short_title, n, _bar(n, largest), questions)
        )
        missing = tuple(x for x in questions if x.count == 0)
        if missing:
            gaps.append(CoverageGap(section_id=s.id, section_title=s.title, questions=missing))
    impacts = list_counts(rows, "e.impacts")
    return AuthorityReport(
        authority=info(a),
        entries=totals.entries,
        settings=choice_counts(
            cl.SETTINGS, q.count_by(conn, "setting"), drop_zero=True, by_count=True
        ),
        sources=choice_counts(
            cl.SOURCES, q.count_by(conn, "source"), drop_zero=True, by_count=True
        ),
        sections=tuple(sections),
        questions_answered=sum(1 for x in cl.questions_by_id() if by_question.get(x)),
        questions_total=len(cl.questions_by_id()),
        coverage=tuple(gaps),
        strategies=choice_counts(cl.STRATEGIES, list_counts(rows, "e.strategies")),
        strategy_entries=by_question.get("2.1", 0),
        learners_affected=Total(totals.learners, totals.learners_entries),
        staff_affected=Total(totals.staff, totals.staff_entries),
        staff_impacts=choice_counts(tuple(c for c in cl.IMPACTS if c.group == "staff"), impacts),
        learner_impacts=choice_counts(tuple(c for c in cl.IMPACTS if c.group != "staff"), impacts),
        timeline=timeline(q.months(conn) if totals.entries else {}),
        follow_up=choice_counts(
            cl.FOLLOW_UP_STATUSES, q.count_by(conn, "status") if totals.entries else {}
        ),
        public=authority_figures(a.la_code),
    )


# -- across authorities ----------------------------------------------------------------------


def _share(n: int, of: int) -> Share:
    return Share(authorities=n, of=of, percent=round(100 * n / of) if of else 0)


def _across_report(
    store: Store, v: q.Visible, request: ReportRequest, screen: Screen
) -> tuple[AcrossReport, str | None, str | None, tuple[dict[str, int], dict[str, dict[str, int]]]]:
    """The report, its first and last dates, and the entries and 2.1 strategy counts per authority."""
    conn = store.conn
    chosen = {a.la_code: a for a in request.selection}
    per_auth: dict[str, int] = {}
    last: dict[str, str] = {}
    sections_of: dict[str, set[str]] = {}
    per_section: dict[str, int] = {}
    first: str | None = None
    for code, section, n, earliest, latest in q.by_authority_section(conn, v):
        first = earliest if first is None else min(first, earliest)
        per_auth[code] = per_auth.get(code, 0) + n
        last[code] = max(last.get(code, latest), latest)
        sections_of.setdefault(code, set()).add(section)
        per_section[section] = per_section.get(section, 0) + n
    strategies_of: dict[str, dict[str, int]] = {}  # entries per strategy, per authority
    per_strategy: dict[str, int] = {}
    for code, strategy, n in q.by_authority_strategy(conn, v):
        strategies_of.setdefault(code, {})[strategy] = n
        per_strategy[strategy] = per_strategy.get(strategy, 0) + n

    largest = max(per_auth.values(), default=0)
    ranked = sorted(
        (c for c in per_auth if c in chosen), key=lambda c: (-per_auth[c], chosen[c].name)
    )
    rows = tuple(
        AuthorityRow(
            info(chosen[c]), per_auth[c], _bar(per_auth[c], largest), len(sections_of[c]), last[c]
        )
        for c in ranked
    )
    no_evidence = tuple(
        info(a) for a in sorted(chosen.values(), key=lambda a: a.name) if a.la_code not in per_auth
    )

    group_codes = {p: [c for c, a in chosen.items() if a.programme == p] for p in PROGRAMME_ORDER}
    present = [p for p in PROGRAMME_ORDER if group_codes[p]]
    groups = []
    for p in present:
        codes = group_codes[p]
        n = sum(per_auth.get(c, 0) for c in codes)
        groups.append(
            ProgrammeGroup(
                id=p,
                name=cl_programme_name(p),
                authorities=len(codes),
                with_evidence=sum(1 for c in codes if c in per_auth),
                entries=n,
                per_authority=f"{n / len(codes):.1f}",
            )
        )

    def share_rows(
        items: list[tuple[str, str]], having: Mapping[str, Collection[str]]
    ) -> tuple[ShareRow, ...]:
        return tuple(
            ShareRow(
                id=item_id,
                label=label,
                shares=tuple(
                    _share(
                        sum(1 for c in group_codes[p] if item_id in having.get(c, ())),
                        len(group_codes[p]),
                    )
                    for p in present
                ),
            )
            for item_id, label in items
        )

    intel = tuple(
        NegotiationIntel(
            authority=info(chosen[i.code]),
            entries=i.entries,
            questions=i.questions,
            last=i.last,
            latest_summary=screen.entry({"summary": i.latest_summary})[0]["summary"],
            latest_short_id=i.latest_id[:SHORT_ID],
        )
        for i in sorted(
            q.negotiations(conn, v, NEGOTIATIONS_SECTION, _section_questions(NEGOTIATIONS_SECTION)),
            key=lambda i: chosen[i.code].name,
        )
        if i.code in chosen
    )
    entries = sum(per_auth.values())
    text = request.selection_text
    across = AcrossReport(
        selection=text,
        selection_counted=text[:1].upper() + text[1:]
        if text.startswith("all ")
        else f"{len(chosen):,} {text}",
        authorities=len(chosen),
        entries=entries,
        rows=rows,
        strategies=choice_counts(cl.STRATEGIES, per_strategy, by_count=True),
        sections=counts([(s.id, s.short_title, per_section.get(s.id, 0)) for s in cl.SECTIONS]),
        comparison=Comparison(
            groups=tuple(groups),
            strategies=share_rows([(c.id, c.text) for c in cl.STRATEGIES], strategies_of),
            sections=share_rows([(s.id, s.short_title) for s in cl.SECTIONS], sections_of),
            heading=_groups_heading(present),
        ),
        negotiations=intel,
        no_evidence=no_evidence,
        timeline=timeline(q.months_of(conn, v) if entries else {}),
        national=_national(request, per_auth, strategies_of),
        national_heading=(
            "Every authority" if text.startswith("all ") else text[:1].upper() + text[1:]
        )
        + ": evidence and public figures",
    )
    return across, first, max(last.values(), default=None), (per_auth, strategies_of)


def _groups_heading(present: list[str]) -> str:
    """'Safety Valve, Delivering Better Value and other authorities', or those of them shown."""
    if present == ["none"]:
        return "Authorities in neither programme"
    words = [{"safety_valve": "Safety Valve", "dbv": "Delivering Better Value"}.get(p, "other")
             for p in present]  # fmt: skip
    listed = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
    return f"{listed} authorities"


def _national(
    request: ReportRequest,
    per_auth: dict[str, int],
    strategies_of: dict[str, dict[str, int]],
    shown: dict[str, str] | None = None,
) -> NationalPicture:
    # Imported here: the map's geometry and views are only needed across authorities.
    from svtool.report.national import national_picture

    return national_picture(request.selection, per_auth, strategies_of, shown)


def _section_questions(section: str) -> list[str]:
    return [x.id for x in cl.sections_by_id()[section].questions]


def cl_programme_name(programme: str) -> str:
    from svtool.authorities import PROGRAMME_NAMES

    return {"none": "Other authorities"}.get(programme, PROGRAMME_NAMES[programme])
