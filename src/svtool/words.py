"""Counts and articles in plain English, so that messages say "1 entry" and "an address"."""

from __future__ import annotations

# Letters whose names begin with a vowel sound: "an NHS number", "an SEN support plan".
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 entry', '2 entries', '1,204 entries': the number, and the word that agrees with it."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n:,} {word}"


def plural(n: int, singular: str, plural: str | None = None) -> str:
    """Just the word that agrees with n."""
    return singular if n == 1 else (plural or singular + "s")


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by how it is said: an address, a UPN, an NHS number."""
    word = phrase.split(" ", 1)[0] if phrase else ""
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():  # an initialism is said letter by letter
        return "an" if word[0] in _VOWEL_SOUND_LETTERS else "a"
    folded = word.casefold()
    if folded.startswith(("uni", "use", "usu", "one", "eu")):  # a union, a user, a one-off
        return "a"
    if folded.startswith(("hour", "honest", "heir")):
        return "an"
    return "an" if folded[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"
