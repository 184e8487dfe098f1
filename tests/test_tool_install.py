"""README's install "for good": `pipx install .` (or `uv tool install .`) puts `svtool` on the PATH
in every new terminal, with no venv to activate. Done here for real, into temporary PIPX_HOME /
UV_TOOL_DIR folders, then run the way a new shell would: by name, from PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = "Scripts" if os.name == "nt" else "bin"


def _copy_of_the_source(work: Path) -> Path:
    """What a rep has: the folder, without this checkout's venvs and caches."""
    src = work / "svtool-src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "__pycache__", "dist", "build", "bench", "*.db*", ".hypothesis"
        ),
    )
    return src


def _tool(work: Path) -> tuple[str, Path] | None:
    """pipx or uv: the one on this machine, else pipx installed from the package index."""
    for name in ("pipx", "uv"):
        found = shutil.which(name)
        if found:
            return name, Path(found)
    env_dir = work / "tool-venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / BIN / "python"
    for name in ("pipx", "uv"):
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", name], capture_output=True, text=True
        )
        if done.returncode == 0:
            return name, env_dir / BIN / name
    return None


@pytest.mark.slow
def test_pipx_or_uv_tool_install_puts_svtool_on_the_path(tmp_path: Path) -> None:
    tool = _tool(tmp_path)
    if tool is None:
        pytest.skip("neither pipx nor uv could be installed from the package index")
    name, exe = tool
    src = _copy_of_the_source(tmp_path)
    bin_dir = tmp_path / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {
        "PIPX_HOME": str(tmp_path / "pipx-home"),
        "PIPX_BIN_DIR": str(bin_dir),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "UV_TOOL_DIR": str(tmp_path / "uv-tools"),
        "UV_TOOL_BIN_DIR": str(bin_dir),
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
    }
    command = [str(exe), "install", str(src)]
    if name == "uv":
        command = [str(exe), "tool", "install", str(src)]
    else:
        command += ["--python", sys.executable]
    installed = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # A new shell: only the tool's bin folder and the system's own folders on PATH, no venv.
    system_path = [p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p]
    shell = env | {
        "PATH": os.pathsep.join([str(bin_dir), *system_path]),
        "SVTOOL_DB": str(tmp_path / "data" / "svtool.db"),
        "SVTOOL_CONFIG_DIR": str(tmp_path / "config"),
    }
    found = shutil.which("svtool", path=shell["PATH"])
    assert found is not None and Path(found).parent == bin_dir
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def svtool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["svtool", *args], env=shell, cwd=elsewhere, capture_output=True, text=True,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

    assert svtool("--version").stdout.startswith("svtool ")
    logged = svtool("log", "-a", "Kent", "-q", "2.1", "--strategy", "delays", "--summary",
                    "Assessments delayed [item 4]", "--date", "3 Nov 2025", "--setting",
                    "mainstream-primary", "--source", "first-hand")  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    listed = json.loads(svtool("list", "--json").stdout)
    assert [e["summary"] for e in listed] == ["Assessments delayed [item 4]"]
    assert listed[0]["occurred_on"] == "2025-11-03"


def test_readme_says_how_to_start_svtool_again() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("## Starting svtool again")[2].partition("\n## ")[0]
    for words in (
        ". .venv/bin/activate",
        ".venv\\Scripts\\Activate.ps1",
        ".venv/bin/svtool",
        ".venv\\Scripts\\svtool.exe",
        "pipx install .",
        "uv tool install .",
        "pipx ensurepath",
    ):
        assert words in section, words
