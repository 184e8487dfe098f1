"""`svtool edit`, `history`, `delete`, `restore` and `search`: evidence that develops."""

from __future__ import annotations

import sys

import typer

from svtool.cli import complete
from svtool.cli.app import app, state
from svtool.cli.cards import field_label, render_entry, short, when
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

_LIST_OPTIONS = {"question", "strategy", "impact", "tag", "role_cut", "consulted"}
_DRAFT_NAMES = {
    "question": "questions",
    "strategy": "strategies",
    "impact": "impacts",
    "tag": "tags",
    "role_cut": "roles_cut",
}


@app.command()
def edit(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
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
    """Change an entry: a new revision is stored and the old one kept in its history.

    With no options in a terminal, it walks through every field with the current values as
    defaults. Options replace what they name; an empty value (--learners "") clears it.
    Example: svtool edit 3f2a9c --status raised-with-la --outcome "LA agreed to review"
    """
    from svtool import console
    from svtool.living import Changes, draft_from_entry, edited_entry, save_edit

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
    given = options.given()
    with state(ctx).open_store() as store:
        current = store.get(entry_id)
        if given or options.redact or options.attach:
            typed = draft_from_options(options)
            changes = Changes(
                {
                    _DRAFT_NAMES.get(k, k): getattr(typed, _DRAFT_NAMES.get(k, k))
                    for k in given
                    if k != "details_file"
                }
                | ({"details": typed.details} if "details_file" in given else {})
            )
            from svtool.cli.entries import check_personal_data

            new = check_personal_data(
                edited_entry(current, changes.apply(draft_from_entry(current))),
                redact=options.redact,
            )
        elif console.can_ask():
            from svtool.cli.walk import walk

            new = walk(
                draft_from_entry(current),
                confirm=not options.yes,
                edit_of=current,
                redact=options.redact,
            )
        else:
            from svtool.errors import BadInput, Problem

            raise BadInput(
                Problem(
                    "", "say what to change (e.g. --summary, --status), or run it in a terminal"
                )
            )
        result = save_edit(store, current, new, redact=options.redact)
        if options.attach:
            from svtool import attachments
            from svtool.cli.files import limit, warn_personal_data_in

            for a in attachments.attach(store, current.id, list(options.attach), limit()):
                console.note(f"Attached {a.name} to entry {a.entry_id[:8]}.")
            warn_personal_data_in(list(options.attach))
    if options.json_:
        console.print_json(new.as_json() if result.saved else current.as_json())
    elif result.saved:
        sys.stdout.write(new.id + "\n")
        console.note(f"Saved revision {new.revision} of entry {new.id[:8]}.")
    elif not result.cleaned:
        console.note("Nothing changed; no new revision was made.")
    if result.cleaned:
        from svtool.words import count

        revisions = count(len(result.cleaned), "earlier revision")
        console.note(
            f"Replaced personal data in {revisions} of entry {current.id[:8]} too "
            "(`svtool history` still shows what changed and when)."
        )
        if not result.saved:
            console.note("The current text had none, so no new revision was made.")


@app.command()
def history(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    json_: bool = typer.Option(False, "--json", help="Print every revision as JSON."),
) -> None:
    """Show every revision of an entry: when, and what changed field by field."""
    from svtool import console
    from svtool.living import history as load

    with state(ctx).open_store() as store:
        revisions = load(store, entry_id)
    if json_:
        console.print_json(
            [
                {
                    "revision": r.revision,
                    "revised_at": r.revised_at,
                    "change": r.change,
                    "reason": r.reason,
                    "changes": [{"field": f, "old": old, "new": new} for f, old, new in r.changes],
                    "entry": r.data,
                }
                for r in revisions
            ]
        )
        return
    from svtool.words import count

    for r in revisions:
        heading = console.join(
            (f"Revision {r.revision}", "bold"), f" {r.change} {when(r.revised_at)}"
        )
        if r.reason:
            heading.append_text(console.join(" (", console.text(r.reason, one_line=True), ")"))
        console.out.print(heading)
        for name, old, new in r.changes:
            console.out.print(
                console.join(
                    "  ",
                    field_label(name),
                    ": ",
                    console.text(short(old)),
                    " → ",
                    console.text(short(new)),
                )
            )
    console.out.print(
        console.join(
            "\n", count(len(revisions), "revision"), ". `svtool show ID` shows the current one."
        )
    )


@app.command()
def delete(
    ctx: typer.Context,
    entry_id: str = complete.entry_id_argument(),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept in the entry's history)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking for confirmation."),
) -> None:
    """Delete an entry: it leaves lists, reports and searches; the next export tells head office.

    `svtool restore ID` brings it back.
    """
    from rich.prompt import Confirm

    from svtool import console
    from svtool.errors import Declined
    from svtool.living import delete_entry

    with state(ctx).open_store() as store:
        entry = store.get(entry_id)
        if not yes:
            if not sys.stdin.isatty():
                from svtool.errors import BadInput, Problem

                raise BadInput(
                    Problem(
                        "--yes", "is required to delete when svtool cannot ask for confirmation"
                    )
                )
            console.err.print(render_entry(entry))
            if not Confirm.ask("Delete this entry?", console=console.err, default=False):
                raise Declined("Not deleted.")
        done = delete_entry(store, entry.id, reason)
    console.note(
        f"Deleted entry {done['id'][:8]} ({done['summary']}). `svtool restore {done['id'][:8]}` undoes it."
    )


@app.command()
def restore(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The deleted entry's id, or its first 6 or more characters."
    ),
) -> None:
    """Undo a deletion."""
    from svtool import console
    from svtool.living import restore_entry

    with state(ctx).open_store() as store:
        done = restore_entry(store, entry_id)
    console.note(f"Restored entry {done['id'][:8]} ({done['summary']}).")


