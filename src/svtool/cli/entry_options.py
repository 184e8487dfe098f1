"""The options `svtool log` and `svtool edit` share, declared once (typed, for Typer and mypy) so
the two commands never drift apart, and how what they were given becomes a draft entry."""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer

from svtool import rules
from svtool.cli import complete
from svtool.evidence import Draft, split_values

_MANY = "Repeat the option, or separate values with commas."

AuthorityOption = Annotated[
    str | None,
    typer.Option(
        "--authority",
        "-a",
        help="Local authority: name or DfE code.",
        autocompletion=complete.authorities,
    ),
]
SectionOption = Annotated[
    str | None,
    typer.Option(
        "--section",
        "-s",
        help="Checklist section: 1-6 or other, or a word such as access, staff, health.",
        autocompletion=complete.sections,
    ),
]
QuestionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--question",
        "-q",
        help=f"Question id, e.g. 2.1. {_MANY}",
        autocompletion=complete.questions,
    ),
]
StrategyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--strategy",
        help=f"For 2.1: how access is limited, e.g. hours-cap. {_MANY}",
        autocompletion=complete.strategies,
    ),
]
SummaryOption = Annotated[
    str | None,
    typer.Option("--summary", help=f"One line, up to {rules.SUMMARY_MAX} characters."),
]
DetailsOption = Annotated[
    str | None,
    typer.Option("--details", help="The full account; '-' reads standard input."),
]
DetailsFileOption = Annotated[
    Path | None,
    typer.Option("--details-file", help="Read the details from a text file."),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="When it happened, e.g. 3 Nov 2025, 03/11/2025 (day first), 2025-11-03, today.",
    ),
]
SettingOption = Annotated[
    str | None,
    typer.Option(
        "--setting",
        help="Where: e.g. mainstream-primary, special-school.",
        autocompletion=complete.settings,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="How you know: e.g. first-hand, la-document, foi.",
        autocompletion=complete.sources,
    ),
]
LearnersOption = Annotated[
    str | None,
    typer.Option("--learners", help="How many learners were affected."),
]
StaffOption = Annotated[
    str | None,
    typer.Option("--staff", help="How many staff were affected."),
]
ImpactOption = Annotated[
    list[str] | None,
    typer.Option(
        "--impact", help=f"e.g. workload, wellbeing. {_MANY}", autocompletion=complete.impacts
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", help=f"Your own labels. {_MANY}"),
]
TimescaleExtendedOption = Annotated[
    str | None,
    typer.Option(
        "--timescale-extended", help="For 1.7.1: has the DfE extended the timescale? yes or no."
    ),
]
StricterTargetsOption = Annotated[
    str | None,
    typer.Option(
        "--stricter-targets", help="For 1.7.2: forced to set stricter targets? yes or no."
    ),
]
PostsCutOption = Annotated[
    str | None,
    typer.Option("--posts-cut", help="For 4.1: how many posts were cut."),
]
RoleCutOption = Annotated[
    list[str] | None,
    typer.Option(
        "--role-cut",
        help=f"For 4.1: which roles were cut, e.g. teaching-assistant. {_MANY}",
        autocompletion=complete.roles,
    ),
]
StaffLeftOption = Annotated[
    str | None,
    typer.Option("--staff-left", help="For 4.2: how many staff left."),
]
ConsultedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--consulted",
        help=f"For 6.2: who is consulted, e.g. schools-forum. {_MANY}",
        autocompletion=complete.consultees,
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="Follow-up: not-raised, raised-with-school, raised-with-la, escalated or resolved.",
        autocompletion=complete.statuses,
    ),
]
OutcomeOption = Annotated[
    str | None,
    typer.Option("--outcome", help="What came of raising it."),
]
AttachOption = Annotated[
    list[Path] | None,
    typer.Option("--attach", help="Attach a document (the plan, minutes, a letter); repeatable."),
]
RedactOption = Annotated[
    bool,
    typer.Option(
        "--redact", help="Replace anything that looks like personal data with a placeholder."
    ),
]
YesOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        help="When svtool asks for missing answers, save without the final 'Save it?' "
        "(given every option, log saves straight away).",
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print the stored entry as JSON."),
]


@dataclass
class EntryOptions:
    """What `log` or `edit` was given on the command line, by option."""

    authority: str | None = None
    section: str | None = None
    question: list[str] | None = None
    strategy: list[str] | None = None
    summary: str | None = None
    details: str | None = None
    details_file: Path | None = None
    date: str | None = None
    setting: str | None = None
    source: str | None = None
    learners: str | None = None
    staff: str | None = None
    impact: list[str] | None = None
    tag: list[str] | None = None
    timescale_extended: str | None = None
    stricter_targets: str | None = None
    posts_cut: str | None = None
    role_cut: list[str] | None = None
    staff_left: str | None = None
    consulted: list[str] | None = None
    status: str | None = None
    outcome: str | None = None
    attach: list[Path] | None = None
    redact: bool = False
    yes: bool = False
    json_: bool = False

    def given(self) -> dict[str, Any]:
        """The options given a value (flags that only steer the command left out)."""
        steering = ("redact", "yes", "json_")
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in steering and getattr(self, f.name) not in (None, [], False)
        }


def _read_details(details: str | None, details_file: Path | None) -> str | None:
    from svtool.errors import BadInput, Problem

    if details is not None and details_file is not None:
        raise BadInput(Problem("--details", "give either --details or --details-file, not both"))
    if details == "-":
        return sys.stdin.read()
    if details_file is not None:
        try:
            return details_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BadInput(Problem("--details-file", f"{details_file} does not exist")) from None
        except UnicodeDecodeError:
            raise BadInput(Problem("--details-file", f"{details_file} is not UTF-8 text")) from None
        except OSError as e:
            raise BadInput(
                Problem("--details-file", f"cannot read {details_file}: {e.strerror}")
            ) from None
    return details


def draft_from_options(options: EntryOptions) -> Draft:
    """Options as typed, in the shape evidence.build_entry checks."""
    return Draft(
        authority=options.authority,
        section=options.section,
        questions=split_values(options.question),
        strategies=split_values(options.strategy),
        summary=options.summary,
        details=_read_details(options.details, options.details_file),
        date=options.date,
        setting=options.setting,
        source=options.source,
        learners=options.learners,
        staff=options.staff,
        impacts=split_values(options.impact),
        tags=split_values(options.tag),
        timescale_extended=options.timescale_extended,
        stricter_targets=options.stricter_targets,
        posts_cut=options.posts_cut,
        roles_cut=split_values(options.role_cut),
        staff_left=options.staff_left,
        consulted=split_values(options.consulted),
        status=options.status,
        outcome=options.outcome,
    )
