"""Names written in lower case: 'spoke to fatima (mum) at gate, zain still no SALT'.

Notes typed on a phone often have no capitals at all, so a lower-case word is read as a name when
the lexicon says it is a first name and no ordinary English word ('fatima', 'zain', 'kacper'), or
when the context says so for names that are words or surnames ('will barker (ht)', "okafor's
mum", 'his mum grace'). Each distinct word of a note is judged once (and cached across notes),
so only the few name candidates cost any context checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from svtool.pii.lazyre import LazyPattern
from svtool.pii.lexicon import (
    ADULT_ROLES,
    BARE_INITIAL_STOP,
    CALENDAR_NAMES,
    CHILD_CUES,
    CUE_WORDS,
    ORG_WORDS,
    STOP,
    TITLES,
    word_set,
)
from svtool.pii.namedata import (
    NOT_FOUND,
    PROPER_NOUN_NAME,
    RARE_WORD_TIER,
    first_weight,
    is_first_name,
    is_known_surname,
    lookup,
)
from svtool.pii.tokens import Span, Tokens

# A lower-case word of two letters or more, possibly with an apostrophe or hyphen inside (plain
# letters: a simple pattern is several times quicker, and names typed in lower case rarely have
# accents; those that do are still found from their plain part).
_LOWER_WORD_RE = re.compile(r"\b[a-z][a-zß-öø-ÿā-ž'’-]*[a-zß-öø-ÿā-ž]")
# Short forms and text-speak a note may use that happen to be someone's name somewhere.
LOWER_STOP = frozenset(
    [
        "max",
        "min",
        "mins",
        "approx",
        "ave",
        "avg",
        "asap",
        "tbc",
        "tba",
        "etc",
        "cos",
        "coz",
        "pls",
        "plz",
        "thx",
        "tho",
        "thru",
        "tmrw",
        "tmw",
        "yr",
        "yrs",
        "wk",
        "wks",
        "hr",
        "hrs",
        "mth",
        "mths",
        "ref",
        "refs",
        "re",
        "dept",
        "govt",
        "admin",
        "info",
        "dont",
        "cant",
        "wont",
        "didnt",
        "isnt",
        "wasnt",
        "doesnt",
        "havent",
        "hasnt",
        "couldnt",
        "shouldnt",
        "wouldnt",
        "ive",
        "im",
        "id",
        "youre",
        "hes",
        "shes",
        "thats",
        "theres",
        "lets",
        "aint",
        "sen",
        "senco",
        "sendco",
        "salt",
        "slt",
        "ehcp",
        "ehcps",
        "ehc",
        "camhs",
        "asd",
        "asc",
        "adhd",
        "dbv",
        "eyfs",
        "pru",
        "semh",
        "slcn",
        "mld",
        "sld",
        "pmld",
        "spld",
        "hlta",
        "lsa",
        "cpoms",
        "sims",
        "arbor",
        "ofsted",
        "dfe",
        "esfa",
        "icb",
        "nhs",
        "sendiass",
        "ipsea",
        "ks",
        "nqt",
        "ect",
        "inset",
        "fsm",
        "eal",
        "lac",
        "cla",
        "pp",
        "ep",
        "eps",
        "ot",
        "sw",
        "gp",
        "hv",
        "cin",
        "cp",
        "taf",
        "eha",
        "pep",
        "iep",
        "ssp",
        "mfl",
        "ict",
        "sats",
        "gcse",
        "btec",
        "alevel",
        "ap",
        "fe",
        "he",
        "sencos",
        "tas",
        "lsas",
        "hltas",
        "nb",
        "ps",
        "fyi",
        "aka",
        "ie",
        "eg",
        "vs",
        "via",
        "per",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_NOT_NAMES = (STOP - CALENDAR_NAMES) | ORG_WORDS | CUE_WORDS | ADULT_ROLES | CHILD_CUES
_NOT_NAMES |= TITLES | LOWER_STOP
_NOT_NAMES |= frozenset(w.lower() for w in BARE_INITIAL_STOP)
# Standing alone, a lower-case first name must be given to this many babies (or be listed
# elsewhere) and no ordinary word: rarer names need a cue.
LOWER_ALONE_MIN = 40

ALONE, CUED, SURNAME, WORDY, FIRST, STRONG_CUE = 1, 2, 4, 8, 16, 32
_WANTED = ALONE | CUED
# A word that follows a name is its surname if some list has it as one and it is no very common
# word ('fatima begum', 'will barker'; not 'fatima will').
EXTEND_WORD_TIER = 35
LOWER_CACHE: dict[str, int] = {}

# Context that makes a lower-case word a name: a role or family word in brackets or after a
# comma, a possessive family word, a year group; and before it, a title or naming word.
_AFTER_RE = LazyPattern(
    r"(?:['’]s\s+(?:mum|mam|mom|dad|mother|father|nan|gran|parents?|carers?|family|brother|"
    r"sister|ehcp|plan|ta|1:1|teacher|class|needs|diagnosis|social worker|case|transport)\b"
    r"|\s*[(,–-]\s*\(?\s*(?:his |her |their |the |our )?(?:sen |send |la |school )?(?:mum|mam|mom|dad|mother|father|nan|gran|carer|"
    r"foster carer|stepdad|stepmum|aunt|auntie|uncle|ht|dht|aht|head|headteacher|deputy|"
    r"senco|sendco|inclusion lead|teacher|class teacher|ta|hlta|lsa|ep|salt|slt|ot|sw|"
    r"social worker|gp|nurse|paediatrician|caseworker|officer|twins?|siblings?|brother|sister|"
    r"y\s?\d{1,2}|yr\s?\d{1,2}|year\s?\d{1,2}|reception|nursery|aged?\s?\d|site|site manager|"
    r"office|admin|bursar|caretaker|receptionist|dsl|mentor|manager|lead|coordinator|co-ordinator|"
    r"advisor|adviser|specialist|interpreter|key worker|keyworker|chair|governor|clerk|cllr)\b"
    r"|\s+(?:from|in)\s+(?:the\s+)?(?:la|local authority|council|office|front office|school|sen\s+team|"
    r"send\s+team|camhs|ehc\s+team|sendiass|salt\s+team|trust|hospital|clinic)\b"
    r"|\s+(?:in\s+)?(?:y|yr|year)\s?\d{1,2}\b|\s+\(\s*\d{1,2}\s*\))"
)
_BEFORE_RE = LazyPattern(
    r"(?:\b(?:mrs|mr|ms|miss|mx|dr|called|named|nicknamed|known as|pupil|child|son|daughter|"
    r"boy|girl|twin|brother|sister|sibling|mum|mam|mom|dad|nan|gran|stepdad|stepmum|carer|"
    r"hi|hey|hiya|hello|dear|thanks|cheers|it['’]?s|this is)"
    r"|\b(?:his|her|their|my|our|whose|the)\s+(?:mum|mam|mom|dad|mother|father|nan|gran|"
    r"carer|stepdad|stepmum|aunt|auntie|uncle|partner|friend|son|daughter|brother|sister|twin)"
    r")(?:[.,:]?\s+|\s*\(\s*|\s+[-–]\s+)\Z"
)
_BEFORE_REACH = 24


def classify(word: str) -> int:
    """ALONE: a name by itself; CUED: a name given a cue; SURNAME: may extend a name; WORDY: it
    is also a common word. A possessive ("okafor's") is judged by the word before it."""
    cat = LOWER_CACHE.get(word)
    if cat is not None:
        return cat
    cat = 0
    base = word[:-2] if word.endswith(("'s", "’s")) else word
    if len(base) >= 2 and base not in _NOT_NAMES:
        e = lookup(base)
        if e == NOT_FOUND and "-" in base:  # 'billy-joe' by its parts
            parts = [lookup(p) for p in base.split("-")]
            if all(is_first_name(p) or is_known_surname(p) for p in parts):
                e = max(parts, key=first_weight)
        rare_word = e.word == 0 or e.word > RARE_WORD_TIER
        proper = e.upper and first_weight(e) < PROPER_NOUN_NAME  # 'roma', 'kent'
        if is_first_name(e) or base in CALENDAR_NAMES:
            cat = CUED | FIRST
            if rare_word and not proper and len(base) >= 3 and first_weight(e) >= LOWER_ALONE_MIN:
                cat = ALONE | FIRST
        elif first_weight(e) >= 3 and len(base) >= 3:
            cat = CUED | WORDY | STRONG_CUE  # a rare name and a common word: 'gift (y6)'
        elif e == NOT_FOUND and len(base) >= 3 and base.isalpha():
            cat = CUED  # no word, name or place anyone lists ('jodian', 'pemba'): only with a cue
        if is_known_surname(e) or ((e.surname or e.flags & 2) and rare_word):
            cat |= CUED if not cat & ALONE else 0
        if (e.surname or e.flags & 2) and (e.word == 0 or e.word > EXTEND_WORD_TIER):
            cat |= SURNAME
        if not rare_word or proper:
            cat |= WORDY
    if len(LOWER_CACHE) > 200_000:
        LOWER_CACHE.clear()
    LOWER_CACHE[word] = cat
    return cat


# After 'his dad', a word that is also a common word needs to end the phrase or say something:
# 'his dad will come in' is no name, 'his dad will said' and 'her mum, grace,' are.
_WORDY_END_RE = LazyPattern(
    r"\s*(?:[,;:)!?]|\.(?:\s|\Z)|\Z|\s[-–]\s|\s+(?:said|says|rang|phoned|called|emailed|told|"
    r"asked|came|explained|agreed|wants|wanted|is|was|has|had|thinks|works)\b)"
)
# "troy's had a better day": a possessive or 's that is 'has', for names that are words too
_WORDY_POSSESSIVE_RE = LazyPattern(
    r"['’]s (?:had|been|got|gone|not|still|back|off|doing|mum|mam|dad|nan|gran|family|ehcp|plan|"
    r"ta|teacher|class|needs|behaviour|attendance)\b"
)


# 'patience rang again', 'will said he would': a word-name as the subject of a verb of talking,
# unless a determiner or preposition makes it a word ('the hope was', 'in may said').
_SPEECH_AFTER_RE = LazyPattern(
    r"\s+(?:said|says|rang|phoned|called|emailed|texted|asked|told|came in|wants|wanted|is off|"
    r"was off|has been|agreed|explained|confirmed|messaged)\b"
)
_WORD_BEFORE_RE = LazyPattern(
    r"\b(?:the|a|an|our|their|your|my|this|that|of|in|on|at|by|for|with|to|from|no|any|some|"
    r"whose|and|or|but|with|without|until|till|since|by|every|each|last|next)\s+\Z"
)


_WORDY_AS_WORD_RE = LazyPattern(
    r"(?:\d\s*|\b(?:the|a|an|this|that|these|those|no|any|some|of)\s+)\Z"
)


def before_text(low: str, start: int) -> str:
    return low[max(0, start - _BEFORE_REACH) : start]


def _cued(low: str, start: int, end: int, wordy: bool, strong_only: bool = False) -> bool:
    if wordy and _WORDY_AS_WORD_RE.search(low, max(0, start - 12), start):
        return False  # '3 miles from the school', 'the will (of the governors)'
    if _AFTER_RE.match(low, end, end + 40):
        return True
    if strong_only:
        return low.startswith(")", end) and _BEFORE_RE.search(before_text(low, start)) is not None
    if _SPEECH_AFTER_RE.match(low, end, end + 20) and not _WORD_BEFORE_RE.search(
        low, max(0, start - 10), start
    ):
        return True
    before = before_text(low, start)
    if _BEFORE_RE.search(before) is None:
        return False
    if _TITLE_BEFORE_RE.search(before):
        return True  # 'mrs jones', even where jones could be a word
    return not wordy or _WORDY_END_RE.match(low, end) is not None


def _glued(c: str) -> bool:
    return c.isalnum() or c in "_-'’"


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as a word of its own (or before a possessive 's)."""
    n = len(word)
    idx = text.find(word)
    while idx != -1:
        if not (idx and _glued(text[idx - 1])):
            after = text[idx + n : idx + n + 1]
            if not after or not _glued(after) or text.startswith(("'s", "’s"), idx + n):
                yield idx
        idx = text.find(word, idx + n)


