"""The briefing's checklist: the one source of truth for sections, questions, strategies and choices.

Ids here are a contract: head office aggregates on them, so an id never changes meaning once
released. Add new ids; never rename or reuse one. Wording is the briefing's own
(``shared/briefing.txt``), because it is the wording reps know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

CHECKLIST_VERSION = 1


@dataclass(frozen=True)
class Choice:
    """One value of an enumeration: a stable id and the words shown to people."""

    id: str
    text: str
    group: str = ""
    short: str = ""  # a few words for switches and table headings, where the text is long


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    strategies: tuple[Choice, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    short_title: str
    words: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ExtraField:
    """A fact the briefing asks for under one question, stored beside the entry's common fields."""

    id: str
    question: str
    kind: str  # "yes-no", "count" or "choices"
    prompt: str
    option: str
    label: str
    choices: tuple[Choice, ...] = field(default=())


STRATEGIES: tuple[Choice, ...] = (
    Choice(
        "refusing-assessments",
        "systematically refusing initial applications for assessment of need",
        short="Refusing assessments",
    ),
    Choice(
        "extra-evidence",
        "requiring schools to provide additional evidence or jump bureaucratic and burdensome "
        "hurdles in order to access assessments or support",
        short="Extra evidence or hurdles",
    ),
    Choice(
        "hours-cap",
        "imposing a cap on the number of hours of specialist support that a school can access, "
        "irrespective of the number of children who need support and the level of support needed",
        short="Cap on support hours",
    ),
    Choice(
        "delays",
        "substantial delays in accessing support and provision even when it has been agreed",
        short="Delays in support",
    ),
    Choice(
        "place-limits",
        "reducing or limiting the number of places the authority funds in a resource centre or "
        "specialist provision even when demand has been identified",
        short="Limits on specialist places",
    ),
    Choice("other", "another way of limiting or controlling access", short="Other ways"),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "1",
        "Problems arising from the Safety Valve or Delivering Better Value Programme plan, related "
        "targets and the monitoring of progress towards targets",
        "The plan, its targets and monitoring",
        ("plan", "targets", "target", "monitoring", "budget", "budgets"),
        (
            Question(
                "1.1",
                "Does the plan take account of the pressures on schools, settings and services in "
                "relation to support for SEND?",
            ),
            Question(
                "1.2",
                "Have the views and needs of staff working in schools and settings been sought?",
            ),
            Question(
                "1.3",
                "Does the plan include targets to cut or ration access to assessments and/or "
                "specialist services and support?",
            ),
            Question(
                "1.4",
                "Does the plan include realistic steps to build capacity in and support to enable "
                "mainstream schools and settings so that they can meet the needs of more learners "
                "with SEND?",
            ),
            Question(
                "1.5",
                "Does the plan set realistic budgets for providing particular types of provision and "
                "levels of support? Or are budgets designed to limit the amount of money that is spent?",
            ),
            Question(
                "1.6",
                "If the budget is unrealistic, how is this impacting on class teachers, SENCOs, "
                "leaders, schools, settings and services?",
            ),
            Question(
                "1.7",
                "Is external, e.g. DfE, monitoring of progress towards implementing the plan "
                "impacting on decisions about provision and support?",
            ),
            Question(
                "1.7.1", "Has the DfE extended the timescale for achieving the plan?", parent="1.7"
            ),
            Question(
                "1.7.2",
                "Is the authority being forced to set stricter targets which rationalise or cut "
                "provision and support?",
                parent="1.7",
            ),
        ),
    ),
    Section(
        "2",
        "Evidence about difficulties securing provision and support for learners with SEND and the "
        "consequences of this for those learners",
        "Securing provision and support",
        ("access", "provision", "support", "assessment", "assessments", "strategies", "refusal"),
        (
            Question(
                "2.1",
                "Does the authority use particular strategies to try to limit or control access to "
                "assessments, provision and support?",
                strategies=STRATEGIES,
            ),
            Question("2.2", "What happens to learners who do not get the support that they need?"),
        ),
    ),
    Section(
        "3",
        "Evidence about the pressures faced by staff in schools and settings when provision and "
        "support is not available or there are delays in accessing support and provision",
        "Pressures on staff",
        ("staff", "pressure", "pressures", "workload", "wellbeing"),
        (
            Question(
                "3.1",
                "How do schools and settings manage situations where a learner does not get the "
                "support that they need?",
            ),
            Question(
                "3.2",
                "How does this impact on teaching and learning, including on the child and other learners?",
            ),
            Question(
                "3.3", "How does this impact on teachers’ and leaders’ workload and wellbeing?"
            ),
            Question(
                "3.4",
                "What are the long-term consequences of these pressures on teachers, SENCOs and "
                "school leaders?",
            ),
        ),
    ),
    Section(
        "4",
        "Evidence about the wider pressures on schools and settings and the impact on their ability "
        "to meet the needs of learners who have SEND",
        "Wider pressures on schools",
        ("wider", "staffing", "cuts", "posts", "recruitment", "retention"),
        (
            Question(
                "4.1",
                "Have schools and/or settings made staffing cuts, including cuts to posts that "
                "provide specialist support?",
            ),
            Question("4.2", "Have staff left because they can earn more elsewhere?"),
        ),
    ),
    Section(
        "5",
        "Evidence that health and care services are not contributing to support for children and "
        "young people who have SEND and who require support from health and social care services",
        "Health and care services",
        ("health", "care", "nhs", "icb", "therapy"),
        (
            Question(
                "5.1",
                "Does the health service work cooperatively with the local authority to commission, "
                "and critically fund, specialist health-related provision?",
            ),
        ),
    ),
    Section(
        "6",
        "Intelligence that an authority is in negotiations with the DfE about participating in the "
        "Safety Valve Programme",
        "Safety Valve negotiations",
        (
            "intelligence",
            "negotiations",
            "negotiation",
            "consultation",
            "consulting",
            "safety-valve",
        ),
        (
            Question(
                "6.1",
                "Is the authority consulting about proposals to include in its Safety Valve plan?",
            ),
            Question("6.2", "Who is being consulted?"),
            Question(
                "6.3",
                "Is the authority under pressure to make budget cuts even when it is apparent that "
                "the plans will mean that needs cannot be met?",
            ),
            Question(
                "6.4",
                "Is the authority under pressure to set targets to reduce support and provision even "
                "when greater levels of need and support have been identified?",
            ),
        ),
    ),
    Section(
        "other",
        "Other issues that you or NASUWT members consider important",
        "Something else",
        ("other", "else", "something-else"),
        (
            Question(
                "other",
                "Other things that you or NASUWT members consider important (the briefing's list is "
                "not exhaustive)",
            ),
        ),
    ),
)

