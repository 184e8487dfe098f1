"""Attachments: the documents that prove a point (the plan, minutes, a letter).

Each file is copied into a folder beside the database and named by its sha256, so the same
document attached twice is stored once and can be verified byte for byte after any journey.
The database records, per entry, the original name, size and type.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from svtool.dates import iso_utc, utc_now
from svtool.errors import BadInput, NotFound, Problem, SvtoolError
from svtool.paths import attachment_path as blob_path
from svtool.paths import attachments_folder as folder_for
from svtool.paths import make_private_dir
from svtool.store import Attachment, record_attachment

if TYPE_CHECKING:
    from svtool.store import Store

__all__ = ["Attachment", "blob_path", "folder_for"]

DEFAULT_MAX_MB = 25
TEXT_SUFFIXES = {".txt", ".md", ".csv"}
_CHUNK = 1024 * 1024


def max_bytes(settings: dict[str, str] | None = None) -> int:
    value = (settings or {}).get("attachment_max_mb")
    return int(float(value) * 1024 * 1024) if value else DEFAULT_MAX_MB * 1024 * 1024


def check_files(paths: list[Path], limit: int, option: str = "--attach") -> None:
    """Every problem with the files at once, before anything is copied or written."""
    problems = []
    for path in paths:
        if not path.exists():
            problems.append(Problem(option, f"{path} does not exist"))
        elif not path.is_file():
            problems.append(Problem(option, f"{path} is not a file"))
        elif path.stat().st_size > limit:
            size_mb = path.stat().st_size / (1024 * 1024)
            problems.append(
                Problem(
                    option,
                    f"{path.name} is {size_mb:.1f} MB, over the limit of {limit / (1024 * 1024):.0f} MB "
                    "(svtool config set attachment_max_mb N raises it)",
                )
            )
    if problems:
        raise BadInput(problems)


def store_file(db: Path, source: Path) -> tuple[str, int]:
    """Copy a file into the attachments folder (atomically, privately); return its sha256 and size."""
    folder = folder_for(db)
    make_private_dir(folder)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(db, sha)
        make_private_dir(target.parent)
        if target.exists():
            tmp.unlink()
        else:
            tmp.chmod(0o600)
            tmp.replace(target)
    except OSError as e:
        if tmp.exists():
            tmp.unlink()
        raise SvtoolError(
            f"Could not copy {source} into the attachments folder: {e.strerror or e}"
        ) from e
    return sha, size


def media_type(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def attach(store: Store, entry_id: str, files: list[Path], limit: int) -> list[Attachment]:
    """Copy the files in, then record them against the entry in one transaction.

    Returns the attachments newly recorded; a document already attached under the same name is
    left as it was (and not returned).
    """
    check_files(files, limit, option="FILE")
    row = store.get_row(entry_id)
    stored = [(path, *store_file(store.path, path)) for path in files]
    now = iso_utc(utc_now())
    result = []
    with store.write():
        for path, sha, size in stored:
            attachment = Attachment(row["id"], sha, path.name, size, media_type(path.name), now)
            if record(store, attachment):
                result.append(attachment)
    return result


def record(store: Store, attachment: Attachment) -> bool:
    """Inside a transaction: one row per (entry, document, name); False if it was already there."""
    return record_attachment(store.conn, attachment)


def for_entry(store: Store, entry_id: str) -> list[Attachment]:
    rows = store.conn.execute(
        "SELECT entry_id, sha256, name, size, media_type, attached_at FROM attachments "
        "WHERE entry_id = ? ORDER BY attached_at, name",
        [entry_id],
    ).fetchall()
    return [Attachment(*tuple(r)) for r in rows]


def get_copy(store: Store, entry_id: str, name: str | None, output: Path) -> list[Path]:
    """Copy an entry's attachments (or the one named) out, checking each against its sha256."""
    row = store.get_row(entry_id)
    found = for_entry(store, row["id"])
    if name is not None:
        found = [a for a in found if a.name == name or a.sha256.startswith(name)]
    if not found:
        what = f"no attachment called {name!r}" if name else "no attachments"
        raise NotFound(
            f"Entry {row['id'][:8]} has {what}", hint=f"`svtool show {row['id'][:8]}` lists them."
        )
    written = []
    for a in found:
        source = blob_path(store.path, a.sha256)
        if not source.exists():
            raise SvtoolError(
                f"The stored copy of {a.name} is missing from {source.parent}",
                hint="Restore a backup.",
            )
        if _sha256(source) != a.sha256:
            raise SvtoolError(
                f"The stored copy of {a.name} is damaged (its checksum differs)",
                hint="Restore a backup.",
            )
        target = output / a.name if output.is_dir() else output
        if target.exists():
            raise BadInput(Problem("--output", f"{target} already exists; choose another place"))
        shutil.copyfile(source, target)
        target.chmod(0o600)
        written.append(target)
    return written


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def text_of(path: Path) -> str | None:
    """The text of a .txt/.md/.csv attachment, for the personal-data scan; None for other files."""
    if path.suffix.casefold() not in TEXT_SUFFIXES:
        return None
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def copy_in(db: Path, entry_id: str, attached_at: str, files: list[Path]) -> list[Attachment]:
    """Copy the files into the attachments folder; the records to store with the entry."""
    records = []
    for path in files:
        sha, size = store_file(db, path)
        records.append(
            Attachment(entry_id, sha, path.name, size, media_type(path.name), attached_at)
        )
    return records
