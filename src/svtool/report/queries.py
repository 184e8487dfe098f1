"""The SQL behind reports: counts, sums and groupings are done by SQLite, not in Python, except
that a one-authority report counts its questions, strategies and impacts from the entry rows it
reads anyway (`entries.list_counts`).

`visible(flt)` is the one definition of which entries a report may show: deleted entries never
are, whatever the filter says. `select()` copies the columns reports count on for those entries into a
temporary table once, so that each count reads a small table instead of the evidence itself.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any

from svtool.store import EntryFilter

# One row per shown entry, in this order (see `entry_rows`). Questions, strategies and impacts come
# as the entry's JSON lists, not from the link tables: thousands of entries share a few dozen
# different lists, and entries.py reads each different one once. Tags, roles_cut and consulted
# are JSON too, and '[]' on most entries.
ENTRY_COLUMNS = (
    "e.id",
    "e.summary",
    "e.details",
    "e.outcome",
    "e.status",
    "e.occurred_on",
    "e.setting",
    "e.source",
    "e.learners_affected",
    "e.staff_affected",
    "e.timescale_extended",
    "e.stricter_targets",
    "e.posts_cut",
    "e.roles_cut",
    "e.staff_left",
    "e.consulted",
    "e.questions",
    "e.strategies",
    "e.impacts",
    "e.tags",
    "e.pii_scan",
)
_OCCURRED_AT = ENTRY_COLUMNS.index("e.occurred_on")
SEL = "temp.report_entries"
_SEL_COLUMNS = (
    "seq INTEGER PRIMARY KEY, authority_code TEXT, section TEXT, setting TEXT, source TEXT, "
    "occurred_on TEXT, learners_affected INTEGER, staff_affected INTEGER, status TEXT"
)


@dataclass(frozen=True)
class Visible:
    """A WHERE clause on `entries e` selecting the entries a report may show, and its parameters."""

    where: str
    params: tuple[Any, ...]

    def in_table_order(self) -> Visible:
        """The same entries, visited in table order: the index picks the rows, then one forward
        pass reads them. For large selections this is several times faster than index order."""
        return Visible(f"e.seq IN (SELECT e.seq FROM entries e WHERE {self.where})", self.params)


def select(conn: sqlite3.Connection, v: Visible, *, table_order: bool = False) -> int:
    """Copy the selected entries' countable columns into the temporary table SEL; return how many."""
    # The copy is small (countable columns only). SQLite's usual 2 MB page cache is enough: the
    # counts read the copy, and the shown entries are then read once, so a larger cache would
    # only hold pages that are never read again.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"DROP TABLE IF EXISTS {SEL}")
    conn.execute(f"CREATE TABLE {SEL} ({_SEL_COLUMNS})")
    src = v.in_table_order() if table_order else v
    conn.execute(
        f"""
        INSERT INTO {SEL} SELECT e.seq, e.authority_code, e.section, e.setting, e.source,
            e.occurred_on, e.learners_affected, e.staff_affected, e.status
        FROM entries e WHERE {src.where} ORDER BY e.seq
        """,
        src.params,
    )
    return int(conn.execute(f"SELECT count(*) FROM {SEL}").fetchone()[0])


def release(conn: sqlite3.Connection) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {SEL}")


def visible(flt: EntryFilter) -> Visible:
    """The entries a report shows: those the filter selects, never a deleted one.

    Every report query builds on this clause, so a deleted entry is in no count, list or summary.
    """
    where, params = replace(flt, include_deleted=False).where()
    if "deleted_at IS NULL" not in where:  # the filter's own clause is the usual one
        where = f"e.deleted_at IS NULL AND ({where})"
    return Visible(where, tuple(params))


@dataclass(frozen=True)
class Totals:
    entries: int
    first: str | None
    last: str | None
    learners: int
    learners_entries: int
    staff: int
    staff_entries: int


def totals(conn: sqlite3.Connection) -> Totals:
    row = conn.execute(
        f"""
        SELECT count(*), min(e.occurred_on), max(e.occurred_on),
               coalesce(sum(e.learners_affected), 0), count(e.learners_affected),
               coalesce(sum(e.staff_affected), 0), count(e.staff_affected)
        FROM {SEL} e
        """,
        (),
    ).fetchone()
    return Totals(*(row[i] for i in range(7)))


def count_by(conn: sqlite3.Connection, column: str) -> dict[str, int]:
    """Entries per value of one column (setting, source, section)."""
    assert column in ("setting", "source", "section", "status")
    rows = conn.execute(f"SELECT e.{column}, count(*) FROM {SEL} e GROUP BY e.{column}")
    return {r[0]: r[1] for r in rows}


