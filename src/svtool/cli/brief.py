"""`svtool brief`: the evidence for one authority on two pages, for a meeting."""

from __future__ import annotations

import typer

from svtool.cli.app import app, state


@app.command()
def brief(
    ctx: typer.Context,
    authority: str | None = typer.Option(
        None, "--authority", "-a", help="The local authority: name or DfE code."
    ),
    since: str | None = typer.Option(None, "--since", help="Only evidence from this date on."),
    until: str | None = typer.Option(None, "--until", help="Only evidence up to this date."),
    tag: list[str] | None = typer.Option(
        None, "--tag", help="Only evidence with this tag (repeat for any of several)."
    ),
    question: list[str] | None = typer.Option(
        None, "--question", "-q", help="Only evidence answering this question, e.g. 2.1."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="md|html|docx",
        help="md, html or docx (default: from --output, else md).",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (private to you); default: standard output.",
    ),
    asks: str | None = typer.Option(
        None,
        "--asks",
        metavar="FILE",
        help="A text file of your Local Association's asks, one a line "
        "(default: the file set with `svtool config set asks_file`).",
    ),
    no_suppress: bool = typer.Option(
        False,
        "--no-suppress",
        help="Show counts of 1 to 4 exactly, for your own copy (never for sharing).",
    ),
) -> None:
    """A two-page brief for a meeting with the authority or the Schools Forum.

    What we are seeing, what the law says, questions for the authority and your own asks.

    Example: svtool brief -a Kent --since 2025-09-01 -o kent-brief.docx
    """
    from svtool import config, console
    from svtool.brief import build_brief, parse_brief, render_brief
    from svtool.report import write_private

    request = parse_brief(
        authority=authority,
        since=since,
        until=until,
        tags=tag,
        questions=question,
        fmt=fmt,
        output=output,
        asks=asks,
        no_suppress=no_suppress,
        settings=config.load(),
    )
    with state(ctx).open_store() as store:
        context = build_brief(store, request)
    content = render_brief(context, request.fmt)
    n = context.entries
    about = f"the {request.authority.name} brief ({n:,} {'entry' if n == 1 else 'entries'}, {context.period})"
    if request.output is None:
        assert isinstance(content, str)  # a Word document always goes to a file
        console.write_document(content, request.fmt)
        console.note(f"Wrote {about} to standard output.")
    else:
        write_private(request.output, content)
        console.note(f"Wrote {about} to {request.output}")
    if not n:
        console.warn(
            f"There is no evidence for {request.authority.name} in this selection: the brief "
            "only asks the authority questions."
        )
    if not context.fits:
        console.warn(
            "The brief may run over two A4 pages, even with fewer examples: shorten your asks."
        )
    if not request.suppress:
        console.warn("This copy shows counts of 1 to 4 exactly: keep it to yourself.")
    if not request.asks:
        console.note(
            "Add your Local Association's asks with --asks FILE (one a line), or once with "
            "`svtool config set asks_file FILE`."
        )
