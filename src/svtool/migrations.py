"""Numbered schema migrations, recorded in the database by sqlite-utils' Migrations.

Never edit a migration once released: add the next one. Names are m### in strictly increasing order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "svtool"
# Kept here, not discovered, so that opening an up-to-date database never imports sqlite-utils.
KNOWN = ("m001_entries", "m002_exchange")


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

    names = [mig.name for mig in m._migrations]
    if (
        tuple(names) != KNOWN
    ):  # pragma: no cover - guards against editing one list and not the other
        raise RuntimeError(f"migrations.KNOWN is out of date: {names}")
    return m
