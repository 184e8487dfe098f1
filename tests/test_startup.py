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
