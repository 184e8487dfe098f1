"""Bundles written by earlier svtool versions are still imported, exactly as they were meant."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]
BUNDLES = Path(__file__).resolve().parent / "data" / "bundles"
KENT = "66274596-2dcd-46cd-a4aa-eaee5d9ff6ed"
DEVON = "61d57654-44b5-487f-bf9a-ab2e32d92b9e"
CUT = "271d3c5c-a5fb-41d7-b420-58fb0ffdb502"
MINUTES = b"Minutes of the Schools Forum, 1 October 2025.\nItem 4: outreach hours capped.\n"


def imported(svtool: Run, *names: str) -> list[dict[str, Any]]:
    result = svtool("import", "--json", *(str(BUNDLES / n) for n in names))
    assert result.exit_code == 0, result.output
    counts: list[dict[str, Any]] = json.loads(result.stdout)
    return counts


def test_version_1_bundles_in_order(svtool: Run, tmp_path: Path) -> None:
    first, later = imported(svtool, "bundle-v1-first.zip", "bundle-v1-later.zip")
    assert (first["new"], first["updated"], first["deleted"]) == (3, 0, 0)
    assert (later["new"], later["updated"], later["unchanged"]) == (0, 1, 1)
    assert (later["deleted"], later["attachments"]) == (1, 1)
    listed = json.loads(svtool("list", "--json").stdout)
    assert sorted(e["id"] for e in listed) == sorted([KENT, DEVON])
    devon = json.loads(svtool("show", DEVON, "--json").stdout)
    assert devon["revision"] == 2
    assert devon["status"] == "raised-with-la"
    assert devon["outcome"] == "LA agreed to publish the revised plan"
    assert (devon["timescale_extended"], devon["stricter_targets"]) == (True, False)
    assert devon["summary"] == "=SUM(A1) DfE extended the plan by a year"
    kent = json.loads(svtool("show", KENT, "--json").stdout)
    assert kent["strategies"] == ["hours-cap", "delays"]
    assert kent["learners_affected"] == 12
    got = svtool("attachment", "get", KENT, "--output", str(tmp_path))
    assert got.exit_code == 0, got.output
    assert (tmp_path / "minutes.txt").read_bytes() == MINUTES
    gone = svtool("show", CUT)
    assert gone.exit_code == 1
    assert "was deleted" in gone.stderr


def test_version_1_later_bundle_alone_keeps_the_deletion_as_a_tombstone(svtool: Run) -> None:
    (later,) = imported(svtool, "bundle-v1-later.zip")
    assert (later["new"], later["unchanged"], later["deleted"], later["attachments"]) == (
        2,
        1,
        0,
        1,
    )
    # The older bundle cannot bring the deleted entry back.
    (first,) = imported(svtool, "bundle-v1-first.zip")
    assert first["new"] == 0
    listed = json.loads(svtool("list", "--json").stdout)
    assert sorted(e["id"] for e in listed) == sorted([KENT, DEVON])


@pytest.mark.parametrize("name", ["bundle-v1-first.zip", "bundle-v1-later.zip"])
def test_version_1_bundles_are_what_they_say(name: str) -> None:
    """The fixtures themselves: format version 1, and entry_count counting every line."""
    import zipfile

    with zipfile.ZipFile(BUNDLES / name) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = zf.read("entries.jsonl").decode().splitlines()
    assert manifest["format_version"] == 1
    assert manifest["entry_count"] == len(lines)
    assert all("kind" not in json.loads(x) for x in lines if '"kind"' not in x)


def test_version_2_counts_what_the_export_said(svtool: Run, tmp_path: Path) -> None:
    """entry_count is the number the export reported; deletions and attachments have their own."""
    from conftest import VALID_LOG

    ids = []
    for summary in ("First", "Second", "Third"):
        logged = svtool("log", *VALID_LOG, "--summary", summary, "--json")
        ids.append(json.loads(logged.stdout)["id"])
    (tmp_path / "minutes.txt").write_text("Minutes\n")
    assert svtool("attach", ids[0], str(tmp_path / "minutes.txt")).exit_code == 0
    assert svtool("delete", ids[2], "--yes").exit_code == 0
    out = tmp_path / "b.zip"
    result = svtool("export", "--output", str(out))
    assert "Exported 2 entries, 1 deletion, 1 attachment" in result.stderr
    import zipfile

    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        kinds = [json.loads(x)["kind"] for x in zf.read("entries.jsonl").decode().splitlines()]
    assert manifest["format_version"] == 2
    assert (manifest["entry_count"], manifest["deletion_count"], manifest["attachment_count"]) == (
        2,
        1,
        1,
    )
    assert kinds == ["entry", "entry", "deletion", "attachment"]
