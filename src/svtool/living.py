"""Evidence that develops: edits as new revisions, deletions that can be undone, history, search.

Nothing is overwritten in place without a trace: every change is a new revision with a snapshot
in `entry_revisions`, so `svtool history` can say what changed and when, and head office always
receives the latest revision (a deletion is a revision too, so an older bundle cannot resurrect it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from svtool import checklist as cl
from svtool.dates import iso_utc, utc_now
from svtool.errors import NotFound, SvtoolError
from svtool.evidence import Draft, build_entry
from svtool.store import (
    ENTRY_COLUMNS,
    LINK_TABLES,
    EntryFilter,
    entry_to_row,
    fts_query,
    record_revision,
    set_scan,
)

if TYPE_CHECKING:
    from svtool.models import Entry
    from svtool.store import Store

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
# Fields a revision may differ in without counting as a change of the evidence.
BOOKKEEPING = {"revision", "revised_at", "logged_at"}


def draft_from_entry(entry: Entry) -> Draft:
    """The entry as a rep would have typed it, so an edit goes through the same checks as `log`."""

    def text(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    return Draft(
        authority=entry.authority_code,
        section=entry.section,
        questions=list(entry.questions),
        strategies=list(entry.strategies),
        summary=entry.summary,
        details=entry.details,
        date=entry.occurred_on.isoformat(),
        setting=entry.setting,
        source=entry.source,
        learners=text(entry.learners_affected),
        staff=text(entry.staff_affected),
        impacts=list(entry.impacts),
        tags=list(entry.tags),
        timescale_extended=text(entry.timescale_extended),
        stricter_targets=text(entry.stricter_targets),
        posts_cut=text(entry.posts_cut),
        roles_cut=list(entry.roles_cut),
        staff_left=text(entry.staff_left),
        consulted=list(entry.consulted),
        status=entry.status,
        outcome=entry.outcome,
    )


@dataclass
class Changes:
    """What `svtool edit` was told: None means "keep", anything else replaces (an empty text clears)."""

    values: dict[str, Any] = field(default_factory=dict)

    def apply(self, draft: Draft) -> Draft:
        names = {f.name for f in fields(Draft)}
        for name, value in self.values.items():
            if name not in names or value is None:
                continue
            setattr(draft, name, value)
        if (
            "questions" in self.values
            and self.values["questions"] is not None
            and "section" not in self.values
        ):
            draft.section = None  # let the new questions say which section it is
        questions = [q.strip().casefold().removeprefix("q") for q in draft.questions]
        if "2.1" not in questions and "strategies" not in self.values:
            draft.strategies = []
        for extra in cl.EXTRA_FIELDS:
            if extra.question not in questions and extra.id not in self.values:
                setattr(draft, extra.id, [] if extra.kind == "choices" else None)
        for name in (
            "learners",
            "staff",
            "posts_cut",
            "staff_left",
            "timescale_extended",
            "stricter_targets",
        ):
            if getattr(draft, name) == "":
                setattr(draft, name, None)
        return draft

    def __bool__(self) -> bool:
        return any(v is not None for v in self.values.values())


def edited_entry(current: Entry, draft: Draft) -> Entry:
    return build_entry(
        draft,
        entry_id=current.id,
        revision=current.revision + 1,
        logged_at=current.logged_at,
    )


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in BOOKKEEPING]
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


@dataclass(frozen=True)
class EditResult:
    """What `save_edit` did: whether a new revision was stored, and which earlier revisions had
    personal data replaced."""

    saved: bool
    cleaned: list[int] = field(default_factory=list)


def save_edit(store: Store, current: Entry, new: Entry, *, redact: bool = False) -> EditResult:
    """Store a new revision in one transaction, when anything but bookkeeping changed.

    When the edit takes personal data out (replaced by a placeholder, or deleted), or the rep
    asked for it with --redact, it leaves the earlier revisions too, in the same transaction:
    the rep wanted the name gone, not archived. With --redact the history is cleaned even when
    the current text is already clean (an entry edited by an older svtool).
    """
    from svtool.privacy import (
        forget_old_words,
        redact_history,
        removed_personal_data,
        scan_json,
        settle_file,
    )

    changed = bool(differences(current.as_json(), new.as_json()))
    took_out = changed and removed_personal_data(current.as_json(), new.as_json())
    if not changed and not redact:
        return EditResult(False)
    scan = scan_json(new.as_json()) if changed else None
    cleaned: list[int] = []
    with store.write():
        row = store.conn.execute(
            "SELECT seq, revision FROM entries WHERE id = ?", [current.id]
        ).fetchone()
        if row is None or row["revision"] != current.revision:
            raise SvtoolError(
                f"Entry {current.id[:8]} changed while you were editing it; nothing was saved",
                hint="Run the edit again.",
            )
        if changed:
            assert scan is not None
            _rewrite(store, row["seq"], new, scan)
            record_revision(store.conn, new, "edited")
        if took_out or redact:
            cleaned = redact_history(store.conn, current.id)
        if took_out or cleaned:
            forget_old_words(store.conn)
    if took_out or cleaned:
        settle_file(store)
    return EditResult(changed, cleaned)


def _rewrite(store: Store, seq: int, entry: Entry, scan: str) -> None:
    data = entry_to_row(entry)
    columns = [c for c in ENTRY_COLUMNS if c != "id"]
    store.conn.execute(
        f"UPDATE entries SET {', '.join(f'{c} = ?' for c in columns)} WHERE seq = ?",
        [data[c] for c in columns] + [seq],
    )
    set_scan(store.conn, seq, scan)
    for table, column, attr in LINK_TABLES:
        store.conn.execute(f"DELETE FROM {table} WHERE entry_seq = ?", [seq])
        values = getattr(entry, attr)
        if values:
            store.conn.executemany(
                f"INSERT INTO {table} (entry_seq, {column}) VALUES (?, ?)",
                [(seq, v) for v in values],
            )


def _set_deleted(
    store: Store, id_prefix: str, *, deleted: bool, reason: str | None
) -> dict[str, Any]:
    from svtool.models import Entry

    with store.write():
        row = store.get_row(id_prefix, include_deleted=True)
        state = store.conn.execute(
            "SELECT deleted_at FROM entries WHERE id = ?", [row["id"]]
        ).fetchone()[0]
        if deleted and state:
            raise NotFound(
                f"Entry {row['id']} is already deleted",
                hint=f"`svtool restore {row['id'][:8]}` undoes it.",
            )
        if not deleted and not state:
            raise NotFound(f"Entry {row['id']} is not deleted; there is nothing to restore")
        now = iso_utc(utc_now())
        revision = row["revision"] + 1
        store.conn.execute(
            "UPDATE entries SET revision = ?, revised_at = ?, deleted_at = ?, deletion_reason = ? WHERE id = ?",
            [revision, now, now if deleted else None, reason if deleted else None, row["id"]],
        )
        entry = Entry.model_validate({**row, "revision": revision, "revised_at": now})
        record_revision(store.conn, entry, "deleted" if deleted else "restored", reason)
    return {"id": row["id"], "revision": revision, "at": now, "summary": row["summary"]}


def delete_entry(store: Store, id_prefix: str, reason: str | None = None) -> dict[str, Any]:
    return _set_deleted(store, id_prefix, deleted=True, reason=reason)


def restore_entry(store: Store, id_prefix: str) -> dict[str, Any]:
    return _set_deleted(store, id_prefix, deleted=False, reason=None)


@dataclass(frozen=True)
class Revision:
    revision: int
    revised_at: str
    change: str
    reason: str | None
    changes: list[tuple[str, Any, Any]]
    data: dict[str, Any]


def history(store: Store, id_prefix: str) -> list[Revision]:
    row = store.get_row(id_prefix, include_deleted=True)
    snapshots = store.conn.execute(
        "SELECT revision, revised_at, change, reason, data FROM entry_revisions WHERE entry_id = ? ORDER BY revision",
        [row["id"]],
    ).fetchall()
    result: list[Revision] = []
    previous: dict[str, Any] = {}
    for s in snapshots:
        data = json.loads(s["data"])
        changes = differences(previous, data) if previous else []
        result.append(
            Revision(s["revision"], s["revised_at"], s["change"], s["reason"], changes, data)
        )
        previous = data
    return result


RANK_WINDOW = 2_000


def search(
    store: Store, query: str, flt: EntryFilter | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Entries matching the words, best first, each with a snippet marking the matches.

    Ranking reads the newest RANK_WINDOW matches (FTS5 walks rowids newest first), so a word found
    in most of a million entries still answers at once; snippets are made for the shown rows only.
    Each plain word is searched as the indexed words it begins, when they are few (see
    `Store.words_beginning`): the same entries as its prefix, found faster.
    """
    from svtool.store import row_to_json

    flt = flt or EntryFilter()
    where, params = flt.where()
    match = fts_query(query, store.words_beginning)
    ranked = store.conn.execute(
        "SELECT seq, rank FROM ("
        "SELECT e.seq AS seq, bm25(evidence_fts, 4.0, 1.0, 1.0) AS rank "
        "FROM evidence_fts JOIN entries e ON e.seq = evidence_fts.rowid "
        f"WHERE evidence_fts MATCH ? AND {where} ORDER BY evidence_fts.rowid DESC LIMIT ?"
        ") ORDER BY rank, seq DESC LIMIT ?",
        [match, *params, RANK_WINDOW, limit],
    ).fetchall()
    if not ranked:
        return []
    seqs = [seq for seq, _ in ranked]
    rows = {
        r["seq"]: r
        for r in store.conn.execute(
            f"SELECT seq, {', '.join(ENTRY_COLUMNS)} FROM entries WHERE seq IN ({','.join('?' * len(seqs))})",
            seqs,
        )
    }
    words = _query_words(query)
    results = []
    for seq, rank in ranked:
        data = row_to_json(rows[seq])
        data["snippet"] = snippet(data, words)
        data["rank"] = round(-float(rank), 6)
        results.append(data)
    return results


def _query_words(query: str) -> list[str]:
    import re

    return [w.casefold() for w in re.findall(r"\w+", query)]


def snippet(data: dict[str, Any], words: list[str], width: int = 60) -> str:
    """Around the first match in summary, details or outcome, with every matching word marked."""
    import re

    if not words:
        return str(data.get("summary", ""))
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    for name in ("summary", "details", "outcome"):
        text = str(data.get(name) or "").replace("\n", " ")
        found = pattern.search(text)
        if not found:
            continue
        start = max(0, found.start() - width)
        end = min(len(text), found.end() + width)
        piece = pattern.sub(
            lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", text[start:end]
        )
        return ("…" if start else "") + piece + ("…" if end < len(text) else "")
    return str(data.get("summary", ""))
