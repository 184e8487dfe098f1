"""Writing a report file: private (0600 on POSIX) and atomic, so it is never seen half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path` in one step.

    mkstemp creates the file readable only by its owner; an existing report is replaced whole,
    and a failure part-way leaves any earlier file as it was.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
