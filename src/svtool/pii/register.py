"""Names from the rep's people register, found in any case, whole or in part.

A register name is a name wherever it stands: 'Jayden Okafor' finds 'jayden', 'OKAFOR' and
"Okafor's mum". Parts shorter than two letters and small particles ('de', 'bin') are not looked
for alone. Accents do not matter ('Zoe' finds 'Zoë' and the other way round).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from svtool.pii.lexicon import PARTICLES
from svtool.pii.namedata import fold

# "Jaydens mum": a possessive typed without its apostrophe
_FAMILY = r"(?:mum|mam|mom|dad|nan|gran|mother|father|brother|sister|carer)\b"
# (start, end, kind, placeholder)
Hit = tuple[int, int, str, str]


def _fold_keep_length(text: str) -> str:
    """Accents off, one character for one, so offsets in the result are offsets in the text."""
    out = []
    for c in text:
        if c.isascii():
            out.append(c)
            continue
        base = fold(c)
        out.append(base if len(base) == 1 else c)
    return "".join(out)


class Register:
    """The register's names compiled into one pattern (longest first)."""

    def __init__(self, people: Iterable[tuple[str, str, str]]) -> None:
        """``people``: (name, kind, placeholder) for each person."""
        forms: dict[str, tuple[str, str]] = {}
        for name, kind, label in people:
            words = name.split()
            candidates = [name, *words]
            candidates += [w for part in words if "-" in part for w in part.split("-")]
            for form in candidates:
                low = form.strip(".").lower()
                if len(low) < 2 or low in PARTICLES:
                    continue
                for variant in {low, fold(low)}:
                    known = forms.get(variant)
                    # a part two people share: the child's placeholder, the stronger one
                    if known is None or (kind == "child_name" and known[0] != "child_name"):
                        forms[variant] = (kind, label)
        self.forms = forms
        self.pattern: re.Pattern[str] | None = None
        if forms:
            alternatives = sorted(forms, key=len, reverse=True)
            body = "|".join(r"\s+".join(map(re.escape, a.split())) for a in alternatives)
            self.pattern = re.compile(
                rf"(?<![\w'’-])(?:{body})(?:s(?=\s+{_FAMILY}))?(?![\w-])", re.IGNORECASE
            )

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str) -> list[Hit]:
        if self.pattern is None:
            return []
        hits: list[Hit] = []
        seen: set[tuple[int, int]] = set()
        texts = [text] if text.isascii() else [text, _fold_keep_length(text)]
        for scanned in texts:
            for m in self.pattern.finditer(scanned):
                key = " ".join(m.group().lower().split())
                found = self.forms.get(key) or self.forms.get(fold(key))
                if found is None and key.endswith("s"):  # 'Jaydens mum'
                    found = self.forms.get(key[:-1]) or self.forms.get(fold(key[:-1]))
                if found is None or m.span() in seen:
                    continue
                seen.add(m.span())
                hits.append((m.start(), m.end(), found[0], found[1]))
        return hits
