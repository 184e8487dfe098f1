"""Full-text search on a 1,000,000-entry database against a LIKE scan of the same text."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORDS = ("tribunal", "outreach capped", "speech therapy", "assessment refused")


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
    from svtool.store import Store

    db = ensure_db(big)
    rows = []
    with Store(db) as store:
        for words in WORDS:
            seconds = _timed(lambda w=words: search(store, w, limit=50))
            first = words.split()[0]
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
            rows.append({"name": f"search {words!r} on {big:,} entries (best 50, ranked)", "seconds": seconds,
                         "floor_name": "LIKE scan of the same text", "floor_seconds": floor, "goal": "< 0.2 s"})  # fmt: skip
    return rows
