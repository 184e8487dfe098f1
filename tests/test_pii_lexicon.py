"""The name lexicon: its file is sorted and matches the digest it records, both ways of looking
words up agree, and the detector's version follows the data as well as the code."""

from __future__ import annotations

import hashlib
import itertools
import random

import pytest

from svtool import privacy
from svtool.pii import namedata
from svtool.pii.detector import find_personal_data
from svtool.pii.lexicon import data_dir


def _body() -> bytes:
    blob = (data_dir() / namedata.LEXICON_FILE).read_bytes()
    return blob[namedata.NameLexicon(blob).start :]


def test_recorded_digest_is_the_digest_of_the_entries() -> None:
    assert namedata.lexicon_digest() == hashlib.sha256(_body()).hexdigest()[:16]


def test_entries_are_sorted_and_unique_for_binary_search() -> None:
    keys = [line.split(b"\t", 1)[0] for line in _body().splitlines()]
    assert len(keys) > 200_000
    assert all(a < b for a, b in itertools.pairwise(keys))


def test_binary_search_and_dict_agree() -> None:
    body = _body()
    keys = [line.split(b"\t", 1)[0].decode() for line in body.splitlines()]
    sample = [*random.Random(7).sample(keys, 300), "zzzzq", "a", "", "ñandú", "-"]
    searching = namedata.NameLexicon(body)
    loaded = namedata.NameLexicon(body)
    loaded._load_all()
    for key in sample:
        assert searching._search(key.encode()) == loaded.get(key), key
    assert searching.get("okafor").surname > 0


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Kamińska", "kaminska"),
        ("Łukasz", "lukasz"),
        ("Siobhán", "siobhan"),
        ("O’Neill", "o'neill"),
    ],
)
def test_fold(word: str, key: str) -> None:
    assert namedata.fold(word) == key


def test_detector_version_covers_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    before = privacy.detector_version()
    monkeypatch.setattr(privacy, "_VERSION", [])
    monkeypatch.setattr(namedata, "lexicon_digest", lambda: "0123456789abcdef")
    assert privacy.detector_version() != before


def names(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind.endswith("_name")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spoke to fatima (mum) at gate, zain still no SALT", ["fatima", "zain"]),
        ("Summer and Grace (twins, Y1) both refused.", ["Summer", "Grace"]),
        ("will barker (ht) said no", ["will barker"]),
        ("Chukwuemeka Obi in Year 5 has no plan.", ["Chukwuemeka Obi"]),
        ("Elżbieta Kamińska rang about her son.", ["Elżbieta Kamińska"]),
        ("Siobhán Ní Bhriain (SENCO) agreed.", ["Siobhán Ní Bhriain"]),
        ("Ka Ho Chan is in Y2.", ["Ka Ho Chan"]),
        ("J. Whitfield said the LA would not fund it.", ["J. Whitfield"]),
        ("Mrs K said the panel is full.", ["Mrs K"]),
        ("okafor's mum came in again", ["okafor"]),
        ("Ana de la Cruz in Y4", ["Ana de la Cruz"]),
    ],
)
def test_names_from_many_backgrounds_and_forms(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "his dad will come in tomorrow",
        "the head said we will see. grace period is over",
        "Summer and Autumn terms were worse.",
        "Dear Sir or Madam, the panel met on Thu.",
        "Romany and Roma families; a Ghanaian interpreter; the ToD visit.",
        "we met at the gate and talked about the plan, max 10 hours",
    ],
)
def test_words_that_are_names_stay_words(text: str) -> None:
    assert names(text) == []
