"""The command line: thin commands over the library (parse, call one library function, print).

Importing the package loads nothing. `svtool.cli.app` is the Typer app and the plumbing commands
share; each command module registers its commands on it; `svtool.cli.main` imports them all and
is the assembled command line (`from svtool.cli.main import app, run`); `svtool.cli.lazy` runs one
command with only its own module loaded.
"""
