"""The guided walk through the checklist for `svtool log` in a terminal.

It asks only for what the options did not give, checks each answer as it is typed (with the same
checks as the options), then shows the entry and asks before saving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.prompt import Confirm, Prompt

from svtool import checklist as cl
from svtool.cli.cards import field_label, render_entry, short
from svtool.console import err
from svtool.errors import BadInput, Problem, SvtoolError
from svtool.evidence import Draft, build_entry, infer_section, parse_question, split_values
from svtool.rules import SUMMARY_MAX, normalise_id

if TYPE_CHECKING:
    from svtool.models import Entry


_LABELS = {
    "--authority": "The authority",
    "--summary": "The summary",
    "--details": "The details",
    "--date": "The date",
    "--learners": "The number of learners",
    "--staff": "The number of staff",
}


def _problems_for(draft: Draft, option: str) -> list[Problem]:
    try:
        build_entry(draft)
    except BadInput as e:
        return [p for p in e.problems if p.option == option]
    return []


def _ask_until_valid(draft: Draft, option: str, ask: Callable[[], None]) -> None:
    while True:
        ask()
        problems = _problems_for(draft, option)
        if not problems:
            return
        for p in problems:
            label = _LABELS.get(option, "This")
            text = f"{label} {p.message}" if p.message.startswith("is ") else p.message
            err.print(f"[red]{escape(text)}[/]")


def _pick(
    title: str,
    choices: tuple[cl.Choice, ...],
    *,
    many: bool,
    required: bool = True,
    keys: list[str] | None = None,
    resolve: Callable[[str], str] | None = None,
    current: list[str] | None = None,
) -> list[str]:
    """Choose from a list by its key (a number unless given), by id, or by a word `resolve` knows.

    With `current` (when editing), Enter keeps the current choice and `-` clears an optional one.
    """
    from rich.table import Table

    keys = keys or [str(n) for n in range(1, len(choices) + 1)]
    err.print(f"\n[bold]{escape(title)}[/]", soft_wrap=False)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="cyan", no_wrap=True)
    grid.add_column()
    for key, c in zip(keys, choices, strict=True):
        suffix = f" [dim]({c.id})[/]" if c.id != key else ""
        grid.add_row(f"  {key}", f"{escape(c.text)}{suffix}")
    err.print(grid, soft_wrap=False)
    if many:
        hint = "one or more, separated by commas" + ("" if required else "; Enter to skip")
    else:
        hint = "one"
    if current is not None:
        hint += f"; Enter keeps {', '.join(current) or 'none'}" + (
            "" if required else "; - for none"
        )
    by_key = dict(zip(keys, choices, strict=True))
    ids = {c.id: c for c in choices}
    while True:
        answer = Prompt.ask(
            f"  Your choice [dim]({hint})[/]", console=err, default="", show_default=False
        )
        values = split_values([answer])
        if current is not None and not values:
            return list(current)
        if current is not None and values == ["-"] and not required:
            return []
        if not values and many and not required:
            return []
        picked: list[str] = []
        bad: list[str] = []
        for v in values:
            key = normalise_id(v)
            if key in by_key:
                picked.append(by_key[key].id)
            elif key in ids:
                picked.append(key)
            elif resolve is not None:
                try:
                    picked.append(resolve(v))
                except ValueError:
                    bad.append(v)
            else:
                bad.append(v)
        if bad or not picked or (not many and len(picked) > 1):
            what = "one or more" if many else "one"
            shown = f"{escape(', '.join(bad))} is not in the list. " if bad else ""
            kind = "numbers" if keys[0] == "1" else "ids"
            if not keys[-1].isdigit() and keys[0].isdigit():
                kind += f" (or {keys[-1]})"
            err.print(f"[red]{shown}Please choose {what} of the {kind} above.[/]")
            continue
        return list(dict.fromkeys(picked))


def _ask_text(label: str, default: str | None = None) -> str:
    return Prompt.ask(label, console=err, default=default or "", show_default=bool(default)).strip()


def _editor() -> str | None:
    """The rep's own editor, if they have chosen one; never a surprise vi."""
    import os

    return os.environ.get("VISUAL") or os.environ.get("EDITOR")


