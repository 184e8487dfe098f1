"""Recording what an export carried, which is what `export --new` relies on.

The record (a row in `exports`, one in `export_items` per entry and deletion, one in
`export_attachments` per document) and the personal-data scans made on the way are written by a
second thread on its own connection while the bundle is still being finished, in one transaction
that is committed only once the file is in place and rolled back if it never is. On a big store
that hides the record's half second behind the compression of the CSV.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from svtool.exchange.bundle import Selection
    from svtool.store import Store


@dataclass
class Carried:
    bundle_id: str | None  # None for plain CSV/JSONL files: only the scans are kept
    created: str
    path: Path
    keys: list[tuple[str, int]]
    deletions: list[dict[str, Any]]
    attachments: list[tuple[str, str, str]]  # (entry_id, sha256, name) as stored
    selection: Selection
    fingerprint: str | None
    scans: list[tuple[str, int]]  # (pii_scan, seq)


class Recording:
    """`start()` begins writing; then exactly one of `commit()` or `abandon()`."""

    def __init__(self, db: Path, carried: Carried) -> None:
        self._db = db
        self._carried = carried
        self._verdict = threading.Event()
        self._keep = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="export record", daemon=True)

    def start(self) -> Recording:
        self._thread.start()
        return self

    def commit(self) -> None:
        """Keep the record (the file is in place); raise what went wrong writing it, if anything."""
        self._keep = True
        self._verdict.set()
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        self._verdict.set()
        self._thread.join()

    def _run(self) -> None:
        from svtool.store import Store

        try:
            carried = self._carried
            if carried.bundle_id is None and not carried.scans:
                return
            with Store(self._db) as store:
                conn = store.conn
                conn.execute("BEGIN IMMEDIATE")
                try:
                    _write(store, carried)
                    self._verdict.wait()
                finally:
                    conn.execute("COMMIT" if self._keep else "ROLLBACK")
        except BaseException as e:  # handed to commit()
            self._error = e


def _write(store: Store, carried: Carried) -> None:
    conn = store.conn
    if carried.scans:
        # A scan is only ever used for the exact text it was made of, so one made of text that
        # has been edited meanwhile is harmless: it is simply made again next time.
        conn.executemany("UPDATE entries SET pii_scan = ? WHERE seq = ?", carried.scans)
    if carried.bundle_id is None:
        return
    cur = conn.execute(
        "INSERT INTO exports (bundle_id, created_at, path, format, entry_count, new_only, "
        "recipient_fingerprint) VALUES (?, ?, ?, 'bundle', ?, ?, ?)",
        [
            carried.bundle_id,
            carried.created,
            str(carried.path.resolve()),
            len(carried.keys),
            int(carried.selection.new_only),
            carried.fingerprint,
        ],
    )
    seq = cur.lastrowid
    items = [(i, r, seq) for i, r in carried.keys]
    items += [(d["id"], d["revision"], seq) for d in carried.deletions]
    items.sort()  # in key order: about twice as quick as the export's order on a big store
    conn.executemany(
        "INSERT OR IGNORE INTO export_items (entry_id, revision, export_seq) VALUES (?, ?, ?)",
        items,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO export_attachments (entry_id, sha256, name, export_seq) "
        "VALUES (?, ?, ?, ?)",
        [(*a, seq) for a in carried.attachments],
    )
