"""Bulk work (exports, imports, reports on a big store) makes hundreds of thousands of small
objects that live until the work is done and form no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, which would otherwise walk those objects again and
    again and find nothing to free (a third of an export's time); reference counting still frees
    memory as usual. Usable as a decorator too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
