"""`svtool config set|get|list|unset`: a private TOML file holding only valid settings."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Run = Callable[..., Any]
RECIPIENT = "age1rh9e0fyujt9syhz4s58hmpcfzkyn9cv2la0pjux3mrkzq3226q6qau4jtm"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


def test_set_get_list_unset(svtool: Run, config_file: Path) -> None:
    assert svtool("config", "set", "name", "Sam O'Rep").exit_code == 0
    assert svtool("config", "set", "local-association", "Kent County").exit_code == 0
    assert svtool("config", "set", "email", "sam.rep@example.org").exit_code == 0
    assert svtool("config", "set", "recipient", RECIPIENT).exit_code == 0
    assert svtool("config", "set", "default_authority", "kent").exit_code == 0
    assert svtool("config", "set", "default_setting", "special-school").exit_code == 0
    assert tomllib.loads(config_file.read_text()) == {
        "name": "Sam O'Rep",
        "local_association": "Kent County",
        "email": "sam.rep@example.org",
        "recipient": RECIPIENT,
        "default_authority": "886",
        "default_setting": "special-school",
    }
    assert config_file.stat().st_mode & 0o777 == 0o600
    assert config_file.parent.stat().st_mode & 0o777 == 0o700
    assert list(config_file.parent.iterdir()) == [config_file]  # no temporary files left
    got = svtool("config", "get", "name")
    assert (got.exit_code, got.stdout) == (0, "Sam O'Rep\n")
    listing = svtool("config", "list", "--json")
    assert json.loads(listing.stdout)["default_authority"] == "886"
    table = svtool("config", "list")
    assert "SHA256:" in table.stdout and "local_association" in table.stdout
    assert svtool("config", "unset", "email").exit_code == 0
    assert "email" not in tomllib.loads(config_file.read_text())
    missing = svtool("config", "get", "email")
    assert missing.exit_code == 1
    assert "email is not set" in missing.stderr


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "colour",
            "red",
            "KEY: 'colour' is not a setting; valid keys: name, local_association, email",
        ),
        ("emial", "x@example.org", "did you mean email?"),
        ("email", "not-an-email", "email: 'not-an-email' is not an email address"),
        ("default_authority", "Narnia", "default_authority:"),
        ("default_setting", "mainstream", "did you mean"),
        ("name", "", "name is empty"),
        ("name", "two\nlines", "control character"),
        ("recipient", "age1invalid", "recipient: 'age1invalid' is not a valid age public key"),
        ("recipient", "", "recipient is empty"),
    ],
)
def test_bad_values_are_refused(
    svtool: Run, config_file: Path, key: str, value: str, message: str
) -> None:
    result = svtool("config", "set", key, value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not config_file.exists()


def test_secret_key_refused_and_not_echoed(svtool: Run, config_file: Path) -> None:
    secret = "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQ"
    result = svtool("config", "set", "recipient", secret)
    assert result.exit_code == 2
    assert "that is a secret key" in result.stderr
    assert "1QYQSZQGP" not in result.output
    assert not config_file.exists()


def test_unknown_key_in_file(svtool: Run, config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text('name = "Sam"\ncolour = "red"\n')
    result = svtool("config", "list")
    assert result.exit_code == 1
    assert "unknown setting 'colour'" in result.stderr
    assert svtool("config", "unset", "colour").exit_code == 0
    assert tomllib.loads(config_file.read_text()) == {"name": "Sam"}


def test_broken_toml(svtool: Run, config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text("name = \n")
    result = svtool("config", "get", "name")
    assert result.exit_code == 1
    assert "is not valid TOML" in result.stderr
