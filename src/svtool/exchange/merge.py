"""Importing bundles at head office: open (decrypt) and verify a file, then merge it in one transaction.

Merging compares each incoming (id, revision) with what the store holds, in one query through a
temporary table: an id not held is new; a higher revision replaces the held one (its row and link
rows are deleted and the new ones inserted, in the same transaction); the same or a lower revision
changes nothing. Every new or updated entry records the bundle it came from (`entry_origins`), and
the bundle its reporter (`imports`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svtool.exchange.bundle import Bundle, BundleError

if TYPE_CHECKING:
    from svtool.store import Store

MAX_FILE_BYTES = 1024 * 1024 * 1024


@dataclass
class MergeCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # included in unchanged: the store already holds a newer revision
    rejected: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older": self.older,
            "rejected": self.rejected,
        }


def open_file(path: Path, identities: list[Any] | None) -> Bundle:
    """Read, decrypt if needed, and verify one file; BundleError says why it cannot be imported."""
    from svtool.exchange import gc_paused

    with gc_paused():
        return _open_file(path, identities)


def _open_file(path: Path, identities: list[Any] | None) -> Bundle:
    from svtool.exchange import bundle, crypto

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise BundleError("it is a folder, not a bundle file")
        if size > MAX_FILE_BYTES:
            raise BundleError(f"it is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError("it does not exist") from None
    except OSError as e:
        raise BundleError(f"it cannot be read ({e.strerror or e})") from None
    if not data:
        raise BundleError("it is empty")
    if crypto.is_encrypted(data[:64]):
        if not identities:
            raise BundleError(
                "it is encrypted; give head office's identity file with --identity FILE"
            )
        try:
            data = crypto.decrypt(data, identities)
        except crypto.DecryptFailed as e:
            raise BundleError(e.message) from None
    return bundle.read(data)


def merge(store: Store, bundle: Bundle, file_name: str, *, dry_run: bool = False) -> MergeCounts:
    """Merge a verified bundle; with dry_run, only count what would change."""
    from svtool.exchange import gc_paused

    if dry_run:
        return _classify(store, bundle)[0]
    with gc_paused(), store.write():
        counts, replace_seqs, apply = _classify(store, bundle)
        if apply:
            _apply(store, bundle, file_name, replace_seqs, apply)
    return counts


def _classify(store: Store, bundle: Bundle) -> tuple[MergeCounts, list[int], list[Any]]:
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id TEXT PRIMARY KEY, revision INTEGER)")
    conn.execute("DELETE FROM temp.incoming")
    try:
        conn.executemany(
            "INSERT INTO temp.incoming (id, revision) VALUES (?, ?)",
            [(e.id, e.revision) for e in bundle.entries],
        )
        held = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT e.id, e.revision, e.seq FROM entries e JOIN temp.incoming i ON i.id = e.id"
            )
        }
    finally:
        conn.execute("DELETE FROM temp.incoming")
    counts = MergeCounts()
    replace: list[int] = []
    apply = []
    for entry in bundle.entries:
        found = held.get(entry.id)
        if found is None:
            counts.new += 1
            apply.append(entry)
        elif entry.revision > found[0]:
            counts.updated += 1
            replace.append(found[1])
            apply.append(entry)
        else:
            counts.unchanged += 1
            if entry.revision < found[0]:
                counts.older += 1
    return counts, replace, apply


def _apply(
    store: Store, bundle: Bundle, file_name: str, replace: list[int], entries: list[Any]
) -> None:
    from svtool.store import ENTRY_COLUMNS, LINK_TABLES, entry_to_row

    conn = store.conn
    manifest = bundle.manifest
    reporter = manifest.reporter
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    conn.execute(
        "INSERT OR IGNORE INTO imports (bundle_id, format_version, created_at, svtool_version, "
        "reporter_name, reporter_la, reporter_email, file_name, imported_at, entry_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            manifest.bundle_id,
            manifest.format_version,
            manifest.created_at,
            manifest.svtool_version,
            reporter.name if reporter else None,
            reporter.local_association if reporter else None,
            reporter.email if reporter else None,
            file_name,
            now,
            manifest.entry_count,
        ],
    )
    if replace:  # link rows go with their entry (ON DELETE CASCADE)
        conn.executemany("DELETE FROM entries WHERE seq = ?", [(s,) for s in replace])
    base = int(conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0])
    columns = ("seq", *ENTRY_COLUMNS)
    rows = []
    links: dict[str, list[tuple[int, str]]] = {table: [] for table, _, _ in LINK_TABLES}
    for offset, entry in enumerate(entries, 1):
        seq = base + offset
        row = entry_to_row(entry)
        row["seq"] = seq
        rows.append([row[c] for c in columns])
        for table, _, attr in LINK_TABLES:
            links[table].extend((seq, v) for v in getattr(entry, attr))
    conn.executemany(
        f"INSERT INTO entries ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows
    )
    for table, column, _ in LINK_TABLES:
        if links[table]:
            conn.executemany(
                f"INSERT INTO {table} (entry_seq, {column}) VALUES (?, ?)", links[table]
            )
    conn.executemany(
        "INSERT OR REPLACE INTO entry_origins (entry_id, revision, bundle_id) VALUES (?, ?, ?)",
        [(e.id, e.revision, manifest.bundle_id) for e in entries],
    )
