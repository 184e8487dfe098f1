"""`svtool scan` and `svtool purge`: finding personal data, and keeping only what is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from svtool.cli.app import app, state


@app.command()
def scan(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None,
        help='With --format jsonl: a file of JSON lines {"id", "text"} (\'-\' for standard input).',
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="jsonl: scan a file of JSON lines instead of the database."
    ),
    json_: bool = typer.Option(False, "--json", help="Print the findings in the database as JSON."),
) -> None:
    """Look for personal data (names, UPNs, NHS numbers, addresses...) in your evidence.

    Example: svtool scan; or, to evaluate the detector: svtool scan --format jsonl notes.jsonl
    """
    from svtool import console
    from svtool.errors import BadInput, Problem

    if fmt is not None and fmt != "jsonl":
        raise BadInput(
            Problem("--format", f"{fmt!r} is not a scan format; use jsonl (or leave it out)")
        )
    if fmt == "jsonl":
        from svtool import people

        people.activate(state(ctx).db)  # the rep's names are found here as everywhere else
        _scan_jsonl(file)
        return
    if file is not None:
        raise BadInput(Problem("FILE", "a file is scanned only with --format jsonl"))
    from svtool.privacy import KIND_NAMES, scan_store

    with state(ctx).open_store() as store:
        found = scan_store(store)
    if json_:
        console.print_json(found)
        return
    if not found:
        console.note("No personal data found in your evidence.")
        return
    from rich.table import Table

    from svtool.words import count

    title = f"{count(len(found), 'possible item')} of personal data"
    table = Table(title=console.text(title), title_justify="left")
    for column in ("Id", "Date", "Where", "Field", "Looks like", "Text"):
        table.add_column(column)
    for f in found:
        table.add_row(
            f["id"][:8],
            f["occurred_on"],
            "current text" if f["current"] else f"revision {f['revision']} (history)",
            f["field"],
            KIND_NAMES[f["kind"]],
            console.text(f["text"], one_line=True),
        )
    console.out.print(table)
    ids = list(dict.fromkeys(f["id"][:8] for f in found))
    in_history = any(not f["current"] for f in found)
    where = " and in its history" if in_history else ""
    if len(ids) <= 5:
        commands = "; ".join(f"`svtool edit {i} --redact`" for i in ids)
        console.note(
            f"To replace them with placeholders in the entry{where}: {commands} "
            "(or edit the text yourself with `svtool edit ID`)."
        )
    else:
        console.note(
            f"To replace them with placeholders in an entry{where}: `svtool edit ID --redact` "
            "(or edit the text yourself with `svtool edit ID`)."
        )
    if in_history:
        console.note(
            "What is in an earlier revision was taken out of the text by an edit but kept in "
            "the entry's history; `--redact` replaces it there too."
        )


def _scan_jsonl(file: Path | None) -> None:
    import json

    from svtool.errors import BadInput, Problem
    from svtool.privacy import scan_jsonl_line

    if file is None:
        raise BadInput(Problem("FILE", "give the JSON lines file to scan, or - for standard input"))
    try:
        stream = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
    except OSError as e:
        raise BadInput(Problem("FILE", f"cannot read {file}: {e.strerror}")) from None
    problems: list[Problem] = []
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                result = scan_jsonl_line(line, number)
            except BadInput as e:
                problems.extend(e.problems)
                continue
            from svtool.textsafe import json_safe

            sys.stdout.write(json_safe(json.dumps(result, ensure_ascii=False)) + "\n")
    if problems:
        raise BadInput(problems)


def _confirm(question: str) -> bool:
    from svtool import console
    from svtool.errors import BadInput, Problem

    if not sys.stdin.isatty():
        raise BadInput(
            Problem("--yes", "is required to purge when svtool cannot ask for confirmation")
        )
    from rich.prompt import Confirm

    return bool(Confirm.ask(question, console=console.err, default=False))


@app.command()
def purge(
    ctx: typer.Context,
    before: str | None = typer.Option(
        None,
        "--before",
        help="Remove entries logged before this date, e.g. 1 Sep 2024 or 2024-09-01.",
    ),
    people_: bool = typer.Option(
        False,
        "--people",
        help="Delete your people register and its copies in the backups folder (the names are overwritten first).",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do it without asking for confirmation."),
) -> None:
    """Permanently remove entries (and their history) logged before a date; keep only what you need.

    Unlike `delete`, this cannot be undone: make a backup first if in doubt. With --people, the
    people register is deleted too, with the copies `svtool backup` made in the backups folder.
    """
    from svtool import console
    from svtool.dates import parse_date
    from svtool.errors import BadInput, Problem, SvtoolError
    from svtool.privacy import logged_before, purge_before
    from svtool.words import count as counted

    if before is None and not people_:
        raise BadInput(
            Problem("--before", "give a date (YYYY-MM-DD), or --people for the register")
        )
    if people_:
        from svtool import people
        from svtool.backup import people_register_copies

        db = state(ctx).db
        there = people.register_path(db).exists() or people_register_copies(db)
        if there and not yes and not _confirm("Permanently delete your people register?"):
            raise SvtoolError("Nothing was removed.")
        had, copies = people.forget_everywhere(db)
        if had or copies:
            in_backups = f"{counted(copies, 'copy', 'copies')} in the backups folder"
            if not copies:
                console.note("Deleted your people register.")
            elif had:
                console.note(f"Deleted your people register, and {in_backups}.")
            else:
                console.note(f"Deleted your people register's {in_backups}.")
            console.note("Copies you made elsewhere (a USB stick, say) are yours to delete.")
        else:
            console.note("You have no people register; nothing to delete.")
        if before is None:
            return
    assert before is not None

    try:
        cutoff = parse_date(before)
    except ValueError as e:
        raise BadInput(Problem("--before", str(e))) from None
    with state(ctx).open_store() as store:
        count = logged_before(store, cutoff.isoformat())
        if count == 0:
            console.note(f"No entries were logged before {cutoff.isoformat()}; nothing to purge.")
            return
        if not yes:
            if not sys.stdin.isatty():
                raise BadInput(
                    Problem("--yes", "is required to purge when svtool cannot ask for confirmation")
                )
            from rich.prompt import Confirm

            if not Confirm.ask(
                f"Permanently remove {counted(count, 'entry', 'entries')} logged before {cutoff.isoformat()}, with their history?",
                console=console.err,
                default=False,
            ):
                raise SvtoolError("Nothing was removed.")
        removed = purge_before(store, cutoff.isoformat())
    console.note(
        f"Permanently removed {counted(removed, 'entry', 'entries')} logged before {cutoff.isoformat()}, and compacted the file."
    )