@app.command()
def search(
    ctx: typer.Context,
    words: list[str] = typer.Argument(
        ..., metavar="WORDS...", help='Words to find (all must appear; "quotes" for a phrase).'
    ),
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
        None, "--question", "-q", help="Only these questions.", autocompletion=complete.questions
    ),
    strategy: list[str] | None = typer.Option(
        None, "--strategy", help="Only these 2.1 strategies.", autocompletion=complete.strategies
    ),
    since: str | None = typer.Option(None, "--since", help="Only evidence from this date on."),
    until: str | None = typer.Option(None, "--until", help="Only evidence up to this date."),
    tag: list[str] | None = typer.Option(None, "--tag", help="Only entries with these tags."),
    status: list[str] | None = typer.Option(
        None, "--status", help="Only these follow-up statuses.", autocompletion=complete.statuses
    ),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="Show at most this many."),
    json_: bool = typer.Option(False, "--json", help="Print the matches as JSON, best first."),
) -> None:
    """Search summaries, details and outcomes; best matches first, with the words highlighted."""
    query = " ".join(words)
    from svtool import console
    from svtool.evidence import split_values
    from svtool.living import HIGHLIGHT_END, HIGHLIGHT_START
    from svtool.living import search as run_search
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
        search=query,
    )
    flt.search = None  # the query ranks; it is not also a filter
    with state(ctx).open_store() as store:
        found = run_search(store, query, flt, limit)
    if json_:
        for r in found:
            r["snippet"] = r["snippet"].replace(HIGHLIGHT_START, "«").replace(HIGHLIGHT_END, "»")
        console.print_json(found)
        return
    if not found:
        console.note(f"Nothing matches {query!r}.")
        return
    from rich.table import Table
    from rich.text import Text

    from svtool.words import count

    title = console.join(
        count(len(found), "match", "matches"), " for ", console.text(query, one_line=True)
    )
    table = Table(title=title, title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Authority")
    table.add_column("Match", overflow="fold")
    for r in found:
        snippet = Text()
        for n, piece in enumerate(_pieces(r["snippet"], HIGHLIGHT_START, HIGHLIGHT_END)):
            snippet.append_text(console.text(piece, "bold yellow" if n % 2 else "", one_line=True))
        table.add_row(
            r["id"][:8], r["occurred_on"], console.text(r["authority_name"], one_line=True), snippet
        )
    console.out.print(table)


def _pieces(snippet: str, start: str, end: str) -> list[str]:
    """The snippet split at its highlight marks: plain, highlighted, plain, highlighted..."""
    pieces: list[str] = []
    rest = snippet
    while start in rest:
        before, _, rest = rest.partition(start)
        found, _, rest = rest.partition(end)
        pieces += [before, found]
    return [*pieces, rest]
