"""Personal data in what a report shows, so a report never carries it unnoticed.

The same detector and placeholders as `svtool scan` and `--redact` elsewhere (svtool.privacy), run
only over the user text a report prints: an entry's summary, details and outcome, its tags and the
names of its attachments; across authorities, only the summaries it quotes. `Screen` counts what it
finds and, with `redact=True`, hands back the text with every finding replaced by its placeholder.

Scanning costs about 0.05-0.2 ms a note, so an entry's cached scan (`entries.pii_scan`, written by
`log` and `edit`) is used when it was made by the current detector for exactly this text (same
checksum); otherwise the text is scanned now. Reports never write: a stale scan stays stale.
"""

from __future__ import annotations

import json
from typing import Any

from svtool import privacy
from svtool.report.context import Count, PersonalData

# In the one-line summary, a child's and an adult's name are both "names".
_SUMMARY_KIND = {"child_name": "name", "adult_name": "name"}


def _kind_words(kind: str, n: int) -> str:
    if kind == "name":
        return "name" if n == 1 else "names"
    return privacy.kind_words(kind, n)


def _replace(text: str, spans: list[tuple[Any, Any, Any]]) -> str:
    from svtool.privacy import apply_spans

    return apply_spans(text, list(spans))


class Screen:
    """Looks at each piece of user text a report will show, once; counts findings per entry."""

    def __init__(self, *, redact: bool) -> None:
        self.redact = redact
        self._version: str | None = None
        self.entries = 0
        self.kinds: dict[str, int] = {}

    def _add(self, counts: dict[str, int]) -> None:
        for kind, n in counts.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + n

    def entry(
        self,
        text: dict[str, str],
        tags: tuple[str, ...] = (),
        files: tuple[str, ...] = (),
        cached: str | None = None,
    ) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
        """One entry's free text (summary, details, outcome), tags, attachment names, and its
        cached scan if any. Returns them as the report should show them: as given, or redacted."""
        found: dict[str, int] = {}
        spans = self._cached(text, tags, cached)
        if spans is None:
            if self.redact:
                redacted, counts = privacy.redact_fields(text)
                text = {k: str(v) for k, v in redacted.items()}
                found.update(counts)
            else:
                for f in privacy.scan_fields(text):
                    found[f.kind] = found.get(f.kind, 0) + 1
            tags = tuple(self._short(tag, found) for tag in tags)
        elif spans:
            text, tags = self._apply(text, tags, spans, found)
        if files:
            files = tuple(self._short(name, found, file_name=True) for name in files)
        if found:
            self.entries += 1
            self._add(found)
        return text, tags, files

    def _cached(
        self, text: dict[str, str], tags: tuple[str, ...], cached: str | None
    ) -> dict[str, list[list[Any]]] | None:
        """The cached spans per field if the cache is valid for this text, else None."""
        if not cached:
            return None
        if self._version is None:
            self._version = privacy.scan_version()
        check = privacy.text_check(text["summary"], text["details"], text["outcome"], list(tags))
        if cached == f'{{"v":"{self._version}","h":{check},"spans":{{}}}}':
            return {}  # the common case: nothing found, no JSON to parse
        try:
            scan = json.loads(cached)
            if scan["v"] == self._version and scan["h"] == check:
                return dict(scan["spans"])
        except (ValueError, KeyError, TypeError):
            pass
        return None

    def _apply(
        self,
        text: dict[str, str],
        tags: tuple[str, ...],
        spans: dict[str, list[list[Any]]],
        found: dict[str, int],
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        out = dict(text)
        for name in privacy.TEXT_FIELDS:
            field_spans = spans.get(name) or []
            for span in field_spans:
                found[str(span[2])] = found.get(str(span[2]), 0) + 1
            if field_spans and self.redact and name in out:
                out[name] = privacy.apply_spans(out[name], field_spans)
        tag_list = list(tags)
        for span in spans.get("tags") or []:
            found[str(span[3])] = found.get(str(span[3]), 0) + 1
        if self.redact and spans.get("tags"):
            for index in {int(s[0]) for s in spans["tags"]}:
                if 0 <= index < len(tag_list):
                    mine = [(s[1], s[2], s[3]) for s in spans["tags"] if s[0] == index]
                    tag_list[index] = _replace(tag_list[index], mine)
        return out, tuple(tag_list)

    def _short(self, value: str, found: dict[str, int], *, file_name: bool = False) -> str:
        if not value:
            return value
        from svtool.people import active
        from svtool.pii.detector import find_personal_data

        # File names often join words with _: scan a same-length copy with spaces.
        probe = value.replace("_", " ") if file_name else value
        spans = [(f.start, f.end, f.kind) for f in find_personal_data(probe, active()[0])]
        for span in spans:
            found[span[2]] = found.get(span[2], 0) + 1
        return _replace(value, spans) if self.redact and spans else value

    def result(self) -> PersonalData:
        items = sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        largest = items[0][1] if items else 0
        merged: dict[str, int] = {}
        for kind, n in items:
            key = _SUMMARY_KIND.get(kind, kind)
            merged[key] = merged.get(key, 0) + n
        summary = ", ".join(
            f"{n:,} {_kind_words(kind, n)}"
            for kind, n in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return PersonalData(
            entries=self.entries,
            items=sum(self.kinds.values()),
            kinds=tuple(
                Count(
                    id=kind,
                    label=_kind_words(kind, n),
                    count=n,
                    bar=round(100 * n / largest) if largest else 0,
                )
                for kind, n in items
            ),
            summary=summary,
            redacted=self.redact,
        )
