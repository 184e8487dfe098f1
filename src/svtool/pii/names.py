"""Rule-based detection of people's names: titles, first-name list, initials and cue words.

No NER model is available from a trusted registry (see background/security.md), so the rules lean
on context: a bundled first-name list, titles, "called …", "his mum …", "… in Year 4", and stop
lists of domain words, places and public bodies. The text is tokenised once (``tokens.Tokens``)
and each distinct word is classified once, so only words that can start a name cost anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import compress
from typing import cast

from svtool.pii.identifiers import REF_WORDS
from svtool.pii.lazyre import LazyPattern
from svtool.pii.lexicon import (
    ADULT_ROLES,
    BARE_INITIAL_STOP,
    CALENDAR_NAMES,
    CHILD_CUES,
    INITIALS_STOP_DOTTED,
    NAMING_CUES,
    ORG_WORDS,
    REL_WORDS,
    STOP,
    TITLES,
    place_names,
    word_set,
)
from svtool.pii.lowercase import find_lower_case
from svtool.pii.namedata import (
    COMMON_SURNAME_RANK,
    PROPER_NOUN_NAME,
    first_weight,
    is_common_word,
    is_english_word,
    is_wordlike_name,
    lookup,
)
from svtool.pii.placeholders import PLACEHOLDER_RE
from svtool.pii.tokens import (
    BARE,
    CATEGORY_CACHE,
    FIRST,
    INITIAL,
    PLACE_START,
    RARE,
    TITLE,
    UNKNOWN,
    UPPER,
    Span,
    Tokens,
    categorise,
    category,
    is_stop,
    known_surname,
    multiword_places,
    place_tails,
    surname_like,
)

_NAME_WORD = (
    rf"(?:[{UPPER}][a-z]?['’])?[{UPPER}][^\W\d_]+(?:[{UPPER}][a-z]+)?(?:-[{UPPER}][^\W\d_]+)?"
)
_CAPS_WORD = r"[A-Z]{2,}(?:['’-][A-Z]+)*"
_TITLE_RE = re.compile(
    r"(?<![\w])((?i:mr|mrs|ms|miss|mx|dr|prof|professor|cllr|councillor|sir|dame|rev|pani|pan|mme|mlle))\.?\s+"
    rf"((?:[A-Z]\.?\s+){{0,2}}(?:{_NAME_WORD}|{_CAPS_WORD}|[a-z][a-z'’-]+)"
    rf"(?:[^\S\n]+(?:{_NAME_WORD}|{_CAPS_WORD}))?)"  # one line: 'Mrs Okafor\nNewton Europe'
)
# 'Mrs K said', 'Mr J. at the meeting': a title and an initial alone
_TITLE_INITIAL_RE = LazyPattern(
    r"(?<![\w])(?i:mr|mrs|ms|miss|mx|dr|cllr)\.?\s+[A-Z](?=\.|[^\w'’]|\Z)(?!\.[A-Za-z])"
)
_NON_SPACE_RE = re.compile(r"\S+")
_NOT_CAPITAL_RE = re.compile(r"[^A-Z]")
_DIGIT_AHEAD_RE = re.compile(r"\s*\d")
_DOTTED_INITIALS_RE = LazyPattern(r"(?<![\w.])(?:[A-Z]\.\s?){1,2}[A-Z](?:\.|(?![\w.]))")
_SUBJECT_VERB_RE = re.compile(
    r"\s+(?:is|was|has|had|needs|needed|gets|got|can|cannot|can't|couldn't|isn't|wasn't|"
    r"hasn't|doesn't|didn't|won't|will|would|should|must|attends|attended|started|joined|"
    r"left|moved|came|went|said|told|says|lives|struggles|struggled|refuses|refused|missed|"
    r"and|who|has been|loves|likes|became|finds|found|uses|used|receives|received|rang|phoned|"
    r"emailed|texted|asked|arrived|wants|wanted|explained|agreed|thinks|thought)\b"
)


_NAMING_PREV = (
    frozenset(
        {"called", "named", "nicknamed", "as", "hi", "hiya", "hey", "hello", "dear", "its", "it's"}
    )
    | CHILD_CUES
    | ADULT_ROLES
)
_NOT_AMBIGUOUS_PREV = frozenset({"rated", "rag", "the", "a", "an", "of", "in"})
_ORG_GAPS = (" ", " of ", " and ", "'s ", "’s ", " & ")
# Placeholders inside a run of capitalised words ('Chukwuemeka Obis [name] Hospital'): they may
# hide words of an institution's name, so the run goes on through them.
_ORG_GAP = "|".join(map(re.escape, _ORG_GAPS))
_HELD_GAP_RE = re.compile(rf"(?:(?:{_ORG_GAP})(?:{PLACEHOLDER_RE.pattern}))+(?:{_ORG_GAP})")
# 'Jack Smith PO 4500123457': the cue that makes the number a reference is no surname. Swallowed
# into the name, it would vanish with it, and the number would be read as an NHS number or ULN
# when the redacted note is scanned again.
_REF_CUE_TAIL_RE = re.compile(
    r"(?i)(?:[\s,]+(?:and|&))*[\s,]+(?:"
    + "|".join(re.escape(w.split()[-1]) for w in REF_WORDS)
    + r")\.?\Z"
)
_NUMBER_AHEAD_RE = re.compile(r"\s*(?:no\.?|number|#)?\s*[:#]?\s*\d", re.IGNORECASE)
_SAINTS = frozenset({"st", "saint", "st."})
GREETINGS = word_set("hi hello hey hiya dear morning afternoon thanks cheers its it's")
_UNKNOWN_CUES = (
    NAMING_CUES | CHILD_CUES | REL_WORDS | GREETINGS | ADULT_ROLES | {"parent", "contact"}
)


def _org_run(tok: Tokens, i: int) -> bool:
    """'Charles Darwin Academy', 'St George's': person-like words inside an institution's name."""
    if tok.prev_word(tok.starts[i]) in _SAINTS:
        return True
    text, starts, ends, words = tok.text, tok.starts, tok.ends, tok.words
    places = multiword_places()
    for j in range(i + 1, min(i + 5, len(words))):  # up to four more words, each after a gap
        gap = text[ends[j - 1] : starts[j]]
        if gap not in _ORG_GAPS and not (len(gap) > 3 and _HELD_GAP_RE.fullmatch(gap)):
            return False
        word = words[j]
        if text.startswith(places.get(word, ()), starts[j]):
            return False  # "Jack Smith Schools Forum": a known body starts here
        word = word.lower()
        if word in ORG_WORDS or word.rstrip("s") in ORG_WORDS:
            # 'Rose Hall (SENCO)' is a person, 'Rose Hall Primary' a school
            return not (tok.adult_after(ends[j]) or tok.child_after(ends[j], ends[j] + 60))
    return False


def _person_surname(tok: Tokens, k: int) -> bool:
    """A common surname that is also a place or building word ('Hall', 'Green', 'Park') is a
    surname when a person's role or year group follows: 'Rose Hall (SENCO)'."""
    e = lookup(tok.words[k].lower())
    end = tok.ends[k]
    return (
        0 < e.surname <= COMMON_SURNAME_RANK
        and not tok.words[k].isupper()
        and (tok.adult_after(end) or tok.child_after(end, end + 60))
    )


