"""`svtool checklist` and `svtool authorities`: the reference lists reps choose from."""

from __future__ import annotations

import typer

from svtool import authorities as la
from svtool import checklist as cl
from svtool.cli.app import app


@app.command()
def checklist(
    json_: bool = typer.Option(
        False, "--json", help="Print the checklist as JSON for other tools."
    ),
) -> None:
    """Show the briefing's checklist: sections, questions and the ids to use with `log`."""
    from svtool import console

    if json_:
        console.print_json(cl.as_json())
        return
    from rich.tree import Tree

    tree = Tree(f"[bold]NASUWT evidence checklist[/] (version {cl.CHECKLIST_VERSION})")
    for s in cl.SECTIONS:
        branch = tree.add(f"[bold]{s.id}[/]  {s.title}  [dim](words: {', '.join(s.words[:3])})[/]")
        children: dict[str, Tree] = {}
        for q in s.questions:
            parent = children.get(q.parent, branch) if q.parent else branch
            node = parent.add(f"[cyan]{q.id}[/]  {q.text}")
            children[q.id] = node
            for strategy in q.strategies:
                node.add(f"[magenta]{strategy.id}[/]  {strategy.text}")
            for f in cl.extra_fields_for([q.id]):
                node.add(f"[dim]{f.option}: {f.prompt}[/]")
    console.out.print(tree)
    console.out.print(
        "\nSettings: "
        + ", ".join(cl.choice_ids(cl.SETTINGS))
        + "\nSources: "
        + ", ".join(cl.choice_ids(cl.SOURCES))
        + "\nImpacts: "
        + ", ".join(cl.choice_ids(cl.IMPACTS))
        + "\nFollow-up (--status): "
        + ", ".join(cl.choice_ids(cl.FOLLOW_UP_STATUSES))
        + "\nRoles (--role-cut, 4.1): "
        + ", ".join(cl.choice_ids(cl.ROLES))
        + "\nWho is consulted (--consulted, 6.2): "
        + ", ".join(cl.choice_ids(cl.CONSULTEES))
    )


@app.command()
def authorities(
    query: str | None = typer.Argument(None, help="A name, part of a name, or a DfE or ONS code."),
    programme: str | None = typer.Option(
        None, "--programme", "-p", help="Only safety-valve, dbv or none.", metavar="PROGRAMME"
    ),
    region: str | None = typer.Option(
        None, "--region", "-r", help="Only one region, e.g. 'South East'."
    ),
    json_: bool = typer.Option(False, "--json", help="Print JSON objects for other tools."),
) -> None:
    """List the English local authorities and which programme each is in."""
    from svtool import console
    from svtool.errors import BadInput, Problem

    problems: list[Problem] = []
    prog = reg = None
    try:
        prog = la.parse_programme(programme) if programme else None
    except BadInput as e:
        problems.extend(e.problems)
    try:
        reg = la.parse_region(region) if region else None
    except BadInput as e:
        problems.extend(e.problems)
    if problems:
        raise BadInput(problems)
    chosen = la.select(query, prog, reg)
    if query and not chosen:
        close = la.suggestions(query)
        hint = f"did you mean {' or '.join(close)}?" if close else "try part of the name"
        raise BadInput(Problem("QUERY", f"no English local authority matches {query!r}; {hint}"))
    if json_:
        console.print_json([a.as_json() for a in chosen])
        return
    from rich.table import Table

    from svtool.words import count

    title = count(len(chosen), "local authority", "local authorities")
    table = Table(title=console.text(title), title_justify="left")
    for column in ("Code", "Name", "Region", "Programme", "Since"):
        table.add_column(column)
    for a in chosen:
        # A head office list (authorities.csv in the config folder) may say anything.
        table.add_row(
            *(console.text(v) for v in (a.la_code, a.name, a.region, a.programme_name)),
            console.text(a.programme_since or ""),
        )
    console.out.print(table)
