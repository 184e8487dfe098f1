"""Writing a bundle: members are streamed into the zip in chunks while their checksums are taken,
and manifest.json (which lists them) is written last. The zip goes to any seekable binary file:
the destination's temporary file, or memory when it is to be encrypted.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from svtool.errors import SvtoolError
from svtool.exchange.bundle import (
    ATTACHMENTS,
    CSV,
    ENTRIES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    FileInfo,
    Manifest,
    Reporter,
    Selection,
)

_CHUNK = 1024 * 1024
LEVEL = 1  # fastest deflate: text still shrinks about 4:1


def zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    from datetime import datetime

    t = datetime.fromisoformat(created_at)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)


class BundleWriter:
    def __init__(self, out: IO[bytes], created_at: str) -> None:
        self.zf = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.stamp = zip_time(created_at)
        self.files: dict[str, FileInfo] = {}

    def _info(self, name: str, compress: bool = True) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        # ZipFile(compresslevel=) does not reach members opened for writing by ZipInfo.
        level_attribute = "compress_level" if hasattr(info, "compress_level") else "_compresslevel"
        setattr(info, level_attribute, LEVEL)  # Python 3.13 renamed it
        info.external_attr = 0o100600 << 16
        return info

    def member(self, name: str, chunks: Iterable[bytes], compress: bool = True) -> FileInfo:
        """Compression and hashing (which release the GIL) run in a second thread while the
        caller's generator makes the next chunk."""
        digest = hashlib.sha256()
        size = 0
        pending: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        failed: list[BaseException] = []

        def consume() -> None:
            ended = False
            try:
                with self.zf.open(self._info(name, compress), "w") as f:
                    while (chunk := pending.get()) is not None:
                        digest.update(chunk)
                        f.write(chunk)
                    ended = True
            except BaseException as e:  # re-raised by the caller
                failed.append(e)
                while not ended and pending.get() is not None:  # let the producer finish
                    pass

        worker = threading.Thread(target=consume, name=f"zip {name}", daemon=True)
        worker.start()
        try:
            for chunk in chunks:
                if failed:
                    break
                if chunk:
                    size += len(chunk)
                    pending.put(chunk)
        finally:
            pending.put(None)
            worker.join()
        if failed:
            raise failed[0]
        info = FileInfo(sha256=digest.hexdigest(), size=size)
        self.files[name] = info
        return info

    def attachment(self, sha256: str, source: Path, expected_size: int) -> None:
        """Copy a stored document in, checking it is still the file that was attached."""

        def chunks() -> Iterable[bytes]:
            with source.open("rb") as f:
                while chunk := f.read(_CHUNK):
                    yield chunk

        try:
            info = self.member(ATTACHMENTS + sha256, chunks(), compress=False)
        except FileNotFoundError:
            raise SvtoolError(
                f"The stored copy of attachment {sha256[:12]}… is missing from {source.parent}; "
                "nothing was written",
                hint="Restore a backup, or run `svtool doctor`.",
            ) from None
        if info.sha256 != sha256 or info.size != expected_size:
            raise SvtoolError(
                f"The stored copy of attachment {sha256[:12]}… is damaged (its checksum differs); "
                "nothing was written",
                hint="Restore a backup.",
            )

    def finish(
        self,
        *,
        bundle_id: str,
        created_at: str,
        reporter: dict[str, str] | None,
        selection: Selection,
        redaction: dict[str, Any] | None,
        counts: tuple[int, int, int],
    ) -> Manifest:
        """`counts`: the entries, deletions and attachment records written in entries.jsonl."""
        from svtool import __version__
        from svtool.checklist import CHECKLIST_VERSION

        manifest = Manifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            bundle_id=bundle_id,
            svtool_version=__version__,
            checklist_version=CHECKLIST_VERSION,
            created_at=created_at,
            reporter=Reporter(**reporter) if reporter else None,
            entry_count=counts[0],
            deletion_count=counts[1],
            attachment_count=counts[2],
            selection=selection,
            redaction=redaction,
            files=dict(self.files),
        )
        import json

        text = json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        self.zf.writestr(self._info(MANIFEST), text.encode("utf-8"))
        self.zf.close()
        return manifest


__all__ = ["CSV", "ENTRIES", "BundleWriter", "zip_time"]
