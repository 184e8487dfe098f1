"""Migration m008: the analyst's database, as released. Never edit: add a later migration.

Adds the reference tables (`authorities`, `checklist_sections`, `checklist_questions`,
`checklist_strategies`), created empty and filled by `analysis.reference`; the `evidence` table,
one row per live entry in readable form, kept in step with `entries` by triggers; its full-text
index `evidence_fts` in sqlite-utils' form (so `sqlite-utils search` and Datasette find it),
which replaces `entries_fts`; and the views `evidence_questions` and `evidence_strategies`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# (column, declaration, expression over the entries row `r`), in the order analysts see them.
EVIDENCE: tuple[tuple[str, str, str], ...] = (
    ("id", "TEXT PRIMARY KEY", "{r}.id"),
    ("occurred_on", "TEXT NOT NULL", "{r}.occurred_on"),
    ("authority_name", "TEXT NOT NULL", "{r}.authority_name"),
    ("authority_code", "TEXT NOT NULL", "{r}.authority_code"),
    (
        "ons_code",
        "TEXT",
        "(SELECT a.ons_code FROM authorities a WHERE a.la_code = {r}.authority_code)",
    ),
    ("region", "TEXT", "(SELECT a.region FROM authorities a WHERE a.la_code = {r}.authority_code)"),
    (
        "programme",
        "TEXT NOT NULL",
        "coalesce((SELECT a.programme FROM authorities a WHERE a.la_code = {r}.authority_code), "
        "replace({r}.programme, '_', '-'))",
    ),
    ("section", "TEXT NOT NULL", "{r}.section"),
    (
        "section_title",
        "TEXT",
        "(SELECT s.short_title FROM checklist_sections s WHERE s.id = {r}.section)",
    ),
    ("questions", "TEXT NOT NULL", "{r}.questions"),
    ("strategies", "TEXT NOT NULL", "{r}.strategies"),
    ("summary", "TEXT NOT NULL", "{r}.summary"),
    ("details", "TEXT NOT NULL", "{r}.details"),
    ("setting", "TEXT NOT NULL", "{r}.setting"),
    ("source", "TEXT NOT NULL", "{r}.source"),
    ("learners_affected", "INTEGER", "{r}.learners_affected"),
    ("staff_affected", "INTEGER", "{r}.staff_affected"),
    ("impacts", "TEXT NOT NULL", "{r}.impacts"),
    ("tags", "TEXT NOT NULL", "{r}.tags"),
    ("timescale_extended", "TEXT", "{yes_no_timescale}"),
    ("stricter_targets", "TEXT", "{yes_no_targets}"),
    ("posts_cut", "INTEGER", "{r}.posts_cut"),
    ("roles_cut", "TEXT NOT NULL", "{r}.roles_cut"),
    ("staff_left", "INTEGER", "{r}.staff_left"),
    ("consulted", "TEXT NOT NULL", "{r}.consulted"),
    ("status", "TEXT NOT NULL", "{r}.status"),
    ("outcome", "TEXT NOT NULL", "{r}.outcome"),
    ("logged_at", "TEXT NOT NULL", "{r}.logged_at"),
    ("revised_at", "TEXT", "{r}.revised_at"),
    ("revision", "INTEGER NOT NULL", "{r}.revision"),
    ("programme_when_logged", "TEXT NOT NULL", "replace({r}.programme, '_', '-')"),
)
# Every entries column a row of evidence is made from: an UPDATE of any of them remakes the row
# (pii_scan, written after every log, does not).
SOURCE_COLUMNS = (
    "id", "revision", "authority_code", "authority_name", "programme", "section", "questions",
    "strategies", "summary", "details", "occurred_on", "setting", "source", "learners_affected",
    "staff_affected", "impacts", "tags", "logged_at", "timescale_extended", "stricter_targets",
    "posts_cut", "roles_cut", "staff_left", "consulted", "status", "outcome", "revised_at",
    "deleted_at",
)  # fmt: skip
FTS_COLUMNS = ("summary", "details", "outcome")


def _yes_no(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} THEN 'yes' ELSE 'no' END"


def _select(row: str) -> str:
    """The evidence columns (rowid first) computed from the entries row called `row`."""
    values = [f"{row}.seq"]
    for _, _, expression in EVIDENCE:
        values.append(
            expression.format(
                r=row,
                yes_no_timescale=_yes_no(f"{row}.timescale_extended"),
                yes_no_targets=_yes_no(f"{row}.stricter_targets"),
            )
        )
    return "SELECT " + ", ".join(values)


def _insert(row: str) -> str:
    names = ", ".join(["rowid", *(name for name, _, _ in EVIDENCE)])
    return f"INSERT INTO evidence ({names}) {_select(row)}"


def apply(db: Database) -> None:
    _reference_tables(db)
    columns = ",\n    ".join(f"{name} {decl}" for name, decl, _ in EVIDENCE)
    db.execute(f"CREATE TABLE evidence (\n    {columns}\n)")
    db.execute(f"{_insert('e')} FROM entries e WHERE e.deleted_at IS NULL ORDER BY e.seq")
    db.execute("CREATE INDEX evidence_authority ON evidence (authority_code, section)")
    db.execute("CREATE INDEX evidence_occurred ON evidence (occurred_on)")
    db.execute("CREATE INDEX evidence_programme ON evidence (programme)")
    db.execute(
        f"""
        CREATE TRIGGER entries_evidence_insert AFTER INSERT ON entries
        WHEN new.deleted_at IS NULL BEGIN
            {_insert("new")};
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER entries_evidence_update AFTER UPDATE OF {", ".join(SOURCE_COLUMNS)}
        ON entries BEGIN
            DELETE FROM evidence WHERE rowid = old.seq;
            {_insert("new")} WHERE new.deleted_at IS NULL;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER entries_evidence_delete AFTER DELETE ON entries BEGIN
            DELETE FROM evidence WHERE rowid = old.seq;
        END
        """
    )
    _search(db)
    _views(db)


def _reference_tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE authorities (
            la_code TEXT PRIMARY KEY,
            ons_code TEXT NOT NULL,
            name TEXT NOT NULL,
            region TEXT NOT NULL,
            la_type TEXT NOT NULL,
            programme TEXT NOT NULL,
            programme_name TEXT NOT NULL,
            programme_since TEXT,
            source_note TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE checklist_sections (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            short_title TEXT NOT NULL,
            title TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE checklist_questions (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            section TEXT NOT NULL,
            parent TEXT,
            text TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE checklist_strategies (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            text TEXT NOT NULL
        )
        """
    )
    # What the reference rows were made from, so that svtool refreshes them when it changes.
    db.execute(
        """
        CREATE TABLE svtool_reference (
            name TEXT PRIMARY KEY,
            digest TEXT NOT NULL,
            refreshed_at TEXT NOT NULL
        )
        """
    )


