"""The evidence store: one SQLite file, the only module that speaks SQL to it.

Opening is careful because the file holds evidence that must never be lost: a file that is not
ours, is damaged, or was made by a newer svtool is refused before anything is written to it.
Every write is one IMMEDIATE transaction, so concurrent `svtool log` processes queue rather than fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from svtool.errors import BadInput, NotFound, Problem, StoreError
from svtool.migrations import KNOWN, MIGRATION_SET
from svtool.paths import make_private_dir

if TYPE_CHECKING:
    from svtool.models import Entry

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 60.0
ID_PREFIX_MIN = 6
PREFIX_WORDS_MAX = 20  # a search word standing for more is searched as a prefix
LIST_FIELDS = ("questions", "strategies", "impacts", "tags", "roles_cut", "consulted")
BOOL_FIELDS = ("timescale_extended", "stricter_targets")
LINK_TABLES = (
    ("entry_questions", "question", "questions"),
    ("entry_strategies", "strategy", "strategies"),
    ("entry_impacts", "impact", "impacts"),
    ("entry_tags", "tag", "tags"),
)
ENTRY_COLUMNS = (
    "id",
    "revision",
    "authority_code",
    "authority_name",
    "programme",
    "section",
    "questions",
    "strategies",
    "summary",
    "details",
    "occurred_on",
    "setting",
    "source",
    "learners_affected",
    "staff_affected",
    "impacts",
    "tags",
    "logged_at",
    "timescale_extended",
    "stricter_targets",
    "posts_cut",
    "roles_cut",
    "staff_left",
    "consulted",
    "status",
    "outcome",
    "revised_at",
)


@dataclass(frozen=True)
class Attachment:
    """A document attached to an entry, as recorded (its bytes are kept by `attachments`)."""

    entry_id: str
    sha256: str
    name: str
    size: int
    media_type: str
    attached_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "name": self.name,
            "size": self.size,
            "media_type": self.media_type,
            "attached_at": self.attached_at,
        }


class EntryLike(Protocol):
    """What the store needs of an entry: the schema's `models.Entry`, or the record `quicklog`
    has checked by the same rules."""

    @property
    def id(self) -> str: ...
    @property
    def revision(self) -> int: ...
    @property
    def logged_at(self) -> str: ...
    @property
    def revised_at(self) -> str | None: ...
    @property
    def questions(self) -> list[str]: ...
    @property
    def strategies(self) -> list[str]: ...
    @property
    def impacts(self) -> list[str]: ...
    @property
    def tags(self) -> list[str]: ...
    def as_json(self) -> dict[str, Any]: ...


@dataclass
class EntryFilter:
    """What `list`, reports and exports select; every field narrows the selection."""

    authority_codes: list[str] = field(default_factory=list)
    section: str | None = None
    questions: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    limit: int | None = None  # only the newest this many (still listed oldest first)
    statuses: list[str] = field(default_factory=list)
    search: str | None = None
    include_deleted: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if not self.include_deleted:
            clauses.append("e.deleted_at IS NULL")
        if self.statuses:
            clauses.append(f"e.status IN ({','.join('?' * len(self.statuses))})")
            params.extend(self.statuses)
        if self.search:  # the index holds live entries only (evidence_fts)
            clauses.append("e.seq IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?)")
            params.append(fts_query(self.search))
        if self.authority_codes:
            clauses.append(f"e.authority_code IN ({','.join('?' * len(self.authority_codes))})")
            params.extend(self.authority_codes)
        if self.section:
            clauses.append("e.section = ?")
            params.append(self.section)
        for table, column, values in (
            ("entry_questions", "question", self.questions),
            ("entry_strategies", "strategy", self.strategies),
            ("entry_tags", "tag", self.tags),
        ):
            if values:
                clauses.append(
                    f"e.seq IN (SELECT entry_seq FROM {table} WHERE {column} IN "
                    f"({','.join('?' * len(values))}))"
                )
                params.extend(values)
        if self.since:
            clauses.append("e.occurred_on >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.occurred_on <= ?")
            params.append(self.until)
        return (" AND ".join(clauses) or "1"), params


def _check_file(path: Path) -> bool:
    """Return whether the file exists with content; refuse anything that is not SQLite."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file", hint="Give --db a file name.")
    if not path.exists():
        return False
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(f"Cannot read the database {path}: {e.strerror or e}") from e
    if not header:
        return False
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not an svtool database (it is not an SQLite file); svtool has not changed it",
            hint="Check the path given with --db or SVTOOL_DB.",
        )
    return True


