"""Encrypted CSV and JSONL exports at head office: `svtool decrypt` opens them with the identity,
and `svtool import` says plainly what such a file is instead of calling it a damaged bundle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from test_exchange_support import db_rows

Run = Callable[..., Any]


def sealed_export(svtool: Run, fmt: str, public: str, out: Path) -> Any:
    """A CSV or JSONL export encrypted to head office's public key, written to `out`."""
    result = svtool("export", "--format", fmt, "--recipient", public, "--output", str(out))
    assert result.exit_code == 0, result.output
    return result


class Sealed(NamedTuple):
    fmt: str
    path: Path  # the encrypted export
    identity: Path  # head office's identity file, which opens it
    told: str  # what export said to the rep (standard error)


@pytest.fixture(params=["csv", "jsonl"])
def sealed(
    request: pytest.FixtureRequest,
    svtool: Run,
    sample_entries: list[dict[str, Any]],
    ho_key: tuple[Path, str],
    tmp_path: Path,
) -> Sealed:
    """The sample entries as a CSV export and, in a second run of the test, a JSONL one, each
    encrypted to head office's key."""
    identity, public = ho_key
    fmt: str = request.param
    out = tmp_path / f"plain2.{fmt}"
    return Sealed(fmt, out, identity, sealed_export(svtool, fmt, public, out).stderr)


def test_decrypt_gives_back_the_plain_export(svtool: Run, sealed: Sealed, tmp_path: Path) -> None:
    fmt = sealed.fmt
    plain = tmp_path / f"plain.{fmt}"
    assert svtool("export", "--format", fmt, "--output", str(plain)).exit_code == 0
    assert sealed.path.read_bytes().startswith(b"age-encryption.org/v1\n")
    # The rep is told how head office opens it, and that .age would say what it is.
    assert f"svtool decrypt {sealed.path.name}" in sealed.told
    assert f"{sealed.path.name}.age" in sealed.told

    opened = tmp_path / f"opened.{fmt}"
    result = svtool(
        "decrypt", str(sealed.path), "--identity", str(sealed.identity), "--output", str(opened)
    )
    assert result.exit_code == 0, result.output
    assert opened.read_bytes() == plain.read_bytes()
    assert opened.stat().st_mode & 0o777 == 0o600
    assert fmt.upper() in result.stderr


def test_decrypt_default_name_drops_age(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    path, public = ho_key
    sealed = tmp_path / "kent.csv.age"
    sealed_export(svtool, "csv", public, sealed)
    result = svtool("decrypt", str(sealed), "--identity", str(path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kent.csv").read_bytes().startswith(b"\xef\xbb\xbfId,")
    # Never overwrites: the same again is refused, naming --output.
    again = svtool("decrypt", str(sealed), "--identity", str(path))
    assert again.exit_code == 2
    assert again.stderr.startswith("Error: --output")


def test_decrypt_refusals(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    path, public = ho_key
    sealed = tmp_path / "plain2.csv"
    sealed_export(svtool, "csv", public, sealed)
    out = tmp_path / "out.csv"
    # No --output and no .age to drop: a new name beside it, never the file itself.
    result = svtool("decrypt", str(sealed), "--identity", str(path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plain2-decrypted.csv").read_bytes().startswith(b"\xef\xbb\xbfId,")
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n")
    # The wrong key.
    other = tmp_path / "other.key"
    svtool("keygen", "--output", str(other))
    result = svtool("decrypt", str(sealed), "--identity", str(other), "--output", str(out))
    assert result.exit_code == 1
    assert "encrypted to a different key" in result.stderr
    assert not out.exists()
    # A file that is not encrypted.
    plain = tmp_path / "plain.csv"
    svtool("export", "--format", "csv", "--output", str(plain))
    result = svtool("decrypt", str(plain), "--identity", str(path), "--output", str(out))
    assert result.exit_code == 2
    assert "is not encrypted" in result.stderr
    assert not out.exists()


def test_import_names_an_encrypted_export(svtool: Run, sealed: Sealed, tmp_path: Path) -> None:
    hq = tmp_path / "hq.db"
    result = svtool("--db", str(hq), "import", "-i", str(sealed.identity), str(sealed.path))
    assert result.exit_code == 1
    assert f"it is an encrypted {sealed.fmt.upper()} export, not a bundle" in result.stderr
    assert f"svtool decrypt {sealed.path}" in result.stderr
    assert "not a zip file" not in result.stderr
    assert db_rows(hq) == []


def test_import_suggests_a_decrypt_that_works(
    svtool: Run, sample_entries: list[dict[str, Any]], ho_key: tuple[Path, str], tmp_path: Path
) -> None:
    """The file decrypt would write by default is there already (the rep's own plain export):
    the suggested command names a free file, and works as typed."""
    identity, public = ho_key
    sealed = tmp_path / "kent.csv.age"
    sealed_export(svtool, "csv", public, sealed)
    (tmp_path / "kent.csv").write_text("my own copy\n")
    result = svtool("--db", str(tmp_path / "hq.db"), "import", "-i", str(identity), str(sealed))
    assert result.exit_code == 1
    told = " ".join(result.stderr.split())
    suggested = tmp_path / "kent-2.csv"
    assert f"--output {suggested}" in told
    opened = svtool("decrypt", str(sealed), "--identity", str(identity), "--output", str(suggested))
    assert opened.exit_code == 0, opened.output
    assert (tmp_path / "kent.csv").read_text() == "my own copy\n"


def test_import_names_a_plain_csv(
    svtool: Run, sample_entries: list[dict[str, Any]], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.csv"
    svtool("export", "--format", "csv", "--output", str(plain))
    result = svtool("--db", str(tmp_path / "hq.db"), "import", str(plain))
    assert result.exit_code == 1
    assert "it is a CSV export, not a bundle" in result.stderr