_TITLE_BEFORE_RE = LazyPattern(r"(?<![\w])(?:mrs|mr|ms|miss|mx|dr)\.?\s+\Z")
_SEEN: set[str] = set()  # pieces of text (split at spaces) already judged
_WANTED_PIECES: set[str] = set()  # those holding a word that may be a name


def _judge_piece(piece: str) -> None:
    if len(_SEEN) > 300_000:
        _SEEN.clear()
        _WANTED_PIECES.clear()
    _SEEN.add(piece)
    if any(classify(w) & _WANTED for w in _LOWER_WORD_RE.findall(piece)):
        _WANTED_PIECES.add(piece)


_PREV_LOWER_WORD_RE = LazyPattern(r"(?<![\w'’\[-])([a-z][a-z'’-]*[a-z]) \Z")


def _run_start(low: str, start: int) -> int:
    """Before a name its bracket or year group vouches for, up to two more lower-case words
    that are names somewhere ('ka ho chan (y2)'): one name, not three."""
    for _ in range(2):
        m = _PREV_LOWER_WORD_RE.search(low, max(0, start - 20), start)
        if m is None:
            break
        word = m.group(1)
        e = lookup(word)
        if word in _NOT_NAMES or not (first_weight(e) >= 3 or e.surname or e.flags & 2):
            break
        start = m.start(1)
    return start


