"""The entry schema (pydantic v2): the fields and their types. Every value is checked by the
rules in `svtool.rules` (the one place limits and checklist ids are enforced), which the schema
applies field by field and then to the entry as a whole.

Field names are the stable JSON contract head office aggregates on; never rename one.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from svtool import checklist as cl
from svtool.errors import BadInput, Problem
from svtool.rules import FIELD_RULES, checklist_problems

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


def _rule(name: str) -> AfterValidator:
    """The field's rule from `svtool.rules`, applied once pydantic has the value's type."""
    return AfterValidator(FIELD_RULES[name])


class Entry(BaseModel):
    """One piece of evidence, as stored, exported and imported."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, _rule("id")]
    revision: Annotated[int, _rule("revision")] = 1
    authority_code: Annotated[str, _rule("authority_code")]
    authority_name: Annotated[str, _rule("authority_name")]
    programme: Annotated[str, _rule("programme")]
    section: Annotated[str, _rule("section")]
    questions: Annotated[list[str], _rule("questions")]
    strategies: Annotated[list[str], _rule("strategies")] = Field(default_factory=list)
    summary: Annotated[str, _rule("summary")]
    details: Annotated[str, _rule("details")] = ""
    occurred_on: Annotated[date, _rule("occurred_on")]
    setting: Annotated[str, _rule("setting")]
    source: Annotated[str, _rule("source")]
    learners_affected: Annotated[int | None, _rule("learners_affected")] = None
    staff_affected: Annotated[int | None, _rule("staff_affected")] = None
    impacts: Annotated[list[str], _rule("impacts")] = Field(default_factory=list)
    tags: Annotated[list[str], _rule("tags")] = Field(default_factory=list)
    logged_at: Annotated[str, _rule("logged_at")]
    # Section-specific facts the briefing asks for (see checklist.EXTRA_FIELDS).
    timescale_extended: bool | None = None
    stricter_targets: bool | None = None
    posts_cut: Annotated[int | None, _rule("posts_cut")] = None
    roles_cut: Annotated[list[str], _rule("roles_cut")] = Field(default_factory=list)
    staff_left: Annotated[int | None, _rule("staff_left")] = None
    consulted: Annotated[list[str], _rule("consulted")] = Field(default_factory=list)
    # Follow-up (what the rep did about it) and when this revision was made.
    status: Annotated[str, _rule("status")] = "not-raised"
    outcome: Annotated[str, _rule("outcome")] = ""
    revised_at: Annotated[str | None, _rule("revised_at")] = None

    @model_validator(mode="after")
    def _fits_checklist(self) -> Entry:
        problems = checklist_problems(self.__dict__)
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
