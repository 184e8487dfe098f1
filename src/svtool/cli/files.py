"""`svtool attach`, `svtool attachment get` and `svtool open`: documents that prove a point."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from svtool.cli import complete
from svtool.cli.app import app, state

attachment_app = typer.Typer(
    help="Attachments: get copies of the documents attached to entries.", no_args_is_help=True
)
app.add_typer(attachment_app, name="attachment")

_ID_HELP = "The entry's id, or its first 6 or more characters."


def warn_personal_data_in(files: list[Path]) -> None:
    """Text attachments are checked like the details are; the rep is warned, the file kept."""
    from svtool import console
    from svtool.attachments import text_of
    from svtool.people import active
    from svtool.pii.detector import find_personal_data
    from svtool.privacy import KIND_NAMES

    flagged = False
    for path in files:
        text = text_of(path)
        if not text:
            continue
        for f in find_personal_data(text, active()[0]):
            flagged = True
            console.warn(
                f"attachment {path.name}: possible {KIND_NAMES.get(f.kind, f.kind)} at characters {f.start + 1}–{f.end}"
            )
    if flagged:
        console.warn(
            "attachments are never redacted: a text file with personal data is left out of "
            "bundles until you attach a clean copy (or export with --attachments-as-they-are)"
        )


def limit() -> int:
    from svtool import config
    from svtool.attachments import max_bytes

    return max_bytes(config.load())


@app.command()
def attach(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="The documents to attach."),
) -> None:
    """Attach documents (the plan, minutes, a letter) to an entry.

    Example: svtool attach 3f2a9c schools-forum-minutes.pdf
    """
    from svtool import console
    from svtool.attachments import attach as run

    with state(ctx).open_store() as store:
        done = run(store, entry_id, files, limit())
    warn_personal_data_in(files)
    for a in done:
        console.note(f"Attached {a.name} ({a.size:,} bytes) to entry {a.entry_id[:8]}.")
    new = {a.name for a in done}
    for path in files:
        if path.name not in new:
            console.note(f"{path.name} was already attached to this entry; nothing changed.")


@attachment_app.command("get")
def attachment_get(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    name: str | None = typer.Argument(
        None, help="Only this attachment (its name); default: all of them."
    ),
    output: Path = typer.Option(
        Path(), "--output", "-o", help="A folder (default: here) or, for one, a file name."
    ),
) -> None:
    """Copy an entry's attachments out of svtool, checked against their checksums."""
    from svtool import console
    from svtool.attachments import get_copy

    with state(ctx).open_store() as store:
        written = get_copy(store, entry_id, name, output)
    for path in written:
        sys.stdout.write(f"{path}\n")
    from svtool.words import count

    console.note(f"Copied {count(len(written), 'attachment')}.")


@app.command("open")
def open_(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    name: str | None = typer.Argument(
        None, help="Which attachment (its name); default: the first."
    ),
) -> None:
    """Open an entry's attachment with your computer's usual program (from a private copy)."""
    import tempfile

    from svtool import console
    from svtool.attachments import for_entry, get_copy

    with state(ctx).open_store() as store:
        row = store.get_row(entry_id)
        if name is None:
            found = for_entry(store, row["id"])
            name = found[0].name if found else None
        folder = Path(tempfile.mkdtemp(prefix="svtool-"))
        written = get_copy(store, row["id"], name, folder)
    from svtool.errors import SvtoolError

    console.note(f"Opening {written[0]} (a private copy; delete it when you are done).")
    if typer.launch(str(written[0])) != 0:
        raise SvtoolError(
            f"No program on this computer would open {written[0].name}",
            hint=f"The copy is at {written[0]}; open it yourself, or use `svtool attachment get`.",
        )
