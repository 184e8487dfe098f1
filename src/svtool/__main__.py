"""Entry point: answers --version before the CLI framework loads, then hands over to Typer."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from svtool import __version__

        sys.stdout.write(f"svtool {__version__}\n")
        return
    from svtool.cli import run

    run()


if __name__ == "__main__":
    main()
