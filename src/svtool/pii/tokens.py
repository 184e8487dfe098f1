"""One tokenisation of a note shared by the name rules, plus the context tests they all use.

Everything here runs for every capitalised word of every note, so the per-word facts (lower-case
form, which rule applies) are computed once per distinct word and cached. The one pass over the
lower-cased note for whole cue words (Tokens.lower_cues) serves the name and the address rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from itertools import accumulate

from svtool.pii.lazyre import LazyPattern
from svtool.pii.lexicon import (
    ADULT_ROLES,
    BARE_INITIAL_STOP,
    CALENDAR_NAMES,
    CHILD_CUES,
    CUE_WORDS,
    ORG_WORDS,
    STOP,
    STREET_TYPES,
    TITLES,
    place_names,
)
from svtool.pii.namedata import (
    RARE_WORD_TIER,
    first_weight,
    is_first_name,
    is_known_surname,
    lookup,
)
from svtool.pii.placeholders import find_placeholders, touches

Span = tuple[int, int, str]

# A capitalised word that starts a word ('McDonald' tail and 'DfE' are not split off) and is not
# glued to a digit or underscore ('Y6', 'KS2'). The look-behind sits after the first letter so the
# regex engine can skip quickly to the next capital. The group makes split() return the words
# between the gaps, so offsets come from the part lengths without a match object per word.
# Capitals are Latin ones, accented or not ('Łukasz', 'Ní', 'Öztürk'); letters after them any.
# (Latin-1 capitals and those of the Latin Extended-A letters names use; a short class keeps
# compiling the pattern quick at start-up.)
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽȘȚ"
_TOKEN_RE = re.compile(rf"([{UPPER}](?<![\w'’-].)(?:[^\W\d_]|['’-])*)(?![\w'’-])")
# The word before a position, read backwards in the reversed text: skip up to two non-letters and
# take the word, or skip three and take whatever word-ish run follows (as the old loop did).
_PREV_WORD_REV_RE = re.compile(r"(?:[\W\d_]{0,2}(?=[^\W\d_])|[\W\d_]{3})((?:[^\W\d_]|['’.-])*)")

_CHILD_AFTER = (
    r"\s*[(,]\s*(?:upn|uln|dob|d\.o\.b|born|date of birth|nhs\s+(?:no|number))\b|"
    r"\s+(?:was|is)\s+born\b|"
    r"(?:['’]s)?\s*[(,–-]?\s*(?:who is |now |currently )?(?:in\s+)?(?:year|yr|y)\s?\d{1,2}\b"
    r"|(?:['’]s)?\s*[(,]?\s*(?:aged|age)\s+\d"
    r"|\s*\(\s*\d{1,2}\s*\)"
    r"|\s*[(,]\s*(?:twins?|triplets|siblings?|brothers|sisters)\b"
    r"|['’]s\s+(?:mum|mam|mom|dad|mother|father|parents?|carers?|nan|gran|family|brother|"
    r"sister|ehcp|ehc|plan|needs|diagnosis|ta|1:1|one-to-one|support|teacher|class|school|"
    r"behaviour|attendance|placement|transport|annual review|social worker|case)\b"
)
_ADULT_AFTER = (
    r"\s*(?:[(,–-]|\bis\b|\bwas\b|\bthe\b)?\s*(?:the\s+|our\s+|a\s+|an\s+)?"
    r"(?:assistant\s+|deputy\s+|acting\s+)?"
    r"(?:senco|sendco|head|headteacher|teacher|officer|manager|director|caseworker|"
    r"co-?ordinator|chair|governor|councillor|cllr|mp|ep|educational psychologist|nurse|"
    r"paediatrician|doctor|gp|therapist|slt|salt|ot|specialist|advis[eo]r|rep|lead|"
    r"principal|ceo|solicitor|advocate|social worker|clerk|ta|hlta|lsa|mum|dad|mother|father|"
    r"ht|dht|aht|site|site manager|office|admin|bursar|caretaker|receptionist|dsl|mentor)\b"
    r"|\s+(?:from|in)\s+(?:the\s+)?(?:la|local authority|council|office|front office|school|"
    r"sen\s+team|send\s+team|camhs|ehc\s+team|sendiass|salt\s+team|trust|hospital|clinic)\b"
)
# The patterns are all lower case. They run on the lower-cased note where its offsets match the
# original (almost always): without IGNORECASE the regex engine can reject most alternatives on
# their first letter, which makes these context checks several times faster.
CHILD_AFTER_RE = LazyPattern(f"(?i:{_CHILD_AFTER})")
_CHILD_AFTER_LOW_RE = re.compile(_CHILD_AFTER)
_ADULT_AFTER_RE = LazyPattern(f"(?i:{_ADULT_AFTER})")
_ADULT_AFTER_LOW_RE = re.compile(_ADULT_AFTER)
_SENTENCE_END = '.!?:;\n•*–—"“([-'
# Whole lower-case words both rule sets look for: a family or naming cue standing alone ('mum',
# 'called,'), for the lower-case name rules, and a street type (' road', ' lane' …) for lower-case
# addresses. Both follow a space almost always, and the regex engine finds a literal space far
# faster than any whitespace (\s), so one pass after spaces does both; any other whitespace (a
# newline, a tab) only occurs in notes that are not str.isprintable(), which alone get a second
# pass for the cues.
_CUE_END = r"(?=[,.;:)]?(?:\s|\Z))"  # optionally , . ; : or ) and then whitespace or the end


def _after_space_pattern() -> str:
    """' (word)': the alternatives grouped by first letter, so most words fail at one test."""
    assert not CUE_WORDS & STREET_TYPES  # a match is one or the other by its word alone
    by_first: dict[str, list[str]] = {}
    ends = [(w, _CUE_END) for w in sorted(CUE_WORDS)] + [(w, r"\b") for w in sorted(STREET_TYPES)]
    for word, end in ends:
        by_first.setdefault(word[0], []).append(re.escape(word[1:]) + end)
    alternatives = [
        first + (f"(?:{'|'.join(rests)})" if len(rests) > 1 else rests[0])
        for first, rests in sorted(by_first.items())
    ]
    return f" ({'|'.join(alternatives)})"


_AFTER_SPACE_RE = re.compile(_after_space_pattern())
_AFTER_OTHER_SPACE_CUE_RE = LazyPattern(rf"[^\S ]({'|'.join(sorted(CUE_WORDS))}){_CUE_END}")

# Word categories for the main loop (bit flags; 0 means no rule applies to the word).
FIRST, TITLE, INITIAL, BARE, UNKNOWN, RARE, PLACE_START = 1, 2, 4, 8, 16, 64, 32
CATEGORY_CACHE: dict[str, int] = {}
CATEGORY_CACHE_LIMIT = 200_000


@functools.cache
def multiword_places() -> dict[str, tuple[str, ...]]:
    """Multi-word places keyed by their first word, so only plausible tokens are checked."""
    _, multi = place_names()
    by_first: dict[str, list[str]] = {}
    for place in multi:
        first = re.sub(r"['’]s?$", "", place.split()[0])
        by_first.setdefault(first, []).append(place)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


@functools.cache
def place_tails() -> frozenset[str]:
    """Capitalised words that end or continue a multi-word place ('Europe' of 'Newton Europe')."""
    _, multi = place_names()
    tails = set()
    for place in multi:
        for word in place.split()[1:]:
            word = re.sub(r"['’]s?$", "", word)
            if word[:1].isupper():
                tails.add(word)
    return frozenset(tails)


@functools.cache
def not_names() -> frozenset[str]:
    """Capitalised words that can never start a name by themselves."""
    return STOP | ORG_WORDS | place_names()[0]


def first_name(low: str) -> bool:
    """A first name ('lily-mae' by its first part), never a stop word ('The' is a baby's name)."""
    if (low in STOP and low not in CALENDAR_NAMES) or low in ORG_WORDS:
        return False
    if is_first_name(lookup(low)):
        return True
    return "-" in low and is_first_name(lookup(low.split("-")[0]))


def known_surname(low: str) -> bool:
    return low not in STOP and low not in ORG_WORDS and is_known_surname(lookup(low))


# Capitals inside a name: 'McDonald', 'MacLeod', "O'Neill", 'DiMaggio', 'LeBlanc', 'VanDyke'.
_INNER_CAPITAL_NAME_RE = re.compile(r"(?:Mc|Mac|O['’]|D['’]|Di|De|Da|Le|La|Van|Fitz)[A-Z]")


def categorise(word: str) -> int:
    low = word.lower()
    cat = PLACE_START if word in multiword_places() else 0
    if (
        not word.isupper()
        and not word[1:].islower()
        and not _INNER_CAPITAL_NAME_RE.match(word)
        and not any(c in word for c in "-'’")
    ):
        CATEGORY_CACHE[word] = cat  # 'ToD', 'DfE', 'iPad': acronyms and brands, not names
        return cat
    if first_name(low):
        cat |= FIRST
    elif low in TITLES:
        cat |= TITLE
    elif len(word) == 1:
        cat |= INITIAL
    elif word.isupper():
        if len(word) <= 3 and word not in BARE_INITIAL_STOP:
            cat |= BARE
    elif (
        low not in not_names()
        and (len(word) >= 3 or known_surname(low))  # 'Hu', 'Ng', 'Wu': surnames of two letters
        and word[1:].islower()
        and low not in place_names()[0]
        and _not_a_word(low)
    ):
        cat |= UNKNOWN
    elif word[1:].islower() and low not in not_names() and first_weight(lookup(low)) >= 3:
        cat |= RARE  # a rare name that is a common word: 'Gift', 'Royal'; only with a strong cue
    if len(CATEGORY_CACHE) > CATEGORY_CACHE_LIMIT:
        CATEGORY_CACHE.clear()
    CATEGORY_CACHE[word] = cat
    return cat


def _not_a_word(low: str) -> bool:
    """No English word and no place or nationality ('Kemoy', 'Okafor'), or a known surname."""
    e = lookup(low)
    if is_known_surname(e):
        return True
    return (e.word == 0 or e.word > RARE_WORD_TIER) and e.upper == 0


def category(word: str) -> int:
    cat = CATEGORY_CACHE.get(word)
    return categorise(word) if cat is None else cat


def is_stop(word: str) -> bool:
    w = word.lower().rstrip("'’s") if word.endswith(("'s", "’s")) else word.lower()
    return w in STOP or w in ORG_WORDS


def surname_like(word: str) -> bool:
    low = word.lower()
    if known_surname(low):
        return True
    return not (is_stop(word) or low in place_names()[0] or low in CALENDAR_NAMES or word.isupper())


class Tokens:
    """Capitalised tokens of one text (possessive 's stripped), with neighbour look-ups.

    Token ``i`` is ``words[i]`` at ``text[starts[i]:ends[i]]``; three parallel lists instead of a
    tuple per token, because most tokens ('The', 'SENCO') are never looked at again.
    """

    __slots__ = (
        "_cues",
        "_held",
        "ends",
        "low",
        "lowered",
        "n",
        "prev",
        "rev",
        "starts",
        "text",
        "words",
    )

    def __init__(self, text: str, lowered: str | None = None) -> None:
        self.text = text
        self.n = len(text)
        low = text.lower() if lowered is None else lowered
        self.lowered = low
        self.low = low if len(low) == self.n else None
        self._cues: tuple[set[str], list[int]] | None = None
        self._held: list[tuple[int, int]] | None = None
        self.rev = ""
        self.prev: dict[int, str] = {}
        parts = _TOKEN_RE.split(text)  # gap, word, gap, word, ..., gap
        bounds = list(accumulate(map(len, parts)))
        words = parts[1::2]
        starts = bounds[0:-1:2]
        ends = bounds[1::2]
        for k in [k for k, w in enumerate(words) if w[-1] in "s'’-"]:
            w, e = words[k], ends[k]
            while w and w[-1] in "'’-":
                w, e = w[:-1], e - 1
            if w.endswith(("'s", "’s")):
                w, e = w[:-2], e - 2
            words[k], ends[k] = w, e
        self.starts, self.ends, self.words = starts, ends, words

    def lower_cues(self) -> tuple[set[str], list[int]]:
        """Family and naming cue words standing alone, and where ' road', ' lane' … start.

        Offsets are into ``lowered``; computed once per note for the name and address rules.
        """
        if self._cues is None:
            lowered = self.lowered
            cues: set[str] = set()
            streets: list[int] = []
            for m in _AFTER_SPACE_RE.finditer(" " + lowered):
                word = m.group(1)
                if word not in STREET_TYPES:
                    cues.add(word)
                elif m.start():  # not the space put in front of the note
                    streets.append(m.start() - 1)
            if not lowered.isprintable():  # every whitespace but ' ' is unprintable
                cues.update(_AFTER_OTHER_SPACE_CUE_RE.findall(lowered))
            self._cues = (cues, streets)
        return self._cues

    def touches_placeholder(self, start: int | None, end: int | None = None) -> bool:
        """A placeholder redaction left ('[name]', '[phone]') right before ``start`` or right
        after ``end`` (None: that side is not looked at). What it hid decided how the first scan
        read the words there, so the rules take no evidence from a word's place next to one
        (see svtool.pii.placeholders)."""
        if self._held is None:
            self._held = find_placeholders(self.text)
        return bool(self._held) and touches(self.text, self._held, start, end)

    def adjacent_next(self, i: int, gaps: Collection[str] = (" ",)) -> int | None:
        """The next token if only one of ``gaps`` separates it from token ``i``."""
        starts = self.starts
        if i + 1 < len(starts) and self.text[self.ends[i] : starts[i + 1]] in gaps:
            return i + 1
        return None

    def adjacent_prev(self, i: int, gaps: Collection[str] = (" ",)) -> int | None:
        """The previous token if only one of ``gaps`` separates it from token ``i``."""
        if i > 0 and self.text[self.ends[i - 1] : self.starts[i]] in gaps:
            return i - 1
        return None

    def prev_word(self, start: int) -> str:
        """The lower-case word before ``start``, skipping up to three spaces or punctuation marks."""
        word = self.prev.get(start)
        if word is not None:
            return word
        word = ""
        if start > 0:
            if not self.rev:
                self.rev = self.text[::-1]
            m = _PREV_WORD_REV_RE.match(self.rev, self.n - start)
            # a placeholder ('[child]') left by redaction is no cue
            if m is not None and "]" not in m.group(0)[: m.start(1) - m.start()]:
                word = m.group(1)[::-1].lower().strip(".")
        self.prev[start] = word
        return word

    def sentence_start(self, start: int) -> bool:
        text = self.text
        i = start - 1
        while i >= 0 and text[i] in " \t'‘\"“":
            i -= 1
        return (
            i < 0
            or text[i] in _SENTENCE_END
            or (text[i] == ")" and text[max(0, i - 2) : i].isdigit())
        )

    def mid_sentence(self, start: int) -> bool:
        """A capital here is no sentence's first letter, so it says 'a name' ('met Jack Smith').
        Not so right after a placeholder: what it hid may have ended a sentence ('14 Oak Road.')."""
        return not (self.sentence_start(start) or self.touches_placeholder(start))

    def kind_for(self, start: int, end: int, default: str) -> str:
        """Adults are named next to a role or title; children next to a year group or family cue."""
        prev = self.prev_word(start)
        if prev in ADULT_ROLES or self.adult_after(end):
            return "adult_name"
        if prev in CHILD_CUES or self.child_after(end, end + 60):
            return "child_name"
        return default

    def adult_after(self, end: int) -> bool:
        """A role follows: 'Gary Whitworth (head)', 'Mrs Patel, the SENCO'."""
        if self.low is not None:
            return _ADULT_AFTER_LOW_RE.match(self.low[end : end + 60]) is not None
        return _ADULT_AFTER_RE.match(self.text[end : end + 60]) is not None

    def child_after(self, end: int, stop: int | None = None) -> bool:
        """A child context follows: '… in Year 4', '… (Y6)', "…'s mum", '… aged 7'."""
        stop = self.n if stop is None else stop
        if self.low is not None:
            return _CHILD_AFTER_LOW_RE.match(self.low, end, stop) is not None
        return CHILD_AFTER_RE.match(self.text, end, stop) is not None
