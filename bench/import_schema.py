"""Where an import's time goes in the schema: `python bench/import_schema.py`.

Inserts the 100,000 cached bench entries (and their link rows) into an empty database made by
svtool, in one transaction with `synchronous = FULL`, as the import bench's raw floor does; then
again with parts of the schema taken away one after another: the full-text index on the
analysts' `evidence` table, the `evidence` copy of each entry, the secondary indexes. The
differences say what each part costs. For information: there is no goal.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_exchange import LINK_TABLES, SIZE  # noqa: E402

from data import ensure_db  # noqa: E402

# Each step takes away more; "indexes" means every index the schema declares.
STEPS: list[tuple[str, list[str]]] = [
    ("the whole schema", []),
    ("without the full-text index on evidence", ["DROP TRIGGER evidence_ai"]),
    ("also without the evidence copy of each entry", ["DROP TRIGGER entries_evidence_insert"]),
    ("also without the secondary indexes", ["indexes"]),
]


def _insert(target: Path, drops: list[str], source: Path) -> float:
    from svtool.store import Store

    Store(target).close()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    columns = [r[1] for r in src.execute("PRAGMA table_info(entries)")]
    rows = src.execute(f"SELECT {','.join(columns)} FROM entries").fetchall()
    links = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in LINK_TABLES}
    src.close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    for drop in drops:
        if drop == "indexes":
            declared = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            for (name,) in conn.execute(declared).fetchall():
                conn.execute(f'DROP INDEX "{name}"')
        else:
            conn.execute(drop)
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    marks = ",".join("?" * len(columns))
    conn.executemany(f"INSERT INTO entries ({','.join(columns)}) VALUES ({marks})", rows)
    for table, data in links.items():
        if data:
            conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(data[0]))})", data)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    if count != len(rows):
        raise AssertionError(f"{count} entries stored, expected {len(rows)}")
    return seconds


def main() -> None:
    source = ensure_db(SIZE)
    drops: list[str] = []
    with tempfile.TemporaryDirectory(prefix="svtool-bench-schema-") as tmp:
        for n, (label, more) in enumerate(STEPS):
            drops += more
            seconds = _insert(Path(tmp) / f"step{n}.db", drops, source)
            print(f"{label}: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
