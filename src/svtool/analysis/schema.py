"""What every analyst table, view and column means: one source for docs/analysts.md and Datasette.

`check(conn)` compares these descriptions with a live database (every column described, none
missing, in order); `markdown(conn)` writes the tables' part of docs/analysts.md (everything after
its MARKER line) from the live schema, so a test that compares the two fails when either drifts.
Regenerate it with `python -m svtool.analysis.schema`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LIST = "as a JSON array (`json_each()` opens it; Datasette facets it with `_facet_array=`)"


@dataclass(frozen=True)
class Described:
    name: str
    title: str
    description: str
    columns: dict[str, str]
    sort_desc: str | None = None
    searchable: bool = False  # through evidence_fts
    extra: dict[str, Any] = field(default_factory=dict)


TABLES: tuple[Described, ...] = (
    Described(
        "evidence",
        "Evidence",
        "One row for each piece of evidence held (deleted entries are not here): start here. "
        "Search its summary, details and outcome with ?_search= (full-text index evidence_fts).",
        {
            "id": "The entry's id (a UUID), the same in every export and database.",
            "occurred_on": "When it happened (YYYY-MM-DD).",
            "authority_name": "The local authority, as the rep recorded it.",
            "authority_code": "The authority's three-digit DfE code (joins authorities.la_code).",
            "ons_code": "The authority's ONS code (E06…, E08…, E09…, E10…).",
            "region": "The authority's English region.",
            "programme": "The authority's programme in the authorities list svtool uses, as "
            "the command line spells it: safety-valve, dbv or none (what reports group by).",
            "section": "The checklist section: 1 to 6, or other (joins checklist_sections.id).",
            "section_title": "The section's short title.",
            "questions": f"The checklist questions it answers, {LIST}.",
            "strategies": f"For question 2.1, the ways the authority limits access, {LIST}.",
            "summary": "One line saying what happened.",
            "details": "The full account (may hold several lines; may be empty).",
            "setting": "The kind of setting (e.g. mainstream-primary, special-school).",
            "source": "How the rep knows (e.g. first-hand, la-document, meeting).",
            "learners_affected": "How many learners were affected, if known.",
            "staff_affected": "How many staff were affected, if known.",
            "impacts": f"The impacts on staff and learners, {LIST}.",
            "tags": f"The rep's own tags, {LIST}.",
            "timescale_extended": "1.7.1: has the DfE extended the timescale? yes, no, or empty.",
            "stricter_targets": "1.7.2: is the authority forced to set stricter targets? yes, no, "
            "or empty.",
            "posts_cut": "4.1: how many posts were cut, if given.",
            "roles_cut": f"4.1: the roles cut, {LIST}.",
            "staff_left": "4.2: how many staff left to earn more elsewhere, if given.",
            "consulted": f"6.2: who is being consulted, {LIST}.",
            "status": "Follow-up: not-raised, raised-with-school, raised-with-la, escalated or "
            "resolved.",
            "outcome": "What came of raising it (may be empty).",
            "logged_at": "When the rep recorded it (UTC, ISO 8601).",
            "revised_at": "When it was last changed (UTC, ISO 8601).",
            "revision": "The entry's revision: 1 when logged, one more for each change.",
            "programme_when_logged": "The authority's programme recorded with the entry when it "
            "was logged (safety-valve, dbv or none).",
        },
        sort_desc="occurred_on",
        searchable=True,
    ),
    Described(
        "evidence_questions",
        "Evidence by checklist question",
        "One row for each question each piece of evidence answers (a view of evidence).",
        {
            "entry_id": "The entry (joins evidence.id).",
            "question": "The checklist question id, e.g. 2.1 (joins checklist_questions.id).",
            "question_text": "The question, in the briefing's words.",
            "authority_code": "As in evidence.",
            "authority_name": "As in evidence.",
            "region": "As in evidence.",
            "programme": "As in evidence.",
            "section": "As in evidence.",
            "occurred_on": "As in evidence.",
            "summary": "As in evidence.",
            "rowid": "The evidence row's rowid, which Datasette's search uses (not an entry id).",
        },
        searchable=True,
    ),
    Described(
        "evidence_strategies",
        "Evidence by strategy (question 2.1)",
        "One row for each strategy each piece of evidence reports (a view of evidence).",
        {
            "entry_id": "The entry (joins evidence.id).",
            "strategy": "The strategy id, e.g. hours-cap (joins checklist_strategies.id).",
            "strategy_text": "The strategy, in the briefing's words.",
            "authority_code": "As in evidence.",
            "authority_name": "As in evidence.",
            "region": "As in evidence.",
            "programme": "As in evidence.",
            "section": "As in evidence.",
            "occurred_on": "As in evidence.",
            "summary": "As in evidence.",
            "rowid": "The evidence row's rowid, which Datasette's search uses (not an entry id).",
        },
        searchable=True,
    ),
    Described(
        "evidence_sources",
        "Where each piece of evidence came from",
        "One row for each piece of evidence (a view of evidence): the bundle that brought it to "
        "this database and the Local Association its rep gave; empty for evidence logged here.",
        {
            "entry_id": "The entry (joins evidence.id).",
            "authority_code": "As in evidence: the authority the evidence is about.",
            "authority_name": "As in evidence.",
            "occurred_on": "As in evidence.",
            "reporter_local_association": "The reporting rep's NASUWT Local Association (e.g. "
            "Kent), as they set it with svtool config set local_association; empty if they set "
            "none or the evidence was logged in this database.",
            "bundle_id": "The bundle that brought its newest imported revision; empty if it was "
            "logged in this database.",
            "imported_at": "When that bundle was imported (UTC, ISO 8601).",
            "rowid": "The evidence row's rowid, which Datasette's search uses (not an entry id).",
        },
        searchable=True,
    ),
    Described(
        "authorities",
        "Local authorities",
        "All 153 English local authorities with education responsibilities, with their "
        "programme: svtool's packaged list, or head office's newer authorities.csv in the "
        "config folder (refreshed whenever svtool opens the database).",
        {
            "la_code": "The three-digit DfE code.",
            "ons_code": "The ONS code.",
            "name": "The authority's name.",
            "region": "The English region.",
            "la_type": "The kind of authority (e.g. county, unitary, metropolitan district).",
            "programme": "safety-valve, dbv or none, as the command line spells it.",
            "programme_name": "The programme in words.",
            "programme_since": "When it joined the programme, if known.",
            "source_note": "Where the programme fact comes from.",
        },
    ),
    Described(
        "checklist_sections",
        "Checklist sections",
        "The six areas of the NASUWT briefing, and other.",
        {
            "id": "The section id: 1 to 6, or other.",
            "position": "The briefing's order.",
            "short_title": "A short title.",
            "title": "The briefing's title.",
        },
    ),
    Described(
        "checklist_questions",
        "Checklist questions",
        "The briefing's questions, in its words.",
        {
            "id": "The question id, e.g. 2.1 or 1.7.1.",
            "position": "The briefing's order.",
            "section": "Its section (joins checklist_sections.id).",
            "parent": "For 1.7.1 and 1.7.2, the question they belong to.",
            "text": "The question.",
        },
    ),
    Described(
        "checklist_strategies",
        "Strategies (question 2.1)",
        "The ways of limiting access to assessments, provision and support the briefing names.",
        {
            "id": "The strategy id.",
            "position": "The briefing's order.",
            "text": "The strategy, in the briefing's words.",
        },
    ),
)
BY_NAME = {t.name: t for t in TABLES}
INTERNAL_NOTE = (
    "svtool's own storage (entries with every deleted one, link tables, history, exchange "
    "records): use the evidence tables instead."
)


class SchemaDrift(AssertionError):
    """The live database and these descriptions disagree."""


def live_columns(conn: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    return [(r[1], r[2] or "") for r in conn.execute(f"PRAGMA table_info({name})")]


def check(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        names = [c for c, _ in live_columns(conn, table.name)]
        if names != list(table.columns):
            raise SchemaDrift(
                f"{table.name}: the database has {names}, the descriptions {list(table.columns)}"
            )


def _kind(conn: sqlite3.Connection, name: str) -> str:
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else "missing"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


MARKER = (
    "<!-- Made by `python -m svtool.analysis.schema` from a new database: do not edit below. -->"
)


def markdown(conn: sqlite3.Connection) -> str:
    """The tables' part of docs/analysts.md, from the live schema and the descriptions."""
    check(conn)
    parts = [MARKER + "\n"]
    for table in TABLES:
        kind = _kind(conn, table.name)
        parts.append(f"\n## `{table.name}` ({kind}): {table.title}\n\n{table.description}\n")
        parts.append("\n| column | type | meaning |\n| --- | --- | --- |\n")
        for column, declared in live_columns(conn, table.name):
            parts.append(f"| `{column}` | {declared or '-'} | {_cell(table.columns[column])} |\n")
    internal = ", ".join(f"`{n}`" for n in internal_tables(conn))
    parts.append(f"\n## Internal tables\n\n{INTERNAL_NOTE} {internal}.\n")
    return "".join(parts)