def find_lower_case(tok: Tokens) -> Iterator[Span]:
    """Lower-case names and the forms phone typing makes, from one split of the note into its
    space-separated pieces, punctuation and all."""
    pieces = set(tok.text.split())
    yield from find_lower_names(tok, pieces)
    yield from find_typed_forms(tok, pieces)


def find_lower_names(tok: Tokens, pieces: set[str]) -> Iterator[Span]:
    """Lower-case names, with a lower-case surname after them ('fatima begum') in the span."""
    text = tok.text
    # Each piece is judged once, then looked up with set operations in C: most pieces of most
    # notes are known to hold no name.
    for piece in pieces - _SEEN:
        _judge_piece(piece)
    hits = pieces & _WANTED_PIECES
    if not hits:
        return
    candidates: dict[str, int] = {}
    for piece in hits:
        for w in _LOWER_WORD_RE.findall(piece):
            cat = classify(w)
            if cat & _WANTED:
                base = w[:-2] if w.endswith(("'s", "’s")) else w
                candidates[base] = candidates.get(base, 0) | cat
    if not candidates:
        return
    lowered = tok.lowered if tok.low is not None else text.lower()
    for base, cat in candidates.items():
        wordy, strong_only = bool(cat & WORDY), bool(cat & STRONG_CUE)
        for start in _occurrences(text, base):
            end = after_name = start + len(base)
            if cat & FIRST and text.startswith(" ", end):
                nxt = _LOWER_WORD_RE.match(text, end + 1)
                if nxt is not None and classify(nxt.group()) & (SURNAME | ALONE):
                    after_name = nxt.end() - (2 if nxt.group().endswith(("'s", "’s")) else 0)
            possessive = text.startswith(("'s ", "’s "), after_name) and (
                not wordy or _WORDY_POSSESSIVE_RE.match(lowered, after_name) is not None
            )
            if (
                cat & ALONE
                or after_name > end
                or possessive
                or (
                    _cued(lowered, start, after_name, wordy, strong_only)
                    # a word that is also a name, next to a placeholder: what it hid ('3 miles'
                    # or 'the') decided, so it is read as the word
                    and not (wordy and tok.touches_placeholder(start, after_name))
                )
            ):
                if _AFTER_RE.match(lowered, after_name, after_name + 40):
                    start = _run_start(lowered, start)  # 'ka ho chan (y2)'
                title = _TITLE_BEFORE_RE.search(lowered, max(0, start - 6), start)
                if title is not None:  # 'mrs jones': the title goes with the name
                    yield title.start(), after_name, "adult_name"
                else:
                    yield start, after_name, tok.kind_for(start, after_name, "child_name")


