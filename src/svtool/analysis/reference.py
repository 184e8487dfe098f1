"""The reference rows in every svtool database (authorities and the checklist), kept in step.

Analysts join the evidence to `authorities`, `checklist_sections`, `checklist_questions` and
`checklist_strategies`, so those rows must say what svtool itself uses: the packaged lists, or
head office's newer authorities.csv in the config folder. Each time svtool opens a database it
compares a digest of those sources with the one recorded in `svtool_reference` (a file read and
one query); when they differ it rewrites the reference rows, and the columns of `evidence` taken
from them (ons_code, region, programme, section_title) for the authorities and sections that
changed, in one transaction.

A database svtool cannot write (a read-only copy) keeps the rows it has; so does one opened while
the authorities list is invalid (the commands that use the list report that).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

NAME = "reference"
PROGRAMME_SPELLING = {"safety_valve": "safety-valve", "dbv": "dbv", "none": "none"}


def digest() -> str:
    """What the reference rows are made from: the authorities list in use and the checklist."""
    from svtool.authorities import source_path

    h = hashlib.sha256()
    # The checklist's own source file, so that opening a database never has to build it.
    for path in (source_path(), Path(__file__).resolve().parents[1] / "checklist.py"):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def sync(conn: sqlite3.Connection) -> bool:
    """Refresh the reference rows if their sources changed; whether anything was rewritten."""
    want = digest()
    if _recorded(conn) == want:
        return False
    from svtool.errors import SvtoolError

    try:
        rows = reference_rows()
    except SvtoolError:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) or "read-only" in str(e):
            return False
        raise
    try:
        if _recorded(conn) == want:  # another process refreshed them while we waited
            conn.execute("COMMIT")
            return False
        _replace(conn, rows)
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        conn.execute(
            "INSERT OR REPLACE INTO svtool_reference (name, digest, refreshed_at) VALUES (?, ?, ?)",
            [NAME, want, now],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def _recorded(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT digest FROM svtool_reference WHERE name = ?", [NAME]).fetchone()
    return str(row[0]) if row else None


def reference_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every reference table's rows, in each table's column order."""
    from svtool import checklist
    from svtool.authorities import load_csv, source_path

    authorities = [
        (
            a.la_code,
            a.ons_code,
            a.name,
            a.region,
            a.la_type,
            PROGRAMME_SPELLING[a.programme],
            a.programme_name,
            a.programme_since or None,
            a.source_note,
        )
        for a in load_csv(source_path())  # the file as it is now, whatever this process cached
    ]
    sections = [(s.id, n, s.short_title, s.title) for n, s in enumerate(checklist.SECTIONS, 1)]
    questions = [
        (q.id, n, s.id, q.parent, q.text)
        for n, (s, q) in enumerate(((s, q) for s in checklist.SECTIONS for q in s.questions), 1)
    ]
    strategies = [(c.id, n, c.text) for n, c in enumerate(checklist.STRATEGIES, 1)]
    return {
        "authorities": authorities,
        "checklist_sections": sections,
        "checklist_questions": questions,
        "checklist_strategies": strategies,
    }


def _replace(conn: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    before = {
        table: {r[0]: tuple(r) for r in conn.execute(f"SELECT * FROM {table}")} for table in rows
    }
    for table, new in rows.items():
        conn.execute(f"DELETE FROM {table}")
        if new:
            marks = ",".join("?" * len(new[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", new)
    authorities = sorted(_changed(before["authorities"], rows["authorities"]))
    sections = sorted(_changed(before["checklist_sections"], rows["checklist_sections"]))
    if not authorities and not sections:
        return
    # One statement, so that each evidence row is rewritten once, even when both an authority's
    # and a section's rows changed (on the first refresh after m008, every row: it made them
    # before the reference rows existed).
    chosen: list[str] = []
    params: list[str] = []
    for column, keys in (("authority_code", authorities), ("section", sections)):
        if keys:  # by index when only authorities changed
            chosen.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(keys))
    conn.execute(
        "UPDATE evidence SET "
        "ons_code = (SELECT a.ons_code FROM authorities a WHERE a.la_code = evidence.authority_code), "
        "region = (SELECT a.region FROM authorities a WHERE a.la_code = evidence.authority_code), "
        "programme = coalesce((SELECT a.programme FROM authorities a "
        "WHERE a.la_code = evidence.authority_code), programme_when_logged), "
        "section_title = (SELECT s.short_title FROM checklist_sections s "
        "WHERE s.id = evidence.section) "
        "WHERE " + " OR ".join(chosen),
        params,
    )


def _changed(before: dict[Any, tuple[Any, ...]], after: list[tuple[Any, ...]]) -> set[Any]:
    """The keys whose rows were added, removed or altered."""
    now = {r[0]: tuple(r) for r in after}
    return {k for k in set(before) | set(now) if before.get(k) != now.get(k)}
