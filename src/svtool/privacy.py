"""Personal data in evidence: where the detector finds it, how to say so, and how to remove it.

The rule for reps is "record what the authority did and how many were affected, never who the
child is". These functions apply the detector (svtool.pii) to an entry's free text, so that `log`,
`edit`, `scan`, exports and reports all warn and redact in the same way.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svtool.errors import BadInput, Problem

if TYPE_CHECKING:
    from svtool.pii.register import Register
    from svtool.store import Store

# The free-text fields of an entry, in the order a rep meets them.
TEXT_FIELDS = ("summary", "details", "outcome")
KIND_NAMES = {
    "child_name": "child's name",
    "adult_name": "person's name",
    "upn": "UPN",
    "uln": "ULN",
    "nhs_number": "NHS number",
    "date_of_birth": "date of birth",
    "postcode": "postcode",
    "email": "email address",
    "phone": "phone number",
    "ni_number": "National Insurance number",
    "address": "address",
}
KIND_PLURALS = {
    "child_name": "children's names",
    "adult_name": "people's names",
    "upn": "UPNs",
    "uln": "ULNs",
    "nhs_number": "NHS numbers",
    "date_of_birth": "dates of birth",
    "postcode": "postcodes",
    "email": "email addresses",
    "phone": "phone numbers",
    "ni_number": "National Insurance numbers",
    "address": "addresses",
}


def placeholder(kind: str) -> str:
    """What redaction puts in place of a finding of this kind, e.g. [postcode]."""
    from svtool.pii.placeholders import PLACEHOLDERS

    return PLACEHOLDERS.get(kind, "[redacted]")


def kind_words(kind: str, n: int) -> str:
    """The words for a kind of personal data that agree with n: 1 postcode, 2 dates of birth."""
    one = KIND_NAMES.get(kind, kind)
    return one if n == 1 else KIND_PLURALS.get(kind, one + "s")


@dataclass(frozen=True)
class FieldFinding:
    field: str
    start: int
    end: int
    kind: str
    text: str

    def describe(self) -> str:
        """A warning that says where, not what: the value itself is not repeated."""
        return f"{self.field}: possible {KIND_NAMES.get(self.kind, self.kind)} at characters {self.start + 1}–{self.end}"


def scan_fields(values: dict[str, Any], register: Register | None = None) -> list[FieldFinding]:
    from svtool.pii.detector import find_personal_data

    register = register or _active_register()
    found: list[FieldFinding] = []
    for name in TEXT_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text:
            found.extend(
                FieldFinding(name, f.start, f.end, f.kind, f.text)
                for f in find_personal_data(text, register)
            )
    return found


def redact_fields(
    values: dict[str, Any], register: Register | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    """A copy with every finding in every free-text field replaced by its placeholder, and counts."""
    from svtool.pii.detector import count_by_kind, find_personal_data, redact

    register = register or _active_register()
    out = dict(values)
    counts: dict[str, int] = {}
    for name in TEXT_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text:
            findings = find_personal_data(text, register)
            if findings:
                out[name] = redact(text, findings)
                for kind, n in count_by_kind(findings).items():
                    counts[kind] = counts.get(kind, 0) + n
    return out, counts


def scan_store(store: Store) -> list[dict[str, Any]]:
    """Every finding in every visible entry, for `svtool scan`: in its current text
    ("current": true) and in its earlier revisions, where an edit may have left a name behind
    ("current": false, with the revision it is in)."""
    results = []
    register = _active_register()
    current: dict[str, dict[str, Any]] = {}
    for row in store.rows():
        current[row["id"]] = row
        for f in scan_fields(row, register):
            results.append(_scan_result(row, row["revision"], True, f))
    for entry_id, revision, data in store.conn.execute(
        "SELECT entry_id, revision, data FROM entry_revisions ORDER BY entry_id, revision"
    ):
        now = current.get(entry_id)
        if now is None or revision >= now["revision"]:
            continue
        values = json.loads(data)
        # text the current revision also holds was scanned (and reported) with it
        earlier = {n: values.get(n) for n in TEXT_FIELDS if values.get(n) != now.get(n)}
        for f in scan_fields(earlier, register):
            results.append(_scan_result(now, revision, False, f))
    return results


def _scan_result(
    row: dict[str, Any], revision: int, is_current: bool, f: FieldFinding
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "authority_name": row["authority_name"],
        "occurred_on": row["occurred_on"],
        "revision": revision,
        "current": is_current,
        "field": f.field,
        "start": f.start,
        "end": f.end,
        "kind": f.kind,
        "text": f.text,
    }


def scan_jsonl_line(line: str, number: int) -> dict[str, Any]:
    """One `{"id", "text"}` line in, one `{"id", "spans"}` result out (for evaluating the detector)."""
    import json

    from svtool.pii.detector import find_personal_data

    try:
        item = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadInput(Problem("FILE", f"line {number} is not JSON ({e.msg})")) from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "id" not in item:
        raise BadInput(Problem("FILE", f'line {number} needs an "id" and a "text" string'))
    spans = [
        {"start": f.start, "end": f.end, "kind": f.kind}
        for f in find_personal_data(item["text"], _active_register())
    ]
    return {"id": item["id"], "spans": spans}


def removed_personal_data(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether an edit took out something the detector finds in the old text (replaced by a
    placeholder or deleted), rather than leaving it in the new text."""
    keep = _kept_text(new)
    return any(not _kept(f.text, keep) for f in scan_fields(old))


