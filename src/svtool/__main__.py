"""Entry point: answers --version before the CLI framework loads, then hands over to Typer."""

from __future__ import annotations

import os
import sys


def utf8_output() -> None:
    """Write UTF-8 whatever the locale: evidence is UTF-8 text, and an ASCII-only locale (LANG=C
    with Python's UTF-8 mode turned off) must not turn `svtool list` into a crash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def utf8_arguments() -> None:
    """In an ASCII-only locale Python decodes arguments as ASCII, so 'Zoë' typed in a UTF-8
    terminal arrives as 'Zo\\udcc3\\udcab'; recover the text the rep typed."""
    if sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return
    fixed = []
    for arg in sys.argv:
        try:
            fixed.append(os.fsencode(arg).decode("utf-8"))
        except (UnicodeError, ValueError):
            fixed.append(arg)
    sys.argv[:] = fixed


def main() -> None:
    utf8_output()
    utf8_arguments()
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
    if completing and not os.environ.get("SVTOOL_NO_FASTPATH"):
        # Values from a fixed list are offered without loading Typer (see quickcomplete).
        from svtool.quickcomplete import answer

        status = answer()
        if status is not None:
            sys.exit(status)
    if "log" in args[:3] and not completing and not os.environ.get("SVTOOL_NO_FASTPATH"):
        # An entry given in full is stored without loading Typer and pydantic (see quicklog).
        from svtool.quicklog import run as quick_log

        status = quick_log(args)
        if status is not None:
            sys.exit(status)
    from svtool.cli.lazy import run

    run(args)


if __name__ == "__main__":
    main()
