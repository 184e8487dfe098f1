"""Personal data replaced in an entry leaves its history too, and the file keeps no copy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

NOTE = "jayden okafor waited 30 weeks for an EHC needs assessment."
CLEAN = "[child] waited 30 weeks for an EHC needs assessment."


def _file_holds(db_path: Path, word: bytes) -> bool:
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    return any(word in p.read_bytes().lower() for p in files)


def _history(svtool, entry_id: str) -> list[dict]:
    result = svtool("history", entry_id, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_replacing_a_name_in_an_edit_replaces_it_in_the_history(svtool, log_entry, db_path):
    svtool("people", "add", "Jayden Okafor", "--role", "child")
    entry = log_entry(details=NOTE)
    # what the walk's "replace with placeholders" saves
    result = svtool("edit", entry["id"], "--details", CLEAN)
    assert result.exit_code == 0, result.output
    history = _history(svtool, entry["id"])
    assert "jayden" not in json.dumps(history).lower()
    assert "okafor" not in json.dumps(history).lower()
    # what changed and when is kept: revision 2 still says personal data was replaced there
    assert [r["revision"] for r in history] == [1, 2]
    assert "personal data replaced in details" in (history[1]["reason"] or "")
    assert "personal data replaced" in svtool("history", entry["id"]).stdout
    assert not _file_holds(db_path, b"okafor")


def test_what_the_rep_keeps_in_the_current_text_stays_in_the_history(svtool, log_entry):
    entry = log_entry(details=NOTE + " Phone 07700 900123.")
    kept = "jayden okafor waited 30 weeks for an EHC needs assessment. Phone [phone]."
    assert svtool("edit", entry["id"], "--details", kept).exit_code == 0
    history = json.dumps(_history(svtool, entry["id"]))
    assert "07700" not in history
    assert "jayden okafor" in history  # kept by the rep on purpose, so not rewritten


def test_an_ordinary_edit_leaves_the_history_alone(svtool, log_entry):
    entry = log_entry(details=NOTE)
    assert svtool("edit", entry["id"], "--status", "raised-with-la").exit_code == 0
    history = _history(svtool, entry["id"])
    assert history[0]["entry"]["details"] == NOTE


def _old_svtool_edit(db_path: Path, entry_id: str) -> None:
    """What an older svtool left: revision 2 clean, revision 1 still holding the name."""
    conn = sqlite3.connect(db_path)
    with conn:
        data = json.loads(
            conn.execute(
                "SELECT data FROM entry_revisions WHERE entry_id = ? AND revision = 1", [entry_id]
            ).fetchone()[0]
        )
        data.update(details=CLEAN, revision=2, revised_at="2026-12-01T10:00:00Z")
        conn.execute(
            "UPDATE entries SET details = ?, revision = 2, revised_at = ?, pii_scan = NULL "
            "WHERE id = ?",
            [CLEAN, data["revised_at"], entry_id],
        )
        conn.execute(
            "INSERT INTO entry_revisions (entry_id, revision, revised_at, change, reason, data) "
            "VALUES (?, 2, ?, 'edited', NULL, ?)",
            [entry_id, data["revised_at"], json.dumps(data)],
        )
    conn.close()


def test_scan_looks_at_earlier_revisions_and_says_how_to_clean_them(svtool, log_entry, db_path):
    svtool("people", "add", "Jayden Okafor", "--role", "child")
    entry = log_entry(details=NOTE)
    _old_svtool_edit(db_path, entry["id"])
    found = json.loads(svtool("scan", "--json").stdout)
    assert found and all(f["revision"] == 1 and f["current"] is False for f in found)
    shown = svtool("scan")
    assert "No personal data found" not in shown.stderr
    assert "revision 1" in shown.stdout or "earlier revision" in shown.stdout
    assert f"svtool edit {entry['id'][:8]} --redact" in shown.stderr


def test_edit_redact_cleans_the_history_when_the_current_text_is_clean(svtool, log_entry, db_path):
    svtool("people", "add", "Jayden Okafor", "--role", "child")
    entry = log_entry(details=NOTE)
    _old_svtool_edit(db_path, entry["id"])
    result = svtool("edit", entry["id"], "--redact")
    assert result.exit_code == 0, result.output
    assert "1 earlier revision" in result.stderr
    history = _history(svtool, entry["id"])
    assert len(history) == 2  # no new revision: only the history was cleaned
    assert "okafor" not in json.dumps(history).lower()
    assert "personal data replaced in details" in (history[1]["reason"] or "")
    assert json.loads(svtool("scan", "--json").stdout) == []
    assert not _file_holds(db_path, b"okafor")
    again = svtool("edit", entry["id"], "--redact")
    assert "Nothing changed" in again.stderr


def test_scan_of_jsonl_text_uses_the_people_register(svtool, tmp_path):
    svtool("people", "add", "Zebulon Quartermaine", "--role", "child")
    # the detector alone finds no name here: only the register does
    line = json.dumps({"id": "n1", "text": "quartermaine taxi was cut"}) + "\n"
    notes = tmp_path / "notes.jsonl"
    notes.write_text(line, encoding="utf-8")
    for args, given in ((["-"], line), ([str(notes)], None)):
        result = svtool("scan", "--format", "jsonl", *args, input=given)
        assert result.exit_code == 0, result.output
        spans = json.loads(result.stdout)["spans"]
        assert [(s["start"], s["end"], s["kind"]) for s in spans] == [(0, 12, "child_name")]