def _kept_text(values: dict[str, Any]) -> str:
    return "\n".join(str(values.get(name) or "") for name in TEXT_FIELDS).casefold()


def _kept(found: str, keep: str) -> bool:
    import re

    return re.search(rf"(?<!\w){re.escape(found.casefold())}(?!\w)", keep) is not None


def redact_history(conn: sqlite3.Connection, entry_id: str) -> list[int]:
    """Replace personal data in an entry's earlier revisions, inside the caller's transaction.

    What the detector finds in an earlier revision becomes its placeholder, unless the current
    revision still holds it (the rep kept it on purpose). History is for what changed and when:
    a revision whose change was taking personal data out says so in its reason ("personal data
    replaced in details"), since its text and the one before now read alike. Returns the
    revisions whose text was changed."""
    snapshots = conn.execute(
        "SELECT revision, reason, data FROM entry_revisions WHERE entry_id = ? ORDER BY revision",
        [entry_id],
    ).fetchall()
    if len(snapshots) < 2:
        return []
    from svtool.pii.detector import find_personal_data, redact

    register = _active_register()
    keep = _kept_text(json.loads(snapshots[-1][2]))
    removed: list[dict[str, int]] = []  # per revision: how many were replaced, per field
    changed: list[int] = []
    for revision, _, data in snapshots[:-1]:
        values = json.loads(data)
        per_field: dict[str, int] = {}
        for name in TEXT_FIELDS:
            text = values.get(name)
            if not isinstance(text, str) or not text:
                continue
            found = [f for f in find_personal_data(text, register) if not _kept(f.text, keep)]
            if found:
                values[name] = redact(text, found)
                per_field[name] = len(found)
        removed.append(per_field)
        if per_field:
            changed.append(revision)
            conn.execute(
                "UPDATE entry_revisions SET data = ? WHERE entry_id = ? AND revision = ?",
                [json.dumps(values, ensure_ascii=False), entry_id, revision],
            )
    removed.append({})  # the current revision keeps what it holds
    for i in range(1, len(snapshots)):
        fields = [n for n in TEXT_FIELDS if removed[i - 1].get(n, 0) > removed[i].get(n, 0)]
        if not fields:
            continue
        revision, reason, _ = snapshots[i]
        note = f"personal data replaced in {', '.join(fields)}"
        if reason and note in reason:
            continue
        conn.execute(
            "UPDATE entry_revisions SET reason = ? WHERE entry_id = ? AND revision = ?",
            [f"{reason}; {note}" if reason else note, entry_id, revision],
        )
    return changed


def forget_old_words(conn: sqlite3.Connection) -> None:
    """After text was taken out, inside the same transaction: the search index is merged so
    that it keeps no segment with the old words (deleted content is zeroed: the store sets
    secure_delete)."""
    conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('optimize')")


def settle_file(store: Store) -> bool:
    """Fold the write-ahead log into the database file and empty it; False when another
    svtool is reading the file, so that old pages may stay in the log until it closes."""
    try:
        busy = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return not busy


def logged_before(store: Store, before: str) -> int:
    """How many entries (deleted ones too) `purge_before` would remove."""
    row = store.conn.execute(
        "SELECT count(*) FROM entries WHERE logged_at < ?", [before]
    ).fetchone()
    return int(row[0])


