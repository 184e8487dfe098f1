"""Sending evidence to head office and taking it in: bundles, CSV safety, age encryption, merging.

- `bundle`: the bundle format (a zip with manifest.json, entries.jsonl, entries.csv) and its checks.
- `csvsafe`: CSV that spreadsheets cannot run as formulas.
- `crypto`: age encryption to head office's public key (pyrage), identity files.
- `export`: choosing entries, writing bundles and plain files; with `outgoing` (the entries read
  in one pass), `writer` (the zip) and `sent` (the record of what each export carried, for
  `--new`).
- `redaction`: personal data replaced by placeholders on the way out.
- `merge` and `records`: verifying and merging bundles into a store.

Importing this package imports nothing heavy; each module loads pydantic, pyrage or zipfile itself.
"""

from __future__ import annotations