def _first_name_span(tok: Tokens, i: int) -> Span | None:
    start, end, word = tok.starts[i], tok.ends[i], tok.words[i]
    if word.isupper() and (len(word) < 3 or word in BARE_INITIAL_STOP):
        return None
    low = word.lower()
    if low in CALENDAR_NAMES and tok.prev_word(start) not in _NAMING_PREV:
        # 'May 2024', 'Summer term': a month or season is a name only after a cue, before a
        # known surname or in a list of names with a cue ('Summer and Grace (twins, Y1)')
        nxt = tok.adjacent_next(i)
        if nxt is None or not known_surname(tok.words[nxt].lower()):
            group_end, partner = _coordinated(tok, i)
            if group_end == end or not (partner or tok.child_after(group_end, group_end + 60)):
                return None
            return start, end, "child_name"
    ambiguous = is_wordlike_name(lookup(low)) or low in place_names()[0] or low in CALENDAR_NAMES
    if _org_run(tok, i) or (ambiguous and tok.touches_placeholder(None, end)):
        return None  # a placeholder after it may hide the rest of 'Summer Academy Trust'
    # extend over surnames: "Jack Smith", "Mary-Jane O'Neill", "SMITH, Jack"
    span_end, j, has_surname = end, i, False
    for _ in range(3):
        nxt = tok.adjacent_next(j, _PARTICLE_GAPS)
        if nxt is None:
            break
        if not surname_like(tok.words[nxt]) and not _person_surname(tok, nxt):
            break
        j, span_end = nxt, tok.ends[nxt]
        has_surname = has_surname or known_surname(tok.words[nxt].lower())
        has_surname = has_surname or tok.mid_sentence(start)
    span_start = start
    prv = tok.adjacent_prev(i, (", ",))
    prev_word = tok.words[prv] if prv is not None else ""
    if (
        prv is not None
        and (prev_word.isupper() or known_surname(prev_word.lower()))
        and not is_stop(prev_word)
        and prev_word not in BARE_INITIAL_STOP
    ):
        span_start, has_surname = tok.starts[prv], True
    if ambiguous and not _ambiguous_is_name(tok, i, has_surname, span_end):
        return None
    default = "adult_name" if span_end > end else "child_name"
    return span_start, span_end, tok.kind_for(span_start, span_end, default)


