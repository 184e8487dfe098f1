"""Shell completion of option values without loading Typer: the shell runs svtool on every Tab.

Handles one case, the common one: the word before the cursor is an option whose values are a
fixed list (`--strategy ho<Tab>`). Those values are stored in `_completion.py`, generated from
the CLI itself (`python -m svtool.cli.gen_help`; a test checks it is current). Anything else
(command and option names, entry ids, files, an authorities list of the rep's own) returns None
and Typer answers, as it always did. The output is Typer's, byte for byte, for bash, zsh, fish
and PowerShell (tested against Typer).
"""

from __future__ import annotations

import os
import re
import sys

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _split(text: str) -> list[str]:
    """Click's `split_arg_string`: shell words, keeping an unfinished quote's partial word."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def _words(shell: str) -> tuple[list[str], str] | None:
    """The complete words after the program name, and the word being completed (as Typer)."""
    env = os.environ
    if shell == "bash":
        if "COMP_WORDS" not in env or "COMP_CWORD" not in env:
            return None
        words = _split(env["COMP_WORDS"])
        cword = int(env["COMP_CWORD"])
        return words[1:cword], (words[cword] if cword < len(words) else "")
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)
    if shell in ("powershell", "pwsh"):
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[1:-1] if incomplete else words[1:]), incomplete
    args = words[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _completer(args: list[str], incomplete: str) -> tuple[str, str] | None:
    """(completer, incomplete) when the last word is an option with fixed values, else None."""
    from svtool._completion import OPTIONS

    rest = list(args)
    if rest[:1] == ["--db"] and len(rest) >= 2:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        rest = rest[1:]
    if not rest or rest[0] not in OPTIONS or "--" in args:
        return None
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        rest.append(name)
    if incomplete.startswith("-") or len(rest) < 2:
        return None
    completer = OPTIONS[rest[0]].get(rest[-1])
    return (completer, incomplete) if completer else None


def matching(values: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Case-insensitive; typed in lower case, values are offered in lower case (svtool accepts any)."""
    folded = incomplete.casefold()
    lower = incomplete == folded
    return [(v.casefold() if lower else v, h) for v, h in values if v.casefold().startswith(folded)]


def _authorities_are_ours() -> bool:
    """The stored names are the shipped list's; a rep's own list is read by the full path."""
    from svtool.paths import config_dir

    return not (config_dir() / "authorities.csv").is_file()


def answer() -> int | None:
    """Print the completions and return the exit status, or None to let Typer answer."""
    instruction = os.environ.get("_SVTOOL_COMPLETE", "")
    action, _, shell = instruction.partition("_")
    if action != "complete" or shell not in SHELLS:
        return None
    words = _words(shell)
    if words is None:
        return None
    found = _completer(*words)
    if found is None:
        return None
    completer, incomplete = found
    if completer == "authorities" and not _authorities_are_ours():
        return None
    from svtool._completion import VALUES

    # Typer keeps only values that start with the word exactly as typed.
    items = [(v, t) for v, t in matching(VALUES[completer], incomplete) if v.startswith(incomplete)]
    if shell == "fish":
        action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return 0 if items else 1
        if action != "get-args" or not items:
            sys.stdout.write("\n")
            return 0
    sys.stdout.write(_format(shell, items) + "\n")
    return 0


def _format(shell: str, items: list[tuple[str, str]]) -> str:
    if shell == "bash":
        return "\n".join(value for value, _ in items)
    if shell == "zsh":
        if not items:
            return "_files"
        shown = "\n".join(
            f'"{_zsh(value)}":"{_zsh(text)}"' if text else f'"{_zsh(value)}"'
            for value, text in items
        )
        return f"_arguments '*: :(({shown}))'"
    if shell == "fish":
        return "\n".join(f"{value}\t{_one_line(text)}" if text else value for value, text in items)
    return "\n".join(f"{value}:::{text or ' '}" for value, text in items)


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


def _zsh(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )
