"""Exporting: choose the entries, build a bundle (or a plain CSV/JSONL), encrypt, write, record.

An encrypted export is built and encrypted in memory and only the ciphertext is written (temporary
file in the destination folder, fsync, rename, mode 0600), so no plaintext bundle touches disk.
Each bundle export is recorded in the store (`exports`, `export_items`) once the file is written,
which is what `--new` uses: an entry is new if no earlier bundle carried that id at that revision.

Redaction (issue 5) plugs in as a `Redactor`: it receives the selected rows and returns rows
with every free-text field (`TEXT_FIELDS`) transformed, plus the manifest's `redaction` object.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svtool.errors import BadInput, Problem

if TYPE_CHECKING:
    from svtool.exchange.bundle import Manifest, Selection
    from svtool.exchange.crypto import Recipient
    from svtool.store import EntryFilter, Store

FORMATS = ("bundle", "csv", "jsonl")
TEXT_FIELDS = ("summary", "details", "tags", "outcome")
Redactor = Callable[[list[dict[str, Any]]], tuple[list[dict[str, Any]], dict[str, Any]]]

_NEW_ONLY = " AND NOT EXISTS (SELECT 1 FROM export_items x WHERE x.entry_id = e.id AND x.revision = e.revision)"


@dataclass
class ExportResult:
    path: Path
    format: str
    count: int
    bundle_id: str | None
    fingerprint: str | None
    manifest: Manifest | None


def select_rows(store: Store, flt: EntryFilter, *, new_only: bool) -> list[dict[str, Any]]:
    """The entries to export as JSON-ready dicts, oldest first (read as tuples: much faster)."""
    import json

    from svtool.store import BOOL_FIELDS, ENTRY_COLUMNS, LIST_FIELDS

    where, params = flt.where()
    if new_only:
        where += _NEW_ONLY
    sql = f"SELECT {','.join(ENTRY_COLUMNS)} FROM entries e WHERE {where} ORDER BY e.occurred_on, e.seq"
    cursor = store.conn.cursor()
    cursor.row_factory = None
    loads = json.loads
    rows = []
    for values in cursor.execute(sql, params):
        row = dict(zip(ENTRY_COLUMNS, values, strict=True))
        for name in LIST_FIELDS:
            row[name] = loads(row[name])
        for name in BOOL_FIELDS:
            if row[name] is not None:
                row[name] = bool(row[name])
        rows.append(row)
    return rows


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "all"


def default_path(folder: Path, label: str, fmt: str, encrypted: bool, today: str) -> Path:
    """E.g. svtool-kent-2025-11-29.zip(.age); never an existing file's name."""
    suffix = {"bundle": ".zip", "csv": ".csv", "jsonl": ".jsonl"}[fmt] + (
        ".age" if encrypted else ""
    )
    stem = f"svtool-{slug(label)}-{today}"
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def check_output(path: Path) -> None:
    if path.is_dir():
        raise BadInput(Problem("--output", f"{path} is a folder; give a file name"))
    if not path.parent.exists():
        raise BadInput(Problem("--output", f"the folder {path.parent} does not exist"))


def export(
    store: Store,
    *,
    flt: EntryFilter,
    selection: Selection,
    fmt: str,
    output: Path,
    recipient: Recipient | None,
    reporter: dict[str, str] | None,
    redactor: Redactor | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the export. The caller has checked `output`; an empty selection writes nothing."""
    from svtool.exchange import gc_paused

    with gc_paused():
        return _export(store, flt, selection, fmt, output, recipient, reporter, redactor, now)


def _export(
    store: Store,
    flt: EntryFilter,
    selection: Selection,
    fmt: str,
    output: Path,
    recipient: Recipient | None,
    reporter: dict[str, str] | None,
    redactor: Redactor | None,
    now: datetime | None,
) -> ExportResult:
    from svtool.config import write_private_atomic
    from svtool.exchange import bundle
    from svtool.exchange.csvsafe import entries_csv

    rows = select_rows(store, flt, new_only=selection.new_only)
    if not rows:
        return ExportResult(output, fmt, 0, None, None, None)
    redaction = None
    if redactor is not None:
        rows, redaction = redactor(rows)
    created = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    bundle_id: str | None = None
    manifest = None
    if fmt == "bundle":
        bundle_id = str(uuid.uuid4())
        data, manifest = bundle.build(
            rows,
            bundle_id=bundle_id,
            created_at=created,
            reporter=reporter,
            selection=selection,
            redaction=redaction,
        )
    elif fmt == "csv":
        data = entries_csv(rows).encode("utf-8")
    else:
        data = bundle.entries_jsonl(rows)
    if recipient is not None:
        from svtool.exchange.crypto import encrypt

        data = encrypt(data, recipient)
    write_private_atomic(output, data)
    fingerprint = recipient.fingerprint if recipient else None
    if bundle_id is not None:
        _record(store, bundle_id, created, output, rows, selection.new_only, fingerprint)
    return ExportResult(output, fmt, len(rows), bundle_id, fingerprint, manifest)


def _record(
    store: Store,
    bundle_id: str,
    created: str,
    path: Path,
    rows: list[dict[str, Any]],
    new_only: bool,
    fingerprint: str | None,
) -> None:
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO exports (bundle_id, created_at, path, format, entry_count, new_only, "
            "recipient_fingerprint) VALUES (?, ?, ?, 'bundle', ?, ?, ?)",
            [bundle_id, created, str(path.resolve()), len(rows), int(new_only), fingerprint],
        )
        seq = cur.lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO export_items (entry_id, revision, export_seq) VALUES (?, ?, ?)",
            [(r["id"], r["revision"], seq) for r in rows],
        )