# "Favours mum", "jaydens dad": a possessive typed without its apostrophe, before a family word.
_S_FAMILY_RE = LazyPattern(
    r"s (?=(?:mum|mam|mom|dad|nan|gran|mother|father|carer|sister|brother|auntie|aunt|uncle|"
    r"stepdad|stepmum)\b)"
)
_STEM_RE = LazyPattern(r"(?<![\w'’-])[A-Za-z][a-z]+\Z")
# 'miss t said', 'mr o rang': a lower-case title and an initial ('a' and 'i' are words).
_LOWER_TITLE_INITIAL_RE = LazyPattern(r"(?:m(?:rs?|s|iss|x)|dr)\.? [b-hj-z](?=[\s,.;:)!?]|\Z)")


_FAMILY_CUES = word_set(
    "mum mam mom dad mother father carer sister brother auntie aunt uncle stepdad stepmum nan"
)


_TITLE_PIECES = word_set("mr mrs ms miss mx dr mr. mrs. ms. dr.")


def find_typed_forms(tok: Tokens, pieces: set[str]) -> Iterator[Span]:
    """Names in forms only phone typing makes: a possessive without apostrophe, a lower-case
    title with an initial."""
    text = tok.text
    if tok.lower_cues()[0] & _FAMILY_CUES:
        lowered = tok.lowered if tok.low is not None else text.lower()
        for m in _S_FAMILY_RE.finditer(lowered):
            stem = _STEM_RE.search(text, max(0, m.start() - 30), m.start())
            if stem is None:
                continue
            word = stem.group()
            if word.lower() not in _NOT_NAMES and is_first_name(lookup(word)):
                yield stem.start(), stem.end(), "child_name"
    if not pieces & _TITLE_PIECES:
        return
    for m in _LOWER_TITLE_INITIAL_RE.finditer(text):
        if not (m.start() and text[m.start() - 1].isalnum()):
            yield m.start(), m.end(), "adult_name"
