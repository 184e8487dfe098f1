"""The analysts' questions in README, run as written on a database made by svtool itself."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = Path(__file__).resolve().parent / "data" / "bundles"
Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### For analysts", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sql\n(.*?)\n```", section, flags=re.S)


def readme_pages() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### For analysts", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"\(`(/svtool/[^`]+)`\)", section)


@pytest.fixture
def analysts_db(svtool: Run, log_entry: Log, db_path: Path) -> Path:
    """Head office's database: a rep's two bundles (one deletion among them) and three more."""
    bundles = [str(BUNDLES / n) for n in ("bundle-v1-first.zip", "bundle-v1-later.zip")]
    assert svtool("import", *bundles).exit_code == 0
    log_entry(
        authority="Devon", strategy="refusing-assessments", date="2025-11-02",
        summary="Assessment requests refused for outreach pupils",
    )  # fmt: skip
    log_entry(authority="Hampshire", strategy="delays", summary="Therapy delayed for a term")
    log_entry(
        authority="Essex", question="3.3", strategy="", summary="SENCO workload doubled",
        date="2025-09-01",
    )  # fmt: skip
    return db_path


EXPECTED = [
    [
        ("Devon", "1", "The plan, its targets and monitoring", 1),
        ("Devon", "2", "Securing provision and support", 1),
        ("Essex", "3", "Pressures on staff", 1),
        ("Hampshire", "2", "Securing provision and support", 1),
        ("Kent", "2", "Securing provision and support", 1),
    ],
    [("dbv", 46, 1, 1), ("none", 71, 1, 1), ("safety-valve", 36, 2, 3)],
    [
        ("delays", "Hampshire", 1),
        ("delays", "Kent", 1),
        ("hours-cap", "Kent", 1),
        ("refusing-assessments", "Devon", 1),
    ],
    [
        ("Devon", "2025-11-02", "Assessment requests refused for outreach pupils"),
        ("Kent", "2025-10-01", "Outreach support capped at 10 hours a term"),
    ],
]


def test_readme_queries_return_the_expected_rows(analysts_db: Path) -> None:
    queries = readme_queries()
    assert len(queries) == len(EXPECTED)
    conn = sqlite3.connect(f"file:{analysts_db}?mode=ro", uri=True)
    try:
        for sql, expected in zip(queries, EXPECTED, strict=True):
            assert conn.execute(sql).fetchall() == expected, sql
    finally:
        conn.close()


def test_entries_would_have_counted_the_deleted_one(analysts_db: Path) -> None:
    conn = sqlite3.connect(analysts_db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 6
        assert conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 5
    finally:
        conn.close()


def test_readme_names_a_datasette_page_for_each_question() -> None:
    assert readme_pages() == [
        "/svtool/evidence?_facet=authority_name&_facet=section",
        "/svtool/evidence?_facet=programme",
        "/svtool/evidence_strategies?_facet=strategy&_facet=authority_name",
        "/svtool/evidence?_search=outreach",
    ]


def test_searches_ask_for_the_best_few() -> None:
    """A common word matches most of a large database: every search shown to analysts (README and
    docs/analysts.md) is limited, or it would print hundreds of thousands of rows."""
    for doc in (ROOT / "README.md", ROOT / "docs" / "analysts.md"):
        text = doc.read_text(encoding="utf-8")
        queries = [q for q in re.findall(r"```sql\n(.*?)\n```", text, re.S) if " MATCH " in q]
        commands = re.findall(r"^sqlite-utils search .*$", text, re.M)
        assert queries and commands, doc
        for sql in queries:
            assert re.search(r"\nLIMIT \d+;$", sql), (doc.name, sql)
        for command in commands:
            assert " --limit " in command, (doc.name, command)


def readme_columns(view: str) -> list[str]:
    """The columns README's analyst section lists for a view: the `name` opening each item of the
    list that follows the paragraph naming it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### For analysts", 1)[1].split("\n### ", 1)[0]
    start = section.index(f"`{view}`")
    items = re.search(r"\n\n((?:- .*\n(?:  .*\n)*)+)", section[start:])
    assert items, f"README names {view} but lists no columns after it"
    return re.findall(r"^- `(\w+)`", items.group(1), flags=re.M)


def test_readme_documents_the_columns_of_evidence_sources(tmp_path: Path) -> None:
    from svtool.store import Store

    with Store(tmp_path / "new.db") as store:
        live = [r[1] for r in store.conn.execute("PRAGMA table_info(evidence_sources)")]
    assert live, "there is no evidence_sources view"
    assert readme_columns("evidence_sources") == live


def test_evidence_sources_names_the_reporting_local_association(analysts_db: Path) -> None:
    conn = sqlite3.connect(f"file:{analysts_db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT authority_name, reporter_local_association, bundle_id IS NOT NULL "
            "FROM evidence_sources ORDER BY authority_name, reporter_local_association IS NULL"
        ).fetchall()
        live = conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    finally:
        conn.close()
    # One row for each piece of evidence: the two from the rep's bundles name their Local
    # Association; those logged in this database name none.
    assert len(rows) == live == 5
    assert rows == [
        ("Devon", "Kent", 1),
        ("Devon", None, 0),
        ("Essex", None, 0),
        ("Hampshire", None, 0),
        ("Kent", "Kent", 1),
    ]
