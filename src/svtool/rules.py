"""The rules every entry keeps, as plain functions, and the limits they enforce: the one place they
are written. The pydantic schema (`models.Entry`) applies them to every field, and so does the
quick path of `svtool log` (`quicklog`, through `apply`), which must not load pydantic; the walk
checks each answer by building the entry through the schema.

Each rule returns the value as stored (ids normalised, lists without repeats) or raises
ValueError with a message for the rep.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from svtool import checklist as cl
from svtool.dates import SEND_REFORMS_BEGAN

SUMMARY_MAX = 200
DETAILS_MAX = 20_000
COUNT_MAX = 10_000_000
TAG_MAX = 50
AUTHORITY_NAME_MAX = 120
PROGRAMMES = ("safety_valve", "dbv", "none")

# Control characters other than tab, newline and carriage return cannot be shown or exported safely.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udfff]")


def normalise_id(value: str) -> str:
    """Ids as people type them: any case, spaces or underscores for hyphens ("LA service")."""
    return re.sub(r"[\s_]+", "-", value.strip().casefold())


def close_ids(value: str, allowed: list[str], texts: dict[str, str] | None = None) -> list[str]:
    """The (at most two) ids someone typing `value` probably meant: a near spelling of the id or
    of one of its words ("primery" → mainstream-primary), or a word of the text shown for it."""
    import difflib

    typed = normalise_id(value)
    close = difflib.get_close_matches(typed, allowed, n=2, cutoff=0.5)
    if not close and typed:
        words = {part: i for i in reversed(allowed) for part in i.split("-") if len(part) > 2}
        close = list(
            dict.fromkeys(words[w] for w in difflib.get_close_matches(typed, words, 2, 0.75))
        )
    if not close and texts:  # "letter" → la-communication, by the words shown to people
        word = value.strip().casefold()
        close = [i for i, text in texts.items() if word and word in text.casefold()][:2]
    return close


def one_of(value: str, allowed: list[str], what: str, texts: dict[str, str] | None = None) -> str:
    if value in allowed:
        return value
    if normalise_id(value) in allowed:
        return normalise_id(value)
    close = close_ids(value, allowed, texts)
    hint = f"did you mean {' or '.join(close)}?" if close else f"use one of: {', '.join(allowed)}"
    article = "an" if what[:1] in "aeiou" else "a"
    raise ValueError(f"{value!r} is not {article} {what}; {hint}")


def clean_text(value: str, *, multiline: bool) -> str:
    bad = _BAD_CHARS.search(value)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise ValueError(
            f"contains a character that cannot be stored ({code} at character {bad.start() + 1})"
        )
    if not multiline and ("\n" in value or "\r" in value):
        raise ValueError("must be one line")
    return value


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _choice(choices: tuple[cl.Choice, ...], what: str) -> Callable[[str], str]:
    ids = cl.choice_ids(choices)
    known = frozenset(ids)
    texts = {c.id: c.text for c in choices}

    def rule(value: str) -> str:
        if value in known:  # the common case, checked first: imports validate every entry
            return value
        return one_of(value, ids, what, texts)

    return rule


def _each(rule: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    def rule_for_list(values: list[str]) -> list[str]:
        return _dedupe([rule(v) for v in values])

    return rule_for_list


def entry_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"{value!r} is not a UUID") from None


def la_code(value: str) -> str:
    if not re.fullmatch(r"\d{3}", value):
        raise ValueError(f"{value!r} is not a 3-digit DfE code")
    return value


def section(value: str) -> str:
    if value in cl.sections_by_id():
        return value
    return one_of(value, list(cl.sections_by_id()), "checklist section")


def question(value: str) -> str:
    if value in cl.questions_by_id():
        return value
    return one_of(value, list(cl.questions_by_id()), "checklist question")


def _at_most(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(f"is too long ({len(value)} characters; at most {limit})")
    return value


def summary(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; please write one line saying what happened")
    return clean_text(_at_most(value, SUMMARY_MAX), multiline=False)


def free_text(value: str) -> str:
    return clean_text(_at_most(value, DETAILS_MAX), multiline=True)


def authority_name(value: str) -> str:
    """The authority's name as the entry was logged with it: one line of text that can be stored."""
    if not value.strip():
        raise ValueError("is empty")
    return clean_text(_at_most(value, AUTHORITY_NAME_MAX), multiline=False)


