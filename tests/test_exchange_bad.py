"""Every kind of bad file is refused with a clear message, and nothing from it is imported."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_exchange_support import db_rows, members, rebuild, write_zip

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]


@pytest.fixture
def good(svtool: Run, log_entry: Log, tmp_path: Path) -> Path:
    """A real two-entry bundle made in another database."""
    first = log_entry()
    log_entry(summary="Second")
    out = tmp_path / "good.zip"
    result = svtool("export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert first["id"] in members(out)["entries.jsonl"].decode()
    return out


@pytest.fixture
def hq(tmp_path: Path) -> Path:
    return tmp_path / "hq.db"


def refused(svtool: Run, hq: Path, path: Path, message: str) -> None:
    result = svtool("--db", str(hq), "import", str(path))
    assert result.exit_code == 1, result.output
    assert f"{path}: refused: " in result.stderr
    assert message in result.stderr, result.stderr
    assert "nothing was imported from it" in result.stderr
    assert db_rows(hq) == []
    assert db_rows(hq, "imports") == []


def entry_lines(good: Path) -> list[str]:
    return members(good)["entries.jsonl"].decode().splitlines()


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o120777 << 16
    return info


def test_a_directory_pointing_before_the_file_is_refused(
    svtool: Run, hq: Path, good: Path, tmp_path: Path
) -> None:
    """An end record whose central directory offset is too large puts every member before the
    start of the file (zipfile then fails with ValueError when it seeks there)."""
    data = bytearray(good.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (offset + 64_005).to_bytes(4, "little")
    path = tmp_path / "shifted.zip"
    path.write_bytes(bytes(data))
    refused(svtool, hq, path, "is damaged")


def test_not_a_zip(svtool: Run, hq: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("just some text\n")
    refused(svtool, hq, path, "not a zip file")


def test_empty_and_missing(svtool: Run, hq: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.zip").write_bytes(b"")
    refused(svtool, hq, tmp_path / "empty.zip", "it is empty")
    refused(svtool, hq, tmp_path / "nowhere.zip", "it does not exist")


def test_truncated(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    data = good.read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    refused(svtool, hq, path, "cut short")


def test_zip_version_python_cannot_read(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    """Found by the fuzz test: one flipped byte in the central directory asks for zip 8.4."""
    raw = bytearray(good.read_bytes())
    first = raw.index(b"PK\x01\x02")  # the first central directory record
    raw[first + 6] = 84  # "version needed to extract"
    path = tmp_path / "version.zip"
    path.write_bytes(bytes(raw))
    refused(svtool, hq, path, "not a readable zip file (zip file version 8.4)")


def test_tampered_entries(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    got = members(good)
    changed = got["entries.jsonl"].replace(b"Second", b"Altered")
    path = write_zip(
        tmp_path / "t.zip",
        [
            ("manifest.json", got["manifest.json"]),
            ("entries.jsonl", changed),
            ("entries.csv", got["entries.csv"]),
        ],
    )
    refused(svtool, hq, path, "'entries.jsonl' does not match its checksum")


def test_tampered_csv_is_refused_too(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    got = members(good)
    path = write_zip(
        tmp_path / "t.zip",
        [
            ("manifest.json", got["manifest.json"]),
            ("entries.jsonl", got["entries.jsonl"]),
            ("entries.csv", got["entries.csv"] + b"x"),
        ],
    )
    refused(svtool, hq, path, "'entries.csv' does not match its checksum")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.txt", "a '..' path"),
        ("/abs/path", "an absolute path"),
        ("sub/entries.jsonl", "a folder path"),
        ("sub\\x", "a folder path"),
        ("notes.txt", "unknown members ('notes.txt')"),
    ],
)
def test_bad_member_names(
    svtool: Run, hq: Path, good: Path, tmp_path: Path, name: str, message: str
) -> None:
    path = rebuild(good, tmp_path / "n.zip", extra=[(name, b"hello")])
    refused(svtool, hq, path, message)


def test_symlink_member(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    got = members(good)
    path = write_zip(
        tmp_path / "s.zip",
        [
            ("manifest.json", got["manifest.json"]),
            ("entries.jsonl", got["entries.jsonl"]),
            (symlink("entries.csv"), b"/etc/passwd"),
        ],
    )
    refused(svtool, hq, path, "is a symbolic link")


def test_duplicate_member(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    got = members(good)
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = rebuild(good, tmp_path / "d.zip", extra=[("entries.jsonl", got["entries.jsonl"])])
    refused(svtool, hq, path, "two members called 'entries.jsonl'")


def test_missing_entries(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", [("manifest.json", members(good)["manifest.json"])])
    refused(svtool, hq, path, "no entries.jsonl")


def test_zip_bomb(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    got = members(good)
    bomb = b"\n" * (64 * 1024 * 1024)
    path = write_zip(
        tmp_path / "bomb.zip",
        [
            ("manifest.json", got["manifest.json"]),
            ("entries.jsonl", bomb),
            ("entries.csv", got["entries.csv"]),
        ],
    )
    assert path.stat().st_size < 1024 * 1024
    refused(svtool, hq, path, "compressed more than 200:1 (a zip bomb?)")


def test_size_limit_is_enforced(good: Path) -> None:
    from svtool.exchange.bundle import BundleError, read

    with pytest.raises(BundleError, match=r"would decompress to .* over the limit of 1,000"):
        read(good.read_bytes(), max_total=1000)


def test_malformed_json_line(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    lines = entry_lines(good)
    path = rebuild(good, tmp_path / "j.zip", lines=[lines[0], lines[1][:-5]])
    refused(svtool, hq, path, "line 2 is not valid JSON")


def test_nan_is_refused(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    entry = json.loads(entry_lines(good)[0])
    line = json.dumps({**entry, "learners_affected": float("nan")})
    assert "NaN" in line
    path = rebuild(good, tmp_path / "nan.zip", lines=[line])
    refused(svtool, hq, path, "NaN is not allowed")


def test_entry_failing_the_schema(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    lines = entry_lines(good)
    bad = {**json.loads(lines[1]), "section": "9", "colour": "red"}
    path = rebuild(good, tmp_path / "s.zip", lines=[lines[0], json.dumps(bad)])
    refused(svtool, hq, path, "line 2 is not a valid entry")
    result = svtool("--db", str(hq), "import", str(path))
    assert "colour: Extra inputs are not permitted" in result.stderr


def test_not_an_object_line(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    path = rebuild(good, tmp_path / "o.zip", lines=[entry_lines(good)[0], "[1, 2]"])
    refused(svtool, hq, path, "line 2 is not a JSON object")


def test_unknown_record_kind(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    entry = json.loads(entry_lines(good)[0])
    later = json.dumps({"kind": "comment", "id": entry["id"], "revision": 2})
    path = rebuild(good, tmp_path / "k.zip", lines=[entry_lines(good)[1], later])
    refused(svtool, hq, path, "line 2 is a 'comment' record, which this svtool cannot apply")


def test_incomplete_deletion_record(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    entry = json.loads(entry_lines(good)[0])
    tombstone = json.dumps({"kind": "deletion", "id": entry["id"], "revision": 2})
    path = rebuild(good, tmp_path / "k.zip", lines=[entry_lines(good)[1], tombstone])
    refused(svtool, hq, path, "line 2 is not a valid deletion record (deleted_at: Field required)")


def test_repeated_entry(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    lines = entry_lines(good)
    path = rebuild(good, tmp_path / "r.zip", lines=[lines[0], lines[0]])
    refused(svtool, hq, path, "line 2 repeats entry")


def test_count_mismatch(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    path = rebuild(good, tmp_path / "c.zip", manifest_changes={"entry_count": 5})
    refused(svtool, hq, path, "manifest says 5 entries but entries.jsonl has 2")


def test_newer_format_version(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    path = rebuild(good, tmp_path / "v3.zip", manifest_changes={"format_version": 3, "shiny": True})
    refused(svtool, hq, path, "made by a newer svtool (bundle format version 3")
    result = svtool("--db", str(hq), "import", str(path))
    assert "this svtool reads versions 1 and 2" in result.stderr
    result = svtool("--db", str(hq), "import", str(path))
    assert "Upgrade svtool" in result.stderr


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "other"}, "manifest format is not 'svtool-bundle'"),
        ({"bundle_id": "x"}, "manifest.json is not valid (bundle_id"),
        ({"extra": 1}, "manifest.json is not valid (extra"),
        ({"files": {}}, "does not list exactly the members present"),
    ],
)
def test_bad_manifest(
    svtool: Run, hq: Path, good: Path, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = rebuild(good, tmp_path / "m.zip", manifest_changes=changes)
    refused(svtool, hq, path, message)


def test_other_files_are_still_imported(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = svtool("--db", str(hq), "import", str(bad), str(good))
    assert result.exit_code == 1
    assert f"{bad}: refused" in result.stderr
    assert f"{good}: 2 new, 0 updated, 0 unchanged, 0 rejected" in result.stdout
    assert len(db_rows(hq)) == 2


def test_rejected_count_is_reported(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    lines = entry_lines(good)
    path = rebuild(good, tmp_path / "j.zip", lines=[lines[0], "{"])
    result = svtool("--db", str(hq), "import", "--json", str(path))
    assert result.exit_code == 1
    [data] = json.loads(result.stdout)
    assert (data["ok"], data["new"], data["rejected"]) == (False, 0, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deletion_count": 1}, "manifest says 1 deletions but entries.jsonl has 0"),
        ({"attachment_count": 2}, "manifest says 2 attachments but entries.jsonl has 0"),
        ({"deletion_count": None}, "does not say how many deletions it carries"),
    ],
)
def test_count_of_each_kind(
    svtool: Run, hq: Path, good: Path, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = rebuild(good, tmp_path / "c.zip", manifest_changes=changes)
    refused(svtool, hq, path, message)


def test_version_2_entry_without_its_kind(
    svtool: Run, hq: Path, good: Path, tmp_path: Path
) -> None:
    entry = json.loads(entry_lines(good)[0])
    del entry["kind"]
    path = rebuild(good, tmp_path / "k.zip", lines=[entry_lines(good)[1], json.dumps(entry)])
    refused(svtool, hq, path, "line 2 has no kind (entry, deletion or attachment)")


def test_version_1_has_no_entry_kind(svtool: Run, hq: Path, good: Path, tmp_path: Path) -> None:
    """Version 1 entries had no kind: an "entry" record there was never written by svtool."""
    path = rebuild(good, tmp_path / "k.zip", manifest_changes={"format_version": 1})
    refused(svtool, hq, path, "line 1 is a 'entry' record, which this svtool cannot apply")
