"""The quick export path says exactly what the plain one would: SQLite's JSON lines are Python's,
the CSV cells made from stored values are `entries_csv`'s, in a bundle as in a plain CSV."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svtool.cli.main import app
from svtool.exchange.csvsafe import Cells, entries_csv, header, rows_text
from svtool.exchange.outgoing import read_entries
from svtool.models import Entry
from svtool.store import EntryFilter, Store
from test_exchange_props import entries

ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=5, unique_by=lambda e: e.id))
def test_lines_and_cells_from_sqlite_match_python(generated: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "rep.db") as store:
        for entry in generated:
            store.add(entry, scan=None)  # not read: this export does not redact
        where, params = EntryFilter().where()
        with store.reading() as conn:
            out, batches = read_entries(conn, where, params, None)
            lines = [line for batch in batches for line in batch]
        expected = {e.id: e.as_json() for e in generated}
        assert len(lines) == len(generated)
        values = [json.loads(line) for line in lines]
        for line, value in zip(lines, values, strict=True):
            assert value == expected[value["id"]]  # every field, exactly as stored
            assert line == ENCODE(value).encode()  # byte for byte what Python's encoder writes
        assert header() + rows_text(Cells().ready(out.cells)) == entries_csv(values)
        assert out.keys == [(v["id"], v["revision"]) for v in values]


def test_bundle_csv_made_in_pieces_matches_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svtool.exchange import export

    monkeypatch.setattr(export, "CHUNK_ROWS", 2)  # three entries: the CSV is made in two pieces
    db = tmp_path / "rep.db"
    runner = CliRunner()
    for n in range(3):
        result = runner.invoke(
            app,
            ["--db", str(db), "log", "--authority", "Kent", "--section", "3", "--question",
             "3.1", "--summary", f"=cmd|' /C calc'!A{n} and more", "--details", "a, \"b\"\nc",
             "--date", "2025-11-03", "--setting", "mainstream-primary", "--source", "first-hand"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    bundle = tmp_path / "b.zip"
    result = runner.invoke(app, ["--db", str(db), "export", "--output", str(bundle)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(bundle) as zf:
        values = [json.loads(x) for x in zf.read("entries.jsonl").decode().splitlines()]
        text = zf.read("entries.csv").decode("utf-8")
    assert len(values) == 3
    assert text == entries_csv(values)
    assert "'=cmd|' /C calc'!A0 and more" in text


def test_redacted_csv_cells_are_the_redacted_json_values(tmp_path: Path) -> None:
    """An entry with findings: its CSV row (in a bundle, and in a plain CSV export, which reads no
    JSON lines) is exactly the CSV of its redacted JSON values, formula guard included."""
    db = tmp_path / "rep.db"
    runner = CliRunner()
    for summary in ("=Ring Jayden Smith's mum on 07700 900123", "Outreach capped at 10 hours"):
        result = runner.invoke(
            app,
            ["--db", str(db), "log", "--authority", "Kent", "--question", "3.1", "--summary",
             summary, "--details", "Email jayden.mum@example.com, \"urgent\",\nUPN U201001234567",
             "--date", "2025-11-03", "--setting", "mainstream-primary", "--source", "first-hand",
             "--tag", "jayden.mum@example.com", "--yes"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    bundle, plain = tmp_path / "b.zip", tmp_path / "p.csv"
    for args in (["--output", str(bundle)], ["--format", "csv", "--output", str(plain)]):
        result = runner.invoke(app, ["--db", str(db), "export", *args])
        assert result.exit_code == 0, result.output
    with zipfile.ZipFile(bundle) as zf:
        values = [json.loads(x) for x in zf.read("entries.jsonl").decode().splitlines()]
        text = zf.read("entries.csv").decode("utf-8")
    assert len(values) == 2
    summary = values[0]["summary"]
    assert summary.startswith("=") and "[phone]" in summary  # redacted, as the CSV must be
    assert "07700" not in text and "jayden.mum" not in text and "U2010" not in text
    assert text == entries_csv(values) == plain.read_bytes().decode("utf-8")
    assert "'" + summary in text