def _ambiguous_is_name(tok: Tokens, i: int, has_surname: bool, span_end: int) -> bool:
    """'May', 'Grace', 'Preston': a surname, a cue or a child context makes them names."""
    text = tok.text
    start, end, word = tok.starts[i], tok.ends[i], tok.words[i]
    low = word.lower()
    prev = tok.prev_word(start)
    if prev in _NAMING_PREV:
        return not is_stop(prev) or prev in CHILD_CUES or prev in ADULT_ROLES or prev in GREETINGS
    calendar = low in CALENDAR_NAMES or low in place_names()[0]
    if not calendar and (tok.adult_after(span_end) or _message_name(tok, start, span_end)):
        return True
    if not calendar:
        group_end, partner = _coordinated(tok, i)
        if partner or tok.child_after(max(group_end, span_end), max(group_end, span_end) + 60):
            return True
    if has_surname:
        nxt = tok.adjacent_next(i, _PARTICLE_GAPS)
        return nxt is not None and (not calendar or known_surname(tok.words[nxt].lower()))
    if calendar or word.isupper():
        return False
    if tok.touches_placeholder(start, span_end):
        return False  # what follows is read from the word's place, which a placeholder hides
    if _DIGIT_AHEAD_RE.match(text, end, end + 60) or prev in _NOT_AMBIGUOUS_PREV:
        return False
    prv = tok.adjacent_prev(i)
    if prv is not None and not (
        tok.words[prv].lower() in _TALK_VERBS and tok.sentence_start(tok.starts[prv])
    ):
        return False  # "Amazing Grace", "Hope Street" style phrases
    nxt = tok.adjacent_next(i)
    if nxt is not None and is_stop(tok.words[nxt]):
        return False
    e = lookup(low)
    if e.upper and first_weight(e) < PROPER_NOUN_NAME:
        return False  # 'Roma', 'Kent': a capital says nothing about a proper noun
    if tok.sentence_start(start):
        after = text[end : end + 60]
        return bool(_SUBJECT_VERB_RE.match(after)) and not after.startswith(" will")
    return True


# Between the parts of one name: a space, or lower-case particles ('Ana de la Cruz').
_PARTICLE_GAPS = frozenset(
    [" "]
    + [
        f" {p} "
        for p in [
            "de",
            "da",
            "di",
            "du",
            "do",
            "dos",
            "das",
            "del",
            "della",
            "der",
            "den",
            "van",
            "von",
            "le",
            "la",
            "al",
            "el",
            "bin",
            "binti",
            "ibn",
            "ter",
            "ten",
        ]
    ]
    + [" de la ", " van der ", " van den ", " von der ", " de los ", " de las "]
)
# Verbs that take a person, as a note reports them ('Asked Hope about it', 'Told Grace we would
# chase') or as a reminder to oneself ('Call Tom on ...', 'Ask Grace tomorrow').
_TALK_VERBS = word_set(
    "asked told rang phoned emailed texted met thanked called reminded messaged saw "
    "ask tell ring phone email text meet thank call remind message chase contact"
)
_AND_GAPS = (" and ", ", ", " & ", " or ", ",  ", " + ")


