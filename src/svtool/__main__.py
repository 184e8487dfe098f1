"""Entry point: answers --version before the CLI framework loads, then hands over to Typer."""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from svtool import __version__

        sys.stdout.write(f"svtool {__version__}\n")
        return
    completing = "_SVTOOL_COMPLETE" in os.environ  # shell completion calls svtool with no arguments
    if (
        args in ([], ["--help"], ["-h"])
        and not completing
        and not os.environ.get("SVTOOL_NO_FASTPATH")
    ):
        # The same text Typer renders (kept current by a test), without loading Typer and rich.
        from svtool._help import HELP

        sys.stdout.write(HELP)
        return
    from svtool.cli import run

    run()


if __name__ == "__main__":
    main()