def _search(db: Database) -> None:
    """evidence_fts replaces entries_fts: the same words, ranked the same, for live entries only."""
    for trigger in ("entries_fts_insert", "entries_fts_delete", "entries_fts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS entries_fts")
    listed = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    old = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
    new = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
    # sqlite-utils' own form (content=[evidence], triggers evidence_ai/_ad/_au), so that
    # `sqlite-utils search` and Datasette's ?_search= find it.
    db.execute(
        f"CREATE VIRTUAL TABLE [evidence_fts] USING FTS5 ({listed}, "
        "tokenize='unicode61 remove_diacritics 2', content=[evidence])"
    )
    db.execute(
        f"""
        CREATE TRIGGER [evidence_ai] AFTER INSERT ON [evidence] BEGIN
            INSERT INTO [evidence_fts] (rowid, {listed}) VALUES (new.rowid, {new});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER [evidence_ad] AFTER DELETE ON [evidence] BEGIN
            INSERT INTO [evidence_fts] ([evidence_fts], rowid, {listed})
            VALUES ('delete', old.rowid, {old});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER [evidence_au] AFTER UPDATE OF {listed} ON [evidence] BEGIN
            INSERT INTO [evidence_fts] ([evidence_fts], rowid, {listed})
            VALUES ('delete', old.rowid, {old});
            INSERT INTO [evidence_fts] (rowid, {listed}) VALUES (new.rowid, {new});
        END
        """
    )
    db.execute("INSERT INTO [evidence_fts] ([evidence_fts]) VALUES ('rebuild')")


def _views(db: Database) -> None:
    context = (
        "ev.authority_code, ev.authority_name, ev.region, ev.programme, ev.section, "
        "ev.occurred_on, ev.summary"
    )
    db.execute(
        f"""
        CREATE VIEW evidence_questions AS
        SELECT ev.id AS entry_id, q.question AS question, cq.text AS question_text, {context},
               ev.rowid AS rowid
        FROM entry_questions q
        JOIN evidence ev ON ev.rowid = q.entry_seq
        LEFT JOIN checklist_questions cq ON cq.id = q.question
        """
    )
    db.execute(
        f"""
        CREATE VIEW evidence_strategies AS
        SELECT ev.id AS entry_id, s.strategy AS strategy, cs.text AS strategy_text, {context},
               ev.rowid AS rowid
        FROM entry_strategies s
        JOIN evidence ev ON ev.rowid = s.entry_seq
        LEFT JOIN checklist_strategies cs ON cs.id = s.strategy
        """
    )
