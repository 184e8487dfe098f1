"""The safety net: consistent backups, health checks, and warnings about unsafe places for the file.

SQLite's locking is not safe in folders that a sync client rewrites behind its back (OneDrive,
Dropbox, iCloud Drive, Google Drive) or on network shares; evidence has been lost that way in other
tools, so svtool says so loudly rather than failing quietly later.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from svtool.backup import backup, default_backup_path
from svtool.errors import StoreError
from svtool.migrations import KNOWN

if TYPE_CHECKING:
    from svtool.store import Store

__all__ = ["backup", "default_backup_path", "doctor", "location_warning", "upgraded_note"]

SYNC_MARKERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "icloud": "iCloud Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "cloudstorage": "a cloud storage folder",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
}
NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "fuse.sshfs",
    "9p",
    "afpfs",
    "davfs",
    "fuse.rclone",
}
LOW_DISK_BYTES = 200 * 1024 * 1024


def unsafe_location(path: Path) -> str | None:
    """Why this path is an unsafe home for the database, or None if it looks local."""
    text = str(path)
    if text.startswith(("\\\\", "//")) or PureWindowsPath(text).drive.startswith("\\\\"):
        return "a network share"
    for part in Path(text).parts:
        folded = part.casefold()
        for marker, name in SYNC_MARKERS.items():
            if (
                folded == marker
                or folded.startswith(marker + " ")
                or folded.startswith(marker + "-")
            ):
                return f"a folder synced by {name}"
    fstype = _filesystem_type(path)
    if fstype and fstype in NETWORK_FILESYSTEMS:
        return f"a network file system ({fstype})"
    return None


def _filesystem_type(path: Path) -> str | None:
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return None
    try:
        target = path.resolve()
        best, best_type = "", None
        for line in mounts.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split()
            if len(fields) < 3:
                continue
            mount_point = fields[1].replace("\\040", " ")
            if (
                str(target) == mount_point or str(target).startswith(mount_point.rstrip("/") + "/")
            ) and len(mount_point) > len(best):
                best, best_type = mount_point, fields[2]
        return best_type
    except OSError:
        return None


def location_warning(path: Path) -> str | None:
    reason = unsafe_location(path)
    if reason is None:
        return None
    return (
        f"the database {path} is in {reason}, where SQLite files can be damaged; "
        "move it to a local folder (see `svtool doctor`)"
    )


def check_folder(db: Path) -> None:
    """Refuse, with the real reason, a database SQLite could not open (it would say 'damaged')."""
    from svtool.paths import missing_home

    home = missing_home(db)
    if home is not None and not db.exists():
        raise StoreError(
            f"Your home folder {home} does not exist, so svtool cannot keep its database at {db}",
            hint="Set HOME to your home folder, or give --db PATH (or SVTOOL_DB) for the database.",
        )
    folder = db.parent
    if db.exists() and folder.is_dir() and not os.access(folder, os.W_OK):
        raise StoreError(
            f"The folder {folder} is read-only, and SQLite needs to write beside the database "
            f"{db.name} even to read it; svtool has not changed anything",
            hint="Make the folder writable again, or copy the database to a writable folder "
            "and give --db.",
        )


def upgraded_note(store: Store) -> str | None:
    """What to tell the rep when opening the store upgraded it."""
    if store.backup_before_migration is None:
        return None
    return f"Upgraded the database; a backup of the old one is at {store.backup_before_migration}"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "ok", "warning" or "problem"
    detail: str
    advice: str = ""


def doctor(db: Path) -> list[Check]:
    """Every health check on the database and its surroundings; never writes to the file."""
    checks: list[Check] = [Check("database", "ok", str(db))]
    if db.is_dir():
        return [
            Check(
                "database",
                "problem",
                f"{db} is a folder, not a database file",
                "Give --db a file name.",
            )
        ]
    if not db.exists():
        checks.append(
            Check(
                "exists",
                "warning",
                "no database yet",
                "It is created the first time you run `svtool log`.",
            )
        )
        checks.extend(_location_checks(db))
        checks.extend(_register_checks(db))
        return checks
    checks.extend(_file_checks(db))
    checks.extend(_sqlite_checks(db))
    checks.extend(_location_checks(db))
    checks.extend(_register_checks(db))
    return checks


def _register_checks(db: Path) -> list[Check]:
    """The people register beside the database: private, readable, and only ever local."""
    from svtool import people
    from svtool.errors import SvtoolError

    path = people.register_path(db)
    copies = _register_copy_checks(db)
    if not path.exists():
        return [Check("people register", "ok", "none (see `svtool people add`)"), *copies]
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        return [
            Check(
                "people register",
                "problem",
                f"{path} is readable by others",
                f"Run: chmod 600 '{path}'",
            )
        ]
    try:
        count = len(people.load(path))
    except SvtoolError:
        return [
            Check(
                "people register",
                "problem",
                f"{path} cannot be read",
                "Remove it with `svtool purge --people` and add the names again.",
            )
        ]
    return [
        Check(
            "people register",
            "ok",
            f"{count} {'name' if count == 1 else 'names'} in {path}; kept on this computer, never exported",
        ),
        *copies,
    ]


def _register_copy_checks(db: Path) -> list[Check]:
    """The copies of the register `svtool backup` left in the backups folder: private too."""
    from svtool.backup import people_register_copies
    from svtool.words import count

    copies = people_register_copies(db)
    if not copies:
        return []
    if os.name == "posix":
        shared = [p for p in copies if stat.S_IMODE(p.stat().st_mode) & 0o077]
        if shared:
            return [
                Check(
                    "people register backups",
                    "problem",
                    f"{count(len(shared), 'copy', 'copies')} readable by others, e.g. {shared[0]}",
                    f"Run: chmod 600 '{shared[0].parent}'/*-people.json",
                )
            ]
    return [
        Check(
            "people register backups",
            "ok",
            f"{count(len(copies), 'copy', 'copies')} beside the backups in {copies[0].parent}; "
            "`svtool purge --people` deletes them with the register",
        )
    ]


def _file_checks(db: Path) -> list[Check]:
    checks = []
    if os.name == "posix":
        mode = stat.S_IMODE(db.stat().st_mode)
        if mode & 0o077:
            checks.append(
                Check(
                    "permissions",
                    "problem",
                    f"the file is readable by others (mode {mode:o})",
                    f"Run: chmod 600 '{db}'",
                )
            )
        else:
            checks.append(Check("permissions", "ok", f"private to you (mode {mode:o})"))
    free = shutil.disk_usage(db.parent).free
    if free < LOW_DISK_BYTES:
        checks.append(
            Check(
                "free disk space",
                "problem",
                f"only {free // (1024 * 1024)} MB free",
                "Free some space: SQLite needs room to save safely.",
            )
        )
    else:
        checks.append(Check("free disk space", "ok", f"{free // (1024 * 1024)} MB free"))
    return checks


def _sqlite_checks(db: Path) -> list[Check]:
    with db.open("rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        return [
            Check(
                "format",
                "problem",
                "the file is not an SQLite database",
                "Check the path given with --db.",
            )
        ]
    restore = (
        "Restore your latest backup (see README, Backing up) and keep this file for the developers."
    )
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as e:
        return [Check("open", "problem", str(e), restore)]
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        applied = (
            [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set='svtool'"
                )
            ]
            if "_sqlite_migrations" in tables
            else []
        )
        live, deleted = _entry_counts(conn) if "entries" in tables else (0, 0)
    except sqlite3.DatabaseError as e:
        conn.close()
        return [Check("integrity", "problem", f"the database is damaged ({e})", restore)]
    conn.close()
    checks = []
    if result == ["ok"]:
        checks.append(Check("integrity", "ok", "integrity_check: ok"))
    else:
        checks.append(
            Check(
                "integrity", "problem", f"the database is damaged: {'; '.join(result[:3])}", restore
            )
        )
    unknown = [n for n in applied if n not in KNOWN]
    if unknown:
        checks.append(
            Check(
                "schema",
                "problem",
                f"made by a newer svtool ({unknown[-1]})",
                "Upgrade svtool to use it.",
            )
        )
    elif not applied:
        checks.append(
            Check("schema", "problem", "not an svtool database", "Check the path given with --db.")
        )
    else:
        pending = len(KNOWN) - len(applied)
        from svtool.words import count

        upgrades = count(pending, "upgrade")
        note = f" ({upgrades} will be applied, after a backup)" if pending else ""
        checks.append(Check("schema", "ok", f"version {applied[-1]}{note}"))
    checks.append(
        Check(
            "journal",
            "ok" if mode == "wal" else "warning",
            f"journal_mode {mode}, synchronous FULL",
            "" if mode == "wal" else "svtool switches it to WAL the next time it writes.",
        )
    )
    from svtool.words import count

    kept = f" (and {count(deleted, 'deleted entry', 'deleted entries')} that `svtool restore` can bring back)"
    checks.append(
        Check("entries", "ok", count(live, "entry", "entries") + (kept if deleted else ""))
    )
    return checks


def _entry_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """Live and deleted entries: the live ones are what `list` and reports count."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
    if "deleted_at" not in columns:  # a layout from before deletion; svtool upgrades it on use
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0]), 0
    live, deleted = conn.execute(
        "SELECT coalesce(sum(deleted_at IS NULL), 0), coalesce(sum(deleted_at IS NOT NULL), 0) "
        "FROM entries"
    ).fetchone()
    return int(live), int(deleted)


def _location_checks(db: Path) -> list[Check]:
    reason = unsafe_location(db)
    if reason:
        return [
            Check(
                "location",
                "problem",
                f"the database is in {reason}, where SQLite's locking is unsafe",
                "Move it to a local folder: run `svtool backup NEWFILE` to copy it, then use "
                "--db NEWFILE or set SVTOOL_DB (the default folder is local).",
            )
        ]
    return [Check("location", "ok", "a local folder")]
