"""Documented dataclass fields for the report context (the template authors' contract)."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def doc(help: str, **kwargs: Any) -> Any:
    """A dataclass field with its documentation (datasette's `metadata={"help": ...}`)."""
    return field(metadata={"help": help}, **kwargs)
