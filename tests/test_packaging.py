"""The built wheel works on its own: installed in a fresh venv, run from another folder."""

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


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the source tree and install it into a new venv."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src-copy"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "__pycache__", "dist", "build", "bench", "*.db*"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("svtool-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path, db: Path) -> subprocess.CompletedProcess[str]:
    exe = env_dir / ("Scripts" if os.name == "nt" else "bin") / "svtool"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SVTOOL_DB"] = str(db)
    env["SVTOOL_CONFIG_DIR"] = str(db.parent / "config")
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_wheel_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db = tmp_path / "data" / "svtool.db"
    checklist = run(installed, "checklist", "--json", cwd=elsewhere, db=db)
    assert checklist.returncode == 0, checklist.stderr
    assert [s["id"] for s in json.loads(checklist.stdout)["sections"]] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "other",
    ]
    kent = run(installed, "authorities", "kent", "--json", cwd=elsewhere, db=db)
    assert kent.returncode == 0, kent.stderr
    assert json.loads(kent.stdout)[0]["la_code"] == "886"
    version = run(installed, "--version", cwd=elsewhere, db=db)
    assert version.stdout.startswith("svtool ")


@pytest.mark.slow
def test_wheel_ships_data_and_templates_and_no_checkout_paths(
    installed: Path, tmp_path: Path
) -> None:
    python = installed / ("Scripts" if os.name == "nt" else "bin") / "python"
    code = (
        "from svtool.paths import data_file, templates_dir\n"
        "print(data_file('authorities.csv'))\n"
        "print(templates_dir())\n"
    )
    out = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    data, templates = out.stdout.splitlines()
    assert "site-packages" in data and Path(data).is_file()
    assert "site-packages" in templates and Path(templates).is_dir()


@pytest.mark.slow
def test_python_dash_m_works(installed: Path, tmp_path: Path) -> None:
    python = installed / ("Scripts" if os.name == "nt" else "bin") / "python"
    out = subprocess.run(
        [str(python), "-m", "svtool", "authorities", "886", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "SVTOOL_DB": str(tmp_path / "x.db")},
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["name"] == "Kent"


@pytest.mark.slow
def test_wheel_reports_carry_the_map_and_the_public_figures(
    installed: Path, tmp_path: Path
) -> None:
    """The hex map's paths and DfE's figures are package data: the installed reports find them."""
    db = tmp_path / "data" / "svtool.db"
    kent = run(installed, "report", "-a", "Kent", cwd=tmp_path, db=db)
    assert kent.returncode == 0, kent.stderr
    assert "## Published figures: Kent beside England" in kent.stdout
    assert "| EHC plans in place | January 2025 | **20,635** | 638,745 |" in kent.stdout
    out = tmp_path / "all.html"
    across = run(installed, "report", "--all", "-o", str(out), cwd=tmp_path, db=db)
    assert across.returncode == 0, across.stderr
    html = out.read_text(encoding="utf-8")
    assert html.count("<path class=") == 153 and "Open Parliament Licence" in html
