"""Everyday edges: dates as people write them, counts and grammar, a dry run that writes nothing,
one count of entries, and times in the reader's own time zone."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svtool.dates import parse_date
from svtool.words import article, count

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("3rd November 2025", "2025-11-03"),
        ("2025/11/03", "2025-11-03"),
        ("3 Nov 2025", "2025-11-03"),
        ("03.11.2025", "2025-11-03"),
        ("03/11/2025", "2025-11-03"),
        ("3/11/25", "2025-11-03"),
        ("November 3, 2025", "2025-11-03"),
        ("1st Dec 2026", "2026-12-01"),
        ("2025-11-03", "2025-11-03"),
        ("3 Nov", "2026-11-03"),  # no year: the most recent 3 November
        ("4 Dec", "2025-12-04"),  # 4 December 2026 has not come yet
        ("3 December", "2026-12-03"),  # today counts as past
        ("29 Feb", "2024-02-29"),
        ("11/03", "2026-03-11"),  # day first, as in the UK
    ],
)
def test_dates_as_people_write_them(typed, meant):
    assert parse_date(typed, TODAY).isoformat() == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Nov 2025", "no day"),
        ("2025", "no month or day"),
        ("3", "no year or month"),
        ("Monday", "no year, month or day"),
        ("tomorrow", "is not a date"),
        ("31/31/2031", "is not a date"),
        ("3 Novemberr 2025", "is not a date"),
    ],
)
def test_incomplete_or_nonsense_dates_are_refused_clearly(typed, says):
    with pytest.raises(ValueError, match=says):
        parse_date(typed, TODAY)


def test_everyday_dates_work_in_log_and_filters(svtool, log_entry):
    entry = log_entry(date="3rd November 2025")
    assert entry["occurred_on"] == "2025-11-03"
    assert log_entry(date="03.11.2025")["occurred_on"] == "2025-11-03"
    found = json.loads(
        svtool("list", "--since", "3 Nov 2025", "--until", "2025/11/03", "--json").stdout
    )
    assert len(found) == 2
    result = svtool("list", "--since", "Nov 2025")
    assert result.exit_code == 2
    assert "--since" in result.stderr and "no day" in result.stderr


def test_dates_are_shown_as_people_write_them(svtool, log_entry):
    entry = log_entry(date="2025-11-03")
    assert "3 Nov 2025" in svtool("show", entry["id"]).stdout
    assert "3 Nov 2025" in svtool("list").stdout
    assert "2025-11-03" not in svtool("show", entry["id"]).stdout


def test_future_dates_are_still_refused_for_evidence(svtool, log_entry):
    future = (date.today() + timedelta(days=40)).strftime("%d %B %Y")
    result = svtool("log", "-a", "Kent", "-q", "2.1", "--strategy", "delays", "--summary", "x",
                    "--date", future, "--setting", "mainstream-primary", "--source", "first-hand")  # fmt: skip
    assert result.exit_code == 2
    assert "in the future" in result.stderr


@given(st.dates(date(2014, 9, 1), TODAY))
def test_every_written_form_of_a_date_reads_back(day):
    for form in ("%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y", "%Y/%m/%d", "%A %d %B %Y"):
        assert parse_date(day.strftime(form), TODAY) == day, form


def test_counts_and_articles():
    assert count(1, "entry", "entries") == "1 entry"
    assert count(2, "entry", "entries") == "2 entries"
    assert count(1204, "local authority", "local authorities") == "1,204 local authorities"
    assert count(0, "match", "matches") == "0 matches"
    assert [article(w) for w in ("address", "UPN", "NHS number", "postcode", "email address")] == [
        "an", "a", "an", "a", "an",
    ]  # fmt: skip


def test_one_entry_and_one_authority_are_singular(svtool, log_entry):
    log_entry()
    assert "1 entry" in svtool("list").stdout
    assert "1 entries" not in svtool("list").stdout
    result = svtool("authorities", "Kent")
    assert "1 local authority" in result.stdout and "1 local authorities" not in result.stdout
    assert "1 entry" in svtool("report", "--authority", "Kent").stderr


def test_no_message_says_item_s():
    """Every string in svtool is written for its count, never with '(s)' ("1 problem(s)")."""
    import ast

    import svtool

    source = Path(svtool.__file__).parent
    offenders = []
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and re.search(r"[a-z]\(s\)", node.value):
                offenders.append(f"{path.relative_to(source)}:{node.lineno}")
    assert offenders == []


@pytest.fixture
def local_zone() -> Iterator[None]:
    """Time zone Europe/London, where 30 July is in British Summer Time (UTC+1)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is Unix only")
