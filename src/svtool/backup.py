"""Consistent copies of the database (and its attachments and people register), made with
SQLite's online backup API.

Used by `svtool backup` and by the store itself before it upgrades an existing database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from svtool.dates import utc_now
from svtool.errors import BadInput, Problem, StoreError
from svtool.paths import (
    attachments_folder,
    make_private_dir,
    people_register_path,
    replace_private,
)


def backups_folder(db: Path) -> Path:
    return db.parent / "backups"


def people_register_copies(db: Path) -> list[Path]:
    """The people registers `svtool backup` copied into the backups folder beside the database."""
    folder = backups_folder(db)
    return sorted(folder.glob("*-people.json")) if folder.is_dir() else []


def default_backup_path(db: Path) -> Path:
    """A dated name in a backups folder beside the database, never one already taken."""
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    folder = backups_folder(db)
    candidate = folder / f"svtool-{stamp}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"svtool-{stamp}-{n}.db"
        n += 1
    return candidate


def backup(
    db: Path, target: Path | None = None, *, with_attachments: bool = True, with_people: bool = True
) -> Path:
    """Copy the database with SQLite's online backup API: consistent even while others write.

    Attachments are copied beside the copy (`<name>-attachments/`). Their files never change once
    stored and are written before the transaction that refers to them, so every attachment the
    copied database knows about is there to copy. The people register, if there is one, is copied
    beside it too (`<name>-people.json`, readable only by the rep), where `--db` pointed at the
    copy finds it: a restored database still has its names found.
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
        if with_people:
            _copy_people(db, target)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"Could not back up {db}: {e}", hint="Run `svtool doctor`.") from e
    finally:
        if partial.exists():
            partial.unlink()
    return target


def _copy_people(db: Path, target: Path) -> None:
    try:
        names = people_register_path(db).read_bytes()
    except FileNotFoundError:
        return
    except OSError as e:
        raise StoreError(
            f"Backed up the database to {target}, but could not read the people register: {e}",
            hint="Run `svtool doctor`.",
        ) from e
    try:
        replace_private(people_register_path(target), names)
    except OSError as e:
        raise StoreError(
            f"Backed up the database to {target}, but could not copy the people register "
            f"beside it: {e}"
        ) from e


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
