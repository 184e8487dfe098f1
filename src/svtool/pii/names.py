"""Rule-based detection of people's names: titles, first-name list, initials and cue words.

No NER model is available from a trusted registry (see background/security.md), so the rules lean
on context: a bundled first-name list, titles, "called …", "his mum …", "… in Year 4", and stop
lists of domain words, places and public bodies.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from svtool.pii.lexicon import (
    ADULT_ROLES,
    BARE_INITIAL_STOP,
    CALENDAR_NAMES,
    CHILD_CUES,
    DETERMINERS,
    INITIALS_STOP_DOTTED,
    NAMING_CUES,
    ORG_WORDS,
    REL_WORDS,
    STOP,
    TITLES,
    WORDLIKE_NAMES,
    first_names,
    place_names,
    surnames,
)

Span = tuple[int, int, str]

_NAME_WORD = r"(?:[A-Z][a-z]?['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_CAPS_WORD = r"[A-Z]{2,}(?:['’-][A-Z]+)*"
_TOKEN_RE = re.compile(r"[A-Z][A-Za-z'’-]*")
_TITLE_RE = re.compile(
    r"(?<![\w])((?i:mr|mrs|ms|miss|mx|dr|prof|professor|cllr|councillor|sir|dame|rev))\.?\s+"
    rf"((?:[A-Z]\.?\s+){{0,2}}(?:{_NAME_WORD}|{_CAPS_WORD}|[a-z][a-z'’-]+)"
    rf"(?:\s+(?:{_NAME_WORD}|{_CAPS_WORD}))?)"
)
_DOTTED_INITIALS_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,2}[A-Z](?:\.|(?![\w.]))")
_CALLED_RE = re.compile(
    r"\b(?:called|named|nicknamed|known as)\s+([A-Za-z][a-z'’-]+)(?:\s+([A-Za-z][a-z'’-]+))?"
)
_RELATION_WORDS = (
    "mum",
    "mother",
    "mam",
    "mom",
    "dad",
    "father",
    "son",
    "daughter",
    "brother",
    "sister",
    "nan",
    "nanna",
    "gran",
    "grandma",
    "grandad",
    "carer",
    "stepdad",
    "stepmum",
    "aunt",
    "auntie",
    "uncle",
    "partner",
    "friend",
    "twin",
)
_AFTER_CUE_RE = re.compile(r",? ([a-z][a-z'’-]+)")
_CHILD_AFTER_RE = re.compile(
    r"\s*[(,]\s*(?:upn|uln|dob|d\.o\.b|born|date of birth)\b|"
    r"(?:['’]s)?\s*[(,–-]?\s*(?:who is |now |currently )?(?:in\s+)?(?:year|yr|y)\s?\d{1,2}\b"
    r"|(?:['’]s)?\s*[(,]?\s*(?:aged|age)\s+\d"
    r"|\s*\(\s*\d{1,2}\s*\)"
    r"|['’]s\s+(?:mum|mam|mom|dad|mother|father|parents?|carers?|nan|gran|family|brother|"
    r"sister|ehcp|ehc|plan|needs|diagnosis|ta|1:1|one-to-one|support|teacher|class|school|"
    r"behaviour|attendance|placement|transport|annual review|social worker|case)\b",
    re.IGNORECASE,
)
_ADULT_AFTER_RE = re.compile(
    r"\s*(?:[(,–-]|\bis\b|\bwas\b|\bthe\b)?\s*(?:the\s+|our\s+|a\s+|an\s+)?(?:assistant\s+|deputy\s+|acting\s+)?"
    r"(?:senco|sendco|head|headteacher|teacher|officer|manager|director|caseworker|"
    r"co-?ordinator|chair|governor|councillor|cllr|mp|ep|educational psychologist|nurse|"
    r"paediatrician|doctor|gp|therapist|slt|salt|ot|specialist|advis[eo]r|rep|lead|"
    r"principal|ceo|solicitor|advocate|social worker|clerk|ta|hlta|lsa|mum|dad|mother|father)\b",
    re.IGNORECASE,
)
_SUBJECT_VERB_RE = re.compile(
    r"\s+(?:is|was|has|had|needs|needed|gets|got|can|cannot|can't|couldn't|isn't|wasn't|"
    r"hasn't|doesn't|didn't|won't|will|would|should|must|attends|attended|started|joined|"
    r"left|moved|came|went|said|told|says|lives|struggles|struggled|refuses|refused|missed|"
    r"and|who|has been|loves|likes|became|finds|found|uses|used|receives|received)\b"
)
_SENTENCE_END = '.!?:;\n•*–—"“(['


@functools.cache
def _multiword_places() -> dict[str, tuple[str, ...]]:
    """Multi-word places keyed by their first word, so only plausible tokens are checked."""
    _, multi = place_names()
    by_first: dict[str, list[str]] = {}
    for place in multi:
        first = re.sub(r"['’]s?$", "", place.split()[0])
        by_first.setdefault(first, []).append(place)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t'‘\"“":
        i -= 1
    return (
        i < 0 or text[i] in _SENTENCE_END or (text[i] == ")" and text[max(0, i - 2) : i].isdigit())
    )


def _prev_word(text: str, start: int) -> str:
    """The word before ``start``, skipping up to three spaces or punctuation marks."""
    i = start - 1
    stop = max(-1, start - 4)
    while i > stop and not text[i].isalpha():
        i -= 1
    j = i
    while j >= 0 and (text[j].isalpha() or text[j] in "'’-."):
        j -= 1
    return text[j + 1 : i + 1].lower().strip(".")


def _kind_for(text: str, start: int, end: int, default: str) -> str:
    """Adults are named next to a role or title; children next to a year group or a family cue."""
    prev = _prev_word(text, start)
    after = text[end : end + 60]
    if prev in ADULT_ROLES or _ADULT_AFTER_RE.match(after):
        return "adult_name"
    if prev in CHILD_CUES or _CHILD_AFTER_RE.match(after):
        return "child_name"
    return default


def _is_stop(word: str) -> bool:
    w = word.lower().rstrip("'’s") if word.endswith(("'s", "’s")) else word.lower()
    return w in STOP or w in ORG_WORDS


class _Tokens:
    """Capitalised tokens of one text (possessive 's stripped), with neighbour look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        items: list[tuple[int, int, str]] = []
        n = len(text)
        for m in _TOKEN_RE.finditer(text):
            s, e = m.span()
            if s and (text[s - 1].isalnum() or text[s - 1] in "'’-_"):
                continue  # inside a word: "McDonald" tail, "DfE"
            if e < n and (text[e].isdigit() or text[e] == "_"):
                continue  # "Y6", "KS2"
            w = m.group()
            if w[-1] in "s'’-":
                while w and w[-1] in "'’-":
                    w, e = w[:-1], e - 1
                if w.endswith(("'s", "’s")):
                    w, e = w[:-2], e - 2
            if w:
                items.append((s, e, w))
        self.items = items

    def adjacent_next(self, i: int, gaps: tuple[str, ...] = (" ",)) -> int | None:
        if i + 1 < len(self.items) and self.text[self.items[i][1] : self.items[i + 1][0]] in gaps:
            return i + 1
        return None

    def adjacent_prev(self, i: int, gaps: tuple[str, ...] = (" ",)) -> int | None:
        if i > 0 and self.text[self.items[i - 1][1] : self.items[i][0]] in gaps:
            return i - 1
        return None


def _surname_like(word: str) -> bool:
    low = word.lower()
    singles, _ = place_names()
    if low in surnames():
        return True
    return not (_is_stop(word) or low in singles or low in CALENDAR_NAMES or word.isupper())


def _org_run(tok: _Tokens, i: int) -> bool:
    """'Charles Darwin Academy', 'St George's': person-like words inside an institution's name."""
    if _prev_word(tok.text, tok.items[i][0]) in {"st", "saint", "st."}:
        return True
    j: int | None = i
    for _ in range(4):
        assert j is not None
        j = tok.adjacent_next(j, (" ", " of ", " and ", "'s ", "’s ", " & "))
        if j is None:
            return False
        start, _, word = tok.items[j]
        if any(tok.text.startswith(p, start) for p in _multiword_places().get(word, ())):
            return False  # "Jack Smith Schools Forum": a known body starts here
        word = word.lower()
        if word in ORG_WORDS or word.rstrip("s") in ORG_WORDS:
            return True
    return False


def _first_name_span(tok: _Tokens, i: int) -> Span | None:
    text = tok.text
    start, end, word = tok.items[i]
    low = word.lower()
    singles, _ = place_names()
    if word.isupper() and (len(word) < 3 or word in BARE_INITIAL_STOP):
        return None
    if _org_run(tok, i):
        return None
    # extend over surnames: "Jack Smith", "Mary-Jane O'Neill", "SMITH, Jack"
    span_end, j, has_surname = end, i, False
    for _ in range(2):
        nxt = tok.adjacent_next(j)
        if nxt is None or not _surname_like(tok.items[nxt][2]):
            break
        j, span_end = nxt, tok.items[nxt][1]
        has_surname = has_surname or tok.items[nxt][2].lower() in surnames()
        has_surname = has_surname or not _sentence_start(text, start)
    span_start = start
    prv = tok.adjacent_prev(i, (", ",))
    prev_word = tok.items[prv][2] if prv is not None else ""
    if (
        prv is not None
        and (prev_word.isupper() or prev_word.lower() in surnames())
        and not _is_stop(prev_word)
        and prev_word not in BARE_INITIAL_STOP
    ):
        span_start, has_surname = tok.items[prv][0], True
    ambiguous = low in WORDLIKE_NAMES or low in singles or low in CALENDAR_NAMES
    if ambiguous and not _ambiguous_is_name(tok, i, has_surname):
        return None
    default = "adult_name" if span_end > end else "child_name"
    return span_start, span_end, _kind_for(text, span_start, span_end, default)


def _ambiguous_is_name(tok: _Tokens, i: int, has_surname: bool) -> bool:
    """'May', 'Grace', 'Preston': a surname, a cue or a child context makes them names."""
    text = tok.text
    start, end, word = tok.items[i]
    low = word.lower()
    prev = _prev_word(text, start)
    if prev in {"called", "named", "nicknamed", "as"} | CHILD_CUES | ADULT_ROLES:
        return not _is_stop(prev) or prev in CHILD_CUES or prev in ADULT_ROLES
    after = text[end : end + 60]
    calendar = low in CALENDAR_NAMES or low in place_names()[0]
    if _CHILD_AFTER_RE.match(after) and not calendar:
        return True
    if has_surname:
        nxt = tok.adjacent_next(i)
        return nxt is not None and (not calendar or tok.items[nxt][2].lower() in surnames())
    if calendar or word.isupper():
        return False
    if re.match(r"\s*\d", after) or prev in {"rated", "rag", "the", "a", "an", "of", "in"}:
        return False
    if tok.adjacent_prev(i) is not None:  # "Amazing Grace", "Hope Street" style phrases
        return False
    nxt = tok.adjacent_next(i)
    if nxt is not None and _is_stop(tok.items[nxt][2]):
        return False
    if _sentence_start(text, start):
        return bool(_SUBJECT_VERB_RE.match(after)) and not after.startswith(" will")
    return True


_LOWER_TITLE_RE = re.compile(r"\bmrs?\.?\s+([a-z][a-z'’-]+)")


def _title_span(tok: _Tokens, i: int) -> Span | None:
    text = tok.text
    singles, _ = place_names()
    m = _TITLE_RE.match(text, tok.items[i][0])
    if m is None:
        return None
    words = list(re.finditer(r"\S+", m.group(2)))
    while len(words) > 1 and (
        _is_stop(words[-1].group(0))
        or words[-1].group(0).lower() in singles
        or (words[-1].group(0).isupper() and not words[0].group(0).isupper())
    ):
        words.pop()
    last = words[-1].group(0)
    if text[m.start(2) + words[-1].end() :].startswith(("'s", "’s")) and (
        last.lower() + "'s" in singles
    ):
        return None  # "Dr Barnardo's"
    known = last.lower() in surnames()
    if not known and (last[0].islower() or _is_stop(last) or last.lower() in singles):
        return None
    return m.start(), m.start(2) + words[-1].end(), "adult_name"


def _initial_span(tok: _Tokens, i: int) -> Span | None:
    """'J.S.', 'J. S.', 'J Smith' (a single capital letter token)."""
    text = tok.text
    start, _end, word = tok.items[i]
    if start and text[start - 1] in ".":
        return None
    m = _DOTTED_INITIALS_RE.match(text, start)
    if m is not None:
        letters = re.sub(r"[^A-Z]", "", m.group(0))
        if letters not in INITIALS_STOP_DOTTED and len(letters) >= 2:
            return m.start(), m.end(), _kind_for(text, m.start(), m.end(), "child_name")
    nxt = tok.adjacent_next(i, (" ", ". "))
    if (
        nxt is not None
        and word not in "AI"
        and tok.items[nxt][2].lower() in surnames()
        and not _sentence_start(text, start)
        and not _is_stop(tok.items[nxt][2])
        and not any(
            text.startswith(p, tok.items[nxt][0])
            for p in _multiword_places().get(tok.items[nxt][2], ())
        )
    ):
        e = tok.items[nxt][1]
        return start, e, _kind_for(text, start, e, "adult_name")
    return None


def _cue_before(text: str, start: int) -> str:
    """The lower-case word right before a token ('called', 'pupil', 'mum'), else ''."""
    if start < 2 or text[start - 1] not in " ,":
        return ""
    prev = _prev_word(text, start)
    k = text.rfind(prev[:1], max(0, start - len(prev) - 3), start) if prev else -1
    if k < 0 or not text[k].islower():
        return ""
    return prev


def _unknown_span(tok: _Tokens, i: int) -> Span | None:
    """Names missing from the list: 'called Zebedee', 'son Tobiah', 'Kacper in Year 5'."""
    text = tok.text
    start, end, word = tok.items[i]
    low = word.lower()
    if low in STOP or low in ORG_WORDS or len(word) < 3 or low in place_names()[0]:
        return None
    if not word[1:].islower():
        return None
    cue = _cue_before(text, start)
    if cue and (cue in NAMING_CUES or cue in CHILD_CUES or cue in REL_WORDS):
        nxt = tok.adjacent_next(i)
        if nxt is None or tok.items[nxt][2].lower() in surnames():
            e = tok.items[nxt][1] if nxt is not None else end
            default = "adult_name" if cue in REL_WORDS else "child_name"
            return start, e, _kind_for(text, start, e, default)
        return None
    if low.endswith(("s", "ly", "ing", "ed")):
        return None
    if _CHILD_AFTER_RE.match(text, end):
        return start, end, "child_name"
    return None


def _bare_initials_span(tok: _Tokens, i: int) -> Span | None:
    """'JS in Year 4', 'pupil JS': capitals that stand for a child, never bare acronyms."""
    text = tok.text
    start, end, word = tok.items[i]
    if word in BARE_INITIAL_STOP:
        return None
    if _cue_before(text, start) in CHILD_CUES or _CHILD_AFTER_RE.match(text, end):
        return start, end, "child_name"
    return None


def _variants(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w + p for w in words for p in ("", ",", ".", ";", ":", ")"))


_RELATION_GATE = _variants(_RELATION_WORDS)
_NAMING_GATE = _variants(("called", "named", "nicknamed", "known"))


def _lower_case_cues(text: str, lowered: str, words: frozenset[str]) -> Iterator[Span]:
    """Names written in lower case are only trusted right after a cue."""
    names = first_names()
    singles, _ = place_names()
    if not words.isdisjoint(_NAMING_GATE):
        for m in _CALLED_RE.finditer(text):
            w = m.group(1)
            if w.lower() in names or (
                w[0].isupper() and not _is_stop(w) and w.lower() not in singles
            ):
                end = m.end(1)
                if m.group(2) and m.group(2)[0].isupper() and _surname_like(m.group(2)):
                    end = m.end(2)
                yield m.start(1), end, _kind_for(text, m.start(1), end, "child_name")
    for rel in {w.rstrip(",.;:)") for w in words & _RELATION_GATE}:
        idx = lowered.find(rel)
        while idx != -1:
            end = idx + len(rel)
            after = _AFTER_CUE_RE.match(text, end)
            if after and (idx == 0 or not lowered[idx - 1].isalpha()):
                low = after.group(1)
                strong = low not in WORDLIKE_NAMES and low not in CALENDAR_NAMES
                if (
                    low in names
                    and _prev_word(text, idx) in DETERMINERS
                    and (strong or text[after.end(1) : after.end(1) + 1] in {",", ")"})
                ):
                    child = rel in CHILD_CUES or rel in {"twin", "friend"}
                    yield after.start(1), after.end(1), "child_name" if child else "adult_name"
            idx = lowered.find(rel, end)
    if "mr" in text:
        for m in _LOWER_TITLE_RE.finditer(text):
            if m.group(1) in surnames():
                yield m.start(), m.end(), "adult_name"


@functools.cache
def _not_names() -> frozenset[str]:
    """Capitalised words that can never start a name by themselves."""
    return (STOP | ORG_WORDS | place_names()[0]) - first_names()


def find_names(
    text: str, lowered: str | None = None, words: frozenset[str] | None = None
) -> list[Span]:
    """All name spans (may overlap; the detector resolves overlaps)."""
    if lowered is None:
        lowered = text.lower()
    if words is None:
        words = frozenset(lowered.split())
    tok = _Tokens(text)
    names = first_names()
    places = _multiword_places()
    skip = _not_names()
    spans: list[Span] = []
    masked_until = -1
    for i, (start, _end, word) in enumerate(tok.items):
        if start < masked_until:
            continue
        for place in places.get(word, ()):
            if (
                text.startswith(place, start)
                and not text[start + len(place) : start + len(place) + 1].isalnum()
            ):
                masked_until = start + len(place)
                break
        if start < masked_until:
            continue
        low = word.lower()
        span: Span | None = None
        if low in names or ("-" in low and low.split("-")[0] in names):
            span = _first_name_span(tok, i)
        elif low in TITLES:
            span = _title_span(tok, i)
        elif len(word) == 1:
            span = _initial_span(tok, i)
        elif word.isupper():
            if len(word) <= 3:
                span = _bare_initials_span(tok, i)
        elif low not in skip:
            span = _unknown_span(tok, i)
        if span is not None:
            spans.append(span)
    spans.extend(_lower_case_cues(text, lowered, words))
    return spans


__all__ = ["find_names"]
