"""`svtool report`: summaries for one authority or across authorities (filled in by the reports work)."""

from __future__ import annotations

from svtool.cli import app  # noqa: F401
