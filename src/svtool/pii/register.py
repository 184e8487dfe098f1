"""Names from the rep's people register, found in any case, whole or in part.

A register name is a name wherever it stands: 'Jayden Okafor' finds 'jayden', 'OKAFOR' and
"Okafor's mum". Parts shorter than two letters, small particles ('de', 'bin') and titles ('Mrs')
are not looked for alone. Accents do not matter ('Zoe' finds 'Zoë' and the other way round).

A part that is also an everyday word ('Will', 'Read', 'Grace', 'May') would wreck ordinary text
("the LA will review in May"), so alone it is found only where it reads as a name: with another
part of the name ('Grace May', 'G. May'), after a title ('Mrs May'), as a possessive before a
family word ("grace's mum"), after 'her mum' or 'spoke to', or with a capital letter away from the start of a sentence and a
person cue after it ("asked Grace's TA", 'then Will (Y4)', 'and May rang'). Whether a word is
everyday comes from the word-frequency tiers of the lexicon (namedata), as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from svtool.pii.lexicon import CALENDAR_NAMES, PARTICLES, TITLES
from svtool.pii.namedata import fold, is_common_word, lookup

# "Jaydens mum": a possessive typed without its apostrophe
_FAMILY = r"(?:mum|mam|mom|dad|nan|gran|mother|father|brother|sister|carer)\b"
# (start, end, kind, placeholder)
Hit = tuple[int, int, str, str]
# Titles a register name may have been typed with ('Mrs Siobhan Ferguson'); never looked for.
# 'pan' and 'pani' (Polish titles) are left out: Pan is a surname too.
REGISTER_TITLES = TITLES - {"pan", "pani"}
# What makes an everyday word read as a name, right after it or right before it.
_TITLE_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(REGISTER_TITLES, key=len, reverse=True)) + r")\.?\s+\Z", re.I
)
_FAMILY_BEFORE = re.compile(
    r"\b(?:(?:his|her|their|my|our)\s+(?:mum|mam|mom|dad|mother|father|nan|gran|carer|son|"
    r"daughter|brother|sister|twin)\s*,?|spoke\s+(?:to|with)|talked\s+to|met\s+with)\s+\Z",
    re.I,
)
_POSSESSIVE_FAMILY_AFTER = re.compile(r"(?:['’]s|s)\s+" + _FAMILY, re.I)
_CUE_AFTER = re.compile(
    r"(?:['’]s\b|\s*\(\s*(?:mum|dad|parent|carer|y\s?\d|yr\s?\d|year\s?\d|ht|senco|ta)\b"
    r"|\s+(?:said|says|rang|phoned|emailed|texted|told|asked|came in|is off|was off)\b)",
    re.I,
)
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;]\s*|\n\s*|[-•*]\s+)\Z")


def is_everyday_word(part: str) -> bool:
    """A part of a name that is also a common word ('will', 'grace', 'may', 'june')."""
    low = fold(part.strip(".").lower())
    return low in CALENDAR_NAMES or is_common_word(lookup(low))


def name_parts(name: str) -> list[str]:
    """The parts a name is looked for by alone: its words and the halves of hyphenated ones,
    without titles, particles and single letters."""
    words = name.split()
    parts = [*words, *(w for part in words if "-" in part for w in part.split("-"))]
    return [
        p
        for p in parts
        if len(p.strip(".")) >= 2
        and p.strip(".").lower() not in PARTICLES
        and p.strip(".").lower() not in REGISTER_TITLES
    ]


def _reads_as_name(text: str, start: int, end: int) -> bool:
    """Whether an everyday word found alone at text[start:end] reads as a name here."""
    before = text[max(0, start - 30) : start]
    if _TITLE_BEFORE.search(before) or _FAMILY_BEFORE.search(before):
        return True
    if _POSSESSIVE_FAMILY_AFTER.match(text, end):
        return True
    word = text[start:end]
    capital = word[:1].isupper() and not word.isupper()
    at_start = _SENTENCE_START.search(text[max(0, start - 4) : start]) is not None
    return capital and not at_start and _CUE_AFTER.match(text, end) is not None


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
        # forms found only where they read as a name (everyday words standing alone)
        self.wordy: set[str] = set()
        for name, kind, label in people:
            words = [w for w in name.split() if w.strip(".").lower() not in REGISTER_TITLES]
            parts = name_parts(name)
            candidates = [" ".join(words), *parts]
            # two or more parts together ('Grace May'), and an initial before a part ('G. May')
            candidates += [
                " ".join(words[i:j])
                for i in range(len(words))
                for j in range(i + 2, len(words) + 1)
            ]
            candidates += [
                f"{a[0]}{dot} {b}" for a in parts for b in parts if a != b for dot in (".", "")
            ]
            for part in parts:
                if is_everyday_word(part):
                    low = part.strip(".").lower()
                    self.wordy.update({low, fold(low)})
            for form in candidates:
                low = form.strip(".").lower()
                if len(low) < 2 or low in PARTICLES or low in REGISTER_TITLES:
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

    def find(self, text: str, *, everyday_alone: bool = False) -> list[Hit]:
        """The register's names in the text. A part that is an everyday word is left out where
        it does not read as a name, unless ``everyday_alone`` (for giving the register's role to
        a name the detector found by itself there)."""
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
                if not everyday_alone and self._not_a_name_here(text, m.start(), m.end(), key):
                    continue
                seen.add(m.span())
                hits.append((m.start(), m.end(), found[0], found[1]))
        return hits

    def _not_a_name_here(self, text: str, start: int, end: int, key: str) -> bool:
        """An everyday word alone, or a name made only of everyday words ('will read'), where
        it does not read as a name; or an initial form ('G. May') whose initial is small."""
        words = key.split()
        if len(words) > 1:
            if len(words[0].strip(".")) == 1:
                return not text[start].isupper()
            if not all(w in self.wordy for w in words):
                return False
            written = text[start:end].split()
            # 'Will Read', 'the LA will read': a capital past the first word says it is a name
            if any(w[:1].isupper() and not w.isupper() for w in written[1:]):
                return False
            return not _reads_as_name(text, start, end)
        base = key[:-1] if key not in self.forms and key.endswith("s") else key
        return base in self.wordy and not _reads_as_name(text, start, end)
