"""The whole command line: every command module registered on the app, ordered for help.

`svtool.cli.app` holds the Typer app and the plumbing every command shares; each command module
registers its commands on that app when imported; this module imports them all.
"""

from __future__ import annotations

import typer

from svtool.cli import (
    brief,
    browse,
    entries,
    exchange,
    files,
    living,
    maintenance,
    people,
    privacy,
    reference,
    report,
)
from svtool.cli.app import app, run

__all__ = ["app", "run"]
_COMMAND_MODULES = (
    brief,
    browse,
    entries,
    exchange,
    files,
    living,
    maintenance,
    people,
    privacy,
    reference,
    report,
)

PANELS = {
    "Record and find evidence": (
        "log",
        "list",
        "show",
        "search",
        "edit",
        "history",
        "delete",
        "restore",
        "attach",
        "open",
        "attachment",
    ),
    "Report and send": ("report", "brief", "export", "config"),
    "Reference": ("checklist", "authorities"),
    "Safety and privacy": ("scan", "people", "backup", "doctor", "purge"),
    "For head office": ("import", "decrypt", "keygen", "browse"),
}


def _group_commands() -> None:
    """Show commands in groups a rep can scan, in the order they are likely to need them."""
    panel_of = {name: panel for panel, names in PANELS.items() for name in names}
    order = {name: n for n, name in enumerate(n for names in PANELS.values() for n in names)}
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        info.rich_help_panel = panel_of.get(name, "Other")
    for group in app.registered_groups:
        group.rich_help_panel = panel_of.get(group.name or "", "Other")
    app.registered_commands.sort(
        key=lambda i: order.get(i.name or (i.callback.__name__ if i.callback else ""), 99)
    )


_group_commands()


def _help_as_written(typer_app: typer.Typer, done: set[int] | None = None) -> None:
    """Help is rendered with rich, which reads [brackets] as markup: "placeholders such as
    [UPN]" would lose its [UPN]. Escape every help text once, here, so it shows as written."""
    import inspect

    from rich.markup import escape

    done = set() if done is None else done
    for info in typer_app.registered_commands:
        if info.callback is None:
            continue
        info.help = escape(info.help or inspect.getdoc(info.callback) or "")
        for param in inspect.signature(info.callback).parameters.values():
            default = param.default
            if id(default) not in done and isinstance(getattr(default, "help", None), str):
                done.add(id(default))
                default.help = escape(default.help)
    for group in typer_app.registered_groups:
        # A group's own help (`typer.Typer(help=...)` or `add_typer(help=...)`) is rendered too.
        for group_info in (group, group.typer_instance.info if group.typer_instance else None):
            if (
                group_info is not None
                and isinstance(group_info.help, str)
                and id(group_info) not in done
            ):
                done.add(id(group_info))
                group_info.help = escape(group_info.help)
        if group.typer_instance is not None:
            _help_as_written(group.typer_instance, done)


_help_as_written(app)
