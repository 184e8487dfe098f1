"""The house rules, read from the source: arrows point down, and only the library speaks SQL.

The import graph is built with ast from every module under src/svtool, counting imports made
inside functions and under TYPE_CHECKING as well as those at the top: a cycle hidden in a
function is still a cycle for whoever has to change either module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "svtool"

# The command-line layer and the quick paths parse, call the library and print; they never open
# a database or run SQL themselves.
NO_SQL = ("svtool.cli", "svtool.quicklog", "svtool.quickcomplete", "svtool.console")
# The store owns storage and knows nothing of how personal data is found.
STORE_MUST_NOT_IMPORT = ("svtool.pii", "svtool.privacy")
# Modules that never touch a database at all: rules, schema, detector, reference data.
PURE = (
    "svtool.pii",
    "svtool.rules",
    "svtool.models",
    "svtool.checklist",
    "svtool.authorities",
    "svtool.dates",
    "svtool.errors",
    "svtool.evidence",
)
# SQL as this code base writes it: upper-case keywords in their usual shapes.
_SQL = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT (OR \w+ )?INTO|UPDATE \w+ SET|DELETE FROM|"
    r"CREATE (TEMP |UNIQUE |VIRTUAL )?(TABLE|INDEX|VIEW|TRIGGER)|PRAGMA \w+|BEGIN( IMMEDIATE)?$|"
    r"COMMIT$|ROLLBACK$|VACUUM$)",
    re.DOTALL,
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(current: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[current].name == "__init__.py"
    base = current.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str) -> set[str]:
    """Every svtool module `name` imports, anywhere in its code."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node)
            # `from svtool.cli import entries` imports the module svtool.cli.entries.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]  # `import svtool.pii.names` → that module
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_graph_is_read_from_real_imports():
    """The scanner sees imports inside functions, relative ones and `from package import module`."""
    assert "svtool.store" in GRAPH["svtool.evidence"] or "svtool.store" in GRAPH["svtool.living"]
    assert "svtool.pii.detector" in GRAPH["svtool.privacy"]  # imported inside functions only
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_the_store_knows_nothing_of_the_detector():
    upward = {m for m in GRAPH["svtool.store"] if _within(m, STORE_MUST_NOT_IMPORT)}
    assert not upward, f"svtool.store imports {sorted(upward)}: callers pass scans in"


def _sql_uses(name: str) -> list[str]:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "sqlite3" for a in node.names):
            uses.append(f"line {node.lineno}: import sqlite3")
        elif isinstance(node, ast.ImportFrom) and node.module in ("sqlite3", "sqlite_utils"):
            uses.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "conn"):
            uses.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _SQL.search(node.value)
        ):
            uses.append(f"line {node.lineno}: SQL text {node.value[:30]!r}")
    return uses


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if _within(n, NO_SQL) or _within(n, PURE))
)
def test_no_sql_outside_the_library(name: str):
    assert _sql_uses(name) == [], f"{name} touches the database directly"


def test_the_sql_check_can_fail():
    assert _sql_uses("svtool.store")


def test_the_garbage_collector_is_paused_only_around_library_work():
    """gc.disable is process-wide: only bulk.gc_paused calls it, and only as a `with` block in
    the library (a paused command would pause everything else the command does)."""
    for name in MODULES:
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("disable", "freeze")
                and isinstance(node.value, ast.Name)
                and node.value.id == "gc"
            ):
                assert name == "svtool.bulk", f"{name} line {node.lineno} switches gc"
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    assert "gc_paused" not in ast.unparse(decorator), f"{name}: {node.name}"
            if isinstance(node, ast.Name) and node.id == "gc_paused":
                assert not _within(name, NO_SQL), f"{name} pauses the collector"
