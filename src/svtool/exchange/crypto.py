"""age encryption through pyrage: head office's X25519 recipient (`age1…`) and identity files.

Files are standard age v1 (`age-encryption.org/v1`), so head office can also use `age -d -i KEY`.
Secret keys are never put into an error message.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svtool.errors import BadInput, Problem, SvtoolError

AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
SECRET_PREFIX = "AGE-SECRET-KEY-"
IDENTITY_MAX_BYTES = 64 * 1024


def _pyrage() -> Any:
    import pyrage  # type: ignore[import-untyped]  # pyrage ships no type information

    return pyrage


@dataclass(frozen=True)
class Recipient:
    text: str
    key: Any  # pyrage.x25519.Recipient

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def fingerprint(recipient: str) -> str:
    """A short fingerprint a rep can read to head office to confirm the key: SHA256:xxxx-xxxx-xxxx."""
    digest = hashlib.sha256(recipient.strip().encode("ascii", "replace")).hexdigest()[:12]
    return "SHA256:" + "-".join(digest[i : i + 4] for i in range(0, 12, 4))


def parse_recipient(value: str | None, option: str = "--recipient") -> Recipient:
    """Head office's public key, or BadInput (which never repeats a secret key back)."""
    text = (value or "").strip()
    if not text:
        raise BadInput(
            Problem(option, "is empty; give head office's public key, which starts age1")
        )
    if text.upper().startswith(SECRET_PREFIX):
        raise BadInput(
            Problem(
                option,
                "that is a secret key (AGE-SECRET-KEY-…), which must stay at head office; "
                "give the public key that starts age1 (printed by `svtool keygen`)",
            )
        )
    if not text.startswith("age1"):
        raise BadInput(Problem(option, "is not an age public key; it should start age1"))
    pyrage = _pyrage()
    try:
        key = pyrage.x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        shown = text if len(text) <= 80 else text[:20] + "…"
        raise BadInput(
            Problem(
                option, f"{shown!r} is not a valid age public key; copy it again from head office"
            )
        ) from None
    return Recipient(text, key)


def encrypt(data: bytes, recipient: Recipient) -> bytes:
    pyrage = _pyrage()
    try:
        return bytes(pyrage.encrypt(data, [recipient.key]))
    except pyrage.EncryptError as e:
        raise SvtoolError(f"Encryption failed ({e}); nothing was written") from None


def is_encrypted(head: bytes) -> bool:
    return head.startswith(AGE_MAGIC) or head.lstrip().startswith(AGE_ARMOR)


def load_identities(path: Path) -> list[Any]:
    """The identities (secret keys) in an age identity file: one per line, `#` comments allowed."""
    pyrage = _pyrage()
    try:
        size = path.stat().st_size
        if size > IDENTITY_MAX_BYTES:
            raise BadInput(Problem("--identity", f"{path} is too large to be an age identity file"))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(Problem("--identity", f"{path} does not exist")) from None
    except UnicodeDecodeError:
        raise BadInput(Problem("--identity", f"{path} is not an age identity file")) from None
    except IsADirectoryError:
        raise BadInput(Problem("--identity", f"{path} is a folder, not an identity file")) from None
    identities = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise BadInput(
                Problem(
                    "--identity",
                    f"{path} line {number} is not an age secret key (AGE-SECRET-KEY-1…)",
                )
            ) from None
    if not identities:
        raise BadInput(Problem("--identity", f"{path} holds no age secret key"))
    return identities


class DecryptFailed(SvtoolError):
    pass


def decrypt(data: bytes, identities: list[Any]) -> bytes:
    pyrage = _pyrage()
    try:
        return bytes(pyrage.decrypt(data, identities))
    except pyrage.DecryptError as e:
        text = str(e)
        if "No matching keys" in text:
            raise DecryptFailed(
                "it is encrypted to a different key than the identity given (no matching key)"
            ) from None
        raise DecryptFailed(
            f"it could not be decrypted: the file is damaged or truncated ({text})"
        ) from None


def generate_identity(path: Path) -> tuple[str, str]:
    """Create a new identity file (0600, never overwriting) and return (public recipient, created_at)."""
    from datetime import datetime, timezone

    pyrage = _pyrage()
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    text = f"# created: {created}\n# public key: {public}\n{identity}\n"
    if path.parent and not path.parent.exists():
        raise BadInput(Problem("--output", f"the folder {path.parent} does not exist"))
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise BadInput(
            Problem("--output", f"{path} already exists; svtool never overwrites an identity file")
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    return public, created
