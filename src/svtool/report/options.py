"""`svtool report` options, checked all at once: which authorities, which dates, which format, where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from svtool import authorities as la
from svtool.errors import BadInput, Problem
from svtool.selection import build_filter
from svtool.store import EntryFilter

Format = Literal["md", "html"]
FORMAT_WORDS: dict[str, Format] = {"md": "md", "markdown": "md", "html": "html", "htm": "html"}
EXTENSIONS: dict[str, Format] = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


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

    @property
    def filter(self) -> EntryFilter:
        return EntryFilter(
            authority_codes=[a.la_code for a in self.selection], since=self.since, until=self.until
        )


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


def parse_format(value: str) -> Format:
    key = value.strip().casefold().lstrip(".")
    if key in FORMAT_WORDS:
        return FORMAT_WORDS[key]
    raise BadInput(Problem("--format", f"{value!r} is not a report format; use md or html"))


def _format_of(path: Path) -> Format | None:
    return EXTENSIONS.get(path.suffix.casefold())


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
        flt = build_filter(since=since, until=until)
    except BadInput as e:
        problems.extend(e.problems)

    chosen_fmt: Format | None = None
    if fmt:
        chosen_fmt = attempt(parse_format, fmt)  # type: ignore[assignment]
    out_path = Path(output).expanduser() if output else None
    if out_path is not None:
        if out_path.is_dir():
            problems.append(
                Problem("--output", f"{out_path} is a folder; give a file name such as report.html")
            )
        elif not out_path.parent.is_dir():
            problems.append(Problem("--output", f"the folder {out_path.parent} does not exist"))
        ext_fmt = _format_of(out_path)
        if ext_fmt is None and not fmt:
            problems.append(
                Problem(
                    "--output",
                    f"cannot tell the format from the name {out_path.name!r}; "
                    "end it in .md or .html, or add --format md or --format html",
                )
            )
        chosen_fmt = chosen_fmt or ext_fmt
    template_path = Path(template).expanduser() if template else None
    if template_path is not None:
        tpl_fmt = _format_of(template_path)
        if not template_path.is_file():
            problems.append(
                Problem("--template", f"{template_path} does not exist or is not a file")
            )
        elif tpl_fmt is None:
            problems.append(
                Problem(
                    "--template",
                    f"name the template .md or .html (not {template_path.name!r}) so svtool knows how to escape it",
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
        redact=redact,
    )
