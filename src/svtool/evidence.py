"""From what a rep typed to a validated entry: forgiving parsing, then the schema's checks.

Every problem is collected before anything is raised, so the rep fixes all of them in one go.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svtool import checklist as cl
from svtool.authorities import Authority, resolve
from svtool.dates import iso_utc, parse_date, utc_now
from svtool.errors import BadInput, Problem, SvtoolError

if TYPE_CHECKING:
    from svtool.models import Entry
    from svtool.store import Store

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass
class Draft:
    """An entry as typed: strings and lists of strings, any of them missing."""

    authority: str | None = None
    section: str | None = None
    questions: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    summary: str | None = None
    details: str | None = None
    date: str | None = None
    setting: str | None = None
    source: str | None = None
    learners: str | None = None
    staff: str | None = None
    impacts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    timescale_extended: str | None = None
    stricter_targets: str | None = None
    posts_cut: str | None = None
    roles_cut: list[str] = field(default_factory=list)
    staff_left: str | None = None
    consulted: list[str] = field(default_factory=list)
    status: str | None = None
    outcome: str | None = None

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) not in (None, [])
        }


def split_values(values: list[str] | None) -> list[str]:
    """Repeatable options also take comma-separated lists: `--impact workload,wellbeing`."""
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def parse_section(value: str) -> str:
    key = value.strip().casefold().removeprefix("section").strip()
    words = cl.section_words()
    if key in words:
        return words[key]
    import difflib

    close = difflib.get_close_matches(key, list(words), n=2, cutoff=0.6)
    hint = (
        f"did you mean {' or '.join(close)}?"
        if close
        else "use a section id (1 to 6, or other) or a word such as access, staff, health"
    )
    raise ValueError(f"{value!r} is not a checklist section; {hint}")


def parse_question(value: str) -> str:
    return value.strip().casefold().removeprefix("q").strip()


def parse_count(value: str) -> int:
    try:
        n = int(value.strip().replace(",", ""))
    except ValueError:
        raise ValueError(
            f"{value!r} is not a whole number; give a count such as 3 (or leave it out)"
        ) from None
    if n < 0:
        raise ValueError(f"{n} is negative; give a count of 0 or more")
    return n


def parse_yes_no(value: str) -> bool:
    key = value.strip().casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def infer_section(draft: Draft) -> str | None:
    """The section the rep meant: as given, or the one their questions belong to."""
    if draft.section:
        return parse_section(draft.section)
    known = cl.questions_by_id()
    questions = [parse_question(q) for q in draft.questions]
    unknown = [q for q in questions if q not in known]
    if unknown:
        import difflib

        problems = []
        for q in unknown:
            close = difflib.get_close_matches(q, list(known), n=2, cutoff=0.5)
            hint = (
                f"did you mean {' or '.join(close)}?"
                if close
                else "see `svtool checklist` for the ids"
            )
            problems.append(Problem("--question", f"{q!r} is not a checklist question; {hint}"))
        raise BadInput(problems)
    owners = {known[q][0].id for q in questions}
    return owners.pop() if len(owners) == 1 else None


def missing_options(draft: Draft, default_authority: str | None = None) -> list[str]:
    """Options a non-interactive `log` cannot do without."""
    missing: list[str] = []
    if not (draft.authority or default_authority):
        missing.append("--authority")
    try:
        section = infer_section(draft)
    except (ValueError, BadInput):
        section = "?"  # reported as a bad value, not as missing
    if section is None:
        missing.append("--section")
    questions = draft.questions or _only_question(section)
    if not questions:
        missing.append("--question")
    elif "2.1" in [parse_question(q) for q in questions] and not draft.strategies:
        missing.append("--strategy")
    for name, option in (
        ("summary", "--summary"),
        ("date", "--date"),
        ("setting", "--setting"),
        ("source", "--source"),
    ):
        if not getattr(draft, name):
            missing.append(option)
    return missing


def _only_question(section: str | None) -> list[str]:
    if section and section in cl.sections_by_id():
        qs = cl.sections_by_id()[section].questions
        if len(qs) == 1:
            return [qs[0].id]
    return []


def build_entry(draft: Draft, **given: Any) -> Entry:
    """Parse and validate a draft into an Entry; raise BadInput listing every problem.
    Takes `entry_data`'s keywords (id, revision and times of an edit; today for tests)."""
    from pydantic import ValidationError

    from svtool.models import Entry, validation_problems

    data, problems = entry_data(draft, **given)
    already = {p.option for p in problems}
    if "--question" in already:
        already.add("--section")
    try:
        entry = Entry.model_validate(data)
    except ValidationError as e:
        for p in validation_problems(e):
            if p.option not in already:
                problems.append(p)
        raise BadInput(problems) from None
    if problems:
        raise BadInput(problems)
    return entry


