"""Building the meeting brief's data from the store: `build_brief` is the one function that does it.

The brief is for people outside the union (the authority, the Schools Forum), so it shows no entry
ids, follow-up, casework (details, outcomes) or coverage gaps; examples are short summaries with
personal data replaced; counts of 1 to 4 are "fewer than 5" unless the rep asks for their own copy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from svtool import __version__, privacy
from svtool import checklist as cl
from svtool.brief import law
from svtool.brief.context import BriefContext, DutyCited, Example, PracticeSeen, PublicFigure
from svtool.brief.fit import BUDGET, PLANS, Plan, lines
from svtool.brief.options import BriefRequest
from svtool.brief.practices import OPEN_QUESTIONS, PRACTICES, SETTING_PLURALS, practice_ids
from svtool.dates import MONTHS, day_month_year_long
from svtool.report import public
from svtool.report import queries as q
from svtool.report.build import info
from svtool.report.entries import questions_of
from svtool.report.suppress import HIDDEN, Sheet, Shown, mask_small_counts
from svtool.store import Store

QUESTIONS_MAX = 8
OPEN_MAX = 3
DUTIES_PER_PRACTICE = 2  # the most relevant duties of each practice (law.toml's order)
EXAMPLE_CHARS = 160
LOOK_AT = 12  # candidates looked at for an example (each is run through the detector)
_SETTING_WORDS = {c.id: c.text for c in cl.SETTINGS}
_ORDER = {p: n for n, p in enumerate(PRACTICES)}


@dataclass(frozen=True)
class _Entry:
    index: int  # order in the selection (date, then when logged)
    summary: str
    setting: str
    occurred_on: str
    learners: int | None
    staff: int | None
    questions: tuple[str, ...]
    practices: tuple[str, ...]


def build_brief(store: Store, request: BriefRequest, now: datetime | None = None) -> BriefContext:
    moment = now or datetime.now(timezone.utc)
    v = q.visible(request.filter)
    try:
        q.select(store.conn, v)
        rows = q.entry_rows(store.conn)
    finally:
        q.release(store.conn)
    entries = []
    for n, row in enumerate(rows):
        questions = questions_of(row[16])
        strategies = tuple(_json_list(row[17]))
        entries.append(
            _Entry(
                n,
                row[1],
                row[6],
                row[5],
                row[8],
                row[9],
                questions,
                practice_ids(questions, strategies),
            )
        )
    return _context(request, entries, moment)


def _json_list(value: str | None) -> list[str]:
    import json

    return list(json.loads(value)) if value else []


def _context(request: BriefRequest, entries: list[_Entry], moment: datetime) -> BriefContext:
    a = request.authority
    by_practice: dict[str, list[_Entry]] = {}
    for e in entries:
        for p in e.practices:
            by_practice.setdefault(p, []).append(e)
    ranked = sorted(by_practice, key=lambda p: (-len(by_practice[p]), _ORDER.get(p, 99)))

    sheet = Sheet(suppress=request.suppress)
    total = sheet.add(len(entries))
    handles = {p: sheet.add(len(by_practice[p])) for p in ranked}
    sheet.cover(total, list(handles.values()), hide_total=True)
    learners = [e.learners for e in entries if e.learners is not None]
    staff = [e.staff for e in entries if e.staff is not None]
    learners_h = sheet.add(sum(learners))
    staff_h = sheet.add(sum(staff))
    sheet.solve()

    title_period, phrase = _period(request, entries)
    # DfE's published figures for the authority, beside what reps are seeing; a broken newer
    # release in the config folder stops the brief with a message, as it stops reports.
    figures, figures_source = public.brief_lines(a.la_code)
    facts = _Facts(
        request=request,
        by_practice=by_practice,
        ranked=ranked,
        reports={p: _reports(sheet.shown(h)) for p, h in handles.items()},
        title_period=title_period,
        headline=_headline(
            a.name,
            phrase,
            sheet.shown(total),
            [e.setting for e in entries],
            sheet.shown(learners_h) if learners else None,
            sheet.shown(staff_h) if staff else None,
        ),
        answered=frozenset(x for e in entries for x in e.questions),
        moment=moment,
        entries=len(entries),
        public_figures=tuple(PublicFigure(*line) for line in figures),
        public_source=figures_source,
    )
    brief = _compose(facts, PLANS[0])
    for plan in PLANS[1:]:
        if lines(brief) <= BUDGET:
            break
        brief = _compose(facts, plan)
    return replace(brief, fits=lines(brief) <= BUDGET)


@dataclass(frozen=True)
class _Facts:
    """What the evidence shows, before choosing how much of it the two pages have room for."""

    request: BriefRequest
    by_practice: dict[str, list[_Entry]]
    ranked: list[str]
    reports: dict[str, str]
    title_period: str
    headline: tuple[str, ...]
    answered: frozenset[str]
    moment: datetime
    entries: int
    public_figures: tuple[PublicFigure, ...]
    public_source: str


def _compose(f: _Facts, plan: Plan) -> BriefContext:
    a = f.request.authority
    detailed = f.ranked[: plan.detailed]
    used: dict[int, str] = {}  # entry -> the practice it is quoted under
    practices = []
    for rank, p in enumerate(detailed):
        label = PRACTICES[p].label
        chosen = _examples(f.by_practice[p], 2 if rank < plan.two_examples else 1, used, label)
        practices.append(
            PracticeSeen(
                id=p,
                label=label,
                reports=f.reports[p],
                examples=tuple(chosen),
                see_also=_see_also(f.by_practice[p], used) if not chosen else "",
            )
        )
    asked = tuple(dict.fromkeys(PRACTICES[p].ask for p in detailed if PRACTICES[p].ask))
    open_questions = tuple(
        PRACTICES[x].ask
        for x in OPEN_QUESTIONS
        if x not in f.answered and PRACTICES[x].ask not in asked
    )[: max(0, min(plan.open_questions, QUESTIONS_MAX - len(asked)))]
    who = _who(f.request.local_association)
    return BriefContext(
        title=f"{a.name}, {f.title_period}" if f.title_period else a.name,
        subtitle=(
            "What NASUWT representatives are seeing in support for children and young people with "
            "special educational needs and disabilities (SEND)"
        ),
        authority=info(a),
        programme=_programme(a.name, a.programme, a.programme_since),
        period=f.title_period or "all dates",
        prepared_by=f"Prepared by {who}, {day_month_year_long(f.moment.astimezone().date())}.",
        headline=f.headline,
        public_figures=f.public_figures,
        public_source=f.public_source,
        practices=tuple(practices),
        also_seen=tuple(PRACTICES[p].label for p in f.ranked[plan.detailed :]),
        law_intro=law.CAUTION,
        duties=_duties(detailed),
        questions=asked[:QUESTIONS_MAX],
        open_questions=open_questions,
        asks=f.request.asks,
        suppressed=f.request.suppress,
        note=_note(f.request.suppress),
        generated_at=f.moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        svtool_version=__version__,
        entries=f.entries,
        fits=True,
    )


# -- examples --------------------------------------------------------------------------------


def _examples(candidates: list[_Entry], n: int, used: dict[int, str], label: str) -> list[Example]:
    """The most specific (fewest practices), then most recent entries, preferring a summary with
    no personal data to replace; a second example from another kind of setting when there is one.
    An entry already quoted under another practice is not quoted again (none, if all were)."""
    fresh = [e for e in candidates if e.index not in used]
    ordered = sorted(fresh, key=lambda e: (e.occurred_on, e.index), reverse=True)
    ordered.sort(key=lambda e: len(e.practices))
    looked = [(e, *_anonymised(e.summary)) for e in ordered[:LOOK_AT]]
    looked.sort(key=lambda item: item[2])  # clean summaries first (stable: order kept otherwise)
    chosen = looked[:1]
    if n > 1 and len(looked) > 1:
        first = chosen[0][0]
        rest = looked[1:]
        other = [x for x in rest if x[0].setting != first.setting]
        chosen.append(other[0] if other and not other[0][2] else rest[0])
    used.update((x[0].index, label) for x in chosen)
    return [_example(e, text) for e, text, _ in chosen]


def _see_also(candidates: list[_Entry], used: dict[int, str]) -> str:
    """For a practice whose reports are all quoted already: where to find one."""
    quoted = [used[e.index] for e in candidates if e.index in used]
    return f"The report quoted under “{quoted[0]}” above." if quoted else ""


def _anonymised(summary: str) -> tuple[str, bool]:
    """The summary with personal data replaced and small counts of people masked, and whether
    the detector found anything."""
    redacted, found = privacy.redact_fields({"summary": summary})
    return mask_small_counts(str(redacted["summary"])), bool(found)


def _example(e: _Entry, text: str) -> Example:
    words = _SETTING_WORDS.get(e.setting, e.setting)
    d = date.fromisoformat(e.occurred_on)
    return Example(
        text=shorten(text, EXAMPLE_CHARS),
        setting=words[:1].lower() + words[1:],
        month=f"{MONTHS[d.month - 1]} {d.year}",
    )


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


# -- words -----------------------------------------------------------------------------------


def _reports(shown: Shown) -> str:
    if shown.value is None:
        return f"{shown.text} reports"
    return f"{shown.text} report{'' if shown.value == 1 else 's'}"


def _people(shown: Shown, one: str, many: str) -> str:
    if shown.value is None:
        return f"{shown.text} {many}"
    return f"{shown.text} {one if shown.value == 1 else many}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _headline(
    name: str,
    phrase: str,
    total: Shown,
    settings: list[str],
    learners: Shown | None,
    staff: Shown | None,
) -> tuple[str, ...]:
    if not settings:
        return (f"No evidence about {name} has been recorded {phrase or 'yet'}.",)
    kinds = [SETTING_PLURALS.get(s.id, s.text) for s in cl.SETTINGS if s.id in set(settings)]
    count = "reports" if total.text == HIDDEN else _reports(total)
    lines = [
        f"NASUWT representatives recorded {count} about {name}{' ' + phrase if phrase else ''}, "
        f"from {_and(kinds)}."
    ]
    affected = []
    if learners is not None:
        affected.append(_people(learners, "child or young person", "children and young people"))
    if staff is not None:
        affected.append(_people(staff, "member of staff", "members of staff"))
    if affected:
        lines.append(f"Where reports gave numbers, they describe {_and(affected)} affected.")
    return tuple(lines)


def _month(iso: str) -> tuple[str, int]:
    d = date.fromisoformat(iso)
    return MONTHS[d.month - 1], d.year


def _period(request: BriefRequest, entries: list[_Entry]) -> tuple[str, str]:
    """The period for the title ('January to November 2025') and for a sentence ('between
    January and November 2025')."""
    if request.since and request.until:
        s, u = date.fromisoformat(request.since), date.fromisoformat(request.until)
        first = f"{s.day} {MONTHS[s.month - 1]}" + ("" if s.year == u.year else f" {s.year}")
        last = day_month_year_long(u)
        return f"{first} to {last}", f"between {first} and {last}"
    if request.since:
        text = day_month_year_long(date.fromisoformat(request.since))
        return f"since {text}", f"since {text}"
    if request.until:
        text = day_month_year_long(date.fromisoformat(request.until))
        return f"up to {text}", f"up to {text}"
    if not entries:
        return "", ""
    (m1, y1), (m2, y2) = _month(entries[0].occurred_on), _month(entries[-1].occurred_on)
    if (m1, y1) == (m2, y2):
        return f"{m1} {y1}", f"in {m1} {y1}"
    first = m1 if y1 == y2 else f"{m1} {y1}"
    return f"{first} to {m2} {y2}", f"between {first} and {m2} {y2}"


def _programme(name: str, programme: str, since: str) -> str:
    words = {"safety_valve": "Safety Valve", "dbv": "Delivering Better Value"}
    if programme not in words:
        return ""
    when = f" (since {since})" if since else ""
    return f"{name} is in the Department for Education's {words[programme]} programme{when}."


def _who(association: str) -> str:
    association = association.strip()
    if not association:
        return "NASUWT representatives"
    if "local association" in association.casefold():
        return (
            association if association.casefold().startswith("nasuwt") else f"NASUWT {association}"
        )
    return f"NASUWT {association} Local Association"


def _note(suppressed: bool) -> str:
    made = (
        "Examples are quoted from representatives' reports, shortened and with personal details "
        "removed."
    )
    if suppressed:
        return (
            f"{made} Counts from 1 to 4 are shown as “fewer than 5”, so that no child or member of "
            "staff can be identified."
        )
    return f"{made} This copy shows exact small numbers: keep it to yourself, do not share it."


def _lower_first(text: str) -> str:
    """'Caps on hours' -> 'caps on hours', for the middle of a sentence; a first word with other
    capitals ('DfE monitoring', 'EHC plans') stays as it is."""
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[1:] == word[1:].lower() else text


def _duties(practices: list[str]) -> tuple[DutyCited, ...]:
    data = law.load()
    found: dict[str, tuple[law.Duty, list[str]]] = {}
    for p in practices:
        for duty in data.duties_for(p)[:DUTIES_PER_PRACTICE]:
            found.setdefault(duty.id, (duty, []))[1].append(_lower_first(PRACTICES[p].label))
    return tuple(
        DutyCited(
            citation=d.citation,
            url=d.url,
            link=d.url.removeprefix("https://").removeprefix("www."),
            summary=d.summary,
            quote=d.quote,
            practices=tuple(labels),
        )
        for d, labels in found.values()
    )
