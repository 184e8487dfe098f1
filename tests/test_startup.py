"""Start-up stays light: `--help` and `--version` load no heavy library (not a timing test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = {"pydantic", "jinja2", "sqlite_utils", "pyrage"}


def modules_after(*args: str) -> set[str]:
    code = (
        "import sys, json\n"
        f"sys.argv = ['svtool', *{list(args)!r}]\n"
        "from svtool.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    line = out.stderr.rsplit("MODULES ", 1)[1]
    return {m.split(".")[0] for m in json.loads(line)}


def test_help_loads_no_heavy_library_and_not_even_typer():
    loaded = modules_after("--help")
    assert not loaded & HEAVY
    assert "typer" not in loaded and "rich" not in loaded


def test_version_loads_nothing_of_the_cli():
    loaded = modules_after("--version")
    assert not loaded & (HEAVY | {"typer", "rich", "click"})


@pytest.mark.parametrize("command", ["log", "report", "export", "import", "search"])
def test_command_help_loads_no_heavy_library(command):
    assert not modules_after(command, "--help") & HEAVY


def test_stored_help_is_what_typer_renders():
    from svtool._help import HELP
    from svtool.cli.gen_help import render

    assert render() == HELP, "run `python -m svtool.cli.gen_help` to refresh svtool/_help.py"


def test_help_fast_path_prints_the_commands():
    env = {**os.environ}
    out = subprocess.run(
        [sys.executable, "-m", "svtool", "--help"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0
    for command in ("log", "report", "export", "import", "doctor"):
        assert f" {command} " in out.stdout


def modules_loaded(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Every module loaded by `svtool ARGS`, and how the command ended."""
    code = (
        "import sys, json\n"
        f"sys.argv = ['svtool', *{list(args)!r}]\n"
        "from svtool.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    sys.stderr.write(f'\\nEXIT {e.code}')\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return set(json.loads(out.stderr.rsplit("MODULES ", 1)[1])), out


def test_each_lazily_loaded_command_is_the_one_its_module_registers():
    from svtool.cli.lazy import COMMAND_MODULES
    from svtool.cli.main import app

    registered = {
        info.name or getattr(info.callback, "__name__", ""): getattr(
            info.callback, "__module__", ""
        )
        for info in app.registered_commands
    }
    assert {name: f"svtool.cli.{module}" for name, module in COMMAND_MODULES.items()} == registered


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["report", "-a", "Kent"], "report"),
        (["--db", "x.db", "report"], "report"),
        (["--db=x.db", "export"], "exchange"),
        (["log", "--summary", "x"], "entries"),
        (["report", "--help"], None),  # help shows every command's escaping and panels
        (["report", "-h"], None),
        (["config", "show"], None),  # groups load everything
        (["reprot"], None),  # a typo: the full CLI suggests the command meant
        (["--version"], None),
        (["--db"], None),
        ([], None),
    ],
)
def test_which_module_a_command_line_needs(args, module):
    from svtool.cli.lazy import command_module

    assert command_module(args) == module


def test_a_command_runs_with_only_its_own_module_loaded(tmp_path):
    db, out = tmp_path / "svtool.db", tmp_path / "report.md"
    loaded, done = modules_loaded("--db", str(db), "report", "--all", "-o", str(out))
    assert "EXIT" not in done.stderr or "EXIT 0" in done.stderr, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# Evidence across authorities")
    assert "svtool.cli.report" in loaded
    assert not loaded & {"svtool.cli.entries", "svtool.cli.exchange", "svtool.cli.main"}


def test_a_mistyped_command_still_gets_the_full_command_line(tmp_path):
    loaded, done = modules_loaded("--db", str(tmp_path / "svtool.db"), "reprot")
    assert "EXIT 2" in done.stderr and "report" in done.stderr
    assert "svtool.cli.main" in loaded
