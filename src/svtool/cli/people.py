"""`svtool people`: the names a rep knows they will write about, always found and replaced."""

from __future__ import annotations

import typer

from svtool.cli.app import app, state

people_app = typer.Typer(
    help=(
        "Your people register: the pupils, parents and colleagues you write about. Their names "
        "are always found (any case, whole or in part) and replaced by [child], [parent], "
        "[staff] or [name]. The register stays on this computer."
    ),
    no_args_is_help=True,
)
app.add_typer(people_app, name="people")


@people_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The name as you write it, e.g. 'Jayden Okafor'."),
    role: str = typer.Option(
        "child", "--role", "-r", help="child, parent, staff or other: decides the placeholder."
    ),
) -> None:
    """Add a name to your register (or change its role).

    Example: svtool people add "Jayden Okafor" --role child
    """
    from svtool import console, people

    added = people.add(people.register_path(state(ctx).db), name, role)
    person = added.person
    shown = people.placeholder(person.role)
    titles = people.titles_in(name)
    if titles:
        console.note(
            f"Left out {', '.join(titles)}: titles are not part of a name in the register "
            "(they stay as you write them, e.g. 'Mrs [parent]')."
        )
    if not added.changed:
        console.note(f"{person.name} ({person.role}) is already in your people register.")
    elif added.old_role:
        console.note(
            f"Changed {person.name} from {added.old_role} to {person.role} in your people "
            f"register: it will now be shown as {shown}."
        )
    else:
        console.note(
            f"Added {person.name} ({person.role}) to your people register: it will be found and "
            f"shown as {shown} wherever your evidence leaves this computer."
        )
    everyday = people.everyday_parts(person.name)
    if everyday and added.changed and not added.old_role:
        words = " and ".join(f"'{w}'" for w in everyday)
        verb = "are everyday words" if len(everyday) > 1 else "is an everyday word"
        first, last = everyday[0], everyday[-1]
        them, read = ("them", "they read") if len(everyday) > 1 else ("it", "it reads")
        console.warn(
            f"{words} {verb} too, so alone svtool finds {them} only where {read} as a name: "
            f"with the rest of the name ('{person.name}'), after a title ('Mrs {last}'), or "
            f"with a capital mid-sentence and a cue (\"{first}'s mum\", '{first} (Y4)'). "
            "Elsewhere the word is left as it is: check what you write."
        )


@people_app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="Print the register as JSON."),
) -> None:
    """Show the names in your register."""
    from svtool import console, people

    found = people.load(people.register_path(state(ctx).db))
    if json_:
        console.print_json([p.as_json() for p in found])
        return
    if not found:
        console.note(
            'Your people register is empty. Add the names you write about: svtool people add "NAME" --role child'
        )
        return
    from rich.table import Table

    from svtool.words import count

    title = f"{count(len(found), 'name')} in your people register"
    table = Table(title=console.text(title), title_justify="left")
    for column in ("Name", "Role", "Shown as"):
        table.add_column(column)
    for p in found:
        table.add_row(console.text(p.name), p.role, console.text(people.placeholder(p.role)))
    console.out.print(table)


@people_app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The name as it is in the register (any case)."),
) -> None:
    """Remove a name from your register."""
    from svtool import console, people
    from svtool.errors import SvtoolError

    gone = people.remove(people.register_path(state(ctx).db), name)
    if gone is None:
        raise SvtoolError(
            f"No one called {' '.join(name.split())!r} is in your people register.",
            hint="See the names with `svtool people list`.",
        )
    console.note(f"Removed {gone.name} from your people register.")
