"""Concurrency: 8 processes each logging 50 entries while
others back up and report.

Each writer is its own Python process running svtool's real command line 50 times in a row (one
interpreter start per writer rather than per entry, so the test takes seconds, not minutes, on two
cores); backups and reports are the installed `svtool` command, run again and again meanwhile.

Every command must succeed (no "database is locked"), all 400 entries must be stored with distinct
ids, and every backup must pass `integrity_check` and hold every entry committed before it began.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import VALID_LOG

pytestmark = pytest.mark.slow

SVTOOL = Path(sys.executable).parent / "svtool"
WRITERS = 8
EACH = 50


def env_for(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVTOOL_")}
    env["SVTOOL_CONFIG_DIR"] = str(folder / "config")
    return env


def svtool(folder: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SVTOOL), "--db", str(db), *args],
        env=env_for(folder),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


WRITER = """
import json, sys
from svtool.cli.main import app
db, w, each, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
for n in range(each):
    args = ["--db", db, "log", *base, "--summary", f"Writer {w} entry {n}", "--tag", f"writer-{w}"]
    code = app([*args, "--yes"], prog_name="svtool", standalone_mode=False)
    if code:
        sys.exit(f"entry {n}: exit {code}")
    sys.stdout.flush()
"""


def committed_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(db, timeout=60)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM entries")}
    finally:
        conn.close()


def test_eight_writers_a_backup_and_a_report(tmp_path: Path) -> None:
    db = tmp_path / "svtool.db"
    first = svtool(tmp_path, db, "log", *VALID_LOG, "--summary", "Before the rush", "--yes")
    assert first.returncode == 0, first.stderr
    failures: list[str] = []
    printed: list[str] = []
    lock = threading.Lock()
    writing = threading.Event()
    writing.set()

    def writer(w: int) -> None:
        result = subprocess.run(
            [sys.executable, "-c", WRITER, str(db), str(w), str(EACH), json.dumps(VALID_LOG)],
            env=env_for(tmp_path),
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
        with lock:
            if result.returncode != 0 or "Error" in result.stderr:
                failures.append(f"writer {w}: {result.stderr}")
            printed.extend(result.stdout.split())

    backups: list[tuple[Path, set[str]]] = []

    def backer_up() -> None:
        n = 0
        (tmp_path / "backups").mkdir(exist_ok=True)
        while writing.is_set():
            before = committed_ids(db)
            target = tmp_path / "backups" / f"during-{n}.db"
            result = svtool(tmp_path, db, "backup", str(target))
            with lock:
                if result.returncode != 0:
                    failures.append(f"backup {n}: {result.stderr}")
                else:
                    backups.append((target, before))
            n += 1
            time.sleep(0.5)

    reports: list[str] = []

    def reporter() -> None:
        while writing.is_set():
            result = svtool(tmp_path, db, "report", "--all")
            with lock:
                if result.returncode != 0:
                    failures.append(f"report: {result.stderr}")
                else:
                    reports.append(result.stdout)
            time.sleep(0.5)

    started = time.perf_counter()
    with ThreadPoolExecutor(WRITERS + 2) as pool:
        side = [pool.submit(backer_up), pool.submit(reporter)]
        writers = [pool.submit(writer, w) for w in range(WRITERS)]
        for f in writers:
            f.result()
        writing.clear()
        for f in side:
            f.result()
    elapsed = time.perf_counter() - started

    assert failures == [], failures[:3]
    assert len(printed) == WRITERS * EACH
    assert len(set(printed)) == WRITERS * EACH
    stored = svtool(tmp_path, db, "list", "--json", "--limit", "1000")
    assert stored.returncode == 0, stored.stderr
    entries = json.loads(stored.stdout)
    assert len(entries) == WRITERS * EACH + 1
    assert set(printed) <= {e["id"] for e in entries}
    for w in range(WRITERS):
        mine = [e for e in entries if f"writer-{w}" in e["tags"]]
        assert sorted(e["summary"] for e in mine) == sorted(
            f"Writer {w} entry {n}" for n in range(EACH)
        )

    assert backups, "no backup ran while the writers were writing"
    assert reports, "no report ran while the writers were writing"
    for target, before in backups:
        conn = sqlite3.connect(target)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            inside = {r[0] for r in conn.execute("SELECT id FROM entries")}
        finally:
            conn.close()
        assert before <= inside, f"{target} lacks entries committed before it began"
        assert inside <= set(printed) | before | {first.stdout.strip()}
    assert all("Kent" in r for r in reports)
    print(
        f"{WRITERS * EACH} logs, {len(backups)} backups, {len(reports)} reports in {elapsed:.0f}s"
    )