def _open(target: str, *, uri: bool = False) -> sqlite3.Connection:
    """A connection for reading only (a read-only URI, or memory)."""
    try:
        conn = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
            uri=uri,
        )
    except sqlite3.Error as e:
        raise StoreError(f"Cannot open the database {target}: {e}") from e
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _read_only_uri(path: Path) -> str:
    """Read without writing a byte: with no write-ahead log beside it, nobody has the file open
    (the last to close removes the log), so it is opened immutable and SQLite makes no -shm or -wal
    file either. With a log, another svtool may be writing: read it the ordinary way."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    return uri if wal.exists() else uri + "&immutable=1"


def _create_private(path: Path) -> None:
    make_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise StoreError(f"Cannot create the database {path}: {e.strerror or e}") from e
    os.close(fd)


class Store:
    """An open svtool database, migrated to the current schema."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """Open (creating and migrating as needed) the database at path.

        read_only never writes to path, nor creates it: a missing database is an empty one in
        memory, and one that needs upgrading is upgraded in a copy in memory (for `--dry-run`).
        """
        self.path = path
        self.read_only = read_only
        self.backup_before_migration: Path | None = None
        existed = _check_file(path)
        if not existed and not read_only:
            _create_private(path)
        if read_only:
            self.conn = _open(":memory:") if not existed else _open(_read_only_uri(path), uri=True)
        else:
            self.conn = self._connect()
        try:
            self._check_ours()
            if read_only:
                self._upgrade_in_memory(existed)
                return
            self._configure()
            self._migrate(existed)
            from svtool.analysis.reference import sync

            sync(self.conn)  # the authorities and checklist rows analysts join to
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise _damaged(path, e) from e
        except BaseException:
            self.conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the database {self.path}: {e}") from e
        conn.row_factory = sqlite3.Row
        return conn

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA synchronous = FULL")
        # evidence is about children: what is deleted or overwritten is zeroed in the file, not
        # left in free space for anyone reading the raw bytes
        self.conn.execute("PRAGMA secure_delete = ON")
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")

    def _upgrade_in_memory(self, existed: bool) -> None:
        """Read only: an older layout is upgraded in a copy in memory, never in the file."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if set(KNOWN) <= set(self.applied_migrations()):
            return
        if existed:  # an older layout: upgrade a copy, never the file
            memory = _open(":memory:")
            self.conn.backup(memory)
            self.conn.close()
            self.conn = memory
        from sqlite_utils import Database

        from svtool.migrations import migrations

        with self.write():
            migrations().apply(Database(self.conn))

    # -- opening -----------------------------------------------------------------------------

    def _check_ours(self) -> None:
        tables = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return
        if "_sqlite_migrations" not in tables:
            raise StoreError(
                f"{self.path} is an SQLite database but not an svtool one; svtool has not changed it",
                hint="Check the path given with --db or SVTOOL_DB.",
            )
        applied = self.applied_migrations()
        if not applied and tables - {"_sqlite_migrations"}:
            raise StoreError(f"{self.path} is not an svtool database; svtool has not changed it")
        unknown = [n for n in applied if n not in KNOWN]
        if unknown:
            raise StoreError(
                f"{self.path} was made by a newer svtool (it has schema {unknown[-1]}); "
                "svtool has not changed it",
                hint="Upgrade svtool (pip install --upgrade svtool) to use this database.",
            )

    def applied_migrations(self) -> list[str]:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not exists:
            return []
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        )
        return [r[0] for r in rows]

    @property
    def schema_version(self) -> str:
        applied = self.applied_migrations()
        return applied[-1] if applied else "none"

    def _migrate(self, existed: bool) -> None:
        if set(KNOWN) <= set(self.applied_migrations()):
            return
        from sqlite_utils import Database

        from svtool.migrations import migrations

        with self.write():
            applied = self.applied_migrations()
            if set(KNOWN) <= set(applied):
                return  # another process migrated while we waited for the lock
            if existed and applied:
                # Under the write lock, so exactly one process backs up the old layout.
                from svtool.backup import backup, default_backup_path

                self.backup_before_migration = backup(
                    self.path,
                    default_backup_path(self.path),
                    with_attachments=False,
                    with_people=False,
                )
            migrations().apply(Database(self.conn))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all of it is written, or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same snapshot of the store."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    # -- entries -----------------------------------------------------------------------------

    def add(
        self, entry: EntryLike, *, scan: str | None, attachments: Sequence[Attachment] = ()
    ) -> None:
        """Store a new entry, the personal-data scan of its text (`privacy.scan_json`, made by
        the caller; None leaves it to be made when first needed) and the records of files already
        copied in, in one transaction."""
        with self.write():
            seq = self._insert(entry)
            set_scan(self.conn, seq, scan)
            record_revision(self.conn, entry, "created")
            for attachment in attachments:
                record_attachment(self.conn, attachment)

    def _insert(self, entry: EntryLike) -> int:
        row = entry_to_row(entry)
        columns = ",".join(ENTRY_COLUMNS)
        marks = ",".join("?" * len(ENTRY_COLUMNS))
        cur = self.conn.execute(
            f"INSERT INTO entries ({columns}) VALUES ({marks})", [row[c] for c in ENTRY_COLUMNS]
        )
        seq = cur.lastrowid
        assert seq is not None
        for table, column, attr in LINK_TABLES:
            values = getattr(entry, attr)
            if values:
                self.conn.executemany(
                    f"INSERT INTO {table} (entry_seq, {column}) VALUES (?, ?)",
                    [(seq, v) for v in values],
                )
        return seq

    def count(self, flt: EntryFilter | None = None) -> int:
        where, params = (flt or EntryFilter()).where()
        return int(
            self.conn.execute(f"SELECT count(*) FROM entries e WHERE {where}", params).fetchone()[0]
        )

    def words_beginning(self, prefix: str) -> list[str] | None:
        """The words in the search index that begin with `prefix`, when there are a few (None
        otherwise, or for a prefix too short or not plain ASCII letters and digits to look up).

        Searching for them exactly finds the same entries as the prefix does, and faster: for a
        prefix, SQLite's full-text index reads every matching entry before it can stop at the
        newest, and reads them all again to rank them. Looking the words up costs one pass."""
        if len(prefix) < 3 or not (prefix.isascii() and prefix.isalnum()):
            return None
        prefix = prefix.lower()  # as the index's tokenizer folds ASCII
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.evidence_words "
            "USING fts5vocab(main, evidence_fts, row)"
        )
        words = [
            str(row[0])
            for row in self.conn.execute(
                "SELECT term FROM temp.evidence_words WHERE term >= ? AND term < ? LIMIT ?",
                (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), PREFIX_WORDS_MAX + 1),
            )
        ]
        return words if 0 < len(words) <= PREFIX_WORDS_MAX else None

    def rows(self, flt: EntryFilter | None = None) -> Iterator[dict[str, Any]]:
        """Entries as JSON-ready dicts, oldest first, without building models (fast for exports)."""
        flt = flt or EntryFilter()
        where, params = flt.where()
        columns = ",".join(ENTRY_COLUMNS)
        sql = f"SELECT {columns} FROM entries e WHERE {where} ORDER BY e.occurred_on, e.seq"
        if flt.limit:  # the newest, read from the end of the index rather than every row
            sql = (
                f"SELECT {columns} FROM (SELECT e.seq, {','.join(f'e.{c}' for c in ENTRY_COLUMNS)} "
                f"FROM entries e WHERE {where} ORDER BY e.occurred_on DESC, e.seq DESC LIMIT ?) "
                "ORDER BY occurred_on, seq"
            )
            params.append(flt.limit)
        for r in self.conn.execute(sql, params):
            yield row_to_json(r)

    def entries(self, flt: EntryFilter | None = None) -> list[Entry]:
        from svtool.models import Entry

        return [Entry.model_validate(r) for r in self.rows(flt)]

    def get(self, id_or_prefix: str, *, include_deleted: bool = False) -> Entry:
        from svtool.models import Entry

        return Entry.model_validate(self.get_row(id_or_prefix, include_deleted=include_deleted))

    def get_row(self, id_or_prefix: str, *, include_deleted: bool = False) -> dict[str, Any]:
        """The entry whose id starts so (at least 6 characters, like git), as stored."""
        prefix = id_or_prefix.strip().lower()
        if len(prefix) < ID_PREFIX_MIN:
            raise BadInput(
                Problem(
                    "ID",
                    f"{id_or_prefix!r} is too short; give at least {ID_PREFIX_MIN} characters of the id",
                )
            )
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = self.conn.execute(
            f"SELECT {','.join(ENTRY_COLUMNS)}, deleted_at, deletion_reason FROM entries "
            "WHERE id LIKE ? ESCAPE '\\' LIMIT 6",
            [escaped + "%"],
        ).fetchall()
        if not found:
            raise NotFound(
                f"No entry has an id starting {id_or_prefix!r}", hint="`svtool list` shows the ids."
            )
        if len(found) > 1:
            ids = ", ".join(r["id"] for r in found[:5])
            raise BadInput(
                Problem(
                    "ID", f"{id_or_prefix!r} matches several entries ({ids}); give more characters"
                )
            )
        row = found[0]
        if row["deleted_at"] and not include_deleted:
            raise NotFound(
                f"Entry {row['id']} was deleted on {row['deleted_at'][:10]}",
                hint=f"`svtool restore {row['id'][:8]}` brings it back.",
            )
        data = row_to_json(row)
        return data


