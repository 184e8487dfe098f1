"""`svtool log`, `list` and `show`: recording evidence and finding it again."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from svtool.cli import complete
from svtool.cli.app import app, state
from svtool.cli.cards import render_entry
from svtool.evidence import Draft, split_values

if TYPE_CHECKING:
    from svtool.models import Entry

_MANY = "Repeat the option, or separate values with commas."
NARROW = 60  # columns: below this, `list` prints one entry per two lines instead of a table


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


def _entry_options(
    ctx: typer.Context,
    authority: str | None = typer.Option(
        None,
        "--authority",
        "-a",
        help="Local authority: name or DfE code.",
        autocompletion=complete.authorities,
    ),
    section: str | None = typer.Option(
        None,
        "--section",
        "-s",
        help="Checklist section: 1-6 or other, or a word such as access, staff, health.",
        autocompletion=complete.sections,
    ),
    question: list[str] | None = typer.Option(
        None,
        "--question",
        "-q",
        help=f"Question id, e.g. 2.1. {_MANY}",
        autocompletion=complete.questions,
    ),
    strategy: list[str] | None = typer.Option(
        None,
        "--strategy",
        help=f"For 2.1: how access is limited, e.g. hours-cap. {_MANY}",
        autocompletion=complete.strategies,
    ),
    summary: str | None = typer.Option(None, "--summary", help="One line, up to 200 characters."),
    details: str | None = typer.Option(
        None, "--details", help="The full account; '-' reads standard input."
    ),
    details_file: Path | None = typer.Option(
        None, "--details-file", help="Read the details from a text file."
    ),
    date: str | None = typer.Option(
        None, "--date", help="When it happened: YYYY-MM-DD, DD/MM/YYYY, today or yesterday."
    ),
    setting: str | None = typer.Option(
        None,
        "--setting",
        help="Where: e.g. mainstream-primary, special-school.",
        autocompletion=complete.settings,
    ),
    source: str | None = typer.Option(
        None,
        "--source",
        help="How you know: e.g. first-hand, la-document, foi.",
        autocompletion=complete.sources,
    ),
    learners: str | None = typer.Option(
        None, "--learners", help="How many learners were affected."
    ),
    staff: str | None = typer.Option(None, "--staff", help="How many staff were affected."),
    impact: list[str] | None = typer.Option(
        None, "--impact", help=f"e.g. workload, wellbeing. {_MANY}", autocompletion=complete.impacts
    ),
    tag: list[str] | None = typer.Option(None, "--tag", help=f"Your own labels. {_MANY}"),
    timescale_extended: str | None = typer.Option(
        None,
        "--timescale-extended",
        help="For 1.7.1: has the DfE extended the timescale? yes or no.",
    ),
    stricter_targets: str | None = typer.Option(
        None, "--stricter-targets", help="For 1.7.2: forced to set stricter targets? yes or no."
    ),
    posts_cut: str | None = typer.Option(
        None, "--posts-cut", help="For 4.1: how many posts were cut."
    ),
    role_cut: list[str] | None = typer.Option(
        None,
        "--role-cut",
        help=f"For 4.1: which roles were cut, e.g. teaching-assistant. {_MANY}",
        autocompletion=complete.roles,
    ),
    staff_left: str | None = typer.Option(
        None, "--staff-left", help="For 4.2: how many staff left."
    ),
    consulted: list[str] | None = typer.Option(
        None,
        "--consulted",
        help=f"For 6.2: who is consulted, e.g. schools-forum. {_MANY}",
        autocompletion=complete.consultees,
    ),
    status: str | None = typer.Option(
        None,
        "--status",
        help="Follow-up: not-raised, raised-with-school, raised-with-la, escalated or resolved.",
        autocompletion=complete.statuses,
    ),
    outcome: str | None = typer.Option(None, "--outcome", help="What came of raising it."),
    attach: list[Path] | None = typer.Option(
        None, "--attach", help="Attach a document (the plan, minutes, a letter); repeatable."
    ),
    redact: bool = typer.Option(
        False, "--redact", help="Replace anything that looks like personal data with a placeholder."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Save without asking for confirmation."),
    json_: bool = typer.Option(False, "--json", help="Print the stored entry as JSON."),
) -> None:
    """The options `log` and `edit` share; declared once so the two never drift apart."""


def options_like(
    template: Callable[..., None], *leading: inspect.Parameter
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the template's options (and any leading arguments) for Typer to read."""
    signature = inspect.signature(template, eval_str=True)
    params = list(signature.parameters.values())
    params = [params[0], *leading, *params[1:]]

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        func.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        func.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        return func

    return decorate


def draft_from_options(options: dict[str, Any]) -> Draft:
    """Options as typed, in the shape evidence.build_entry checks."""
    return Draft(
        authority=options["authority"],
        section=options["section"],
        questions=split_values(options["question"]),
        strategies=split_values(options["strategy"]),
        summary=options["summary"],
        details=_read_details(options["details"], options["details_file"]),
        date=options["date"],
        setting=options["setting"],
        source=options["source"],
        learners=options["learners"],
        staff=options["staff"],
        impacts=split_values(options["impact"]),
        tags=split_values(options["tag"]),
        timescale_extended=options["timescale_extended"],
        stricter_targets=options["stricter_targets"],
        posts_cut=options["posts_cut"],
        roles_cut=split_values(options["role_cut"]),
        staff_left=options["staff_left"],
        consulted=split_values(options["consulted"]),
        status=options["status"],
        outcome=options["outcome"],
    )


