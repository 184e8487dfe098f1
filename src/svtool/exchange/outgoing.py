"""The entries an export carries, read in one pass: SQLite writes each entry's JSON line
(`json_object`, in C) and the CSV cells come from the same row, so an export of 100,000 entries
spends its time compressing rather than converting values in Python.

SQLite hands the line over as UTF-8 bytes (a BLOB), which is what the file holds: decoding 140 MB
into Python strings only to encode them again took a second of a 100,000-entry export.

Redaction happens on the way: an entry whose cached personal-data scan is clean (most of them)
keeps SQLite's line as it is; one with findings is decoded, redacted and encoded again, and its
CSV cells are the stored ones with the redacted text put in. The line SQLite writes is the JSON
Python's encoder would write for the same entry (same keys in the same order, same escapes;
tested), and both parse to exactly the stored values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svtool.exchange.csvsafe import Cells

if TYPE_CHECKING:
    import sqlite3

    from svtool.exchange.redaction import Redaction

CHUNK_ROWS = 2_000


def _json_pair(name: str) -> str:
    from svtool.store import BOOL_FIELDS, LIST_FIELDS

    if name in LIST_FIELDS:
        return f"'{name}', json(e.{name})"
    if name in BOOL_FIELDS:
        return f"'{name}', CASE WHEN e.{name} IS NULL THEN NULL WHEN e.{name} THEN json('true') ELSE json('false') END"
    return f"'{name}', e.{name}"


def _csv_column(name: str) -> str:
    from svtool.store import BOOL_FIELDS

    if name in BOOL_FIELDS:
        return f"CASE WHEN e.{name} IS NULL THEN NULL WHEN e.{name} THEN 'yes' ELSE 'no' END"
    return f"e.{name}"


def entries_sql(where: str, *, lines: bool, kind: bool = False) -> str:
    """Columns: seq, pii_scan, the JSON line as UTF-8 bytes (NULL unless `lines`; led by
    `"kind": "entry"` when `kind`, as bundles write it), then the entry's values in
    `csvsafe.COLUMNS` order as the CSV wants them (flags as yes/no, lists as stored JSON)."""
    from svtool.exchange.csvsafe import NAMES
    from svtool.store import ENTRY_COLUMNS

    pairs = ["'kind', 'entry'"] if kind else []
    pairs += [_json_pair(c) for c in ENTRY_COLUMNS]
    line = f"CAST(json_object({', '.join(pairs)}) AS BLOB)" if lines else "NULL"
    columns = ["e.seq", "e.pii_scan", line, *(_csv_column(name) for name in NAMES)]
    return f"SELECT {', '.join(columns)} FROM entries e WHERE {where} ORDER BY e.occurred_on, e.seq"


@dataclass
class Outgoing:
    """Filled while the batches are consumed: what was carried, for the record and the CSV."""

    keys: list[tuple[str, int]] = field(default_factory=list)  # (id, revision) of every entry
    # CSV rows, when asked for: stored values (tuples) or, for redacted entries, cells (lists);
    # `csvsafe.Cells.ready` makes both into cells.
    cells: list[tuple[Any, ...] | list[Any]] = field(default_factory=list)
    empty: bool = True


def read_entries(
    conn: sqlite3.Connection,
    where: str,
    params: list[Any],
    red: Redaction | None,
    *,
    lines: bool = True,
    cells: bool = True,
    kind: bool = False,
) -> tuple[Outgoing, Iterator[list[bytes]]]:
    """Start the query and return the record it fills and an iterator of batches of JSON lines,
    UTF-8 without line ends (empty batches when `lines` is false; with `"kind": "entry"` when
    `kind`). The first batch is read at once, so an empty selection is known (`empty`) before
    any file is made."""
    cursor = conn.execute(entries_sql(where, lines=lines, kind=kind), params)
    out = Outgoing()
    first = cursor.fetchmany(CHUNK_ROWS)
    out.empty = not first
    return out, _batches(cursor, first, out, red, lines, cells)


def _batches(
    cursor: sqlite3.Cursor,
    first: list[tuple[Any, ...]],
    out: Outgoing,
    red: Redaction | None,
    want_lines: bool,
    want_cells: bool,
) -> Iterator[list[bytes]]:
    from svtool.exchange.csvsafe import NAMES, cell

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    loads = json.loads
    make = Cells()
    keys = out.keys.append
    keep = out.cells.append
    at = {name: 3 + i for i, name in enumerate(NAMES)}
    id_at, revision_at = at["id"], at["revision"]
    summary_at, details_at, outcome_at, tags_at = (
        at["summary"], at["details"], at["outcome"], at["tags"]
    )  # fmt: skip
    redactable = [(name, at[name] - 3) for name in ("summary", "details", "outcome", "tags")]
    tags: dict[str, list[str]] = {}  # few distinct tag lists: parse each once
    rows = first
    while rows:
        batch: list[bytes] = []
        for row in rows:
            keys((row[id_at], row[revision_at]))
            spans = None
            if red is not None:
                tag_list = tags.get(row[tags_at])
                if tag_list is None:
                    tag_list = tags[row[tags_at]] = loads(row[tags_at])
                spans = red.spans_for(
                    row[0], row[1], row[summary_at], row[details_at], row[outcome_at], tag_list
                )
            if spans:
                assert red is not None
                if want_lines:
                    obj = loads(row[2])
                else:  # only the fields redaction reads and changes
                    obj = {name: row[i + 3] for name, i in redactable[:3]}
                    obj["tags"] = list(tags[row[tags_at]])
                red.apply(obj, spans)
                if want_lines:
                    batch.append(encode(obj).encode("utf-8"))
                if want_cells:
                    cells = make.from_stored(row[3:])
                    for name, i in redactable:
                        cells[i] = cell(obj[name])
                    keep(cells)
            else:
                if want_lines:
                    batch.append(row[2])
                if want_cells:
                    keep(row[3:])  # made into cells later, by whoever writes the CSV
        yield batch
        rows = cursor.fetchmany(CHUNK_ROWS)
