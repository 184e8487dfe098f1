"""A bundle someone unzipped and zipped again with ordinary tools is still imported, and every
safety check still holds for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_exchange_support import db_rows, members

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]
needs_zip = pytest.mark.skipif(shutil.which("zip") is None, reason="the zip program is missing")


@pytest.fixture
def unzipped(svtool: Run, log_entry: Log, tmp_path: Path) -> Path:
    """A real bundle with an entry, a deletion and an attachment, unzipped into bundle/."""
    kept = log_entry()
    gone = log_entry(summary="Logged twice")
    (tmp_path / "minutes.txt").write_text("Minutes: outreach hours capped.\n")
    assert svtool("attach", kept["id"], str(tmp_path / "minutes.txt")).exit_code == 0
    assert svtool("delete", gone["id"], "--yes").exit_code == 0
    bundle = tmp_path / "bundle.zip"
    assert svtool("export", "--output", str(bundle)).exit_code == 0
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(folder)
    assert (folder / "attachments").is_dir()
    return folder


def run(*args: str | Path, cwd: Path) -> None:
    subprocess.run([str(a) for a in args], cwd=cwd, check=True, capture_output=True)


def imports(svtool: Run, path: Path) -> dict[str, Any]:
    result = svtool("--db", str(path.parent / "hq.db"), "import", "--json", str(path))
    assert result.exit_code == 0, result.output
    [counts] = json.loads(result.stdout)
    assert (counts["new"], counts["unchanged"], counts["attachments"]) == (1, 1, 1)
    return dict(counts)


def refused(svtool: Run, path: Path, message: str) -> None:
    hq = path.parent / "hq.db"
    result = svtool("--db", str(hq), "import", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.stderr, result.stderr
    assert db_rows(hq) == []


@needs_zip
@pytest.mark.parametrize(
    "options", [[], ["-0"], ["-9"], ["-X"], ["-D"]], ids=["default", "stored", "best", "-X", "-D"]
)
def test_zip_r_inside_the_folder(svtool: Run, unzipped: Path, options: list[str]) -> None:
    """`zip -r` adds a folder entry 'attachments/' (unless -D), extra timestamps (unless -X),
    its own order and compression."""
    out = unzipped.parent / "again.zip"
    run("zip", "-q", "-r", *options, out, ".", cwd=unzipped)
    names = zipfile.ZipFile(out).namelist()
    assert ("attachments/" in names) == ("-D" not in options)
    imports(svtool, out)


@needs_zip
def test_zip_r_of_the_folder(svtool: Run, unzipped: Path) -> None:
    """Zipping the folder itself (as file managers do) puts every member under 'bundle/'."""
    out = unzipped.parent / "again.zip"
    run("zip", "-q", "-r", out, "bundle", cwd=unzipped.parent)
    assert "bundle/manifest.json" in zipfile.ZipFile(out).namelist()
    imports(svtool, out)


@pytest.mark.parametrize("what", ["folder", "files"])
def test_python_zipfile_c(svtool: Run, unzipped: Path, what: str) -> None:
    out = unzipped.parent / "again.zip"
    if what == "folder":
        run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    else:
        files = ["entries.csv", "attachments", "manifest.json", "entries.jsonl"]
        run(sys.executable, "-m", "zipfile", "-c", out, *files, cwd=unzipped)
    imports(svtool, out)


def test_macos_compress_metadata_is_ignored(svtool: Run, unzipped: Path) -> None:
    """Finder's "Compress" adds __MACOSX/ resource forks and .DS_Store files."""
    out = unzipped.parent / "again.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(unzipped.rglob("*"), reverse=True):
            name = "bundle/" + path.relative_to(unzipped).as_posix()
            zf.write(path, name + ("/" if path.is_dir() else ""))
        zf.writestr("bundle/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.writestr("bundle/attachments/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.writestr("__MACOSX/bundle/._manifest.json", b"\x00\x05\x16\x07 resource fork")
    imports(svtool, out)


def test_the_same_bundle_rezipped_changes_nothing_the_second_time(
    svtool: Run, unzipped: Path
) -> None:
    out = unzipped.parent / "again.zip"
    run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    imports(svtool, unzipped.parent / "bundle.zip")
    again = svtool("--db", str(unzipped.parent / "hq.db"), "import", "--json", str(out))
    [counts] = json.loads(again.stdout)
    assert (counts["new"], counts["unchanged"], counts["attachments"]) == (0, 2, 0)


# Every safety check still holds for re-zipped bundles.


@needs_zip
def test_a_symbolic_link_is_still_refused(svtool: Run, unzipped: Path) -> None:
    (unzipped / "entries.csv").unlink()
    (unzipped / "entries.csv").symlink_to("/etc/passwd")
    out = unzipped.parent / "again.zip"
    run("zip", "-q", "-r", "-y", out, ".", cwd=unzipped)
    refused(svtool, out, "'entries.csv' is a symbolic link")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("notes.txt", "unknown members ('notes.txt')"),
        ("other/notes.txt", "it has a folder 'bundle/other/'"),
        ("attachments/notes.txt", "a folder path ('bundle/attachments/notes.txt')"),
    ],
)
def test_anything_added_is_still_refused(
    svtool: Run, unzipped: Path, extra: str, message: str
) -> None:
    (unzipped / extra).parent.mkdir(exist_ok=True)
    (unzipped / extra).write_text("hello\n")
    out = unzipped.parent / "again.zip"
    run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    refused(svtool, out, message)


def test_an_extra_folder_is_refused(svtool: Run, unzipped: Path) -> None:
    (unzipped / "empty").mkdir()
    out = unzipped.parent / "again.zip"
    run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    refused(svtool, out, "it has a folder 'bundle/empty/'")


def test_an_edited_member_is_still_refused(svtool: Run, unzipped: Path) -> None:
    path = unzipped / "entries.jsonl"
    path.write_text(path.read_text().replace("Outreach", "Outreech"))
    out = unzipped.parent / "again.zip"
    run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    refused(svtool, out, "'entries.jsonl' does not match its checksum")


def test_members_in_two_folders_are_not_one_bundle(svtool: Run, unzipped: Path) -> None:
    """Only one folder wrapping every member is taken away; two bundles side by side are not one."""
    out = unzipped.parent / "two.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for name, raw in members(unzipped.parent / "bundle.zip").items():
            zf.writestr("a/" + name, raw)
            zf.writestr("b/" + name, raw)
    refused(svtool, out, "a folder path ('a/")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bundle/../manifest.json", b"{}", "a '..' path"),
        ("/bundle/", b"", "an absolute path"),
        ("bundle/notes/", b"not empty", "folder entry 'bundle/notes/' has content"),
        ("__MACOSX/../../x", b"", "a '..' path"),
    ],
)
def test_unsafe_names_are_refused_even_where_ignored(
    svtool: Run, unzipped: Path, name: str, data: bytes, message: str
) -> None:
    out = unzipped.parent / "again.zip"
    run(sys.executable, "-m", "zipfile", "-c", out, "bundle", cwd=unzipped.parent)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(zipfile.ZipInfo(name), data)
    refused(svtool, out, message)
