"""Start-up figures: --help, --version, shell completion and `log` with every option, on an empty
and a 1M database.

The floor F is `python -c "import sqlite3"`, measured in the same run. Each figure is the median
of several runs, so a busy machine moves floor and figure together.

`log` and completion have quick paths that answer without Typer or pydantic (quicklog.py,
quickcomplete.py). Beside them, for information, the same commands without the quick paths: as
the full CLI does them today (every command module loaded), and as a lazily loaded command group
would at best (Click's LazyGroup pattern: the app and only the invoked command's module), which is
what the quick paths are kept against.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 15
SVTOOL = Path(sys.executable).parent / ("svtool.exe" if os.name == "nt" else "svtool")
LOG = [
    "log", "--authority", "Kent", "--question", "2.1", "--strategy", "hours-cap",
    "--summary", "Outreach support capped at 10 hours a term", "--details",
    "The LA told the SENCO that outreach is now capped at ten hours a term for the whole school.",
    "--date", "2025-10-01", "--setting", "mainstream-primary", "--source", "first-hand",
    "--learners", "4", "--staff", "2", "--impact", "workload", "--tag", "bench", "--yes",
]  # fmt: skip


# What a lazily loaded command group does at best for `log`: the app, and the one module whose
# command is invoked (a lazy group still imports Typer, and that module's own imports).
LAZY = (
    "import sys; from svtool.cli.app import app; import svtool.cli.entries; app(prog_name='svtool')"
)


def _median(cmd: list[str], env: dict[str, str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _remove_bench_entries(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "DELETE FROM entries WHERE seq IN (SELECT entry_seq FROM entry_tags WHERE tag = 'bench')"
        )
    conn.close()


def _compiled() -> None:
    """Bytecode for svtool's modules, as `pip install` writes it: an editable checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run."""
    import compileall

    import svtool

    compileall.compile_dir(Path(svtool.__file__).parent, quiet=1)


def run(ensure_db: Callable[[int], Path], big: int = 0) -> list[dict[str, Any]]:
    big = big or int(os.environ.get("SVTOOL_BENCH_SIZE", "1000000"))
    _compiled()
    work = Path(tempfile.mkdtemp(prefix="svtool-bench-"))
    env = {
        **os.environ,
        "SVTOOL_DB": str(work / "empty.db"),
        "SVTOOL_CONFIG_DIR": str(work / "cfg"),
    }
    floor = _median([sys.executable, "-c", "import sqlite3"], env)
    rows = []

    def row(name: str, seconds: float, goal: str | None) -> None:
        rows.append({"name": name, "seconds": seconds, "floor_name": "F: python -c 'import sqlite3'",
                     "floor_seconds": floor, "goal": goal})  # fmt: skip

    row("svtool --help", _median([str(SVTOOL), "--help"], env), "<= 3.5x floor")
    row("svtool --version", _median([str(SVTOOL), "--version"], env), "<= 1.5x floor")
    completion = {
        **env,
        "_SVTOOL_COMPLETE": "complete_bash",
        "COMP_WORDS": "svtool log --strategy ho",
        "COMP_CWORD": "3",
    }
    row(
        "shell completion (log --strategy ho<Tab>)",
        _median([str(SVTOOL)], completion),
        "<= 3.5x floor",
    )
    full = {**env, "SVTOOL_NO_FASTPATH": "1"}
    row(
        "shell completion without the quick path: the full CLI",
        _median([str(SVTOOL)], {**completion, **full}),
        None,
    )
    row(
        "shell completion without the quick path: lazily loaded command group (best case)",
        _median([sys.executable, "-c", LAZY], {**completion, **full}),
        None,
    )
    subprocess.run(
        [str(SVTOOL), "list"], env=env, capture_output=True, check=False
    )  # create and migrate
    empty = _median([str(SVTOOL), *LOG], env)
    row("svtool log, every option, empty database", empty, "<= 8x floor")
    row("svtool log without the quick path: the full CLI", _median([str(SVTOOL), *LOG], full), None)
    row(
        "svtool log without the quick path: lazily loaded command group (best case)",
        _median([sys.executable, "-c", LAZY, *LOG], full),
        None,
    )
    _remove_bench_entries(work / "empty.db")
    db = ensure_db(big)
    big_env = {**env, "SVTOOL_DB": str(db)}
    subprocess.run(
        [str(SVTOOL), "list", "--limit", "1"], env=big_env, capture_output=True, check=False
    )
    full = _median([str(SVTOOL), *LOG], big_env, runs=9)
    _remove_bench_entries(db)
    rows.append({"name": f"svtool log on {big:,} entries vs empty", "seconds": full, "floor_name": "log, empty database",
                 "floor_seconds": empty, "goal": "<= 1.2x floor"})  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return rows