def test_times_are_shown_in_local_time(local_zone):
    from svtool.dates import local_time

    assert local_time("2025-07-30T16:02:11.123456Z") == "30 Jul 2025 17:02 BST"
    assert local_time("2025-11-30T16:02:11.123456Z") == "30 Nov 2025 16:02 GMT"


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is Unix only")
def test_show_and_history_use_local_time(svtool, log_entry, local_zone):
    entry = log_entry()
    shown = svtool("show", entry["id"]).stdout
    assert " UTC" not in shown
    assert re.search(r"Logged\s+\d+ \w{3} \d{4} \d\d:\d\d (GMT|BST)", shown), shown
    assert re.search(
        r"created \d+ \w{3} \d{4} \d\d:\d\d (GMT|BST)", svtool("history", entry["id"]).stdout
    )


def test_doctor_counts_the_entries_list_counts(svtool, log_entry):
    kept, gone, _ = log_entry(), log_entry(), log_entry()
    assert svtool("delete", gone["id"], "--yes").exit_code == 0
    listed = len(json.loads(svtool("list", "--json").stdout))
    checks = {c["name"]: c for c in json.loads(svtool("doctor", "--json").stdout)}
    assert listed == 2
    assert checks["entries"]["detail"].startswith("2 entries")
    assert "1 deleted entry" in checks["entries"]["detail"]
    report = svtool("report", "--authority", "Kent").stderr
    assert "(2 entries" in report
    assert kept["id"]


@pytest.fixture
def bundle(
    svtool: Callable[..., Any], log_entry: Callable[..., dict[str, Any]], tmp_path: Path
) -> Path:
    log_entry()
    path = tmp_path / "in.zip"
    assert svtool("export", "--output", str(path)).exit_code == 0
    return path


def test_import_dry_run_creates_no_database(svtool, bundle, tmp_path):
    target = tmp_path / "office" / "new.db"
    result = svtool("--db", str(target), "import", "--dry-run", str(bundle))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout and "dry run" in result.stdout
    assert not target.exists()
    assert not target.parent.exists()


def test_import_dry_run_leaves_an_existing_database_untouched(svtool, bundle, tmp_path):
    target = tmp_path / "office.db"
    assert svtool("--db", str(target), "list").exit_code == 0  # an empty, current database
    before = {p.name: p.read_bytes() for p in tmp_path.glob("office.db*")}
    result = svtool("--db", str(target), "import", "--dry-run", str(bundle))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout
    assert {p.name: p.read_bytes() for p in tmp_path.glob("office.db*")} == before
    assert svtool("--db", str(target), "import", str(bundle)).exit_code == 0
    assert len(json.loads(svtool("--db", str(target), "list", "--json").stdout)) == 1


def test_import_dry_run_does_not_upgrade_an_old_database(svtool, bundle, tmp_path):
    import sqlite3

    from sqlite_utils import Database

    from svtool.migrations import KNOWN, migrations

    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)  # a database from the first svtool, never upgraded
    migrations().apply(Database(conn), stop_before=KNOWN[1])
    conn.close()
    before = target.read_bytes()
    result = svtool("--db", str(target), "import", "--dry-run", str(bundle))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout
    assert target.read_bytes() == before
    assert not (tmp_path / "backups").exists()
