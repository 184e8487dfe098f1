"""Laying the brief out: Markdown and HTML from the packaged templates, Word with python-docx."""

from __future__ import annotations

from svtool.brief.context import BriefContext
from svtool.report.options import Format
from svtool.report.render import environment


def render_brief(context: BriefContext, fmt: Format) -> str | bytes:
    """The brief as text (md, html) or as the bytes of a .docx file."""
    if fmt == "docx":
        from svtool.report.word_brief import brief_docx

        return brief_docx(context)
    return environment(fmt).get_template(f"brief.{fmt}").render(brief=context)