def _coordinated(tok: Tokens, i: int) -> tuple[int, bool]:
    """Where a list of first names that token ``i`` is in ends ('Summer and Grace (twins)'), and
    whether one of them is a name beyond doubt ('Summer and Jack')."""
    end, partner = tok.ends[i], False
    for direction in (1, -1):
        j = i
        for _ in range(3):
            k = (
                tok.adjacent_next(j, _AND_GAPS)
                if direction > 0
                else tok.adjacent_prev(j, _AND_GAPS)
            )
            if k is None or not category(tok.words[k]) & FIRST:
                break
            j = k
            low = tok.words[k].lower()
            if not (
                is_wordlike_name(lookup(low)) or low in CALENDAR_NAMES or low in place_names()[0]
            ):
                partner = True
            if direction > 0:
                end = tok.ends[k]
    return end, partner


def _title_span(tok: Tokens, i: int) -> Span | None:
    text = tok.text
    singles, _ = place_names()
    m = _TITLE_RE.match(text, tok.starts[i])
    if m is None:
        return _title_initial(tok, i)
    words = list(_NON_SPACE_RE.finditer(m.group(2)))
    while len(words) > 1 and (
        is_stop(words[-1].group(0))
        or words[-1].group(0).lower() in singles
        or (words[-1].group(0).isupper() and not words[0].group(0).isupper())
    ):
        words.pop()
    last = words[-1].group(0)
    if text.startswith(("'s", "’s"), m.start(2) + words[-1].end()) and (
        last.lower() + "'s" in singles
    ):
        return None  # "Dr Barnardo's"
    known = known_surname(last.lower())
    if not known and (last[0].islower() or is_stop(last) or last.lower() in singles):
        return _title_initial(tok, i)
    first = words[0].group(0)
    if first[0].islower() and not known_surname(first) and is_english_word(lookup(first)):
        return None  # "Dear Sir or Madam"
    return m.start(), m.start(2) + words[-1].end(), "adult_name"


def _title_initial(tok: Tokens, i: int) -> Span | None:
    m = _TITLE_INITIAL_RE.match(tok.text, tok.starts[i])
    return None if m is None else (m.start(), m.end(), "adult_name")


def _initial_span(tok: Tokens, i: int) -> Span | None:
    """'J.S.', 'J. S.', 'J Smith' (a single capital letter token)."""
    text = tok.text
    start, word = tok.starts[i], tok.words[i]
    if start and text[start - 1] in ".":
        return None
    m = _DOTTED_INITIALS_RE.match(text, start) if text.startswith(".", start + 1) else None
    if m is not None:
        letters = _NOT_CAPITAL_RE.sub("", m.group(0))
        if letters not in INITIALS_STOP_DOTTED and len(letters) >= 2:
            return m.start(), m.end(), tok.kind_for(m.start(), m.end(), "child_name")
    nxt = tok.adjacent_next(i, (" ", ". "))
    if (
        nxt is not None
        and word not in "AI"
        and _initial_surname(tok, i, nxt)
        and not is_stop(tok.words[nxt])
        and not text.startswith(multiword_places().get(tok.words[nxt], ()), tok.starts[nxt])
    ):
        e = tok.ends[nxt]
        return start, e, tok.kind_for(start, e, "adult_name")
    return None


def _initial_surname(tok: Tokens, i: int, nxt: int) -> bool:
    """'J. Whitfield', 'K Okafor': a known surname, or any word that is no English word and no
    place; at the start of a sentence ('A Smith said' aside) only with the initial's full stop."""
    low = tok.words[nxt].lower()
    if known_surname(low):
        return tok.mid_sentence(tok.starts[i]) or tok.text[tok.ends[i]] == "."
    e = lookup(low)
    return (
        tok.text[tok.ends[i]] == "."
        and not is_english_word(e)
        and surname_like(tok.words[nxt])
        and low not in place_names()[0]
    )


