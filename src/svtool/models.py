"""The entry schema (pydantic v2), derived from the checklist: the one place where evidence is validated.

Field names are the stable JSON contract head office aggregates on; never rename one.
"""

from __future__ import annotations

import difflib
import re
import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from svtool import checklist as cl
from svtool.dates import SEND_REFORMS_BEGAN
from svtool.errors import BadInput, Problem

SUMMARY_MAX = 200
DETAILS_MAX = 20_000
COUNT_MAX = 10_000_000
TAG_MAX = 50

# Which command-line option sets each field, so that every problem names what the rep typed.
FIELD_OPTIONS: dict[str, str] = {
    "id": "id",
    "authority_code": "--authority",
    "authority_name": "--authority",
    "programme": "--authority",
    "section": "--section",
    "questions": "--question",
    "strategies": "--strategy",
    "summary": "--summary",
    "details": "--details",
    "occurred_on": "--date",
    "setting": "--setting",
    "source": "--source",
    "learners_affected": "--learners",
    "staff_affected": "--staff",
    "impacts": "--impact",
    "tags": "--tag",
    "status": "--status",
    "outcome": "--outcome",
    **{f.id: f.option for f in cl.EXTRA_FIELDS},
}

# Control characters other than tab, newline and carriage return cannot be shown or exported safely.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udfff]")


def normalise_id(value: str) -> str:
    """Ids as people type them: any case, spaces or underscores for hyphens ("LA service")."""
    return re.sub(r"[\s_]+", "-", value.strip().casefold())


def _one_of(value: str, allowed: list[str], what: str, texts: dict[str, str] | None = None) -> str:
    if value in allowed:
        return value
    if normalise_id(value) in allowed:
        return normalise_id(value)
    close = difflib.get_close_matches(normalise_id(value), allowed, n=2, cutoff=0.5)
    if not close and texts:  # "letter" → la-communication, by the words shown to people
        word = value.strip().casefold()
        close = [i for i, text in texts.items() if word and word in text.casefold()][:2]
    hint = f"did you mean {' or '.join(close)}?" if close else f"use one of: {', '.join(allowed)}"
    article = "an" if what[:1] in "aeiou" else "a"
    raise ValueError(f"{value!r} is not {article} {what}; {hint}")


def _texts(choices: tuple[cl.Choice, ...]) -> dict[str, str]:
    return {c.id: c.text for c in choices}


def _clean_text(value: str, *, multiline: bool) -> str:
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


