"""What the brief calls each kind of evidence, in plain words, and what to ask the authority about it.

A practice is a question 2.1 strategy (caps on hours, delays...) or any other checklist question.
Ids are the checklist's (svtool.checklist stays the one source of the briefing's questions and
their wording); this module only adds the words a Schools Forum member reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from svtool import checklist as cl

STRATEGY_QUESTION = "2.1"


@dataclass(frozen=True)
class Practice:
    id: str  # a checklist question id, or a question 2.1 strategy id
    label: str  # plain words, as a heading
    ask: str  # the question to put to the authority when the evidence shows this


_P = Practice
PRACTICES: dict[str, Practice] = {
    p.id: p
    for p in (
        _P(
            "1.1",
            "A plan that leaves out the pressures on schools",
            "How does the plan take account of the pressures on schools, settings and services "
            "in supporting children with SEND?",
        ),
        _P(
            "1.2",
            "Staff views not sought",
            "How have the views of staff in schools and settings been sought, and what changed "
            "as a result?",
        ),
        _P(
            "1.3",
            "Targets to cut or ration assessments and support",
            "Does the plan set targets to reduce assessments, EHC plans or specialist support, and "
            "how is each child still considered on the legal test?",
        ),
        _P(
            "1.4",
            "Too little help for mainstream schools to meet more needs",
            "What practical steps and funding will help mainstream schools meet the needs of more "
            "children with SEND?",
        ),
        _P(
            "1.5",
            "Budgets set to limit spending",
            "How were the budgets for each kind of provision set, and do they reflect the support "
            "children need?",
        ),
        _P(
            "1.6",
            "The effect of an unrealistic budget",
            "What does the authority know about the effect of the budget on teachers, SENCOs, "
            "schools and services?",
        ),
        _P(
            "1.7",
            "DfE monitoring driving decisions about support",
            "How is DfE monitoring of the plan affecting decisions about provision and support?",
        ),
        _P(
            "1.7.1",
            "The DfE extending the plan's timescale",
            "Has the DfE extended the timescale for the plan, and what does that mean for schools?",
        ),
        _P(
            "1.7.2",
            "Pressure to set stricter targets",
            "Is the authority being asked to set stricter targets, and what would they mean for "
            "provision and support?",
        ),
        _P(
            "refusing-assessments",
            "Requests for EHC needs assessments refused",
            "How many requests for an EHC needs assessment were refused in the last year, how many "
            "came from schools, and how many were agreed later or on appeal?",
        ),
        _P(
            "extra-evidence",
            "Extra evidence and hurdles before assessment or support",
            "What evidence does the authority ask for before it will assess or give support, and "
            "how does it make sure local criteria are used only as guidelines?",
        ),
        _P(
            "hours-cap",
            "Caps on hours of specialist support",
            "Is there a limit on the hours of specialist support a school can have, and how does it "
            "fit with the provision set out in children's EHC plans?",
        ),
        _P(
            "delays",
            "Long delays in support that has been agreed",
            "How long are children waiting for support that has been agreed, and what is being done "
            "to close the gap?",
        ),
        _P(
            "place-limits",
            "Too few specialist and resourced places",
            "How many specialist and resourced places are needed, how many are funded, and what is "
            "the plan for the difference?",
        ),
        _P(
            "other",
            "Other ways of limiting access to support",
            "How does the authority decide who gets an assessment, provision and support?",
        ),
        _P(
            STRATEGY_QUESTION,
            "Limits on access to assessments and support",
            "How does the authority decide who gets an assessment, provision and support?",
        ),
        _P(
            "2.2",
            "Children left without the support they need",
            "What happens to children who do not get the support they need, and who is responsible "
            "for them meanwhile?",
        ),
        _P(
            "3.1",
            "Schools left to cope with unmet needs",
            "What help can schools get when a child's support is unavailable or delayed?",
        ),
        _P(
            "3.2",
            "Teaching and learning affected",
            "How is the authority monitoring the effect on teaching and learning, for the child and "
            "for other children?",
        ),
        _P(
            "3.3",
            "Staff workload and wellbeing",
            "What is the authority doing about the effect on teachers' and leaders' workload and "
            "wellbeing?",
        ),
        _P(
            "3.4",
            "Long-term strain on teachers, SENCOs and leaders",
            "How will the authority keep experienced teachers, SENCOs and leaders under this "
            "pressure?",
        ),
        _P(
            "4.1",
            "Staffing cuts, including specialist posts",
            "Which specialist posts have been cut in schools and in the authority's services, and "
            "how will the support they gave be provided?",
        ),
        _P(
            "4.2",
            "Staff leaving for better pay",
            "What is the authority doing to recruit and keep specialist staff?",
        ),
        _P(
            "5.1",
            "Health services not playing their part",
            "How do the authority and the NHS jointly commission and fund specialist health "
            "provision, such as speech and language therapy?",
        ),
        _P(
            "6.1",
            "Consultation on Safety Valve proposals",
            "Is the authority consulting on Safety Valve proposals, and when can schools, staff and "
            "unions respond?",
        ),
        _P(
            "6.2",
            "Who is being consulted",
            "Who has been consulted on the proposals, and how will staff and their unions be "
            "included?",
        ),
        _P(
            "6.3",
            "Pressure to cut budgets where needs will go unmet",
            "Is the authority under pressure to cut budgets even where needs will not be met, and "
            "how will it make sure children still get what the law requires?",
        ),
        _P(
            "6.4",
            "Pressure to set targets that reduce support",
            "Is the authority under pressure to set targets to reduce support, even where more "
            "need has been identified?",
        ),
        _P("other-question", "Other concerns", ""),
    )
}
# The checklist's "other" question shares its id with the "other" strategy; the brief keys it apart.
OTHER_QUESTION = "other-question"

# Questions with no evidence yet that the authority itself can answer, most useful at a meeting
# first: the brief asks a few of them (the rest of the checklist is for reps to look for).
OPEN_QUESTIONS: tuple[str, ...] = ("1.3", "1.2", "1.1", "1.5", "5.1", "1.7.1", "1.7.2", "6.2")


def practice_ids(questions: tuple[str, ...], strategies: tuple[str, ...]) -> tuple[str, ...]:
    """The practices one entry shows: its 2.1 strategies (or 2.1 itself when it names none), and
    each other question it answers; checklist order."""
    out: list[str] = []
    for q in questions:
        if q == STRATEGY_QUESTION:
            order = {c.id: n for n, c in enumerate(cl.STRATEGIES)}
            named = sorted((s for s in strategies if s in order), key=order.__getitem__)
            out.extend(named or [STRATEGY_QUESTION])
        elif q == "other":
            out.append(OTHER_QUESTION)
        else:
            out.append(q)
    return tuple(dict.fromkeys(out))


# Kinds of setting in a sentence ("from mainstream primary schools and special schools").
SETTING_PLURALS: dict[str, str] = {
    "mainstream-primary": "mainstream primary schools",
    "mainstream-secondary": "mainstream secondary schools",
    "all-through": "all-through schools",
    "special-school": "special schools",
    "resourced-provision": "resourced provision (SEN units)",
    "alternative-provision": "alternative provision (including pupil referral units)",
    "early-years": "early years settings",
    "post-16": "colleges and other post-16 settings",
    "la-service": "the authority's own services",
    "other": "other settings",
}
