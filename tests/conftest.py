"""Shared fixtures: every test gets its own database and config folder, and no network."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svtool.cli.main import app

VALID_LOG = [
    "--authority", "Kent",
    "--question", "2.1",
    "--strategy", "hours-cap",
    "--summary", "Outreach support capped at 10 hours a term",
    "--date", "2025-10-01",
    "--setting", "mainstream-primary",
    "--source", "first-hand",
]  # fmt: skip


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """svtool must never open a socket: any attempt fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkBlocked(f"svtool tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real database, config or cache."""
    db = tmp_path / "svtool.db"
    monkeypatch.setenv("SVTOOL_DB", str(db))
    monkeypatch.setenv("SVTOOL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SVTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SVTOOL_DEBUG", raising=False)
    from svtool import authorities, publicstats

    authorities.all_authorities.cache_clear()
    authorities._index.cache_clear()
    publicstats.release.cache_clear()
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def svtool(runner: CliRunner) -> Callable[..., Any]:
    """Run the real CLI: svtool("list", "--json")."""

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def log_entry(svtool: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """Log one entry through the CLI (valid defaults, overridable) and return its JSON."""

    def log(*extra: str, **overrides: str) -> dict[str, Any]:
        args = list(VALID_LOG)
        for key, value in overrides.items():
            option = "--" + key.replace("_", "-")
            if option in args:
                args[args.index(option) + 1] = value
            else:
                args += [option, value]
        result = svtool("log", *args, *extra, "--json")
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    return log


@pytest.fixture
def rows(db_path: Path) -> Callable[[], list[dict[str, Any]]]:
    """What is really in the database, read with plain sqlite3."""
    import sqlite3

    def read() -> list[dict[str, Any]]:
        if not db_path.exists():
            return []
        conn = sqlite3.connect(db_path)
        conn.row_factory = sqlite3.Row
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "entries" not in tables:
                return []
            return [dict(r) for r in conn.execute("SELECT * FROM entries ORDER BY seq")]
        finally:
            conn.close()

    return read


@pytest.fixture
def sample_entries(log_entry: Callable[..., dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    yield [
        log_entry(),
        log_entry(
            authority="Devon",
            question="2.1",
            strategy="delays,refusing-assessments",
            date="2025-09-12",
        ),
        log_entry(
            authority="886",
            question="4.1",
            strategy="",
            summary="Two TA posts cut",
            date="2025-07-03",
        ),
    ]


@pytest.fixture
def ho_key(svtool: Callable[..., Any], tmp_path: Path) -> tuple[Path, str]:
    """Head office's key pair from `svtool keygen`: the identity file and the public key."""
    path = tmp_path / "ho.key"
    result = svtool("keygen", "--output", str(path))
    assert result.exit_code == 0, result.output
    public = result.stdout.strip()
    assert public.startswith("age1")
    return path, public


@pytest.fixture(autouse=True)
def no_register_left_active() -> Iterator[None]:
    """A command activates its database's people register for the process: not for the next test."""
    yield
    from svtool import people

    people.deactivate()
