"""`svtool backup` and `svtool doctor`: the safety net."""

from __future__ import annotations

from pathlib import Path

import typer

from svtool.cli.app import app, state


@app.command()
def backup(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None,
        help="Where to write the copy (default: a dated file in a backups folder beside the database).",
    ),
) -> None:
    """Make a consistent copy of the database, safe even while svtool is writing."""
    from svtool import console, health
    from svtool.attachments import folder_for
    from svtool.people import register_path

    if file is not None and not file.exists() and not file.parent.is_dir():
        from svtool.errors import BadInput, Problem

        raise BadInput(
            Problem(
                "FILE",
                f"the folder {file.parent} does not exist; check the path (is the USB stick in?)",
            )
        )
    target = health.backup(state(ctx).db, file)
    console.note(f"Backed up {state(ctx).db} to {target}")
    if folder_for(target).is_dir():
        console.note(f"Attachments copied to {folder_for(target)}")
    if (register := register_path(target)).exists():
        console.note(f"Your people register copied to {register}")
    console.note("Keep it somewhere safe and private, such as an encrypted USB stick.")


@app.command()
def doctor(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
) -> None:
    """Check the database: integrity, schema, permissions, free space and where it lives."""
    from dataclasses import asdict

    from svtool import console, health

    checks = health.doctor(state(ctx).db)
    if json_:
        console.print_json([asdict(c) for c in checks])
    else:
        from rich.table import Table

        styles = {"ok": "green", "warning": "yellow", "problem": "bold red"}
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for c in checks:
            text = console.text(c.detail)
            if c.advice:
                text.append_text(console.join("\n", console.text(c.advice, "dim")))
            table.add_row(console.text(c.status, styles[c.status]), c.name, text)
        console.out.print(table)
    bad = [c for c in checks if c.status == "problem"]
    if bad:
        from svtool.words import count

        console.error(f"{count(len(bad), 'problem')} found; see above for what to do.")
        raise typer.Exit(1)
