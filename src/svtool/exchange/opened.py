"""What a file svtool wrote holds, and opening an encrypted one at head office.

`svtool export --recipient` encrypts whatever it writes (a bundle, a CSV or a JSONL file) as
standard age v1. Bundles are imported as they are; an encrypted CSV or JSONL is for reading, so
head office decrypts it to a file of its own (mode 0600, never overwriting one), through the same
age library svtool encrypts with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from svtool.errors import BadInput, Problem, SvtoolError
from svtool.exchange.bundle import BundleError

MAX_FILE_BYTES = 1024 * 1024 * 1024
AGE_SUFFIX = ".age"
BUNDLE, CSV, JSONL = "bundle", "CSV", "JSONL"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class NotABundle(BundleError):
    """A CSV or JSONL export given to `import`: readable, but not something to merge."""

    def __init__(self, kind: str, encrypted: bool) -> None:
        self.kind = kind
        self.encrypted = encrypted
        super().__init__(
            f"it is {'an encrypted' if encrypted else 'a'} {kind} export, not a bundle"
        )


def kind_of(data: bytes) -> str | None:
    """BUNDLE, CSV or JSONL when the (plain) bytes look like that export, else None."""
    from svtool.exchange.csvsafe import header

    if data.startswith(_ZIP_MAGIC):
        return BUNDLE
    if data.startswith(header().encode("utf-8")):
        return CSV
    if data.startswith(b'{"id":'):
        return JSONL
    return None


def default_output(source: Path) -> Path:
    """kent.csv.age -> kent.csv; a name without .age gets -decrypted (plain2.csv -> plain2-decrypted.csv)."""
    name = source.name
    if name.lower().endswith(AGE_SUFFIX) and len(name) > len(AGE_SUFFIX):
        return source.with_name(name[: -len(AGE_SUFFIX)])
    return source.with_name(f"{source.stem}-decrypted{source.suffix}")


def suggested_output(source: Path) -> Path:
    """`default_output`, or the first of name-2, name-3, ... that is free: a name to suggest in a
    hint, which must work when the rep types it (decrypt never overwrites)."""
    from svtool.paths import free_name

    plain = default_output(source)
    return free_name(plain.parent, plain.stem, plain.suffix)


def decrypt_file(
    source: Path, identities: list[Any], output: Path | None
) -> tuple[Path, str | None]:
    """Decrypt `source` to `output` (default: `default_output`) and return the path written and
    what it holds (`kind_of`). Nothing is written unless decryption succeeds."""
    from svtool.exchange import crypto
    from svtool.paths import check_new_file, private_file

    target = output if output is not None else default_output(source)
    try:
        if source.is_dir():
            raise BadInput(Problem("FILE", f"{source} is a folder; give the encrypted file"))
        if source.stat().st_size > MAX_FILE_BYTES:
            raise BadInput(Problem("FILE", f"{source} is over {MAX_FILE_BYTES:,} bytes"))
        data = source.read_bytes()
    except FileNotFoundError:
        raise BadInput(Problem("FILE", f"{source} does not exist")) from None
    except OSError as e:
        raise SvtoolError(f"{source} cannot be read ({e.strerror or e})") from None
    if not crypto.is_encrypted(data[:64]):
        what = kind_of(data)
        raise BadInput(
            Problem(
                "FILE",
                f"{source} is not encrypted"
                + (f" (it is a plain {what} file: open it as it is)" if what else ""),
            )
        )
    check_new_file(target)
    try:
        plain = crypto.decrypt(data, identities)
    except crypto.DecryptFailed as e:
        raise SvtoolError(f"{source}: {e.message}; nothing was written") from None
    with private_file(target) as f:
        f.write(plain)
    return target, kind_of(plain)
