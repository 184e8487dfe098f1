"""`svtool report` options, checked all at once: which authorities, which dates, which format, where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from svtool import authorities as la
from svtool.errors import BadInput, Problem
from svtool.selection import build_filter
from svtool.store import EntryFilter

Format = Literal["md", "html", "docx"]
FORMAT_WORDS: dict[str, Format] = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "docx": "docx",
    "word": "docx",
}
EXTENSIONS: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


@dataclass(frozen=True)
class ReportRequest:
    """A checked `svtool report` request."""

    authority: la.Authority | None  # one-authority report; None for a report across authorities
    selection: tuple[
        la.Authority, ...
    ]  # the authorities covered (just `authority`, or the selection)
    selection_text: str  # the selection in words
    since: str | None
    until: str | None
    fmt: Format
    output: Path | None
    template: Path | None
    redact: bool = False  # replace possible personal data in the text shown with placeholders
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    share: bool = False  # for others: no entries or follow-up, redacted, small numbers suppressed
    suppress: bool = (
        False  # counts of 1-4 shown as "fewer than 5" (with --share, unless --no-suppress)
    )

    @property
    def filter(self) -> EntryFilter:
        return EntryFilter(
            authority_codes=[a.la_code for a in self.selection],
            since=self.since,
            until=self.until,
            tags=list(self.tags),
            questions=list(self.questions),
            statuses=list(self.statuses),
        )

    @property
    def narrowed(self) -> str:
        """The --tag/--question/--status choice in words ('' when none)."""
        return narrowed_text(self.tags, self.questions, self.statuses)


def narrowed_text(
    tags: tuple[str, ...], questions: tuple[str, ...], statuses: tuple[str, ...] = ()
) -> str:
    from svtool import checklist as cl

    parts = []
    if questions:
        parts.append(f"answering question {' or '.join(questions)}")
    if tags:
        parts.append(f"tagged {' or '.join(tags)}")
    if statuses:
        words = [cl.choice_text(cl.FOLLOW_UP_STATUSES, s).casefold() for s in statuses]
        parts.append(f"with follow-up {' or '.join(words)}")
    return "only entries " + " and ".join(parts) if parts else ""


def _selection_text(programme: str | None, region: str | None, count: int) -> str:
    if not programme and not region:
        return f"all {count} English local authorities"  # the facts line reads "All 153 ..."
    words = {
        "safety_valve": "Safety Valve authorities",
        "dbv": "Delivering Better Value authorities",
        "none": "authorities in neither programme",
    }
    text = words[programme] if programme else "local authorities"
    return f"{text} in {region}" if region else text


BRIEF_FORMATS: tuple[Format, ...] = ("md", "html", "docx")
REPORT_FORMATS = BRIEF_FORMATS


def parse_format(value: str, allowed: tuple[Format, ...] = BRIEF_FORMATS) -> Format:
    key = value.strip().casefold().lstrip(".")
    if key in FORMAT_WORDS and FORMAT_WORDS[key] in allowed:
        return FORMAT_WORDS[key]
    words = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
    raise BadInput(Problem("--format", f"{value!r} is not a report format; use {words}"))


def _format_of(path: Path, allowed: tuple[Format, ...] = BRIEF_FORMATS) -> Format | None:
    found = EXTENSIONS.get(path.suffix.casefold())
    return found if found in allowed else None


def check_output(
    output: str | None,
    fmt: str | None,
    chosen: Format | None,
    problems: list[Problem],
    allowed: tuple[Format, ...] = BRIEF_FORMATS,
) -> tuple[Path | None, Format | None]:
    """The --output path and the format it implies (--format wins); problems appended."""
    out_path = Path(output).expanduser() if output else None
    if out_path is not None:
        if out_path.is_dir():
            problems.append(
                Problem("--output", f"{out_path} is a folder; give a file name such as report.html")
            )
        elif not out_path.parent.is_dir():
            problems.append(Problem("--output", f"the folder {out_path.parent} does not exist"))
        ext_fmt = _format_of(out_path, allowed)
        if ext_fmt is None and not fmt:
            ends = ", ".join(f".{f}" for f in allowed[:-1]) + f" or .{allowed[-1]}"
            problems.append(
                Problem(
                    "--output",
                    f"cannot tell the format from the name {out_path.name!r}; "
                    f"end it in {ends}, or add --format",
                )
            )
        chosen = chosen or ext_fmt
    elif chosen == "docx":
        problems.append(
            Problem("--output", "a Word document needs a file name, e.g. --output kent.docx")
        )
    return out_path, chosen


def parse_request(
    *,
    authority: str | None = None,
    all_: bool = False,
    programme: str | None = None,
    region: str | None = None,
    since: str | None = None,
    until: str | None = None,
    fmt: str | None = None,
    output: str | None = None,
    template: str | None = None,
    redact: bool = False,
    tags: list[str] | None = None,
    questions: list[str] | None = None,
    statuses: list[str] | None = None,
    share: bool = False,
    no_suppress: bool = False,
) -> ReportRequest:
    """Check every option and return the request, or raise BadInput with one problem per option."""
    problems: list[Problem] = []

    def attempt(fn: object, *args: str) -> object:
        try:
            return fn(*args)  # type: ignore[operator]
        except BadInput as e:
            problems.extend(e.problems)
            return None

    across = [
        name
        for name, given in (("--all", all_), ("--programme", programme), ("--region", region))
        if given
    ]
    chosen: la.Authority | None = None
    selection: tuple[la.Authority, ...] = ()
    text = ""
    if authority and across:
        problems.append(
            Problem(
                "--authority",
                f"choose one: --authority for one authority, or {across[0]} across authorities",
            )
        )
    elif all_ and (programme or region):
        problems.append(Problem("--all", f"choose one: --all, or {across[1]} for some authorities"))
    elif authority:
        found = attempt(la.resolve, authority)
        if isinstance(found, la.Authority):
            chosen, selection, text = found, (found,), found.name
    elif across:
        prog = attempt(la.parse_programme, programme) if programme else None
        reg = attempt(la.parse_region, region) if region else None
        if not problems:
            selection = tuple(
                la.select(
                    None,
                    prog if isinstance(prog, str) else None,
                    reg if isinstance(reg, str) else None,
                )
            )
            text = _selection_text(
                prog if isinstance(prog, str) else None,
                reg if isinstance(reg, str) else None,
                len(selection),
            )
            if not selection:
                problems.append(
                    Problem(across[-1], f"there are no {text}; see `svtool authorities`")
                )
    else:
        problems.append(
            Problem(
                "--authority",
                "say which: --authority NAME, or --all, --programme or --region across authorities",
            )
        )

    flt: EntryFilter | None = None
    try:
        flt = build_filter(
            since=since, until=until, tags=tags, questions=questions, statuses=statuses
        )
    except BadInput as e:
        problems.extend(e.problems)
    if statuses and share:
        problems.append(
            Problem("--status", "follow-up is internal: a --share report cannot select by it")
        )

    chosen_fmt: Format | None = None
    if fmt:
        try:
            chosen_fmt = parse_format(fmt, REPORT_FORMATS)
        except BadInput as e:
            problems.extend(e.problems)
    out_path, chosen_fmt = check_output(output, fmt, chosen_fmt, problems, REPORT_FORMATS)
    template_path = Path(template).expanduser() if template else None
    if template_path is not None:
        tpl_fmt = _format_of(template_path)
        if not template_path.is_file():
            problems.append(
                Problem("--template", f"{template_path} does not exist or is not a file")
            )
        elif tpl_fmt is None or tpl_fmt == "docx":
            problems.append(
                Problem(
                    "--template",
                    f"name the template .md or .html (not {template_path.name!r}) so svtool knows how to escape it; "
                    "a Word document is made without a template",
                )
            )
        elif chosen_fmt and tpl_fmt != chosen_fmt and not (fmt and not chosen_fmt):
            problems.append(
                Problem(
                    "--template",
                    f"{template_path.name} is a .{tpl_fmt} template but the report is {chosen_fmt}",
                )
            )
        chosen_fmt = chosen_fmt or tpl_fmt

    if problems:
        raise BadInput(problems)
    assert flt is not None
    return ReportRequest(
        authority=chosen,
        selection=selection,
        selection_text=text,
        since=flt.since,
        until=flt.until,
        fmt=chosen_fmt or "md",
        output=out_path,
        template=template_path,
        redact=redact or share,
        tags=tuple(flt.tags),
        questions=tuple(flt.questions),
        statuses=tuple(flt.statuses),
        share=share,
        suppress=share and not no_suppress,
    )
