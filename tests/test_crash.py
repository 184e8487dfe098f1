"""Crash safety: `svtool log`, `edit`, `import` and `backup` killed with
SIGKILL at random moments, 100 times in all.

After every kill: the database passes `PRAGMA integrity_check` (and the search index its own check),
every entry the killed command reported as saved is there, every entry that is there is complete
(link rows and a revision snapshot), a bundle is imported entirely or not at all, a backup exists
complete or not at all, and the next command works.

The kill moment is drawn (seeded) from 0 ms to the longer of 300 ms and the command's measured
running time, so kills land in start-up, in the middle of the write and after it alike.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID_LOG

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

SVTOOL = Path(sys.executable).parent / "svtool"
TRIALS = 25
SEED = 20251103
LINKS = (
    ("entry_questions", "question", "questions"),
    ("entry_strategies", "strategy", "strategies"),
    ("entry_impacts", "impact", "impacts"),
    ("entry_tags", "tag", "tags"),
)


@dataclass
class Run:
    killed: bool
    returncode: int
    stdout: str
    stderr: str


def env_for(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVTOOL_")}
    env["SVTOOL_CONFIG_DIR"] = str(folder / "config")
    return env


def run(folder: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SVTOOL), "--db", str(db), *args],
        env=env_for(folder),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def run_and_kill(folder: Path, db: Path, delay: float, *args: str) -> Run:
    proc = subprocess.Popen(
        [str(SVTOOL), "--db", str(db), *args],
        env=env_for(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    return Run(killed, proc.returncode, out, err)


def timed(folder: Path, db: Path, *args: str) -> float:
    started = time.perf_counter()
    result = run(folder, db, *args)
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - started


def delays(rng: random.Random, longest: float) -> list[float]:
    top = max(0.3, longest * 1.2)
    return [rng.uniform(0, top) for _ in range(TRIALS)]


def check_database(db: Path, *, revisions: bool = True) -> dict[str, dict[str, Any]]:
    """integrity_check, the FTS index check, and every entry complete; returns entries by id.

    Imported entries are checked without revision snapshots: whether head office keeps them is
    the exchange code's decision, not the crash test's.
    """
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')")
        for table, column, field in LINKS:
            broken = conn.execute(
                f"""SELECT e.id FROM entries e WHERE EXISTS (
                        SELECT value FROM json_each(e.{field})
                        EXCEPT SELECT {column} FROM {table} WHERE entry_seq = e.seq)
                    OR EXISTS (
                        SELECT {column} FROM {table} WHERE entry_seq = e.seq
                        EXCEPT SELECT value FROM json_each(e.{field}))"""
            ).fetchall()
            assert broken == [], f"entries missing {table} rows: {[r[0] for r in broken[:5]]}"
        unsnapshotted = conn.execute(
            """SELECT e.id FROM entries e LEFT JOIN entry_revisions r
                 ON r.entry_id = e.id AND r.revision = e.revision
               WHERE r.entry_id IS NULL
                  OR json_extract(r.data, '$.summary') IS NOT e.summary
                  OR json_extract(r.data, '$.details') IS NOT e.details
                  OR (SELECT count(*) FROM entry_revisions h WHERE h.entry_id = e.id) != e.revision"""
        ).fetchall()
        if revisions:
            missing = [r[0] for r in unsnapshotted[:5]]
            assert unsnapshotted == [], f"{len(unsnapshotted)} entries lack revisions: {missing}"
        return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM entries")}
    finally:
        conn.close()


def next_command_works(folder: Path, db: Path, expected: int) -> None:
    result = run(folder, db, "list", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == expected


def log_args(n: int) -> list[str]:
    details = f"Trial {n}. " + "The LA refused the assessment again. " * (150 * (n % 4))
    return [
        "log",
        *VALID_LOG,
        "--details",
        details,
        "--impact",
        "workload,wellbeing",
        "--tag",
        f"trial-{n},crash",
        "--yes",
    ]


def test_log_killed_at_random(tmp_path: Path) -> None:
    db = tmp_path / "svtool.db"
    rng = random.Random(SEED)
    reported: set[str] = set()
    reported.add(run(tmp_path, db, *log_args(0)).stdout.strip())  # the database exists
    longest = timed(tmp_path, db, *log_args(1))
    landed = 0
    for n, delay in enumerate(delays(rng, longest), start=2):
        outcome = run_and_kill(tmp_path, db, delay, *log_args(n))
        printed = outcome.stdout.strip()
        if printed:
            reported.add(printed)
        if outcome.killed:
            landed += 1
        else:
            assert outcome.returncode == 0, outcome.stderr
        entries = check_database(db)
        assert reported <= set(entries), reported - set(entries)
        next_command_works(tmp_path, db, len(entries))
    assert landed >= TRIALS // 3, f"only {landed} of {TRIALS} kills landed before the command ended"


def test_edit_killed_at_random(tmp_path: Path) -> None:
    db = tmp_path / "svtool.db"
    rng = random.Random(SEED + 1)
    entry_id = run(tmp_path, db, *log_args(0)).stdout.strip()
    longest = timed(tmp_path, db, "edit", entry_id, "--summary", "timing run", "--yes")
    reported: list[str] = []
    for n, delay in enumerate(delays(rng, longest)):
        summary = f"Revision from trial {n}"
        outcome = run_and_kill(
            tmp_path,
            db,
            delay,
            "edit",
            entry_id,
            "--summary",
            summary,
            "--tag",
            f"edit-{n}",
            "--details",
            "x" * rng.randrange(0, 20_000),
            "--yes",
        )
        if outcome.stdout.strip() == entry_id:
            reported.append(summary)
        if not outcome.killed:
            assert outcome.returncode == 0, outcome.stderr
        entries = check_database(db)
        assert list(entries) == [entry_id]
        conn = sqlite3.connect(db)
        try:
            history = {
                json.loads(r[0])["summary"]
                for r in conn.execute(
                    "SELECT data FROM entry_revisions WHERE entry_id = ?", [entry_id]
                )
            }
        finally:
            conn.close()
        assert set(reported) <= history
        if reported and outcome.stdout.strip():
            assert entries[entry_id]["summary"] == reported[-1]
        next_command_works(tmp_path, db, 1)


def seed_entries(db: Path, count: int) -> None:
    """A rep's database of `count` entries, made with the library (2,000 CLI runs would take minutes)."""
    from svtool.evidence import Draft, build_entry, save_entry
    from svtool.store import Store

    with Store(db) as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # seeding only
        for n in range(count):
            draft = Draft(
                authority=["Kent", "Devon", "886", "Bristol"][n % 4],
                questions=["2.1"],
                strategies=["hours-cap"],
                summary=f"Outreach capped, case {n}",
                details="The LA wrote to the SENCO to say support would be capped. " * 5,
                date="2025-10-01",
                setting="mainstream-primary",
                source="first-hand",
                impacts=["workload"],
                tags=[f"batch-{n % 10}"],
            )
            save_entry(store, build_entry(draft))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A rep database of 2,000 entries, its bundle, and an empty head-office database."""
    folder = tmp_path_factory.mktemp("big")
    rep = folder / "rep.db"
    seed_entries(rep, 2000)
    bundle = folder / "b.zip"
    result = run(folder, rep, "export", "--output", str(bundle))
    assert result.returncode == 0, result.stderr
    empty = folder / "empty-head-office.db"
    assert run(folder, empty, "list").returncode == 0
    return rep, bundle, empty


def fresh_copy(template: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.write_bytes(template.read_bytes())
    target.chmod(0o600)


def test_import_killed_at_random(tmp_path: Path, big: tuple[Path, Path, Path]) -> None:
    _, bundle, empty = big
    rng = random.Random(SEED + 2)
    db = tmp_path / "head-office.db"
    fresh_copy(empty, db)
    longest = timed(tmp_path, db, "import", str(bundle))
    assert len(check_database(db, revisions=False)) == 2000
    outcomes = {"none": 0, "all": 0}
    for n, delay in enumerate(delays(rng, longest)):
        fresh_copy(empty, db)
        outcome = run_and_kill(tmp_path, db, delay, "import", str(bundle))
        if not outcome.killed:
            assert outcome.returncode == 0, outcome.stderr
        entries = check_database(db, revisions=False)
        assert len(entries) in (0, 2000), f"half-imported bundle: {len(entries)} of 2000"
        if "2000 new" in outcome.stdout:
            assert len(entries) == 2000
        outcomes["all" if entries else "none"] += 1
        next_command_works(tmp_path, db, len(entries))
        if n % 5:
            continue
        if entries:  # a second import after the kill finds everything already there
            again = run(tmp_path, db, "import", str(bundle))
            assert again.returncode == 0, again.stderr
            assert "0 new" in again.stdout
        else:  # and after a kill before commit, the import can simply be run again
            again = run(tmp_path, db, "import", str(bundle))
            assert again.returncode == 0, again.stderr
            assert len(check_database(db, revisions=False)) == 2000
    assert outcomes["none"] > 0


def test_backup_killed_at_random(tmp_path: Path, big: tuple[Path, Path, Path]) -> None:
    rep_template, _, _ = big
    rng = random.Random(SEED + 3)
    db = tmp_path / "svtool.db"
    fresh_copy(rep_template, db)
    longest = timed(tmp_path, db, "backup", str(tmp_path / "timing.db"))
    (tmp_path / "backups").mkdir(
        exist_ok=True
    )  # svtool refuses a backup into a folder that is not there
    complete = absent = 0
    for n, delay in enumerate(delays(rng, longest)):
        target = tmp_path / "backups" / f"copy-{n}.db"
        outcome = run_and_kill(tmp_path, db, delay, "backup", str(target))
        if not outcome.killed:
            assert outcome.returncode == 0, outcome.stderr
        if target.exists():
            assert len(check_database(target)) == 2000
            complete += 1
        else:
            assert outcome.killed, "backup reported success but wrote no file"
            absent += 1
        assert len(check_database(db)) == 2000
        next_command_works(tmp_path, db, 2000)
    assert complete + absent == TRIALS
