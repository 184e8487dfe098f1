"""How the walk takes an answer: chosen from a list, typed until the entry rules accept it, or
written as paragraphs of details.

Each starts from what is there (the current value, or what was typed and refused), so a rep
corrects a mistyped choice or a refused date instead of typing it again. The steps that ask with
these are in svtool.cli.steps; the line editing and history underneath are in svtool.cli.prompts.
"""

from __future__ import annotations

from collections.abc import Callable

from svtool import checklist as cl
from svtool.cli import prompts
from svtool.cli.review import edit_in_editor, editor
from svtool.console import err, join, text
from svtool.errors import BadInput, Problem
from svtool.evidence import Draft, build_entry, split_values
from svtool.rules import normalise_id

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


def ask_until_valid(draft: Draft, option: str, ask: Callable[[], None]) -> None:
    """Ask until the answer passes the option's rules; each retry starts from what was typed."""
    while True:
        ask()
        problems = _problems_for(draft, option)
        if not problems:
            return
        for p in problems:
            label = _LABELS.get(option, "This")
            message = f"{label} {p.message}" if p.message.startswith("is ") else p.message
            err.print(text(message, "red"))
        err.print("[dim]  Change what you typed (it is still there), or type it again.[/]")


def pick(
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
    err.print(join("\n", (title, "bold")), soft_wrap=False)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="cyan", no_wrap=True)
    grid.add_column()
    for key, c in zip(keys, choices, strict=True):
        suffix = (" (", (c.id, "dim"), ")") if c.id != key else ()
        grid.add_row(f"  {key}", join(c.text, *suffix))
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
    retry = ""  # a mistyped answer comes back to be corrected, not typed again
    while True:
        answer = prompts.ask(
            f"  Your choice [dim]({hint})[/]: ",
            retry,
            kind=f"pick {title}",
            completions=[c.id for c in choices],
            complete_anywhere=True,
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
            kind = "numbers" if keys[0] == "1" else "ids"
            if not keys[-1].isdigit() and keys[0].isdigit():
                kind += f" (or {keys[-1]})"
            shown = join(text(", ".join(bad)), " is not in the list. ") if bad else join()
            from svtool.rules import close_ids

            texts = {c.id: c.text for c in choices}
            close = [i for v in bad for i in close_ids(v, list(ids), texts)]
            meant = [k for k, c in by_key.items() if c.id in close][:2]
            guess = (
                f"Did you mean {' or '.join(f'{k} ({by_key[k].id})' for k in meant)}? "
                if meant
                else ""
            )
            err.print(join(shown, guess, f"Please choose {what} of the {kind} above.", style="red"))
            retry = answer
            continue
        return list(dict.fromkeys(picked))


def ask_details(current: str | None = None) -> str:
    """The details: several paragraphs, typed or pasted, starting from what is there."""
    own_editor = editor()
    err.print(
        "\n[bold]Details[/] (optional). Type or paste; Enter starts a new line. "
        f"[bold]Finish with {prompts.FINISH_DETAILS}.[/]"
        + (
            " Type [cyan]e[/] alone and finish to write in your editor instead."
            if own_editor
            else ""
        )
    )
    err.print(
        "[dim]Record what the authority did and how many were affected, never who the child is.[/]"
    )
    answer = prompts.ask_lines("  ", current or "")
    if own_editor and answer.strip().casefold() == "e":
        return edit_in_editor(current or "")
    return answer
