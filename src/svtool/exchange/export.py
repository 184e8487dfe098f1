"""Exporting: choose the entries, build a bundle (or a plain CSV/JSONL), encrypt, write, record.

Bundles and plain files are redacted by default (`exchange.redaction`); `redact=False` is for an
encrypted export the rep has confirmed, and the manifest says so. A bundle also carries the
deletions of the selected entries (tombstones, no text) and the documents attached to the
entries it carries; plain files carry entries only.

A bundle is streamed into the zip (members in chunks, checksums taken on the way). An unencrypted
one goes straight into a temporary file in the destination folder; an encrypted one is built in
memory and only the ciphertext is written (temporary file, fsync, rename, mode 0600), so no
plaintext bundle touches disk. Each bundle export is recorded in the store (`exports`,
`export_items`, `export_attachments`) once the file is written, which is what `--new` uses: an
entry or deletion is new if no earlier bundle carried that id at that revision, or if the entry
has an attachment no earlier bundle carried.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from svtool.errors import BadInput, Problem

if TYPE_CHECKING:
    from svtool.exchange.bundle import Manifest, Selection
    from svtool.exchange.crypto import Recipient
    from svtool.store import EntryFilter, Store

FORMATS = ("bundle", "csv", "jsonl")
CHUNK_ROWS = 2_000

_EXPORTED = (
    "EXISTS (SELECT 1 FROM export_items x WHERE x.entry_id = e.id AND x.revision = e.revision)"
)
_UNSENT_ATTACHMENT = (
    "EXISTS (SELECT 1 FROM attachments a WHERE a.entry_id = e.id AND NOT EXISTS "
    "(SELECT 1 FROM export_attachments y WHERE y.entry_id = a.entry_id AND y.sha256 = a.sha256 "
    "AND y.name = a.name))"
)


@dataclass
class ExportResult:
    path: Path
    format: str
    count: int
    bundle_id: str | None
    fingerprint: str | None
    manifest: Manifest | None
    deletions: int = 0
    attachments: int = 0
    redaction: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)


def select_rows(store: Store, flt: EntryFilter, *, new_only: bool) -> list[dict[str, Any]]:
    """The entries to export as JSON-ready dicts (plus `seq` and `pii_scan`), oldest first."""
    import json

    from svtool.store import BOOL_FIELDS, ENTRY_COLUMNS, LIST_FIELDS

    where, params = flt.where()
    if new_only:
        where += f" AND (NOT {_EXPORTED} OR {_UNSENT_ATTACHMENT})"
    columns = (*ENTRY_COLUMNS, "seq", "pii_scan")
    sql = f"SELECT {','.join('e.' + c for c in columns)} FROM entries e WHERE {where} ORDER BY e.occurred_on, e.seq"
    cursor = store.conn.cursor()
    cursor.row_factory = None
    loads = json.loads
    rows = []
    lists = list(LIST_FIELDS)
    bools = list(BOOL_FIELDS)
    parsed: dict[str, list[str]] = {}  # few distinct lists: parse each once (never mutated)
    for values in cursor.execute(sql, params):
        row = dict(zip(columns, values, strict=True))
        for name in lists:
            text = row[name]
            value = parsed.get(text)
            if value is None:
                value = parsed[text] = loads(text)
            row[name] = value
        for name in bools:
            if row[name] is not None:
                row[name] = bool(row[name])
        rows.append(row)
    return rows


def select_deletions(store: Store, flt: EntryFilter, *, new_only: bool) -> list[dict[str, Any]]:
    """Deleted entries matching the filter (by their own authority and date), as tombstones."""
    where, params = replace(flt, include_deleted=True).where()
    where += " AND e.deleted_at IS NOT NULL"
    if new_only:
        where += f" AND NOT {_EXPORTED}"
    sql = (
        "SELECT e.id, e.revision, e.deleted_at, e.deletion_reason FROM entries e "
        f"WHERE {where} ORDER BY e.deleted_at, e.seq"
    )
    return [
        {"kind": "deletion", "id": r[0], "revision": r[1], "deleted_at": r[2], "reason": r[3]}
        for r in store.conn.execute(sql, params)
    ]


def select_attachments(store: Store, ids: set[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = store.conn.execute(
        "SELECT entry_id, sha256, name, size, media_type, attached_at FROM attachments "
        "ORDER BY attached_at, entry_id, name"
    ).fetchall()
    return [
        {
            "kind": "attachment",
            "entry_id": r[0],
            "sha256": r[1],
            "name": r[2],
            "size": r[3],
            "media_type": r[4],
            "attached_at": r[5],
        }
        for r in rows
        if r[0] in ids
    ]


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


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[IO[bytes]]:
    """A new file mode 0600 that appears at `path` complete (fsync, rename) or not at all."""
    import tempfile

    from svtool.paths import make_private_dir

    make_private_dir(path.parent)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def export(
    store: Store,
    *,
    flt: EntryFilter,
    selection: Selection,
    fmt: str,
    output: Path,
    recipient: Recipient | None,
    reporter: dict[str, str] | None,
    redact: bool = True,
    now: datetime | None = None,
) -> ExportResult:
    """Write the export. The caller has checked `output` and that an unredacted export is
    encrypted and confirmed; an empty selection writes nothing."""
    from svtool.exchange import gc_paused

    if not redact and recipient is None:
        raise BadInput(Problem("--no-redact", "needs encryption to head office (--recipient)"))
    with gc_paused():
        return _export(store, flt, selection, fmt, output, recipient, reporter, redact, now)


def _export(
    store: Store,
    flt: EntryFilter,
    selection: Selection,
    fmt: str,
    output: Path,
    recipient: Recipient | None,
    reporter: dict[str, str] | None,
    redact: bool,
    now: datetime | None,
) -> ExportResult:
    from time import perf_counter

    from svtool.exchange.redaction import Redaction

    clock = perf_counter()
    timings: dict[str, float] = {}
    rows = select_rows(store, flt, new_only=selection.new_only)
    deletions = select_deletions(store, flt, new_only=selection.new_only) if fmt == "bundle" else []
    attachments = select_attachments(store, {r["id"] for r in rows}) if fmt == "bundle" else []
    timings["select"] = perf_counter() - clock
    if not rows and not deletions:
        return ExportResult(output, fmt, 0, None, None, None)
    red = Redaction(redact)
    if redact:
        red.rows(rows)
        for d in deletions:
            d["reason"] = red.text(d["reason"])
    else:
        for row in rows:
            del row["seq"], row["pii_scan"]
    sent_attachments = [(a["entry_id"], a["sha256"], a["name"]) for a in attachments]
    if redact:
        for a in attachments:
            a["name"] = red.text(a["name"], keep_suffix=True)
    timings["redact"] = perf_counter() - clock - timings["select"]
    fingerprint = recipient.fingerprint if recipient else None
    redaction = red.manifest(fingerprint)
    created = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    bundle_id: str | None = None
    manifest = None
    with private_file(output) as target:
        import io

        out: IO[bytes] = io.BytesIO() if recipient is not None else target
        if fmt == "bundle":
            bundle_id = str(uuid.uuid4())
            manifest = _write_bundle(
                out, store, rows, deletions, attachments, bundle_id, created, reporter,
                selection, redaction,
            )  # fmt: skip
        elif fmt == "csv":
            from svtool.exchange.csvsafe import entries_csv_chunks

            for text in entries_csv_chunks(rows, CHUNK_ROWS):
                out.write(text.encode("utf-8"))
        else:
            for chunk in jsonl_chunks(rows):
                out.write(chunk)
        if recipient is not None:
            from svtool.exchange.crypto import encrypt

            assert isinstance(out, io.BytesIO)
            target.write(encrypt(out.getvalue(), recipient))
    timings["write"] = perf_counter() - clock - timings["select"] - timings["redact"]
    _record(
        store,
        bundle_id,
        created,
        output,
        rows,
        deletions,
        sent_attachments,
        selection,
        fingerprint,
        red.to_store,
    )
    timings["total"] = perf_counter() - clock
    return ExportResult(
        output, fmt, len(rows), bundle_id, fingerprint, manifest,
        deletions=len(deletions), attachments=len(attachments), redaction=redaction,
        timings=timings,
    )  # fmt: skip


def jsonl_chunks(records: list[dict[str, Any]]) -> Iterator[bytes]:
    import json

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    for start in range(0, len(records), CHUNK_ROWS):
        part = records[start : start + CHUNK_ROWS]
        yield "".join([encode(r) + "\n" for r in part]).encode("utf-8")


def _write_bundle(
    out: IO[bytes],
    store: Store,
    rows: list[dict[str, Any]],
    deletions: list[dict[str, Any]],
    attachments: list[dict[str, Any]],
    bundle_id: str,
    created: str,
    reporter: dict[str, str] | None,
    selection: Selection,
    redaction: dict[str, Any],
) -> Manifest:
    from svtool.attachments import blob_path
    from svtool.exchange.bundle import CSV, ENTRIES
    from svtool.exchange.csvsafe import entries_csv_chunks
    from svtool.exchange.writer import BundleWriter

    writer = BundleWriter(out, created)
    records: list[dict[str, Any]] = [*rows, *deletions, *attachments]
    writer.member(ENTRIES, jsonl_chunks(records))
    writer.member(CSV, (c.encode("utf-8") for c in entries_csv_chunks(rows, CHUNK_ROWS)))
    done: set[str] = set()
    for a in attachments:
        if a["sha256"] not in done:
            writer.attachment(a["sha256"], blob_path(store.path, a["sha256"]), a["size"])
            done.add(a["sha256"])
    return writer.finish(
        bundle_id=bundle_id,
        created_at=created,
        reporter=reporter,
        selection=selection,
        redaction=redaction,
        lines=len(records),
    )


def _record(
    store: Store,
    bundle_id: str | None,
    created: str,
    path: Path,
    rows: list[dict[str, Any]],
    deletions: list[dict[str, Any]],
    attachments: list[tuple[str, str, str]],
    selection: Selection,
    fingerprint: str | None,
    scans: list[tuple[str, int]],
) -> None:
    """What the bundle carried (for --new), and the scans made now (so the next export is quick)."""
    if bundle_id is None and not scans:
        return
    with store.write() as conn:
        if scans:
            conn.executemany("UPDATE entries SET pii_scan = ? WHERE seq = ?", scans)
        if bundle_id is None:
            return
        cur = conn.execute(
            "INSERT INTO exports (bundle_id, created_at, path, format, entry_count, new_only, "
            "recipient_fingerprint) VALUES (?, ?, ?, 'bundle', ?, ?, ?)",
            [
                bundle_id,
                created,
                str(path.resolve()),
                len(rows),
                int(selection.new_only),
                fingerprint,
            ],
        )
        seq = cur.lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO export_items (entry_id, revision, export_seq) VALUES (?, ?, ?)",
            [(r["id"], r["revision"], seq) for r in (*rows, *deletions)],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO export_attachments (entry_id, sha256, name, export_seq) "
            "VALUES (?, ?, ?, ?)",
            [(*a, seq) for a in attachments],
        )
