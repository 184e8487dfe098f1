"""Consistent copies of the database (and its attachments), made with SQLite's online backup API.

Used by `svtool backup` and by the store itself before it upgrades an existing database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from svtool.dates import utc_now
from svtool.errors import BadInput, Problem, StoreError
from svtool.paths import attachments_folder, make_private_dir


def default_backup_path(db: Path) -> Path:
    """A dated name in a backups folder beside the database, never one already taken."""
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    folder = db.parent / "backups"
    candidate = folder / f"svtool-{stamp}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"svtool-{stamp}-{n}.db"
        n += 1
    return candidate


def backup(db: Path, target: Path | None = None, *, with_attachments: bool = True) -> Path:
    """Copy the database with SQLite's online backup API: consistent even while others write.

    Attachments are copied beside the copy (`<name>-attachments/`). Their files never change once
    stored and are written before the transaction that refers to them, so every attachment the
    copied database knows about is there to copy.
    """
    if not db.exists():
        raise StoreError(f"There is no database at {db} to back up yet")
    if target is not None and target.is_dir():
        target = target / default_backup_path(db).name  # a folder: a dated file inside it
    target = target or default_backup_path(db)
    if target.exists():
        raise BadInput(Problem("FILE", f"{target} already exists; give a new file name"))
    if target.resolve() == db.resolve():
        raise BadInput(Problem("FILE", "the backup cannot be the database itself"))
    make_private_dir(target.parent)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        source = sqlite3.connect(db, timeout=60)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
                ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if ok != "ok":
            raise StoreError(
                f"The backup failed its integrity check ({ok}); the database itself may be damaged"
            )
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        partial.replace(target)
        if with_attachments:
            _copy_attachments(db, target)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"Could not back up {db}: {e}", hint="Run `svtool doctor`.") from e
    finally:
        if partial.exists():
            partial.unlink()
    return target


def _copy_attachments(db: Path, target: Path) -> None:
    source = attachments_folder(db)
    if not source.is_dir():
        return
    dest = attachments_folder(target)
    for blob in source.rglob("*"):
        if blob.is_file() and not blob.name.startswith("."):
            copy = dest / blob.relative_to(source)
            make_private_dir(copy.parent)
            if not copy.exists():
                shutil.copyfile(blob, copy)
                copy.chmod(0o600)
