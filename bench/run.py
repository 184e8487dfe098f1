"""Every benchmark figure in one run: `python bench/run.py [--quick] [--readme]`.

Runs each bench/bench_*.py module's `run(ensure_db)` and prints one table with columns figure,
measured, floor, ratio, goal, ok?. --quick uses 20,000 entries instead of 1,000,000 (the goals
are for 1,000,000, so quick figures only show that everything runs). --readme also writes the
table, with the date and the machine, into README's Performance section.

A run fails (exit 1) when any figure misses its goal, and also when a goal cannot be read, when a
floor is missing or zero (no ratio can be trusted then), or when a benchmark raises (for example
because a search found nothing to time). A figure may have no goal (goal None): it is shown, for
information, and says so.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
sys.path.insert(0, str(HERE))

from data import ensure_db  # noqa: E402

# One condition: "< 2 s", "<= 8x floor", "< 500 MB"; several are joined with ", ".
_CONDITION = re.compile(r"(?:peak )?(<=?)\s*([\d.]+)\s*(s|ms|x floor|MB)")
NO_GOAL = "none (for information)"
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def verdict(row: dict[str, Any]) -> tuple[bool, str]:
    """Whether the row meets its goal, and why not if it does not (or cannot be judged)."""
    if not row.get("floor_seconds") or row["floor_seconds"] <= 0:
        return False, "no floor"
    if row.get("seconds") is None or row["seconds"] <= 0:
        return False, "no figure"
    goal = row.get("goal")
    if goal is None:
        return True, "-"
    parts = [p.strip() for p in str(goal).split(",")]
    ok = True
    for part in parts:
        found = _CONDITION.fullmatch(part)
        if not found:
            return False, f"goal {part!r} unreadable"
        strict, limit, unit = found.group(1) == "<", float(found.group(2)), found.group(3)
        if unit == "MB":
            if row.get("peak_mb") is None:
                return False, "no memory figure"
            value = row["peak_mb"]
        elif unit == "x floor":
            value, limit = row["seconds"], limit * row["floor_seconds"]
        else:
            value = row["seconds"] * (1000 if unit == "ms" else 1)
        ok &= value < limit if strict else value <= limit
    return ok, "ok" if ok else "NO"


def table(rows: list[dict[str, Any]], *, markdown: bool = False) -> str:
    header = ["figure", "measured", "floor", "ratio", "goal", "ok?"]
    lines = []
    for r in rows:
        measured = f"{r['seconds']:.3f} s"
        if r.get("peak_mb") is not None:
            measured += f", {r['peak_mb']:.0f} MB"
        floor_s = r.get("floor_seconds") or 0.0
        floor = f"{floor_s:.3f} s ({r['floor_name']})"
        ratio = f"{r['seconds'] / floor_s:.1f}x" if floor_s else "-"
        lines.append([r["name"], measured, floor, ratio, r.get("goal") or NO_GOAL, verdict(r)[1]])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        out += [
            "| " + " | ".join(str(x).replace("|", "\\|") for x in line) + " |" for line in lines
        ]
        return "\n".join(out)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        load = f", load average {os.getloadavg()[0]:.1f} at the start"
    except OSError:
        load = ""
    return (
        f"{platform.system()} {platform.release()}, {cpus} cores{load}, "
        f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"
    )


def write_readme(rows: list[dict[str, Any]], about: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"README.md has no {START} ... {END} section to write the table into")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    block = f"{START}\n{about}\n\n{table(rows, markdown=True)}\n{END}"
    README.write_text(before + block + after, encoding="utf-8")


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 entries instead of 1,000,000")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("only", nargs="*", help="run only these bench_*.py modules (e.g. search)")
    args = parser.parse_args()
    if args.quick:
        os.environ["SVTOOL_BENCH_SIZE"] = "20000"
    about = f"`python bench/run.py`, {datetime.date.today():%-d %B %Y}, on {machine()}." + (
        " Quick run (20,000 entries)." if args.quick else ""
    )
    rows: list[dict[str, Any]] = []
    failed = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and path.stem.removeprefix("bench_") not in args.only:
            continue
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(_load(path).run(ensure_db))
        except Exception:
            failed.append(path.name)
            traceback.print_exc()
    print(about)
    print(table(rows))
    bad = [r["name"] for r in rows if not verdict(r)[0]]
    for name in failed:
        print(f"FAILED: {name} raised (see above)", file=sys.stderr)
    for name in bad:
        print(
            f"FAILED: {name}: {verdict(next(r for r in rows if r['name'] == name))[1]}",
            file=sys.stderr,
        )
    (HERE / ".cache").mkdir(exist_ok=True)
    (HERE / ".cache" / "last-run.json").write_text(json.dumps({"about": about, "rows": rows}))
    if args.readme and not args.only:
        write_readme(rows, about)
    return 1 if failed or bad else 0


if __name__ == "__main__":
    sys.exit(main())
