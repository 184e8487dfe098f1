"""`svtool export`, `import`, `keygen` and `config`: sending evidence to head office and taking it in."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from svtool.cli.app import app, state

config_app = typer.Typer(
    help="Your details, head office's public key, and defaults, kept in config.toml.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@app.command()
def export(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The file to write (default: svtool-AUTHORITY-DATE.zip here)."
    ),
    authority: str | None = typer.Option(
        None, "--authority", "-a", help="Only this local authority."
    ),
    since: str | None = typer.Option(None, "--since", help="Only evidence from this date on."),
    until: str | None = typer.Option(None, "--until", help="Only evidence up to this date."),
    new: bool = typer.Option(False, "--new", help="Only entries no earlier bundle carried."),
    recipient: str | None = typer.Option(
        None,
        "--recipient",
        "-r",
        metavar="AGE_RECIPIENT",
        help="Encrypt to head office's public key (age1…). Default: the configured recipient (bundles).",
    ),
    fmt: str = typer.Option(
        "bundle",
        "--format",
        "-f",
        help="bundle (zip for head office), or csv / jsonl for analysts.",
    ),
    no_redact: bool = typer.Option(
        False,
        "--no-redact",
        help="Keep personal data the detector finds (only encrypted to head office, and confirmed).",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Confirm --no-redact without asking."),
    attachments_as_they_are: bool = typer.Option(
        False,
        "--attachments-as-they-are",
        help="Send text attachments in which personal data was found too (never redacted).",
    ),
    json_: bool = typer.Option(False, "--json", help="Print a JSON summary of the export."),
) -> None:
    """Export evidence as a bundle for head office (encrypted when a recipient is known), or CSV/JSONL.

    Personal data the detector finds in the free text (names, UPNs, NHS numbers, dates of birth,
    postcodes, phone numbers, emails…) is replaced by placeholders such as [UPN] unless
    --no-redact is given. Bundles also carry deletions and attached documents, sent as they
    are (never redacted); a text attachment (.txt, .md, .csv) in which personal data is found is
    left out unless --attachments-as-they-are is given.

    CSV is for spreadsheets: a cell that starts with = + - or @ gets a leading ' so that it shows as text and never runs as a formula. JSONL (and a bundle's entries.jsonl) holds the exact text, for analysts' tools.

    Example: svtool export --authority Kent --since 2025-09-01 --new
    """
    from svtool import config, console
    from svtool.cli import export_notes as notes
    from svtool.exchange.export import check_output, default_path, parse_format
    from svtool.selection import build_filter

    fmt = parse_format(fmt)
    settings = config.load()
    from svtool.exchange.bundle import Selection
    from svtool.exchange.crypto import parse_recipient

    key = None
    if recipient is not None:
        key = parse_recipient(recipient)
    elif fmt == "bundle" and settings.get("recipient"):
        key = parse_recipient(settings["recipient"], option="recipient (in your settings)")
    if no_redact:
        _confirm_no_redact(key is not None, yes)
    flt = build_filter(authority=authority, since=since, until=until)
    label = "all"
    if authority:
        from svtool.authorities import by_code

        found = by_code(flt.authority_codes[0])
        label = found.name if found else authority
    if output is not None:
        check_output(output)
    target = output or default_path(
        Path.cwd(), label, fmt, key is not None, date.today().isoformat()
    )
    selection = Selection(
        authority=label if authority else None, since=flt.since, until=flt.until, new_only=new
    )
    from svtool.exchange.export import export as run_export

    with state(ctx).open_store() as store:
        result = run_export(
            store,
            flt=flt,
            selection=selection,
            fmt=fmt,
            output=target,
            recipient=key,
            reporter=config.reporter(settings),
            redact=not no_redact,
            attachments_as_they_are=attachments_as_they_are,
        )
    what = notes.describe(label if authority else None, flt.since, flt.until, new)
    if result.count == 0 and result.deletions == 0:
        notes.nothing_exported(what, new)
        if json_:
            console.print_json({"path": None, "entries": 0})
        return
    if json_:
        console.print_json(
            {
                "path": str(result.path),
                "format": result.format,
                "entries": result.count,
                "bundle_id": result.bundle_id,
                "encrypted": key is not None,
                "recipient_fingerprint": result.fingerprint,
                "deletions": result.deletions,
                "attachments": result.attachments,
                "attachments_left_out": result.left_out,
                "attachments_sent_with_personal_data": result.sent_with_personal_data,
                "redaction": result.redaction,
            }
        )
    else:
        sys.stdout.write(f"{result.path}\n")
    notes.exported(result, fmt, what, key, key_saved=bool(settings.get("recipient")))


def _confirm_no_redact(encrypted: bool, yes: bool) -> None:
    from svtool.errors import BadInput, Problem, SvtoolError

    if not encrypted:
        raise BadInput(
            Problem(
                "--no-redact",
                "is only allowed when the export is encrypted to head office; give --recipient "
                "age1… (or set it with `svtool config set recipient age1…`)",
            )
        )
    if yes:
        return
    if not sys.stdin.isatty():
        raise BadInput(
            Problem("--yes", "is required with --no-redact when svtool cannot ask for confirmation")
        )
    from rich.prompt import Confirm

    from svtool import console

    if not Confirm.ask(
        "Export without removing personal data (names, pupil numbers, dates of birth…)?",
        console=console.err,
        default=False,
    ):
        raise SvtoolError("Nothing was exported.")


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help="Bundles (.zip or encrypted .age)."
    ),
    identity: Path | None = typer.Option(
        None, "--identity", "-i", help="Head office's age identity file, to decrypt bundles."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Report what would change; write nothing."
    ),
    json_: bool = typer.Option(False, "--json", help="Print a JSON result per file."),
) -> None:
    """Import bundles from reps: each is verified completely, then merged in one transaction.

    A file that fails any check is refused and nothing from it is imported; the other files are
    still imported, and the exit status is 1.
    """
    from svtool import console
    from svtool.exchange.bundle import BundleError
    from svtool.exchange.crypto import load_identities
    from svtool.exchange.merge import MergeCounts, merge, open_file
    from svtool.words import count

    identities = load_identities(identity) if identity is not None else None
    results = []
    failed = False
    with state(ctx).open_store(read_only=dry_run) as store:
        for path in files:
            try:
                bundle = open_file(path, identities)
            except BundleError as e:
                failed = True
                counts = MergeCounts(rejected=e.rejected)
                console.error(
                    f"{path}: refused: {e.message}; nothing was imported from it",
                    _not_a_bundle_hint(e, path, identity) or e.hint,
                )
                results.append(
                    {"file": str(path), "ok": False, "error": e.message, **counts.as_json()}
                )
                continue
            counts = merge(store, bundle, path.name, dry_run=dry_run)
            reporter = bundle.manifest.reporter
            who = (
                ", ".join(v for v in (reporter.name, reporter.local_association) if v)
                if reporter
                else ""
            )
            results.append(
                {
                    "file": str(path),
                    "ok": True,
                    "bundle_id": bundle.manifest.bundle_id,
                    "reporter": reporter.model_dump() if reporter else None,
                    **counts.as_json(),
                }
            )
            if not json_:
                older = f" ({counts.older} older than held)" if counts.older else ""
                back = f", {counts.restored} restored" if counts.restored else ""
                extra = f", {counts.deleted} deleted" if counts.deleted else ""
                if counts.attachments:
                    extra += f", {count(counts.attachments, 'attachment')}"
                sys.stdout.write(
                    f"{path}: {counts.new} new, {counts.updated} updated{back}, "
                    f"{counts.unchanged} unchanged{older}, {counts.rejected} rejected{extra}"
                    f"{' (dry run, nothing written)' if dry_run else ''}\n"
                )
                console.note(
                    f"  bundle {bundle.manifest.bundle_id[:8]} from {who or 'an unnamed reporter'}"
                )
    if json_:
        console.print_json(results)
    if failed:
        raise typer.Exit(1)


def _not_a_bundle_hint(error: Exception, path: Path, identity: Path | None) -> str | None:
    from svtool.exchange.opened import NotABundle, suggested_output

    if not isinstance(error, NotABundle):
        return None
    takes = "Import takes bundles (made by `svtool export` without --format)."
    if error.encrypted:
        return (
            f"{takes} To read this {error.kind} file: svtool decrypt {path} "
            f"--identity {identity or 'KEY'} --output {suggested_output(path)}"
        )
    return f"{takes} A {error.kind} export opens as it is, in a spreadsheet or with pandas."


@app.command()
def decrypt(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="An encrypted export (bundle, CSV or JSONL) made for head office."
    ),
    identity: Path = typer.Option(
        ..., "--identity", "-i", help="Head office's age identity file (from `svtool keygen`)."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="The file to write (default: FILE without .age, or FILE-decrypted). Never overwritten.",
    ),
) -> None:
    """Decrypt an export encrypted to head office's key, e.g. a CSV for a spreadsheet.

    Bundles need no decrypting: `svtool import --identity KEY` reads them as they are. The decrypted file holds what the rep exported (redacted unless they chose otherwise) and is readable only by you.

    Example: svtool decrypt svtool-kent-2026-12-03.csv.age --identity ho.key
    """
    from svtool import console
    from svtool.exchange.crypto import load_identities
    from svtool.exchange.opened import decrypt_file

    written, kind = decrypt_file(file, load_identities(identity), output)
    sys.stdout.write(f"{written}\n")
    what = f"{'a bundle' if kind == 'bundle' else f'the {kind} export'}" if kind else "the file"
    console.note(f"Decrypted {what} to {written} (readable only by you).")
    if kind == "bundle":
        console.note(f"To take it in: svtool import {written}")


@app.command()
def keygen(
    output: Path = typer.Option(
        ..., "--output", "-o", help="Where to save the new identity (secret key)."
    ),
) -> None:
    """Create head office's key pair: saves the secret identity, prints the public key for reps."""
    from svtool import console
    from svtool.exchange.crypto import fingerprint, generate_identity

    public, _ = generate_identity(output)
    sys.stdout.write(public + "\n")
    console.note(
        f"Saved the secret identity to {output} (readable only by you). Keep it safe and backed up:\n"
        f"without it, bundles encrypted to this key cannot be read.\n"
        f"Give reps the public key above (fingerprint {fingerprint(public)}):\n"
        f"  svtool config set recipient {public}"
    )


