"""Sending evidence to head office and taking it in: bundles, CSV safety, age encryption, merging.

- `bundle`: the bundle format (a zip with manifest.json, entries.jsonl, entries.csv) and its checks.
- `csvsafe`: CSV that spreadsheets cannot run as formulas.
- `crypto`: age encryption to head office's public key (pyrage), identity files.
- `export`: choosing entries, writing bundles and plain files, recording what was sent.
- `merge`: verifying and merging bundles into a store.

Importing this package imports nothing heavy; each module loads pydantic, pyrage or zipfile itself.
"""
