"""`svtool export`, `import`, `keygen` and `config` (filled in by the exchange work)."""

from __future__ import annotations

from svtool.cli import app  # noqa: F401
