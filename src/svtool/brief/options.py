"""`svtool brief` options, checked all at once, and the Local Association's asks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from svtool import authorities as la
from svtool.errors import BadInput, Problem
from svtool.report.options import Format, check_output, parse_format
from svtool.selection import build_filter
from svtool.store import EntryFilter

ASKS_MAX = 6  # asks, and characters per ask: the brief must still fit on two pages
ASK_CHARS = 250
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class BriefRequest:
    """A checked `svtool brief` request."""

    authority: la.Authority
    since: str | None
    until: str | None
    tags: tuple[str, ...]
    questions: tuple[str, ...]
    fmt: Format
    output: Path | None
    asks: tuple[str, ...]
    suppress: bool = True  # counts of 1-4 shown as "fewer than 5"; --no-suppress for one's own copy
    local_association: str = ""

    @property
    def filter(self) -> EntryFilter:
        return EntryFilter(
            authority_codes=[self.authority.la_code],
            since=self.since,
            until=self.until,
            tags=list(self.tags),
            questions=list(self.questions),
        )


def parse_asks(text: str, option: str = "--asks") -> tuple[str, ...]:
    """One ask a line; bullets and numbers at the start of a line are dropped, blank lines skipped."""
    asks = tuple(
        " ".join(_BULLET.sub("", line).split()) for line in text.splitlines() if line.strip()
    )
    asks = tuple(a for a in asks if a)
    problems = []
    if len(asks) > ASKS_MAX:
        problems.append(
            Problem(
                option,
                f"has {len(asks)} asks; keep to {ASKS_MAX} (one a line) so the brief fits on two pages",
            )
        )
    for n, ask in enumerate(asks, 1):
        if len(ask) > ASK_CHARS:
            problems.append(
                Problem(
                    option,
                    f"ask {n} is {len(ask)} characters; keep each under {ASK_CHARS} so the brief "
                    "fits on two pages",
                )
            )
    if problems:
        raise BadInput(problems)
    return asks


def read_asks(path: Path, option: str = "--asks") -> tuple[str, ...]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(Problem(option, f"{path} does not exist")) from None
    except IsADirectoryError:
        raise BadInput(Problem(option, f"{path} is a folder; give a text file")) from None
    except UnicodeDecodeError:
        raise BadInput(
            Problem(option, f"{path} is not a text file (save it as plain text, UTF-8)")
        ) from None
    except OSError as e:
        raise BadInput(Problem(option, f"cannot read {path}: {e.strerror or e}")) from None
    return parse_asks(text, option)


def parse_brief(
    *,
    authority: str | None,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    questions: list[str] | None = None,
    fmt: str | None = None,
    output: str | None = None,
    asks: str | None = None,
    no_suppress: bool = False,
    settings: dict[str, str] | None = None,
) -> BriefRequest:
    """Check every option; raise BadInput with one problem per option."""
    settings = settings or {}
    problems: list[Problem] = []
    chosen: la.Authority | None = None
    if not authority:
        problems.append(Problem("--authority", "say which authority the brief is about"))
    else:
        try:
            chosen = la.resolve(authority)
        except BadInput as e:
            problems.extend(e.problems)
    flt: EntryFilter | None = None
    try:
        flt = build_filter(since=since, until=until, tags=tags, questions=questions)
    except BadInput as e:
        problems.extend(e.problems)
    chosen_fmt: Format | None = None
    if fmt:
        try:
            chosen_fmt = parse_format(fmt)
        except BadInput as e:
            problems.extend(e.problems)
    out_path, chosen_fmt = check_output(output, fmt, chosen_fmt, problems)
    asked: tuple[str, ...] = ()
    source = asks or settings.get("asks_file")
    if source:
        try:
            asked = read_asks(
                Path(source).expanduser(), "--asks" if asks else "asks_file (svtool config)"
            )
        except BadInput as e:
            problems.extend(e.problems)
    if problems:
        raise BadInput(problems)
    assert chosen is not None and flt is not None
    return BriefRequest(
        authority=chosen,
        since=flt.since,
        until=flt.until,
        tags=tuple(flt.tags),
        questions=tuple(flt.questions),
        fmt=chosen_fmt or "md",
        output=out_path,
        asks=asked,
        suppress=not no_suppress,
        local_association=settings.get("local_association", ""),
    )
