"""Importing bundles at head office: open (decrypt) and verify a file, then merge it in one transaction.

Merging compares each incoming (id, revision) with what the store holds, in one query through a
temporary table: an id not held is new; a higher revision replaces the held one (its row and link
rows are deleted and the new ones inserted, in the same transaction); the same or a lower revision
changes nothing. Every new or updated entry records the bundle it came from (`entry_origins`), and
the bundle its reporter (`imports`).

The counts say what changed in the evidence head office holds, each record of the bundle counted
once: new (an entry not held), updated (a held entry, newer), restored (a held entry deleted here,
back at a newer revision), deleted (a held entry deleted by a newer deletion) and unchanged
(everything else: the same or an older revision, or a deletion of an entry head office never held
or already holds deleted, which is recorded so an older bundle cannot bring it back). So the
evidence after an import is the evidence before, plus new and restored, less deleted.
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
    restored: int = 0  # held deleted, now back at a newer revision
    unchanged: int = 0
    older: int = 0  # included in unchanged: the store already holds a newer revision
    rejected: int = 0
    deleted: int = 0  # held entries this import deleted (not those never held or already deleted)
    attachments: int = 0  # attachment records not held before

    def as_json(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "restored": self.restored,
            "unchanged": self.unchanged,
            "older": self.older,
            "rejected": self.rejected,
            "deleted": self.deleted,
            "attachments": self.attachments,
        }


def open_file(path: Path, identities: list[Any] | None) -> Bundle:
    """Read, decrypt if needed, and verify one file; BundleError says why it cannot be imported."""
    from svtool.bulk import gc_paused

    with gc_paused():
        return _open_file(path, identities)


def _open_file(path: Path, identities: list[Any] | None) -> Bundle:
    from svtool.exchange import bundle, crypto, opened

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
    encrypted = crypto.is_encrypted(data[:64])
    if encrypted:
        if not identities:
            raise BundleError(
                "it is encrypted; give head office's identity file with --identity FILE"
            )
        try:
            data = crypto.decrypt(data, identities)
        except crypto.DecryptFailed as e:
            raise BundleError(e.message) from None
    kind = opened.kind_of(data)
    if kind in (opened.CSV, opened.JSONL):
        raise opened.NotABundle(kind, encrypted)
    return bundle.read(data)


def merge(store: Store, bundle: Bundle, file_name: str, *, dry_run: bool = False) -> MergeCounts:
    """Merge a verified bundle; with dry_run, only count what would change."""
    from svtool.bulk import gc_paused

    if dry_run:
        return _classify(store, bundle).counts
    plan = _classify(store, bundle)
    if bundle.attachments:
        _store_blobs(store, bundle)  # content-addressed: harmless if the transaction fails
    with gc_paused(), store.write():
        plan = _classify(store, bundle)  # again, under the write lock
        _apply(store, bundle, file_name, plan)
    return plan.counts


@dataclass
class Plan:
    counts: MergeCounts
    replace: list[int]  # seqs of held rows an entry replaces
    entries: list[Any]
    deletions: list[tuple[Any, int | None]]  # (deletion, seq of the held row or None)
    untombstone: list[str]
    attachments: list[Any]


def _classify(store: Store, bundle: Bundle) -> Plan:
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id TEXT PRIMARY KEY, revision INTEGER)")
    conn.execute("DELETE FROM temp.incoming")
    try:
        conn.executemany(
            "INSERT INTO temp.incoming (id, revision) VALUES (?, ?)",
            [(e.id, e.revision) for e in bundle.entries]
            + [(d.id, d.revision) for d in bundle.deletions],
        )
        held = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT e.id, e.revision, e.seq FROM entries e JOIN temp.incoming i ON i.id = e.id"
            )
        }
        gone = {
            r[0]
            for r in conn.execute(
                "SELECT e.id FROM entries e JOIN temp.incoming i ON i.id = e.id "
                "WHERE e.deleted_at IS NOT NULL"
            )
        }
        tombs = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT t.entry_id, t.revision FROM tombstones t "
                "JOIN temp.incoming i ON i.id = t.entry_id"
            )
        }
    finally:
        conn.execute("DELETE FROM temp.incoming")
    plan = Plan(MergeCounts(), [], [], [], [], [])
    counts = plan.counts
    for entry in bundle.entries:
        found = held.get(entry.id)
        tomb = tombs.get(entry.id)
        if found is None and (tomb is None or entry.revision > tomb):
            counts.new += 1
            plan.entries.append(entry)
            if tomb is not None:
                plan.untombstone.append(entry.id)
        elif found is not None and entry.revision > found[0]:
            if entry.id in gone:
                counts.restored += 1
            else:
                counts.updated += 1
            plan.replace.append(found[1])
            plan.entries.append(entry)
        else:
            counts.unchanged += 1
            if entry.revision < (found[0] if found else tomb or 0):
                counts.older += 1
    for deletion in bundle.deletions:
        found = held.get(deletion.id)
        known = found[0] if found else tombs.get(deletion.id)
        if known is None or deletion.revision > known:
            if found is not None and deletion.id not in gone:
                counts.deleted += 1
            else:
                counts.unchanged += 1  # recorded, but no evidence held here changes
            plan.deletions.append((deletion, found[1] if found else None))
        else:
            counts.unchanged += 1
            if deletion.revision < known:
                counts.older += 1
    if bundle.attachments:
        have = {
            (r[0], r[1], r[2])
            for r in conn.execute("SELECT entry_id, sha256, name FROM attachments")
        }
        applied = {e.id for e in plan.entries} | {i for i, (_, seq) in held.items() if seq}
        deleted = {d.id for d, _ in plan.deletions}
        for a in bundle.attachments:
            if (a.entry_id, a.sha256, a.name) not in have and a.entry_id in applied - deleted:
                counts.attachments += 1
                plan.attachments.append(a)
    return plan


def _store_blobs(store: Store, bundle: Bundle) -> None:
    import os
    import tempfile

    from svtool.attachments import blob_path, folder_for
    from svtool.paths import make_private_dir

    for sha, data in bundle.blobs.items():
        target = blob_path(store.path, sha)
        if target.exists():
            continue
        make_private_dir(target.parent)
        fd, name = tempfile.mkstemp(dir=folder_for(store.path), prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            Path(name).chmod(0o600)
            Path(name).replace(target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


def _apply(store: Store, bundle: Bundle, file_name: str, plan: Plan) -> None:
    import json

    from svtool.store import BOOL_FIELDS, ENTRY_COLUMNS, LINK_TABLES, LIST_FIELDS

    if not (plan.entries or plan.deletions or plan.attachments):
        return
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
    if plan.replace:  # link rows go with their entry (ON DELETE CASCADE)
        conn.executemany("DELETE FROM entries WHERE seq = ?", [(s,) for s in plan.replace])
    if plan.untombstone:
        conn.executemany(
            "DELETE FROM tombstones WHERE entry_id = ?", [(i,) for i in plan.untombstone]
        )
    base = int(conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0])
    columns: tuple[str, ...] = ("seq", *ENTRY_COLUMNS)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    # No scan is recorded: a bundle's manifest saying it was redacted by this detector is the
    # sender's word, not a scan (and text redacted once can read differently to a later list),
    # so reports and exports at head office scan imported text themselves when they need to.
    rows = []
    snapshots = []
    links: dict[str, list[tuple[int, str]]] = {table: [] for table, _, _ in LINK_TABLES}
    for offset, entry in enumerate(plan.entries, 1):
        seq = base + offset
        data = entry.as_json()
        snapshots.append(
            (entry.id, entry.revision, data["revised_at"] or data["logged_at"], dumps(data))
        )
        row = dict(data)
        for name in LIST_FIELDS:
            row[name] = dumps(row[name])
        for name in BOOL_FIELDS:
            if row[name] is not None:
                row[name] = int(row[name])
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
        "INSERT OR REPLACE INTO entry_revisions (entry_id, revision, revised_at, change, reason, "
        "data) VALUES (?, ?, ?, 'imported', NULL, ?)",
        snapshots,
    )
    _apply_deletions(store, plan, manifest.bundle_id)
    conn.executemany(
        "INSERT OR REPLACE INTO entry_origins (entry_id, revision, bundle_id) VALUES (?, ?, ?)",
        [(e.id, e.revision, manifest.bundle_id) for e in plan.entries]
        + [(d.id, d.revision, manifest.bundle_id) for d, seq in plan.deletions if seq],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO attachments (entry_id, sha256, name, size, media_type, attached_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (a.entry_id, a.sha256, a.name, a.size, a.media_type, a.attached_at)
            for a in plan.attachments
        ],
    )


def _apply_deletions(store: Store, plan: Plan, bundle_id: str) -> None:
    import json

    from svtool.store import ENTRY_COLUMNS

    conn = store.conn
    for d, seq in plan.deletions:
        if seq is None:
            conn.execute(
                "INSERT OR REPLACE INTO tombstones (entry_id, revision, deleted_at, reason, "
                "bundle_id) VALUES (?, ?, ?, ?, ?)",
                [d.id, d.revision, d.deleted_at, d.reason, bundle_id],
            )
            continue
        conn.execute(
            "UPDATE entries SET revision = ?, revised_at = ?, deleted_at = ?, deletion_reason = ? "
            "WHERE seq = ?",
            [d.revision, d.deleted_at, d.deleted_at, d.reason, seq],
        )
        row = conn.execute(
            f"SELECT {','.join(ENTRY_COLUMNS)} FROM entries WHERE seq = ?", [seq]
        ).fetchone()
        from svtool.store import row_to_json

        conn.execute(
            "INSERT OR REPLACE INTO entry_revisions (entry_id, revision, revised_at, change, "
            "reason, data) VALUES (?, ?, ?, 'deleted', ?, ?)",
            [
                d.id,
                d.revision,
                d.deleted_at,
                d.reason,
                json.dumps(row_to_json(row), ensure_ascii=False),
            ],
        )