def _edit_in_editor(text: str) -> str:
    import click

    edited = click.edit(text, editor=_editor())
    return text if edited is None else edited.strip("\n")


def _ask_details(current: str | None = None) -> str:
    editor = _editor()
    err.print(
        "\n[bold]Details[/] (optional). Type or paste; finish with an empty line."
        + (" Type [cyan]e[/] on the first line to write in your editor instead." if editor else "")
        + (" Enter on the first line keeps the current details." if current else "")
    )
    err.print(
        "[dim]Record what the authority did and how many were affected, never who the child is.[/]"
    )
    lines: list[str] = []
    while True:
        line = Prompt.ask("", console=err, default="", show_default=False)
        if not lines and editor and line.strip().casefold() == "e":
            return _edit_in_editor(current or "")
        if not line and not lines and current:
            return current
        if not line:
            return "\n".join(lines)
        lines.append(line)


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
    reviewed: set[str] = set()  # text fields already checked for personal data as they were typed

    def wanted(value: object) -> bool:
        return editing or value in (None, "", [])

    if editing:
        err.print(
            "[bold]Editing evidence.[/] Press Enter to keep what is there; Ctrl+C stops without saving."
        )
    else:
        err.print(
            "[bold]Recording evidence[/] for NASUWT. Press Ctrl+C at any time to stop without saving."
        )
    if wanted(draft.authority):
        current_authority = draft.authority or default_authority
        if current_authority:
            from svtool.authorities import by_code

            known = by_code(current_authority)
            current_authority = known.name if known else current_authority

        def ask_authority() -> None:
            draft.authority = _ask_text(
                "\n[bold]Local authority[/] (name or DfE code, e.g. Kent or 886)", current_authority
            )

        _ask_until_valid(draft, "--authority", ask_authority)
    from svtool.authorities import resolve

    la = resolve(draft.authority or "")
    since = f" since {la.programme_since}" if la.programme_since else ""
    err.print(f"  {escape(la.name)} ({la.la_code}): {la.programme_name}{since}")

    section = infer_section(draft) if not editing else None
    if section is None:
        from svtool.evidence import parse_section

        choices = tuple(cl.Choice(s.id, s.short_title) for s in cl.SECTIONS)
        section = _pick(
            "Which part of the checklist is this about?",
            choices,
            many=False,
            keys=[s.id for s in cl.SECTIONS],
            resolve=parse_section,
            current=[draft.section] if editing and draft.section else None,
        )[0]
        if editing and section != draft.section:
            draft.questions = []
        draft.section = section
    sec = cl.sections_by_id()[section]
    if wanted(draft.questions):
        if len(sec.questions) == 1:
            draft.questions = [sec.questions[0].id]
        else:
            choices = tuple(cl.Choice(q.id, q.text) for q in sec.questions)
            draft.questions = _pick(
                f"Section {sec.id}: {sec.title}.\nWhich of its questions does this evidence answer?",
                choices,
                many=True,
                keys=[q.id for q in sec.questions],
                current=list(draft.questions) if editing and draft.questions else None,
            )
    questions = [parse_question(q) for q in draft.questions]
    if "2.1" in questions and wanted(draft.strategies):
        draft.strategies = _pick(
            "Which strategies does the authority use to limit or control access?",
            cl.STRATEGIES,
            many=True,
            current=list(draft.strategies) if editing and draft.strategies else None,
        )
    elif "2.1" not in questions:
        draft.strategies = []
    for f in cl.EXTRA_FIELDS:
        if f.question not in questions:
            setattr(draft, f.id, [] if f.kind == "choices" else None)
            continue
        value = getattr(draft, f.id)
        if not wanted(value):
            continue
        if f.kind == "choices":
            setattr(
                draft,
                f.id,
                _pick(
                    f"{f.prompt} (optional)",
                    f.choices,
                    many=True,
                    required=False,
                    current=value if editing else None,
                ),
            )
        else:

            def ask_extra(f: cl.ExtraField = f, value: object = value) -> None:
                hint = "yes or no" if f.kind == "yes-no" else "a number"
                setattr(
                    draft,
                    f.id,
                    _ask_text(f"\n{f.prompt} [dim]({hint}; Enter to skip)[/]", str(value or ""))
                    or None,
                )

            _ask_until_valid(draft, f.option, ask_extra)
    if wanted(draft.summary):
        err.print(
            f"\n[bold]Summary[/]: one line saying what happened (up to {SUMMARY_MAX} characters)."
        )
        current_summary = draft.summary

        def ask_summary() -> None:
            draft.summary = _ask_text("  Summary", current_summary)

        _ask_until_valid(draft, "--summary", ask_summary)
        review_personal_data(draft, redact=redact, fields=("summary",))
        reviewed.add("summary")
    if editing or draft.details is None:
        current_details = draft.details

        def ask_details() -> None:
            draft.details = _ask_details(current_details)

        _ask_until_valid(draft, "--details", ask_details)
        review_personal_data(draft, redact=redact, fields=("details",))
        reviewed.add("details")
    if wanted(draft.date):
        current_date = draft.date or "today"

        def ask_date() -> None:
            draft.date = _ask_text(
                "\n[bold]When did it happen?[/] (YYYY-MM-DD, DD/MM/YYYY, today, yesterday)",
                current_date,
            )

        _ask_until_valid(draft, "--date", ask_date)
    if wanted(draft.setting):
        current = [draft.setting] if editing and draft.setting else None
        draft.setting = _pick("What kind of setting?", cl.SETTINGS, many=False, current=current)[0]
    if wanted(draft.source):
        current = [draft.source] if editing and draft.source else None
        draft.source = _pick("How do you know?", cl.SOURCES, many=False, current=current)[0]
    for attr, option, label in (
        ("learners", "--learners", "How many learners were affected?"),
        ("staff", "--staff", "How many staff were affected?"),
    ):
        if wanted(getattr(draft, attr)):
            current_count = getattr(draft, attr)

            def ask_count(
                attr: str = attr, label: str = label, current_count: str | None = current_count
            ) -> None:
                answer = _ask_text(
                    f"\n{label} [dim](a number; Enter if not known)[/]", current_count
                )
                setattr(draft, attr, answer or None)

            _ask_until_valid(draft, option, ask_count)
    if wanted(draft.impacts):
        draft.impacts = _pick(
            "What impacts did it have? (optional)",
            cl.IMPACTS,
            many=True,
            required=False,
            current=list(draft.impacts) if editing else None,
        )
    if wanted(draft.tags):
        answer = _ask_text(
            "\n[bold]Tags[/] [dim](optional, separated by commas)[/]", ", ".join(draft.tags)
        )
        draft.tags = split_values([answer])
    if editing:
        draft.status = _pick(
            "Follow-up: what has been done about it?",
            cl.FOLLOW_UP_STATUSES,
            many=False,
            current=[draft.status or "not-raised"],
        )[0]
        draft.outcome = _ask_text(
            "\n[bold]Outcome[/] [dim](optional: what came of raising it)[/]", draft.outcome
        )

    def finish() -> Entry:
        if edit_of is not None:
            from svtool.living import edited_entry

            return edited_entry(edit_of, draft)
        return build_entry(draft, default_authority=default_authority)

    entry = finish()
    from svtool.privacy import TEXT_FIELDS

    if review_personal_data(
        draft, redact=redact, fields=tuple(f for f in TEXT_FIELDS if f not in reviewed)
    ):
        entry = finish()
    if confirm:
        if edit_of is not None:
            from svtool.living import differences

            changes = differences(edit_of.as_json(), entry.as_json())
            if not changes:
                err.print("\nNothing changed.")
                return entry
            err.print("\n[bold]You changed:[/]")
            for field, old, new in changes:
                err.print(
                    f"  {escape(field_label(field))}: {escape(short(old))} → {escape(short(new))}"
                )
        err.print("\n[bold]This is the entry:[/]")
        err.print(render_entry(entry))
        if not Confirm.ask("\nSave it?", console=err, default=True):
            raise SvtoolError("Not saved: you chose not to save the entry.")
    return entry


