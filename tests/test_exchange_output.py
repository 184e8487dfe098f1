"""The quick export path says exactly what the plain one would: SQLite's JSON lines are Python's,
the CSV cells made from stored values are `entries_csv`'s, and the CSV made by a forked helper
process is the same bytes as the one made in this process."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svtool.cli.main import app
from svtool.errors import SvtoolError
from svtool.exchange import forked
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


def _pieces() -> Iterator[bytes]:
    yield f"{os.getpid()}\n".encode()
    for n in range(3000):
        yield (f"row {n}," * 50 + "\n").encode()


def test_forked_pieces_are_the_same_bytes_made_elsewhere() -> None:
    here = b"".join(forked.pieces([_pieces, _pieces], fork=False))
    there = b"".join(forked.pieces([_pieces, _pieces], fork=True))
    assert len(here) > 2_000_000 and len(there) > 2_000_000  # pids differ in length
    pids = [int(part.partition(b"\n")[0]) for part in there.split(b"row 2999,\n")[:2]]
    if hasattr(os, "fork"):
        assert os.getpid() not in pids and pids[0] != pids[1]  # made by two children
    strip = [part.partition(b"\n")[2] for part in here.split(b"row 2999,\n")]
    assert strip == [part.partition(b"\n")[2] for part in there.split(b"row 2999,\n")]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: the text is made in-process")
def test_a_failing_helper_is_an_error_not_a_short_file() -> None:
    def failing() -> Iterator[bytes]:
        yield b"half"
        raise RuntimeError("boom")

    with pytest.raises(SvtoolError, match="stopped with status 1"):
        b"".join(forked.pieces([_pieces, failing], fork=True))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: the text is made in-process")
def test_stopping_early_ends_the_helper() -> None:
    stream = forked.pieces([_pieces, _pieces], fork=True)
    assert next(stream)
    stream.close()  # as when the zip cannot be written: returns, does not hang


def test_bundle_csv_made_by_the_helper_matches_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svtool.exchange import export

    monkeypatch.setattr(export, "FORK_MIN_ROWS", 1)
    assert threading.active_count() == 1  # else the text is made here and this proves less
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


@pytest.mark.skipif(
    not (hasattr(os, "fork") and Path("/proc/self/fd").is_dir()), reason="needs fork and /proc"
)
def test_no_database_file_is_open_when_the_helpers_are_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite connections must not be carried across fork(): at each fork, no file descriptor of
    this process points at the database or its journal."""
    from svtool.exchange import export

    monkeypatch.setattr(export, "FORK_MIN_ROWS", 1)
    db = tmp_path / "rep.db"
    runner = CliRunner()
    for n in range(2):
        result = runner.invoke(
            app,
            ["--db", str(db), "log", "--authority", "Kent", "--question", "3.1", "--summary",
             f"Entry {n}", "--date", "2025-11-03", "--setting", "mainstream-primary",
             "--source", "first-hand"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    open_at_fork: list[list[str]] = []
    real_fork = os.fork

    def watched_fork() -> int:
        links = []
        for fd in Path("/proc/self/fd").iterdir():
            try:
                links.append(str(fd.readlink()))
            except OSError:
                continue
        open_at_fork.append([link for link in links if link.startswith(str(db))])
        return real_fork()

    monkeypatch.setattr(os, "fork", watched_fork)
    result = runner.invoke(app, ["--db", str(db), "export", "--output", str(tmp_path / "b.zip")])
    assert result.exit_code == 0, result.output
    assert len(open_at_fork) == 2  # the two CSV helpers
    assert open_at_fork == [[], []]


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