def purge_before(store: Store, before: str) -> int:
    """Remove entries logged before a date, with their history, and leave no trace in the file."""
    conn = store.conn
    with store.write():
        ids = [r[0] for r in conn.execute("SELECT id FROM entries WHERE logged_at < ?", [before])]
        if not ids:
            return 0
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_ids (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.purge_ids")
        conn.executemany("INSERT INTO temp.purge_ids (id) VALUES (?)", [(i,) for i in ids])
        conn.execute("PRAGMA secure_delete = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("entry_revisions", "export_items", "entry_origins"):
            if table in tables:
                conn.execute(
                    f"DELETE FROM {table} WHERE entry_id IN (SELECT id FROM temp.purge_ids)"
                )
        conn.execute("DELETE FROM entries WHERE id IN (SELECT id FROM temp.purge_ids)")
        conn.execute("DELETE FROM temp.purge_ids")
        conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('optimize')")
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (
        sqlite3.OperationalError
    ) as e:  # another svtool holds the file: the data is gone, pages may linger
        from svtool.errors import SvtoolError
        from svtool.words import count

        raise SvtoolError(
            f"Removed {count(len(ids), 'entry', 'entries')}, but could not compact the file ({e})",
            hint="Close other svtool windows and run `svtool purge` again to finish.",
        ) from e
    return len(ids)


def _active_register() -> Register | None:
    from svtool.people import active

    return active()[0]


# -- cached scans (entries.pii_scan), so that exports need not run the detector again ----------

SCAN_FIELDS = (*TEXT_FIELDS, "tags")
_VERSION: list[str] = []


def detector_version() -> str:
    """Changes whenever the detector's code, its data files or svtool's version do, so that
    scans made by an older detector or with older lists are made again."""
    if not _VERSION:
        import hashlib
        from pathlib import Path

        from svtool import __version__
        from svtool.pii.lexicon import DATA_FILES, data_dir
        from svtool.pii.namedata import lexicon_digest

        digest = hashlib.sha256(__version__.encode())
        for path in sorted(Path(__file__).with_name("pii").glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for name in DATA_FILES:
            digest.update(name.encode() + b"\0" + (data_dir() / name).read_bytes())
        digest.update(b"names.lex\0" + lexicon_digest().encode())
        _VERSION.append(digest.hexdigest()[:16])
    return _VERSION[0]


def text_check(summary: str, details: str, outcome: str, tags: list[str]) -> int:
    """A checksum of the scanned text: a scan is used only for exactly the text it was made of."""
    import zlib

    joined = "\x00".join((summary, details, outcome, "\x1f".join(tags)))
    return zlib.crc32(joined.encode("utf-8", "surrogatepass"))


def scan_spans(
    values: dict[str, Any], register: Register | None = None
) -> dict[str, list[list[Any]]]:
    """The detector's spans per free-text field: [[start, end, kind], ...], with the register's
    placeholder as a fourth item for its names; for tags [[index, start, end, kind], ...].
    Fields with no findings are left out."""
    from svtool.pii.detector import find_personal_data

    register = register or _active_register()
    spans: dict[str, list[list[Any]]] = {}
    for name in TEXT_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text:
            found = [
                [f.start, f.end, f.kind, *([f.label] if f.label else [])]
                for f in find_personal_data(text, register)
            ]
            if found:
                spans[name] = found
    tag_spans = [
        [i, f.start, f.end, f.kind]
        for i, tag in enumerate(values.get("tags") or [])
        for f in find_personal_data(tag, register)
    ]
    if tag_spans:
        spans["tags"] = tag_spans
    return spans


def scan_version(register_digest: str | None = None) -> str:
    """What a scan record's "v" says: the detector's version and, when the rep has a people
    register, its digest, so that a name added to the register makes old scans stale."""
    if register_digest is None:
        from svtool.people import active

        register_digest = active()[1]
    version = detector_version()
    return f"{version}+{register_digest}" if register_digest else version


def scan_record(
    values: dict[str, Any], spans: dict[str, list[list[Any]]], register_digest: str | None = None
) -> str:
    import json

    check = text_check(
        values.get("summary") or "",
        values.get("details") or "",
        values.get("outcome") or "",
        list(values.get("tags") or []),
    )
    record = {"v": scan_version(register_digest), "h": check, "spans": spans}
    return json.dumps(record, separators=(",", ":"))


def scan_json(
    entry_json: dict[str, Any], register: Register | None = None, register_digest: str | None = None
) -> str:
    """What `entries.pii_scan` holds for this text: detector version, text checksum, spans."""
    return scan_record(entry_json, scan_spans(entry_json, register), register_digest)


def apply_spans(text: str, spans: list[Any]) -> str:
    """Each [start, end, kind] span replaced by its placeholder; spans out of order, overlapping an
    earlier one or past the end are skipped (a cached scan is only used for exactly its own text)."""
    from svtool.pii.placeholders import PLACEHOLDERS, REGISTER_LABELS

    out: list[str] = []
    pos = 0
    spans = sorted(
        (int(s[0]), int(s[1]), str(s[2]), str(s[3]) if len(s) > 3 else "") for s in spans
    )
    for start, end, kind, label in spans:
        if start < pos or end > len(text):
            continue
        out.append(text[pos:start])
        out.append(label if label in REGISTER_LABELS else PLACEHOLDERS.get(kind, "[redacted]"))
        pos = end
    out.append(text[pos:])
    return "".join(out)