def entry_data(
    draft: Draft,
    *,
    default_authority: str | None = None,
    entry_id: str | None = None,
    revision: int = 1,
    logged_at: str | None = None,
    today: date | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """What the rep typed, parsed into the entry's fields (not yet checked against the schema),
    and the problems parsing found."""
    problems: list[Problem] = []
    now = iso_utc(utc_now())
    data: dict[str, Any] = {
        "id": entry_id or str(uuid.uuid4()),
        "revision": revision,
        "logged_at": logged_at or now,
        "revised_at": now,
        "strategies": draft.strategies,
        "impacts": draft.impacts,
        "tags": draft.tags,
        "roles_cut": draft.roles_cut,
        "consulted": draft.consulted,
        "details": draft.details or "",
    }
    for name in ("summary", "setting", "source", "status", "outcome"):
        if getattr(draft, name) is not None:
            data[name] = getattr(draft, name)

    authority: Authority | None = None
    try:
        authority = resolve(draft.authority or default_authority or "")
    except BadInput as e:
        problems.extend(e.problems)
    if authority:
        data.update(
            authority_code=authority.la_code,
            authority_name=authority.name,
            programme=authority.programme,
        )

    def attempt(option: str, key: str, fn: Any, value: Any) -> None:
        if value is None:
            return
        try:
            data[key] = fn(value)
        except ValueError as e:
            problems.append(Problem(option, str(e)))

    try:
        data["section"] = infer_section(draft)
    except ValueError as e:
        problems.append(Problem("--section", str(e)))
    except BadInput as e:
        problems.extend(e.problems)
    questions = [parse_question(q) for q in draft.questions] or _only_question(data.get("section"))
    data["questions"] = questions
    attempt("--date", "occurred_on", lambda v: parse_date(v, today), draft.date)
    attempt("--learners", "learners_affected", parse_count, draft.learners)
    attempt("--staff", "staff_affected", parse_count, draft.staff)
    attempt("--timescale-extended", "timescale_extended", parse_yes_no, draft.timescale_extended)
    attempt("--stricter-targets", "stricter_targets", parse_yes_no, draft.stricter_targets)
    attempt("--posts-cut", "posts_cut", parse_count, draft.posts_cut)
    attempt("--staff-left", "staff_left", parse_count, draft.staff_left)
    if data.get("section") is None and not any(
        p.option in ("--section", "--question") for p in problems
    ):
        problems.append(
            Problem(
                "--section",
                "is required; give a section id (1 to 6, or other) or a word such as access",
            )
        )

    return data, problems


def log_entry(store: Store, draft: Draft, *, default_authority: str | None = None) -> Entry:
    """Validate and store one entry, in one transaction."""
    entry = build_entry(draft, default_authority=default_authority)
    save_entry(store, entry)
    return entry


def save_entry(store: Store, entry: Entry, files: Sequence[Path] = ()) -> None:
    """Store a checked entry with the personal-data scan of its text and copies of the files
    attached to it: the files are copied in first, then everything is written in one transaction."""
    from svtool.attachments import copy_in
    from svtool.privacy import scan_json

    scan = scan_json(entry.as_json())
    attached = copy_in(store.path, entry.id, entry.logged_at, list(files))
    store.add(entry, scan=scan, attachments=attached)


def require_all(draft: Draft, default_authority: str | None = None) -> None:
    """For scripts: report every missing option and every bad value at once."""
    missing = missing_options(draft, default_authority)
    problems = [
        Problem(option, "is required when svtool cannot ask (standard input is not a terminal)")
        for option in missing
    ]
    try:
        build_entry(draft, default_authority=default_authority)
    except BadInput as e:
        problems += [p for p in e.problems if p.option not in missing]
    if problems:
        raise BadInput(problems)


__all__ = [
    "Draft",
    "SvtoolError",
    "build_entry",
    "log_entry",
    "missing_options",
    "require_all",
    "save_entry",
    "split_values",
]
