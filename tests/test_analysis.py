"""The analyst's database: evidence kept in step with entries, reference rows that follow svtool's
lists, full-text search other tools find, and documentation that cannot drift."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID_LOG

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]
ROOT = Path(__file__).resolve().parents[1]
BUNDLES = Path(__file__).resolve().parent / "data" / "bundles"
SPELLING = {"safety_valve": "safety-valve", "dbv": "dbv", "none": "none"}
LISTS = ("questions", "strategies", "impacts", "tags", "roles_cut", "consulted")


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def expected_evidence(entry: dict[str, Any], authority: dict[str, Any]) -> dict[str, Any]:
    """What an entry (as `svtool show --json` prints it) looks like in `evidence`."""

    def yes_no(value: bool | None) -> str | None:
        return None if value is None else ("yes" if value else "no")

    from svtool.checklist import sections_by_id

    row = dict(entry)
    row["timescale_extended"] = yes_no(entry["timescale_extended"])
    row["stricter_targets"] = yes_no(entry["stricter_targets"])
    row["programme_when_logged"] = SPELLING[entry["programme"]]
    row["programme"] = authority["programme"]
    row["ons_code"] = authority["ons_code"]
    row["region"] = authority["region"]
    row["section_title"] = sections_by_id()[entry["section"]].short_title
    return row


def check_in_step(svtool: Run, db: Path) -> list[dict[str, Any]]:
    """evidence holds exactly the live entries, each as `svtool show` would make it."""
    listed = json.loads(svtool("list", "--json").stdout)
    authorities = {a["la_code"]: a for a in query(db, "SELECT * FROM authorities")}
    rows = {r["id"]: r for r in query(db, "SELECT * FROM evidence")}
    assert sorted(rows) == sorted(e["id"] for e in listed)
    for entry in listed:
        want = expected_evidence(entry, authorities[entry["authority_code"]])
        got = dict(rows[entry["id"]])
        for name in LISTS:
            got[name] = json.loads(got[name])
        assert {k: got[k] for k in want if k in got} == {k: want[k] for k in want if k in got}
    fts = query(db, "SELECT rowid FROM evidence_fts ORDER BY rowid")
    assert fts == query(db, "SELECT rowid FROM evidence ORDER BY rowid")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')")
    conn.close()
    return listed


def test_evidence_follows_every_change(svtool: Run, log_entry: Log, db_path: Path) -> None:
    first = log_entry(tag="outreach", impact="workload,wellbeing", learners="12")
    second = log_entry(
        "--question", "1.7.2", "--stricter-targets", "no",
        authority="Hampshire", question="1.7.1", timescale_extended="yes", strategy="",
        summary="DfE extended the plan",
    )  # fmt: skip
    third = log_entry(authority="Essex", summary="Logged twice", date="2025-07-03")
    check_in_step(svtool, db_path)
    assert svtool("edit", first["id"], "--summary", "Outreach capped at 8 hours").exit_code == 0
    assert svtool("edit", second["id"], "--status", "escalated").exit_code == 0
    assert svtool("delete", third["id"], "--yes").exit_code == 0
    check_in_step(svtool, db_path)
    assert [
        r["id"] for r in query(db_path, "SELECT id FROM evidence WHERE id = ?", (third["id"],))
    ] == []
    # entries still holds the deleted one: that is why analysts count evidence.
    assert query(db_path, "SELECT COUNT(*) AS n FROM entries") == [{"n": 3}]
    assert query(db_path, "SELECT COUNT(*) AS n FROM evidence") == [{"n": 2}]
    assert svtool("restore", third["id"]).exit_code == 0
    check_in_step(svtool, db_path)
    hampshire = query(db_path, "SELECT * FROM evidence WHERE id = ?", (second["id"],))[0]
    assert hampshire["programme"] == "dbv"
    assert (hampshire["timescale_extended"], hampshire["stricter_targets"]) == ("yes", "no")
    assert hampshire["status"] == "escalated"
    assert "pii_scan" not in hampshire and "deleted_at" not in hampshire
    assert svtool("purge", "--before", "2999-01-01", "--yes").exit_code == 0
    assert query(db_path, "SELECT COUNT(*) AS n FROM evidence") == [{"n": 0}]


def test_imported_bundles_are_evidence_at_head_office(svtool: Run, db_path: Path) -> None:
    bundles = [str(BUNDLES / n) for n in ("bundle-v1-first.zip", "bundle-v1-later.zip")]
    assert svtool("import", *bundles).exit_code == 0
    listed = check_in_step(svtool, db_path)
    assert len(listed) == 2
    rows = query(db_path, "SELECT authority_name, status, revision FROM evidence ORDER BY 1")
    assert rows == [
        {"authority_name": "Devon", "status": "raised-with-la", "revision": 2},
        {"authority_name": "Kent", "status": "not-raised", "revision": 1},
    ]


def test_reference_rows_follow_the_lists_in_use(
    svtool: Run, log_entry: Log, db_path: Path, tmp_path: Path
) -> None:
    """A newer authorities.csv in the config folder changes the rows (and evidence) next time
    svtool opens the database; taking it away brings the packaged list back."""
    from svtool import checklist
    from svtool.paths import data_file

    kent = log_entry()
    assert query(db_path, "SELECT COUNT(*) AS n FROM authorities") == [{"n": 153}]
    questions = query(
        db_path, "SELECT id, section, text FROM checklist_questions ORDER BY position"
    )
    assert questions == [
        {"id": q.id, "section": s.id, "text": q.text}
        for s in checklist.SECTIONS
        for q in s.questions
    ]
    packaged = data_file("authorities.csv").read_text(encoding="utf-8-sig")
    lines = packaged.splitlines()
    header = lines[0].split(",")
    changed = []
    for line in lines:
        if line.startswith("886,"):
            cells = line.split(",")
            cells[header.index("programme")] = "dbv"
            line = ",".join(cells)
        changed.append(line)
    override = tmp_path / "config" / "authorities.csv"
    override.parent.mkdir(exist_ok=True)
    override.write_text("\n".join(changed) + "\n", encoding="utf-8")
    assert svtool("list").exit_code == 0
    assert query(db_path, "SELECT programme FROM authorities WHERE la_code = '886'") == [
        {"programme": "dbv"}
    ]
    assert query(db_path, "SELECT programme, programme_when_logged FROM evidence") == [
        {"programme": "dbv", "programme_when_logged": "safety-valve"}
    ]
    override.unlink()
    assert svtool("show", kent["id"]).exit_code == 0
    assert query(db_path, "SELECT programme FROM evidence") == [{"programme": "safety-valve"}]


def test_a_refresh_rewrites_each_evidence_row_once(
    svtool: Run, log_entry: Log, db_path: Path
) -> None:
    """As after m008, which makes evidence before the reference rows exist: every authority and
    section is new to the refresh, and each evidence row is still written once, not once for
    its authority and again for its section."""
    from svtool.analysis.reference import sync

    for authority in ("Kent", "Devon", "Essex"):
        log_entry(authority=authority)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DELETE FROM authorities")
    conn.execute("DELETE FROM checklist_sections")
    conn.execute("UPDATE evidence SET ons_code = NULL, region = NULL, section_title = NULL")
    conn.execute("DELETE FROM svtool_reference")
    conn.execute("CREATE TEMP TABLE writes (n INTEGER)")
    conn.execute(
        "CREATE TEMP TRIGGER counted AFTER UPDATE ON evidence BEGIN "
        "INSERT INTO writes VALUES (1); END"
    )
    assert sync(conn) is True
    assert conn.execute("SELECT count(*) FROM writes").fetchone() == (3,)
    conn.close()
    check_in_step(svtool, db_path)


def test_an_invalid_list_leaves_the_rows_as_they_were(
    svtool: Run, log_entry: Log, db_path: Path, tmp_path: Path
) -> None:
    log_entry()
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "authorities.csv").write_text("la_code,name\n1,Nowhere\n")
    from svtool.analysis.reference import sync

    conn = sqlite3.connect(db_path, isolation_level=None)
    assert sync(conn) is False
    conn.close()
    assert query(db_path, "SELECT COUNT(*) AS n FROM authorities") == [{"n": 153}]


def test_a_database_before_m008_is_migrated(tmp_path: Path) -> None:
    """Entries written by the previous layout (deleted ones too) become evidence and stay
    searchable; entries_fts is gone."""
    from sqlite_utils import Database

    from svtool.migrations import migrations
    from svtool.store import Store

    path = tmp_path / "old.db"
    db = Database(path)
    migrations().apply(db, stop_before="m008_analysts")
    values = {
        "id": "", "revision": 1, "authority_code": "886", "authority_name": "Kent",
        "programme": "safety_valve", "section": "2", "questions": '["2.1"]',
        "strategies": '["delays"]', "summary": "", "details": "", "occurred_on": "2025-01-02",
        "setting": "mainstream-primary", "source": "first-hand", "logged_at": "2025-01-02T10:00:00Z",
        "timescale_extended": 1,
    }  # fmt: skip
    for n, (summary, deleted) in enumerate([("Outreach capped", None), ("Outreach gone", "x")]):
        row = {**values, "id": f"00000000-0000-4000-8000-00000000000{n}", "summary": summary}
        db["entries"].insert({**row, "deleted_at": deleted})
    db.close()
    with Store(path) as store:
        assert store.backup_before_migration is not None
        rows = store.conn.execute(
            "SELECT summary, programme, timescale_extended, region FROM evidence"
        ).fetchall()
        assert [tuple(r) for r in rows] == [
            ("Outreach capped", "safety-valve", "yes", "South East")
        ]
        from svtool.living import search

        assert [r["summary"] for r in search(store, "outreach")] == ["Outreach capped"]
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "entries_fts" not in tables


def test_sqlite_utils_finds_the_search(svtool: Run, log_entry: Log, db_path: Path) -> None:
    log_entry()
    log_entry(summary="Speech therapy waiting list", authority="Devon")
    from sqlite_utils import Database

    db = Database(db_path)
    assert db["evidence"].detect_fts() == "evidence_fts"
    assert [r["summary"] for r in db["evidence"].search("outreach")] == [
        "Outreach support capped at 10 hours a term"
    ]
    db.close()
    out = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(db_path), "evidence", "therapy",
         "-c", "authority_name", "-c", "summary"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout) == [
        {"authority_name": "Devon", "summary": "Speech therapy waiting list"}
    ]


def test_datasette_finds_the_search(log_entry: Log, db_path: Path) -> None:
    utils = pytest.importorskip("datasette.utils")
    log_entry()
    conn = sqlite3.connect(db_path)
    assert utils.detect_fts(conn, "evidence") == "evidence_fts"
    conn.close()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is missing")
def test_the_sqlite3_shell_reads_it(log_entry: Log, db_path: Path) -> None:
    log_entry()
    out = subprocess.run(
        ["sqlite3", "-readonly", str(db_path),
         "SELECT authority_name, programme, section_title FROM evidence;"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout == "Kent|safety-valve|Securing provision and support\n"


def test_docs_describe_the_live_schema(tmp_path: Path) -> None:
    from svtool.analysis.schema import MARKER, markdown
    from svtool.store import Store

    with Store(tmp_path / "new.db") as store:
        generated = markdown(store.conn)
    written = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    assert MARKER in written
    assert written[written.index(MARKER) :] == generated, (
        "run `python -m svtool.analysis.schema` to refresh docs/analysts.md"
    )


def test_every_column_is_described(tmp_path: Path) -> None:
    from svtool.analysis.schema import TABLES, SchemaDrift, check
    from svtool.store import Store

    with Store(tmp_path / "new.db") as store:
        check(store.conn)
        store.conn.execute("CREATE TEMP VIEW x AS SELECT 1")
        store.conn.execute("ALTER TABLE checklist_strategies ADD COLUMN colour TEXT")
        with pytest.raises(SchemaDrift, match="checklist_strategies"):
            check(store.conn)
    assert {t.name for t in TABLES} >= {
        "evidence", "evidence_questions", "evidence_strategies", "authorities",
        "checklist_questions",
    }  # fmt: skip


def test_readme_says_where_analysts_start() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "Start with the `evidence` table" in readme
    assert "`SELECT COUNT(*) FROM entries` counts deleted entries too" in readme


def test_log_still_stores_with_the_triggers(svtool: Run, db_path: Path) -> None:
    """The quick path and the full command both leave an evidence row."""
    assert svtool("log", *VALID_LOG).exit_code == 0
    assert query(db_path, "SELECT COUNT(*) AS n FROM evidence") == [{"n": 1}]
