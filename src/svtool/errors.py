"""The one family of exceptions the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class SvtoolError(Exception):
    """A failure the user should read about (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Declined(SvtoolError):
    """The user said no when asked (discard the entry, do not delete): nothing was done, which is
    told plainly rather than as an error; the exit status (1) still says nothing was done."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what the user typed: which option, what was wrong, what would be right."""

    option: str
    message: str

    def __str__(self) -> str:
        if not self.option:
            return self.message
        if self.message.startswith(("is ", "goes ")):
            return f"{self.option} {self.message}"
        return f"{self.option}: {self.message}"


class BadInput(SvtoolError):
    """Input that the user can correct (exit 2); carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(SvtoolError):
    """The database cannot be used safely (not ours, damaged, newer, unwritable)."""


class NotFound(SvtoolError):
    """An id or name that matches nothing."""
