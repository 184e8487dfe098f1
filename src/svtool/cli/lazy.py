"""Running one command with only its own module loaded: `svtool report` need not import the code
of twenty other commands (about 0.04 s of every start).

Only when the arguments plainly name one command (after the global --db, if given) and ask for no
help: help lists every command, in the groups and with the escaping that `svtool.cli.main` sets
up, so help, shell completion, groups of commands and anything unrecognised load the whole
command line. A test checks that each name below is the command its module registers.
"""

from __future__ import annotations

from importlib import import_module

# The module in svtool.cli that registers each command.
COMMAND_MODULES: dict[str, str] = {
    "log": "entries",
    "list": "entries",
    "show": "entries",
    "search": "living",
    "edit": "living",
    "history": "living",
    "delete": "living",
    "restore": "living",
    "attach": "files",
    "open": "files",
    "report": "report",
    "brief": "brief",
    "export": "exchange",
    "import": "exchange",
    "decrypt": "exchange",
    "keygen": "exchange",
    "checklist": "reference",
    "authorities": "reference",
    "scan": "privacy",
    "purge": "privacy",
    "backup": "maintenance",
    "doctor": "maintenance",
    "browse": "browse",
}
_HELP = frozenset(("--help", "-h"))


def command_module(args: list[str]) -> str | None:
    """The module of the one command these arguments run, or None to load them all."""
    rest = list(args)
    if rest[:1] == ["--db"]:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        rest = rest[1:]
    if not rest or _HELP.intersection(rest):
        return None
    return COMMAND_MODULES.get(rest[0])


def run(args: list[str]) -> None:
    """Run the command line on `args` (sys.argv[1:]), loading only what it needs."""
    module = command_module(args)
    if module is None:
        from svtool.cli.main import run as run_all

        run_all()
        return
    import_module(f"svtool.cli.{module}")
    from svtool.cli.app import run as run_one

    run_one()