def _cue_before(tok: Tokens, start: int, cues: frozenset[str]) -> str:
    """The lower-case word right before a token if it is one of ``cues`` ('called', 'pupil'), else ''.

    Most words before a token are no cue, so membership is tested before the lower-case test.
    """
    text = tok.text
    if start < 2 or text[start - 1] not in " ,":
        return ""
    prev = tok.prev_word(start)
    if prev not in cues:  # never '': no cue set holds the empty word
        return ""
    k = tok.lowered.rfind(prev, max(0, start - len(prev) - 3), start)
    if k < 0 or tok.low is None:
        return ""
    word = text[k : k + len(prev)]
    if not (word.islower() or word.isupper() or prev in GREETINGS or tok.sentence_start(k)):
        return ""  # 'Pupil Premium', but 'Hi Kerene' and 'Mum Gift Udeh has asked'
    return prev


def _run_end(tok: Tokens, i: int) -> int:
    """The last token of the run of name-like words token ``i`` starts ('Fatu Koroma')."""
    j = i
    for _ in range(3):
        k = tok.adjacent_next(j, _PARTICLE_GAPS)
        if k is None or not category(tok.words[k]) & (FIRST | UNKNOWN):
            break
        j = k
    return j


# Opening a message ('Bolanle - meeting is at 3.30', 'Kulwinder it's the school', 'Jo,') or
# closing one (a name alone at the end of a note).
_VOCATIVE_RE = re.compile(r"(?:,|\s+[-–]\s|\s+it['’]?s\s|\s*\n)")
_SIGN_OFF_RE = re.compile(r"[\s.!]*\Z")


def _message_name(tok: Tokens, start: int, end: int) -> bool:
    """A name that opens a line as a greeting, or signs off the note."""
    text = tok.text
    line_start = start == 0 or text[start - 1] == "\n"
    if line_start and _VOCATIVE_RE.match(text, end):
        return True
    return _SIGN_OFF_RE.match(text, end) is not None and tok.sentence_start(start) and start > 0


def _caps_surname(word: str) -> bool:
    """A surname in capitals before ', First': no acronym, stop word or English word."""
    return (
        word.isupper()
        and len(word) >= 3
        and word not in BARE_INITIAL_STOP
        and not is_stop(word)
        and not is_common_word(lookup(word.lower()))
    )


def _unknown_span(tok: Tokens, i: int) -> Span | None:
    """Names missing from the lists: 'called Zebedee', 'son Tobiah', 'Kacper in Year 5',
    'Fatu Koroma (mum)', "Kemoy's taxi", 'Hi Kerene', with the words of the name after it."""
    start = tok.starts[i]
    j = _run_end(tok, i)
    end = tok.ends[j]
    prv = tok.adjacent_prev(i, (", ",))
    if prv is not None and _caps_surname(tok.words[prv]):
        start = tok.starts[prv]  # 'WIDRAAR, Broape'
    cue = _cue_before(tok, start, _UNKNOWN_CUES)
    if cue:
        default = "adult_name" if cue in REL_WORDS or cue in GREETINGS else "child_name"
        return start, end, tok.kind_for(start, end, default)
    if j == i and tok.words[i].endswith(("ly", "ing", "ed")):
        return None
    if tok.child_after(end) or tok.adult_after(end):
        return start, end, tok.kind_for(start, end, "child_name")
    if tok.text.startswith(("'s ", "’s "), end) or _message_name(tok, start, end):
        return start, end, tok.kind_for(start, end, "child_name")
    return None


_RARE_CUES = REL_WORDS | CHILD_CUES | NAMING_CUES | ADULT_ROLES | GREETINGS
_BARE_ROLES = ADULT_ROLES - REL_WORDS - CHILD_CUES


def _rare_span(tok: Tokens, i: int) -> Span | None:
    """A rare name that is also a common word ('Gift', 'Royal') is a name only before a year
    group, a family word or a role: "Gift's mum", 'Royal (Y5)'."""
    start, end = tok.starts[i], tok.ends[i]
    if tok.child_after(end, end + 60) or (
        tok.text.startswith(("(", " ("), end) and tok.adult_after(end)
    ):
        return start, end, tok.kind_for(start, end, "child_name")
    # ... or right after a word that says a person is named next: 'my son Gift', 'Mum Gift Udeh',
    # 'Dear Gift,'; after a role ('TA Gift Adams') only with a surname, as a role may head a title
    cue = _cue_before(tok, start, _RARE_CUES)
    if not cue:
        return None
    nxt = tok.adjacent_next(i)
    surname = (
        nxt is not None and not tok.touches_placeholder(None, end) and surname_like(tok.words[nxt])
    )
    if not surname and (
        cue in _BARE_ROLES or (cue in GREETINGS and not tok.text.startswith(",", end))
    ):
        return None
    span_end = tok.ends[nxt] if surname and nxt is not None else end
    default = "child_name" if cue in CHILD_CUES else "adult_name"
    return start, span_end, tok.kind_for(start, span_end, default)


