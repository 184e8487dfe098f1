"""The store: where it lives, how it is created, and what it refuses to touch."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import VALID_LOG
from svtool.migrations import KNOWN

POSIX = os.name == "posix"


def sha(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


def test_db_option_beats_env_which_beats_default(svtool, tmp_path, isolated):
    chosen = tmp_path / "deep" / "er" / "chosen.db"
    result = svtool("--db", str(chosen), "log", *VALID_LOG)
    assert result.exit_code == 0, result.output
    assert chosen.exists() and not isolated.exists()
    assert svtool("list", "--json").stdout.strip() == "[]"  # SVTOOL_DB is another, empty file
    assert len(json.loads(svtool("--db", str(chosen), "list", "--json").stdout)) == 1


def test_default_path_is_the_user_data_folder(monkeypatch, tmp_path):
    from svtool.paths import resolve_db_path

    monkeypatch.delenv("SVTOOL_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = resolve_db_path(None)
    assert path.name == "svtool.db" and "svtool" in path.parent.parts
    assert "Documents" not in path.parts and "Desktop" not in path.parts


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_database_is_private_and_wal(svtool, isolated):
    os.umask(0o022)
    assert svtool("log", *VALID_LOG).exit_code == 0
    assert stat.S_IMODE(isolated.stat().st_mode) == 0o600
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [
        r[0]
        for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set='svtool'")
    ]
    conn.close()
    assert tuple(applied) == KNOWN


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_new_parent_folders_are_private(svtool, tmp_path):
    db = tmp_path / "new" / "folder" / "svtool.db"
    assert svtool("--db", str(db), "list").exit_code == 0
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(svtool, isolated, rows):
    isolated.write_text("my shopping list\n", encoding="utf-8")
    before = sha(isolated)
    result = svtool("log", *VALID_LOG)
    assert result.exit_code == 1
    assert "is not an svtool database" in result.stderr and "has not changed it" in result.stderr
    assert sha(isolated) == before


def test_another_programs_sqlite_database_is_refused_and_untouched(svtool, isolated):
    conn = sqlite3.connect(isolated)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = sha(isolated)
    result = svtool("list")
    assert result.exit_code == 1
    assert "SQLite database but not an svtool one" in result.stderr
    assert sha(isolated) == before
    assert not Path(str(isolated) + "-wal").exists()


def test_a_database_from_a_newer_svtool_is_refused(svtool, isolated):
    assert svtool("log", *VALID_LOG).exit_code == 0
    conn = sqlite3.connect(isolated)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('svtool', 'm999_future', 'x')"
        )
    conn.close()
    before = sha(isolated)
    result = svtool("list")
    assert result.exit_code == 1
    assert "made by a newer svtool" in result.stderr and "Upgrade svtool" in result.stderr
    assert sha(isolated) == before


def test_a_damaged_database_gives_a_clear_error(svtool, isolated):
    assert svtool("log", *VALID_LOG).exit_code == 0
    data = bytearray(isolated.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page
    isolated.write_bytes(bytes(data))
    result = svtool("list")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "damaged" in result.stderr or "could not be used" in result.stderr


def test_a_folder_as_database_is_refused(svtool, tmp_path):
    result = svtool("--db", str(tmp_path), "list")
    assert result.exit_code == 1 and "is a folder, not a database file" in result.stderr


def test_link_tables_follow_the_entry(svtool, isolated, log_entry):
    entry = log_entry("--impact", "workload", "--tag", "ehcp", strategy="hours-cap,delays")
    conn = sqlite3.connect(isolated)
    seq = conn.execute("SELECT seq FROM entries WHERE id = ?", [entry["id"]]).fetchone()[0]
    assert sorted(
        r[0] for r in conn.execute("SELECT strategy FROM entry_strategies WHERE entry_seq=?", [seq])
    ) == [
        "delays",
        "hours-cap",
    ]
    assert [
        r[0] for r in conn.execute("SELECT question FROM entry_questions WHERE entry_seq=?", [seq])
    ] == ["2.1"]
    conn.close()


def test_concurrent_log_processes_all_succeed(tmp_path):
    """Many processes logging at once never fail with 'database is locked'."""
    db = tmp_path / "shared.db"
    script = (
        "import sys\n"
        "from svtool.__main__ import main\n"
        "n, db, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]\n"
        "for i in range(n):\n"
        "    sys.argv = ['svtool', '--db', db, 'log', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as e:\n"
        "        if e.code: raise\n"
    )
    env = {**os.environ, "SVTOOL_CONFIG_DIR": str(tmp_path / "cfg")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, "10", str(db), *VALID_LOG],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
    printed = [line for out, _ in outputs for line in out.split()]
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("SELECT id FROM entries")}
    conn.close()
    assert len(printed) == 60 and set(printed) == ids
