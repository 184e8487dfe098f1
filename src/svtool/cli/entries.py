"""`svtool log`, `list` and `show`: recording evidence and finding it again."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from svtool.cli import complete
from svtool.cli.app import app, state
from svtool.cli.cards import render_entry
from svtool.cli.entry_options import (
    AttachOption,
    AuthorityOption,
    ConsultedOption,
    DateOption,
    DetailsFileOption,
    DetailsOption,
    EntryOptions,
    ImpactOption,
    JsonOption,
    LearnersOption,
    OutcomeOption,
    PostsCutOption,
    QuestionOption,
    RedactOption,
    RoleCutOption,
    SectionOption,
    SettingOption,
    SourceOption,
    StaffLeftOption,
    StaffOption,
    StatusOption,
    StrategyOption,
    StricterTargetsOption,
    SummaryOption,
    TagOption,
    TimescaleExtendedOption,
    YesOption,
    draft_from_options,
)
from svtool.evidence import split_values

if TYPE_CHECKING:
    from svtool.models import Entry

_MANY = "Repeat the option, or separate values with commas."
NARROW = 60  # columns: below this, `list` prints one entry per two lines instead of a table


@app.command()
def log(
    ctx: typer.Context,
    authority: AuthorityOption = None,
    section: SectionOption = None,
    question: QuestionOption = None,
    strategy: StrategyOption = None,
    summary: SummaryOption = None,
    details: DetailsOption = None,
    details_file: DetailsFileOption = None,
    date: DateOption = None,
    setting: SettingOption = None,
    source: SourceOption = None,
    learners: LearnersOption = None,
    staff: StaffOption = None,
    impact: ImpactOption = None,
    tag: TagOption = None,
    timescale_extended: TimescaleExtendedOption = None,
    stricter_targets: StricterTargetsOption = None,
    posts_cut: PostsCutOption = None,
    role_cut: RoleCutOption = None,
    staff_left: StaffLeftOption = None,
    consulted: ConsultedOption = None,
    status: StatusOption = None,
    outcome: OutcomeOption = None,
    attach: AttachOption = None,
    redact: RedactOption = False,
    yes: YesOption = False,
    json_: JsonOption = False,
) -> None:
    """Record one piece of evidence. Asks for anything missing when run in a terminal.

    In a script (standard input not a terminal) svtool cannot ask, so give at least: --authority (or set default_authority), --question (or --section), --summary, --date, --setting (or set default_setting) and --source, and --strategy with question 2.1. Anything missing is named and nothing is saved (exit status 2).

    Example: svtool log -a Kent -q 2.1 --strategy hours-cap --summary "Outreach capped at 10 hours" --date today --setting mainstream-primary --source first-hand
    """
    from svtool import config, console
    from svtool.evidence import build_entry, missing_options, require_all

    options = EntryOptions(
        authority=authority,
        section=section,
        question=question,
        strategy=strategy,
        summary=summary,
        details=details,
        details_file=details_file,
        date=date,
        setting=setting,
        source=source,
        learners=learners,
        staff=staff,
        impact=impact,
        tag=tag,
        timescale_extended=timescale_extended,
        stricter_targets=stricter_targets,
        posts_cut=posts_cut,
        role_cut=role_cut,
        staff_left=staff_left,
        consulted=consulted,
        status=status,
        outcome=outcome,
        attach=attach,
        redact=redact,
        yes=yes,
        json_=json_,
    )
    draft = draft_from_options(options)
    settings = config.load()  # the rep's defaults spare typing the same authority every time
    files = list(options.attach or [])
    if files:
        from svtool.attachments import check_files, max_bytes

        check_files(files, max_bytes(settings))
    default_authority = settings.get("default_authority")
    draft.setting = draft.setting or settings.get("default_setting")
    interactive = console.can_ask() and options.details != "-"
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
                confirm=not options.yes,
                redact=options.redact,
                default_authority=default_authority,
            )
        else:
            entry = check_personal_data(build_entry(draft), redact=options.redact)
        from svtool.evidence import save_entry

        save_entry(store, entry, files)
    if files:
        from svtool.cli.files import warn_personal_data_in

        warn_personal_data_in(files)
    if options.json_:
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
    from svtool.words import count

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
    flt.limit = limit
    with state(ctx).open_store() as store:
        rows = list(store.rows(flt))
    if json_:
        console.print_json(rows)
        return
    if not rows:
        with state(ctx).open_store() as store:
            total = store.count()
        if total:
            console.note(
                f"Nothing matches these filters ({count(total, 'entry', 'entries')} in all)."
            )
        else:
            console.note("No evidence recorded yet. Record some with `svtool log`.")
        return
    from svtool.dates import day_month_year

    title = count(len(rows), "entry", "entries")
    if console.out.width < NARROW:
        # A table would squeeze every column to a few characters and cut the words short.
        from rich.text import Text

        lines = Text(title)
        for r in rows:
            lines.append("\n")
            lines.append_text(
                console.text(
                    f"{r['id'][:8]}  {day_month_year(r['occurred_on'])}  {r['authority_name']}  "
                    f"{', '.join(r['questions'])}",
                    one_line=True,
                )
            )
            lines.append("\n  ")
            lines.append_text(console.text(r["summary"], one_line=True))
        console.out.print(lines, overflow="fold")
        return
    from rich.table import Table

    table = Table(title=console.text(title), title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Authority")
    table.add_column("Questions")
    table.add_column("Summary", overflow="fold")
    for r in rows:
        table.add_row(
            r["id"][:8],
            day_month_year(r["occurred_on"]),
            console.text(r["authority_name"], one_line=True),
            ", ".join(r["questions"]),
            console.text(r["summary"], one_line=True),
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
    from svtool.words import count

    findings = scan_fields(entry.as_json())
    if not findings:
        return entry
    if redact:
        values, _ = redact_fields(entry.as_json())
        console.note(
            f"Replaced {count(len(findings), 'possible item')} of personal data with placeholders."
        )
        return validate_entry(values)
    for f in findings:
        console.warn(f.describe())
    console.warn("record what the authority did, never who the child is; --redact replaces these")
    return entry
