"""Attachments: stored once by checksum, listed, copied back byte for byte, limited in size."""

from __future__ import annotations

import json
import os
import stat

from conftest import VALID_LOG


def test_log_attach_and_get_a_copy_back(svtool, tmp_path, db_path):
    doc = tmp_path / "minutes.pdf"
    doc.write_bytes(os.urandom(5000))
    result = svtool("log", *VALID_LOG, "--attach", str(doc), "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    shown = json.loads(svtool("show", entry["id"], "--json").stdout)
    assert [(a["name"], a["size"], a["media_type"]) for a in shown["attachments"]] == [
        ("minutes.pdf", 5000, "application/pdf")
    ]
    assert "minutes.pdf" in svtool("show", entry["id"]).stdout
    out = tmp_path / "out"
    out.mkdir()
    got = svtool("attachment", "get", entry["id"], "--output", str(out))
    assert got.exit_code == 0, got.output
    assert (out / "minutes.pdf").read_bytes() == doc.read_bytes()
    blobs = list((db_path.parent / "svtool-attachments").rglob("*"))
    assert any(b.is_file() and b.name == shown["attachments"][0]["sha256"] for b in blobs)
    if os.name == "posix":
        blob = next(b for b in blobs if b.is_file())
        assert stat.S_IMODE(blob.stat().st_mode) == 0o600


def test_the_same_document_twice_is_stored_once(svtool, log_entry, tmp_path, db_path):
    doc = tmp_path / "letter.txt"
    doc.write_text("The LA will not fund the place.", encoding="utf-8")
    a = log_entry()
    b = log_entry()
    assert svtool("attach", a["id"], str(doc)).exit_code == 0
    assert svtool("attach", b["id"][:8], str(doc)).exit_code == 0
    files = [p for p in (db_path.parent / "svtool-attachments").rglob("*") if p.is_file()]
    assert len(files) == 1


def test_size_limit_and_missing_files_are_refused_before_anything_is_written(
    svtool, tmp_path, rows
):
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    assert svtool("config", "set", "attachment_max_mb", "1").exit_code == 0
    result = svtool("log", *VALID_LOG, "--attach", str(big), "--attach", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 2
    assert "big.bin is 2.0 MB, over the limit of 1 MB" in result.stderr
    assert "nope.pdf does not exist" in result.stderr
    assert rows() == []


def test_text_attachments_are_scanned_for_personal_data(svtool, log_entry, tmp_path):
    entry = log_entry()
    note = tmp_path / "note.txt"
    note.write_text("Call Mrs Jones on 07700 900123 about her son.", encoding="utf-8")
    result = svtool("attach", entry["id"], str(note))
    assert result.exit_code == 0
    assert "Warning: attachment note.txt: possible phone number" in result.stderr


def test_damaged_stored_copy_is_detected(svtool, log_entry, tmp_path, db_path):
    entry = log_entry()
    doc = tmp_path / "plan.txt"
    doc.write_text("Safety Valve plan", encoding="utf-8")
    svtool("attach", entry["id"], str(doc))
    blob = next(p for p in (db_path.parent / "svtool-attachments").rglob("*") if p.is_file())
    blob.write_text("tampered", encoding="utf-8")
    out = tmp_path / "o"
    out.mkdir()
    result = svtool("attachment", "get", entry["id"], "--output", str(out))
    assert result.exit_code == 1 and "damaged" in result.stderr


def test_attaching_the_same_file_again_says_so(svtool, log_entry, tmp_path):
    entry = log_entry()
    doc = tmp_path / "minutes.txt"
    doc.write_text("Schools Forum minutes", encoding="utf-8")
    assert "Attached minutes.txt" in svtool("attach", entry["id"], str(doc)).stderr
    again = svtool("attach", entry["id"], str(doc))
    assert again.exit_code == 0
    assert "already attached" in again.stderr and "Attached minutes.txt" not in again.stderr
    shown = json.loads(svtool("show", entry["id"], "--json").stdout)
    assert len(shown["attachments"]) == 1
