"""The steps of the walk: one for each thing it asks, each checked with the entry rules as typed.

Each answer starts from what is there (the current value, or what was typed and refused), so a
rep corrects a long summary or a misspelt authority instead of typing it again. Choosing from a
list, checking an answer as typed and the details prompt are in svtool.cli.answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svtool import checklist as cl
from svtool.cli import answers, prompts
from svtool.cli.review import review_personal_data
from svtool.console import err, join, text
from svtool.evidence import Draft, build_entry, infer_section, parse_question, split_values

if TYPE_CHECKING:
    from svtool.models import Entry


def _first_sentence(words: str) -> str:
    import re

    m = re.match(r"\s*(.+?[.!?])(?=\s|$)", words)
    return (m.group(1) if m else words).strip()


def authority_names() -> list[str]:
    """What the authority prompt completes: every authority's name."""
    from svtool.authorities import all_authorities

    return sorted({a.name for a in all_authorities()})


@dataclass
class Step:
    """One thing the walk asks: shown by `label` when the rep chooses a step to change."""

    label: str
    ask: Callable[[], None]
    value: Callable[[], object]
    applies: Callable[[], bool] = lambda: True
    optional: bool = False


@dataclass
class Walk:
    draft: Draft
    editing: bool
    redact: bool
    default_authority: str | None
    reviewed: set[str] = field(default_factory=set)  # text fields already checked for personal data
    # The new entry's id, kept when the rep goes back to change a step: the id shown at the
    # first review is the one saved.
    entry_id: str | None = None
    moved_to_details: bool = False  # a long summary went there: the rep sees it next

    # -- the steps -------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        d = self.draft
        steps = [
            Step("Local authority", self.ask_authority, lambda: d.authority),
            Step("Checklist section", self.ask_section, lambda: d.section),
            Step("Questions", self.ask_questions, lambda: d.questions),
            Step(
                "Strategies (2.1)",
                self.ask_strategies,
                lambda: d.strategies,
                applies=lambda: "2.1" in self.questions(),
            ),
        ]
        for f in cl.EXTRA_FIELDS:
            steps.append(
                Step(
                    f.label,
                    lambda f=f: self.ask_extra(f),  # type: ignore[misc]
                    lambda f=f: getattr(d, f.id),  # type: ignore[misc]
                    applies=lambda f=f: f.question in self.questions(),  # type: ignore[misc]
                    optional=True,
                )
            )
        steps += [
            Step("Summary", self.ask_summary, lambda: d.summary),
            Step(
                "Details",
                self.ask_details,
                lambda: None if self.moved_to_details else d.details,  # shown once moved
                optional=True,
            ),
            Step("Date", self.ask_date, lambda: d.date),
            Step("Setting", self.ask_setting, lambda: d.setting),
            Step("Source", self.ask_source, lambda: d.source),
            Step(
                "Learners affected",
                lambda: self.ask_count("learners"),
                lambda: d.learners,
                optional=True,
            ),
            Step("Staff affected", lambda: self.ask_count("staff"), lambda: d.staff, optional=True),
            Step("Impacts", self.ask_impacts, lambda: d.impacts, optional=True),
            Step("Tags", self.ask_tags, lambda: d.tags, optional=True),
            Step("Follow-up", self.ask_status, lambda: d.status, optional=True),
            Step(
                "Outcome",
                self.ask_outcome,
                lambda: d.outcome,
                applies=lambda: self.editing or (d.status or "not-raised") != "not-raised",
                optional=True,
            ),
        ]
        return steps

    def questions(self) -> list[str]:
        return [parse_question(q) for q in self.draft.questions]

    def ask_authority(self) -> None:
        from svtool.authorities import by_code

        current = self.draft.authority or self.default_authority
        known = by_code(current) if current else None
        self.draft.authority = known.name if known else current
        names = authority_names()

        def ask() -> None:
            self.draft.authority = prompts.ask(
                "\n[bold]Local authority[/] (name or DfE code, e.g. Kent or 886; Tab completes): ",
                self.draft.authority or "",
                kind="authority",
                completions=names,
                complete_anywhere=True,
            )

        answers.ask_until_valid(self.draft, "--authority", ask)
        from svtool.authorities import resolve

        la = resolve(self.draft.authority or "")
        since = f" since {la.programme_since}" if la.programme_since else ""
        err.print(join("  ", text(f"{la.name} ({la.la_code}): {la.programme_name}{since}")))

    def ask_section(self) -> None:
        from svtool.evidence import parse_section

        before = self.draft.section
        choices = tuple(cl.Choice(s.id, s.short_title) for s in cl.SECTIONS)
        section = answers.pick(
            "Which part of the checklist is this about?",
            choices,
            many=False,
            keys=[s.id for s in cl.SECTIONS],
            resolve=parse_section,
            current=[before] if before else None,
        )[0]
        if section != before and before is not None:
            self.draft.questions = []  # the old section's questions no longer apply
        self.draft.section = section

    def ask_questions(self) -> None:
        sec = cl.sections_by_id()[self.section()]
        if len(sec.questions) == 1:
            self.draft.questions = [sec.questions[0].id]
            return
        choices = tuple(cl.Choice(q.id, q.text) for q in sec.questions)
        self.draft.questions = answers.pick(
            f"Section {sec.id}: {sec.title}.\nWhich of its questions does this evidence answer?",
            choices,
            many=True,
            keys=[q.id for q in sec.questions],
            current=list(self.draft.questions) or None,
        )

    def section(self) -> str:
        if not self.draft.section:
            self.draft.section = infer_section(self.draft)
        assert self.draft.section is not None
        return self.draft.section

    def ask_strategies(self) -> None:
        self.draft.strategies = answers.pick(
            "Which strategies does the authority use to limit or control access?",
            cl.STRATEGIES,
            many=True,
            current=list(self.draft.strategies) or None,
        )

    def ask_extra(self, f: cl.ExtraField) -> None:
        value = getattr(self.draft, f.id)
        if f.kind == "choices":
            picked = answers.pick(
                f"{f.prompt} (optional)",
                f.choices,
                many=True,
                required=False,
                current=value if self.editing else None,
            )
            setattr(self.draft, f.id, picked)
            return
        hint = "yes or no" if f.kind == "yes-no" else "a number"

        def ask() -> None:
            answer = prompts.ask(
                f"\n{f.prompt} [dim]({hint}; Enter to skip)[/]: ",
                str(getattr(self.draft, f.id) or ""),
                kind=f.id,
            )
            setattr(self.draft, f.id, answer or None)

        answers.ask_until_valid(self.draft, f.option, ask)

    def ask_summary(self) -> None:
        from svtool.rules import SUMMARY_MAX

        err.print(
            f"\n[bold]Summary[/]: one line saying what happened (up to {SUMMARY_MAX} characters)."
        )

        def ask() -> None:
            self.draft.summary = prompts.ask(
                "  Summary: ", self.draft.summary or "", kind="summary"
            )
            if len(self.draft.summary) > SUMMARY_MAX:
                self._offer_to_move_summary(SUMMARY_MAX)

        answers.ask_until_valid(self.draft, "--summary", ask)
        self.review("summary")

    def _offer_to_move_summary(self, limit: int) -> None:
        """A long pasted note is the details, not a summary: move it there whole, then ask for a
        short summary starting from its first sentence."""
        long = self.draft.summary or ""
        if not prompts.confirm(
            f"  That is {len(long)} characters, more than a summary holds ({limit}). "
            "Put it all in the details and write a shorter summary?",
            default=True,
        ):
            return
        self.draft.details = "\n\n".join(t for t in (long, self.draft.details) if t)
        self.moved_to_details = True
        first = _first_sentence(long)
        err.print(
            "[dim]  Moved to the details (you will see it there). "
            "Now one line saying what happened:[/]"
        )
        self.draft.summary = prompts.ask(
            "  Summary: ", first if len(first) <= limit else "", kind="summary"
        )

    def ask_details(self) -> None:
        def ask() -> None:
            self.draft.details = answers.ask_details(self.draft.details)
            self.moved_to_details = False

        answers.ask_until_valid(self.draft, "--details", ask)
        self.review("details")

    def ask_date(self) -> None:
        def ask() -> None:
            self.draft.date = prompts.ask(
                "\n[bold]When did it happen?[/] (e.g. 3 Nov 2025, 03/11/2025, today, yesterday): ",
                self.draft.date or "today",
                kind="date",
            )

        answers.ask_until_valid(self.draft, "--date", ask)

    def ask_setting(self) -> None:
        current = [self.draft.setting] if self.draft.setting else None
        self.draft.setting = answers.pick(
            "What kind of setting?", cl.SETTINGS, many=False, current=current
        )[0]

    def ask_source(self) -> None:
        current = [self.draft.source] if self.draft.source else None
        self.draft.source = answers.pick(
            "How do you know?", cl.SOURCES, many=False, current=current
        )[0]

    def ask_count(self, attr: str) -> None:
        option, label = {
            "learners": ("--learners", "How many learners were affected?"),
            "staff": ("--staff", "How many staff were affected?"),
        }[attr]

        def ask() -> None:
            answer = prompts.ask(
                f"\n{label} [dim](a number; Enter if not known)[/]: ",
                getattr(self.draft, attr) or "",
                kind=attr,
            )
            setattr(self.draft, attr, answer or None)

        answers.ask_until_valid(self.draft, option, ask)

    def ask_impacts(self) -> None:
        self.draft.impacts = answers.pick(
            "What impacts did it have? (optional)",
            cl.IMPACTS,
            many=True,
            required=False,
            current=list(self.draft.impacts) if self.editing or self.draft.impacts else None,
        )

    def ask_tags(self) -> None:
        answer = prompts.ask(
            "\n[bold]Tags[/] [dim](optional, separated by commas)[/]: ",
            ", ".join(self.draft.tags),
            kind="tags",
        )
        self.draft.tags = split_values([answer])

    def ask_status(self) -> None:
        self.draft.status = answers.pick(
            "Follow-up: what has been done about it? (optional)",
            cl.FOLLOW_UP_STATUSES,
            many=False,
            current=[self.draft.status or "not-raised"],
        )[0]

    def ask_outcome(self) -> None:
        self.draft.outcome = prompts.ask(
            "\n[bold]Outcome[/] [dim](optional: what came of raising it)[/]: ",
            self.draft.outcome or "",
            kind="outcome",
        )
        self.review("outcome")

    # -- around the steps ------------------------------------------------------------------

    def settle(self) -> None:
        """Drop what the chosen questions no longer ask for (strategies only for 2.1, ...)."""
        questions = self.questions()
        if "2.1" not in questions:
            self.draft.strategies = []
        for f in cl.EXTRA_FIELDS:
            if f.question not in questions:
                setattr(self.draft, f.id, [] if f.kind == "choices" else None)

    def review(self, name: str) -> None:
        review_personal_data(self.draft, redact=self.redact, fields=(name,))
        self.reviewed.add(name)

    def finish(self, edit_of: Entry | None) -> Entry:
        from svtool.privacy import TEXT_FIELDS

        unreviewed = tuple(f for f in TEXT_FIELDS if f not in self.reviewed)
        review_personal_data(self.draft, redact=self.redact, fields=unreviewed)
        self.reviewed.update(unreviewed)
        if edit_of is not None:
            from svtool.living import edited_entry

            return edited_entry(edit_of, self.draft)
        entry = build_entry(
            self.draft, default_authority=self.default_authority, entry_id=self.entry_id
        )
        self.entry_id = entry.id
        return entry
