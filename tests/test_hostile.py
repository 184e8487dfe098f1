"""Hostile environments, and no network at all.

Each runs the installed `svtool` in a subprocess with the environment made hostile: a read-only
database folder, a full disk (a file-size limit), an ASCII-only locale, a HOME that does not exist,
a 40-column terminal, NO_COLOR, output piped to a file, and no network namespace. Each must work or
fail with a clear message, and nothing already stored may be lost.

Read-only as root: root ignores file modes, so the folder is made read-only by a read-only bind
mount in a private mount namespace (`unshare -m`), which binds root too; as any other user, a plain
`chmod 555` is used. Without either, the test is skipped.
"""

from __future__ import annotations

import json
import os
import pty
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import VALID_LOG

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX environments")

SVTOOL = Path(sys.executable).parent / "svtool"
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m")


def base_env(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SVTOOL_", "LC_", "PYTHON")) and k not in ("LANG", "COLUMNS")
    }
    env["SVTOOL_CONFIG_DIR"] = str(folder / "config")
    env["SVTOOL_DB"] = str(folder / "data" / "svtool.db")
    return env


def svtool(
    folder: Path,
    *args: str,
    env: dict[str, str] | None = None,
    prefix: list[str] | None = None,
    **kw: object,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*(prefix or []), str(SVTOOL), *args],
        env=env or base_env(folder),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        **kw,
    )