@config_app.command("set")
def config_set(
    key: str = typer.Argument(
        ..., metavar="KEY", help="One of the keys listed by `svtool config list`."
    ),
    value: str = typer.Argument(..., metavar="VALUE"),
) -> None:
    """Save a setting, after checking it."""
    from svtool import config, console

    key, stored = config.set_value(key, value)
    if key == "recipient":
        from svtool.cli.export_notes import short_recipient
        from svtool.exchange.crypto import fingerprint

        console.note(
            f"Saved recipient {short_recipient(stored)}, fingerprint {fingerprint(stored)}."
        )
        console.note("Check the fingerprint with head office before sending evidence.")
    else:
        console.note(f"Saved {key} = {stored}")


@config_app.command("get")
def config_get(key: str = typer.Argument(..., metavar="KEY")) -> None:
    """Print one setting's value."""
    from svtool import config
    from svtool.errors import NotFound

    key = config.check_key(key)
    value = config.load().get(key)
    if value is None:
        raise NotFound(f"{key} is not set", hint=f"Set it with `svtool config set {key} VALUE`.")
    sys.stdout.write(value + "\n")


@config_app.command("unset")
def config_unset(key: str = typer.Argument(..., metavar="KEY")) -> None:
    """Remove a setting."""
    from svtool import config, console

    if config.unset_value(key):
        console.note(f"Removed {key}.")
    else:
        console.note(f"{key} was not set.")


@config_app.command("list")
def config_list(
    json_: bool = typer.Option(False, "--json", help="Print the settings as JSON."),
) -> None:
    """Show every setting, with what each is for."""
    from svtool import config, console

    settings = config.load()
    if json_:
        console.print_json(settings)
        return
    from rich.table import Table

    table = Table(title=console.text(f"Settings ({config.config_path()})"), title_justify="left")
    table.add_column("Key", no_wrap=True)
    table.add_column("Value")
    table.add_column("What it is")
    for name, key in config.KEYS.items():
        value = settings.get(name, "")
        if name == "recipient" and value:
            from svtool.exchange.crypto import fingerprint

            value = f"{value} ({fingerprint(value)})"
        table.add_row(
            name,
            console.text(value) if value else console.text("not set", "dim"),
            console.text(key.help),
        )
    console.out.print(table)
