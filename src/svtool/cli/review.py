"""Personal data in what a rep types: each finding shown, and the rep decides.

For every possible item (a name, a UPN, an email address...) in the summary, details or outcome,
the rep replaces it with a placeholder, edits the text (starting from what they typed), or keeps
it after a second question. With --redact every finding is replaced without asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from svtool.cli import prompts
from svtool.console import err, join, text
from svtool.errors import BadInput
from svtool.evidence import Draft

if TYPE_CHECKING:
    from svtool.pii.detector import Finding


def editor() -> str | None:
    """The rep's own editor, if they have chosen one; never a surprise vi."""
    import os

    return os.environ.get("VISUAL") or os.environ.get("EDITOR")


def edit_in_editor(current: str) -> str:
    import click

    edited = click.edit(current, editor=editor())
    return current if edited is None else edited.strip("\n")


def _verb(name: str, singular: str, plural: str) -> str:
    """'The details look', 'the summary looks': the field names read as English nouns."""
    return plural if name == "details" else singular


def review_personal_data(
    draft: Draft, *, redact: bool = False, fields: tuple[str, ...] | None = None
) -> bool:
    """Show each possible item of personal data and let the rep replace, edit or (knowingly) keep it.

    Editing starts from the text as it is. Returns whether the draft changed.
    """
    from svtool import people
    from svtool.pii.detector import find_personal_data
    from svtool.pii.detector import redact as redact_text
    from svtool.privacy import KIND_NAMES, TEXT_FIELDS
    from svtool.words import with_article

    changed = False
    for name in fields if fields is not None else TEXT_FIELDS:
        while True:
            current = getattr(draft, name) or ""
            findings = find_personal_data(current, people.active()[0]) if current else []
            if not findings:
                break
            if redact:
                setattr(draft, name, redact_text(current, findings))
                changed = True
                break
            err.print(f"\n[bold yellow]The {name} may identify someone:[/]")
            shown = text(current)
            for f in findings:
                shown.stylize("bold black on yellow", f.start, f.end)
            err.print(shown)
            for f in findings:
                kind = with_article(KIND_NAMES.get(f.kind, f.kind))
                err.print(join("  • ", text(f.text), f" looks like {kind} → ", f.placeholder))
            err.print(
                "[dim]Record what the authority did and how many were affected, never who the child is.[/]"
            )
            new_names = [
                f for f in findings if f.kind in ("child_name", "adult_name") and f.label is None
            ]
            can_add = bool(new_names) and people.active_register_path() is not None
            choices = {"r": "replace", "e": "edit", "a": "add", "k": "keep"}
            if not can_add:
                del choices["a"]
            choice = prompts.choose(
                "  [bold]r[/]eplace with placeholders, [bold]e[/]dit the text, "
                + ("[bold]a[/]dd the name to your people register, " if can_add else "")
                + "or [bold]k[/]eep it [dim](r)[/]: ",
                choices,
                default="r",
            )
            if choice == "a":
                add_to_register(new_names)
                continue  # scanned again: the register's names now get their role's placeholder
            if choice == "r":
                setattr(draft, name, redact_text(current, findings))
                changed = True
                break
            if choice == "e":
                if name == "details" and editor():
                    new = edit_in_editor(current)
                elif name == "details":
                    err.print(f"  Change the details below; finish with {prompts.FINISH_DETAILS}.")
                    new = prompts.ask_lines("  ", current)
                else:
                    new = prompts.ask(f"  {name.capitalize()}: ", current, kind=name)
                setattr(draft, name, new)
                changed = changed or new != current
                if new and not find_personal_data(new, people.active()[0]):
                    look = _verb(name, "looks", "look")
                    err.print(f"  [green]The {name} {look} clear now.[/]")
                continue
            if prompts.confirm(
                "  Evidence that identifies a child must not be recorded. Keep it as it is?",
                default=False,
            ):
                break
    return changed


def add_to_register(found: list[Finding]) -> None:
    """Add flagged names to the rep's people register, asking each one's role."""
    from svtool import people

    path = people.active_register_path()
    if path is None:
        return
    for f in found:
        default = "child" if f.kind == "child_name" else "other"
        role = prompts.choose(
            f"  Who is {escape(f.text)}? ({', '.join(people.ROLES)}) [dim]({default})[/]: ",
            {r: r for r in people.ROLES},
            default=default,
        )
        try:
            person = people.add(path, f.text, role).person
        except BadInput as e:
            err.print(join("  ", text(f.text), f" cannot be added: {e.problems[0].message}."))
            continue
        err.print(
            join(
                "  ", text(person.name), (f" is in your people register ({person.role}).", "green")
            )
        )
    people.reactivate()
