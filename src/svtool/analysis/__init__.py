"""The analyst's side of an svtool database: what head office's SQL, Datasette and pandas see.

- `m008`: the migration that made it (frozen): reference tables, the `evidence` table kept in
  step with `entries` by triggers, its full-text index, and the `evidence_questions` and
  `evidence_strategies` views.
- `reference`: keeps the reference rows (authorities, checklist) in step with svtool's data.
- `schema`: what every analyst table and column means; the documentation and Datasette's
  metadata are made from it.
- `browse`: `svtool browse`, Datasette on the database, read-only, on this computer only.
"""

from __future__ import annotations