class Entry(BaseModel):
    """One piece of evidence, as stored, exported and imported."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    revision: int = Field(default=1, ge=1)
    authority_code: str
    authority_name: str
    programme: Literal["safety_valve", "dbv", "none"]
    section: str
    questions: list[str] = Field(min_length=1)
    strategies: list[str] = Field(default_factory=list)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX)
    details: str = Field(default="", max_length=DETAILS_MAX)
    occurred_on: date
    setting: str
    source: str
    learners_affected: int | None = Field(default=None, ge=0, le=COUNT_MAX)
    staff_affected: int | None = Field(default=None, ge=0, le=COUNT_MAX)
    impacts: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    logged_at: str
    # Section-specific facts the briefing asks for (see checklist.EXTRA_FIELDS).
    timescale_extended: bool | None = None
    stricter_targets: bool | None = None
    posts_cut: int | None = Field(default=None, ge=0, le=COUNT_MAX)
    roles_cut: list[str] = Field(default_factory=list)
    staff_left: int | None = Field(default=None, ge=0, le=COUNT_MAX)
    consulted: list[str] = Field(default_factory=list)
    # Follow-up (what the rep did about it) and when this revision was made.
    status: str = "not-raised"
    outcome: str = Field(default="", max_length=DETAILS_MAX)
    revised_at: str | None = None

    @field_validator("id")
    @classmethod
    def _uuid(cls, v: str) -> str:
        try:
            return str(uuid.UUID(v))
        except (ValueError, AttributeError, TypeError):
            raise ValueError(f"{v!r} is not a UUID") from None

    @field_validator("authority_code")
    @classmethod
    def _la_code(cls, v: str) -> str:
        if not re.fullmatch(r"\d{3}", v):
            raise ValueError(f"{v!r} is not a 3-digit DfE code")
        return v

    @field_validator("section")
    @classmethod
    def _section(cls, v: str) -> str:
        return _one_of(v, list(cl.sections_by_id()), "checklist section")

    @field_validator("summary")
    @classmethod
    def _summary(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("is empty; please write one line saying what happened")
        return _clean_text(v, multiline=False)

    @field_validator("details")
    @classmethod
    def _details(cls, v: str) -> str:
        return _clean_text(v, multiline=True)

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        return _one_of(
            v,
            cl.choice_ids(cl.FOLLOW_UP_STATUSES),
            "follow-up status",
            _texts(cl.FOLLOW_UP_STATUSES),
        )

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, v: str) -> str:
        return _clean_text(v, multiline=True)

    @field_validator("setting")
    @classmethod
    def _setting(cls, v: str) -> str:
        return _one_of(v, cl.choice_ids(cl.SETTINGS), "setting", _texts(cl.SETTINGS))

    @field_validator("source")
    @classmethod
    def _source(cls, v: str) -> str:
        return _one_of(v, cl.choice_ids(cl.SOURCES), "source", _texts(cl.SOURCES))

    @field_validator("questions")
    @classmethod
    def _questions(cls, v: list[str]) -> list[str]:
        return _dedupe([_one_of(q, list(cl.questions_by_id()), "checklist question") for q in v])

    @field_validator("strategies")
    @classmethod
    def _strategies(cls, v: list[str]) -> list[str]:
        return _dedupe(
            [_one_of(s, cl.choice_ids(cl.STRATEGIES), "strategy", _texts(cl.STRATEGIES)) for s in v]
        )

    @field_validator("impacts")
    @classmethod
    def _impacts(cls, v: list[str]) -> list[str]:
        return _dedupe(
            [_one_of(i, cl.choice_ids(cl.IMPACTS), "impact", _texts(cl.IMPACTS)) for i in v]
        )

    @field_validator("roles_cut")
    @classmethod
    def _roles(cls, v: list[str]) -> list[str]:
        return _dedupe([_one_of(i, cl.choice_ids(cl.ROLES), "role", _texts(cl.ROLES)) for i in v])

    @field_validator("consulted")
    @classmethod
    def _consulted(cls, v: list[str]) -> list[str]:
        return _dedupe(
            [
                _one_of(i, cl.choice_ids(cl.CONSULTEES), "consultee", _texts(cl.CONSULTEES))
                for i in v
            ]
        )

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        for t in v:
            if not t.strip():
                raise ValueError("a tag is empty")
            if len(t) > TAG_MAX:
                raise ValueError(f"a tag is {len(t)} characters; keep tags under {TAG_MAX}")
            _clean_text(t, multiline=False)
        return _dedupe(v)

    @field_validator("occurred_on")
    @classmethod
    def _occurred_on(cls, v: date) -> date:
        if v > date.today():
            raise ValueError(f"{v.isoformat()} is in the future; give the date it happened")
        if v < SEND_REFORMS_BEGAN:
            raise ValueError(
                f"{v.isoformat()} is before the SEND reforms began on {SEND_REFORMS_BEGAN.isoformat()}"
            )
        return v

    @model_validator(mode="after")
    def _fits_checklist(self) -> Entry:
        problems: list[str] = []
        section = cl.sections_by_id()[self.section]
        own = [q.id for q in section.questions]
        for q in self.questions:
            if q not in own:
                where = cl.questions_by_id().get(q)
                if where:
                    problems.append(
                        f"--question: question {q} belongs to section {where[0].id}, not {self.section}"
                    )
        if self.strategies and "2.1" not in self.questions:
            problems.append(
                "--strategy: strategies go with question 2.1; add --question 2.1 or drop --strategy"
            )
        for f in cl.EXTRA_FIELDS:
            value = getattr(self, f.id)
            if value not in (None, []) and f.question not in self.questions:
                problems.append(
                    f"{f.option}: goes with question {f.question}; add --question {f.question}"
                )
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def validation_problems(error: ValidationError) -> list[Problem]:
    """One line per problem, naming the option the rep used."""
    problems: list[Problem] = []
    for err in error.errors():
        loc = [str(p) for p in err.get("loc", ())]
        field = loc[0] if loc else ""
        option = FIELD_OPTIONS.get(field, field or "entry")
        message = err.get("msg", "is not valid")
        message = message.removeprefix("Value error, ")
        if err.get("type") == "missing":
            message = "is required"
        elif err.get("type") == "string_too_long":
            limit = (err.get("ctx") or {}).get("max_length")
            message = f"is too long ({len(err.get('input', ''))} characters; at most {limit})"
        elif err.get("type") in ("too_short", "string_too_short"):
            message = "is required; give at least one" if option != "--summary" else "is empty"
        if not loc:  # a model-level check: one "OPTION: message" per line
            for line in message.split("\n"):
                option, _, text = line.partition(": ")
                problems.append(Problem(option, text))
            continue
        problems.append(Problem(option, message))
    return problems


def validate_entry(data: dict[str, Any]) -> Entry:
    """Build an Entry or raise BadInput with every problem found."""
    try:
        return Entry.model_validate(data)
    except ValidationError as e:
        raise BadInput(validation_problems(e)) from None
