"""Reports on the evidence: for one authority, or across authorities, in Markdown or HTML.

`parse_request` checks the options, `build_report` gathers the data (SQL does the counting),
`render` lays it out with the templates in `templates/`, and `write_private` saves it.
"""

from __future__ import annotations

from svtool.report.build import build_report
from svtool.report.context import ReportContext, describe
from svtool.report.options import ReportRequest, parse_request
from svtool.report.output import write_private
from svtool.report.render import render

__all__ = [
    "ReportContext",
    "ReportRequest",
    "build_report",
    "describe",
    "parse_request",
    "render",
    "write_private",
]
