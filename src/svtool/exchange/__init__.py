"""Sending evidence to head office and taking it in: bundles, CSV safety, age encryption, merging.

- `bundle`: the bundle format (a zip with manifest.json, entries.jsonl, entries.csv) and its checks.
- `csvsafe`: CSV that spreadsheets cannot run as formulas.
- `crypto`: age encryption to head office's public key (pyrage), identity files.
- `export`: choosing entries, writing bundles and plain files, recording what was sent.
- `merge`: verifying and merging bundles into a store.

Importing this package imports nothing heavy; each module loads pydantic, pyrage or zipfile itself.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk work creates hundreds of thousands of small objects and no cycles: pause the cyclic GC,
    which would otherwise rescan them again and again (about a third of an export's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
