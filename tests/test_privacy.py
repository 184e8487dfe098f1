"""Personal data at entry, in the store, and removed for good by purge."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import VALID_LOG

NAME_NOTE = "Jack Smith in Year 4 has had no support since September"
DETAILS = "Mum (Mrs Jones, 07700 900123) was told there is no money. NHS number 999 000 0018."


def test_log_warns_about_each_finding_and_keeps_the_text(svtool, rows):
    result = svtool("log", *VALID_LOG, "--details", DETAILS)
    assert result.exit_code == 0, result.output
    start = DETAILS.index("07700")
    assert (
        f"Warning: details: possible phone number at characters {start + 1}–{start + 12}"
        in result.stderr
    )
    assert "Warning: details: possible NHS number" in result.stderr
    assert "900123" not in result.stderr  # where, not what
    assert rows()[0]["details"] == DETAILS


def test_log_redact_replaces_every_finding(svtool):
    args = [a if a != VALID_LOG[VALID_LOG.index("--summary") + 1] else NAME_NOTE for a in VALID_LOG]
    result = svtool("log", *args, "--details", DETAILS, "--redact", "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert entry["summary"].startswith("[child] in Year 4")
    assert "07700" not in entry["details"] and "[phone]" in entry["details"]
    assert "0018" not in entry["details"] and "[NHS number]" in entry["details"]
    assert "Year 4" in entry["summary"]


def test_clean_evidence_gets_no_warning(svtool):
    result = svtool(
        "log",
        *VALID_LOG,
        "--details",
        "The LA refused 12 of 20 EHC needs assessments within 20 weeks; Year 6.",
    )
    assert result.exit_code == 0
    assert "Warning" not in result.stderr


def test_scan_lists_findings_in_the_store(svtool, log_entry):
    entry = log_entry(details=DETAILS)
    log_entry(details="Nothing personal here: 3 pupils in Year 2.")
    found = json.loads(svtool("scan", "--json").stdout)
    assert {f["id"] for f in found} == {entry["id"]}
    assert {f["kind"] for f in found} >= {"phone", "nhs_number"}
    assert all(f["field"] == "details" for f in found)
    assert "phone number" in svtool("scan").stdout


def test_edit_redact_cleans_an_existing_entry(svtool, log_entry):
    entry = log_entry(details=DETAILS)
    result = svtool("edit", entry["id"], "--redact", "--json")
    assert result.exit_code == 0, result.output
    assert "07700" not in json.loads(result.stdout)["details"]
    assert json.loads(svtool("scan", "--json").stdout) == []


def test_scan_jsonl_for_evaluating_the_detector(svtool, tmp_path):
    corpus = tmp_path / "notes.jsonl"
    corpus.write_text(
        json.dumps({"id": "n1", "text": "Call Sarah on 07700 900456"})
        + "\n"
        + json.dumps({"id": 2, "text": "The LA cut 3 posts."})
        + "\n",
        encoding="utf-8",
    )
    result = svtool("scan", "--format", "jsonl", str(corpus))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[1] == {"id": 2, "spans": []}
    assert lines[0]["id"] == "n1"
    assert {"start": 14, "end": 26, "kind": "phone"} in lines[0]["spans"]


def test_scan_jsonl_reports_bad_lines(svtool, tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": 1, "text": "ok"}\nnot json\n{"text": "no id"}\n', encoding="utf-8")
    result = svtool("scan", "--format", "jsonl", str(corpus))
    assert result.exit_code == 2
    assert json.loads(result.stdout.splitlines()[0]) == {"id": 1, "spans": []}
    assert "line 2 is not JSON" in result.stderr and 'line 3 needs an "id"' in result.stderr


def test_purge_leaves_no_trace_in_the_file(svtool, log_entry, db_path, tmp_path):
    secret = "Zebediah-Quartermaine-7731"
    old = log_entry(details=f"Old note mentioning {secret}")
    svtool("edit", old["id"], "--summary", f"Edited {secret}")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE entries SET logged_at = '2020-01-01T00:00:00.000000Z' WHERE id = ?", [old["id"]]
        )
    conn.close()
    keep = log_entry(details="Recent note about hours caps")
    result = svtool("purge", "--before", "2021-01-01", "--yes")
    assert result.exit_code == 0, result.output
    assert "Permanently removed 1 entry" in result.stderr
    assert [e["id"] for e in json.loads(svtool("list", "--json").stdout)] == [keep["id"]]
    assert svtool("history", old["id"]).exit_code == 1
    raw = b"".join(
        Path(str(db_path) + suffix).read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(str(db_path) + suffix).exists()
    )
    assert secret.encode() not in raw
    assert b"Zebediah" not in raw


def test_purge_needs_confirmation_and_a_date(svtool, log_entry):
    log_entry()
    assert svtool("purge", "--before", "2999-01-01").exit_code == 2
    bad = svtool("purge", "--before", "soon", "--yes")
    assert bad.exit_code == 2 and "--before" in bad.stderr
    nothing = svtool("purge", "--before", "2000-01-01", "--yes")
    assert nothing.exit_code == 0 and "nothing to purge" in nothing.stderr


def test_edit_redact_also_cleans_the_history(svtool, log_entry):
    entry = log_entry(details=DETAILS)
    assert svtool("edit", entry["id"], "--status", "raised-with-la").exit_code == 0
    assert svtool("edit", entry["id"], "--redact").exit_code == 0
    history = svtool("history", entry["id"], "--json").stdout
    assert "07700" not in history and "Jones" not in history
    assert len(json.loads(history)) == 3