def entries_in(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [
            (r[0], r[1], r[2])
            for r in conn.execute("SELECT id, summary, details FROM entries ORDER BY seq")
        ]
    finally:
        conn.close()


@pytest.fixture
def stocked(tmp_path: Path) -> list[str]:
    """Three entries, one with non-ASCII text, logged through the real command."""
    ids = []
    for summary in ("Outreach capped", "Zoë's school: EHCP refused 🙂", "Two TA posts cut"):
        result = svtool(tmp_path, "log", *VALID_LOG, "--summary", summary, "--yes")
        assert result.returncode == 0, result.stderr
        ids.append(result.stdout.strip())
    return ids


def assert_clear_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected problem" not in result.stderr
    assert "damaged" not in result.stderr, "a healthy database must not be called damaged"
    for word in words:
        assert word in result.stderr, result.stderr


# -- a read-only database folder -------------------------------------------------------------


def read_only_runner(folder: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    data = folder / "data"
    if os.geteuid() != 0:
        data.chmod(0o555)
        return lambda *args: svtool(folder, *args)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: file modes do not bind root")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root and unshare -m is not permitted here")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
        return svtool(folder, *args, prefix=["unshare", "-m", "sh", "-c", script, "sh", str(data)])

    return run


def test_read_only_folder_fails_clearly_and_loses_nothing(
    tmp_path: Path, stocked: list[str]
) -> None:
    db = tmp_path / "data" / "svtool.db"
    before = entries_in(db)
    run = read_only_runner(tmp_path)
    try:
        listed = run("list", "--json")
        if listed.returncode == 0:
            assert [e["id"] for e in json.loads(listed.stdout)] == stocked
        else:
            assert_clear_failure(listed, "read-only", str(db.parent))
        logged = run("log", *VALID_LOG, "--summary", "Cannot be saved", "--yes")
        assert_clear_failure(logged, "read-only")
        assert logged.stdout == ""
    finally:
        (tmp_path / "data").chmod(0o700)
    assert entries_in(db) == before
    after = svtool(tmp_path, "log", *VALID_LOG, "--summary", "Saved once writable", "--yes")
    assert after.returncode == 0, after.stderr


# -- a full disk -----------------------------------------------------------------------------


def test_full_disk_fails_clearly_and_keeps_every_entry(tmp_path: Path, stocked: list[str]) -> None:
    db = tmp_path / "data" / "svtool.db"
    before = entries_in(db)
    limit = 16 * 1024  # no file may grow past 16 KiB: the WAL cannot take a 20,000-character entry

    def at_the_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so writes fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = svtool(
        tmp_path,
        "log",
        *VALID_LOG,
        "--details",
        "The LA refused. " * 1250,
        "--yes",
        preexec_fn=at_the_limit,
    )
    assert_clear_failure(result, "full", "nothing was saved")
    assert result.stdout == ""
    assert entries_in(db) == before
    listed = svtool(tmp_path, "list", "--json")
    assert [e["id"] for e in json.loads(listed.stdout)] == stocked
    doctor = svtool(tmp_path, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


# -- an ASCII-only locale, output piped ------------------------------------------------------


@pytest.mark.parametrize(
    "locale_env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        # Python's own rescue from the C locale turned off: standard output is ASCII.
        {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
    ],
    ids=["C", "C-no-utf8-mode"],
)
def test_ascii_locale_keeps_non_ascii_text(
    tmp_path: Path, stocked: list[str], locale_env: dict[str, str]
) -> None:
    env = base_env(tmp_path) | locale_env
    summary = "Zoë told the SENCO: «no» — 🙂 עברית"
    logged = svtool(tmp_path, "log", *VALID_LOG, "--summary", summary, "--yes", env=env)
    assert logged.returncode == 0, logged.stderr
    new_id = logged.stdout.strip()
    listed = svtool(tmp_path, "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [e["summary"] for e in json.loads(listed.stdout)][-2:] == [
        "Two TA posts cut",
        summary,
    ]
    table = svtool(tmp_path, "list", env=env)
    assert table.returncode == 0, table.stderr
    assert "Zoë's school" in table.stdout and "«no»" in table.stdout
    shown = svtool(tmp_path, "show", new_id, "--json", env=env)
    assert json.loads(shown.stdout)["summary"] == summary
    helped = svtool(tmp_path, "--help", env=env)
    assert helped.returncode == 0 and "Usage" in helped.stdout, helped.stderr


# -- a HOME that does not exist --------------------------------------------------------------


def test_missing_home_fails_clearly_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "no-such-home"
    env = base_env(tmp_path) | {"HOME": str(home)}
    for name in ("SVTOOL_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env.pop(name, None)
    for args in (["list"], ["log", *VALID_LOG, "--yes"]):
        result = svtool(tmp_path, *args, env=env)
        assert_clear_failure(result, "home folder", str(home), "--db")
        assert not home.exists(), "svtool created a home folder"
    # Commands that need no database still work, and --db still works.
    assert svtool(tmp_path, "checklist", env=env).returncode == 0
    db = tmp_path / "elsewhere.db"
    result = svtool(tmp_path, "--db", str(db), "log", *VALID_LOG, "--yes", env=env)
    assert result.returncode == 0, result.stderr
    assert len(entries_in(db)) == 1


# -- a 40-column terminal, NO_COLOR, output to a file ---------------------------------------


def test_forty_columns_loses_no_words(tmp_path: Path, stocked: list[str]) -> None:
    env = base_env(tmp_path) | {"COLUMNS": "40"}
    long = "Outreach support capped at ten hours a term for the whole school"
    assert svtool(tmp_path, "log", *VALID_LOG, "--summary", long, "--yes").returncode == 0
    listed = svtool(tmp_path, "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert all(len(line) <= 40 for line in listed.stdout.splitlines()), listed.stdout
    assert "…" not in listed.stdout
    words = listed.stdout.split()
    for word in [*long.split(), "Zoë's", "🙂", "Kent", *(i[:8] for i in stocked)]:
        assert word in words, (word, listed.stdout)
    shown = svtool(tmp_path, "show", stocked[1], env=env)
    assert shown.returncode == 0, shown.stderr
    assert "Zoë's" in shown.stdout
    helped = svtool(tmp_path, "log", "--help", env=env)
    assert helped.returncode == 0 and "--summary" in helped.stdout


def run_in_terminal(folder: Path, env: dict[str, str], *args: str) -> str:
    """Run svtool with a pseudo-terminal as standard output and error; return what it showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(SVTOOL), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO once the child has gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_color_in_a_terminal(tmp_path: Path, stocked: list[str]) -> None:
    env = base_env(tmp_path) | {"TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    coloured = run_in_terminal(tmp_path, env, "show", "zzzzzzzz")
    assert "No entry" in coloured
    assert ANSI_COLOUR.search(coloured), "expected colour in a terminal (test is not biting)"
    plain = run_in_terminal(tmp_path, env | {"NO_COLOR": "1"}, "show", "zzzzzzzz")
    assert "No entry" in plain
    assert not ANSI_COLOUR.search(plain), repr(plain)
    listed = run_in_terminal(tmp_path, env | {"NO_COLOR": "1"}, "list")
    assert not ANSI_COLOUR.search(listed)
    assert "Zoë's school" in listed


def test_output_piped_to_a_file_is_complete(tmp_path: Path, stocked: list[str]) -> None:
    out = tmp_path / "out.txt"
    for args, expected in (
        (["list"], ["3 entries", "Zoë's school", *(i[:8] for i in stocked)]),
        (["list", "--json"], [*stocked]),
        (["report", "--authority", "Kent"], ["Kent", "Zoë's school", "Two TA posts cut"]),
        (["--help"], ["Usage", "log", "report", "backup", "import"]),
        (["log", "--help"], ["--summary", "--details", "--authority"]),
    ):
        with out.open("w", encoding="utf-8") as f:
            result = subprocess.run(
                [str(SVTOOL), *args],
                env=base_env(tmp_path),
                stdout=f,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                timeout=120,
            )
        assert result.returncode == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "\x1b[" not in text, args
        for word in expected:
            assert word in text, (args, word)


# -- no network namespace --------------------------------------------------------------------


def test_whole_workflow_without_a_network(tmp_path: Path) -> None:
    """log, scan, report, export with encryption and doctor in a namespace with no network."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    if subprocess.run(["unshare", *flags, "true"], capture_output=True).returncode != 0:
        pytest.skip("network namespaces are not permitted here")
    offline = ["unshare", *flags]
    key = tmp_path / "head-office.key"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = svtool(tmp_path, *args, prefix=offline)
        assert result.returncode == 0, (args, result.stderr)
        for word in ("network", "socket", "resolve", "urlopen", "Traceback"):
            assert word not in result.stderr.lower().replace("network share", ""), result.stderr
        return result

    keys = run("keygen", "--output", str(key))
    recipient = re.search(r"age1[0-9a-z]+", keys.stdout + keys.stderr)
    assert recipient, keys.stdout + keys.stderr
    entry_id = run("log", *VALID_LOG, "--summary", "Offline Zoë", "--yes").stdout.strip()
    scan = run("scan", "--json")
    assert scan.stdout.strip()
    report = run("report", "--authority", "Kent", "--output", str(tmp_path / "r.html"))
    assert "Offline Zoë" in (tmp_path / "r.html").read_text(encoding="utf-8"), report.stderr
    bundle = tmp_path / "b.age"
    run("export", "--recipient", recipient.group(), "--output", str(bundle))
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")
    doctor = run("doctor", "--json")
    assert "ok" in doctor.stdout
    head_office = tmp_path / "ho.db"
    imported = run("--db", str(head_office), "import", str(bundle), "--identity", str(key))
    assert "1 new" in imported.stdout
    assert entries_in(head_office)[0][0] == entry_id
