"""Attachments go as attached, never redacted: export says so, and holds back text ones with
personal data unless the rep says to send them as they are."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_exchange_support import jsonl, members

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]


def _setup(svtool: Run, log_entry: Log, tmp_path: Path) -> dict[str, Any]:
    assert svtool("people", "add", "Jayden Okafor", "--role", "child").exit_code == 0
    entry = log_entry()
    letter = tmp_path / "letter.txt"
    letter.write_text("okafor's mum asked the LA again about the taxi.\n", encoding="utf-8")
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 4)
    result = svtool("attach", entry["id"], str(letter), str(plan))
    assert result.exit_code == 0, result.output
    return entry


def _attached(got: dict[str, bytes]) -> list[str]:
    return sorted(x["name"] for x in jsonl(got["entries.jsonl"]) if x.get("kind") == "attachment")


def test_text_attachment_with_personal_data_is_left_out_and_export_says_so(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    entry = _setup(svtool, log_entry, tmp_path)
    out = tmp_path / "a.zip"
    result = svtool("export", "--output", str(out))
    assert result.exit_code == 0, result.output
    got = members(out)
    assert _attached(got) == ["plan.pdf"]
    assert b"okafor" not in b"".join(got.values()).lower()
    assert f"Left out letter.txt (entry {entry['id'][:8]})" in result.stderr
    assert "1 child's name" in result.stderr
    assert "--attachments-as-they-are" in result.stderr
    assert "1 attachment (plan.pdf) goes as attached" in result.stderr
    assert "check it for names" in result.stderr
    assert "never redacts documents" in result.stderr


def test_the_rep_can_send_it_as_it_is(svtool: Run, log_entry: Log, tmp_path: Path) -> None:
    _setup(svtool, log_entry, tmp_path)
    out = tmp_path / "a.zip"
    result = svtool("export", "--output", str(out), "--attachments-as-they-are", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["attachments"] == 2 and summary["attachments_left_out"] == []
    [sent] = summary["attachments_sent_with_personal_data"]
    assert sent["name"] == "letter.txt" and sent["found"] == {"child_name": 1}
    got = members(out)
    assert _attached(got) == ["letter.txt", "plan.pdf"]
    assert "was sent as it is" in result.stderr


def test_a_left_out_attachment_stays_unsent_for_new(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    _setup(svtool, log_entry, tmp_path)
    assert svtool("export", "--output", str(tmp_path / "a.zip")).exit_code == 0
    again = svtool("export", "--new", "--output", str(tmp_path / "b.zip"), "--json")
    assert again.exit_code == 0, again.output
    assert [x["name"] for x in json.loads(again.stdout)["attachments_left_out"]] == ["letter.txt"]
