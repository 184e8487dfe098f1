"""Exchange speed: exporting 100,000 entries as a bundle, and importing that bundle into an empty database.

Both run the real CLI as a subprocess (startup included), best of 3. About one entry in ten
carries personal data the detector finds (see data.py), so the redacted export really redacts;
the run fails if the bundle's manifest counts no findings.

Floors, measured in the same run: for exports, the bundle's two members (JSON lines and CSV) made
the plainest way from the same stored rows with json, csv and zlib at the bundle's level, in one
process (the work any export of this format in Python does), and, for information, reading the rows
and deflating their text once; for imports, a raw sqlite3 `executemany` of the same rows (entries
and their link rows) into an empty database with the same schema, in one transaction, and, for
information, a bare two-column `executemany` of the bundle's JSON lines (id, line). The cached
benchmark database is never modified: the export works on a copy (exports are recorded in it).
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


def _deflate_floor(source: Path) -> float:
    """Read every entry's stored values and deflate them once at the bundle's level, in memory."""
    import zlib

    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    packer = zlib.compressobj(1)
    size = 0
    for row in conn.execute("SELECT * FROM entries"):
        size += len(packer.compress("\t".join(map(str, row)).encode("utf-8")))
    size += len(packer.flush())
    conn.close()
    return time.perf_counter() - start


def _plain_floor(source: Path) -> float:
    """The bundle's two members made the plainest way from the stored rows, in one process, in
    memory: a JSON line per entry (json), a CSV record per entry (csv), each deflated at the
    bundle's level (zlib). No redaction, no formula guard, no record of the export. Any export of
    this format written in Python does at least this much."""
    import csv
    import io
    import json
    import zlib

    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    names = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
    names = [n for n in names if n not in ("seq", "deleted_at", "deletion_reason", "pii_scan")]
    cursor = conn.execute(f"SELECT {','.join(names)} FROM entries WHERE deleted_at IS NULL")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines, records = zlib.compressobj(1), zlib.compressobj(1)
    size = 0
    while rows := cursor.fetchmany(2_000):
        text = "".join(encode(dict(zip(names, row, strict=True))) + "\n" for row in rows)
        size += len(lines.compress(text.encode("utf-8")))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        size += len(records.compress(buffer.getvalue().encode("utf-8")))
    size += len(lines.flush()) + len(records.flush())
    conn.close()
    if size < 1_000_000:
        raise AssertionError(f"the plain floor wrote {size:,} bytes: it did no real work")
    return time.perf_counter() - start


def _bare_floor(bundle: Path, folder: Path) -> float:
    """The bundle's JSON lines into a two-column table, one executemany, one transaction."""
    import json
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        lines = zf.read("entries.jsonl").decode("utf-8").splitlines()
    pairs = [(json.loads(line).get("id"), line) for line in lines]
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE lines (id TEXT PRIMARY KEY, line TEXT NOT NULL)")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO lines (id, line) VALUES (?, ?)", pairs)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def _findings(bundle: Path) -> dict[str, int]:
    import json
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    return dict(manifest["redaction"]["findings"])


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

        def export_again() -> float:
            bundle.unlink(missing_ok=True)  # export never replaces a file: make room each time
            return _timed([*_svtool(), "--db", str(work), "export", "--output", str(bundle)], env)

        export_s = min(export_again() for _ in range(REPEAT))
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
        bare_s = min(
            _bare_floor(bundle, folder / f"b{n}") for n in range(REPEAT) if _mkdir(folder / f"b{n}")
        )
        plain_s = min(_plain_floor(work) for _ in range(REPEAT))
        deflate_s = min(_deflate_floor(work) for _ in range(REPEAT))
        found = _findings(bundle)
        if not sum(found.values()) or _findings(folder / "cold.zip") != found:
            raise AssertionError(f"the redacted exports found {found}: the data exercises nothing")
        redacted = f"{sum(found.values()):,} findings redacted"
        shutil.rmtree(folder / "config", ignore_errors=True)
    plain = "the same two members made plainly: json, csv, zlib level 1, one process"
    exported = f"export {SIZE:,} entries (bundle, {redacted}"
    return [
        {
            "name": f"{exported}, scanning every entry: the first export after an upgrade)",
            "seconds": export_cold_s,
            "floor_name": plain,
            "floor_seconds": plain_s,
            "goal": None,
        },
        {
            "name": f"{exported}, stored scans)",
            "seconds": export_s,
            "floor_name": plain,
            "floor_seconds": plain_s,
            "goal": "<= 1.5x floor",
        },
        {
            "name": f"{exported}, stored scans), against reading and deflating the rows once",
            "seconds": export_s,
            "floor_name": "read the rows and deflate them once (zlib level 1)",
            "floor_seconds": deflate_s,
            "goal": None,
        },
        {
            "name": f"import a {SIZE:,}-entry bundle",
            "seconds": min(import_times),
            "floor_name": "sqlite3 executemany of the same rows, one transaction",
            "floor_seconds": floor_s,
            "goal": "<= 3x floor",
        },
        {
            "name": f"import a {SIZE:,}-entry bundle, against its bare JSON lines",
            "seconds": min(import_times),
            "floor_name": "executemany of (id, JSON line), one transaction",
            "floor_seconds": bare_s,
            "goal": None,
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