SETTINGS: tuple[Choice, ...] = (
    Choice("mainstream-primary", "Mainstream primary school"),
    Choice("mainstream-secondary", "Mainstream secondary school"),
    Choice("all-through", "All-through school"),
    Choice("special-school", "Special school"),
    Choice("resourced-provision", "Resourced provision or SEN unit"),
    Choice("alternative-provision", "Alternative provision or pupil referral unit"),
    Choice("early-years", "Early years setting"),
    Choice("post-16", "Post-16 setting or college"),
    Choice("la-service", "Local authority service"),
    Choice("other", "Other setting"),
)

SOURCES: tuple[Choice, ...] = (
    Choice("first-hand", "First-hand: I saw or experienced it"),
    Choice("member-report", "Reported to me by a member"),
    Choice("la-document", "A local authority document (plan, policy, report)"),
    Choice("meeting", "Said at a meeting (e.g. Schools Forum)"),
    Choice("foi", "A freedom of information response"),
    Choice("la-communication", "A letter, email or other message from the authority"),
    Choice("media", "News or media report"),
    Choice("other", "Other source"),
)

IMPACTS: tuple[Choice, ...] = (
    Choice("workload", "Workload of staff", "staff"),
    Choice("wellbeing", "Wellbeing of staff", "staff"),
    Choice("staff-turnover", "Staff leaving or hard to recruit", "staff"),
    Choice("teaching-and-learning", "Teaching and learning", "learners"),
    Choice("other-learners", "Other learners in the class", "learners"),
    Choice("behaviour", "Behaviour", "learners"),
    Choice("exclusion", "Exclusion or part-time timetables", "learners"),
    Choice("attendance", "Attendance", "learners"),
    Choice("safety", "Safety of learners or staff", "learners"),
    Choice("other", "Other impact", "other"),
)

ROLES: tuple[Choice, ...] = (
    Choice("teacher", "Teacher"),
    Choice("teaching-assistant", "Teaching assistant or learning support assistant"),
    Choice("senco", "SENCO"),
    Choice("specialist-teacher", "Specialist teacher or advisory teacher"),
    Choice("therapist", "Therapist (speech and language, occupational, physio)"),
    Choice("educational-psychologist", "Educational psychologist"),
    Choice("pastoral", "Pastoral or mental health support"),
    Choice("leader", "School leader"),
    Choice("other", "Other role"),
)