def record_revision(
    conn: sqlite3.Connection, entry: EntryLike, change: str, reason: str | None = None
) -> None:
    """Keep a snapshot of every revision, so `svtool history` can say what changed and when."""
    conn.execute(
        "INSERT OR REPLACE INTO entry_revisions (entry_id, revision, revised_at, change, reason, data) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            entry.id,
            entry.revision,
            entry.revised_at or entry.logged_at,
            change,
            reason,
            json.dumps(entry.as_json(), ensure_ascii=False),
        ],
    )


def fts_query(text: str, words_for: Callable[[str], list[str] | None] | None = None) -> str:
    """Plain words become an FTS5 query that cannot fail: every word must appear (prefixes match);
    "quoted phrases" stay phrases. `words_for(prefix)`, if given, lists the indexed words a
    prefix stands for (see `Store.words_beginning`), which are then searched for exactly."""
    import re

    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        if phrase:
            tokens = re.findall(r"\w+", phrase)
            if tokens:
                parts.append('"' + " ".join(tokens) + '"')
        else:
            for token in re.findall(r"\w+", word):
                exact = words_for(token) if words_for else None
                parts.append(
                    "(" + " OR ".join(f'"{w}"' for w in exact) + ")" if exact else f'"{token}"*'
                )
    return " AND ".join(parts) if parts else '""'


