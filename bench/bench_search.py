"""Full-text search on a 1,000,000-entry database against a LIKE scan of the same text.

The words differ in how often they occur (a rare word, a common one, a phrase, two words that
must both appear), and each must find entries: a query that finds nothing measures nothing, so
the run fails instead of reporting it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (query, what kind of query it is)
WORDS = (
    ("tribunal", "rare word"),
    ("support", "common word"),
    ('"speech therapy"', "phrase"),
    ("assessment refused", "two words"),
)


def _timed(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(ensure_db: Callable[[int], Path], big: int = 0) -> list[dict[str, Any]]:
    big = big or int(os.environ.get("SVTOOL_BENCH_SIZE", "1000000"))
    from svtool.living import search
    from svtool.store import EntryFilter, Store

    db = ensure_db(big)
    rows = []
    with Store(db) as store:
        for words, kind in WORDS:
            found = search(store, words, limit=50)
            if not found:
                raise AssertionError(
                    f"search {words!r} found nothing: the data does not exercise it"
                )
            matching = store.count(EntryFilter(search=words))
            seconds = _timed(lambda w=words: search(store, w, limit=50))
            first = re.findall(r"\w+", words)[0]
            conn = sqlite3.connect(db)
            floor = _timed(
                lambda c=conn, f=first: c.execute(
                    "SELECT id FROM entries WHERE deleted_at IS NULL AND "
                    "(summary LIKE ? OR details LIKE ? OR outcome LIKE ?)",
                    [f"%{f}%"] * 3,
                ).fetchall(),
                runs=3,
            )
            conn.close()
            rows.append({"name": f"search {words} ({kind}: {matching:,} of {big:,} entries match; best 50, ranked)",
                         "seconds": seconds, "floor_name": f"LIKE scan for {first!r}", "floor_seconds": floor,
                         "goal": "< 0.2 s"})  # fmt: skip
    return rows
