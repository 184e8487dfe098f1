"""Personal-data scan speed: 10,000 notes of about 1,000 characters (goal < 2 s).

The notes are stitched from the annotated corpus (tests/pii_corpus/notes.jsonl) exactly as
bench/pii_eval.py does, so they are full of names, identifiers, dates and look-alikes. The floor
is str.lower() over the same notes in the same run: the cheapest pass that still reads every
character, so the ratio shows how much the detector costs per character read.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "pii_corpus" / "notes.jsonl"
NOTES = 10_000
REPEAT = 3


def _load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_eval", HERE / "pii_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pii_eval", module)
    spec.loader.exec_module(module)
    return module


def _best(fn: Callable[[str], Any], notes: list[str]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        for note in notes:
            fn(note)
        best = min(best, time.perf_counter() - start)
    return best


def run(ensure_db: Callable[[int], Path]) -> list[dict[str, Any]]:
    """One row for bench/run.py; ``ensure_db`` is not needed (the notes are built in memory)."""
    del ensure_db
    ev = _load_eval()
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    notes = ev.build_notes(rows, NOTES, 1000)
    ev.find_personal_data(notes[0])  # load the word lists once, as a long-running scan would
    seconds = _best(ev.find_personal_data, notes)
    floor = _best(str.lower, notes)
    return [
        {
            "name": "PII scan of 10,000 notes",
            "seconds": seconds,
            "floor_name": "str.lower() over the same notes",
            "floor_seconds": floor,
            "goal": "< 2 s",
        }
    ]


if __name__ == "__main__":
    for row in run(lambda size: Path()):
        print(row)