def datasette_metadata(database: str, internal: list[str]) -> dict[str, Any]:
    """Titles, descriptions, column meanings and search for Datasette (`svtool browse`); facets
    are asked for in the address (README's pages), so that none is shown twice."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        config: dict[str, Any] = {
            "title": table.title,
            "description_html": _description_html(table),
        }
        if table.sort_desc:
            config["sort_desc"] = table.sort_desc
        if table.searchable:
            config["fts_table"] = "evidence_fts"
            config["fts_pk"] = "rowid"
        tables[table.name] = config
    for name in internal:
        tables[name] = {"hidden": True, "description": INTERNAL_NOTE}
    return {
        "title": "svtool: evidence about SEND support",
        "description": "Evidence NASUWT representatives recorded with svtool. Start with the "
        "evidence table; the svtool README's 'For analysts' section has example queries.",
        "databases": {database: {"tables": tables}},
    }


def _description_html(table: Described) -> str:
    """The description, and every column's meaning folded away under it (Datasette would
    otherwise list them all above the rows)."""
    from html import escape

    rows = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{escape(meaning)}</td></tr>"
        for name, meaning in table.columns.items()
    )
    return (
        f"<p>{escape(table.description)}</p><details><summary>What each column means</summary>"
        f"<table><tbody>{rows}</tbody></table></details>"
    )


def internal_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables and views that are svtool's own storage, not for analysts."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )
    ]
    return [
        n
        for n in names
        if n not in BY_NAME and not n.startswith("evidence_fts") and not n.startswith("sqlite_")
    ]


def main() -> None:
    """Rewrite the tables' part of docs/analysts.md from a new, empty database."""
    import tempfile

    from svtool.store import Store

    target = Path(__file__).resolve().parents[3] / "docs" / "analysts.md"
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "schema.db") as store:
        generated = markdown(store.conn)
    written = target.read_text(encoding="utf-8").split(MARKER)[0]
    target.write_text(written + generated, encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
