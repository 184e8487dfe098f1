"""Personal data in what a report shows (issue 5.3, R-RED-05).

The same detector and placeholders as `svtool scan` and `--redact` elsewhere (svtool.privacy), run
only over the user text a report prints: an entry's summary, details and outcome, its tags and the
names of its attachments; across authorities, only the summaries it quotes. `Screen` counts what it
finds and, with `redact=True`, hands back the text with every finding replaced by its placeholder.
"""

from __future__ import annotations

from svtool import privacy
from svtool.report.context import Count, PersonalData

# Plural words for the warning; the singular ones are privacy.KIND_NAMES.
_PLURAL = {
    "child_name": "children's names",
    "adult_name": "people's names",
    "upn": "UPNs",
    "uln": "ULNs",
    "nhs_number": "NHS numbers",
    "date_of_birth": "dates of birth",
    "postcode": "postcodes",
    "email": "email addresses",
    "phone": "phone numbers",
    "ni_number": "National Insurance numbers",
    "address": "addresses",
}
# In the one-line summary, a child's and an adult's name are both "names".
_SUMMARY_KIND = {"child_name": "name", "adult_name": "name"}


def _kind_words(kind: str, n: int) -> str:
    if kind == "name":
        return "name" if n == 1 else "names"
    one = privacy.KIND_NAMES.get(kind, kind)
    return one if n == 1 else _PLURAL.get(kind, one + "s")


class Screen:
    """Looks at each piece of user text a report will show, once; counts findings per entry."""

    def __init__(self, *, redact: bool) -> None:
        self.redact = redact
        self.entries = 0
        self.kinds: dict[str, int] = {}

    def _add(self, counts: dict[str, int]) -> None:
        for kind, n in counts.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + n

    def entry(
        self, text: dict[str, str], short: tuple[str, ...] = ()
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        """One entry's free text (summary, details, outcome) and short texts (tags, file names).

        Returns them as the report should show them: unchanged, or redacted.
        """
        found: dict[str, int] = {}
        if self.redact:
            redacted, counts = privacy.redact_fields(text)
            text = {k: str(v) for k, v in redacted.items()}
            found.update(counts)
        else:
            for f in privacy.scan_fields(text):
                found[f.kind] = found.get(f.kind, 0) + 1
        if short:
            short = tuple(self._short(value, found) for value in short)
        if found:
            self.entries += 1
            self._add(found)
        return text, short

    def _short(self, value: str, found: dict[str, int]) -> str:
        if not value:
            return value
        from svtool.pii import find_personal_data, redact

        findings = find_personal_data(value)
        for f in findings:
            found[f.kind] = found.get(f.kind, 0) + 1
        return redact(value, findings) if self.redact and findings else value

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
