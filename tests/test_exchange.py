"""`svtool export` and `svtool import`: bundle contents, round trips, merging, --new, plain files, CSV safety."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from test_exchange_support import (
    db_rows,
    entries_in,
    entry_line,
    jsonl,
    members,
    rebuild,
    unredacted,
)

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]


def listed(svtool: Run, *db: str) -> list[dict[str, Any]]:
    result = svtool(*db, "list", "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def export(svtool: Run, path: Path, *args: str) -> Any:
    result = svtool("export", "--output", str(path), *args)
    assert result.exit_code == 0, result.output
    return result


class TestBundle:
    def test_members_manifest_and_checksums(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """A bundle holds exactly manifest.json, entries.jsonl and entries.csv, with correct checksums."""
        svtool("config", "set", "name", "Sam Rep")
        svtool("config", "set", "local_association", "Kent County")
        svtool("config", "set", "email", "sam.rep@example.org")
        out = tmp_path / "b.zip"
        result = export(svtool, out)
        assert result.stdout.strip() == str(out)
        assert "Exported 3 entries (all authorities) as a bundle to" in result.stderr
        assert "not encrypted" in result.stderr
        assert out.stat().st_mode & 0o777 == 0o600
        got = members(out)
        assert sorted(got) == ["entries.csv", "entries.jsonl", "manifest.json"]
        manifest = json.loads(got["manifest.json"])
        assert manifest["format"] == "svtool-bundle"
        assert manifest["format_version"] == 2
        assert manifest["entry_count"] == 3
        assert (manifest["deletion_count"], manifest["attachment_count"]) == (0, 0)
        assert manifest["checklist_version"] == 1
        assert manifest["svtool_version"]
        assert manifest["created_at"].endswith("+00:00")
        assert manifest["reporter"] == {
            "name": "Sam Rep",
            "local_association": "Kent County",
            "email": "sam.rep@example.org",
        }
        assert set(manifest["files"]) == {"entries.jsonl", "entries.csv"}
        for name, info in manifest["files"].items():
            assert info == {"sha256": hashlib.sha256(got[name]).hexdigest(), "size": len(got[name])}
        assert all(line["kind"] == "entry" for line in jsonl(got["entries.jsonl"]))
        assert sorted(entries_in(got["entries.jsonl"]), key=lambda e: e["id"]) == sorted(
            sample_entries, key=lambda e: e["id"]
        )

    def test_csv_is_readable_with_bom(self, svtool: Run, log_entry: Log, tmp_path: Path) -> None:
        """entries.csv: UTF-8 with BOM, readable headings, lists joined, one row per entry."""
        entry = log_entry(
            summary="Outreach cut: café and crèche closed", tag="ehcp,outreach", impact="workload"
        )
        out = tmp_path / "b.zip"
        export(svtool, out)
        raw = members(out)["entries.csv"]
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        header, row = table
        record = dict(zip(header, row, strict=True))
        assert record["Id"] == entry["id"]
        assert record["Summary"] == "Outreach cut: café and crèche closed"
        assert record["Authority"] == "Kent"
        assert record["Tags"] == "ehcp; outreach"
        assert record["Questions"] == "2.1"
        assert record["Date"] == "2025-10-01"

    def test_default_file_name_and_summary(
        self,
        svtool: Run,
        sample_entries: list[dict[str, Any]],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        result = svtool("export", "--authority", "Kent")
        assert result.exit_code == 0, result.output
        expected = tmp_path / f"svtool-kent-{date.today().isoformat()}.zip"
        assert result.stdout.strip() == str(expected)
        assert len(jsonl(members(expected)["entries.jsonl"])) == 2
        assert "Exported 2 entries (Kent) as a bundle" in result.stderr
        again = svtool("export", "--authority", "Kent")
        assert again.stdout.strip() == str(
            tmp_path / f"svtool-kent-{date.today().isoformat()}-2.zip"
        )

    def test_filters(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        out = tmp_path / "b.zip"
        result = export(svtool, out, "--since", "2025-09-01", "--until", "2025-09-30")
        assert [e["authority_name"] for e in jsonl(members(out)["entries.jsonl"])] == ["Devon"]
        assert "2025-09-01 to 2025-09-30" in result.stderr
        manifest = json.loads(members(out)["manifest.json"])
        assert manifest["selection"] == {
            "authority": None,
            "since": "2025-09-01",
            "until": "2025-09-30",
            "new_only": False,
        }

    def test_bad_filters_write_nothing(self, svtool: Run, tmp_path: Path) -> None:
        result = svtool(
            "export", "-o", str(tmp_path / "b.zip"), "--authority", "Narnia", "--since", "soon"
        )
        assert result.exit_code == 2
        assert "--authority" in result.stderr and "--since" in result.stderr
        assert not (tmp_path / "b.zip").exists()

    def test_nothing_to_export(self, svtool: Run, tmp_path: Path) -> None:
        result = svtool("export", "-o", str(tmp_path / "b.zip"))
        assert result.exit_code == 0
        assert "No evidence to export" in result.stderr
        assert not (tmp_path / "b.zip").exists()


class TestNew:
    def test_new_exports_only_what_no_bundle_carried(
        self, svtool: Run, log_entry: Log, tmp_path: Path
    ) -> None:
        first = [log_entry(), log_entry(summary="Second")]
        export(svtool, tmp_path / "1.zip", "--new")
        assert {e["id"] for e in jsonl(members(tmp_path / "1.zip")["entries.jsonl"])} == {
            e["id"] for e in first
        }
        third = log_entry(summary="Third")
        result = export(svtool, tmp_path / "2.zip", "--new")
        assert [e["id"] for e in jsonl(members(tmp_path / "2.zip")["entries.jsonl"])] == [
            third["id"]
        ]
        assert "new since earlier bundles" in result.stderr
        result = svtool("export", "-o", str(tmp_path / "3.zip"), "--new")
        assert result.exit_code == 0
        assert "nothing was written" in result.stderr
        assert not (tmp_path / "3.zip").exists()
        # Without --new everything is exported again, and the store recorded each bundle.
        export(svtool, tmp_path / "4.zip")
        assert len(jsonl(members(tmp_path / "4.zip")["entries.jsonl"])) == 3
        exports = db_rows(Path(os.environ["SVTOOL_DB"]), "exports")
        assert [e["entry_count"] for e in exports] == [2, 1, 3]
        assert [e["new_only"] for e in exports] == [1, 1, 0]

    def test_plain_files_are_not_recorded(
        self, svtool: Run, log_entry: Log, tmp_path: Path
    ) -> None:
        log_entry()
        export(svtool, tmp_path / "a.csv", "--format", "csv")
        export(svtool, tmp_path / "b.zip", "--new")
        assert len(jsonl(members(tmp_path / "b.zip")["entries.jsonl"])) == 1


class TestImport:
    def test_round_trip_into_empty_database(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        svtool("config", "set", "name", "Sam Rep")
        svtool("config", "set", "local_association", "Kent County")
        out = export(svtool, tmp_path / "b.zip")
        other = tmp_path / "hq.db"
        result = svtool("--db", str(other), "import", str(tmp_path / "b.zip"))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{tmp_path / 'b.zip'}: 3 new, 0 updated, 0 unchanged, 0 rejected\n"
        assert "from Sam Rep, Kent County" in result.stderr
        assert listed(svtool, "--db", str(other)) == listed(svtool)
        assert out.exit_code == 0
        # Links, provenance and reporter.
        assert sorted(r["tag"] for r in db_rows(other, "entry_tags")) == []
        assert len(db_rows(other, "entry_questions")) == 3
        assert len(db_rows(other, "entry_strategies")) == 3
        bundle_id = json.loads(members(tmp_path / "b.zip")["manifest.json"])["bundle_id"]
        imports = db_rows(other, "imports")
        assert [
            (i["bundle_id"], i["reporter_name"], i["reporter_la"], i["file_name"]) for i in imports
        ] == [(bundle_id, "Sam Rep", "Kent County", "b.zip")]
        origins = db_rows(other, "entry_origins")
        assert sorted(o["entry_id"] for o in origins) == sorted(e["id"] for e in sample_entries)
        assert {o["bundle_id"] for o in origins} == {bundle_id}

    def test_importing_twice_changes_nothing(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        export(svtool, tmp_path / "b.zip")
        other = tmp_path / "hq.db"
        svtool("--db", str(other), "import", str(tmp_path / "b.zip"))
        before = {
            t: db_rows(other, t) for t in ("entries", "entry_questions", "imports", "entry_origins")
        }
        result = svtool("--db", str(other), "import", str(tmp_path / "b.zip"))
        assert result.exit_code == 0
        assert "0 new, 0 updated, 3 unchanged, 0 rejected" in result.stdout
        assert {t: db_rows(other, t) for t in before} == before
        # Importing into the database that made the bundle changes nothing either.
        mine = svtool("import", str(tmp_path / "b.zip"))
        assert "0 new, 0 updated, 3 unchanged" in mine.stdout

    def test_newer_revision_replaces_older(
        self, svtool: Run, log_entry: Log, tmp_path: Path
    ) -> None:
        entry = log_entry(tag="old-tag", impact="workload")
        export(svtool, tmp_path / "r1.zip")
        revised = {
            **entry,
            "revision": 2,
            "summary": "Revised summary",
            "tags": ["new-tag"],
            "impacts": [],
        }
        rebuild(tmp_path / "r1.zip", tmp_path / "r2.zip", lines=[entry_line(revised)])
        other = tmp_path / "hq.db"
        svtool("--db", str(other), "import", str(tmp_path / "r1.zip"))
        result = svtool("--db", str(other), "import", str(tmp_path / "r2.zip"))
        assert "0 new, 1 updated, 0 unchanged, 0 rejected" in result.stdout
        assert listed(svtool, "--db", str(other)) == [revised]
        assert [r["tag"] for r in db_rows(other, "entry_tags")] == ["new-tag"]
        assert db_rows(other, "entry_impacts") == []
        assert len(db_rows(other, "entry_questions")) == 1
        # The older revision no longer changes anything.
        result = svtool("--db", str(other), "import", str(tmp_path / "r1.zip"))
        assert "0 new, 0 updated, 1 unchanged (1 older than held), 0 rejected" in result.stdout
        assert listed(svtool, "--db", str(other)) == [revised]
        assert [(o["entry_id"], o["revision"]) for o in db_rows(other, "entry_origins")] == [
            (entry["id"], 2)
        ]

    def test_highest_revision_in_one_bundle_wins(
        self, svtool: Run, log_entry: Log, tmp_path: Path
    ) -> None:
        entry = log_entry()
        export(svtool, tmp_path / "r1.zip")
        v2, v3 = ({**entry, "revision": n, "summary": f"Version {n}"} for n in (2, 3))
        rebuild(
            tmp_path / "r1.zip",
            tmp_path / "r.zip",
            lines=[entry_line(v3), entry_line(entry), entry_line(v2)],
        )
        other = tmp_path / "hq.db"
        result = svtool("--db", str(other), "import", str(tmp_path / "r.zip"))
        assert "1 new" in result.stdout
        assert listed(svtool, "--db", str(other)) == [v3]

    def test_dry_run_writes_nothing(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        export(svtool, tmp_path / "b.zip")
        other = tmp_path / "hq.db"
        result = svtool("--db", str(other), "import", "--dry-run", str(tmp_path / "b.zip"))
        assert result.exit_code == 0
        assert (
            "3 new, 0 updated, 0 unchanged, 0 rejected (dry run, nothing written)" in result.stdout
        )
        assert db_rows(other) == []
        assert db_rows(other, "imports") == []

    def test_json_output(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        export(svtool, tmp_path / "b.zip")
        (tmp_path / "bad.zip").write_bytes(b"not a zip")
        result = svtool(
            "--db",
            str(tmp_path / "hq.db"),
            "import",
            "--json",
            str(tmp_path / "b.zip"),
            str(tmp_path / "bad.zip"),
        )
        assert result.exit_code == 1
        data = json.loads(result.stdout)
        assert [(d["ok"], d["new"], d["rejected"]) for d in data] == [(True, 3, 0), (False, 0, 0)]
        assert "not a zip" in data[1]["error"]


class TestPlainFiles:
    def test_csv(self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path) -> None:
        out = tmp_path / "kent.csv"
        result = export(svtool, out, "--format", "csv", "--authority", "Kent")
        assert "as CSV" in result.stderr
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert table[0][:3] == ["Id", "Revision", "Date"]
        assert sorted(r[0] for r in table[1:]) == sorted(
            e["id"] for e in sample_entries if e["authority_name"] == "Kent"
        )

    def test_jsonl(self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path) -> None:
        out = tmp_path / "all.jsonl"
        export(svtool, out, "--format", "jsonl", "--until", "2025-09-30")
        got = jsonl(out.read_bytes())
        assert got == [e for e in listed(svtool) if e["occurred_on"] <= "2025-09-30"]

    def test_unknown_format(self, svtool: Run, tmp_path: Path) -> None:
        result = svtool("export", "-o", str(tmp_path / "x"), "--format", "xlsx")
        assert result.exit_code == 2
        assert "--format: 'xlsx' is not a format; use one of: bundle, csv, jsonl" in result.stderr

    @pytest.mark.parametrize(("typed", "written"), [("CSV", "csv"), (" .JSONL", "jsonl")])
    def test_format_is_read_forgivingly(
        self,
        svtool: Run,
        sample_entries: list[dict[str, Any]],
        tmp_path: Path,
        typed: str,
        written: str,
    ) -> None:
        out = tmp_path / "x"
        result = svtool("export", "-o", str(out), "--format", typed)
        assert result.exit_code == 0, result.stderr
        assert f"as {written.upper()} to" in " ".join(result.stderr.split())

    def test_an_existing_file_is_never_replaced(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """An earlier bundle in that place may not have been sent yet, and `--new` already
        counts its entries as sent: replacing it would lose them on the way to head office."""
        out = tmp_path / "kent.zip"
        first = svtool("export", "-o", str(out), "--new")
        assert first.exit_code == 0, first.stderr
        before = out.read_bytes()
        again = svtool("export", "-o", str(out))
        assert again.exit_code == 2
        assert f"--output: {out} already exists; svtool never overwrites it" in again.stderr
        assert out.read_bytes() == before

    def test_zip_means_a_bundle(
        self, svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        out = tmp_path / "x.zip"
        result = svtool("export", "-o", str(out), "--format", "zip")
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes()[:2] == b"PK"


INJECTIONS = [
    "=1+2",
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "  =1+1",
    '=1+2";=1+2',
    "a,=1+2",
    '=HYPERLINK("http://x")',
]
MULTILINE = ["\t=1+1", "\r=1+1", "\n=1+1", 'line one\n"quoted", =2\nthree']


class TestCsvSafety:
    def test_formula_cells_are_neutralised_without_losing_text(
        self, svtool: Run, log_entry: Log, tmp_path: Path
    ) -> None:
        for text in INJECTIONS:
            log_entry(summary=text, details=text)
        for text in MULTILINE:
            log_entry(summary="multiline", details=text)
        log_entry(summary="ok", tag="-minus-tag")
        out = tmp_path / "b.zip"
        # Unredacted, so that no placeholder changes the texts ("@SUM(1)" looks like a name).
        unredacted(svtool, tmp_path, out)
        got = members(out)
        table = list(csv.reader(io.StringIO(got["entries.csv"].decode("utf-8-sig"))))
        width = len(table[0])
        assert all(len(row) == width for row in table)
        records = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
        details = [r["Details"] for r in records]
        plain = {"a,=1+2", MULTILINE[-1]}  # no trigger at the start: kept as they are
        for text in INJECTIONS + MULTILINE:
            assert (text if text in plain else "'" + text) in details
        for text in INJECTIONS:
            assert (text if text in plain else "'" + text) in [r["Summary"] for r in records]
        assert "'-minus-tag" in [r["Tags"] for r in records]
        # The JSON keeps the text byte for byte, with no prefix.
        texts = [e["details"] for e in jsonl(got["entries.jsonl"])]
        for text in INJECTIONS + MULTILINE:
            assert text in texts
        # And importing stores it verbatim.
        other = tmp_path / "hq.db"
        svtool("--db", str(other), "import", str(out))
        assert sorted(r["details"] for r in db_rows(other)) == sorted(texts)

    def test_help_and_readme_say_what_the_csv_changes(self, svtool: Run) -> None:
        from pathlib import Path

        text = " ".join(svtool("export", "--help").stdout.split())
        assert "starts with = + - or @ gets a leading '" in text
        assert "JSONL (and a bundle's entries.jsonl) holds the exact text" in text
        readme = Path(__file__).resolve().parents[1] / "README.md"
        words = " ".join(readme.read_text(encoding="utf-8").split())
        assert (
            "starts with `=`, `+`, `-` or `@` (or a tab or line break) carries a leading `'`"
            in (words)
        )
        assert "holds the exact text" in words

    def test_neutralise(self) -> None:
        from svtool.exchange.csvsafe import neutralise, write_table

        for text in ["=1", "+1", "-1", "@x", "\tx", "\rx", "\nx", " \t=x"]:
            assert neutralise(text) == "'" + text
        for text in ["", "1-2", "a=b", "'=already", "Zoë"]:
            assert neutralise(text) == text
        table = write_table(
            [["=cmd", 3, None, True, ["-a", "b"]]], ["=h", "n", "none", "flag", "list"]
        )
        assert list(csv.reader(io.StringIO(table.removeprefix("\ufeff")))) == [
            ["'=h", "n", "none", "flag", "list"],
            ["'=cmd", "3", "", "yes", "'-a; b"],
        ]
