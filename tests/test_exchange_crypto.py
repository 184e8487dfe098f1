"""Encrypted bundles (age via pyrage): round trip, interoperable format, wrong identity, no plaintext on disk."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest

from test_exchange_support import db_rows

Run = Callable[..., Any]


def identity(path: Path) -> Any:
    secret = [line for line in path.read_text().splitlines() if line.startswith("AGE-SECRET-KEY-")]
    return pyrage.x25519.Identity.from_str(secret[0])


def test_keygen(svtool: Run, ho_key: tuple[Path, str]) -> None:
    path, public = ho_key
    assert path.stat().st_mode & 0o777 == 0o600
    assert str(identity(path).to_public()) == public
    before = path.read_bytes()
    again = svtool("keygen", "--output", str(path))
    assert again.exit_code == 2
    assert "already exists; svtool never overwrites an identity file" in again.stderr
    assert path.read_bytes() == before


def test_encrypted_round_trip(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    path, public = ho_key
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "b.zip.age"
    result = svtool("export", "--output", str(out), "--recipient", public)
    assert result.exit_code == 0, result.output
    from svtool.exchange.crypto import fingerprint

    assert f"Encrypted to head office's key {fingerprint(public)}" in result.stderr
    # Only the ciphertext was ever in the folder; it is age v1, mode 0600.
    assert [p.name for p in out_dir.iterdir()] == ["b.zip.age"]
    data = out.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert not zipfile.is_zipfile(out)
    assert out.stat().st_mode & 0o777 == 0o600
    plain = pyrage.decrypt(data, [identity(path)])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        assert sorted(zf.namelist()) == ["entries.csv", "entries.jsonl", "manifest.json"]
        assert json.loads(zf.read("manifest.json"))["entry_count"] == 3
    hq = tmp_path / "hq.db"
    result = svtool("--db", str(hq), "import", "--identity", str(path), str(out))
    assert result.exit_code == 0, result.output
    assert "3 new" in result.stdout
    mine = json.loads(svtool("list", "--json").stdout)
    assert json.loads(svtool("--db", str(hq), "list", "--json").stdout) == mine


def test_without_or_with_wrong_identity(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    _, public = ho_key
    out = tmp_path / "b.zip.age"
    svtool("export", "--output", str(out), "--recipient", public)
    hq = tmp_path / "hq.db"
    result = svtool("--db", str(hq), "import", str(out))
    assert result.exit_code == 1
    assert "it is encrypted; give head office's identity file with --identity FILE" in result.stderr
    other = tmp_path / "other.key"
    svtool("keygen", "--output", str(other))
    result = svtool("--db", str(hq), "import", "--identity", str(other), str(out))
    assert result.exit_code == 1
    assert "encrypted to a different key than the identity given" in result.stderr
    assert db_rows(hq) == []


def test_damaged_ciphertext(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    path, public = ho_key
    out = tmp_path / "b.zip.age"
    svtool("export", "--output", str(out), "--recipient", public)
    data = bytearray(out.read_bytes())
    data[-20] ^= 0xFF
    out.write_bytes(bytes(data))
    hq = tmp_path / "hq.db"
    result = svtool("--db", str(hq), "import", "--identity", str(path), str(out))
    assert result.exit_code == 1
    assert "could not be decrypted: the file is damaged or truncated" in result.stderr
    assert db_rows(hq) == []


def test_bad_identity_file(svtool: Run, tmp_path: Path) -> None:
    bad = tmp_path / "id.txt"
    bad.write_text("not a key\n")
    result = svtool("import", "--identity", str(bad), str(tmp_path / "x.zip"))
    assert result.exit_code == 2
    assert f"--identity: {bad} line 1 is not an age secret key" in result.stderr


def test_configured_recipient(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    _path, public = ho_key
    result = svtool("config", "set", "recipient", public)
    assert result.exit_code == 0
    from svtool.exchange.crypto import fingerprint

    assert fingerprint(public) in result.stderr
    out = tmp_path / "b.zip.age"
    result = svtool("export", "--output", str(out))
    assert result.exit_code == 0
    assert fingerprint(public) in result.stderr
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n")
    # Plain files for analysts are encrypted only when --recipient is given, and the rep is told.
    csv_out = tmp_path / "a.csv"
    result = svtool("export", "--output", str(csv_out), "--format", "csv")
    assert result.exit_code == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    said = " ".join(result.stderr.split())
    assert "The CSV is not encrypted (your saved head-office key is used for bundles only)" in said
    assert "export a bundle or give --recipient" in said


def test_plain_export_without_a_saved_key_says_it_is_not_encrypted(
    svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
) -> None:
    result = svtool("export", "--output", str(tmp_path / "a.jsonl"), "--format", "jsonl")
    assert result.exit_code == 0
    said = " ".join(result.stderr.split())
    assert "The JSONL is not encrypted: keep it on this computer." in said
    assert "saved head-office key" not in said


@pytest.mark.parametrize("bad", ["age1invalid", "", "   ", "ssh-ed25519 AAAA", "SECRET"])
def test_invalid_recipient_writes_nothing(
    svtool: Run,
    sample_entries: list[dict[str, Any]],
    ho_key: tuple[Path, str],
    tmp_path: Path,
    bad: str,
) -> None:
    path, _ = ho_key
    secret = next(x for x in path.read_text().splitlines() if x.startswith("AGE-SECRET-KEY-"))
    value = secret if bad == "SECRET" else bad
    out = tmp_path / "b.zip"
    result = svtool("export", "--output", str(out), "--recipient", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --recipient")
    assert not out.exists()
    assert secret not in result.output
    assert secret[15:] not in result.stderr
    config = svtool("config", "set", "recipient", value)
    assert config.exit_code == 2
    assert secret[15:] not in config.stderr
    assert not (tmp_path / "config" / "config.toml").exists()
    if bad == "SECRET":
        assert "that is a secret key" in result.stderr


def test_standard_age_tool_can_decrypt(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    """Head office can use the reference `age` tool (skipped where it is not installed)."""
    import shutil
    import subprocess

    age = shutil.which("age")
    if age is None:
        pytest.skip("the age command is not installed")
    path, public = ho_key
    out = tmp_path / "b.zip.age"
    svtool("export", "--output", str(out), "--recipient", public)
    plain = subprocess.run(
        [age, "-d", "-i", str(path), str(out)], capture_output=True, check=True
    ).stdout
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        assert json.loads(zf.read("manifest.json"))["format"] == "svtool-bundle"
