"""Numbered schema migrations, recorded in the database by sqlite-utils' Migrations.

Never edit a migration once released: add the next one. Names are m### in strictly increasing order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "svtool"
# Kept here, not discovered, so that opening an up-to-date database never imports sqlite-utils.
KNOWN = (
    "m001_entries",
    "m002_exchange",
    "m003_living_evidence",
    "m004_attachments",
    "m005_exchange_history",
    "m006_report_index",
    "m007_deleted_index",
    "m008_analysts",
    "m009_evidence_sources",
)


def migrations() -> Migrations:
    from sqlite_utils import Migrations

    m = Migrations(MIGRATION_SET)

    @m(name="m001_entries")
    def m001_entries(db: Database) -> None:
        db.execute(
            """
            CREATE TABLE entries (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                revision INTEGER NOT NULL DEFAULT 1,
                authority_code TEXT NOT NULL,
                authority_name TEXT NOT NULL,
                programme TEXT NOT NULL,
                section TEXT NOT NULL,
                questions TEXT NOT NULL,
                strategies TEXT NOT NULL DEFAULT '[]',
                summary TEXT NOT NULL,
                details TEXT NOT NULL DEFAULT '',
                occurred_on TEXT NOT NULL,
                setting TEXT NOT NULL,
                source TEXT NOT NULL,
                learners_affected INTEGER,
                staff_affected INTEGER,
                impacts TEXT NOT NULL DEFAULT '[]',
                tags TEXT NOT NULL DEFAULT '[]',
                logged_at TEXT NOT NULL,
                timescale_extended INTEGER,
                stricter_targets INTEGER,
                posts_cut INTEGER,
                roles_cut TEXT NOT NULL DEFAULT '[]',
                staff_left INTEGER,
                consulted TEXT NOT NULL DEFAULT '[]'
            )
            """
        )
        db.execute("CREATE INDEX entries_authority ON entries (authority_code, occurred_on)")
        db.execute("CREATE INDEX entries_occurred ON entries (occurred_on)")
        db.execute("CREATE INDEX entries_section ON entries (section, occurred_on)")
        for table, column in (
            ("entry_questions", "question"),
            ("entry_strategies", "strategy"),
            ("entry_impacts", "impact"),
            ("entry_tags", "tag"),
        ):
            db.execute(
                f"""
                CREATE TABLE {table} (
                    entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
                    {column} TEXT NOT NULL,
                    PRIMARY KEY ({column}, entry_seq)
                ) WITHOUT ROWID
                """
            )
            db.execute(f"CREATE INDEX {table}_entry ON {table} (entry_seq)")

    @m(name="m002_exchange")
    def m002_exchange(db: Database) -> None:
        # What each export carried (for `export --new`), and where imported entries came from.
        db.execute(
            """
            CREATE TABLE exports (
                seq INTEGER PRIMARY KEY,
                bundle_id TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                path TEXT NOT NULL,
                format TEXT NOT NULL,
                entry_count INTEGER NOT NULL,
                new_only INTEGER NOT NULL DEFAULT 0,
                recipient_fingerprint TEXT
            )
            """
        )
        db.execute(
            """
            CREATE TABLE export_items (
                entry_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                export_seq INTEGER NOT NULL REFERENCES exports (seq) ON DELETE CASCADE,
                PRIMARY KEY (entry_id, revision, export_seq)
            ) WITHOUT ROWID
            """
        )
        db.execute(
            """
            CREATE TABLE imports (
                bundle_id TEXT PRIMARY KEY,
                format_version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                svtool_version TEXT NOT NULL,
                reporter_name TEXT,
                reporter_la TEXT,
                reporter_email TEXT,
                file_name TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                entry_count INTEGER NOT NULL
            )
            """
        )
        db.execute(
            """
            CREATE TABLE entry_origins (
                entry_id TEXT PRIMARY KEY,
                revision INTEGER NOT NULL,
                bundle_id TEXT NOT NULL REFERENCES imports (bundle_id)
            )
            """
        )
        db.execute("CREATE INDEX entry_origins_bundle ON entry_origins (bundle_id)")

    @m(name="m003_living_evidence")
    def m003_living_evidence(db: Database) -> None:
        # Follow-up, revisions with their history, deletions that travel, and full-text search.
        for column in (
            "status TEXT NOT NULL DEFAULT 'not-raised'",
            "outcome TEXT NOT NULL DEFAULT ''",
            "revised_at TEXT",
            "deleted_at TEXT",
            "deletion_reason TEXT",
        ):
            db.execute(f"ALTER TABLE entries ADD COLUMN {column}")
        db.execute("UPDATE entries SET revised_at = logged_at WHERE revised_at IS NULL")
        db.execute("CREATE INDEX entries_status ON entries (status)")
        db.execute(
            """
            CREATE TABLE entry_revisions (
                entry_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                revised_at TEXT NOT NULL,
                change TEXT NOT NULL,
                reason TEXT,
                data TEXT NOT NULL,
                PRIMARY KEY (entry_id, revision)
            ) WITHOUT ROWID
            """
        )
        db.execute(
            """
            CREATE VIRTUAL TABLE entries_fts USING fts5(
                summary, details, outcome,
                content='entries', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
            )
            """
        )
        db.execute(
            """
            CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
                INSERT INTO entries_fts (rowid, summary, details, outcome)
                VALUES (new.seq, new.summary, new.details, new.outcome);
            END
            """
        )
        db.execute(
            """
            CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
                INSERT INTO entries_fts (entries_fts, rowid, summary, details, outcome)
                VALUES ('delete', old.seq, old.summary, old.details, old.outcome);
            END
            """
        )
        db.execute(
            """
            CREATE TRIGGER entries_fts_update AFTER UPDATE OF summary, details, outcome ON entries
            BEGIN
                INSERT INTO entries_fts (entries_fts, rowid, summary, details, outcome)
                VALUES ('delete', old.seq, old.summary, old.details, old.outcome);
                INSERT INTO entries_fts (rowid, summary, details, outcome)
                VALUES (new.seq, new.summary, new.details, new.outcome);
            END
            """
        )
        db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
        # The first snapshot of entries stored before history existed; frozen to this schema.
        text = [
            "id",
            "revision",
            "authority_code",
            "authority_name",
            "programme",
            "section",
            "summary",
            "details",
            "occurred_on",
            "setting",
            "source",
            "learners_affected",
            "staff_affected",
            "logged_at",
            "posts_cut",
            "staff_left",
            "status",
            "outcome",
            "revised_at",
        ]
        lists = ["questions", "strategies", "impacts", "tags", "roles_cut", "consulted"]
        flags = ["timescale_extended", "stricter_targets"]
        pairs = [f"'{c}', {c}" for c in text]
        pairs += [f"'{c}', json({c})" for c in lists]
        pairs += [
            f"'{c}', CASE WHEN {c} IS NULL THEN NULL ELSE json(CASE WHEN {c} THEN 'true' ELSE 'false' END) END"
            for c in flags
        ]
        db.execute(
            "INSERT INTO entry_revisions (entry_id, revision, revised_at, change, reason, data) "
            f"SELECT id, revision, logged_at, 'created', NULL, json_object({', '.join(pairs)}) FROM entries"
        )

    @m(name="m004_attachments")
    def m004_attachments(db: Database) -> None:
        # Documents that prove a point; the bytes live in a folder beside the database, by sha256.
        db.execute(
            """
            CREATE TABLE attachments (
                entry_id TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                media_type TEXT NOT NULL,
                attached_at TEXT NOT NULL,
                PRIMARY KEY (entry_id, sha256, name)
            ) WITHOUT ROWID
            """
        )
        db.execute("CREATE INDEX attachments_sha256 ON attachments (sha256)")

    @m(name="m005_exchange_history")
    def m005_exchange_history(db: Database) -> None:
        # The detector's findings for an entry's current text (NULL: not scanned, e.g. imported).
        db.execute("ALTER TABLE entries ADD COLUMN pii_scan TEXT")
        # Deletions received for entries never held here, so an older bundle cannot bring them in.
        db.execute(
            """
            CREATE TABLE tombstones (
                entry_id TEXT PRIMARY KEY,
                revision INTEGER NOT NULL,
                deleted_at TEXT NOT NULL,
                reason TEXT,
                bundle_id TEXT
            ) WITHOUT ROWID
            """
        )
        # Which attachments each bundle carried (attaching a file does not change the revision).
        db.execute(
            """
            CREATE TABLE export_attachments (
                entry_id TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                name TEXT NOT NULL,
                export_seq INTEGER NOT NULL REFERENCES exports (seq) ON DELETE CASCADE,
                PRIMARY KEY (entry_id, sha256, name, export_seq)
            ) WITHOUT ROWID
            """
        )

    @m(name="m006_report_index")
    def m006_report_index(db: Database) -> None:
        # Everything a report counts, in one index: counting an authority's entries never has to
        # read the entries themselves (a tenth faster for the busiest authority on 1M entries).
        db.execute(
            "CREATE INDEX entries_report ON entries (authority_code, occurred_on, deleted_at, "
            "section, setting, source, learners_affected, staff_affected, status)"
        )

    @m(name="m007_deleted_index")
    def m007_deleted_index(db: Database) -> None:
        # Deleted entries are few: an export finds the tombstones it carries without reading
        # every entry (0.2 s on 100,000 entries).
        db.execute(
            "CREATE INDEX entries_deleted ON entries (deleted_at, seq) WHERE deleted_at IS NOT NULL"
        )

    @m(name="m008_analysts")
    def m008_analysts(db: Database) -> None:
        from svtool.analysis.m008 import apply

        apply(db)

    @m(name="m009_evidence_sources")
    def m009_evidence_sources(db: Database) -> None:
        # For analysts: who sent each piece of evidence (the bundle that brought its newest
        # imported revision, and the Local Association its rep gave), without the rep's name.
        db.execute(
            """
            CREATE VIEW evidence_sources AS
            SELECT ev.id AS entry_id, ev.authority_code, ev.authority_name, ev.occurred_on,
                   i.reporter_la AS reporter_local_association, o.bundle_id AS bundle_id,
                   i.imported_at AS imported_at, ev.rowid AS rowid
            FROM evidence ev
            LEFT JOIN entry_origins o ON o.entry_id = ev.id
            LEFT JOIN imports i ON i.bundle_id = o.bundle_id
            """
        )

    names = [mig.name for mig in m._migrations]
    if (
        tuple(names) != KNOWN
    ):  # pragma: no cover - guards against editing one list and not the other
        raise RuntimeError(f"migrations.KNOWN is out of date: {names}")
    return m
