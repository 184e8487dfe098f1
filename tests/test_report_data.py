"""The fixed dataset behind the report tests (dates fixed; ids masked where output is compared). No tests here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

HOSTILE_MD = (
    "# Heading\n"
    "> quote\n"
    "- item\n"
    "1. item\n"
    "| a | b |\n"
    "[link](https://example.org) ![img](https://example.org/x.png) <b>x</b> *em* _em_ `code`\n"
    "[ref]: https://example.org\n"
    "    indented"
)
HOSTILE_HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
HOSTILE_ATTR = '" onmouseover="alert(1) javascript:alert(1)'


def log_dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    """Kent (Safety Valve) with evidence in several sections, Devon, Hackney (DBV), Camden (neither)."""
    return [
        log_entry(
            "--learners", "14", "--impact", "workload,behaviour",
            summary="Outreach support capped at 10 hours a term", date="2025-01-15",
            details="The SENCO was told the cap applies to every school.\n\nTwo pupils lost their sessions.",
        ),
        log_entry(strategy="delays,refusing-assessments", date="2025-03-02", setting="special-school",
                  source="la-document", summary="EHC needs assessment requests refused at first application"),
        log_entry(question="1.7,1.7.1", strategy="", summary="DfE gave the plan another year",
                  date="2025-03-20", source="meeting", setting="la-service", timescale_extended="yes"),
        log_entry(question="4.1", strategy="", summary="Two teaching assistant posts cut", date="2025-05-09",
                  source="member-report", staff="2", posts_cut="2"),
        log_entry(question="6.1,6.2", strategy="", summary="Schools Forum told of Safety Valve proposals",
                  date="2025-05-21", source="meeting", setting="la-service", consulted="schools-forum"),
        log_entry(question="3.3", strategy="", summary="Hostile | text *here*", date="2025-06-30",
                  details=HOSTILE_MD, tag="odd"),
        log_entry(authority="Devon", strategy="place-limits", date="2025-04-11", summary="Resource base places cut"),
        log_entry(authority="Devon", question="6.3", strategy="", date="2025-06-01",
                  summary="Pressure to cut the high needs budget", source="la-communication"),
        log_entry(authority="Hackney", strategy="hours-cap", date="2025-02-03", summary="Hours capped for autism outreach"),
        log_entry(authority="Camden", question="5.1", strategy="", date="2024-11-20",
                  summary="Speech and language therapy not commissioned", source="foi"),
    ]  # fmt: skip


GENERATED = re.compile(r"^Generated at .*$", re.MULTILINE)
ENTRY_ID = re.compile(r"\b(Entry|entry) [0-9a-f]{8}\b")


def mask(text: str) -> str:
    text = GENERATED.sub("Generated at <masked>", text)
    return ENTRY_ID.sub(r"\1 ########", text)
