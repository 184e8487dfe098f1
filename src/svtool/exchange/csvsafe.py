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
from collections.abc import Iterable, Iterator
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


_LIST_COLUMNS = frozenset({"questions", "strategies", "impacts", "tags", "roles_cut", "consulted"})
_BOOL_COLUMNS = frozenset({"timescale_extended", "stricter_targets"})
# Columns the schema does not restrict to ids, codes, dates or numbers: only these can start a formula.
_FREE_COLUMNS = frozenset(
    {"authority_name", "summary", "details", "outcome", "logged_at", "revised_at"}
)


def entries_csv_chunks(rows: list[dict[str, Any]], batch: int) -> Iterator[str]:
    """`entries_csv` in pieces of `batch` records, byte for byte the same text (tested), but
    faster: only the columns that need it are converted, and the csv module does the quoting."""
    from operator import itemgetter

    names = [name for name, _ in COLUMNS]
    lists = [i for i, name in enumerate(names) if name in _LIST_COLUMNS]
    flags = [i for i, name in enumerate(names) if name in _BOOL_COLUMNS]
    free = [i for i, name in enumerate(names) if name in _FREE_COLUMNS]
    get = itemgetter(*names)
    triggers = _TRIGGER_SET

    def prepared(chunk: list[dict[str, Any]]) -> Iterator[list[Any]]:
        for row in chunk:
            values = list(get(row))
            for i in lists:
                text = LIST_SEPARATOR.join([str(v) for v in values[i]])
                values[i] = (
                    neutralise(text)
                    if text and (text[0] in triggers or text[0].isspace())
                    else text
                )
            for i in flags:
                flag = values[i]
                values[i] = "" if flag is None else ("yes" if flag else "no")
            for i in free:
                text = values[i]
                if text and (text[0] in triggers or text[0].isspace()):
                    values[i] = neutralise(text)
            yield values

    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerow([heading for _, heading in COLUMNS])
    yield buffer.getvalue()
    for start in range(0, len(rows), batch):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(prepared(rows[start : start + batch]))
        yield buffer.getvalue()
