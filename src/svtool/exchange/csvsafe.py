"""CSV for people who open files in a spreadsheet, safe against formula (CSV) injection.

OWASP's advice: a cell whose first character is `=`, `+`, `-`, `@`, tab, carriage return or line
feed (also after leading spaces) can be run as a formula; svtool prefixes such a cell with a single
quote `'`, keeping the whole original text after it. Quoting and separators are left to the `csv`
module (never string joining). Files are UTF-8 with a byte-order mark so that Excel shows "Zoë".
The JSON in a bundle is the machine-readable source; the CSV's `'` is never removed on import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"
LIST_SEPARATOR = "; "

# (JSON field, column heading) in the order shown.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "Id"),
    ("revision", "Revision"),
    ("occurred_on", "Date"),
    ("authority_code", "Authority code"),
    ("authority_name", "Authority"),
    ("programme", "Programme"),
    ("section", "Section"),
    ("questions", "Questions"),
    ("strategies", "Strategies"),
    ("summary", "Summary"),
    ("details", "Details"),
    ("setting", "Setting"),
    ("source", "Source"),
    ("learners_affected", "Learners affected"),
    ("staff_affected", "Staff affected"),
    ("impacts", "Impacts"),
    ("tags", "Tags"),
    ("timescale_extended", "Timescale extended"),
    ("stricter_targets", "Stricter targets"),
    ("posts_cut", "Posts cut"),
    ("roles_cut", "Roles cut"),
    ("staff_left", "Staff left"),
    ("consulted", "Consulted"),
    ("status", "Follow-up status"),
    ("outcome", "Outcome"),
    ("logged_at", "Logged at"),
    ("revised_at", "Revised at"),
)


_TRIGGER_SET = frozenset(TRIGGERS)


def neutralise(text: str) -> str:
    """The cell text a spreadsheet will show as text: `'` before anything that could start a formula."""
    first = text[:1]
    if first in _TRIGGER_SET or (first.isspace() and text.lstrip()[:1] in _TRIGGER_SET):
        return "'" + text
    return text


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(str(v) for v in value))
    return neutralise(str(value))


def entries_csv(rows: Iterable[dict[str, Any]]) -> str:
    """The entries as CSV text: BOM, header, then one record per entry."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for _, heading in COLUMNS])
    names = [name for name, _ in COLUMNS]
    writer.writerows([cell(row.get(name)) for name in names] for row in rows)
    return buffer.getvalue()


def write_table(rows: Iterable[list[Any]], header: list[str]) -> str:
    """Any other table svtool writes as CSV, with every cell neutralised the same way."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


NAMES = tuple(name for name, _ in COLUMNS)
_LIST_COLUMNS = frozenset({"questions", "strategies", "impacts", "tags", "roles_cut", "consulted"})
# Columns the schema does not restrict to ids, codes, dates or numbers: only these can start a formula.
_FREE_COLUMNS = frozenset(
    {"authority_name", "summary", "details", "outcome", "logged_at", "revised_at"}
)


def header() -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerow([heading for _, heading in COLUMNS])
    return buffer.getvalue()


def rows_text(rows: Iterable[list[Any]]) -> str:
    """Records after the header, quoted by the csv module."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


class Cells:
    """An entry's CSV cells, exactly as `cell()` makes them (tested against `entries_csv`), but
    quick for values as stored: lists are JSON text (each distinct list joined once), flags are
    already `yes`/`no`, and only the free-text columns are checked for a formula trigger."""

    def __init__(self) -> None:
        self._joined: dict[str, str] = {}
        self._lists = [i for i, name in enumerate(NAMES) if name in _LIST_COLUMNS]
        self._free = [i for i, name in enumerate(NAMES) if name in _FREE_COLUMNS]

    def from_stored(self, values: tuple[Any, ...]) -> list[Any]:
        import json

        row = list(values)
        joined = self._joined
        for i in self._lists:
            text = row[i]
            cell_text = joined.get(text)
            if cell_text is None:
                cell_text = joined[text] = cell(json.loads(text))
            row[i] = cell_text
        triggers = _TRIGGER_SET
        for i in self._free:
            text = row[i]
            if text and (text[0] in triggers or text[0].isspace()):
                row[i] = neutralise(text)
        return row

    def ready(self, rows: Iterable[tuple[Any, ...] | list[Any]]) -> list[list[Any]]:
        """Stored values (tuples) made into cells; cells (lists) as they are."""
        stored = self.from_stored
        return [stored(r) if isinstance(r, tuple) else r for r in rows]

    def from_json(self, entry: dict[str, Any]) -> list[Any]:
        return [cell(entry.get(name)) for name in NAMES]