def _bare_initials_span(tok: Tokens, i: int) -> Span | None:
    """'JS in Year 4', 'pupil JS': capitals that stand for a child, never bare acronyms."""
    start, end = tok.starts[i], tok.ends[i]
    if _cue_before(tok, start, CHILD_CUES) or tok.child_after(end):
        return start, end, "child_name"
    return None


# The rule for each word category (a word has at most one of them, besides PLACE_START).
_RULES: dict[int, Callable[[Tokens, int], Span | None]] = {
    FIRST: _first_name_span,
    TITLE: _title_span,
    INITIAL: _initial_span,
    BARE: _bare_initials_span,
    UNKNOWN: _unknown_span,
    RARE: _rare_span,
}


def _widen_back(tok: Tokens, i: int, span: Span, cats: list[int]) -> Span:
    """'Kemoy Williams', 'Ka Ho Chan': name-like words right before a name are part of it."""
    j = i
    for _ in range(3):
        k = tok.adjacent_prev(j, _PARTICLE_GAPS)
        if k is None or cats[k] & TITLE:
            break
        word = tok.words[k]
        if not cats[k] & (FIRST | UNKNOWN) and not (
            first_weight(lookup(word.lower())) >= 3 and not word.isupper()
        ):
            break
        if is_stop(word) or (
            tok.sentence_start(tok.starts[k])
            and not cats[k] & FIRST
            and is_english_word(lookup(word.lower()))
        ):
            break
        j = k
    return (tok.starts[j], span[1], span[2]) if j != i else span


def find_names(text: str, lowered: str | None = None, tok: Tokens | None = None) -> list[Span]:
    """All name spans (may overlap; the detector resolves overlaps)."""
    if lowered is None:
        lowered = text.lower()
    if tok is None:
        tok = Tokens(text, lowered)
    places, tails = multiword_places(), place_tails()
    spans: list[Span] = []
    masked_until = -1
    starts, words = tok.starts, tok.words
    cached = list(map(CATEGORY_CACHE.get, words))
    if None in cached:
        cats = [categorise(w) if c is None else c for w, c in zip(words, cached, strict=True)]
    else:
        cats = cast("list[int]", cached)
    # most tokens ('The', 'SENCO') have no rule at all: only the others are visited
    rules = _RULES
    for i in compress(range(len(cats)), cats):
        start = starts[i]
        if start < masked_until:
            continue
        cat = cats[i]
        if cat & PLACE_START:
            word = words[i]
            for place in places[word]:
                if (
                    text.startswith(place, start)
                    and not text[start + len(place) : start + len(place) + 1].isalnum()
                ):
                    masked_until = start + len(place)
                    break
            if start < masked_until:
                continue
            cat ^= PLACE_START
        if cat:
            if (
                words[i] in tails
                and text[start - 1 : start] == " "
                and tok.touches_placeholder(start)
            ):
                continue  # '[name] Europe': the placeholder may hide 'Newton'
            span = rules[cat](tok, i)
            if span is not None:
                if span[0] == start and cat & (FIRST | UNKNOWN):
                    span = _widen_back(tok, i, span, cats)
                spans.append(span)
    spans.extend(find_lower_case(tok))
    return _spare_reference_cues(text, spans)


def _spare_reference_cues(text: str, spans: list[Span]) -> list[Span]:
    """Each name span that ends in a reference cue right before a number, cut before the cue."""
    kept = []
    for start, end, kind in spans:
        if _NUMBER_AHEAD_RE.match(text, end) and (cue := _REF_CUE_TAIL_RE.search(text, start, end)):
            left = text[start : cue.start()].strip(" .").lower()
            if left in TITLES:
                pass  # 'Mrs Po 07700 900123': a title's name, whatever else it might say
            elif len(left) < 2:
                continue
            else:
                end = cue.start()
        kept.append((start, end, kind))
    return kept


__all__ = ["STOP", "find_names"]
