"""Redaction on export: every finding of the personal-data detector in every free-text field
(summary, details, outcome, tags; also deletion reasons and attachment names) is replaced by its
kind's placeholder, e.g. `[UPN]`, `[child]`.

Scanning is the slow part (about 0.2 ms a note), so `entries.pii_scan` caches the detector's
spans for an entry's current text (written by `log` and `edit`). A cached scan is used only when
its detector version is the current one and its checksum matches the text exactly; anything else
is scanned now and the result handed back so the caller can store it.

A field that placeholders make longer than the schema allows is cut to the limit with `…`, so a
redacted bundle always validates on import. Attached files are never altered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from svtool.privacy import TEXT_FIELDS
from svtool.rules import DETAILS_MAX, SUMMARY_MAX, TAG_MAX

FIELDS = (*TEXT_FIELDS, "tags")
LIMITS = {"summary": SUMMARY_MAX, "details": DETAILS_MAX, "outcome": DETAILS_MAX}
TAG_LIMIT = TAG_MAX
ATTACHMENT_NOTE = (
    "Attached files are carried as they are and never redacted: binary documents are the rep's "
    "responsibility; a text attachment in which personal data was found is left out of a "
    "redacted bundle unless the rep chose to send it as it is."
)


@dataclass
class Redaction:
    redact: bool
    counts: dict[str, int] = field(default_factory=dict)
    to_store: list[tuple[str, int]] = field(default_factory=list)  # (pii_scan, seq)
    cached: int = 0
    scanned: int = 0
    _version: str | None = None
    _clean_prefix: str = ""

    def manifest(self, fingerprint: str | None = None) -> dict[str, Any]:
        from svtool.privacy import detector_version

        if not self.redact:
            return {
                "redacted": False,
                "confirmed": True,
                "encrypted_to": fingerprint,
                "attachments": ATTACHMENT_NOTE,
            }
        return {
            "redacted": True,
            "fields": [*FIELDS, "deletion reasons", "attachment names"],
            "findings": dict(sorted(self.counts.items())),
            "detector": detector_version(),
            "attachments": ATTACHMENT_NOTE,
        }

    def _count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def spans_for(
        self,
        seq: int,
        cached: str | None,
        summary: str,
        details: str,
        outcome: str,
        tags: list[str],
    ) -> dict[str, list[list[Any]]]:
        """An entry's findings: from its cached scan when that is current, else scanned now
        (and kept in `to_store`)."""
        from svtool.privacy import text_check

        if self._version is None:
            from svtool.privacy import scan_version

            self._version = scan_version()
            self._clean_prefix = f'{{"v":"{self._version}","h":'
        check = text_check(summary, details, outcome, tags)
        if cached is not None and cached == f'{self._clean_prefix}{check},"spans":{{}}}}':
            self.cached += 1
            return {}  # the common case, without parsing JSON
        if cached:
            try:
                scan = json.loads(cached)
                if scan["v"] == self._version and scan["h"] == check:
                    self.cached += 1
                    return dict(scan["spans"])
            except (ValueError, KeyError, TypeError):
                pass
        from svtool.privacy import scan_spans

        values = {"summary": summary, "details": details, "outcome": outcome, "tags": tags}
        spans = scan_spans(values)
        self.scanned += 1
        scan_text = json.dumps(
            {"v": self._version, "h": check, "spans": spans}, separators=(",", ":")
        )
        self.to_store.append((scan_text, seq))
        return spans

    def apply(self, row: dict[str, Any], spans: dict[str, list[list[Any]]]) -> None:
        """Count the findings and, when redacting, replace them in the entry's JSON values."""
        for name in TEXT_FIELDS:
            found = spans.get(name)
            if found:
                for s in found:
                    self._count(str(s[2]))
                if self.redact:
                    row[name] = _fit(replace(row[name], found), LIMITS[name])
        tag_spans = spans.get("tags")
        if tag_spans:
            for s in tag_spans:
                self._count(str(s[3]))
            if self.redact:
                tags = list(row["tags"])
                for index in {int(s[0]) for s in tag_spans}:
                    if 0 <= index < len(tags):
                        mine = [s[1:] for s in tag_spans if s[0] == index]
                        tags[index] = _fit(replace(tags[index], mine), TAG_LIMIT)
                row["tags"] = list(dict.fromkeys(tags))

    def text(self, value: str | None, *, keep_suffix: bool = False) -> str | None:
        """A deletion reason or attachment name (scanned now: there are few)."""
        from svtool.pii.detector import find_personal_data

        if not value:
            return value
        # File names often use _ or - between words: scan a same-length copy with spaces.
        probe = value.replace("_", " ") if keep_suffix else value
        from svtool.people import active

        found = [
            [f.start, f.end, f.kind, *([f.label] if f.label else [])]
            for f in find_personal_data(probe, active()[0])
        ]
        for s in found:
            self._count(str(s[2]))
        if not found or not self.redact:
            return value
        return replace(value, found)


def replace(text: str, spans: list[list[Any]]) -> str:
    from svtool.privacy import apply_spans

    return apply_spans(text, spans)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
