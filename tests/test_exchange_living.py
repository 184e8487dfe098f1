"""Deletions, revisions and attachments travel in bundles."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_exchange_support import db_rows, jsonl, members, rebuild, write_zip

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def export(svtool: Run, path: Path, *args: str) -> dict[str, bytes]:
    ok(svtool("export", "--output", str(path), *args))
    return members(path)


def imported(svtool: Run, hq: Path, path: Path) -> dict[str, Any]:
    result = ok(svtool("--db", str(hq), "import", "--json", str(path)))
    [data] = json.loads(result.stdout)
    return dict(data)


def visible(svtool: Run, hq: Path) -> list[str]:
    return sorted(e["id"] for e in json.loads(ok(svtool("--db", str(hq), "list", "--json")).stdout))


def test_deletion_travels_and_older_bundle_cannot_resurrect(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    keep, gone = log_entry(), log_entry(summary="Posted by mistake")
    hq = tmp_path / "hq.db"
    old = tmp_path / "old.zip"
    export(svtool, old)
    assert imported(svtool, hq, old)["new"] == 2
    ok(svtool("delete", gone["id"], "--yes", "--reason", "wrong authority"))
    got = export(svtool, tmp_path / "del.zip", "--new")
    lines = jsonl(got["entries.jsonl"])
    assert lines == [
        {
            "kind": "deletion",
            "id": gone["id"],
            "revision": 2,
            "deleted_at": lines[0]["deleted_at"],
            "reason": "wrong authority",
        }
    ]
    assert b"Posted by mistake" not in got["entries.jsonl"] + got["entries.csv"]
    result = imported(svtool, hq, tmp_path / "del.zip")
    assert (result["deleted"], result["new"]) == (1, 0)
    assert visible(svtool, hq) == [keep["id"]]
    [row] = [r for r in db_rows(hq) if r["id"] == gone["id"]]
    assert (row["revision"], row["deletion_reason"]) == (2, "wrong authority")
    # The older bundle again: the deletion holds.
    again = imported(svtool, hq, old)
    assert (again["new"], again["updated"], again["unchanged"], again["older"]) == (0, 0, 2, 1)
    assert visible(svtool, hq) == [keep["id"]]
    # --new has nothing left to send.
    assert "nothing was written" in svtool("export", "-o", str(tmp_path / "n.zip"), "--new").stderr
    # Restored, exported, imported: back at head office, with its history.
    ok(svtool("restore", gone["id"]))
    back = export(svtool, tmp_path / "back.zip", "--new")
    assert [(x["id"], x["revision"]) for x in jsonl(back["entries.jsonl"])] == [(gone["id"], 3)]
    assert imported(svtool, hq, tmp_path / "back.zip")["restored"] == 1
    assert visible(svtool, hq) == sorted([keep["id"], gone["id"]])
    history = json.loads(ok(svtool("--db", str(hq), "history", gone["id"], "--json")).stdout)
    assert [(h["revision"], h["change"]) for h in history] == [
        (1, "imported"),
        (2, "deleted"),
        (3, "imported"),
    ]


def test_deletion_of_an_entry_never_held_is_kept(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    entry = log_entry()
    hq = tmp_path / "hq.db"
    export(svtool, tmp_path / "old.zip")
    ok(svtool("delete", entry["id"], "--yes"))
    export(svtool, tmp_path / "del.zip")
    kept = imported(svtool, hq, tmp_path / "del.zip")
    assert (kept["deleted"], kept["unchanged"]) == (0, 1)  # nothing held here was deleted
    assert db_rows(hq) == []
    [tomb] = db_rows(hq, "tombstones")
    assert (tomb["entry_id"], tomb["revision"]) == (entry["id"], 2)
    late = imported(svtool, hq, tmp_path / "old.zip")
    assert (late["new"], late["older"]) == (0, 1)
    assert db_rows(hq) == []


def test_edits_at_head_office_keep_history(svtool: Run, log_entry: Log, tmp_path: Path) -> None:
    entry = log_entry()
    hq = tmp_path / "hq.db"
    export(svtool, tmp_path / "1.zip")
    imported(svtool, hq, tmp_path / "1.zip")
    ok(svtool("edit", entry["id"], "--summary", "Outreach capped at 6 hours"))
    export(svtool, tmp_path / "2.zip", "--new")
    assert imported(svtool, hq, tmp_path / "2.zip")["updated"] == 1
    history = json.loads(ok(svtool("--db", str(hq), "history", entry["id"], "--json")).stdout)
    assert [h["revision"] for h in history] == [1, 2]
    assert {"field": "summary", "old": entry["summary"], "new": "Outreach capped at 6 hours"} in (
        history[1]["changes"]
    )
    # Search at head office finds the new text only (the FTS index followed the reinsert).
    found = json.loads(ok(svtool("--db", str(hq), "search", "6 hours", "--json")).stdout)
    assert [f["id"] for f in found] == [entry["id"]]
    assert json.loads(ok(svtool("--db", str(hq), "search", "10 hours", "--json")).stdout) == []


def test_attachments_round_trip_byte_for_byte(svtool: Run, log_entry: Log, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(bytes(range(256)) * 300)
    notes = tmp_path / "minutes.txt"
    notes.write_text("Forum minutes: outreach hours cut.\n")
    entry = log_entry()
    ok(svtool("attach", entry["id"], str(pdf), str(notes)))
    got = export(svtool, tmp_path / "a.zip")
    manifest = json.loads(got["manifest.json"])
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert got[f"attachments/{sha}"] == pdf.read_bytes()
    assert manifest["files"][f"attachments/{sha}"] == {"sha256": sha, "size": pdf.stat().st_size}
    assert "never redacted" in manifest["redaction"]["attachments"]
    records = [x for x in jsonl(got["entries.jsonl"]) if x.get("kind") == "attachment"]
    assert sorted(r["name"] for r in records) == ["minutes.txt", "plan.pdf"]
    hq = tmp_path / "hq.db"
    assert imported(svtool, hq, tmp_path / "a.zip")["attachments"] == 2
    out = tmp_path / "out"
    out.mkdir()
    ok(svtool("--db", str(hq), "attachment", "get", entry["id"], "--output", str(out)))
    assert (out / "plan.pdf").read_bytes() == pdf.read_bytes()
    assert (out / "minutes.txt").read_bytes() == notes.read_bytes()
    # Attaching another file later: --new sends the entry again with it; importing adds it.
    extra = tmp_path / "letter.pdf"
    extra.write_bytes(b"%PDF-1.4 letter")
    ok(svtool("attach", entry["id"], str(extra)))
    later = export(svtool, tmp_path / "b.zip", "--new")
    assert sum(1 for n in later if n.startswith("attachments/")) == 3
    assert imported(svtool, hq, tmp_path / "b.zip")["attachments"] == 1
    assert len(db_rows(hq, "attachments")) == 3


def test_altered_attachment_is_refused(svtool: Run, log_entry: Log, tmp_path: Path) -> None:
    doc = tmp_path / "plan.pdf"
    doc.write_bytes(b"%PDF-1.4 the plan")
    entry = log_entry()
    ok(svtool("attach", entry["id"], str(doc)))
    good = tmp_path / "a.zip"
    got = export(svtool, good)
    sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    hq = tmp_path / "hq.db"
    cases = {
        "altered": [
            (n, b"%PDF-1.4 other" if n.startswith("attach") else d) for n, d in got.items()
        ],
        "missing": [(n, d) for n, d in got.items() if not n.startswith("attach")],
    }
    for label, items in cases.items():
        path = write_zip(tmp_path / f"{label}.zip", items)
        result = svtool("--db", str(hq), "import", str(path))
        assert result.exit_code == 1, label
        assert "refused" in result.stderr
    # A member named like an attachment but in another folder, or with a bad name, is unsafe.
    for name in (f"attachments/../{sha}", f"other/{sha}", "attachments/ABC", f"/attachments/{sha}"):
        path = rebuild(good, tmp_path / "n.zip", extra=[(name, b"x")])
        result = svtool("--db", str(hq), "import", str(path))
        assert result.exit_code == 1
        assert "unsafe" in result.stderr or "unknown members" in result.stderr
    assert db_rows(hq) == []
    assert db_rows(hq, "attachments") == []
    assert not (tmp_path / "hq-attachments").exists()


def test_attachment_names_must_be_plain(svtool: Run, log_entry: Log, tmp_path: Path) -> None:
    doc = tmp_path / "plan.pdf"
    doc.write_bytes(b"%PDF-1.4 the plan")
    entry = log_entry()
    ok(svtool("attach", entry["id"], str(doc)))
    good = tmp_path / "a.zip"
    got = export(svtool, good)
    lines = got["entries.jsonl"].decode().splitlines()
    bad = [
        json.dumps({**json.loads(x), "name": "../../.bashrc"}) if '"attachment"' in x else x
        for x in lines
    ]
    path = rebuild(good, tmp_path / "p.zip", lines=bad)
    items = [(n, d) for n, d in members(path).items()] + [
        (n, d) for n, d in got.items() if n.startswith("attachments/")
    ]
    manifest = json.loads(members(path)["manifest.json"])
    manifest["files"].update(json.loads(got["manifest.json"])["files"])
    manifest["files"]["entries.jsonl"] = json.loads(members(path)["manifest.json"])["files"][
        "entries.jsonl"
    ]
    items = [("manifest.json", json.dumps(manifest).encode())] + [
        (n, d) for n, d in items if n != "manifest.json"
    ]
    result = svtool("--db", str(tmp_path / "hq.db"), "import", str(write_zip(path, items)))
    assert result.exit_code == 1
    assert "is not a plain file name" in result.stderr


COUNTS = ("new", "updated", "restored", "unchanged", "deleted")


def summary(svtool: Run, hq: Path, path: Path) -> tuple[dict[str, int], str]:
    """The import's counts (--json) and its line of text, from a dry run and the real run, which
    must agree; and the evidence held before and after must differ by exactly what they say."""
    before = len(visible(svtool, hq)) if hq.exists() else 0
    dry = ok(svtool("--db", str(hq), "import", "--dry-run", "--json", str(path)))
    result = ok(svtool("--db", str(hq), "import", str(path)))
    [counts] = json.loads(dry.stdout)
    got = {k: counts.get(k, 0) for k in COUNTS}
    assert len(visible(svtool, hq)) == before + got["new"] + got["restored"] - got["deleted"]
    return got, result.stdout


def test_import_counts_each_record_once_and_only_what_changed(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    a, b, c, d = (log_entry(summary=f"Entry {x}") for x in "ABCD")
    hq = tmp_path / "hq.db"
    export(svtool, tmp_path / "1.zip")
    assert summary(svtool, hq, tmp_path / "1.zip")[0]["new"] == 4
    ok(svtool("edit", b["id"], "--summary", "Entry B, corrected"))
    ok(svtool("delete", c["id"], "--yes"))
    never_held = log_entry(summary="Logged in error")
    ok(svtool("delete", never_held["id"], "--yes"))
    log_entry(summary="Entry E")
    # A (and D) unchanged, B updated, C deleted, E new; the deletion of an entry head office never
    # held deletes nothing there (it is kept, so an older bundle cannot bring the entry back).
    export(svtool, tmp_path / "2.zip")
    got, line = summary(svtool, hq, tmp_path / "2.zip")
    assert got == {"new": 1, "updated": 1, "restored": 0, "unchanged": 3, "deleted": 1}
    assert line.startswith(
        f"{tmp_path / '2.zip'}: 1 new, 1 updated, 3 unchanged, 0 rejected, 1 deleted\n"
    )
    # The same bundle again changes nothing, deletion included.
    got, _ = summary(svtool, hq, tmp_path / "2.zip")
    assert got == {"new": 0, "updated": 0, "restored": 0, "unchanged": 6, "deleted": 0}
    # Deleted again at a later revision: it was already gone at head office, so nothing is deleted.
    ok(svtool("restore", c["id"]))
    ok(svtool("delete", c["id"], "--yes"))
    export(svtool, tmp_path / "3.zip", "--new")
    got, _ = summary(svtool, hq, tmp_path / "3.zip")
    assert got == {"new": 0, "updated": 0, "restored": 0, "unchanged": 1, "deleted": 0}
    # Restored: back in the evidence, said as such (not 'updated').
    ok(svtool("restore", c["id"]))
    export(svtool, tmp_path / "4.zip", "--new")
    got, line = summary(svtool, hq, tmp_path / "4.zip")
    assert got == {"new": 0, "updated": 0, "restored": 1, "unchanged": 0, "deleted": 0}
    assert "1 restored" in line
    assert {a["id"], b["id"], c["id"], d["id"]} < set(visible(svtool, hq))