def entry_to_row(entry: EntryLike) -> dict[str, Any]:
    data = entry.as_json()
    for name in LIST_FIELDS:
        data[name] = json.dumps(data[name], ensure_ascii=False)
    for name in BOOL_FIELDS:
        if data[name] is not None:
            data[name] = int(data[name])
    return data


def row_to_json(row: sqlite3.Row) -> dict[str, Any]:
    data = {k: row[k] for k in ENTRY_COLUMNS}
    for name in LIST_FIELDS:
        data[name] = json.loads(data[name])
    for name in BOOL_FIELDS:
        if data[name] is not None:
            data[name] = bool(data[name])
    return data


def _damaged(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"Cannot write to the database {path}: the file or its folder is read-only"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"The database {path} is busy (another program holds it); try again")
    if "disk" in text and ("full" in text or "I/O" in text):
        return StoreError(f"Cannot write to the database {path}: {text}; nothing was saved")
    return StoreError(
        f"The database {path} looks damaged ({text}); svtool has not changed it",
        hint="Run `svtool doctor` and restore your latest backup.",
    )


def database_failure(error: BaseException) -> tuple[str, str] | None:
    """What to tell the rep (message, hint) when SQLite itself failed, or None for other errors."""
    if isinstance(error, sqlite3.DatabaseError):
        return (
            f"The database could not be used ({error}); nothing was saved",
            "Run `svtool doctor` to check it.",
        )
    return None


def ids_starting(db: Path, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
    """(id, summary) of the newest live entries whose id starts so, for shell completion: read-only,
    never creating or migrating anything, and empty whenever the file cannot be read."""
    if not db.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute(
                "SELECT id, summary FROM entries WHERE id LIKE ? AND deleted_at IS NULL "
                "ORDER BY seq DESC LIMIT ?",
                [prefix.lower() + "%", limit],
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [(str(r[0]), str(r[1])) for r in rows]


def open_store(path: Path) -> Store:
    return Store(path)


def set_scan(conn: sqlite3.Connection, seq: int, scan: str | None) -> None:
    """Keep the personal-data scan of the text just written, so exports need not scan it again."""
    conn.execute("UPDATE entries SET pii_scan = ? WHERE seq = ?", [scan, seq])


def record_attachment(conn: sqlite3.Connection, attachment: Attachment) -> bool:
    """Inside a transaction: one row per (entry, document, name); False if it was already there."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO attachments (entry_id, sha256, name, size, media_type, attached_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            attachment.entry_id,
            attachment.sha256,
            attachment.name,
            attachment.size,
            attachment.media_type,
            attachment.attached_at,
        ],
    )
    return cursor.rowcount == 1
