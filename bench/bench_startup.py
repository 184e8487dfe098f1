"""Start-up figures: --help, --version, shell completion and `log` with every option, on an empty
and a 1M database.

The floor F is `python -c "import sqlite3"`, measured in the same run. Each figure is the median
of several runs, so a busy machine moves floor and figure together. `log` on the 1M database is
compared with `log` on the empty one run in turns with it (nine of each).

`log` and completion have quick paths that answer without Typer or pydantic (quicklog.py,
quickcomplete.py). Beside them, for information, the same commands without the quick paths: with
every command module loaded (the full CLI), and with only the invoked command's module loaded
(Click's LazyGroup pattern), which is what the quick paths are kept against. For `log` that is
svtool's own lazy loading (cli/lazy.py, which every other command goes through); completion has
no command to go by, so its figure is the best such a group could do.
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
BIG_RUNS = 9  # `log` on the big database and on the empty one, in turns
# The tag of the entries the `log` figures store, which are removed afterwards: one the bench
# data never uses (a tenth of its entries carry "bench"), so the removal takes nothing else.
LOG_TAG = "startup-figure"
SVTOOL = Path(sys.executable).parent / ("svtool.exe" if os.name == "nt" else "svtool")
LOG = [
    "log", "--authority", "Kent", "--question", "2.1", "--strategy", "hours-cap",
    "--summary", "Outreach support capped at 10 hours a term", "--details",
    "The LA told the SENCO that outreach is now capped at ten hours a term for the whole school.",
    "--date", "2025-10-01", "--setting", "mainstream-primary", "--source", "first-hand",
    "--learners", "4", "--staff", "2", "--impact", "workload", "--tag", LOG_TAG, "--yes",
]  # fmt: skip


# What a lazily loaded command group does at best for completion: the app, and the one module
# whose command is being completed (a lazy group still imports Typer, and that module's imports).
LAZY = (
    "import sys; from svtool.cli.app import app; import svtool.cli.entries; app(prog_name='svtool')"
)
# Every command module loaded, as svtool did before it loaded only the invoked command's.
FULL = "from svtool.cli.main import run; run()"


def _median(cmd: list[str], env: dict[str, str], runs: int = RUNS) -> float:
    """The median time of `cmd`, which must succeed every time (a failure is no figure)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd[:3])}... exited with {done.returncode}: "
                f"{done.stderr.decode(errors='replace')[-500:]}"
            )
    return statistics.median(times)


def _remove_logged(db: Path) -> int:
    """Remove the entries the `log` figures stored (with their links, history, evidence rows and
    search terms, as a deletion by svtool would); how many there were."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")  # the link rows go with their entry
    with conn:
        chosen = "SELECT entry_seq FROM entry_tags WHERE tag = ?"
        conn.execute(
            f"DELETE FROM entry_revisions WHERE entry_id IN "
            f"(SELECT id FROM entries WHERE seq IN ({chosen}))",
            [LOG_TAG],
        )
        removed = conn.execute(f"DELETE FROM entries WHERE seq IN ({chosen})", [LOG_TAG]).rowcount
    conn.close()
    return int(removed)


def _check_logged(db: Path, expected: int) -> None:
    removed = _remove_logged(db)
    if removed != expected:
        raise RuntimeError(f"`log` stored {removed} entries in {db.name}, expected {expected}")


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
    _check_logged(work / "empty.db", RUNS)
    row("svtool log, every option, empty database", empty, "<= 8x floor")
    row(
        "svtool log without the quick path: the full CLI",
        _median([sys.executable, "-c", FULL, *LOG], full),
        None,
    )
    row(
        "svtool log without the quick path: only its command's module loaded (cli/lazy.py)",
        _median([str(SVTOOL), *LOG], full),
        None,
    )
    _check_logged(work / "empty.db", 2 * RUNS)
    db = ensure_db(big)  # which checks that it holds `big` entries
    big_env = {**env, "SVTOOL_DB": str(db)}
    subprocess.run(
        [str(SVTOOL), "list", "--limit", "1"], env=big_env, capture_output=True, check=False
    )
    # Taken in turns with the same command on the empty database, so that both medians see the
    # same machine: measured a minute apart, a shared machine's load alone can make them differ
    # by half.
    on_empty, on_big = [], []
    try:
        for _ in range(BIG_RUNS):
            on_empty.append(_median([str(SVTOOL), *LOG], env, runs=1))
            on_big.append(_median([str(SVTOOL), *LOG], big_env, runs=1))
    finally:  # the cached database is shared by every run: leave it as it was
        stored = _remove_logged(db)
    if stored != BIG_RUNS:
        raise RuntimeError(f"`log` stored {stored} entries in {db.name}, expected {BIG_RUNS}")
    _check_logged(work / "empty.db", BIG_RUNS)
    rows.append({"name": f"svtool log on {big:,} entries vs empty", "seconds": statistics.median(on_big),
                 "floor_name": "log, empty database, in turns", "floor_seconds": statistics.median(on_empty),
                 "goal": "<= 1.2x floor"})  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return rows
