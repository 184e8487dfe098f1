"""Laying a report out with Jinja2: packaged templates in `templates/`, or the user's own.

Two environments, chosen by format:
- HTML: autoescape on for names ending .html (`select_autoescape`), so user text is always text.
- Markdown: autoescape off (HTML escaping would be wrong there); templates pass user text through
  the `md` filter (one line) or `md_block` (several lines), which escape Markdown structure, and
  lists of user text through `md_join(sep)` (each item as `md` makes it, joined by sep).
Both use StrictUndefined, so a typo in a template fails loudly instead of printing nothing.
A user template is found first; the packaged ones stay reachable as "default:report.html".
svtool's own templates are compiled once and kept in the user's cache folder (`CompiledTemplates`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from svtool.bulk import gc_paused
from svtool.dates import day_month_year
from svtool.errors import SvtoolError
from svtool.paths import cache_dir, make_private_dir, missing_home, templates_dir
from svtool.report.context import ReportContext
from svtool.report.markdown import md_block, md_inline, md_join
from svtool.report.options import Format
from svtool.report.wholedates import whole
from svtool.words import count

TEMPLATE_NAMES: dict[str, str] = {"md": "report.md", "html": "report.html"}


def _number(value: object) -> str:
    """12345 -> 12,345."""
    return f"{value:,}" if isinstance(value, int) else str(value)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """svtool's templates as Jinja compiled them, kept between runs: compiling takes 0.05-0.08 s,
    longer than laying out a report of a few hundred entries. Jinja checks each against its
    template's text (so an upgrade compiles them again) and its own and Python's versions. A
    cache that cannot be read or written is not used, and never stops a report."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged (Jinja unpickles its header): compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """The cache of compiled templates, in a folder only the user can read; None if there can be
    none (a home folder that does not exist is never created for it)."""
    folder = cache_dir() / "templates"
    if missing_home(folder) is not None:
        return None
    try:
        make_private_dir(folder)
        mode = folder.stat()
    except OSError:
        return None
    # What is loaded from here is run: only from a folder no one else can write to.
    if os.name == "posix" and (mode.st_uid != os.getuid() or mode.st_mode & 0o022):
        return None
    return CompiledTemplates(str(folder))


def environment(fmt: Format, user_template: Path | None = None) -> jinja2.Environment:
    packaged = jinja2.FileSystemLoader(str(templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if user_template is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_template.parent)))
    loaders += [jinja2.PrefixLoader({"default": packaged}, delimiter=":"), packaged]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm"), default=False)
        if fmt == "html"
        else False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        # With svtool's own templates only: nothing of a rep's own template is copied elsewhere.
        bytecode_cache=compiled_templates() if user_template is None else None,
    )
    env.filters["number"] = _number
    env.filters["plural"] = count
    env.filters["whole_dates"] = whole  # written dates with non-breaking spaces
    env.filters["day"] = day_month_year  # an ISO date as people write it: 3 Nov 2025
    if fmt == "md":
        env.filters["md"] = md_inline
        env.filters["md_block"] = md_block
        env.filters["md_join"] = md_join
    return env


def render(context: ReportContext, fmt: Format, user_template: Path | None = None) -> str | bytes:
    """The report as text, or a Word document's bytes; raises SvtoolError for a template that is
    broken or uses unknown names."""
    if fmt == "docx":
        from svtool.report.word_report import report_docx

        return report_docx(context)
    env = environment(fmt, user_template)
    name = user_template.name if user_template is not None else TEMPLATE_NAMES[fmt]
    where = str(user_template) if user_template is not None else f"svtool's {name}"
    try:
        template = env.get_template(name)
        # A busy authority's report holds tens of thousands of objects that the collector would
        # walk again and again while the text is built, finding nothing to free.
        with gc_paused():
            return template.render(report=context)
    except jinja2.TemplateSyntaxError as e:
        raise SvtoolError(
            f"The template {e.filename or where} has an error on line {e.lineno}: {e.message}"
        ) from None
    except jinja2.UndefinedError as e:
        raise SvtoolError(
            f"The template {where} uses something reports do not have: {e.message}",
            hint="`svtool report --help-template` lists what a template can use.",
        ) from None
    except jinja2.TemplateNotFound as e:
        raise SvtoolError(
            f"The template {where} includes {e.name!r}, which does not exist"
        ) from None
