"""The rep's settings: who they are, head office's age recipient, and defaults for `svtool log`.

Stored as TOML in `config.toml` in the user's config folder (`paths.config_dir()`), mode 0600,
written atomically (temporary file in the same folder, fsync, rename). Only the keys in `KEYS` are
accepted; every value is checked before anything is written. A recipient is head office's *public*
age key (`age1…`); a secret key given by mistake is refused and never repeated back.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svtool.errors import BadInput, Problem, SvtoolError
from svtool.paths import config_dir, make_private_dir, replace_private

CONFIG_FILENAME = "config.toml"
NAME_MAX = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Key:
    name: str
    help: str
    example: str


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("name", "your name, as head office should see it", "Sam Rep"),
        Key("local_association", "your NASUWT Local Association", "Kent County"),
        Key("email", "your email address, so head office can reply", "sam.rep@example.org"),
        Key(
            "recipient",
            "head office's age public key (age1…); bundles are encrypted to it",
            "age1…",
        ),
        Key(
            "default_authority", "the local authority `svtool log` uses when none is given", "Kent"
        ),
        Key(
            "default_setting",
            "the setting `svtool log` uses when none is given",
            "mainstream-primary",
        ),
        Key("attachment_max_mb", "the largest attachment accepted, in MB (default 25)", "25"),
        Key(
            "asks_file",
            "a text file of your Local Association's asks, one a line, for `svtool brief`",
            "~/Documents/asks.txt",
        ),
    )
}
REPORTER_KEYS = ("name", "local_association", "email")


def config_path() -> Path:
    return config_dir() / CONFIG_FILENAME


def _unknown_key(key: str) -> BadInput:
    import difflib

    close = difflib.get_close_matches(key.replace("-", "_"), list(KEYS), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}? " if close else ""
    return BadInput(
        Problem("KEY", f"{key!r} is not a setting; {hint}valid keys: {', '.join(KEYS)}")
    )


def check_key(key: str) -> str:
    normal = key.strip().lower().replace("-", "_")
    if normal not in KEYS:
        raise _unknown_key(key)
    return normal


def _looks_secret(value: str) -> bool:
    return value.strip().upper().startswith("AGE-SECRET-KEY-")


def validate(key: str, value: str) -> str:
    """The value to store for KEY, normalised, or BadInput saying what would be right."""
    key = check_key(key)
    value = value.strip()
    if key == "recipient":
        from svtool.exchange.crypto import parse_recipient

        return parse_recipient(value, option="recipient").text
    if _CONTROL.search(value):
        raise BadInput(Problem(key, "contains a control character; give plain text on one line"))
    if not value:
        raise BadInput(Problem(key, f"is empty; to remove it use `svtool config unset {key}`"))
    if len(value) > NAME_MAX:
        raise BadInput(Problem(key, f"is {len(value)} characters; keep it under {NAME_MAX}"))
    if key == "email" and not _EMAIL.match(value):
        raise BadInput(
            Problem(key, f"{value!r} is not an email address (e.g. {KEYS['email'].example})")
        )
    if key == "default_authority":
        from svtool.authorities import resolve

        return resolve(value, option=key).la_code
    if key == "default_setting":
        from svtool import checklist as cl

        allowed = cl.choice_ids(cl.SETTINGS)
        if value not in allowed:
            import difflib

            close = difflib.get_close_matches(value, allowed, n=2, cutoff=0.5)
            hint = (
                f"did you mean {' or '.join(close)}?"
                if close
                else f"use one of: {', '.join(allowed)}"
            )
            raise BadInput(Problem(key, f"{value!r} is not a setting; {hint}"))
    if key == "asks_file":
        from svtool.brief.options import read_asks

        path = Path(value).expanduser().resolve()
        read_asks(path, key)  # refuse a file the brief could not use
        return str(path)
    if key == "attachment_max_mb":
        try:
            size = float(value)
        except ValueError:
            size = -1.0
        if not 0 < size <= 2048:
            raise BadInput(
                Problem(key, f"{value!r} is not a size in MB between 1 and 2048 (e.g. 25)")
            )
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise SvtoolError(f"Cannot read the settings file {path}: {e}") from e
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as e:
        raise SvtoolError(
            f"The settings file {path} is not valid TOML ({e})",
            hint="Fix it by hand, or delete it and set your details again with `svtool config set`.",
        ) from e


def load(path: Path | None = None) -> dict[str, str]:
    """The stored settings (known keys only, as strings). A missing file means no settings."""
    path = path or config_path()
    data = _read_toml(path)
    settings: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise SvtoolError(
                f"The settings file {path} has an unknown setting {key!r}",
                hint=f"Remove it with `svtool config unset {key}`. Valid keys: {', '.join(KEYS)}.",
            )
        if not isinstance(value, str):
            raise SvtoolError(f"The setting {key!r} in {path} must be text")
        settings[key] = value
    return settings


def save(settings: dict[str, str], path: Path | None = None) -> Path:
    """Write all settings atomically, readable only by the user."""
    import tomli_w

    path = path or config_path()
    text = tomli_w.dumps({k: settings[k] for k in KEYS if k in settings})
    write_private_atomic(path, text.encode("utf-8"))
    return path


def set_value(key: str, value: str, path: Path | None = None) -> tuple[str, str]:
    key = check_key(key)
    stored = validate(key, value)
    settings = load(path)
    settings[key] = stored
    save(settings, path)
    return key, stored


def unset_value(key: str, path: Path | None = None) -> bool:
    """Remove a setting; unknown keys in the file may be removed too. Returns whether it was set."""
    normal = key.strip().lower().replace("-", "_")
    path = path or config_path()
    raw = _read_toml(path)
    if normal not in KEYS and normal not in raw:
        raise _unknown_key(key)
    if normal not in raw:
        return False
    del raw[normal]
    import tomli_w

    write_private_atomic(path, tomli_w.dumps(raw).encode("utf-8"))
    return True


def reporter(settings: dict[str, str]) -> dict[str, str] | None:
    """The rep's details for an export's manifest, or None when none are configured."""
    details = {k: settings[k] for k in REPORTER_KEYS if settings.get(k)}
    return details or None


def write_private_atomic(path: Path, data: bytes) -> None:
    """Write a file mode 0600 so that readers see the old or the new content, never a mixture."""
    make_private_dir(path.parent)
    replace_private(path, data)
