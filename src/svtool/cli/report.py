"""`svtool report`: summaries for one authority or across authorities, in Markdown or HTML."""

from __future__ import annotations

import sys

import typer

from svtool.cli.app import app, state


@app.command()
def report(
    ctx: typer.Context,
    authority: str | None = typer.Option(
        None, "--authority", "-a", help="One local authority: name or DfE code."
    ),
    all_: bool = typer.Option(False, "--all", help="Across all English local authorities."),
    programme: str | None = typer.Option(
        None,
        "--programme",
        "-p",
        metavar="PROGRAMME",
        help="Across one programme: safety-valve, dbv or none.",
    ),
    region: str | None = typer.Option(
        None, "--region", "-r", help="Across one region, e.g. 'North West'."
    ),
    since: str | None = typer.Option(None, "--since", help="Only evidence from this date on."),
    until: str | None = typer.Option(None, "--until", help="Only evidence up to this date."),
    tag: list[str] | None = typer.Option(
        None, "--tag", help="Only evidence with this tag (repeat for any of several)."
    ),
    question: list[str] | None = typer.Option(
        None, "--question", "-q", help="Only evidence answering this question, e.g. 2.1."
    ),
    status: list[str] | None = typer.Option(
        None, "--status", help="Only evidence with this follow-up status, e.g. raised-with-la."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="md|html|docx",
        help="md, html or docx for Word (default: from --output, else md).",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (private to you); default: standard output.",
    ),
    template: str | None = typer.Option(
        None, "--template", metavar="FILE", help="Your own Jinja2 template (.md or .html)."
    ),
    redact: bool = typer.Option(
        False,
        "--redact",
        help="Replace possible personal data (names, pupil numbers, phone numbers...) with "
        "placeholders such as [child] in all the text the report shows.",
    ),
    share: bool = typer.Option(
        False,
        "--share",
        help="For others: no individual entries, entry ids or follow-up; personal data replaced; "
        "counts of 1 to 4 shown as 'fewer than 5'.",
    ),
    no_suppress: bool = typer.Option(
        False, "--no-suppress", help="With --share: show small counts exactly (your own copy)."
    ),
    template_help: bool = typer.Option(
        False, "--template-help", help="List what a template can use, and exit."
    ),
) -> None:
    """Report the evidence for one authority, or compare authorities.

    Examples: svtool report -a Kent -o kent.html;  svtool report --programme safety-valve --since 2025-01-01
    """
    from svtool import console
    from svtool.report import build_report, describe, parse_request, render, write_private

    if template_help:
        sys.stdout.write("\n".join(describe()) + "\n")
        return
    request = parse_request(
        authority=authority,
        all_=all_,
        programme=programme,
        region=region,
        since=since,
        until=until,
        fmt=fmt,
        output=output,
        template=template,
        redact=redact,
        tags=tag,
        questions=question,
        statuses=status,
        share=share,
        no_suppress=no_suppress,
    )
    with state(ctx).open_store() as store:
        context = build_report(store, request)
    text = render(context, request.fmt, request.template)
    what = (
        context.authority.entries
        if context.authority
        else context.across.entries
        if context.across
        else 0
    )
    about = (
        f"the {request.authority.name} report"
        if request.authority
        else f"the report on {request.selection_text}"
    )
    summary = f"{about} ({what:,} {'entry' if what == 1 else 'entries'}, {context.period.text})"
    found = context.personal_data
    if request.output is None:
        assert isinstance(text, str)  # a Word document always goes to a file
        console.write_document(text, request.fmt)
        console.note(f"Wrote {summary} to standard output.")
    else:
        write_private(request.output, text)
        console.note(f"Wrote {summary} to {request.output}")
    if found.redacted and found.items:
        console.note(
            f"Replaced {found.items:,} possible item{'' if found.items == 1 else 's'} of personal "
            f"data ({found.summary}) in {found.entries:,} "
            f"{'entry' if found.entries == 1 else 'entries'} with placeholders."
        )
    elif found.entries:
        many = found.entries != 1
        console.warn(
            f"{found.entries:,} {'entries' if many else 'entry'} in this report may contain "
            f"personal data ({found.summary}); `svtool scan` lists them, `--redact` replaces them."
        )