def timestamp(value: str) -> str:
    """When an entry was logged or revised: an ISO 8601 time, as svtool writes them."""
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00", 1) if value.endswith("Z") else value)
    except ValueError:
        raise ValueError(f"is not a time such as 2025-10-01T16:02:11Z ({value[:40]!r})") from None
    return value


def optional_timestamp(value: str | None) -> str | None:
    return None if value is None else timestamp(value)


def count(value: int | None) -> int | None:
    """How many learners, staff or posts: a whole number from 0 (None when not known)."""
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"{value} is negative; give a count of 0 or more")
    if value > COUNT_MAX:
        raise ValueError(f"{value:,} is more than {COUNT_MAX:,}; check the number")
    return value


def revision(value: int) -> int:
    if value < 1:
        raise ValueError(f"{value} is not a revision number (they start at 1)")
    return value


def programme(value: str) -> str:
    if value not in PROGRAMMES:
        raise ValueError(f"{value!r} is not a programme; use one of: {', '.join(PROGRAMMES)}")
    return value


def questions(values: list[str]) -> list[str]:
    if not values:
        raise ValueError("is required; give at least one")
    return _dedupe([question(v) for v in values])


def tags(values: list[str]) -> list[str]:
    for t in values:
        if not t.strip():
            raise ValueError("a tag is empty")
        if len(t) > TAG_MAX:
            raise ValueError(f"a tag is {len(t)} characters; keep tags under {TAG_MAX}")
        clean_text(t, multiline=False)
    return _dedupe(values)


def occurred_on(value: date) -> date:
    if value > date.today():
        raise ValueError(f"{value.isoformat()} is in the future; give the date it happened")
    if value < SEND_REFORMS_BEGAN:
        raise ValueError(
            f"{value.isoformat()} is before the SEND reforms began on {SEND_REFORMS_BEGAN.isoformat()}"
        )
    return value


# The field rules, by the entry's JSON field names (the same names the schema uses).
FIELD_RULES: dict[str, Callable[[Any], Any]] = {
    "id": entry_id,
    "revision": revision,
    "authority_code": la_code,
    "authority_name": authority_name,
    "logged_at": timestamp,
    "revised_at": optional_timestamp,
    "programme": programme,
    "section": section,
    "summary": summary,
    "details": free_text,
    "outcome": free_text,
    "status": _choice(cl.FOLLOW_UP_STATUSES, "follow-up status"),
    "setting": _choice(cl.SETTINGS, "setting"),
    "source": _choice(cl.SOURCES, "source"),
    "questions": questions,
    "strategies": _each(_choice(cl.STRATEGIES, "strategy")),
    "impacts": _each(_choice(cl.IMPACTS, "impact")),
    "roles_cut": _each(_choice(cl.ROLES, "role")),
    "consulted": _each(_choice(cl.CONSULTEES, "consultee")),
    "tags": tags,
    "occurred_on": occurred_on,
    "learners_affected": count,
    "staff_affected": count,
    "posts_cut": count,
    "staff_left": count,
}


def apply(values: dict[str, Any]) -> dict[str, Any]:
    """Every field rule, then the checklist as a whole, on an entry's values (as the schema
    types them): the values as stored, or ValueError with every problem, one per line."""
    out = dict(values)
    problems = []
    for name, rule in FIELD_RULES.items():
        try:
            out[name] = rule(out[name])
        except ValueError as e:
            problems.append(f"{name}: {e}")
    if not problems:
        problems = checklist_problems(out)
    if problems:
        raise ValueError("\n".join(problems))
    return out


def checklist_problems(values: dict[str, Any]) -> list[str]:
    """Whether the entry fits the checklist as a whole: "OPTION: message" per problem."""
    problems: list[str] = []
    entry_section = values["section"]
    questions = values["questions"]
    own = [q.id for q in cl.sections_by_id()[entry_section].questions]
    for q in questions:
        if q not in own:
            where = cl.questions_by_id().get(q)
            if where:
                problems.append(
                    f"--question: question {q} belongs to section {where[0].id}, not {entry_section}"
                )
    if values.get("strategies") and "2.1" not in questions:
        problems.append(
            "--strategy: strategies go with question 2.1; add --question 2.1 or drop --strategy"
        )
    for f in cl.EXTRA_FIELDS:
        if values.get(f.id) not in (None, []) and f.question not in questions:
            problems.append(
                f"{f.option}: goes with question {f.question}; add --question {f.question}"
            )
    return problems