@app.command()
@options_like(_entry_options)
def log(ctx: typer.Context, **options: Any) -> None:
    """Record one piece of evidence. Asks for anything missing when run in a terminal.

    Example: svtool log -a Kent -q 2.1 --strategy hours-cap --summary "Outreach capped at 10 hours"
    --date today --setting mainstream-primary --source first-hand
    """
    from svtool import config, console
    from svtool.evidence import build_entry, missing_options, require_all

    draft = draft_from_options(options)
    settings = config.load()  # the rep's defaults spare typing the same authority every time
    files = list(options["attach"] or [])
    if files:
        from svtool.attachments import check_files, max_bytes

        check_files(files, max_bytes(settings))
    default_authority = settings.get("default_authority")
    draft.setting = draft.setting or settings.get("default_setting")
    yes, json_ = options["yes"], options["json_"]
    interactive = sys.stdin.isatty() and options["details"] != "-"
    if not interactive or not missing_options(draft, default_authority):
        draft.authority = draft.authority or default_authority
    store = state(ctx).open_store()
    with store:
        if missing_options(draft):
            if not interactive:
                require_all(draft)
            from svtool.cli.walk import walk

            entry = walk(
                draft,
                confirm=not yes,
                redact=options["redact"],
                default_authority=default_authority,
            )
        else:
            entry = check_personal_data(build_entry(draft), redact=options["redact"])
        from svtool.evidence import save_entry

        save_entry(store, entry, files)
    if files:
        from svtool.cli.files import warn_personal_data_in

        warn_personal_data_in(files)
    if json_:
        console.print_json(entry.as_json())
    else:
        sys.stdout.write(entry.id + "\n")
        console.note(f"Saved evidence for {entry.authority_name} (section {entry.section}).")


@app.command("list")
def list_(
    ctx: typer.Context,
    authority: str | None = typer.Option(
        None,
        "--authority",
        "-a",
        help="Only this local authority.",
        autocompletion=complete.authorities,
    ),
    section: str | None = typer.Option(
        None,
        "--section",
        "-s",
        help="Only this checklist section.",
        autocompletion=complete.sections,
    ),
    question: list[str] | None = typer.Option(
        None,
        "--question",
        "-q",
        help=f"Only these questions. {_MANY}",
        autocompletion=complete.questions,
    ),
    strategy: list[str] | None = typer.Option(
        None,
        "--strategy",
        help=f"Only these 2.1 strategies. {_MANY}",
        autocompletion=complete.strategies,
    ),
    since: str | None = typer.Option(None, "--since", help="Only evidence from this date on."),
    until: str | None = typer.Option(None, "--until", help="Only evidence up to this date."),
    tag: list[str] | None = typer.Option(
        None, "--tag", help=f"Only entries with these tags. {_MANY}"
    ),
    status: list[str] | None = typer.Option(
        None,
        "--status",
        help=f"Only these follow-up statuses, e.g. raised-with-la. {_MANY}",
        autocompletion=complete.statuses,
    ),
    search: str | None = typer.Option(
        None, "--search", help="Only entries whose summary, details or outcome contain these words."
    ),
    limit: int | None = typer.Option(
        None, "--limit", "-n", min=1, help="Show at most this many (newest)."
    ),
    json_: bool = typer.Option(False, "--json", help="Print a JSON array of entries."),
) -> None:
    """List recorded evidence, oldest first, with filters."""
    from svtool import console
    from svtool.selection import build_filter

    flt = build_filter(
        authority=authority,
        section=section,
        questions=split_values(question),
        strategies=split_values(strategy),
        since=since,
        until=until,
        tags=split_values(tag),
        statuses=split_values(status),
        search=search,
    )
    with state(ctx).open_store() as store:
        rows = list(store.rows(flt))
    if limit:
        rows = rows[-limit:]
    if json_:
        console.print_json(rows)
        return
    if not rows:
        with state(ctx).open_store() as store:
            total = store.count()
        if total:
            console.note(f"Nothing matches these filters ({total} entries in all).")
        else:
            console.note("No evidence recorded yet. Record some with `svtool log`.")
        return
    if console.out.width < NARROW:
        # A table would squeeze every column to a few characters and cut the words short.
        lines = [f"{len(rows)} entries"]
        for r in rows:
            lines.append(
                f"{r['id'][:8]}  {r['occurred_on']}  {r['authority_name']}  "
                f"{', '.join(r['questions'])}"
            )
            lines.append(f"  {r['summary']}")
        console.out.print("\n".join(lines), markup=False, overflow="fold")
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} entries", title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Authority")
    table.add_column("Questions")
    table.add_column("Summary")
    for r in rows:
        table.add_row(
            r["id"][:8],
            r["occurred_on"],
            r["authority_name"],
            ", ".join(r["questions"]),
            r["summary"],
        )
    console.out.print(table)


@app.command()
def show(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    json_: bool = typer.Option(False, "--json", help="Print the entry as JSON."),
) -> None:
    """Show one entry in full."""
    from svtool import console
    from svtool.attachments import for_entry

    with state(ctx).open_store() as store:
        entry = store.get(entry_id)
        files = for_entry(store, entry.id)
    if json_:
        console.print_json(entry.as_json() | {"attachments": [a.as_json() for a in files]})
        return
    console.out.print(render_entry(entry, [f"{a.name} ({a.size:,} bytes)" for a in files]))


def check_personal_data(entry: Entry, *, redact: bool) -> Entry:
    """Without a terminal: warn about each finding (or, with --redact, replace them all)."""
    from svtool import console
    from svtool.models import validate_entry
    from svtool.privacy import redact_fields, scan_fields

    findings = scan_fields(entry.as_json())
    if not findings:
        return entry
    if redact:
        values, _ = redact_fields(entry.as_json())
        console.note(
            f"Replaced {len(findings)} possible item(s) of personal data with placeholders."
        )
        return validate_entry(values)
    for f in findings:
        console.warn(f.describe())
    console.warn("record what the authority did, never who the child is; --redact replaces these")
    return entry