def review_personal_data(
    draft: Draft, *, redact: bool = False, fields: tuple[str, ...] | None = None
) -> bool:
    """Show each possible item of personal data and let the rep replace, edit or (knowingly) keep it.

    Returns whether the draft changed.
    """
    from rich.text import Text

    from svtool import people
    from svtool.pii import find_personal_data
    from svtool.pii import redact as redact_text
    from svtool.privacy import KIND_NAMES, TEXT_FIELDS

    changed = False
    for name in fields if fields is not None else TEXT_FIELDS:
        while True:
            text = getattr(draft, name) or ""
            findings = find_personal_data(text, people.active()[0]) if text else []
            if not findings:
                break
            if redact:
                setattr(draft, name, redact_text(text, findings))
                changed = True
                break
            err.print(f"\n[bold yellow]The {name} may identify someone:[/]")
            shown = Text(text)
            for f in findings:
                shown.stylize("bold black on yellow", f.start, f.end)
            err.print(shown)
            for f in findings:
                err.print(
                    f"  • {escape(f.text)} looks like a {KIND_NAMES.get(f.kind, f.kind)}"
                    f" → {escape(f.placeholder)}"
                )
            err.print(
                "[dim]Record what the authority did and how many were affected, never who the child is.[/]"
            )
            new_names = [
                f for f in findings if f.kind in ("child_name", "adult_name") and f.label is None
            ]
            can_add = bool(new_names) and people.active_register_path() is not None
            choice = Prompt.ask(
                "  [bold]r[/]eplace with placeholders, [bold]e[/]dit the text, "
                + ("[bold]a[/]dd the name to your people register, " if can_add else "")
                + "or [bold]k[/]eep it",
                console=err,
                choices=["r", "e", "a", "k"] if can_add else ["r", "e", "k"],
                default="r",
            )
            if choice == "a":
                _add_to_register(new_names)
                continue  # scanned again: the register's names now get their role's placeholder
            if choice == "r":
                setattr(draft, name, redact_text(text, findings))
                changed = True
                break
            if choice == "e":
                if name == "details" and _editor():
                    new = _edit_in_editor(text)
                elif name == "details":
                    err.print("  Type the details again; finish with an empty line.")
                    new = _ask_details()
                else:
                    new = _ask_text(f"  New {name}", text)
                setattr(draft, name, new)
                changed = changed or new != text
                if new and not find_personal_data(new, people.active()[0]):
                    err.print(f"  [green]The {name} looks clear now.[/]")
                continue
            if Confirm.ask(
                "  Keep it as it is? Evidence that identifies a child must not be recorded",
                console=err,
                default=False,
            ):
                break
    return changed


def _add_to_register(found: list[Any]) -> None:
    """Add flagged names to the rep's people register, asking each one's role."""
    from svtool import people

    path = people.active_register_path()
    if path is None:
        return
    for f in found:
        default = "child" if f.kind == "child_name" else "other"
        role = Prompt.ask(
            f"  Who is {escape(f.text)}?",
            console=err,
            choices=list(people.ROLES),
            default=default,
        )
        person, _ = people.add(path, f.text, role)
        err.print(f"  [green]{escape(person.name)} is in your people register ({person.role}).[/]")
    people.reactivate()
