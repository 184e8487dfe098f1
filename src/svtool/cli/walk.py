"""The guided walk through the checklist for `svtool log` (and `svtool edit`) in a terminal.

It asks only for what the options did not give (editing: every step, with the current value
already typed in), checks each answer as it is typed with the same rules as the options, and
reviews the free text for personal data. Then it shows the entry: the rep saves it, changes any
step and sees it again, or discards it.

The steps are in svtool.cli.steps, how they take and check an answer in svtool.cli.answers, the
personal-data review in svtool.cli.review, and the prompts (line editing, history, pasted
paragraphs) in svtool.cli.prompts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svtool.cli import prompts
from svtool.cli.cards import field_label, render_entry, short
from svtool.cli.steps import Step, Walk
from svtool.console import err, join, text
from svtool.errors import BadInput, Declined
from svtool.evidence import Draft, infer_section

if TYPE_CHECKING:
    from svtool.models import Entry


def walk(
    draft: Draft,
    *,
    confirm: bool = True,
    default_authority: str | None = None,
    edit_of: Entry | None = None,
    redact: bool = False,
) -> Entry:
    """Fill in what is missing from the draft (or, editing, offer every field) and return the entry."""
    editing = edit_of is not None
    state = Walk(draft, editing=editing, redact=redact, default_authority=default_authority)
    if editing:
        err.print(
            "[bold]Editing evidence.[/] Each answer starts from what is there: Enter keeps it "
            "(in the details, Esc then Enter, or Ctrl-D). "
            "Ctrl+C stops without saving."
        )
    else:
        err.print(
            "[bold]Recording evidence[/] for NASUWT. Arrow keys edit what you type; "
            "Ctrl+C stops without saving."
        )
    if not editing and draft.section is None:
        try:
            draft.section = infer_section(draft)
        except (BadInput, ValueError):
            draft.section = None
    steps = state.steps()
    asked: set[str] = set()
    _run(steps, asked, state, ask_all=editing)
    while True:
        entry = state.finish(edit_of)
        if not confirm:
            return entry
        if edit_of is not None and not _show_changes(edit_of, entry):
            return entry
        err.print("\n[bold]This is the entry:[/]")
        err.print(render_entry(entry))
        if prompts.confirm("\nSave it?", default=True):
            return entry
        step = _step_to_change([s for s in steps if s.applies()])
        if step is None:
            raise Declined("Not saved: you chose to discard the entry.")
        if isinstance(step, str):  # "save" after all
            return entry
        step.ask()
        _run(steps, asked, state, ask_all=False)


def _run(steps: list[Step], asked: set[str], state: Walk, *, ask_all: bool) -> None:
    """Ask each step that applies and has no answer (editing, with ask_all: every step once).

    A step asked before is asked again only if it is required and its answer was dropped (a new
    section clears the old section's questions)."""
    for step in steps:
        state.settle()
        if not step.applies():
            continue
        missing = step.value() in (None, "", [])
        again = step.label in asked
        if (ask_all and not again) or (missing and (not again or not step.optional)):
            step.ask()
            asked.add(step.label)
    state.settle()


def _show_changes(before: Entry, after: Entry) -> bool:
    from svtool.living import differences

    changes = differences(before.as_json(), after.as_json())
    if not changes:
        err.print("\nNothing changed.")
        return False
    err.print("\n[bold]You changed:[/]")
    for name, old, new in changes:
        err.print(join("  ", field_label(name), ": ", text(short(old)), " → ", text(short(new))))
    return True


def _step_to_change(steps: list[Step]) -> Step | str | None:
    """After "n" at "Save it?": which step to change, "save" after all, or None to discard."""
    from rich.table import Table

    err.print("\n[bold]Not saved yet.[/] Change a step, save after all, or discard the entry:")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="cyan", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for n, step in enumerate(steps, start=1):
        grid.add_row(f"  {n}", step.label, text(short(step.value()), "dim", one_line=True))
    grid.add_row("  s", "Save it as it is", "")
    grid.add_row("  d", "Discard it", "")
    err.print(grid, soft_wrap=False)
    while True:
        answer = prompts.ask("  Your choice (a number, s or d): ", kind="change").casefold()
        if answer in ("s", "save"):
            return "save"
        if answer in ("d", "discard"):
            if prompts.confirm("  Nothing will be saved. Discard this entry?", default=False):
                return None
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(steps):
            return steps[int(answer) - 1]
        for step in steps:
            if answer and step.label.casefold().startswith(answer):
                return step
        err.print(f"[red]Please type a number from 1 to {len(steps)}, s or d.[/]")