CONSULTEES: tuple[Choice, ...] = (
    Choice("schools-forum", "Schools Forum"),
    Choice("headteachers", "Headteachers or headteacher networks"),
    Choice("sencos", "SENCOs or SENCO networks"),
    Choice("governors", "Governors"),
    Choice("trade-unions", "Trade unions"),
    Choice("parents-carers", "Parents and carers (e.g. parent carer forum)"),
    Choice("health", "Health services"),
    Choice("nobody", "Nobody, as far as I know"),
    Choice("other", "Others"),
)

EXTRA_FIELDS: tuple[ExtraField, ...] = (
    ExtraField(
        "timescale_extended",
        "1.7.1",
        "yes-no",
        "Has the DfE extended the timescale?",
        "--timescale-extended",
        "DfE extended the timescale",
    ),
    ExtraField(
        "stricter_targets",
        "1.7.2",
        "yes-no",
        "Is the authority being forced to set stricter targets?",
        "--stricter-targets",
        "Forced to set stricter targets",
    ),
    ExtraField("posts_cut", "4.1", "count", "How many posts were cut?", "--posts-cut", "Posts cut"),
    ExtraField(
        "roles_cut", "4.1", "choices", "Which roles were cut?", "--role-cut", "Roles cut", ROLES
    ),
    ExtraField(
        "staff_left",
        "4.2",
        "count",
        "How many staff left to earn more elsewhere?",
        "--staff-left",
        "Staff who left to earn more",
    ),
    ExtraField(
        "consulted",
        "6.2",
        "choices",
        "Who is being consulted?",
        "--consulted",
        "Consulted",
        CONSULTEES,
    ),
)

FOLLOW_UP_STATUSES: tuple[Choice, ...] = (
    Choice("not-raised", "Not raised yet"),
    Choice("raised-with-school", "Raised with the school"),
    Choice("raised-with-la", "Raised with the local authority"),
    Choice("escalated", "Escalated"),
    Choice("resolved", "Resolved"),
)


@cache
def sections_by_id() -> dict[str, Section]:
    return {s.id: s for s in SECTIONS}


@cache
def questions_by_id() -> dict[str, tuple[Section, Question]]:
    return {q.id: (s, q) for s in SECTIONS for q in s.questions}


@cache
def section_words() -> dict[str, str]:
    """Every word a rep may type for a section, mapped to its id."""
    words: dict[str, str] = {}
    for s in SECTIONS:
        words[s.id] = s.id
        for w in s.words:
            words[w] = s.id
    return words


def choice_ids(choices: tuple[Choice, ...]) -> list[str]:
    return [c.id for c in choices]


def choice_text(choices: tuple[Choice, ...], choice_id: str) -> str:
    for c in choices:
        if c.id == choice_id:
            return c.text
    return choice_id


def extra_fields_for(question_ids: list[str] | tuple[str, ...]) -> list[ExtraField]:
    return [f for f in EXTRA_FIELDS if f.question in question_ids]


def as_json() -> dict[str, Any]:
    """The checklist as published to other tools (`svtool checklist --json`)."""
    return {
        "checklist_version": CHECKLIST_VERSION,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "short_title": s.short_title,
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text,
                        **({"parent": q.parent} if q.parent else {}),
                        **(
                            {"strategies": [{"id": c.id, "text": c.text} for c in q.strategies]}
                            if q.strategies
                            else {}
                        ),
                        **(
                            {
                                "fields": [
                                    {
                                        "id": f.id,
                                        "kind": f.kind,
                                        "text": f.prompt,
                                        **(
                                            {
                                                "choices": [
                                                    {"id": c.id, "text": c.text} for c in f.choices
                                                ]
                                            }
                                            if f.choices
                                            else {}
                                        ),
                                    }
                                    for f in extra_fields_for([q.id])
                                ]
                            }
                            if extra_fields_for([q.id])
                            else {}
                        ),
                    }
                    for q in s.questions
                ],
            }
            for s in SECTIONS
        ],
        "settings": [{"id": c.id, "text": c.text} for c in SETTINGS],
        "sources": [{"id": c.id, "text": c.text} for c in SOURCES],
        "impacts": [{"id": c.id, "text": c.text, "on": c.group} for c in IMPACTS],
        "follow_up_statuses": [{"id": c.id, "text": c.text} for c in FOLLOW_UP_STATUSES],
    }
