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

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from svtool.errors import BadInput, Problem

if TYPE_CHECKING:
    from svtool.exchange.bundle import Manifest, Selection
    from svtool.exchange.crypto import Recipient
    from svtool.exchange.outgoing import Outgoing
    from svtool.exchange.sent import Carried
    from svtool.store import EntryFilter, Store

FORMATS = ("bundle", "csv", "jsonl")
CHUNK_ROWS = 2_000  # CSV rows per piece written

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
    # the documents carried (as the rep named them), and text ones in which the detector found
    # possible personal data: left out, or sent as they are when the rep said so
    attachment_names: list[str] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)
    sent_with_personal_data: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Chosen:
    """What the file will carry, and the two calls made while it is written."""

    outgoing: Outgoing
    batches: Iterator[list[bytes]]  # entries.jsonl lines (UTF-8), read as they are consumed
    deletions: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    carried: Carried
    reporter: dict[str, str] | None
    redaction: Callable[[], dict[str, Any]]  # the manifest's account, once everything is read
    all_read: Callable[[], None]  # called once every entry has been read


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


def select_attachments(conn: Any, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """The documents attached to the entries chosen by `where` (CROSS JOIN: read the few
    attachments first, never every entry)."""
    rows = conn.execute(
        "SELECT a.entry_id, a.sha256, a.name, a.size, a.media_type, a.attached_at "
        f"FROM attachments a CROSS JOIN entries e ON e.id = a.entry_id WHERE {where} "
        "ORDER BY a.attached_at, a.entry_id, a.name",
        params,
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
    ]


def check_text_attachments(db: Path, attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text attachments (.txt, .md, .csv) in which the detector and the rep's register find
    possible personal data: {"entry_id", "name", "found": {kind: count}} for each. Documents of
    other kinds cannot be read here and are never redacted."""
    from svtool.attachments import TEXT_SUFFIXES, blob_path
    from svtool.people import active
    from svtool.pii.detector import count_by_kind, find_personal_data

    flagged = []
    for a in attachments:
        if Path(a["name"]).suffix.casefold() not in TEXT_SUFFIXES:
            continue
        try:
            text = blob_path(db, a["sha256"]).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = find_personal_data(text, active()[0])
        if found:
            flagged.append(
                {"entry_id": a["entry_id"], "name": a["name"], "found": count_by_kind(found)}
            )
    return flagged


def parse_format(value: str) -> str:
    """The export format a rep typed, forgivingly: 'CSV', ' csv', '.jsonl' and 'zip' are read."""
    key = value.strip().casefold().lstrip(".")
    key = {"zip": "bundle"}.get(key, key)
    if key not in FORMATS:
        raise BadInput(
            Problem("--format", f"{value!r} is not a format; use one of: {', '.join(FORMATS)}")
        )
    return key


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "all"


def default_path(folder: Path, label: str, fmt: str, encrypted: bool, today: str) -> Path:
    """E.g. svtool-kent-2025-11-29.zip(.age); never an existing file's name."""
    suffix = {"bundle": ".zip", "csv": ".csv", "jsonl": ".jsonl"}[fmt] + (
        ".age" if encrypted else ""
    )
    from svtool.paths import free_name

    return free_name(folder, f"svtool-{slug(label)}-{today}", suffix)


def check_output(path: Path) -> None:
    """An export never replaces a file: the one there may be an earlier bundle not yet sent,
    whose entries `--new` already counts as sent."""
    from svtool.paths import check_new_file

    check_new_file(path)


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
    attachments_as_they_are: bool = False,
) -> ExportResult:
    """Write the export. The caller has checked `output` and that an unredacted export is
    encrypted and confirmed; an empty selection writes nothing. A text attachment in which
    personal data is found is left out of a redacted bundle (and stays unsent for `--new`)
    unless ``attachments_as_they_are``: documents are never redacted."""
    from svtool.bulk import gc_paused

    if not redact and recipient is None:
        raise BadInput(Problem("--no-redact", "needs encryption to head office (--recipient)"))
    with gc_paused():
        return _export(
            store, flt, selection, fmt, output, recipient, reporter, redact, now,
            attachments_as_they_are or not redact,
        )  # fmt: skip


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
    send_flagged: bool,
) -> ExportResult:
    from svtool.exchange.outgoing import read_entries
    from svtool.exchange.redaction import Redaction
    from svtool.exchange.sent import Carried, Recording

    bundle = fmt == "bundle"
    red = Redaction(redact)
    fingerprint = recipient.fingerprint if recipient else None
    where, params = flt.where()
    if selection.new_only:
        where += f" AND (NOT {_EXPORTED} OR {_UNSENT_ATTACHMENT})"
    recording: Recording | None = None
    try:
        with store.reading() as conn:  # the entries, deletions and attachments of one moment
            deletions = select_deletions(store, flt, new_only=selection.new_only) if bundle else []
            attachments = select_attachments(conn, where, params) if bundle else []
            flagged = check_text_attachments(store.path, attachments)
            left_out = [] if send_flagged else flagged
            held = {(f["entry_id"], f["name"]) for f in left_out}
            attachments = [a for a in attachments if (a["entry_id"], a["name"]) not in held]
            names = [a["name"] for a in attachments]
            outgoing, batches = read_entries(
                conn, where, params, red if redact else None,
                lines=fmt != "csv", cells=fmt != "jsonl", kind=bundle,
            )  # fmt: skip
            if outgoing.empty and not deletions:
                return ExportResult(output, fmt, 0, None, None, None)
            carried = Carried(
                bundle_id=str(uuid.uuid4()) if bundle else None,
                created=(now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat(),
                path=output,
                keys=outgoing.keys,
                deletions=deletions,
                attachments=[(a["entry_id"], a["sha256"], a["name"]) for a in attachments],
                selection=selection,
                fingerprint=fingerprint,
                scans=red.to_store,
            )
            if redact:
                for d in deletions:
                    d["reason"] = red.text(d["reason"])
                for a in attachments:
                    a["name"] = red.text(a["name"], keep_suffix=True)

            def all_read() -> None:
                nonlocal recording
                recording = Recording(store.path, carried).start()

            chosen = _Chosen(
                outgoing, batches, deletions, attachments, carried, reporter,
                lambda: red.manifest(fingerprint), all_read,
            )  # fmt: skip
            manifest = _write(store, output, fmt, recipient, chosen)
    except BaseException:
        if recording is not None:
            recording.abandon()
        raise
    assert recording is not None
    recording.commit()
    return ExportResult(
        output, fmt, len(outgoing.keys), carried.bundle_id, fingerprint, manifest,
        deletions=len(deletions), attachments=len(attachments),
        redaction=red.manifest(fingerprint), attachment_names=names, left_out=left_out,
        sent_with_personal_data=flagged if send_flagged else [],
    )  # fmt: skip


def _write(
    store: Store, output: Path, fmt: str, recipient: Recipient | None, chosen: _Chosen
) -> Manifest | None:
    import io

    manifest = None
    from svtool.paths import make_private_dir, private_file

    make_private_dir(output.parent)
    with private_file(output) as target:
        out: IO[bytes] = io.BytesIO() if recipient is not None else target
        if chosen.carried.bundle_id is not None:
            manifest = _write_bundle(out, store, chosen)
        elif fmt == "csv":
            from svtool.exchange.csvsafe import Cells, header, rows_text

            ready = Cells().ready
            out.write(header().encode("utf-8"))
            for _ in chosen.batches:
                out.write(rows_text(ready(chosen.outgoing.cells)).encode("utf-8"))
                chosen.outgoing.cells.clear()
            chosen.all_read()
        else:
            for lines in chosen.batches:
                if lines:
                    out.write(b"\n".join(lines) + b"\n")
            chosen.all_read()
        if recipient is not None:
            from svtool.exchange.crypto import encrypt

            assert isinstance(out, io.BytesIO)
            target.write(encrypt(out.getvalue(), recipient))
    return manifest


def _write_bundle(out: IO[bytes], store: Store, chosen: _Chosen) -> Manifest:
    import json

    from svtool.attachments import blob_path
    from svtool.exchange.bundle import CSV, ENTRIES
    from svtool.exchange.csvsafe import Cells, header, rows_text
    from svtool.exchange.writer import BundleWriter

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    carried, attachments = chosen.carried, chosen.attachments
    assert carried.bundle_id is not None

    def entries_jsonl() -> Iterator[bytes]:
        for lines in chosen.batches:
            if lines:
                yield b"\n".join(lines) + b"\n"
        others = [encode(r) + "\n" for r in (*chosen.deletions, *attachments)]
        yield "".join(others).encode("utf-8")

    def csv_text() -> Iterator[bytes]:
        """From the rows kept while entries.jsonl was written: a zip holds one member at a time."""
        cells, ready = chosen.outgoing.cells, Cells().ready
        yield header().encode("utf-8")
        for first in range(0, len(cells), CHUNK_ROWS):
            yield rows_text(ready(cells[first : first + CHUNK_ROWS])).encode("utf-8")

    writer = BundleWriter(out, carried.created)
    writer.member(ENTRIES, entries_jsonl())  # reads every entry: the database is not needed after
    chosen.all_read()
    writer.member(CSV, csv_text())
    done: set[str] = set()
    for a in attachments:
        if a["sha256"] not in done:
            writer.attachment(a["sha256"], blob_path(store.path, a["sha256"]), a["size"])
            done.add(a["sha256"])
    return writer.finish(
        bundle_id=carried.bundle_id,
        created_at=carried.created,
        reporter=chosen.reporter,
        selection=carried.selection,
        redaction=chosen.redaction(),
        counts=(len(carried.keys), len(chosen.deletions), len(attachments)),
    )
