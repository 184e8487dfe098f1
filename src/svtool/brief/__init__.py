"""The meeting brief: the evidence for one authority on two A4 pages, with the law it may engage.

`parse_brief` checks the options, `build_brief` gathers the data into a `BriefContext`, and
`render_brief` lays it out (Markdown or HTML with the templates in `templates/`; Word with
svtool.report.word).
"""

from __future__ import annotations

from svtool.brief.build import build_brief
from svtool.brief.context import BriefContext
from svtool.brief.options import BriefRequest, parse_brief
from svtool.brief.render import render_brief

__all__ = ["BriefContext", "BriefRequest", "build_brief", "parse_brief", "render_brief"]
