"""The name lexicon (data/names.lex): first names, surnames and English words in one sorted file.

One line per lower-case, accent-folded key: ``key, ONS first-name count, census surname rank,
SCOWL word tier, flags`` (scripts/build_name_lexicon.py writes it; data/README-names.md says
where each column comes from). The file holds about 240,000 keys. Building a dict of them takes
longer than `svtool log` may spend starting up, so the first look-ups are binary searches over
the file's bytes (about 20 µs each, and a note has a few dozen words); only a long scan, past
``BULK_AFTER`` look-ups, builds the dict.
"""

from __future__ import annotations

import mmap
import unicodedata
from pathlib import Path
from typing import NamedTuple

from svtool.pii.lexicon import data_dir

LEXICON_FILE = "names.lex"
BULK_AFTER = 1500

_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss"})
_FOLD.update(str.maketrans({"æ": "ae", "œ": "oe", "’": "'", "ʼ": "'", "‘": "'"}))


def fold(word: str) -> str:
    """Lower case without accents ('Kamińska' -> 'kaminska', 'Łukasz' -> 'lukasz')."""
    low = word.lower()
    if low.isascii():
        return low
    low = low.translate(_FOLD)
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Entry(NamedTuple):
    first: int  # babies given this first name in England and Wales, 1996-2024 (ONS)
    surname: int  # rank in the 1990 US census surnames (1 = most common), 0 if absent
    word: int  # SCOWL size tier of the lower-case English word (10 = commonest), 0 if none
    flags: int  # 1: in another first-name list, 2: in another surname list
    upper: int  # SCOWL size tier of the word written with a capital ('Ghanaian'), 0 if none


NOT_FOUND = Entry(0, 0, 0, 0, 0)


def _parse(line: bytes) -> Entry:
    _, first, surname, word, flags, upper = line.split(b"\t")
    return Entry(int(first), int(surname), int(word), int(flags), int(upper))


class NameLexicon:
    """Look-ups by folded key; binary search over the bytes first, a dict for long scans."""

    def __init__(self, blob: bytes | mmap.mmap) -> None:
        self.blob = blob
        start = 0
        while blob[start : start + 1] == b"#":  # header lines
            start = blob.find(b"\n", start) + 1
        self.start = start
        self.lookups = 0
        self.cache: dict[str, Entry] = {}
        self.lines: dict[bytes, bytes] | None = None

    def get(self, key: str) -> Entry:
        entry = self.cache.get(key)
        if entry is not None:
            return entry
        raw = key.encode("utf-8", "replace")
        if self.lines is None:
            self.lookups += 1
            if self.lookups > BULK_AFTER:
                self._load_all()
        if self.lines is not None:
            line = self.lines.get(raw)
            entry = NOT_FOUND if line is None else _parse(line)
        else:
            entry = self._search(raw)
        if len(self.cache) > 300_000:
            self.cache.clear()
        self.cache[key] = entry
        return entry

    def _search(self, key: bytes) -> Entry:
        blob = self.blob
        lo, hi = self.start, len(blob)
        while lo < hi:
            mid = (lo + hi) // 2
            ls = blob.rfind(b"\n", lo, mid) + 1
            if ls == 0:
                ls = lo
            le = blob.find(b"\n", ls)
            if le < 0:
                le = len(blob)
            tab = blob.find(b"\t", ls, le)
            found = blob[ls:tab]
            if key < found:
                hi = ls
            elif key > found:
                lo = le + 1
            else:
                return _parse(blob[ls:le])
        return NOT_FOUND

    def _load_all(self) -> None:
        lines: dict[bytes, bytes] = {}
        for line in self.blob[self.start :].splitlines():
            lines[line[: line.find(b"\t")]] = line
        self.lines = lines


_LEXICON: list[NameLexicon] = []


def _open() -> bytes | mmap.mmap:
    """The file mapped into memory (only the pages a search touches are read), else its bytes."""
    path = data_dir() / LEXICON_FILE
    if isinstance(path, Path):
        try:
            with path.open("rb") as fh:
                return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            pass
    return path.read_bytes()


def lexicon() -> NameLexicon:
    if not _LEXICON:
        _LEXICON.append(NameLexicon(_open()))
    return _LEXICON[0]


def lexicon_digest() -> str:
    """The digest of the lexicon's entries its header records (a test checks it is right), so
    the detector's version covers the data without hashing megabytes at every start."""
    lex = lexicon()
    header = bytes(lex.blob[: lex.start]).decode("utf-8", "replace")
    for word in header.split():
        if len(word) == 16 and all(c in "0123456789abcdef" for c in word):
            return word
    return f"unknown-{len(lex.blob)}"


def lookup(word: str) -> Entry:
    """What the lexicon knows of a word in any case or accents."""
    return lexicon().get(fold(word))


def preload() -> None:
    """Build the dict at once, before a long scan (an export, a report, a benchmark)."""
    lex = lexicon()
    if lex.lines is None:
        lex._load_all()


# -- what a word's entry says, weighed --------------------------------------------------------

# SCOWL tiers up to 60 are words a note uses as words ('grace', 'will', 'summer', 'barker');
# rarer ones ('zain' at 95) hardly ever are.
COMMON_WORD_TIER = 60
# A first name that is a common word is read as a name without a cue only when it is given to
# many babies and is a less common word ('Harry', 'Lily', 'Poppy'); 'Grace', 'Summer' and 'Will'
# need a cue; a rare name that is a common word ('Royal', 'Blue') is a word unless a cue says so.
POPULAR_NAME = 20_000
RARELY_A_WORD_TIER = 35
RARE_NAME = 300
# Another list's first name counts as this many babies ('Chukwuemeka' is in both).
OTHER_LIST_WEIGHT = 30
# A first name that is also a dictionary proper noun (a place, people or faith: 'Roma', 'Kent',
# 'India') is read as a name without a cue only when this many babies were given it.
PROPER_NOUN_NAME = 2000
# English words of tiers above this are rare enough not to be read as words ('zain' at 95).
RARE_WORD_TIER = 70
# Surnames that are common words ('Barker', 'Hall', 'King') count as surnames only when common.
COMMON_SURNAME_RANK = 3000


def first_weight(e: Entry) -> int:
    return e.first + (OTHER_LIST_WEIGHT if e.flags & 1 else 0)


def is_common_word(e: Entry) -> bool:
    return 0 < e.word <= COMMON_WORD_TIER


def is_first_name(e: Entry) -> bool:
    """A first name, unless it is a rare name and a common word."""
    weight = first_weight(e)
    if weight < 3:
        return False
    return not (is_common_word(e) and weight < RARE_NAME)


def is_wordlike_name(e: Entry) -> bool:
    """A first name that is also a common word or a dictionary proper noun, and not popular
    enough to be read as a name without a cue."""
    if not is_first_name(e):
        return False
    if e.upper and first_weight(e) < PROPER_NOUN_NAME:
        return True
    return is_common_word(e) and not (e.first >= POPULAR_NAME and e.word >= RARELY_A_WORD_TIER)


def is_known_surname(e: Entry) -> bool:
    if not (e.surname or e.flags & 2):
        return False
    return not is_common_word(e) or 0 < e.surname <= COMMON_SURNAME_RANK


def is_english_word(e: Entry) -> bool:
    """Any English word in the lexicon (tiers up to 70 for words that are no name)."""
    return e.word > 0
