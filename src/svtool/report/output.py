"""Writing a report file: private (0600 on POSIX) and atomic, so it is never seen half-written."""

from __future__ import annotations

from pathlib import Path

from svtool.paths import replace_private


def write_private(path: Path, content: str | bytes) -> None:
    """An existing report is replaced whole; a failure part-way leaves any earlier file as it was."""
    replace_private(path, content.encode("utf-8") if isinstance(content, str) else content)
