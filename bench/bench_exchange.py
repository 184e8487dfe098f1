"""Exchange speed: exporting 100,000 entries as a bundle, and importing that bundle into an empty database.

Both run the real CLI as a subprocess (startup included), best of 3. The import's floor is a raw
sqlite3 `executemany` of the same rows (entries and their link rows) into an empty database with
the same schema, in one transaction. The cached benchmark database is never modified: the export
works on a copy (exports are recorded in the database).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = min(100_000, int(os.environ.get("SVTOOL_BENCH_SIZE", "100000")))
REPEAT = 3
LINK_TABLES = ("entry_questions", "entry_strategies", "entry_impacts", "entry_tags")


def _svtool() -> list[str]:
    return [sys.executable, "-m", "svtool"]


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SVTOOL_CONFIG_DIR"] = str(folder / "config")
    env.pop("SVTOOL_DB", None)
    return env


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-800:]}")
    return seconds


def _copy_db(source: Path, target: Path, size: int) -> None:
    """A private copy of the first `size` entries (the cache may hold more)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    count = dst.execute("SELECT count(*) FROM entries").fetchone()[0]
    if count > size:
        cutoff = dst.execute(
            "SELECT seq FROM entries ORDER BY seq LIMIT 1 OFFSET ?", [size]
        ).fetchone()[0]
        dst.execute("PRAGMA foreign_keys = ON")
        dst.execute("DELETE FROM entries WHERE seq >= ?", [cutoff])
        dst.commit()
    dst.close()


def _floor(source: Path, folder: Path) -> float:
    """Raw executemany of the same rows into an empty database of the current schema."""
    from svtool.store import Store

    empty = folder / "floor.db"
    Store(empty).close()  # the schema, as svtool makes it (not timed)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    columns = [r[1] for r in src.execute("PRAGMA table_info(entries)")]
    rows = src.execute(f"SELECT {','.join(columns)} FROM entries").fetchall()
    links = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in LINK_TABLES}
    link_columns = {t: [r[1] for r in src.execute(f"PRAGMA table_info({t})")] for t in LINK_TABLES}
    src.close()
    conn = sqlite3.connect(empty, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        f"INSERT INTO entries ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows
    )
    for table, data in links.items():
        cols = link_columns[table]
        conn.executemany(
            f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", data
        )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def run(ensure_db: Callable[[int], Path]) -> list[dict[str, Any]]:
    source = ensure_db(SIZE)
    with tempfile.TemporaryDirectory(prefix="svtool-bench-exchange-") as tmp:
        folder = Path(tmp)
        env = _env(folder)
        work = folder / "rep.db"
        _copy_db(source, work, SIZE)
        # Open once so that any pending migration is not part of the timing.
        subprocess.run(
            [*_svtool(), "--db", str(work), "list", "--limit", "1", "--json"],
            env=env,
            check=True,
            capture_output=True,
        )
        bundle = folder / "bundle.zip"
        # The cached rows carry scans by the current detector. Dropping them on this copy makes
        # the first export what it is after an upgrade: it scans every entry and stores the
        # scans; later ones use them, as exports of entries made by `log`/`edit` always do.
        with sqlite3.connect(work) as conn:
            conn.execute("UPDATE entries SET pii_scan = NULL")
        conn.close()
        export_cold_s = _timed(
            [*_svtool(), "--db", str(work), "export", "--output", str(folder / "cold.zip")], env
        )
        export_s = min(
            _timed([*_svtool(), "--db", str(work), "export", "--output", str(bundle)], env)
            for _ in range(REPEAT)
        )
        import_times = []
        for n in range(REPEAT):
            target = folder / f"hq-{n}.db"
            import_times.append(
                _timed([*_svtool(), "--db", str(target), "import", str(bundle)], env)
            )
            if n:
                target.unlink()
        with sqlite3.connect(folder / "hq-0.db") as check:
            imported = check.execute("SELECT count(*) FROM entries").fetchone()[0]
        if imported != SIZE:
            raise RuntimeError(f"import stored {imported} entries, expected {SIZE}")
        floor_s = min(
            _floor(work, folder / f"f{n}") for n in range(REPEAT) if _mkdir(folder / f"f{n}")
        )
        shutil.rmtree(folder / "config", ignore_errors=True)
    return [
        {
            "name": f"export {SIZE:,} entries (bundle, redacted, scanning every entry)",
            "seconds": export_cold_s,
            "floor_name": "none",
            "floor_seconds": 0.0,
            "goal": "(first export after an upgrade)",
        },
        {
            "name": f"export {SIZE:,} entries (bundle, redacted, cached scans)",
            "seconds": export_s,
            "floor_name": "none",
            "floor_seconds": 0.0,
            "goal": "< 5 s",
        },
        {
            "name": f"import a {SIZE:,}-entry bundle",
            "seconds": min(import_times),
            "floor_name": "sqlite3 executemany, one transaction",
            "floor_seconds": floor_s,
            "goal": "<= 3x floor",
        },
    ]


def _mkdir(path: Path) -> bool:
    path.mkdir()
    return True


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from data import ensure_db

    for row in run(ensure_db):
        print(row)
