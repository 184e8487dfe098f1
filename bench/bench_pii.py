"""Personal-data scan speed: 10,000 distinct evidence notes of about 1,000 characters (goal < 2 s).

The notes are made by `notes.py` (the same generator as the benchmark databases, with its own
seed): every one is different, about a third carry personal data (names, phone numbers, UPNs,
dates of birth, postcodes...) and all are full of the look-alikes evidence notes hold. A run that
gets fewer than 10,000 distinct notes, or in which the detector finds nothing, fails. The floor
is str.lower() over the same notes in the same run: the cheapest pass that still reads every
character, so the ratio shows how much the detector costs per character read.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notes

NOTES = 10_000
PERSONAL = 0.3
REPEAT = 3
SEED = 20251103


def make_notes(count: int = NOTES) -> list[str]:
    rng = random.Random(SEED)
    made = [notes.note(rng, 900, 1_100, personal=rng.random() < PERSONAL) for _ in range(count)]
    if len(set(made)) != count:
        raise AssertionError(f"only {len(set(made)):,} of {count:,} notes are distinct")
    return made


def _best(fn: Callable[[str], Any], texts: list[str]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def run(ensure_db: Callable[[int], Path]) -> list[dict[str, Any]]:
    """One row for bench/run.py; ``ensure_db`` is not needed (the notes are made in memory)."""
    del ensure_db
    from svtool.pii.detector import find_personal_data

    texts = make_notes()
    find_personal_data(texts[0])  # load the word lists once, as a long-running scan would
    with_findings = sum(1 for text in texts if find_personal_data(text))
    if not with_findings:
        raise AssertionError("the detector found nothing in the notes: they exercise nothing")
    seconds = _best(find_personal_data, texts)
    floor = _best(str.lower, texts)
    chars = sum(map(len, texts))
    return [
        {
            "name": f"PII scan of {NOTES:,} distinct notes ({chars / NOTES:,.0f} characters on "
            f"average; findings in {with_findings:,})",
            "seconds": seconds,
            "floor_name": "str.lower() over the same notes",
            "floor_seconds": floor,
            "goal": "< 2 s",
        }
    ]


if __name__ == "__main__":
    for row in run(lambda size: Path()):
        print(row)
