"""Every benchmark figure in one run: `python bench/run.py [--quick]`.

Runs each bench/bench_*.py module's `run(ensure_db)` and prints one table with columns
figure, measured, floor, ratio, goal, ok?. --quick uses 20,000 entries instead of 1,000,000
(the goals are for 1,000,000, so quick figures only show that everything runs).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data import ensure_db  # noqa: E402


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ok(row: dict[str, Any]) -> bool:
    """Check the goal text: '< N s', '<= Nx floor', and ', peak < N MB'."""
    goal = str(row["goal"])
    ok = True
    for limit, unit in re.findall(r"<=?\s*([\d.]+)\s*(s|ms|x floor|MB)\b", goal):
        value = float(limit)
        if unit == "s":
            ok &= row["seconds"] < value
        elif unit == "ms":
            ok &= row["seconds"] * 1000 < value
        elif unit == "x floor":
            ok &= row["seconds"] <= value * row["floor_seconds"]
        elif unit == "MB":
            ok &= row.get("peak_mb") is not None and row["peak_mb"] < value
    return bool(ok)


def _table(rows: list[dict[str, Any]]) -> str:
    header = ["figure", "measured", "floor", "ratio", "goal", "ok?"]
    lines = []
    for r in rows:
        measured = f"{r['seconds']:.3f} s"
        if r.get("peak_mb") is not None:
            measured += f", {r['peak_mb']:.0f} MB"
        floor = f"{r['floor_seconds']:.3f} s ({r['floor_name']})"
        ratio = f"{r['seconds'] / r['floor_seconds']:.1f}x" if r["floor_seconds"] else "-"
        lines.append([r["name"], measured, floor, ratio, r["goal"], "ok" if _ok(r) else "NO"])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 entries instead of 1,000,000")
    args = parser.parse_args()
    if args.quick:
        os.environ["SVTOOL_BENCH_SIZE"] = "20000"
    rows: list[dict[str, Any]] = []
    failed = False
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(_load(path).run(ensure_db))
        except Exception:
            failed = True
            traceback.print_exc()
    print(_table(rows))
    return 1 if failed or not all(_ok(r) for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
