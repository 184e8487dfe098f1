"""Helpers shared by the exchange tests: reading bundles and building altered ones by hand."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

MemberList = list[tuple[str | zipfile.ZipInfo, bytes]]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def entries_in(data: bytes) -> list[dict[str, Any]]:
    """The entries of an entries.jsonl, as `svtool show --json` prints them (without `kind`)."""
    found = []
    for record in jsonl(data):
        if record.pop("kind", "entry") == "entry":
            found.append(record)
    return found


def entry_line(entry: dict[str, Any]) -> str:
    """An entry as a bundle's entries.jsonl line (format version 2)."""
    return json.dumps({"kind": "entry", **entry})


def count_records(manifest: dict[str, Any], entries: bytes) -> None:
    """Set the manifest's counts to what `entries` holds, as its format version counts them."""
    lines = [json.loads(x) for x in entries.decode("utf-8", "replace").splitlines() if x.strip()]
    if manifest.get("format_version") == 1:
        manifest["entry_count"] = len(lines)
        return

    def kind(x: Any) -> Any:
        return x.get("kind") if isinstance(x, dict) else None

    manifest["entry_count"] = sum(kind(x) == "entry" for x in lines)
    manifest["deletion_count"] = sum(kind(x) == "deletion" for x in lines)
    manifest["attachment_count"] = sum(kind(x) == "attachment" for x in lines)


def write_zip(path: Path, items: MemberList) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            zf.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def rebuild(
    source: Path,
    target: Path,
    *,
    lines: list[str] | None = None,
    manifest_changes: dict[str, Any] | None = None,
    extra: MemberList | None = None,
) -> Path:
    """A bundle like `source` with other entries.jsonl lines, but with correct checksums and count."""
    got = members(source)
    manifest = json.loads(got["manifest.json"])
    entries = got["entries.jsonl"] if lines is None else "".join(x + "\n" for x in lines).encode()
    manifest["files"]["entries.jsonl"] = {
        "sha256": hashlib.sha256(entries).hexdigest(),
        "size": len(entries),
    }
    try:
        count_records(manifest, entries)
    except ValueError:  # lines that are not JSON: the count is not what is being tested
        manifest["entry_count"] = len(entries.decode().splitlines())
    manifest.update(manifest_changes or {})
    items: MemberList = [
        ("manifest.json", json.dumps(manifest).encode()),
        ("entries.jsonl", entries),
        ("entries.csv", got["entries.csv"]),
    ]
    return write_zip(target, items + (extra or []))


def db_rows(db: Path, table: str = "entries") -> list[dict[str, Any]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if table not in known:
            return []
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table}")]
    finally:
        conn.close()


def unredacted(svtool: Any, tmp_path: Path, out: Path, *args: str) -> Path:
    """An export with --no-redact (which must be encrypted), decrypted to `out` for inspection."""
    import pyrage

    key = tmp_path / "unredacted.key"
    if not key.exists():
        made = svtool("keygen", "--output", str(key))
        assert made.exit_code == 0, made.output
    secret = next(x for x in key.read_text().splitlines() if x.startswith("AGE-SECRET-KEY-"))
    identity = pyrage.x25519.Identity.from_str(secret)
    public = str(identity.to_public())
    encrypted = out.with_name(out.name + ".age")
    result = svtool(
        "export", "--output", str(encrypted), "--recipient", public, "--no-redact", "--yes", *args
    )
    assert result.exit_code == 0, result.output
    out.write_bytes(pyrage.decrypt(encrypted.read_bytes(), [identity]))
    return out