def months(conn: sqlite3.Connection) -> dict[str, int]:
    """Entries per month, keyed YYYY-MM."""
    rows = conn.execute(
        f"SELECT substr(e.occurred_on, 1, 7) AS m, count(*) FROM {SEL} e GROUP BY m",
        (),
    )
    return {r[0]: r[1] for r in rows}


def entry_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every entry shown in a one-authority report, oldest first: plain tuples, ENTRY_COLUMNS order."""
    cur = conn.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM {SEL} s "
        "CROSS JOIN entries e ON e.seq = s.seq ORDER BY s.seq",
        (),
    )
    cur.row_factory = None
    rows: list[tuple[Any, ...]] = cur.fetchall()
    # By date here rather than in SQL, where sorting would copy every row with all its text once
    # more; the sort is stable, so entries of the same day stay in the order they were stored.
    rows.sort(key=itemgetter(_OCCURRED_AT))
    return rows


def attachment_names(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The names of the files attached to the shown entries, per entry id, by name."""
    # From the attachments, which are few beside the entries: starting from the shown entries
    # would look each of thousands up in `entries` to find that most have no files.
    cur = conn.execute(
        f"""
        SELECT a.entry_id, a.name FROM attachments a CROSS JOIN entries e ON e.id = a.entry_id
        CROSS JOIN {SEL} s ON s.seq = e.seq ORDER BY a.entry_id, a.name
        """,
        (),
    )
    cur.row_factory = None
    names: dict[str, list[str]] = {}
    for entry_id, name in cur:
        names.setdefault(entry_id, []).append(name)
    return names


# -- across authorities ----------------------------------------------------------------------
# These read `entries` directly (no temporary copy): over a large selection, one pass in table
# order and the covering indexes beat copying every selected row first.


def months_of(conn: sqlite3.Connection, v: Visible) -> dict[str, int]:
    """Entries per month, keyed YYYY-MM (from the (authority, date) index when the filter allows)."""
    rows = conn.execute(
        f"SELECT substr(e.occurred_on, 1, 7) AS m, count(*) FROM entries e WHERE {v.where} GROUP BY m",
        v.params,
    )
    return {r[0]: r[1] for r in rows}


def by_authority_section(
    conn: sqlite3.Connection, v: Visible
) -> list[tuple[str, str, int, str, str]]:
    """(authority code, section, entries, earliest date, latest date) for every pair with evidence."""
    w = v.in_table_order()
    rows = conn.execute(
        f"""
        SELECT e.authority_code, e.section, count(*), min(e.occurred_on), max(e.occurred_on)
        FROM entries e WHERE {w.where} GROUP BY e.authority_code, e.section
        """,
        w.params,
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def by_authority_strategy(conn: sqlite3.Connection, v: Visible) -> list[tuple[str, str, int]]:
    """(authority code, strategy, entries) for every pair with evidence."""
    rows = conn.execute(
        f"""
        SELECT e.authority_code, s.strategy, count(*)
        FROM entry_strategies s JOIN entries e ON e.seq = s.entry_seq
        WHERE {v.where} GROUP BY e.authority_code, s.strategy
        """,
        v.params,
    )
    return [(r[0], r[1], r[2]) for r in rows]


@dataclass(frozen=True)
class Intel:
    code: str
    entries: int
    last: str
    latest_id: str
    latest_summary: str
    questions: tuple[str, ...]


def negotiations(
    conn: sqlite3.Connection, v: Visible, section: str, question_ids: list[str]
) -> list[Intel]:
    """Per authority with evidence in `section`: entries, questions, and the latest entry."""
    latest = conn.execute(
        f"""
        SELECT code, n, id, occurred_on, summary FROM (
            SELECT e.authority_code AS code, e.id, e.occurred_on, e.summary,
                   count(*) OVER (PARTITION BY e.authority_code) AS n,
                   row_number() OVER (
                       PARTITION BY e.authority_code ORDER BY e.occurred_on DESC, e.seq DESC
                   ) AS rn
            FROM entries e WHERE {v.where} AND e.section = ?
        ) WHERE rn = 1
        """,
        (*v.params, section),
    ).fetchall()
    marks = ",".join("?" * len(question_ids))
    asked = conn.execute(
        f"""
        SELECT DISTINCT e.authority_code, q.question
        FROM entry_questions q JOIN entries e ON e.seq = q.entry_seq
        WHERE q.question IN ({marks}) AND {v.where}
        """,
        (*question_ids, *v.params),
    ).fetchall()
    questions: dict[str, list[str]] = {}
    for code, question in asked:
        questions.setdefault(code, []).append(question)
    return [
        Intel(r[0], r[1], r[3], r[2], r[4], tuple(sorted(questions.get(r[0], [])))) for r in latest
    ]
