"""Backups, the doctor, and warnings about unsafe folders."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import VALID_LOG
from svtool.migrations import KNOWN


def count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def test_backup_copies_every_entry_privately(svtool, log_entry, tmp_path):
    for _ in range(3):
        log_entry()
    target = tmp_path / "safe" / "copy.db"
    target.parent.mkdir()
    result = svtool("backup", str(target))
    assert result.exit_code == 0, result.output
    assert f"to {target}" in result.stderr
    assert count(target) == 3
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_backup_refuses_to_overwrite_and_defaults_to_a_dated_file(svtool, log_entry, isolated):
    log_entry()
    result = svtool("backup")
    assert result.exit_code == 0
    made = list((isolated.parent / "backups").glob("svtool-*.db"))
    assert len(made) == 1 and count(made[0]) == 1
    again = svtool("backup", str(made[0]))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_backup_during_concurrent_writes_is_consistent(tmp_path):
    """A backup taken while another process logs holds every entry committed before it."""
    db = tmp_path / "busy.db"
    env = {**os.environ, "SVTOOL_DB": str(db), "SVTOOL_CONFIG_DIR": str(tmp_path / "cfg")}
    script = (
        "import sys\nfrom svtool.__main__ import main\nargs = sys.argv[1:]\n"
        "for i in range(40):\n    sys.argv = ['svtool', 'log', *args]\n"
        "    try:\n        main()\n    except SystemExit as e:\n        assert not e.code\n"
    )
    subprocess.run(
        [sys.executable, "-c", script.replace("range(40)", "range(1)"), *VALID_LOG],
        env=env,
        check=True,
    )
    writer = subprocess.Popen([sys.executable, "-c", script, *VALID_LOG], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    from svtool.health import backup

    copies = []
    while writer.poll() is None and len(copies) < 5:
        before = count(db)
        target = backup(db, tmp_path / f"b{len(copies)}.db")
        copies.append((before, target))
    writer.wait(timeout=300)
    assert writer.returncode == 0
    assert copies, "the writer finished before any backup was taken"
    for before, target in copies:
        conn = sqlite3.connect(target)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert count(target) >= before


def test_doctor_on_a_healthy_database(svtool, log_entry):
    log_entry()
    result = svtool("doctor", "--json")
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["integrity"]["detail"] == "integrity_check: ok"
    assert (
        "journal_mode wal" in checks["journal"]["detail"]
        and "synchronous FULL" in checks["journal"]["detail"]
    )
    assert checks["schema"]["detail"].startswith(f"version {KNOWN[-1]}")
    assert all(c["status"] == "ok" for c in checks.values())
    assert "integrity" in svtool("doctor").stdout


def test_doctor_on_a_corrupt_database_says_how_to_restore(svtool, log_entry, isolated):
    for _ in range(30):
        log_entry(details="x" * 2000)
    svtool("backup", str(isolated.parent / "spare.db"))
    data = bytearray(isolated.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    isolated.write_bytes(bytes(data))
    before = isolated.read_bytes()
    result = svtool("doctor")
    assert result.exit_code == 1
    assert "damaged" in result.stdout and "Restore your latest backup" in result.stdout
    assert isolated.read_bytes() == before


def test_doctor_on_a_newer_database(svtool, log_entry, isolated):
    log_entry()
    conn = sqlite3.connect(isolated)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('svtool','m999_x','')"
        )
    conn.close()
    result = svtool("doctor", "--json")
    assert result.exit_code == 1
    schema = next(c for c in json.loads(result.stdout) if c["name"] == "schema")
    assert schema["status"] == "problem" and "newer svtool" in schema["detail"]


@pytest.mark.parametrize(
    "folder",
    ["OneDrive - NASUWT", "Dropbox", "Mobile Documents", "Google Drive", "iCloud Drive"],
)
def test_synced_folders_are_warned_about_on_every_command(svtool, tmp_path, folder):
    db = tmp_path / folder / "svtool.db"
    result = svtool("--db", str(db), "list")
    assert result.exit_code == 0
    assert (
        "Warning: the database" in result.stderr and "SQLite files can be damaged" in result.stderr
    )
    doctor = svtool("--db", str(db), "doctor")
    assert doctor.exit_code == 1 and "move it" in doctor.stdout.lower()


def test_unc_paths_are_network_shares():
    from svtool.health import unsafe_location

    assert unsafe_location(Path("\\\\server\\share\\svtool.db")) == "a network share"
    assert unsafe_location(Path("/home/rep/.local/share/svtool/svtool.db")) is None


@pytest.mark.skipif(len(KNOWN) < 2, reason="needs a schema upgrade to test")
def test_an_upgrade_takes_a_backup_first(svtool, isolated):
    from sqlite_utils import Database

    from svtool.migrations import migrations

    conn = sqlite3.connect(isolated)
    migrations().apply(Database(conn), stop_before=KNOWN[1])
    conn.commit()
    conn.close()
    result = svtool("list")
    assert result.exit_code == 0, result.output
    backups = list((isolated.parent / "backups").glob("svtool-*.db"))
    assert len(backups) == 1
    assert "a backup of the old one is at" in result.stderr
    conn = sqlite3.connect(backups[0])
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    conn.close()
    assert applied == [KNOWN[0]]


def test_backup_thread_safe_smoke(tmp_path, svtool, log_entry):
    log_entry()
    from svtool.health import backup

    errors: list[BaseException] = []

    def take(n: int) -> None:
        try:
            backup(Path(os.environ["SVTOOL_DB"]), tmp_path / f"t{n}.db")
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=take, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(count(tmp_path / f"t{n}.db") == 1 for n in range(3))


def test_backup_includes_attachments(svtool, log_entry, tmp_path):
    entry = log_entry()
    doc = tmp_path / "plan.pdf"
    doc.write_bytes(b"%PDF-1.4 plan")
    assert svtool("attach", entry["id"], str(doc)).exit_code == 0
    target = tmp_path / "bk" / "copy.db"
    target.parent.mkdir()
    result = svtool("backup", str(target))
    assert result.exit_code == 0, result.output
    assert "Attachments copied to" in result.stderr
    copied = [p for p in (tmp_path / "bk" / "copy-attachments").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in copied] == [b"%PDF-1.4 plan"]
    out = tmp_path / "restored"
    out.mkdir()
    restored = svtool("--db", str(target), "attachment", "get", entry["id"], "--output", str(out))
    assert restored.exit_code == 0, restored.output
    assert (out / "plan.pdf").read_bytes() == b"%PDF-1.4 plan"


def test_backup_into_a_folder_or_a_missing_folder(svtool, log_entry, tmp_path):
    log_entry()
    folder = tmp_path / "usb"
    folder.mkdir()
    result = svtool("backup", str(folder))
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("svtool-*.db"))) == 1
    missing = svtool("backup", str(tmp_path / "no-such-stick" / "copy.db"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "no-such-stick").exists()


def test_doctor_on_a_folder(svtool, tmp_path):
    result = svtool("--db", str(tmp_path), "doctor", "--json")
    assert result.exit_code == 1
    assert "is a folder, not a database file" in json.loads(result.stdout)[0]["detail"]
